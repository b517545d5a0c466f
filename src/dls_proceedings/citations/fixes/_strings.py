"""The text pieces of our renders: citeproc-py's string classes whose seams are the render's.

citeproc-py's ``String`` and ``MixedString`` call the module function
``citeproc.string.normalize_seam`` wherever two pieces are added. Ours are
subclasses whose additions call the seam of the render in progress
(``RenderContext.seam``: ``fixes.punctuation``'s, or citeproc-py's own when that
fix is off), so the seam is changed for our renders only. Every piece our
renders make is one of these: the source parses into them, and the elements'
terms, values and joins make them (``_core``).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from citeproc import string as _citeproc_string

from dls_proceedings.citations.fixes._context import CONTEXT

__all__ = [
    "MixedString", "NoCase", "String", "citeproc_seam", "head", "join", "seam", "strip_first",
    "tail",
]  # fmt: skip

_SEAM_PUNCTUATION = _citeproc_string.SEAM_PUNCTUATION
_JOINED: Any = _citeproc_string.MixedString.__str__
_PLAIN: Any = str.__str__


# The classes of text whose ``str()`` is their own characters (plain), and those that
# are lists of pieces joined (mixed), as found: a seam asks of each piece it reads.
_PLAIN_KINDS: set[type] = {str}
_JOINED_KINDS: set[type] = set()
_OTHER_KINDS: set[type] = set()


def _kind(kind: type) -> int:
    """1: plain text, 2: pieces joined, 0: anything else (its ``str()`` is read)."""
    if kind in _PLAIN_KINDS:
        return 1
    if kind in _JOINED_KINDS:
        return 2
    if kind in _OTHER_KINDS:
        return 0
    if issubclass(kind, str) and kind.__str__ is _PLAIN:
        _PLAIN_KINDS.add(kind)
        return 1
    if issubclass(kind, list) and kind.__str__ is _JOINED:
        _JOINED_KINDS.add(kind)
        return 2
    _OTHER_KINDS.add(kind)
    return 0


def head(text: Any) -> str:
    """The first character of ``str(text)`` ("" if none), read without joining *text*.

    A seam only looks at the edges of the pieces it joins; an entry is built by
    hundreds of additions, and joining the whole text at each would make an entry's
    cost grow with the square of its pieces.

    >>> head(MixedString([String(""), MixedString([String("ab")]), String("c")]))
    'a'
    """
    kind: Any = type(text)
    if kind in _PLAIN_KINDS:
        return text[:1]  # type: ignore[no-any-return]
    found = _kind(kind)
    if found == 1:
        return text[:1]  # type: ignore[no-any-return]
    if found == 2:
        for piece in text:
            # (A plain piece read here: most pieces are, and a call costs more than this.)
            if type(piece) in _PLAIN_KINDS:
                if piece:
                    return piece[:1]  # type: ignore[no-any-return]
                continue
            first = head(piece)
            if first:
                return first
        return ""
    return str(text)[:1]


def tail(text: Any) -> str:
    """A non-empty end of ``str(text)`` (its last non-empty piece), or "" if it is empty.

    >>> tail(MixedString([String("ab"), MixedString([String("cd"), String("")])]))
    'cd'
    """
    kind: Any = type(text)
    if kind in _PLAIN_KINDS:
        return text  # type: ignore[no-any-return]
    found = _kind(kind)
    if found == 1:
        return text  # type: ignore[no-any-return]
    if found == 2:
        for piece in reversed(text):
            if type(piece) in _PLAIN_KINDS:
                if piece:
                    return piece  # type: ignore[no-any-return]
                continue
            end = tail(piece)
            if end:
                return end
        return ""
    return str(text)


def strip_first(other: Any) -> Any:
    """*other* without its first character, its pieces (and their classes) kept."""
    if isinstance(other, _citeproc_string.MixedString):
        segments = list(other)
        head = segments[0]
        stripped = type(head)(str(head)[1:])
        segments[0:1] = [stripped] if stripped != "" else []
        return MixedString(segments)
    return type(other)(str(other)[1:])


def citeproc_seam(left: Any, other: Any) -> Any:
    """citeproc-py's ``normalize_seam``, keeping our classes: a double space or a
    duplicated punctuation mark where *left* meets *other* is dropped."""
    end, first = tail(left), head(other)
    if not end or not first:
        return other
    last = end[-1]
    if last == first and (first == " " or first in _SEAM_PUNCTUATION):
        return strip_first(other)
    return other


def seam(left: Any, other: Any) -> Any:
    """The seam of the render in progress (citeproc-py's outside a render)."""
    context = CONTEXT.get()
    if context is None:
        return citeproc_seam(left, other)
    return context.seam(left, other)


class String(_citeproc_string.String):  # type: ignore[misc]
    """citeproc-py's ``String``; its additions use the render's seam."""

    def __add__(self, other: Any) -> Any:
        if other == "":
            return self
        return MixedString([self]).__add__(other)

    def __radd__(self, other: Any) -> Any:
        if other == "":
            return self
        return MixedString([other]).__add__(self)

    def __iadd__(self, other: Any) -> Any:
        return self.__add__(other)

    def capitalize_first(self) -> Any:
        # (citeproc-py's indexes the first character: an empty text raised IndexError.)
        if not self:
            return self
        if _dotted_i() and self[0] == "i":
            return self.__class__("\u0130" + str(self)[1:])
        return super().capitalize_first()

    def upper(self) -> Any:
        if _dotted_i():
            return self.__class__(str(self).replace("i", "\u0130").upper())
        return super().upper()

    def lower(self) -> Any:
        if _dotted_i():
            return self.__class__(str(self).replace("I", "\u0131").replace("\u0130", "i").lower())
        return super().lower()


_DOTTED_I_LANGUAGES = frozenset({"tr", "az"})


def _dotted_i() -> bool:
    """Whether case is being changed in a language with a dotted and a dotless i
    (``fixes.locale_case`` sets the language)."""
    state = CONTEXT.get()
    return state is not None and state.case_language in _DOTTED_I_LANGUAGES


class NoCase(_citeproc_string.NoCase, String):  # type: ignore[misc]
    """citeproc-py's ``NoCase`` (text kept as it is); additions as ``String``."""


class MixedString(_citeproc_string.MixedString):  # type: ignore[misc]
    """citeproc-py's ``MixedString``; its additions use the render's seam."""

    def __add__(self, other: Any) -> Any:
        if other == "":
            return self
        # (seam(), inlined: an entry adds pieces some forty times.)
        context = CONTEXT.get()
        other = citeproc_seam(self, other) if context is None else context.seam(self, other)
        if other == "" or other == []:
            return self
        if isinstance(other, list):
            return self.__class__(list.__add__(self, other))
        # (A piece that is no list is one more piece: asked first, not by a TypeError.)
        return self.__class__(list.__add__(self, [other]))

    def __radd__(self, other: Any) -> Any:
        if other == "":
            return self
        return self.__class__([other]).__add__(self)

    def __iadd__(self, other: Any) -> Any:
        return self.__add__(other)

    def capitalize_first(self) -> Any:
        """The text with its first character upper case: that of its first non-empty
        piece (citeproc-py's capitalizes the first piece, and raised on an empty one)."""
        pieces = list(self)
        for index, piece in enumerate(pieces):
            if str(piece) == "":
                continue
            if hasattr(piece, "capitalize_first"):
                pieces[index] = piece.capitalize_first()
            else:
                pieces[index] = String(piece[:1].upper() + piece[1:])
            break
        return self.__class__(pieces)


_OURS = frozenset({String, MixedString})


def join(items: Iterable[Any], delimiter: Any = "") -> Any:
    """citeproc-py's ``join``, with the render's seam."""
    iterator = iter(items)
    try:
        output = next(iterator)
    except StopIteration:
        return String("")
    context = CONTEXT.get()
    joint = citeproc_seam if context is None else context.seam
    # (An empty delimiter, seamed, is empty, and our text plus an empty one is itself.)
    empty = type(delimiter) is str and not delimiter
    for item in iterator:
        for piece in (item,) if empty and type(output) in _OURS else (delimiter, item):
            seamed = joint(output, piece)
            if seamed is piece and type(output) is MixedString:
                # The addition would seam the same two pieces again, with the same
                # (pure) seam, and get the piece again: it is added as it is.
                if piece == "" or piece == []:
                    continue
                output = MixedString(
                    list.__add__(output, piece if isinstance(piece, list) else [piece])
                )
            else:
                output = output + seamed
    return output
