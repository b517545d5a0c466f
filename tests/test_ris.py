"""RIS export and import: our writer, rispy and citation-js read the same volume."""

from __future__ import annotations

import json
import shutil
import subprocess
from typing import Any

import pytest
import rispy

import dls_proceedings as dp
from dls_proceedings.formats import EXPORTERS, FORMATS
from dls_proceedings.formats.ris import ris_records, volume_parts
from dls_proceedings.formats.volume import read_volume

from . import transcription as T
from .conftest import ROOT, require

CITATION_JS = ROOT / "tools" / "citation-js"


def _carried(paper: dp.Paper) -> tuple[object, ...]:
    # What a RIS paper record carries of a paper.
    return (
        paper.key,
        paper.title,
        [(a.given, a.family) for a in paper.authors],
        paper.pages,
        paper.doi,
    )


# --------------------------------------------------------------------------- export


def test_export_is_deterministic_lf_utf8(volume: dp.Workshop) -> None:
    text = dp.to_ris(volume)
    assert text == dp.to_ris(dp.Workshop.model_validate(volume.model_dump()))
    assert "\r" not in text
    assert "Bédorf" in text
    assert text.startswith("TY  - CPAPER\n")
    assert text.endswith("ER  - \n")
    assert text.count("TY  - ") == text.count("ER  - ") == 8
    # Records are separated by one blank line and nothing else (no "1." headers).
    assert all(r.startswith("TY  - ") for r in text.split("\n\n"))


def test_paper_record(volume: dp.Workshop) -> None:
    record = dp.to_ris(volume.paper("cai2020deepgalaxy")).splitlines()
    assert record == [
        "TY  - CPAPER",
        "ID  - cai2020deepgalaxy",
        "TI  - DeepGalaxy: Deducing the Properties of Galaxy Mergers from Images Using Deep "
        "Neural Networks",
        "AU  - Cai, Maxwell X.",
        "AU  - Bédorf, Jeroen",
        "AU  - Saletore, Vikram A.",
        "AU  - Codreanu, Valeriu",
        "AU  - Podareanu, Damian",
        "AU  - Chaibi, Adel",
        "AU  - Qian, Penny X.",
        f"T2  - {T.TITLE}",
        "PY  - 2020",
        "DA  - 2020/11/11/",
        "PB  - IEEE",
        f"CY  - {T.PLACE}",
        f"C1  - {T.PUBLISHER_PLACE}",
        f"SN  - {T.ISBN_POD}",
        f"SN  - {T.ISBN_ONLINE}",
        "SP  - 56",
        "EP  - 62",
        "DO  - 10.1109/DLS51937.2020.00012",
        "ER  - ",
    ]


def test_volume_record(volume: dp.Workshop) -> None:
    book = dp.to_ris(volume).split("\n\n")[-1].splitlines()
    assert book == [
        "TY  - BOOK",
        "ID  - dls2020",
        f"TI  - {T.TITLE}",
        "PY  - 2020",
        "DA  - 2020/11/11/",
        "PB  - IEEE",
        f"CY  - {T.PUBLISHER_PLACE}",
        f"SN  - {T.ISBN_POD}",
        f"SN  - {T.ISBN_ONLINE}",
        f"SP  - {T.AUTHOR_INDEX_PAGE}",
        "ER  - ",
    ]


def test_papers_without_a_venue_and_with_volume_argument(volume: dp.Workshop) -> None:
    bare = [p.model_copy(update={"venue": None}) for p in volume.papers[:2]]
    assert "T2  - " not in dp.to_ris(bare)
    assert dp.to_ris(bare, volume=volume) == dp.to_ris(volume.papers[:2])
    with pytest.raises(dp.ArgumentTypeError):
        dp.to_ris([volume])  # type: ignore[list-item]


def test_registered_exporter() -> None:
    assert "ris" in FORMATS
    assert EXPORTERS["ris"] is dp.to_ris


def test_object_stage_is_rispys() -> None:
    records = ris_records(dp.load())
    assert rispy.dumps(records).count("TY  - ") == 8
    assert records[0]["type_of_reference"] == "CPAPER"
    assert records[0]["secondary_title"] == T.TITLE


# --------------------------------------------------------------------------- round trips


def test_round_trip_papers(volume: dp.Workshop) -> None:
    papers = dp.from_ris(dp.to_ris(volume))
    assert [_carried(p) for p in papers] == [_carried(p) for p in volume.papers]
    venue = papers[0].venue
    assert venue is not None
    assert (venue.key, venue.title, venue.date, venue.publisher, venue.isbn_print) == (
        "dls2020",
        T.TITLE,
        volume.date,
        "IEEE",
        T.ISBN_POD,
    )
    assert str(venue.location) == T.PLACE


@pytest.mark.parametrize("sniffed", [False, True], ids=["format-ris", "sniffed"])
def test_read_volume_gives_back_what_ris_carries(volume: dp.Workshop, sniffed: bool) -> None:
    back = read_volume(dp.to_ris(volume), format=None if sniffed else "ris")
    carried = [
        "key", "title", "acronym", "date", "year", "month", "location", "publisher",
        "publisher_place", "isbn_print", "isbn_online", "author_index_page",
    ]  # fmt: skip
    assert {f: getattr(back, f) for f in carried} == {f: getattr(volume, f) for f in carried}
    assert [_carried(p) for p in back.papers] == [_carried(p) for p in volume.papers]
    # What RIS does not carry (docs/formats.md): short title, sessions...
    assert back.short_title is None
    assert len(back.sessions) == 1


def test_volume_parts(volume: dp.Workshop) -> None:
    papers, container, extra = volume_parts(dp.to_ris(volume))
    assert container is not None
    assert (container.key, container.title) == ("dls2020", T.TITLE)
    assert extra == {"author_index_page": T.AUTHOR_INDEX_PAGE}
    assert {p.venue.key for p in papers if p.venue is not None} == {"dls2020"}


def test_rispy_reads_our_text(volume: dp.Workshop) -> None:
    records = rispy.loads(dp.to_ris(volume))
    assert [r["type_of_reference"] for r in records] == ["CPAPER"] * 7 + ["BOOK"]
    for record, paper in zip(records, volume.papers, strict=False):
        assert record["id"] == paper.key
        assert record["title"] == paper.title
        assert record["authors"] == [a.inverted_name for a in paper.authors]
        assert record["secondary_title"] == T.TITLE
        assert paper.pages is not None
        assert (record["start_page"], record["end_page"]) == (
            str(paper.pages.first),
            str(paper.pages.last),
        )
        assert record.get("doi") == paper.doi


def _citation_js(text: str) -> list[dict[str, Any]]:
    node = shutil.which("node")
    require(node is not None, "node is not installed (apt-get install nodejs)")
    installed = (CITATION_JS / "node_modules" / "@citation-js" / "plugin-ris").is_dir()
    require(installed, "citation-js is not installed: npm ci --prefix tools/citation-js")
    assert node is not None
    out = subprocess.run(
        [node, str(CITATION_JS / "read_ris.js")],
        input=text,
        capture_output=True,
        text=True,
        encoding="utf-8",
        check=True,
        timeout=60,
    )
    items: list[dict[str, Any]] = json.loads(out.stdout)
    return items


def test_citation_js_reads_what_we_and_rispy_read(volume: dp.Workshop) -> None:
    text = dp.to_ris(volume)
    items = _citation_js(text)
    ours = dp.from_ris(text)
    by_rispy = rispy.loads(text)
    assert [i["type"] for i in items] == ["paper-conference"] * 7 + ["book"]
    for item, paper, record in zip(items, ours, by_rispy, strict=False):
        assert item["id"] == paper.key == record["id"]
        assert item["title"] == paper.title == record["title"]
        names = [(a.get("given"), a["family"]) for a in item["author"]]
        assert names == [(a.given, a.family) for a in paper.authors]
        assert paper.pages is not None
        assert item["page"] == f"{paper.pages.first}-{paper.pages.last}"
        assert item.get("DOI") == paper.doi == record.get("doi")
        # The venue: citation-js reads a CPAPER's T2 as the event's title, CY as its place.
        venue = paper.venue
        assert venue is not None
        assert item["event-title"] == venue.title == record["secondary_title"]
        # C1 is the place of publication for both.
        assert item["event-place"] == str(venue.location)
        assert item["publisher-place"] == venue.publisher_place
        assert item["publisher"] == venue.publisher
        assert venue.date is not None
        assert item["issued"] == {
            "date-parts": [[venue.date.year, venue.date.month, venue.date.day]]
        }
    book = items[-1]
    assert (book["id"], book["title"], book["number-of-pages"]) == (
        "dls2020",
        T.TITLE,
        str(T.AUTHOR_INDEX_PAGE),
    )
    # Two SN lines: citation-js keeps both ISBNs, in order (print, online).
    assert book["ISBN"] == [T.ISBN_POD, T.ISBN_ONLINE]


# --------------------------------------------------------------------------- reading others' RIS

ZOTERO_STYLE = """\ufeffTY  - CONF\r
TI  - A Paper\r
AU  - Doe, Jane\r
AU  - Roe, R.\r
T2  - Workshop on Things\r
C3  - Proceedings of the Workshop on Things\r
C1  - Berlin, Germany\r
DA  - 2021-06\r
PY  - 2021\r
SP  - 10-19\r
SN  - 978-1-6654-2246-8\r
ER  - \r
"""


def test_reads_zotero_style_conf_with_bom_and_crlf() -> None:
    for data in (ZOTERO_STYLE, ZOTERO_STYLE.encode("utf-8")):
        (paper,) = dp.from_ris(data)
        assert paper.key == "doe2021a"
        assert [(a.given, a.family) for a in paper.authors] == [("Jane", "Doe"), ("R.", "Roe")]
        assert (paper.pages.first, paper.pages.last) == (10, 19)  # type: ignore[union-attr]
        venue = paper.venue
        assert venue is not None
        assert venue.title == "Proceedings of the Workshop on Things"
        assert venue.short_title == "Workshop on Things"
        assert (venue.year, venue.month, venue.date) == (2021, 6, None)
        # Zotero writes a conference paper's place in C1: the place of publication.
        assert venue.publisher_place == "Berlin, Germany"
        assert venue.location is None


def test_derived_keys_are_unique_and_stable() -> None:
    record = "TY  - CPAPER\nTI  - Deep Things\nAU  - Cai, M.\nPY  - 2020\nER  - \n\n"
    text = record * 2 + record.replace("TY  - CPAPER\n", "TY  - CPAPER\nID  - cai2020deep\n")
    assert [p.key for p in dp.from_ris(text)] == ["cai2020deepa", "cai2020deepb", "cai2020deep"]


def test_continuation_lines_and_corporate_names() -> None:
    text = "TY  - CPAPER\nTI  - A Title That\n  Goes On\nAU  - The DLS Consortium\nER  - \n"
    (paper,) = dp.from_ris(text)
    assert paper.title == "A Title That Goes On"
    assert [(a.given, a.family) for a in paper.authors] == [(None, "The DLS Consortium")]


def test_empty_input_is_no_papers() -> None:
    assert dp.from_ris("") == []
    assert dp.from_ris("\n  \n") == []


# --------------------------------------------------------------------------- problems


def test_every_problem_is_listed_with_its_line() -> None:
    text = (
        "TY  - CPAPER\nID  - a\nAU  - Doe, J.\nER  - \n"  # 1: no title
        "TY  - CPAPER\nID  - b\nTI  - B\nSP  - x1\nEP  - 9\nER  - \n"  # 5: bad page
        "TY  - JOUR\nID  - c\nTI  - C\nER  - \n"  # 11: not a paper
        "TY  - CPAPER\nID  - b\nTI  - B again\nER  - \n"  # 15: repeated ID
        "TY  - CPAPER\nID  - e\nTI  - E\nPY  - 2020\nDA  - Fall 2020\nER  - \n"  # 19: bad date
        "TY  - BOOK\nID  - f\nTI  - Not their volume\nER  - \n"  # 25: a BOOK of its own
        "TY  - CPAPER\nID  - g\nTI  - G\nTI  - G2\nER  - \n"  # 29: title twice
        "TI  - stray\n"  # 34: outside a record
        "TY  - CPAPER\nTI  - Unclosed\n"  # 35
    )
    with pytest.raises(dp.RisError) as info:
        dp.from_ris(text)
    problems = info.value.problems
    expected = [
        "line 1: record 1 ('a'): no title (TI or T1)",
        "line 5: record 2 ('b'): SP 'x1': expected a page number (digits, at most 9)",
        "line 11: record 3 ('c'): TY 'JOUR' is not a paper (CPAPER or CONF)",
        "line 15: record 4 ('b'): ID 'b' repeats record 2's (line 5)",
        "line 19: record 5 ('e'): DA 'Fall 2020': expected a date",
        "line 25: record 6 ('f'): TY 'BOOK' is not a paper",
        "line 29: record 7 ('g'): TI is given twice ('G' and 'G2')",
        "line 34: a TI line outside a record",
        "line 35: record 8: no ER line",
    ]
    assert len(problems) == len(expected), problems
    for problem, start in zip(problems, expected, strict=True):
        assert problem.startswith(start), (problem, start)
    assert isinstance(info.value, dp.InputError)


def test_the_error_docstring_example() -> None:
    with pytest.raises(dp.RisError) as info:
        dp.from_ris("TY  - CPAPER\nAU  - Cai, Maxwell X.\nER  - \n")
    assert info.value.problems == ("line 1: record 1: no title (TI or T1)",)


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ("hello\n", "line 1: no RIS record"),
        (b"TY  - CPAPER\n\xff\n", "line 2: not UTF-8 text: byte 0xff"),
        ("ER  - \n", "line 1: an ER line outside a record"),
        ("TY  - CPAPER\nTI  - T\nTY  - CPAPER\nTI  - U\nER  - \n", "line 1: record 1: no ER line"),
        ("TY  - CPAPER\nID  - a b\nTI  - T\nER  - \n", "key: Value error, invalid citation key"),
        ("TY  - CPAPER\nTI  - T\nEP  - 9\nER  - \n", "EP '9' without SP"),
        ("TY  - CPAPER\nTI  - T\nSP  - 9\nEP  - 1\nER  - \n", "pages: Value error, page range 9-1"),
        ("TY  - CPAPER\nTI  - T\nDO  - https://doi.org/10.1/x\nER  - \n", "doi: Value error"),
        ("TY  - \nTI  - T\nER  - \n", "no type: the TY line is empty"),
        (
            "TY  - CPAPER\nTI  - T\nT2  - V\nPY  - 2020\nDA  - 2021/01/01/\nER  - \n",
            "name different years",
        ),
        ("TY  - CPAPER\nTI  - T\nT2  - V\nSN  - 978-0-00-000000-1\nER  - \n", "venue.isbn_print"),
        ("TY  - CPAPER\nTI  - T\x00\nER  - \n", "title: Value error, must not contain control"),
    ],
)
def test_import_problems(text: str | bytes, fragment: str) -> None:
    with pytest.raises(dp.RisError) as info:
        dp.from_ris(text)
    assert fragment in str(info.value)


@pytest.mark.parametrize("data", [None, 5, ["TY  - CPAPER"]], ids=["none", "int", "list"])
def test_wrong_argument_type(data: object) -> None:
    with pytest.raises(dp.ArgumentTypeError, match="expected RIS text"):
        dp.from_ris(data)  # type: ignore[arg-type]


def test_a_bad_value_is_reported_once() -> None:
    with pytest.raises(dp.RisError) as info:
        dp.from_ris("TY  - CPAPER\nID  - a\nTI  - T\nDO  - nodoi\nER  - \n")
    assert len(info.value.problems) == 1
    assert "invalid DOI 'nodoi'" in info.value.problems[0]
