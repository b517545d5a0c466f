"""Locales with ``punctuation-in-quote`` put following punctuation inside the quotes.

citeproc-py reads the option but never applies it, so en-US styles print
"“Title”, in" where citeproc-js prints "“Title,” in". The quoting step marks
each closing quote; ``finish`` moves the commas, periods, exclamation and
question marks that end up right after a marked quote (past any closing tags)
inside it, one by one, each merging with the mark before it as citeproc-js
merges them: a duplicate, or a "." after a "?" or "!", is dropped ("“What?”."
is "“What?”"); the others stay side by side ("“Comma,.”", "“Why?!”"). A colon
or semicolon stays outside, and so does what follows it. So does the prefix of
an element with formatting of its own (``font-style`` and the like, "normal"
too): citeproc-js keeps it beside its formatted text ("“Title”, <i>Journal</i>").

Extends: ``Quoted.quote``, ``Affixed.wrap`` (a formatted element's prefix stays out).
"""

from __future__ import annotations

import re
from typing import Any

from citeproc import model

from dls_proceedings.citations.fixes._strings import String

__all__ = ["ELEMENTS", "MARK", "Quoted", "finish"]

MARK = "\ue000"  # private-use: never in data, removed by finish()
STOP = "\ue006"  # before a prefix that stays where it is; removed by finish()
_DECORATIONS = ("font-style", "font-variant", "font-weight", "text-decoration", "vertical-align")
_MOVE = re.compile(MARK + r"((?:</[a-z]+>)*)([.,!?])")
_MOVE_INTO = re.compile(r"(.?)(.)" + _MOVE.pattern)
# (inside, moved in): the moved mark is dropped (citeproc-js's table).
_MERGED = frozenset({("!", "."), ("!", ":"), ("?", "."), ("?", ":"), (":", "."), (";", ".")})


def _move_into(match: re.Match[str]) -> str:
    before, quote, tags, punctuation = match.groups()
    # The quote keeps its mark: what follows the moved one moves in next.
    if punctuation == before or (before, punctuation) in _MERGED:
        return before + quote + MARK + tags
    return before + punctuation + quote + MARK + tags


def finish(text: str) -> str:
    """Move punctuation into marked quotes and drop the marks.

    >>> finish("“Title”" + MARK + ", in")
    '“Title,” in'
    >>> finish("“What?”" + MARK + ". In"), finish("“Why”" + MARK + "?! Not")
    ('“What?” In', '“Why?!” Not')
    """
    # MARK sits right after the closing quote: "…”\\ue000," -> "…,”\\ue000". Quotes
    # in quotes ("…’\\ue000”\\ue000,") take the mark in, one quote at a time.
    first = text.find(MARK)
    if first < 0:
        return text.replace(STOP, "") if STOP in text else text
    if _MOVE.search(text, first) is not None:
        # A move begins at most two characters before a mark: the text before the first
        # mark's is left as it is (not scanned); a pass after which no mark is followed by
        # punctuation is the last.
        start = max(0, first - 2)
        before, text = text[:start], text[start:]
        moved = _MOVE_INTO.sub(_move_into, text)
        while moved != text and _MOVE.search(moved) is not None:
            text, moved = moved, _MOVE_INTO.sub(_move_into, moved)
        text = before + moved
    return text.replace(MARK, "").replace(STOP, "")


class Quoted:
    def quote(self: Any, string: Any) -> Any:
        if self.get("quotes", "false").lower() != "true":
            return string
        open_quote = self.get_single_term(name="open-quote")
        close_quote = self.get_single_term(name="close-quote")
        piq = str(self.get_locale_option("punctuation-in-quote")).lower() == "true"
        return open_quote + string + close_quote + (MARK if piq else "")


class Affixed:
    def wrap(self: Any, string: Any) -> Any:
        text = super().wrap(string)  # type: ignore[misc]
        get = self.get
        prefix = get("prefix")
        # Only a prefix that starts with what could move needs holding back.
        if text is None or not prefix or prefix[0] not in ".,!?":
            return text
        if all(get(a) is None for a in _DECORATIONS):
            return text
        return String(STOP) + text


ELEMENTS = ((model.Quoted, Quoted), (model.Affixed, Affixed))
