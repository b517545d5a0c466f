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

The seam test replaces citeproc-py's and the ``seams`` fix's (which it includes:
a double space or a duplicated mark is dropped, looking through closing tags),
so each seam is one step, reading each side's text once.

(Pairs where citeproc-js keeps the right mark instead, ":" + "?" giving "?",
are left as they are.)
"""

from __future__ import annotations

import re
from typing import Any

from dls_proceedings.citations.fixes._state import GUARDS

__all__ = ["GUARD", "apply", "finish"]

GUARD = "\ue001"  # private-use: never in data, removed by finish()
# (left, right): the right mark is dropped.
_MERGES = frozenset(
    {("!", "."), ("!", ":"), ("?", "."), ("?", ":"), (":", "."), (";", "."), (";", ":")}
)
_RIGHT = frozenset(right for _, right in _MERGES)
_LEFT = frozenset(left for left, _ in _MERGES)
_TRAILING_TAGS = re.compile(r"(?:</[a-z]+>)+$")
_ENTITY = re.compile(r"&#?[0-9A-Za-z]+;$")
_DECORATIONS = ("font-style", "font-variant", "font-weight", "text-decoration", "vertical-align")


def finish(text: str) -> str:
    """The entry without its guards.

    >>> finish("Why Not?" + GUARD + ". J")
    'Why Not?. J'
    """
    return text.replace(GUARD, "") if GUARD in text else text


def _last_visible(text: str) -> str:
    """The last character *text* shows (HTML: past closing tags; an entity is none of ours)."""
    if text.endswith(">"):
        text = _TRAILING_TAGS.sub("", text)
    if text.endswith(";") and _ENTITY.search(text):
        return "&"
    return text[-1:]


def apply() -> None:
    from citeproc import model, string

    duplicates = string.SEAM_PUNCTUATION
    strip_first = string._strip_first_char

    def seam(left: Any, other: Any) -> Any:
        if other == "" or left == "" or left == []:
            return other
        first = str(other)[:1]
        text = str(left)
        if not first or not text:
            return other
        last = text[-1]
        guarded = last == GUARD
        if guarded:
            text = text[:-1]
            last = text[-1:]
        if last == ">" or last == ";":
            last = _last_visible(text)
        if first == last:
            if first == " " or first in duplicates:
                return strip_first(other)
        elif not guarded and (last, first) in _MERGES:
            # (After a formatted leaf: duplicates only.)
            return strip_first(other)
        return other

    string.normalize_seam = seam
    model.normalize_seam = seam

    leaf_classes = (model.Text, model.Number, model.Label, model.Date_Part)

    def formatted_leaf(element: Any) -> bool:
        own = element.__dict__
        leaf: bool | None = own.get("_formatted_leaf")
        if leaf is None:
            attrib = element.attrib
            leaf = own["_formatted_leaf"] = (
                isinstance(element, leaf_classes)
                and "macro" not in attrib
                and (
                    any(name in attrib for name in _DECORATIONS)
                    or attrib.get("quotes", "false").lower() == "true"
                )
            )
        return leaf

    wrap = model.Affixed.wrap

    def guarded_wrap(self: Any, text: Any) -> Any:
        if text is not None:
            leaf = self.__dict__.get("_formatted_leaf")
            if leaf is None:
                leaf = formatted_leaf(self)
            if leaf:
                if _last_visible(str(text)) in _LEFT:
                    GUARDS[0] = True
                    text = text + model.String(GUARD)
            elif GUARDS[0]:
                content = str(text)
                if content.endswith(GUARD):
                    text = text.rstrip(GUARD) if content != GUARD else ""
        return wrap(self, text)

    model.Affixed.wrap = guarded_wrap
