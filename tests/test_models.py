"""Model invariants: every rejection names the field and the bad value."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from pydantic import ValidationError

import dls_proceedings as dp


def _paper(key: str, first: int, last: int, **extra: Any) -> dict[str, Any]:
    return {
        "key": key,
        "title": f"Title of {key}",
        "authors": [{"given": "Ada", "family": "Lovelace"}],
        "pages": {"first": first, "last": last},
        **extra,
    }


def _volume(**changes: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "title": "A Workshop",
        "acronym": "AW",
        "date": "2021-05-04",
        "location": {"city": "Delft", "country": "The Netherlands"},
        "publisher": "IEEE",
        "sessions": [{"title": "S", "papers": [_paper("a2021x", 1, 5), _paper("b2021y", 6, 9)]}],
    }
    data.update(changes)
    return data


def test_round_trip_of_bundled_volume(volume: dp.Workshop) -> None:
    assert dp.Workshop.model_validate(volume.model_dump()) == volume
    assert dp.Workshop.model_validate_json(volume.model_dump_json()) == volume
    dumped = volume.model_dump()
    assert dumped["year"] == 2020
    assert dumped["key"] == "dls2020"


def test_minimal_volume_is_valid() -> None:
    wk = dp.Workshop.model_validate(_volume())
    assert wk.key == "aw2021"
    assert wk.location is not None
    assert wk.location.country_code == "NL"
    assert wk.date == datetime.date(2021, 5, 4)
    assert (wk.year, wk.month) == (2021, 5)


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        ({"key": "conf/aw/2021"}, ("conf/aw/2021", 2021, 5, datetime.date(2021, 5, 4))),
        ({"date": None, "year": 2021}, ("aw2021", 2021, None, None)),
        ({"date": None, "year": 2021, "month": 3}, ("aw2021", 2021, 3, None)),
        ({"date": None, "acronym": None, "key": "k", "year": None}, ("k", None, None, None)),
    ],
    ids=["key-given-is-kept", "year-only", "year-and-month", "no-date-at-all"],
)
def test_volume_dates_and_key(changes: dict[str, Any], expected: tuple[Any, ...]) -> None:
    wk = dp.Workshop.model_validate(_volume(**changes))
    assert (wk.key, wk.year, wk.month, wk.date) == expected
    assert dp.Workshop.model_validate(wk.model_dump()) == wk


def test_a_volume_needs_neither_place_nor_publisher_nor_pages() -> None:
    # Volumes read from BibTeX or CSL-JSON often lack them; nothing is invented.
    paper = {k: v for k, v in _paper("a2021x", 1, 2).items() if k != "pages"}
    data = _volume(location=None, publisher=None)
    data["sessions"] = [{"papers": [paper, _paper("b2021y", 6, 9)]}]
    wk = dp.Workshop.model_validate(data)
    assert (wk.location, wk.publisher, wk.papers[0].pages) == (None, None, None)
    assert repr(wk).endswith("2 papers, 2021-05-04>")


def test_every_paper_carries_its_volumes_venue(volume: dp.Workshop) -> None:
    venue = volume.venue
    assert all(p.venue is venue for p in volume.papers)
    assert all(p.venue is venue for s in volume.sessions for p in s.papers)
    assert (venue.key, venue.title, venue.year, venue.month, venue.publisher) == (
        "dls2020",
        volume.title,
        2020,
        11,
        "IEEE",
    )
    assert (venue.isbn_print, venue.isbn_online) == (volume.isbn_print, volume.isbn_online)
    # Validated anew from a dump: the same volume, the venue said once in the dump.
    dumped = volume.model_dump()
    assert all("venue" not in p for s in dumped["sessions"] for p in s["papers"])
    again = dp.Workshop.model_validate(dumped)
    assert again == volume
    assert again.papers[3].venue == venue
    # A paper alone keeps its venue through its own dump.
    paper = volume.paper("jansen2020ddl")
    assert dp.Paper.model_validate(paper.model_dump()).venue == venue


def test_a_paper_naming_another_venue_is_refused(volume: dp.Workshop) -> None:
    other = dp.Venue(title="Another Workshop", key="aw2021", year=2021)
    data = _volume()
    data["sessions"][0]["papers"][0]["venue"] = other.model_dump()
    with pytest.raises(ValidationError, match=r"'a2021x' names another venue.*'Another Workshop'"):
        dp.Workshop.model_validate(data)
    # Its own venue, or none, is fine.
    data["sessions"][0]["papers"][0]["venue"] = None
    wk = dp.Workshop.model_validate(data)
    data["sessions"][0]["papers"][0]["venue"] = wk.venue.model_dump()
    assert dp.Workshop.model_validate(data) == wk


@pytest.mark.parametrize(
    ("values", "fragment"),
    [
        ({"title": "X", "date": "2021-05-04", "year": 2020}, "year 2020 contradicts"),
        ({"title": "X", "month": 13, "year": 2020}, "less than or equal to 12"),
        ({"title": "X", "month": 2}, "without a year"),
        ({"title": " "}, "must not be empty"),
        ({"title": "X", "key": "a b"}, "invalid citation key"),
    ],
    ids=["date-and-year-disagree", "month-13", "month-without-year", "blank-title", "bad-key"],
)
def test_venue_rejections(values: dict[str, Any], fragment: str) -> None:
    with pytest.raises(ValidationError, match=fragment):
        dp.Venue.model_validate(values)


@pytest.mark.parametrize(
    ("changes", "fragments"),
    [
        ({"isbn_print": "978-1-6654-2246-9"}, ["isbn_print", "978-1-6654-2246-9", "checksum"]),
        ({"isbn_online": "978-1-6654"}, ["isbn_online", "978-1-6654"]),
        ({"title": "   "}, ["title", "blank"]),
        ({"acronym": ""}, ["acronym", "empty"]),
        ({"title": "A Workshop "}, ["title", "whitespace", "'A Workshop '"]),
        ({"title": "A\nWorkshop"}, ["title", "control character U+000A"]),
        (
            {"front_matter": [{"title": "Preface", "page": "iiii"}]},
            ["front_matter", "'iiii'", "roman"],
        ),
        ({"front_matter": [{"title": "Preface", "page": "V"}]}, ["'V'", "lower-case"]),
        (
            {"front_matter": [{"title": "B", "page": "vi"}, {"title": "A", "page": "v"}]},
            ["front matter pages must ascend", "'vi', 'v'"],
        ),
        (
            {"location": {"city": "Delft", "country": "Narnia"}},
            ["unknown country 'Narnia'", "ISO 3166"],
        ),
        ({"author_index_page": 9}, ["author index on page 9", "ends on page 9"]),
        ({"sessions": []}, ["sessions", "at least 1"]),
        ({"acronym": None}, ["key", "Field required"]),
        ({"editor": "Someone"}, ["editor", "Extra inputs are not permitted"]),
        ({"year": 2019}, ["year 2019 contradicts", "2021"]),
        ({"month": 6}, ["month 6 contradicts the date 2021-05-04"]),
        ({"date": None, "month": 6, "key": "k"}, ["month 6 is given without a year"]),
    ],
    ids=[
        "isbn-check-digit",
        "isbn-too-short",
        "blank-title",
        "empty-acronym",
        "trailing-space",
        "newline",
        "bad-roman",
        "upper-roman",
        "front-matter-order",
        "unknown-country",
        "index-before-last-page",
        "no-sessions",
        "no-key-nor-acronym",
        "unknown-field",
        "contradicting-year",
        "contradicting-month",
        "month-without-year",
    ],
)
def test_volume_rejections(changes: dict[str, Any], fragments: list[str]) -> None:
    with pytest.raises(ValidationError) as info:
        dp.Workshop.model_validate(_volume(**changes))
    message = str(info.value)
    for fragment in fragments:
        assert fragment in message


@pytest.mark.parametrize(
    ("papers", "fragments"),
    [
        (
            [_paper("a2021x", 1, 5), _paper("a2021x", 6, 9)],
            ["citation keys must be unique", "repeated: a2021x"],
        ),
        (
            [_paper("a2021x", 1, 5), _paper("b2021y", 5, 9)],
            ["'b2021y' starts on page 5", "overlap"],
        ),
        (
            [_paper("a2021x", 6, 9), _paper("b2021y", 1, 5)],
            ["'b2021y' starts on page 1", "page order"],
        ),
        ([_paper("a2021x", 9, 5)], ["page range 9-5 runs backwards"]),
        ([_paper("a2021x", 0, 5)], ["pages.first", "greater than 0"]),
        ([_paper("a 2021", 1, 5)], ["invalid citation key 'a 2021'", "' '"]),
        ([_paper("a{2021}", 1, 5)], ["invalid citation key", "'{', '}'"]),
        ([_paper("aw2021", 1, 5)], ["repeated: aw2021"]),
        ([_paper("a2021x", 1, 5, doi="doi.org/10.1/x")], ["invalid DOI 'doi.org/10.1/x'"]),
        ([_paper("a2021x", 1, 5, doi="https://doi.org/10.1109/X.1")], ["without the resolver"]),
        ([_paper("a2021x", 1, 5, doi="10.1109/a b")], ["invalid DOI '10.1109/a b'"]),
        (
            [_paper("a2021x", 1, 5, authors=[{"given": "Ada", "family": " "}])],
            ["authors.0.family", "blank"],
        ),
        (
            [_paper("a2021x", 1, 2), _paper("b2021y", 2, 3), _paper("b2021y", 4, 5)],
            ["'b2021y' starts on page 2", "repeated: b2021y"],
        ),
        # Hostile keys and DOIs (fuzzing reproducers): accepted before, after which
        # model_dump_json() raised and no export could be encoded.
        ([_paper("a\ud800", 1, 5)], ["invalid citation key", "'\\ud800'"]),
        ([_paper("a\x00b", 1, 5)], ["invalid citation key", "'\\x00'"]),
        ([_paper("a\x1bb", 1, 5)], ["invalid citation key", "'\\x1b'"]),
        ([_paper("a\u202eb", 1, 5)], ["invalid citation key", "'\\u202e'"]),
        ([_paper("a2021x", 1, 5, doi="10.1109/a\ud800")], ["invalid DOI"]),
        ([_paper("a2021x", 1, 5, doi="10.1109/a\x00")], ["invalid DOI"]),
        ([_paper("a2021x", 1, 5, doi="10.1109/a\u2066b")], ["invalid DOI"]),
        (
            [_paper("murai2020online", 1, 5), _paper("MURAI2020online", 6, 9)],
            ["differ in more than letter case", "'murai2020online' and 'MURAI2020online'"],
        ),
        ([_paper("AW2021", 1, 5)], ["'AW2021' and 'aw2021'"]),
    ],
    ids=[
        "duplicate-key",
        "overlapping-pages",
        "pages-out-of-order",
        "backwards-range",
        "page-zero",
        "key-with-space",
        "key-with-braces",
        "key-equals-volume-key",
        "doi-host-without-scheme",
        "doi-as-url",
        "doi-with-space",
        "blank-family-name",
        "every-problem-reported",
        "key-lone-surrogate",
        "key-nul",
        "key-escape",
        "key-bidi-override",
        "doi-lone-surrogate",
        "doi-nul",
        "doi-bidi-isolate",
        "keys-differing-in-case",
        "key-like-volume-key-in-case",
    ],
)
def test_paper_rejections(papers: list[dict[str, Any]], fragments: list[str]) -> None:
    with pytest.raises(ValidationError) as info:
        dp.Workshop.model_validate(_volume(sessions=[{"title": "S", "papers": papers}]))
    message = str(info.value)
    for fragment in fragments:
        assert fragment in message


@pytest.mark.parametrize(
    ("printed", "affiliations", "ok"),
    [
        ("SURFsara, The Netherlands", [("SURFsara", "The Netherlands")], True),
        ("SURF / Leiden University", [("SURF", None), ("Leiden University", None)], True),
        ("SURFsara, The Netherlands", [("SURFsara", None)], False),
        ("Google", [("Google", "USA")], False),
        ("Intel Corporation", [], False),
    ],
    ids=["country-kept", "slash-split", "country-dropped", "country-invented", "all-dropped"],
)
def test_printed_affiliation_must_match(
    printed: str, affiliations: list[tuple[str, str | None]], ok: bool
) -> None:
    data = {
        "given": "Ada",
        "family": "Lovelace",
        "printed_affiliation": printed,
        "affiliations": [{"name": n, "country": c} for n, c in affiliations],
    }
    if ok:
        assert dp.Author.model_validate(data).printed_affiliation == printed
    else:
        with pytest.raises(ValidationError, match="do not match the printed text"):
            dp.Author.model_validate(data)


@pytest.mark.parametrize(
    ("country", "code"),
    [
        ("Japan", "JP"),
        ("U.S.A.", "US"),
        ("USA", "US"),
        ("Canada", "CA"),
        ("The Netherlands", "NL"),
        ("United Kingdom", "GB"),
        ("Deutschland", None),
        ("germany", "DE"),
    ],
)
def test_country_codes(country: str, code: str | None) -> None:
    if code is None:
        with pytest.raises(ValidationError, match=f"unknown country '{country}'"):
            dp.Affiliation(name="X", country=country)
    else:
        assert dp.Affiliation(name="X", country=country).country_code == code


def test_affiliation_dump_round_trip_checks_country_code() -> None:
    aff = dp.Affiliation(name="Louisiana State University", country="U.S.A.")
    assert aff.model_dump() == {
        "name": "Louisiana State University",
        "country": "U.S.A.",
        "country_code": "US",
    }
    assert dp.Affiliation.model_validate(aff.model_dump()) == aff
    with pytest.raises(ValidationError, match="country_code 'CA' contradicts"):
        dp.Affiliation.model_validate({**aff.model_dump(), "country_code": "CA"})


def test_models_are_hashable_and_immutable(volume: dp.Workshop) -> None:
    paper = volume.papers[0]
    assert hash(paper) == hash(paper.model_copy())
    with pytest.raises(ValidationError, match="frozen"):
        paper.title = "x"  # type: ignore[misc]
    assert isinstance(paper.authors, tuple)


def test_page_range_str_and_count() -> None:
    assert str(dp.PageRange(first=56, last=62)) == "56–62"
    assert str(dp.PageRange(first=7, last=7)) == "7"
    assert dp.PageRange(first=56, last=62).count == 7


def test_reprs_a_person_can_read(volume: dp.Workshop) -> None:
    assert len(repr(volume)) < 200
    assert repr(volume).startswith("<Workshop dls2020 '2020 IEEE/ACM Fourth Workshop")
    assert str(volume) == volume.title
    paper = volume.paper("cai2020deepgalaxy")
    assert str(paper.authors[1]) == "Jeroen Bédorf"
    assert repr(paper.authors[1]) == "<Author 'Jeroen Bédorf'>"
    assert str(paper) == paper.title
    assert repr(volume.sessions[1]) == "<Session 'Applications': 3 papers>"
    assert [repr(p) for p in volume.authors() if p.family == "Codreanu"] == [
        "<Person 'Valeriu Codreanu': 2 papers>"
    ]


def test_repr_html_escapes_the_data() -> None:
    hostile = "<script>alert(1)</script> & Co"
    paper = dp.Paper(
        key="x2020a",
        title=hostile,
        authors=(dp.Author(given="A", family="<b>B</b>"),),
        pages=dp.PageRange(first=1, last=2),
        doi="10.1234/a<b>",
    )
    html = paper._repr_html_()
    assert "<script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp; Co" in html
    assert "&lt;b&gt;B&lt;/b&gt;" in html
    assert 'href="https://doi.org/10.1234/a&lt;b&gt;"' in html
    volume_html = dp.load()._repr_html_()
    assert volume_html.count("<li>") == 7
    assert "Atlanta, Georgia, USA, 11 November 2020" in volume_html
