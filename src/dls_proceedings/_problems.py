"""The problems an importer finds, collected in input order (private).

Every importer (table of contents, BibTeX, CSL-JSON, RIS) reads the whole input and
reports everything wrong with it at once, not only the first problem. They all
word a problem the same way — where it is, what is wrong, and the offending
text — through one collector:

>>> problems = Problems()
>>> problems.add(12, "line 12", "no start page", quote="A Title")
>>> problems.add(3, "line 3", "not a date", quote="11 Novembre 2020")
>>> problems.listed()
("line 3: not a date: '11 Novembre 2020'", "line 12: no start page: 'A Title'")
"""

from __future__ import annotations

import json
import sys
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from pydantic import ValidationError

    from dls_proceedings.errors import InputError

__all__ = [
    "MAX_PROBLEMS",
    "Problems",
    "TooManyProblemsError",
    "parse_json",
    "quote",
    "validation_messages",
]

_SHOWN = 80
"""Characters of an offending text quoted in a problem; the rest is elided."""

MAX_PROBLEMS = 10_000
"""Problems an import reports before it stops reading: an input with more is not a
file of that format (a megabyte of page lines, say), and listing them all would
take longer than reading a real file. The last problem says where it stopped."""


class TooManyProblemsError(Exception):
    """Raised by ``Problems.add`` past its limit: the importer stops reading there.

    Every importer catches it around its reading and raises its error (or, for
    ``from_toc(strict=False)``, returns) with the problems found so far.
    """


def quote(text: str) -> str:
    """*text* stripped, cut to 80 characters and ``repr``-quoted, for a message.

    >>> quote("  A very long line  ")
    "'A very long line'"
    >>> len(quote("x" * 500))
    82
    """
    text = text.strip()
    if len(text) > _SHOWN:
        text = text[: _SHOWN - 1] + "…"
    return repr(text)


def validation_messages(exc: ValidationError) -> list[str]:
    """Each error of a pydantic ``ValidationError`` as ``"field.path: message"``.

    The one conversion every importer uses, so a bad value reads the same
    whether it came from a table of contents, BibTeX or CSL-JSON.

    >>> from pydantic import ValidationError
    >>> from dls_proceedings.models import PageRange
    >>> try:
    ...     PageRange(first=9, last=0)
    ... except ValidationError as exc:
    ...     print(validation_messages(exc))
    ['last: Input should be greater than 0']
    """
    messages = []
    for error in exc.errors(include_url=False):
        where = ".".join(str(part) for part in error["loc"])
        messages.append(f"{where}: {error['msg']}" if where else str(error["msg"]))
    return messages


class Problems:
    """Problems found so far, listed in input order (then in the order found).

    *position* orders them: a line number, or an item's index. *where* names
    the place for a person ("line 12", "item 3 ('a')"); *quote*, when given, is
    the offending text, shown quoted at the end.
    """

    __slots__ = ("_found", "_limit")

    def __init__(self, limit: int = MAX_PROBLEMS) -> None:
        self._found: list[tuple[int, int, str]] = []
        self._limit = limit

    def add(self, position: int, where: str, message: str, *, quote: str | None = None) -> None:
        """Record one problem; past the limit, record where reading stopped and raise
        ``TooManyProblemsError``."""
        if len(self._found) >= self._limit:
            text = (
                f"{where}: stopped reading after {self._limit:,} problems; an input with this "
                "many is not one this importer can read (fix the ones above first)"
            )
            # Listed last, whatever its position: it says why the list ends there.
            self._found.append((sys.maxsize, len(self._found), text))
            raise TooManyProblemsError
        text = f"{where}: {message}"
        if quote is not None:
            text += f": {_quote(quote)}"
        self._found.append((position, len(self._found), text))

    def add_validation(self, position: int, where: str, exc: ValidationError) -> None:
        """Record every error of a pydantic ``ValidationError``, one problem each."""
        for message in validation_messages(exc):
            self.add(position, where, message)

    def __bool__(self) -> bool:
        return bool(self._found)

    def __len__(self) -> int:
        return len(self._found)

    def listed(self) -> tuple[str, ...]:
        """The problems as messages, in input order."""
        return tuple(message for _, _, message in sorted(self._found))

    def raise_if_any(self, error: type[InputError]) -> None:
        """Raise *error* listing every problem, if there is any."""
        if self._found:
            raise error(self.listed())


_quote = quote  # `add` has a parameter of that name


def parse_json(data: str | bytes, problems: Problems) -> Any:
    """The JSON value of *data* (text or UTF-8 bytes), or None with the reason recorded.

    Every way JSON text can fail — bad UTF-8, bad syntax, nesting deeper than the
    parser's recursion allows, a number over Python's digit limit — becomes one
    problem naming the line, never an exception.

    >>> problems = Problems()
    >>> parse_json("[" * 100_000, problems), problems.listed()
    (None, ('the input: arrays or objects nested too deeply',))
    """
    if isinstance(data, bytes):
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            line = data.count(b"\n", 0, exc.start) + 1
            problems.add(
                line,
                f"line {line}",
                f"not UTF-8 text: byte 0x{data[exc.start]:02x} at offset {exc.start} "
                "cannot be decoded",
            )
            return None
    else:
        text = data
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        problems.add(exc.lineno, f"line {exc.lineno}", f"not JSON: {exc.msg} (column {exc.colno})")
    except RecursionError:
        problems.add(0, "the input", "arrays or objects nested too deeply")
    except ValueError as exc:
        # Python's own limits, e.g. an integer of more than 4,300 digits.
        problems.add(0, "the input", str(exc))
    return None
