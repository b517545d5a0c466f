"""What the CSL-JSON and RIS importers share: keys for records without one, dates (private).

A record with no key of its own (doi.org's CSL-JSON has no ``id``; many RIS
files have no ``ID``) is given one as the table-of-contents importer makes them:
first author's family name, year, first word of the title, lowercased ASCII
("cai2020deepgalaxy"). Keys made this way that collide with each other or with a
key the file gives get the suffixes a, b, ... in file order, so the result is the
same on every run.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from dls_proceedings._text import key_stem, letter_suffix

__all__ = ["DateText", "derived_keys", "read_date_text"]


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
