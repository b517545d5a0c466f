"""Locales with ``punctuation-in-quote`` put a following comma or period inside the quotes.

citeproc-py reads the option but never applies it, so en-US styles print
"“Title”, in" where citeproc-js prints "“Title,” in". The quoting step marks
each closing quote; ``finish`` moves a comma or period that ends up right
after a marked quote (past any closing tags) inside it.

Extends: ``Quoted.quote``.
"""

from __future__ import annotations

import re
from typing import Any

from citeproc import model

__all__ = ["ELEMENTS", "MARK", "Quoted", "finish"]

MARK = "\ue000"  # private-use: never in data, removed by finish()
_MOVE = re.compile(MARK + r"((?:</[a-z]+>)*)([.,])")
_MOVE_INTO = re.compile(r"(.?)(.)" + _MOVE.pattern)


def _move_into(match: re.Match[str]) -> str:
    before, quote, tags, punctuation = match.groups()
    # A period after a quotation that already ends in . ? or ! is dropped.
    if punctuation == "." and before in (".", "?", "!"):
        return before + quote + tags
    return before + punctuation + quote + tags


def finish(text: str) -> str:
    """Move punctuation into marked quotes and drop the marks.

    >>> finish("“Title”" + MARK + ", in")
    '“Title,” in'
    >>> finish("“What?”" + MARK + ". In")
    '“What?” In'
    """
    # MARK sits right after the closing quote: "…”\\ue000," -> "…,”". Quotes in
    # quotes ("…’\\ue000”\\ue000,") take the mark in, one quote at a time.
    if MARK not in text:
        return text
    moved = _MOVE_INTO.sub(_move_into, text)
    while moved != text:
        text, moved = moved, _MOVE_INTO.sub(_move_into, moved)
    return text.replace(MARK, "")


class Quoted:
    def quote(self: Any, string: Any) -> Any:
        if self.get("quotes", "false").lower() != "true":
            return string
        open_quote = self.get_single_term(name="open-quote")
        close_quote = self.get_single_term(name="close-quote")
        piq = str(self.get_locale_option("punctuation-in-quote")).lower() == "true"
        return open_quote + string + close_quote + (MARK if piq else "")


ELEMENTS = ((model.Quoted, Quoted),)
