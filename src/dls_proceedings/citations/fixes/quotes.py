"""Straight quotes and apostrophes in the data become typographic, as citeproc-js makes them.

citeproc-py prints data as it is: ``D'Aubigné``, ``A "quoted" title``. citeproc-js
reads every string it outputs (a variable's text after its text-case, each part
of a name) for quote marks: the straight ``"`` and ``'`` and the locale's own
quote marks. A straight apostrophe followed by a letter (or any character but
a space or ``,.?:;``) is an apostrophe, ``’`` ("D’Aubigné", "’Twas"), as is an
unmatched closing ``'`` ("students’ work") and an unmatched opening one after a
space (" ’"). A typographic apostrophe between two letters counts as a straight
one. An opening mark (after a space, a ``(`` or at the start) and the matching
closing mark are a quotation: it is printed with the locale's quote marks, the
outer ones (“…”) where the element itself is not quoted, the inner ones (‘…’)
inside an element with ``quotes="true"`` and in a quotation within a quotation,
alternating; where the element is not quoted, the first straight form used in
the string (double or single) gets the outer marks and the other form the inner
ones; the outermost ``quotes`` attribute around the text decides (a macro
call's or a group's: ``quotes="false"`` around a quoted title leaves its
quotations in outer marks, ``quotes="true"`` on a macro call makes them inner).
An opening mark that is never closed, or a closing mark that closes
nothing, is printed as it is. Such quotations take part in
punctuation-in-quote like the style's own quotes ("in Proc “X,” 2020").

Markup in the data (``<i>``, ``<span class="nocase">``) is not taken into
account here: citeproc-py prints it as text anyway.

Extends: ``TextCased.case`` (of ``cs:text``), ``Text.render`` and ``Group.render`` (the
quotes around).
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

from citeproc import model
from citeproc.string import MixedString as _MixedString
from citeproc.string import NoCase

from dls_proceedings.citations.fixes._context import CONTEXT, kept
from dls_proceedings.citations.fixes._strings import MixedString, String
from dls_proceedings.citations.fixes.name_scripts import ROMANESQUE
from dls_proceedings.citations.fixes.punctuation_in_quote import MARK

__all__ = ["ELEMENTS", "Quoting", "TextCased", "quoting"]

_APOSTROPHE = "\u2019"
_STRAIGHT_OPENERS = (' "', " '", '("', "('")
_STRAIGHT = (' "', " '", '"', "'")
_FLIP = {"true": "inner", "inner": "true", "false": "true"}
_SPACED_APOSTROPHE = re.compile(r"\s+'")
# A typographic apostrophe between two letters reads as a straight one.
_LETTER_APOSTROPHE = re.compile(f"({ROMANESQUE})\u2019({ROMANESQUE})")
_LEADING_QUOTE = re.compile(r"\s+['\"]")


class Quoting:
    """citeproc-js's reading of quotes for one locale's quote marks.

    >>> q = Quoting("“", "”", "‘", "’", "")
    >>> q.process("D'Aubigné's \\"quoted\\" title", None)
    'D’Aubigné’s “quoted” title'
    >>> q.process('A "quoted" title', "true")
    'A ‘quoted’ title'
    """

    def __init__(self, open_: str, close: str, open_inner: str, close_inner: str, mark: str):
        self.marks = {"true": (open_, close), "inner": (open_inner, close_inner)}
        self.mark = mark
        # opener -> (its closer, its form when nothing encloses it)
        openers: dict[str, tuple[str, str]] = {
            ' "': ('"', "double"), " '": ("'", "single"), '("': ('"', "double"),
            "('": ("'", "single"),
        }  # fmt: skip
        if open_ and close and open_ not in _STRAIGHT:
            openers[open_] = (close, "true")
        if open_inner and close_inner and open_inner not in _STRAIGHT:
            openers[open_inner] = (close_inner, "inner")
        self.openers = openers
        closers = list(dict.fromkeys(closer for closer, _ in openers.values()))
        tags = [*openers, *closers]
        self.split = re.compile("(" + "|".join(map(re.escape, tags)) + ")").split
        self.trigger = re.compile("|".join(map(re.escape, {t.strip() for t in tags}))).search

    def process(self, text: str, enclosing: str | None) -> str:
        """*text* with its quotes read; *enclosing* is the element's ``quotes`` (or None)."""
        if not self.trigger(text):
            return text
        text = _SPACED_APOSTROPHE.sub(" '", text)
        leading_space = text[:1] == " " and not _LEADING_QUOTE.match(text)
        parts = self.split(" " + _LETTER_APOSTROPHE.sub(r"\1'\2", text))
        strings, tags = parts[0::2], parts[1::2]
        if not tags:
            return text
        openers = self.openers
        # An opener directly followed by a straight mark: that mark opens too.
        forced: list[bool] = []
        for i in range(len(tags) - 1):
            if tags[i] in openers:
                force = strings[i + 1] == "" and tags[i + 1] in ('"', "'")
                if force:
                    tags[i + 1] = " " + tags[i + 1]
                forced.append(force)

        def forced_at(index: int) -> bool:
            # citeproc-js indexes this list (one entry per opener) by tag position.
            return 0 <= index < len(forced) and forced[index]

        stack: list[tuple[str, int]] = []  # (closer, position of the opener)
        for i in range(len(tags)):
            tag, following = tags[i], strings[i + 1]
            if tag == "'" and following and following[0] not in ",.?:; ":
                strings[i + 1], tags[i] = _APOSTROPHE + following, ""
                continue
            if tag == " '" and following[:1] == " ":
                strings[i + 1], tags[i] = " " + _APOSTROPHE + following, ""
                continue
            if tag in openers:
                stack.append((openers[tag][0], i))
                continue
            while True:
                if stack and tag == stack[-1][0]:
                    stack.pop()
                    break
                # A closer that closes nothing: the unmatched opener (or the closer
                # itself) is text; a straight "'" is an apostrophe instead.
                unmatched = stack[-1][1] if stack else i
                if tag == "'":
                    strings[i + 1], tags[i] = _APOSTROPHE + strings[i + 1], ""
                else:
                    failed = tags[unmatched][1:] if forced_at(unmatched - 1) else tags[unmatched]
                    strings[unmatched + 1] = failed + strings[unmatched + 1]
                    tags[unmatched] = ""
                if not stack or tag == "'":
                    strings[i + 1], tags[i] = tags[i] + strings[i + 1], ""
                    break
                stack.pop()
        for _, position in reversed(stack):  # openers never closed
            tag = tags[position]
            opened = " " + _APOSTROPHE if tag in (" '", "'") else tag
            strings[position + 1], tags[position] = opened + strings[position + 1], ""
        kept_strings, kept_tags = [strings[0]], []
        for tag, string in zip(tags, strings[1:], strict=True):
            if tag:
                kept_tags.append(tag)
                kept_strings.append(string)
            else:
                kept_strings[-1] += string
        outer = {"double": "true", "single": "inner"}
        seen = False
        for i, tag in enumerate(kept_tags):
            if tag in _STRAIGHT_OPENERS:
                if not seen:
                    double = tag in (' "', '("')
                    outer = {"double": "true" if double else "inner",
                             "single": "inner" if double else "true"}  # fmt: skip
                    seen = True
                if not forced_at(i - 1):
                    kept_strings[i] += tag[0]
        first = (" " if leading_space else "") + kept_strings[0]
        for _ in range(2):
            if first[:1] == " ":
                first = first[1:]
        out = [first]
        levels: list[str] = []
        # Punctuation that follows the string moves into the quotes that end it
        # (punctuation-in-quote), not into those followed by more of the string.
        ending = len(kept_tags)
        while ending and kept_strings[ending] == "" and kept_tags[ending - 1] not in openers:
            ending -= 1
        for position, (tag, string) in enumerate(zip(kept_tags, kept_strings[1:], strict=True)):
            if tag in openers:
                form = openers[tag][1]
                if levels:
                    level = _FLIP[levels[-1]]
                elif enclosing is not None:
                    level = _FLIP.get(enclosing, "true")
                else:
                    level = outer.get(form, form)
                levels.append(level)
                out.append(self.marks[level][0])
            elif levels:
                out.append(self.marks[levels.pop()][1] + (self.mark if position >= ending else ""))
            else:  # (never: every closer left has its opener)
                out.append(tag)
            out.append(string)
        return "".join(out)


@lru_cache(maxsize=64)
def _quoting(open_: str, close: str, open_inner: str, close_inner: str, mark: str) -> Quoting:
    return Quoting(open_, close, open_inner, close_inner, mark)


def quoting(element: Any) -> Quoting:
    """The ``Quoting`` of *element*'s locale (its quote terms, punctuation-in-quote)."""
    terms = [
        str(element.get_single_term(name=name) or "")
        for name in ("open-quote", "close-quote", "open-inner-quote", "close-inner-quote")
    ]
    piq = str(element.get_locale_option("punctuation-in-quote")).lower() == "true"
    return _quoting(*terms, MARK if piq else "")


# Characters that may start a quote or an apostrophe in any locale: a cheap first test.
_MAYBE = re.compile("['\"\u2018-\u201f\u00ab\u00bb\u2039\u203a\u300c-\u300f]")


class TextCased:
    def case(self: Any, text: Any, language: Any = None) -> Any:
        text = super().case(text, language)  # type: ignore[misc]
        if not isinstance(self, model.Text):
            return text
        # Nearly every text has no quote mark: tested piece by piece, without a copy.
        if isinstance(text, _MixedString):
            for piece in text:
                if _MAYBE.search(piece):
                    break
            else:
                return text
            plain = str(text)
        elif isinstance(text, str):
            if not _MAYBE.search(text):
                return text
            plain = text
        else:
            return text
        # A variable's or a value's text (a macro's output was read piece by piece).
        if self.get("macro") is not None or self.get("term") is not None:
            return text
        reader = quoting(self)
        # The outermost quotes attribute decides, a macro call's or a group's around
        # this text too (citeproc-js: quotes="false" around a quoted title leaves its
        # quotations in outer marks; quotes="true" on a macro call makes them inner).
        state = CONTEXT.get()
        around = state.quotes_around if state is not None else None
        enclosing = around[0] if around else self.get("quotes")
        if isinstance(text, _MixedString) and any(isinstance(p, NoCase) for p in text):
            return MixedString(
                [type(p)(reader.process(str(p), enclosing)) for p in text]  # nocase kept
            )
        return String(reader.process(str(plain), enclosing))


_UNREAD = object()


class Around:
    def render(self: Any, *args: Any, **kwargs: Any) -> Any:
        state = CONTEXT.get()
        if state is None:
            return super().render(*args, **kwargs)  # type: ignore[misc]
        table = kept("quotes:around")
        value = table.get(self, _UNREAD)
        if value is _UNREAD:
            # (Read once per style: a macro call's or a group's quotes attribute.)
            value = self.get("quotes")
            if isinstance(self, model.Text) and "macro" not in self.attrib:
                value = None
            value = table[self] = None if value is None else value.lower()
        if value is None:
            return super().render(*args, **kwargs)  # type: ignore[misc]
        state.quotes_around.append(value)
        try:
            return super().render(*args, **kwargs)  # type: ignore[misc]
        finally:
            state.quotes_around.pop()


ELEMENTS = ((model.TextCased, TextCased), (model.Text, Around), (model.Group, Around))
