"""Hypothesis strategies: proceedings volumes of every shape the models allow.

Shared by the round-trip property tests. The volumes hold what real volumes
hold and what breaks writers: accents, LaTeX specials, particles, one-word
names, partial dates, no place or publisher, several ISBNs.
"""

from __future__ import annotations

import datetime
from typing import Any

from hypothesis import strategies as st
from stdnum import ean

import dls_proceedings as dp

_WORDS = [
    "Deep", "Learning", "on", "Supercomputers", "Scalable", "Training", "GPU", "Graph",
    "Neural", "Networks", "for", "the", "Analysis", "of", "Galaxy", "Mergers", "Monte",
    "Carlo", "Über", "Café", "Ångström", "Étude", "Zürich", "Kraków", "São", "Paulo",
    "LARS", "DDL", "Bench:", "Towards", "Exascale", "I/O", "Roofline", "Time-Based",
    "50%", "C++", "R&D", "A", "Wave", "Function", "Ansatz", "Using", "via", "Performance",
]  # fmt: skip
_FAMILIES = [
    "Cai", "Bédorf", "Codreanu", "Müller", "O'Neil", "Nguyễn", "Smith-Jones", "Kaiser",
    "van der Berg", "de la Cruz", "von Hoppel", "Da Silva", "Łukasiewicz", "García", "Wang",
]  # fmt: skip
_GIVENS = [
    "Maxwell X.", "Jeroen", "Ana-Lucia", "José", "Chris A", "Yunsong", "Zoë", "J. R.",
    "Hamsa Shwetha", "Élodie", "Søren",
]  # fmt: skip
_PLACES: list[dict[str, Any]] = [
    {"city": "Atlanta", "region": "Georgia", "country": "USA"},
    {"city": "Delft", "country": "The Netherlands"},
    {"city": "Kyoto", "country": "Japan"},
    {"city": "Montréal", "region": "Quebec", "country": "Canada"},
    {"city": "München", "country": "Germany"},
    {"city": "Online"},
]
_PUBLISHERS = ["IEEE", "ACM", "Springer", "IEEE Computer Society", "Curran Associates"]
_PUBLISHER_PLACES = [
    "Piscataway, NJ",
    "New York, NY, USA",
    "Cham",
    "Los Alamitos, CA",
    "Red Hook, NY",
]
_ACRONYMS = ["DLS", "MLHPC", "PMBS", "WORKS", "ScalA", "HPDC", "ESPM2", "XLOOP"]


@st.composite
def isbns(draw: st.DrawFn) -> str:
    """A valid ISBN-13, hyphenated as a publisher prints it."""
    body = "978" + "".join(str(draw(st.integers(0, 9))) for _ in range(9))
    digits = body + ean.calc_check_digit(body)
    return f"{digits[:3]}-{digits[3]}-{digits[4:8]}-{digits[8:12]}-{digits[12]}"


@st.composite
def titles(draw: st.DrawFn) -> str:
    words = draw(st.lists(st.sampled_from(_WORDS), min_size=1, max_size=9))
    return " ".join(words)


@st.composite
def authors(draw: st.DrawFn) -> dict[str, Any]:
    family = draw(st.sampled_from(_FAMILIES))
    given = draw(st.one_of(st.none(), st.sampled_from(_GIVENS)))
    return {"given": given, "family": family}


@st.composite
def papers(draw: st.DrawFn, count: int, year: int | None) -> list[dict[str, Any]]:
    made: list[dict[str, Any]] = []
    page = draw(st.integers(1, 50))
    keys: set[str] = set()
    for index in range(count):
        people = draw(st.lists(authors(), min_size=0, max_size=5))
        stem = dp.Author(**people[0]).family if people else "anon"
        stem = "".join(c for c in stem.lower() if c.isascii() and c.isalnum()) or "x"
        key = f"{stem}{year or ''}p{index}"
        assert key.casefold() not in keys
        keys.add(key.casefold())
        length = draw(st.integers(0, 14))
        paper: dict[str, Any] = {
            "key": key,
            "title": draw(titles()),
            "authors": people,
            "pages": {"first": page, "last": page + length},
            "et_al": bool(people) and draw(st.booleans()),
        }
        if draw(st.booleans()):
            paper["doi"] = f"10.{draw(st.integers(1000, 99999))}/conf.{year or 0}.{index:05d}"
        made.append(paper)
        page += length + 1 + draw(st.integers(0, 3))
    return made


@st.composite
def volumes(draw: st.DrawFn, *, full_date: bool | None = None) -> dp.Workshop:
    """A volume; *full_date* True/False forces a day, or only a year (and maybe a month)."""
    acronym = draw(st.sampled_from(_ACRONYMS))
    year = draw(st.integers(1990, 2030))
    with_day = draw(st.booleans()) if full_date is None else full_date
    data: dict[str, Any] = {
        "title": f"{draw(titles())} Workshop on {draw(titles())} ({acronym})",
        "acronym": acronym,
    }
    if with_day:
        data["date"] = datetime.date(year, draw(st.integers(1, 12)), draw(st.integers(1, 28)))
    else:
        data["year"] = year
        data["month"] = draw(st.one_of(st.none(), st.integers(1, 12)))
    if draw(st.booleans()):
        data["short_title"] = f"{acronym} {year}"
    data["location"] = draw(st.one_of(st.none(), st.sampled_from(_PLACES)))
    data["publisher"] = draw(st.one_of(st.none(), st.sampled_from(_PUBLISHERS)))
    data["publisher_place"] = draw(st.one_of(st.none(), st.sampled_from(_PUBLISHER_PLACES)))
    data["isbn_print"] = draw(st.one_of(st.none(), isbns()))
    data["isbn_online"] = draw(st.one_of(st.none(), isbns()))
    count = draw(st.integers(1, 6))
    data["sessions"] = [{"papers": draw(papers(count, year))}]
    return dp.Workshop.model_validate(data)
