"""What the CSL-JSON and RIS importers share: keys for records without one, dates,
and the loop that turns records into papers with every problem reported (private).

A record with no key of its own (doi.org's CSL-JSON has no ``id``; many RIS
files have no ``ID``) is given one as the table-of-contents importer makes them:
first author's family name, year, first word of the title, lowercased ASCII
("cai2020deepgalaxy"). Keys made this way that collide with each other or with a
key the file gives get the suffixes a, b, ... in file order, so the result is the
same on every run.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from typing import Any, Protocol, TypeVar

from pydantic import ValidationError

from dls_proceedings._problems import Problems
from dls_proceedings._text import key_stem, letter_suffix
from dls_proceedings.models import Paper, Venue

__all__ = [
    "DateText",
    "Record",
    "derived_keys",
    "papers_from",
    "read_date_text",
    "report",
    "volume_from",
]


class Record(Protocol):
    """One record of an importer: where it is, and what was found wrong with it."""

    @property
    def position(self) -> int: ...  # a line number, or an item's index

    @property
    def where(self) -> str: ...

    messages: list[str]
    """Problems found while reading the record's fields."""
    bad: set[str]
    """Fields whose problem is already among ``messages``."""


R = TypeVar("R", bound=Record)


def report(problems: Problems, record: Record, exc: ValidationError | None = None) -> None:
    """Add the record's problems, and the validation errors of fields not already reported."""
    for message in record.messages:
        problems.add(record.position, record.where, message)
    if exc is None:
        return
    for error in exc.errors(include_url=False):
        loc = [str(part) for part in error["loc"]]
        if loc and loc[0] in record.bad:
            continue  # the field's problem is already reported
        where = ".".join(loc)
        message = f"{where}: {error['msg']}" if where else str(error["msg"])
        problems.add(record.position, record.where, message)


def volume_from(problems: Problems, record: Record, fields: dict[str, Any]) -> Venue | None:
    """The volume's own record as a ``Venue``, or ``None``; every problem of it is reported."""
    try:
        venue = Venue.model_validate(fields)
    except ValidationError as exc:
        report(problems, record, exc)
        return None
    report(problems, record)
    return venue


def papers_from(
    records: Sequence[R],
    given: Sequence[str | None],
    stem: Callable[[R], str],
    fields: Callable[[R, str], dict[str, Any]],
    problems: Problems,
) -> list[Paper]:
    """The papers of *records* (each with the key it *given*, else one made from its *stem*).

    A record with any problem gives no paper; every problem is reported.
    """
    stems = [None if key is not None else stem(r) for key, r in zip(given, records, strict=True)]
    made = derived_keys(stems, [key for key in given if key is not None])
    papers: list[Paper] = []
    for record, key, derived in zip(records, given, made, strict=True):
        data = fields(record, key if key is not None else derived or "")
        try:
            paper = Paper.model_validate(data)
        except ValidationError as exc:
            report(problems, record, exc)
            continue
        if record.messages:
            report(problems, record)
            continue
        papers.append(paper)
    return papers


def derived_keys(stems: Sequence[str | None], given: Sequence[str]) -> list[str | None]:
    """Keys for the records whose stem is not ``None``, unique among them and *given*.

    *stems* has one entry per record: ``None`` for a record that has a key of its
    own, else the stem ``key_stem`` made for it. A stem that occurs once and is not
    a given key is the key; the others get a, b, ... (skipping taken keys).

    >>> derived_keys(["cai2020deepgalaxy", None, "x2020a", "x2020a"], ["cai2020deepgalaxy"])
    ['cai2020deepgalaxya', None, 'x2020aa', 'x2020ab']
    """
    taken = set(given)
    counts: dict[str, int] = {}
    for stem in stems:
        if stem is not None:
            counts[stem] = counts.get(stem, 0) + 1
    taken.update(stem for stem, n in counts.items() if n == 1 and stem not in taken)
    next_suffix: dict[str, int] = {}
    keys: list[str | None] = []
    for stem in stems:
        if stem is None or (counts[stem] == 1 and stem not in given):
            keys.append(stem)
            continue
        n = next_suffix.get(stem, 0)
        while stem + letter_suffix(n) in taken:
            n += 1
        key = stem + letter_suffix(n)
        next_suffix[stem] = n + 1
        taken.add(key)
        keys.append(key)
    return keys


def stem_for(family: str | None, year: int | None, title: str | None) -> str:
    """The key stem of a record: ``key_stem`` with what the record gives."""
    return key_stem(family, year, title or "")


DateText = tuple[int, int | None, int | None]
"""A date as (year, month or None, day or None)."""

# "2020", "2020-11", "2020-11-11" (ISO 8601 / EDTF, no time), and RIS's "2020/11/11/".
_ISO = re.compile(r"(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?")
_RIS = re.compile(r"(\d{4})(?:/(\d{1,2})?(?:/(\d{1,2})?(?:/[^/]*)?)?)?")


def read_date_text(text: str, *, ris: bool = False) -> DateText | None:
    """(year, month, day) of a date written as "2020", "2020-11" or "2020-11-11", else None.

    With *ris*, RIS's own form is read too: "2020/11/11/", "2020/11//", "2020///"
    (the part after the last slash is free text, e.g. a season, and is not kept).
    A month or day out of range is returned as given, for the model to refuse.

    >>> read_date_text("2020-11"), read_date_text("2020/11/11/", ris=True)
    ((2020, 11, None), (2020, 11, 11))
    >>> read_date_text("Fall 2020") is None
    True
    """
    text = text.strip()
    match = _ISO.fullmatch(text) or (_RIS.fullmatch(text) if ris else None)
    if match is None:
        return None
    year, month, day = match.groups()
    if day is not None and month is None:
        return None
    return (int(year), int(month) if month else None, int(day) if day else None)
