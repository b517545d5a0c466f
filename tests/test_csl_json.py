"""CSL-JSON export and import."""

from __future__ import annotations

import json
from typing import Any

import pytest

import dls_proceedings as dp
from dls_proceedings.formats._case import plain_text
from dls_proceedings.formats.csl_json import volume_parts
from dls_proceedings.formats.volume import read_volume

from . import transcription as T
from .conftest import CSL_SCHEMA, DATA


def _validator() -> Any:
    import jsonschema

    schema = json.loads(CSL_SCHEMA.read_text(encoding="utf-8"))
    return jsonschema.Draft7Validator(schema)


@pytest.mark.parametrize(
    "items",
    ["volume", "session", "paper", "papers"],
)
def test_every_document_validates_against_the_schema(volume: dp.Workshop, items: str) -> None:
    source: Any = {
        "volume": volume,
        "session": volume.sessions[1],
        "paper": volume.papers[0],
        "papers": list(volume.papers[2:5]),
    }[items]
    errors = sorted(_validator().iter_errors(json.loads(dp.dump_csl_json(source))), key=str)
    assert errors == []


def test_schema_rejects_what_it_should() -> None:
    bad = [{"id": "x", "type": "paper-conference", "event_title": "typo"}]
    assert list(_validator().iter_errors(bad))


def test_paper_items(volume: dp.Workshop) -> None:
    items = dp.to_csl_json(volume)
    assert [i["id"] for i in items] == [*T.KEYS, "dls2020"]
    for item, row, doi in zip(items, T.TOC, T.DOIS, strict=False):
        assert item["type"] == "paper-conference"
        # Sentence case in the data (the CSL convention), the printed title beside it.
        assert item.get("custom", {"printed-title": row[1]})["printed-title"] == row[1]
        assert plain_text(item["title"])[0].casefold() == row[1].casefold()
        assert plain_text(item["title"])[0][0] == row[1][0]
        assert item["container-title"] == T.TITLE
        assert item["event-title"] == "DLS 2020"
        assert item["event-place"] == T.PLACE
        assert item["event-date"] == {"date-parts": [[2020, 11, 11]]}
        assert item["issued"] == {"date-parts": [[2020, 11]]}
        assert item["publisher"] == "IEEE"
        # The online edition's, which the DOIs resolve to.
        assert item["ISBN"] == T.ISBN_ONLINE
        assert item["publisher-place"] == T.PUBLISHER_PLACE
        assert item["event-place"] == T.PLACE
        assert item.get("DOI") == doi
        assert item["page-first"] == str(row[2])
    assert items[6]["author"][1] == {"family": "Bédorf", "given": "Jeroen"}
    assert items[6]["page"] == "56-62"


def test_volume_item(volume: dp.Workshop) -> None:
    book = dp.to_csl_json(volume)[-1]
    assert book["type"] == "book"
    assert book["title"] == T.TITLE
    assert book["number-of-pages"] == str(T.AUTHOR_INDEX_PAGE)
    assert "container-title" not in book
    assert "author" not in book


def test_dump_is_deterministic_utf8(volume: dp.Workshop) -> None:
    text = dp.dump_csl_json(volume)
    assert text == dp.dump_csl_json(dp.Workshop.model_validate(volume.model_dump()))
    assert "Bédorf" in text
    assert text.endswith("]\n")
    assert "\r" not in text


def test_round_trip(volume: dp.Workshop) -> None:
    papers = dp.from_csl_json(dp.dump_csl_json(volume))
    assert len(papers) == 7
    for ours, back in zip(volume.papers, papers, strict=True):
        assert (back.key, back.title, back.pages, back.doi) == (
            ours.key,
            ours.title,
            ours.pages,
            ours.doi,
        )
        assert [(a.given, a.family) for a in back.authors] == [
            (a.given, a.family) for a in ours.authors
        ]


@pytest.mark.parametrize(
    ("data", "fragment"),
    [
        ("3", "expected a JSON array of items, or one item object, got int"),
        (
            '[{"id": "a", "type": "paper-conference", "title": "T", "page": "x1"}]',
            "item 0 ('a'): page: 'x1'",
        ),
        ('[{"id": "a b", "type": "paper-conference", "title": "T"}]', "invalid citation key 'a b'"),
        ('[1, {"id": "b", "type": "book"}]', "item 0: expected an object, got int"),
    ],
    ids=["not-a-list", "bad-page", "bad-key", "not-an-object-and-no-title"],
)
def test_import_errors(data: str, fragment: str) -> None:
    with pytest.raises(dp.CslJsonError) as info:
        dp.from_csl_json(data)
    assert fragment in str(info.value)


# Reproducers from the fuzzing campaign: each raised a raw exception (JSONDecodeError,
# UnicodeDecodeError, RecursionError, ValueError, TypeError, AttributeError) before.
@pytest.mark.parametrize(
    ("data", "fragment"),
    [
        ("[", "line 1: not JSON: Expecting value (column 2)"),
        (b"\xff\xfe[]", "line 1: not UTF-8 text: byte 0xff at offset 0"),
        ("[" * 100_000, "nested too deeply"),
        ('[{"id": 1' + "0" * 5000 + "}]", "Exceeds the limit (4300 digits)"),
        (
            '[{"id": "a", "type": "book", "title": "T"}, '
            '{"id": "b", "title": "U", "container-title": ["x"], "author": 3}]',
            "item 1 ('b'): author: expected a list of name objects, got int 3",
        ),
        ('[{"id": "a", "title": "T", "author": "Smith"}]', "author: expected a list of name"),
        ('[{"id": "a", "title": "T", "author": ["Smith"]}]', "author.0: expected a name object"),
        ('[{"id": "a", "title": ["T"]}]', "title: expected a string, got list ['T']"),
        ('[{"id": "a", "title": "T", "page": "1-' + "9" * 5000 + '"}]', "at most 9 digits"),
        (
            '[{"id": "a", "title": "T", "author": [{"family": 5}]}]',
            "authors.0.family: Input should be a valid string",
        ),
    ],
    ids=[
        "truncated",
        "not-utf8",
        "deep-nesting",
        "huge-number",
        "container-list",
        "author-string",
        "author-list-of-strings",
        "title-list",
        "huge-page",
        "family-number",
    ],
)
def test_hostile_input_is_a_csl_json_error(data: str | bytes, fragment: str) -> None:
    with pytest.raises(dp.CslJsonError) as info:
        dp.from_csl_json(data)
    assert fragment in str(info.value)


@pytest.mark.parametrize("data", [None, 5, ("a",)], ids=["none", "int", "tuple"])
def test_wrong_argument_type(data: object) -> None:
    with pytest.raises(dp.ArgumentTypeError, match="expected CSL-JSON text"):
        dp.from_csl_json(data)  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        dp.from_csl_json(data)  # type: ignore[arg-type]


# --------------------------------------------------------------------------- reading others' CSL-JSON

DOI_ORG = DATA / "doi-org"


def _schema_errors(items: Any) -> list[str]:
    return sorted(error.message for error in _validator().iter_errors(items))


def test_doi_org_fixture_is_schema_valid_but_for_its_missing_id() -> None:
    item = json.loads((DOI_ORG / "deepgalaxy.csl.json").read_text(encoding="utf-8"))
    assert isinstance(item, dict)  # one object, as doi.org returns it
    assert _schema_errors([item]) == ["'id' is a required property"]
    assert _schema_errors([{**item, "id": "x"}]) == []
    crossref = json.loads((DOI_ORG / "deepgalaxy.crossref.json").read_text(encoding="utf-8"))
    # Crossref's own fields are outside the schema: the importer ignores or reads them.
    errors = _schema_errors([{**crossref, "id": "x"}])
    assert sum("'sequence': " in e and "not valid" in e for e in errors) == 7  # the names
    assert "['9781665422451'] is not of type 'string'" in errors  # ISBN as a list
    assert any(e.startswith("Additional properties are not allowed") for e in errors)


@pytest.mark.parametrize("name", ["deepgalaxy.csl.json", "deepgalaxy.crossref.json"])
def test_doi_org_item_reads_as_the_paper(volume: dp.Workshop, name: str) -> None:
    text = (DOI_ORG / name).read_text(encoding="utf-8")
    for data in (text, text.encode("utf-8"), json.loads(text)):
        (paper,) = dp.from_csl_json(data)
        ours = volume.paper("cai2020deepgalaxy")
        assert paper.key == ours.key  # made from Cai, 2020 and "DeepGalaxy"
        assert (paper.title, paper.pages, paper.doi) == (ours.title, ours.pages, ours.doi)
        assert [(a.given, a.family) for a in paper.authors] == [
            (a.given, a.family) for a in ours.authors
        ]
        venue = paper.venue
        assert venue is not None
        assert (venue.key, venue.title, venue.short_title) == (None, T.TITLE, None)
        assert (venue.publisher, venue.year, venue.month, venue.date) == ("IEEE", 2020, 11, None)
        assert venue.isbn_print == "9781665422451"
    assert venue is not None
    if "crossref" in name:
        assert [str(a) for a in paper.authors[1].affiliations] == ["minds.ai"]
        assert str(venue.location) == T.PLACE  # from Crossref's event object
    else:
        assert venue.location is None


def test_read_volume_gives_back_what_csl_json_carries(volume: dp.Workshop) -> None:
    back = read_volume(dp.dump_csl_json(volume), format="csl-json")
    carried = [
        "key", "title", "short_title", "acronym", "date", "year", "month", "location",
        "publisher", "publisher_place", "author_index_page",
    ]  # fmt: skip
    assert {f: getattr(back, f) for f in carried} == {f: getattr(volume, f) for f in carried}
    # CSL's one ISBN is the online edition's; a lone ISBN is read as the print one.
    assert back.isbn_print == volume.isbn_online
    for ours, paper in zip(volume.papers, back.papers, strict=True):
        assert (paper.key, paper.title, paper.pages, paper.doi) == (
            ours.key,
            ours.title,
            ours.pages,
            ours.doi,
        )
        assert [(a.given, a.family) for a in paper.authors] == [
            (a.given, a.family) for a in ours.authors
        ]
    # Not carried (docs/formats.md): the print ISBN, sessions, affiliations, front matter.
    assert back.isbn_online is None
    assert len(back.sessions) == 1


def test_volume_parts_and_the_container_key(volume: dp.Workshop) -> None:
    papers, container, extra = volume_parts(dp.dump_csl_json(volume))
    assert container is not None
    assert (container.key, container.title, container.date) == ("dls2020", T.TITLE, volume.date)
    assert extra == {"author_index_page": T.AUTHOR_INDEX_PAGE}
    assert {p.venue.key for p in papers if p.venue is not None} == {"dls2020"}


def _item(**variables: Any) -> dict[str, Any]:
    return {"type": "paper-conference", "title": "Deep Things", **variables}


def test_keys_are_derived_unique_and_stable() -> None:
    cai = {"author": [{"family": "Cai", "given": "M."}], "issued": {"date-parts": [[2020]]}}
    items = [_item(**cai), _item(**cai), _item(id="cai2020deep", **cai), _item()]
    assert [p.key for p in dp.from_csl_json(items)] == [
        "cai2020deepa",
        "cai2020deepb",
        "cai2020deep",
        "anondeep",
    ]


def test_every_bad_item_is_a_problem() -> None:
    items = [
        _item(id="a", **{"container-title": "V"}),
        _item(id="a"),
        {"id": "j", "type": "article-journal", "title": "J"},
        {"id": "t", "type": "thesis", "title": "T"},
        {"id": "b", "type": "book", "title": "Another book"},
        {"id": "v", "type": "book", "title": "V"},
        {"id": "v2", "type": "book", "title": "V"},
        _item(id="d", issued={"raw": "Fall 2020"}),
        _item(id="e", issued={"date-parts": [[2020, "x"]]}, ISBN=[5]),
        _item(id="f", author=[{"family": "Doe", "affiliation": "Uni"}], **{"event-title": 5}),
    ]
    with pytest.raises(dp.CslJsonError) as info:
        dp.from_csl_json(items)
    assert info.value.problems == (
        "item 1 ('a'): id 'a' repeats item 0's; ids must be unique",
        "item 2 ('j'): type 'article-journal' is not a paper ('paper-conference') nor the "
        "volume the papers are in (a 'book' whose title is their container-title)",
        "item 3 ('t'): type 'thesis' is not a paper ('paper-conference') nor the "
        "volume the papers are in (a 'book' whose title is their container-title)",
        "item 4 ('b'): type 'book' is not a paper ('paper-conference') nor the "
        "volume the papers are in (a 'book' whose title is their container-title)",
        "item 6 ('v2'): a second book item for the volume 'V' (the first is item 5); "
        "give the volume once",
        "item 7 ('d'): issued.raw: cannot read the date 'Fall 2020'; expected 2020, 2020-11 "
        "or 2020-11-11",
        "item 8 ('e'): issued.date-parts.0.1: expected a number, got 'x'",
        "item 8 ('e'): ISBN.0: expected a string, got int 5",
        "item 9 ('f'): author.0.affiliation: expected a list of {\"name\": ...} objects, got 'Uni'",
        "item 9 ('f'): event-title: expected a string, got int 5",
    )


@pytest.mark.parametrize(
    ("issued", "expected"),
    [
        ({"raw": "2020"}, (2020, None)),
        ({"literal": "2020-11"}, (2020, 11)),
        ({"raw": "2020-11-11"}, (2020, 11)),
        ({"date-parts": [["2020", "11"]]}, (2020, 11)),
        ({"date-parts": [[2020, 11, 9], [2020, 11, 13]]}, (2020, 11)),
    ],
)
def test_dates(issued: dict[str, Any], expected: tuple[int, int | None]) -> None:
    (paper,) = dp.from_csl_json([_item(id="k", issued=issued, **{"container-title": "V"})])
    assert paper.venue is not None
    assert (paper.venue.year, paper.venue.month, paper.venue.date) == (*expected, None)


def test_the_event_day_is_the_venue_date() -> None:
    item = _item(
        id="k",
        issued={"date-parts": [[2020, 11]]},
        **{"container-title": "V", "event-date": {"date-parts": [[2020, 11, 11]]}},
    )
    (paper,) = dp.from_csl_json(item)
    assert paper.venue is not None
    assert str(paper.venue.date) == "2020-11-11"
    ranged = {**item, "event-date": {"date-parts": [[2020, 11, 9], [2020, 11, 13]]}}
    (paper,) = dp.from_csl_json(ranged)
    assert paper.venue is not None
    assert paper.venue.date is None  # a range names no one day


def test_names() -> None:
    names = [
        {"literal": "The DLS Consortium"},
        {"family": "Beethoven", "given": "Ludwig", "non-dropping-particle": "van"},
        {"family": "Gogh", "given": "Vincent", "dropping-particle": "van"},
        {"family": "King", "given": "Martin Luther", "suffix": "Jr."},
    ]
    (paper,) = dp.from_csl_json(_item(id="k", author=names))
    assert [(a.given, a.family) for a in paper.authors] == [
        (None, "The DLS Consortium"),
        ("Ludwig", "van Beethoven"),
        ("Vincent van", "Gogh"),
        ("Martin Luther", "King Jr."),
    ]


def test_a_bad_value_is_reported_once() -> None:
    with pytest.raises(dp.CslJsonError) as info:
        dp.from_csl_json('[{"id": "a", "type": "paper-conference", "title": "T", "DOI": "nodoi"}]')
    assert len(info.value.problems) == 1
    assert "invalid DOI 'nodoi'" in info.value.problems[0]
