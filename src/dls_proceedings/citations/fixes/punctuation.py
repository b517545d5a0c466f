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

One of citeproc-js's passes over its output tree trims a suffix from the wrong end:
where an element's last child has a suffix of its own that starts with punctuation
or a space and ends with the mark the element's suffix starts with, the element's
suffix loses its *last* character, and then the duplicate mark goes too. So a group
with suffix ". " around a container title with suffix "." adds nothing, and the
space before the next element is gone as well (that element's leading space was
dropped as a duplicate of the suffix's, before the suffix was trimmed): AIDS prints
"(DLS).Piscataway". A macro call is a group of its own there, so a suffix inside a
macro is no child's: "(DLS). Piscataway". Here each suffix is a piece of its own
that knows its element (``_Suffix``), the element around it trims its suffix by
that rule (``affixes``), and an empty piece (``_Space``) makes the seam after it
drop a space.

Extends: the seam (``citeproc.string.normalize_seam``, through ``_strings``),
``Affixed.wrap``, ``Affixed.affixes``.
"""

from __future__ import annotations

import re
from typing import Any

from citeproc import model
from citeproc.string import SEAM_PUNCTUATION

from dls_proceedings.citations.fixes._context import CONTEXT, kept
from dls_proceedings.citations.fixes._strings import MixedString, String, head, strip_first, tail
from dls_proceedings.citations.fixes.rich_text import MARKS, last_visible

__all__ = ["BACKSPACE", "ELEMENTS", "GUARD", "MERGES", "Affixed", "finish", "seam"]

GUARD = "\ue001"  # private-use: never in data, removed by finish()
BACKSPACE = "\ue005"  # private-use: finish() drops it and the mark before it
# (left, right): the right mark is dropped.
MERGES = frozenset(
    {("!", "."), ("!", ":"), ("?", "."), ("?", ":"), (":", "."), (";", "."), (";", ":")}
)
"""(left, right) pairs of marks where citeproc-js drops the right one ("?" + "." is "?")."""
# (left, right): the left mark is dropped.
_LEFT_DROPS = frozenset({(":", "!"), (":", "?"), (";", "!"), (";", "?")})
_BACKSPACED = re.compile("[:;]((?:</[a-z]+>|[" + MARKS + "])*)" + BACKSPACE)
_RIGHT = frozenset(right for _, right in MERGES)
# What a piece starts with where a seam may change it.
_STARTS = frozenset({" "} | set(SEAM_PUNCTUATION) | _RIGHT | {right for _, right in _LEFT_DROPS})
_LEFT = frozenset(left for left, _ in MERGES)
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
    # Every rule below drops or moves a space or a mark *other* starts with: text that
    # starts with anything else (a letter, a quote, a bracket) passes as it is.
    first = head(other)
    if first not in _STARTS or left == "" or left == []:
        return other
    # (A cut suffix's space: see _cut_suffix; class tests, as this runs at every seam.)
    if (
        first == " "
        and left.__class__ is MixedString
        and list.__getitem__(left, -1).__class__ is _Space
    ):
        return strip_first(other)
    text = tail(left)
    if not text:
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
    elif not guarded and (last, first) in MERGES:
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


class _Suffix(String):
    """What is left of an element's suffix at the end of its text, and the element."""

    owner: Any = None


class _Space(String):
    """Nothing, standing for the space a cut suffix lost: a space right after it is
    dropped too (citeproc-js drops a sibling's leading space that duplicated it)."""


_PUNCT = frozenset(".!?:,;")
_PUNCT_OR_SPACE = _PUNCT | {" ", "\u00a0"}
# Elements that are no output of their own in citeproc-js (no blob): their children
# are their parent's.
_TRANSPARENT = frozenset(
    f"{{http://purl.org/net/xbiblio/csl}}{tag}"
    for tag in ("choose", "if", "else-if", "else", "substitute")
)


def _blob_parent(element: Any) -> Any:
    parent = element.getparent()
    while parent is not None and parent.tag in _TRANSPARENT:
        parent = parent.getparent()
    return parent


def _last_piece(text: Any) -> Any:
    if isinstance(text, list):
        return list.__getitem__(text, -1) if text else None
    return text


_BRANCHES = frozenset(
    f"{{http://purl.org/net/xbiblio/csl}}{tag}" for tag in ("if", "else-if", "else")
)


def _ends_parent(element: Any) -> bool:
    """Whether nothing follows *element* in the output element around it (read through
    cs:choose: the branch taken ends where the choose does)."""
    node = element
    while True:
        if node.tag in _BRANCHES:
            node = node.getparent()
        following = node.getnext()
        while following is not None and not isinstance(following.tag, str):
            following = following.getnext()  # (comments)
        if following is not None:
            return False
        node = node.getparent()
        if node is None or node.tag not in _TRANSPARENT:
            return True


def _cut_suffix(element: Any, text: Any, suffix: str) -> tuple[str, bool] | None:
    """The suffix citeproc-js writes for *element* after *text*, and whether a space
    after it goes (None: the suffix as it is).

    Where its last child's own suffix starts with punctuation or a space and ends with
    the mark this suffix starts with, citeproc-js trims this suffix from the wrong end
    (its ``downward`` pass), then drops the duplicate mark: "(DLS)." + ". " adds
    nothing, and the space before the next element goes too (dropped earlier as a
    duplicate of the suffix's own). Where nothing follows the element, its trailing
    space has moved up to the element around it first (``upward``), and stays.
    """
    last = _last_piece(text)
    if not isinstance(last, _Suffix) or last.owner is None:
        return None
    own = str(last)
    if not (own[:1] in _PUNCT_OR_SPACE and own[-1:] in _PUNCT):
        return None
    table = kept("ends_parent")
    ends = table.get(element)
    if ends is None:
        ends = table[element] = _ends_parent(element)
    moved = ends and suffix.endswith(" ")
    rest = suffix[:-1] if moved else suffix
    if own[-1:] != rest[:1] or _blob_parent(last.owner) is not element:
        return None
    rest = rest[:-1]
    return (rest + " ", False) if moved else (rest, suffix.endswith(" "))


class Affixed:
    def affixes(self: Any) -> tuple[str, str]:
        prefix, suffix = super().affixes()  # type: ignore[misc]
        state = CONTEXT.get()
        if state is not None and state.cut_suffix is not None and state.cut_suffix[0] is self:
            suffix = state.cut_suffix[1]
        return prefix, suffix

    def wrap(self: Any, text: Any) -> Any:
        if text is None:
            return super().wrap(text)  # type: ignore[misc]
        state = CONTEXT.get()
        table = kept("punctuation")
        known = table.get(self)
        if known is None:
            own = self.get("suffix") or ""
            # Only a suffix that starts with punctuation or a space and ends with a mark
            # can trim the suffix around it (_cut_suffix): it is kept as a piece of its own.
            marks = own[:1] in _PUNCT_OR_SPACE and own[-1:] in _PUNCT
            known = table[self] = (_formatted_leaf(self), own, marks)
        leaf, own, marks = known
        if leaf:
            if _last_visible(str(text)) in _LEFT:
                if state is not None:
                    state.guards = True
                text = text + String(GUARD)
        elif state is not None and state.guards:
            content = str(text)
            if content.endswith(GUARD):
                text = text.rstrip(GUARD) if content != GUARD else ""
        if not own or state is None:
            return super().wrap(text)  # type: ignore[misc]
        if marks and not isinstance(text, list):
            text = MixedString([text])
        before = _last_piece(text)
        kept_cut = state.cut_suffix
        cut = _cut_suffix(self, text, own)
        if cut:
            state.cut_suffix = (self, cut[0])
        try:
            result = super().wrap(text)  # type: ignore[misc]
        finally:
            state.cut_suffix = kept_cut
        if marks:
            last = _last_piece(result)
            if isinstance(result, list) and last is not before and str(last):
                marked = _Suffix(str(last))
                marked.owner = self
                pieces = list(list.__iter__(result))
                result = result.__class__([*pieces[:-1], marked])
        if cut and cut[1]:
            pieces = [*list.__iter__(result)] if isinstance(result, list) else [result]
            result = MixedString([*pieces, _Space("")])
        return result


ELEMENTS = ((model.Affixed, Affixed),)
