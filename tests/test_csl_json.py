"""CSL-JSON export and import."""

from __future__ import annotations

import json
from typing import Any

import pytest

import dls_proceedings as dp

from . import transcription as T
from .conftest import CSL_SCHEMA


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
        assert item["title"] == row[1]
        assert item["container-title"] == T.TITLE
        assert item["event-title"] == "DLS 2020"
        assert item["event-place"] == T.PLACE
        assert item["event-date"] == {"date-parts": [[2020, 11, 11]]}
        assert item["issued"] == {"date-parts": [[2020, 11]]}
        assert item["publisher"] == "IEEE"
        assert item["ISBN"] == T.ISBN_POD
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
        ('{"id": "a"}', "expected a JSON array of items"),
        ('[{"id": "a", "type": "book", "title": "T", "page": "x1"}]', "item 0 ('a'): page 'x1'"),
        ('[{"id": "a b", "type": "book", "title": "T"}]', "invalid citation key 'a b'"),
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


@pytest.mark.parametrize("data", [None, 5, {"id": "a"}], ids=["none", "int", "dict"])
def test_wrong_argument_type(data: object) -> None:
    with pytest.raises(dp.ArgumentTypeError, match="expected CSL-JSON text"):
        dp.from_csl_json(data)  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        dp.from_csl_json(data)  # type: ignore[arg-type]
