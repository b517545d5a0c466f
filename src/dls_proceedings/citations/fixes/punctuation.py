"""Punctuation that meets punctuation collapses as citeproc-js collapses it.

citeproc-py only drops a duplicated mark where two pieces meet ("." + "." is
"."), so AMA prints "What?. Why Not?." where citeproc-js prints "What? Why
Not?". citeproc-js merges the two marks by a table: a "." or ":" after a "!"
or "?", and a "." after a ":" or ";", or a ":" after a ";", is dropped ("?"
and "." make "?"); the other pairs ("?,", ".:", "!?") stay as they are.

It does not merge everywhere: punctuation that a delimiter or the element's
own suffix puts right after a *formatted leaf* — a ``cs:text`` (not calling a
macro), ``cs:number``, ``cs:label`` or ``cs:date-part`` with a font or
decoration attribute or quotes — stays ("<i>Why Not?</i>." in AMA), while an
enclosing group's or macro's suffix still merges into it. Here a formatted
leaf whose text ends in ``!?:;`` is followed by an invisible guard that makes
the next seam merge duplicates only; any other element with affixes (a group,
a macro call, names, a date) lifts the guard from the end of its content
first, since its own suffix and the delimiters after it merge. The guards are
dropped when the entry is finished (``finish``).

The seam test (``seam``) replaces citeproc-py's for our renders (it includes it:
a double space or a duplicated mark is dropped, also looking through closing
tags), so each seam is one step, reading each side's text once; ``render`` makes
it the render context's seam, which our string classes and joins call
(``_strings``).

Where citeproc-js keeps the right mark instead (a "!" or "?" after a ":" or
";": "Colon:" + "! Exclamation" is "Colon! Exclamation"), the seam puts a
backspace mark before the right piece, and ``finish`` drops it with the mark
before it (past closing tags): the left piece is already joined when the
seam is asked.

Extends: the seam (``citeproc.string.normalize_seam``, through ``_strings``), ``Affixed.wrap``.
"""

from __future__ import annotations

import re
from typing import Any

from citeproc import model
from citeproc.string import SEAM_PUNCTUATION

from dls_proceedings.citations.fixes._context import CONTEXT, kept
from dls_proceedings.citations.fixes._strings import String, head, strip_first, tail
from dls_proceedings.citations.fixes.rich_text import MARKS, last_visible

__all__ = ["BACKSPACE", "ELEMENTS", "GUARD", "Affixed", "finish", "seam"]

GUARD = "\ue001"  # private-use: never in data, removed by finish()
BACKSPACE = "\ue005"  # private-use: finish() drops it and the mark before it
# (left, right): the right mark is dropped.
_MERGES = frozenset(
    {("!", "."), ("!", ":"), ("?", "."), ("?", ":"), (":", "."), (";", "."), (";", ":")}
)
# (left, right): the left mark is dropped.
_LEFT_DROPS = frozenset({(":", "!"), (":", "?"), (";", "!"), (";", "?")})
_BACKSPACED = re.compile("[:;]((?:</[a-z]+>|[" + MARKS + "])*)" + BACKSPACE)
_RIGHT = frozenset(right for _, right in _MERGES)
_LEFT = frozenset(left for left, _ in _MERGES)
_RICH_MARKS = frozenset(MARKS)
_TRAILING_TAGS = re.compile(r"(?:</[a-z]+>)+$")
_ENTITY = re.compile(r"&#?[0-9A-Za-z]+;$")
_DECORATIONS = ("font-style", "font-variant", "font-weight", "text-decoration", "vertical-align")


def finish(text: str) -> str:
    """The entry without its guards, the marks before a backspace dropped.

    >>> finish("Why Not?" + GUARD + ". J"), finish("Colon:" + BACKSPACE + "! Exclamation")
    ('Why Not?. J', 'Colon! Exclamation')
    """
    if GUARD in text:
        text = text.replace(GUARD, "")
    if BACKSPACE in text:
        text = _BACKSPACED.sub(r"\1", text).replace(BACKSPACE, "")
    return text


def _last_visible(text: str) -> str:
    """The last character *text* shows (HTML: past closing tags; an entity is none of ours;
    past the marks of ``rich_text``)."""
    if text[-1:] in _RICH_MARKS:
        text = last_visible(text)
    if text.endswith(">"):
        text = _TRAILING_TAGS.sub("", text)
    if text.endswith(";") and _ENTITY.search(text):
        return "&"
    return text[-1:]


def seam(left: Any, other: Any) -> Any:
    """What *other* becomes where it follows *left* (see the module's docstring)."""
    if other == "" or left == "" or left == []:
        return other
    first = head(other)
    text = tail(left)
    if not first or not text:
        return other
    last = text[-1]
    guarded = last == GUARD
    if guarded or last == ">" or last == ";" or last in _RICH_MARKS:
        # What shows last may lie before this piece: read the whole text.
        text = str(left)
        if guarded:
            text = text[:-1]
            last = text[-1:]
    if last == ">" or last == ";" or last in _RICH_MARKS:
        last = _last_visible(text)
    if first == last:
        if first == " " or first in SEAM_PUNCTUATION:
            return strip_first(other)
    elif not guarded and (last, first) in _MERGES:
        # (After a formatted leaf: duplicates only.)
        return strip_first(other)
    elif not guarded and (last, first) in _LEFT_DROPS:
        return String(BACKSPACE) + other
    return other


_LEAF_CLASSES = (model.Text, model.Number, model.Label, model.Date_Part)


def _formatted_leaf(element: Any) -> bool:
    attrib = element.attrib
    return (
        isinstance(element, _LEAF_CLASSES)
        and "macro" not in attrib
        and (
            any(name in attrib for name in _DECORATIONS)
            or attrib.get("quotes", "false").lower() == "true"
        )
    )


class Affixed:
    def wrap(self: Any, text: Any) -> Any:
        if text is not None:
            leaves = kept("formatted_leaf")
            leaf = leaves.get(self)
            if leaf is None:
                leaf = leaves[self] = _formatted_leaf(self)
            if leaf:
                if _last_visible(str(text)) in _LEFT:
                    state = CONTEXT.get()
                    if state is not None:
                        state.guards = True
                    text = text + String(GUARD)
            else:
                state = CONTEXT.get()
                if state is not None and state.guards:
                    content = str(text)
                    if content.endswith(GUARD):
                        text = text.rstrip(GUARD) if content != GUARD else ""
        return super().wrap(text)  # type: ignore[misc]


ELEMENTS = ((model.Affixed, Affixed),)
