"""``read_volume``: any proceedings volume, from a file or text in any format we read.

Each format module gives the papers of a text with their venues, and the
volume's own record when the text has one (``volume_parts``); ``_venue.assemble``
makes the ``Workshop``. The format is sniffed from the text (and a file's
extension) when not given; a guess that turns out wrong is reported as such.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

from dls_proceedings._problems import Problems
from dls_proceedings.errors import (
    ArgumentError,
    ArgumentTypeError,
    BibTeXError,
    CslJsonError,
    InputError,
    JsonError,
    RisError,
    TocParseError,
)
from dls_proceedings.formats import READABLE
from dls_proceedings.models import Paper, Venue, Workshop

__all__ = ["READABLE", "read_volume", "sniff"]


Parts = tuple[list[Paper], Venue | None, dict[str, Any]]
"""What a format gives ``read_volume``: papers, the volume's own record, volume-only fields."""

_EXTENSIONS = {".bib": "bibtex", ".bibtex": "bibtex", ".ris": "ris", ".txt": "toc", ".toc": "toc"}
_BIBTEX_ENTRY = re.compile(r"^\s*@\s*[A-Za-z]+\s*[{(]", re.MULTILINE)
_RIS_TAG = re.compile(r"^(?:\ufeff)?TY  - ", re.MULTILINE)


def sniff(text: str, name: str | None = None) -> tuple[str, str]:
    """The format *text* is in, and why it was chosen (for the error of a wrong guess).

    >>> sniff("@inproceedings{k, title={T}}")
    ('bibtex', "an '@' entry")
    >>> sniff('[{"id": "k", "type": "paper-conference"}]')
    ('csl-json', 'a JSON array of items with a CSL type')
    """
    start = text.lstrip("\ufeff \t\r\n")[:1]
    if start in ("{", "["):
        try:
            data = json.loads(text.removeprefix("\ufeff"))
        except ValueError:
            return ("json", "its first character, " + repr(start))
        first = data[0] if isinstance(data, list) and data else data
        if isinstance(first, dict) and "type" in first:
            kind = "array of items" if isinstance(data, list) else "item"
            return ("csl-json", f"a JSON {kind} with a CSL type")
        return ("json", "a JSON " + ("object" if isinstance(data, dict) else "array"))
    if _RIS_TAG.search(text[:4096]):
        return ("ris", "a 'TY  - ' line")
    if _BIBTEX_ENTRY.search(text):
        return ("bibtex", "an '@' entry")
    if name is not None:
        suffix = Path(name).suffix.lower()
        if suffix in _EXTENSIONS:
            return (_EXTENSIONS[suffix], f"the file name {name!r}")
    return ("toc", "no sign of JSON, RIS or BibTeX: read as a printed table of contents")


def _json_parts(text: str) -> Workshop | Parts:
    from dls_proceedings.formats.model_json import from_json

    read = from_json(text)
    if isinstance(read, Workshop):
        return read
    return read, None, {}


def _toc_parts(text: str) -> Workshop | Parts:
    from dls_proceedings.formats.toc import from_toc

    return from_toc(text)


def _bibtex_parts(text: str) -> Workshop | Parts:
    from dls_proceedings.formats.bibtex import volume_parts

    return volume_parts(text)


def _csl_json_parts(text: str) -> Workshop | Parts:
    from dls_proceedings.formats.csl_json import volume_parts

    return volume_parts(text)


def _ris_parts(text: str) -> Workshop | Parts:
    from dls_proceedings.formats.ris import volume_parts

    return volume_parts(text)


_READERS: dict[str, Callable[[str], Workshop | Parts]] = {
    "json": _json_parts,
    "bibtex": _bibtex_parts,
    "biblatex": _bibtex_parts,
    "csl-json": _csl_json_parts,
    "ris": _ris_parts,
    "toc": _toc_parts,
}

# The error class each format's problems are reported with.
_ERRORS: dict[str, type[InputError]] = {
    "json": JsonError,
    "bibtex": BibTeXError,
    "biblatex": BibTeXError,
    "csl-json": CslJsonError,
    "ris": RisError,
    "toc": TocParseError,
}


def _text_of(source: object) -> tuple[str, str | None]:
    """The text *source* stands for, and its file name when it is a file."""
    if isinstance(source, os.PathLike):
        path = Path(source)
        return _decode(_read(path), str(path)), str(path)
    if isinstance(source, (bytes, bytearray)):
        return _decode(bytes(source), None), None
    if isinstance(source, str):
        if "\n" not in source and len(source) < 4096 and source[:1] not in ("{", "[", "@"):
            path = Path(source)
            if path.is_file():
                return _decode(_read(path), source), source
            if path.suffix.lower() in (*_EXTENSIONS, ".json"):
                raise ArgumentError(
                    f"no such file: {source!r}; pass a path that exists, or the text itself"
                )
        return source, None
    raise ArgumentTypeError(
        "source must be a path (str or os.PathLike) or the text (str or UTF-8 bytes), "
        f"not {type(source).__name__}"
    )


def _read(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except OSError as exc:
        raise ArgumentError(f"cannot read {str(path)!r}: {exc.strerror or exc}") from None


def _decode(data: bytes, name: str | None) -> str:
    try:
        return data.decode("utf-8").removeprefix("\ufeff")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        where = f" of {name!r}" if name else ""
        raise ArgumentError(
            f"line {line}{where} is not UTF-8 (byte 0x{data[exc.start]:02x}); decode the text "
            "with its encoding first and pass the str"
        ) from None


def read_volume(source: str | bytes | os.PathLike[str], format: str | None = None) -> Workshop:
    """A proceedings volume read from a file or text in any format this package reads.

    *source* is a path (``os.PathLike``, or a one-line ``str`` naming an existing
    file) or the text itself (``str`` or UTF-8 ``bytes``). *format* is one of
    ``READABLE``: our JSON (a volume, or papers), BibTeX or biblatex (an
    ``@proceedings`` entry with its papers, crossref'd or self-contained, or papers
    that share a ``booktitle``), CSL-JSON (papers sharing a container, and the
    volume's ``book`` item if present), RIS, or a printed table of contents. When
    *format* is ``None`` it is sniffed from the text (and a file's extension).

    Papers are put in page order when all have pages; a file that records no
    sessions gives one session without a heading. A volume with no key of its
    own is given its acronym and year ("dls2020"), else its title's initials and
    year.

    Raises:
        InputError: the format's own error (``BibTeXError``, ``CslJsonError``,
            ``RisError``, ``JsonError``, ``TocParseError``) listing every problem;
            when the format was guessed, the first problem says what the guess
            was and why.
        ArgumentError: an unknown *format*, a file that does not exist or cannot
            be read, text that is not UTF-8.
        ArgumentTypeError: *source* of another type.

    >>> import dls_proceedings as dp
    >>> volume = read_volume(dp.to_bibtex(dp.load()))
    >>> volume.key, volume.title == dp.load().title, len(volume.papers)
    ('dls2020', True, 7)
    """
    if format is not None and format not in _READERS:
        raise ArgumentError(f"unknown format {format!r}; expected one of {', '.join(READABLE)}")
    text, name = _text_of(source)
    guessed = format is None
    reason = ""
    if format is None:
        format, reason = sniff(text, name)
    try:
        read = _READERS[format](text)
        if isinstance(read, Workshop):
            return read
        papers, container, extra = read
        from dls_proceedings.formats._venue import assemble

        problems = Problems()
        volume = assemble(papers, problems, container=container, extra=extra)
        if volume is None:
            problems.raise_if_any(_ERRORS[format])
            raise _ERRORS[format](["the input makes no volume"])  # pragma: no cover
        return volume
    except InputError as exc:
        if not guessed:
            raise
        note = (
            f"read as {format} (guessed from {reason}); name the format (format=, or "
            "--volume-format on the command line) if it is another"
        )
        raise type(exc)([note, *exc.problems]) from None
