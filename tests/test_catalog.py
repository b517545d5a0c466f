"""The bundled data against an independent transcription of the source, fact by fact."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from pydantic import BaseModel

import dls_proceedings as dp
from dls_proceedings.catalog import DATA_FILE

from . import transcription as T
from .conftest import PUBLIC_RECORDS, SOURCE


def test_load_is_cached_and_frozen(volume: dp.Workshop) -> None:
    assert dp.load() is volume
    with pytest.raises(Exception, match="frozen"):
        volume.title = "x"  # type: ignore[misc]


def test_volume_facts(volume: dp.Workshop) -> None:
    assert volume.title == T.TITLE
    assert volume.title_variants == (T.TITLE_PAGE_TITLE,)
    assert volume.short_title == T.SHORT_TITLE
    assert volume.acronym == "DLS"
    assert volume.ordinal == 4
    assert volume.year == 2020
    assert volume.date == T.DATE
    assert str(volume.location) == T.PLACE
    assert volume.location is not None
    assert (volume.location.city, volume.location.region, volume.location.country) == (
        "Atlanta",
        "Georgia",
        "USA",
    )
    assert volume.location.country_code == "US"
    assert volume.publisher == "IEEE"
    assert volume.ieee_catalog_number == T.CATALOG
    assert volume.isbn_print == T.ISBN_POD
    assert volume.isbn_online == T.ISBN_ONLINE
    assert volume.key == "dls2020"


def test_copyright_and_printer(volume: dp.Workshop) -> None:
    assert volume.copyright is not None
    assert str(volume.copyright) == T.COPYRIGHT
    assert volume.copyright.rights == T.RIGHTS
    assert volume.copyright.permissions[0].startswith(T.PERMISSIONS_START)
    assert volume.copyright.permissions[-1].endswith(T.PERMISSIONS_END)
    assert volume.print_note == T.PRINT_NOTE
    # The publisher's place is the city and state of the publisher's own address, as the
    # copyright page prints it, in the sentence that names IEEE.
    assert volume.publisher_place == T.PUBLISHER_PLACE
    source = dp.catalog.SOURCE_FILE.read_text(encoding="utf-8")
    sentence = next(line for line in source.splitlines() if "IEEE Service Center" in line)
    assert f", {T.PUBLISHER_PLACE} 08854." in sentence
    printer = volume.printer
    assert printer is not None
    printed = (
        printer.name,
        *printer.address,
        f"Phone: {printer.phone}",
        f"Fax: {printer.fax}",
        f"E-mail: {printer.email}",
        f"Web: {printer.web}",
    )
    assert printed == T.PRINTER_LINES


def test_front_matter_and_index_page(volume: dp.Workshop) -> None:
    assert [(i.title, i.page) for i in volume.front_matter] == list(T.FRONT_MATTER)
    assert [i.page_number for i in volume.front_matter] == [5, 6]
    assert volume.author_index_page == T.AUTHOR_INDEX_PAGE


def test_sessions_titles_pages_and_bylines(volume: dp.Workshop) -> None:
    got = [
        (volume.session_of(p).title, p.title, p.pages.first if p.pages else None)
        for p in volume.papers
    ]
    assert got == [row[:3] for row in T.TOC]
    for paper, row in zip(volume.papers, T.TOC, strict=True):
        printed = T.split_byline(row[3])
        assert [(a.name, a.printed_affiliation) for a in paper.authors] == printed, paper.key


def test_page_ranges_follow_from_printed_start_pages(volume: dp.Workshop) -> None:
    starts = [row[2] for row in T.TOC]
    ends = [nxt - 1 for nxt in starts[1:]] + [T.AUTHOR_INDEX_PAGE - 1]
    assert [(p.pages.first, p.pages.last) for p in volume.papers if p.pages] == list(
        zip(starts, ends, strict=True)
    )


def test_affiliations_structured_as_documented(volume: dp.Workshop) -> None:
    for paper in volume.papers:
        for author in paper.authors:
            assert author.printed_affiliation is not None
            expected = T.AFFILIATIONS[author.printed_affiliation]
            assert [(a.name, a.country) for a in author.affiliations] == expected, author.name
            for aff in author.affiliations:
                code = None if aff.country is None else T.COUNTRY_CODES[aff.country]
                assert aff.country_code == code


@pytest.mark.parametrize(
    ("printed", "given", "family"),
    [
        ("Hamsa Shwetha Venkataram", "Hamsa Shwetha", "Venkataram"),
        ("Chris A Mattmann", "Chris A", "Mattmann"),
        ("Maxwell X. Cai", "Maxwell X.", "Cai"),
        ("Jeroen Bédorf", "Jeroen", "Bédorf"),
        ("Ana-Lucia Varbanescu", "Ana-Lucia", "Varbanescu"),
    ],
    ids=["two-given", "bare-initial", "dotted-initial", "accent", "hyphenated"],
)
def test_name_split(volume: dp.Workshop, printed: str, given: str, family: str) -> None:
    matches = [a for p in volume.papers for a in p.authors if a.name == printed]
    assert matches
    assert all((a.given, a.family) == (given, family) for a in matches)


def test_keys_and_dois(volume: dp.Workshop) -> None:
    assert tuple(p.key for p in volume.papers) == T.KEYS
    assert tuple(p.doi for p in volume.papers) == T.DOIS


def test_name_and_title_variants_from_public_records(volume: dp.Workshop) -> None:
    jansen = volume.paper("jansen2020ddl")
    assert jansen.authors[0].name_variants == ("Matthijs S. Jansen",)
    assert volume.paper("acevedo2020vandermonde").authors[2].name_variants == ("Shantanu H. Joshi",)
    assert any("DDLBench" in v for v in jansen.title_variants)
    murai = volume.paper("murai2020online")
    assert any("LARS: Going beyond" in v for v in murai.title_variants)
    assert any("LARS, Going beyond" in v for v in murai.title_variants)


def test_load_builds_exactly_what_validation_builds(volume: dp.Workshop) -> None:
    """load() skips validation (model_construct); the bundled file must validate to the same."""
    validated = dp.Workshop.model_validate_json(DATA_FILE.read_bytes())
    assert validated == volume
    assert validated.model_dump() == volume.model_dump()
    assert validated.model_dump_json() == volume.model_dump_json()
    assert hash(validated) == hash(volume)

    def shape(value: object) -> object:
        # Types and the fields set, all the way down: == alone would not see a dict
        # where a model belongs, or a default that the file spelled out.
        if isinstance(value, BaseModel):
            fields = {name: shape(getattr(value, name)) for name in type(value).model_fields}
            return (type(value), sorted(value.model_fields_set), fields)
        if isinstance(value, tuple):
            return tuple(shape(v) for v in value)
        return (type(value), value)

    assert shape(validated) == shape(volume)


def test_data_file_is_canonical_utf8_json() -> None:
    raw = DATA_FILE.read_bytes()
    assert b"\r" not in raw
    assert raw.endswith(b"\n")
    data = json.loads(raw.decode("utf-8"))
    assert "Bédorf" in raw.decode("utf-8"), "non-ASCII letters are stored as UTF-8, not escaped"
    assert dp.Workshop.model_validate(data) == dp.load()


# ---------------------------------------------------------------- the transcription vs the source


def _source_text() -> str:
    return SOURCE.read_text(encoding="utf-8")


def _plain(text: str) -> str:
    return re.sub(r"\s+", " ", text.replace("**", "")).strip()


def test_transcription_matches_source_document() -> None:
    source = _plain(_source_text())
    facts = [
        T.TITLE,
        T.TITLE_PAGE_TITLE,
        T.SHORT_TITLE,
        f"{T.PLACE} {T.DAY}",
        f"IEEE Catalog Number: {T.CATALOG}",
        f"ISBN (Print-On-Demand): {T.ISBN_POD}",
        f"ISBN (Online): {T.ISBN_ONLINE}",
        f"{T.COPYRIGHT} {T.RIGHTS}",
        T.PERMISSIONS_START,
        T.PERMISSIONS_END,
        T.PRINT_NOTE,
        " ".join(T.PRINTER_LINES),
        f"Author Index {T.AUTHOR_INDEX_PAGE}",
    ]
    facts += [f"{title} .{page}." for title, page in T.FRONT_MATTER]
    for session, title, page, byline in T.TOC:
        facts += [session, f"{title} .{page}.", byline]
    missing = [fact for fact in facts if fact not in source]
    assert not missing


def test_data_keeps_every_printed_word() -> None:
    """Every word of the source occurs somewhere in the bundled data file."""
    data = DATA_FILE.read_text(encoding="utf-8")
    words = set(re.findall(r"[^\W_]+", data))
    # The data stores the day as an ISO date; its printed spelling is checked above.
    assert dp.load().date == T.DATE
    words |= set(T.DAY.split())
    source_words = set(re.findall(r"[^\W_]+", _source_text()))
    # Words of the page layout, not facts: the leader dots' neighbours and field labels.
    labels = {"Table", "Contents", "Phone", "Fax", "E", "mail", "Web", "ISBN", "Print", "On",
              "Demand", "Online", "IEEE", "Catalog", "Number", "Author", "Index"}  # fmt: skip
    assert sorted(source_words - words - labels) == []


def test_dois_and_pages_agree_with_public_records(volume: dp.Workshop) -> None:
    rows = [
        line.split("|")[1:4]
        for line in PUBLIC_RECORDS.read_text(encoding="utf-8").splitlines()
        if re.match(r"\| [1-7] ", line)
    ]
    assert len(rows) == 7
    for paper, (number, doi, seen) in zip(volume.papers, rows, strict=True):
        expected = doi.strip() if doi.strip().startswith("10.") else None
        assert paper.doi == expected, number
        stated = re.search(r"(\d+)[–-](\d+)|First Page (\d+), Last Page (\d+)", seen)
        if stated:
            first, last = (int(g) for g in stated.groups() if g)
            assert paper.pages is not None
            assert (paper.pages.first, paper.pages.last) == (first, last), number


def test_load_reads_the_data_file_and_nothing_else(tmp_path: Path) -> None:
    """No cache: a file planted where the old pickle cache lived (code to run on
    unpickling, or a FIFO that hung every command) is never opened."""
    cache = tmp_path / "cache" / "dls_proceedings"
    cache.mkdir(parents=True)
    os.mkfifo(cache / "dls2020-planted.pickle")
    code = (
        "import sys, dls_proceedings as dp\n"
        "opened = []\n"
        "sys.addaudithook(lambda event, args: opened.append(str(args[0])) "
        "if event == 'open' else None)\n"
        "dp.load()\n"
        "print('\\n'.join(opened))\n"
    )
    env = {**os.environ, "XDG_CACHE_HOME": str(tmp_path / "cache"), "HOME": str(tmp_path)}
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=env, timeout=60
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == [str(DATA_FILE)]
