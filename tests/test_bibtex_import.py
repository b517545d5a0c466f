"""BibTeX and biblatex import as real files are written: venues, values, entry types, volumes.

Every test here failed before ``from_bibtex`` read venues and BibTeX's value syntax,
and before ``read_volume`` read a volume from a .bib. The real-world entries are
written by hand in the documented conventions of their sources (DBLP, ACM DL,
IEEE Xplore, Google Scholar, Zotero with Better BibTeX).
"""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings

import dls_proceedings as dp
from dls_proceedings.formats.bibtex import resolve_value, volume_parts

from . import transcription as T
from .strategies import volumes

ATLANTA = dp.Location(city="Atlanta", region="Georgia", country="USA")


def problems_of(text: str) -> tuple[str, ...]:
    with pytest.raises(dp.BibTeXError) as info:
        dp.from_bibtex(text)
    return info.value.problems


def venue_of(fields: str, *, kind: str = "inproceedings", extra: str = "") -> dp.Venue | None:
    """The venue of one paper with *fields* (and the entries in *extra* after it)."""
    (paper,) = dp.from_bibtex(f"@{kind}{{p,\n  title = {{A Paper}},\n{fields}\n}}\n{extra}")
    return paper.venue


def facts(venue: dp.Venue | None) -> dict[str, Any]:
    """The venue's facts that are set."""
    assert venue is not None
    dumped = venue.model_dump(exclude={"location"})
    return {k: v for k, v in dumped.items() if v not in (None, ())} | (
        {"location": str(venue.location)} if venue.location else {}
    )


# --------------------------------------------------------------------------- 1. venues


@pytest.mark.parametrize(
    ("fields", "expected"),
    [
        ("booktitle = {Proc. of X}", {"title": "Proc. of X"}),
        ("booktitle = {Proc. of X}, year = 2020", {"title": "Proc. of X", "year": 2020}),
        ("booktitle = {X}, year = {2020}, month = nov", {"title": "X", "year": 2020, "month": 11}),
        ("booktitle = {X}, year = {2020}, month = {11}", {"title": "X", "year": 2020, "month": 11}),
        ("booktitle = {X}, year = {2020}, month = 11", {"title": "X", "year": 2020, "month": 11}),
        ("booktitle = {X}, year = {2020}, month = {Nov}", {"title": "X", "year": 2020, "month": 11}),
        ("booktitle = {X}, year = {2020}, month = {Nov.}", {"title": "X", "year": 2020, "month": 11}),
        ("booktitle = {X}, year = {2020}, month = {november}", {"title": "X", "year": 2020, "month": 11}),
        ("booktitle = {X}, year = {2020}, month = {Sept.}", {"title": "X", "year": 2020, "month": 9}),
        ('booktitle = {X}, year = {2020}, month = nov # "~11"', {"title": "X", "year": 2020, "month": 11}),
        ("booktitle = {X}, year = {2020}, month = jul # {~10--14}", {"title": "X", "year": 2020, "month": 7}),
        ("booktitle = {X}, publisher = {{IEEE}}", {"title": "X", "publisher": "IEEE"}),
        ("booktitle = {X}, organization = {IEEE}", {"title": "X"}),
        ("booktitle = {X}, address = {Piscataway, NJ}", {"title": "X", "publisher_place": "Piscataway, NJ"}),
        ("booktitle = {X}, address = {New York, NY, USA}", {"title": "X", "publisher_place": "New York, NY, USA"}),
        ("booktitle = {X}, location = {Delft, The Netherlands}", {"title": "X", "location": "Delft, The Netherlands"}),
        ("booktitle = {X}, venue = {Kyoto, Japan}, location = {Berlin, Germany}", {"title": "X", "location": "Kyoto, Japan", "publisher_place": "Berlin, Germany"}),
        ("booktitle = {X}, location = {Virtual Event, USA}, address = {New York, NY, USA}", {"title": "X", "location": "Virtual Event, USA", "publisher_place": "New York, NY, USA"}),
        ("booktitle = {X}, date = {2021-05}, location = {Cham}", {"title": "X", "year": 2021, "month": 5, "publisher_place": "Cham"}),
        ("booktitle = {X}, date = {2021}, location = {Cham}, address = {Cham}", {"title": "X", "year": 2021, "publisher_place": "Cham"}),
        ("booktitle = {X}, isbn = {978-1-6654-2246-8}", {"title": "X", "isbn_print": T.ISBN_POD}),
        ("booktitle = {X}, isbn = {978-1-6654-2245-1 (electronic)}", {"title": "X", "isbn_online": T.ISBN_ONLINE}),
        ("booktitle = {X}, isbn = {eISBN 978-1-6654-2245-1}", {"title": "X", "isbn_online": T.ISBN_ONLINE}),
        (
            "booktitle = {X}, isbn = {978-1-6654-2246-8 (print), 978-1-6654-2245-1 (online)}",
            {"title": "X", "isbn_print": T.ISBN_POD, "isbn_online": T.ISBN_ONLINE},
        ),
        ("booktitle = {X}, isbn = {ISBN-13: 978-1-6654-2246-8}", {"title": "X", "isbn_print": T.ISBN_POD}),
        ("booktitle = {X}, date = {2020-11}", {"title": "X", "year": 2020, "month": 11}),
        ("booktitle = {X}, date = {2020}", {"title": "X", "year": 2020}),
        (
            "booktitle = {X}, date = {2020-11}, eventdate = {2020-11-11}",
            {"title": "X", "year": 2020, "month": 11, "date": datetime.date(2020, 11, 11)},
        ),
        (
            "booktitle = {X}, eventdate = {2020-11-11}",
            {"title": "X", "year": 2020, "month": 11, "date": datetime.date(2020, 11, 11)},
        ),
        (
            "booktitle = {X}, date = {2020-11}, eventdate = {2020-11-11/2020-11-13}",
            {"title": "X", "year": 2020, "month": 11},
        ),
        (
            "booktitle = {X}, date = {2021-01}, eventdate = {2020-12-28}",
            {"title": "X", "year": 2021, "month": 1},
        ),
        ("booktitle = {X}, eventtitle = {DLS 2020}", {"title": "X", "short_title": "DLS 2020"}),
        ("booktitle = {X}, volume = {}, number = {}, ISSN = {}", {"title": "X"}),
    ],
    ids=[
        "booktitle", "year", "month-macro", "month-braced-number", "month-bare-number",
        "month-abbreviation", "month-abbreviation-dot", "month-name", "month-sept",
        "month-macro-with-day", "month-macro-with-days", "publisher", "organization-is-not-publisher",
        "address-is-the-publishers-place", "address-with-country", "location",
        "venue-and-location", "location-and-address", "biblatex-location",
        "biblatex-location-and-address-agree", "isbn-print", "isbn-electronic", "isbn-eisbn", "isbn-both",
        "isbn-13-prefix", "date-month", "date-year", "eventdate", "eventdate-alone",
        "eventdate-range", "eventdate-other-month", "eventtitle", "empty-fields",
    ],
)  # fmt: skip
def test_a_paper_carries_its_venue(fields: str, expected: dict[str, Any]) -> None:
    assert facts(venue_of(fields)) == expected


_VOLUME_ENTRY = """
@proceedings{vol2020,
  title     = {Proceedings of the Workshop on X (WX)},
  publisher = {IEEE},
  location  = {Atlanta, Georgia, USA},
  month     = nov,
  year      = 2020,
  isbn      = {978-1-6654-2246-8}
}
"""


@pytest.mark.parametrize(
    ("fields", "extra", "expected"),
    [
        (
            "crossref = {vol2020}",
            _VOLUME_ENTRY,
            {
                "key": "vol2020", "title": "Proceedings of the Workshop on X (WX)", "year": 2020,
                "month": 11, "publisher": "IEEE", "location": str(ATLANTA), "isbn_print": T.ISBN_POD,
            },
        ),
        (
            "crossref = {vol2020}, pages = {1--9}",
            _VOLUME_ENTRY.replace("title ", "booktitle = {X},\n  title "),
            {
                "key": "vol2020", "title": "X", "year": 2020, "month": 11, "publisher": "IEEE",
                "location": str(ATLANTA), "isbn_print": T.ISBN_POD,
            },
        ),
        (
            "crossref = {vol2020}, booktitle = {Proceedings of the Workshop on X (WX)}, year = 2020",
            _VOLUME_ENTRY,
            {
                "key": "vol2020", "title": "Proceedings of the Workshop on X (WX)", "year": 2020,
                "month": 11, "publisher": "IEEE", "location": str(ATLANTA), "isbn_print": T.ISBN_POD,
            },
        ),
        (
            "crossref = {vol2020}, publisher = {ACM}",
            _VOLUME_ENTRY,
            {
                "key": "vol2020", "title": "Proceedings of the Workshop on X (WX)", "year": 2020,
                "month": 11, "publisher": "ACM", "location": str(ATLANTA), "isbn_print": T.ISBN_POD,
            },
        ),
        (
            "crossref = {book1}",
            "@book{book1, title = {Papers of X}, publisher = {Springer}, year = 2019}",
            {"key": "book1", "title": "Papers of X", "year": 2019, "publisher": "Springer"},
        ),
        (
            "crossref = {vol1}",
            "@proceedings{vol1, title = {X, Volume 1}, crossref = {all}}\n"
            "@mvproceedings{all, title = {X}, year = 2021, publisher = {ACM}}",
            {"key": "vol1", "title": "X, Volume 1", "year": 2021, "publisher": "ACM"},
        ),
    ],
    ids=["title-is-booktitle", "booktitle-of-the-volume", "own-fields-agree", "own-field-wins", "book-as-volume", "volume-of-a-multivolume"],
)  # fmt: skip
def test_crossref_inherits_the_volume(fields: str, extra: str, expected: dict[str, Any]) -> None:
    assert facts(venue_of(fields, extra=extra)) == expected


def test_a_volume_before_its_papers_is_read_too() -> None:
    text = _VOLUME_ENTRY + "@inproceedings{p, title = {A}, crossref = {vol2020}}\n"
    (paper,) = dp.from_bibtex(text)
    assert paper.venue is not None
    assert paper.venue.key == "vol2020"


def test_a_doi_url_gives_the_doi_when_there_is_no_doi_field() -> None:
    (paper,) = dp.from_bibtex(
        "@inproceedings{p, title = {A}, url = {https://doi.org/10.1145/3458817.3476165}}"
    )
    assert paper.doi == "10.1145/3458817.3476165"
    (paper,) = dp.from_bibtex("@inproceedings{p, title = {A}, url = {https://example.org/a%20b}}")
    assert paper.doi is None


@pytest.mark.parametrize(
    ("fields", "problem"),
    [
        ("year = 2020, publisher = {IEEE}", "no booktitle (nor a crossref to the volume's entry): its year, publisher would be lost, as a volume is known by its title"),
        ("booktitle = {X}, year = {2020a}", "year '2020a': expected a number such as 2020"),
        ("booktitle = {X}, year = 2020, month = {Brumaire}", "month 'Brumaire': expected a month: 1 to 12, a name such as 'Nov' or 'November', or a macro jan to dec"),
        ("booktitle = {X}, year = 2020, month = 13", "month '13': expected a month: 1 to 12, a name such as 'Nov' or 'November', or a macro jan to dec"),
        ("booktitle = {X}, month = 11", "Value error, month 11 is given without a year"),
        ("booktitle = {X}, date = {Fall 2020}", "date 'Fall 2020': expected a date such as 2020-11-11, 2020-11 or 2020, or a range such as 2020-11-11/2020-11-13"),
        ("booktitle = {X}, eventdate = {2020-02-30}", "eventdate '2020-02-30': day is out of range for month"),
        ("booktitle = {X}, year = 2019, date = {2020-11}", "year 2019 contradicts date '2020-11'"),
        ("booktitle = {X}, isbn = {978-1-6654-2246-9}", "isbn: Value error, invalid ISBN '978-1-6654-2246-9': The number's checksum or check digit is invalid.; expected a 10- or 13-digit ISBN with a correct check digit, e.g. '978-1-6654-2246-8'"),
        ("booktitle = {X}, isbn = {978-1-6654-2246-8, 978-1-6654-2245-1}", "isbn '978-1-6654-2246-8, 978-1-6654-2245-1': 2 ISBNs and no word telling which is the print and which the online edition; mark them, e.g. '978-1-6654-2246-8 (print), 978-1-6654-2245-1 (online)'"),
        ("booktitle = {X}, isbn = {none}", "isbn 'none': no ISBN in 'none'"),
        ("booktitle = {Proc. \\cite{x}}", "booktitle: unsupported LaTeX macro \\cite"),
        ("booktitle = conf", "booktitle: undefined macro 'conf': define it with @string{conf = {...}} before the entry"),
        ("booktitle = {X}, address = {Atlanta \\\\ Georgia}", "address: unsupported LaTeX macro \\\\"),
        ("booktitle = {X}, date = {2021}, location = {Cham}, address = {Berlin}", "address 'Berlin' and location 'Cham' both name the publisher's place in a biblatex entry (biblatex reads address as location); keep one"),
    ],
    ids=["facts-without-booktitle", "year", "month-name", "month-number", "month-without-year", "date", "eventdate", "year-and-date", "isbn-check-digit", "two-unmarked-isbns", "no-isbn", "latex", "undefined-macro", "latex-in-the-place", "biblatex-two-publishers-places"],
)  # fmt: skip
def test_venue_fields_that_cannot_be_read_are_problems(fields: str, problem: str) -> None:
    assert problems_of(f"@inproceedings{{p, title = {{A}}, {fields}}}") == (
        f"line 1: entry 'p': {problem}",
    )


def test_a_problem_of_the_volume_is_reported_once_at_its_entry() -> None:
    papers = "".join(f"@inproceedings{{p{i}, title = {{A}}, crossref = {{v}}}}\n" for i in range(3))
    assert problems_of(papers + "@proceedings{v, title = {X}, year = {MMXX}}\n") == (
        "line 4: entry 'v': year 'MMXX': expected a number such as 2020",
    )


# --------------------------------------------------------------------------- 2. values


@pytest.mark.parametrize(
    ("raw", "macros", "value"),
    [
        ("{Deep\n                  Learning}", {}, "Deep Learning"),
        ('"Deep  \t Learning"', {}, "Deep Learning"),
        ("{ Deep }", {}, "Deep"),
        ("2020", {}, "2020"),
        ("conf", {"conf": "Proc. of X"}, "Proc. of X"),
        ("CONF", {"conf": "Proc. of X"}, "Proc. of X"),
        ('conf # " 2020"', {"conf": "Proc. of X"}, "Proc. of X 2020"),
        ("{a} # {b} # 7", {}, "ab7"),
        ('"a {"} b"', {}, 'a {"} b'),
        ("{a {b} c}", {}, "a {b} c"),
    ],
    ids=["wrapped-line", "quoted-spaces", "outer-spaces", "number", "macro", "macro-case", "concatenation", "three-parts", "quote-in-braces", "nested-braces"],
)  # fmt: skip
def test_values_resolve_as_bibtex_reads_them(raw: str, macros: dict[str, str], value: str) -> None:
    assert resolve_value(raw, macros) == (value, None)


def test_dblp_wrapped_fields_read_as_one_line() -> None:
    # DBLP wraps long values onto the next line; this was "control character U+000A".
    (paper,) = dp.from_bibtex(
        "@inproceedings{DBLP:conf/sc/WangYFZKW20,\n"
        "  author       = {Yunsong Wang and\n                  Charlene Yang},\n"
        "  title        = {Time-Based Roofline for Deep Learning Performance\n"
        "                  Analysis},\n"
        "  booktitle    = {{IEEE/ACM} Fourth Workshop on Deep Learning on Supercomputers, DLS@SC\n"
        "                  2020, Atlanta, GA, USA, November 11, 2020},\n"
        "  year         = {2020}\n}\n"
    )
    assert paper.title == "Time-Based Roofline for Deep Learning Performance Analysis"
    assert [a.name for a in paper.authors] == ["Yunsong Wang", "Charlene Yang"]
    assert paper.venue is not None
    assert paper.venue.title == (
        "IEEE/ACM Fourth Workshop on Deep Learning on Supercomputers, DLS@SC 2020, Atlanta, "
        "GA, USA, November 11, 2020"
    )


def test_strings_months_and_concatenation_are_resolved() -> None:
    text = """
@string{ieee = "IEEE"}
@string{dls = {Workshop on Deep Learning on Supercomputers}}
@string{dls20 = "2020 " # ieee # "/ACM Fourth " # dls}
@inproceedings{p,
  title = {A}, booktitle = dls20 # " (DLS)", publisher = ieee, month = nov, year = 2020
}
"""
    (paper,) = dp.from_bibtex(text)
    assert paper.venue == dp.Venue(title=T.TITLE, publisher="IEEE", year=2020, month=11)


def test_a_string_used_before_its_definition_is_undefined_as_in_bibtex() -> None:
    text = "@inproceedings{p, title = t}\n@string{t = {Title}}\n"
    assert problems_of(text) == (
        "line 1: entry 'p': title: undefined macro 't': define it with @string{t = {...}} "
        "before the entry",
    )


def test_a_month_macro_can_be_redefined() -> None:
    text = '@string{nov = "11"}\n@inproceedings{p, title = {A}, booktitle = {X}, year = 2020, month = nov}'
    (paper,) = dp.from_bibtex(text)
    assert paper.venue is not None
    assert paper.venue.month == 11


def test_a_broken_string_definition_is_a_problem_at_its_line() -> None:
    text = "@string{a = b}\n@inproceedings{p, title = a}\n"
    assert problems_of(text) == (
        "line 1: @string 'a': undefined macro 'b': define it with @string{b = {...}} before "
        "the entry",
        "line 2: entry 'p': title: undefined macro 'a': define it with @string{a = {...}} "
        "before the entry",
    )


@pytest.mark.parametrize(
    ("author", "names", "et_al"),
    [
        ("Doe, J. and others", ["J. Doe"], True),
        ("Doe, J. and Roe, R. and others", ["J. Doe", "R. Roe"], True),
        ("Doe, J.", ["J. Doe"], False),
        ("Doe, J. and {others}", ["J. Doe", "others"], False),
    ],
    ids=["one-and-others", "two-and-others", "complete", "braced-others-is-a-name"],
)
def test_and_others_sets_et_al(author: str, names: list[str], et_al: bool) -> None:
    (paper,) = dp.from_bibtex(f"@inproceedings{{p, title = {{A}}, author = {{{author}}}}}")
    assert [a.name for a in paper.authors] == names
    assert paper.et_al is et_al


def test_others_before_the_last_name_is_a_problem() -> None:
    assert problems_of("@inproceedings{p, title = {A}, author = {others and Doe, J.}}") == (
        "line 1: entry 'p': author: 'others' must be the last name of the list (it stands for "
        "the authors not listed)",
    )


def test_et_al_round_trips() -> None:
    paper = dp.Paper(key="p", title="A", authors=[dp.Author(family="Doe")], et_al=True)
    (back,) = dp.from_bibtex(dp.to_bibtex(paper, flavour="condensed"))
    assert (back.et_al, [a.family for a in back.authors]) == (True, ["Doe"])


# --------------------------------------------------------------------------- 3. entry types, keys


@pytest.mark.parametrize(
    ("kind", "article"),
    [
        ("article", "an @article"), ("book", "a @book"), ("misc", "a @misc"),
        ("phdthesis", "a @phdthesis"), ("techreport", "a @techreport"),
        ("incollection", "an @incollection"), ("online", "an @online"), ("ARTICLE", "an @article"),
    ],
    ids=["article", "book", "misc", "phdthesis", "techreport", "incollection", "online", "upper-case"],
)  # fmt: skip
def test_entries_that_are_not_papers_are_problems(kind: str, article: str) -> None:
    assert problems_of(f"@{kind}{{x, title = {{A}}, journal = {{J}}}}") == (
        f"line 1: entry 'x' is {article}, not a paper of a proceedings volume: only "
        "@inproceedings (or @conference) entries are read as papers, and @proceedings as "
        "their volume",
    )


@pytest.mark.parametrize("kind", ["inproceedings", "INPROCEEDINGS", "conference", "Conference"])
def test_inproceedings_and_conference_are_papers(kind: str) -> None:
    (paper,) = dp.from_bibtex(f"@{kind}{{x, title = {{A}}, booktitle = {{B}}}}")
    assert (paper.key, paper.title, paper.venue) == ("x", "A", dp.Venue(title="B"))


def test_volume_entries_are_not_papers() -> None:
    text = "@proceedings{v, title = {X}}\n@mvproceedings{w, title = {Y}}\n"
    assert dp.from_bibtex(text) == []


@pytest.mark.parametrize(
    ("text", "problems"),
    [
        (
            "@inproceedings{a, title = {A}}\n@inproceedings{a, title = {B}}\n",
            ["line 2: entry 'a': the key is also the entry's on line 1: keys must be unique"],
        ),
        (
            "@inproceedings{Cai2020, title = {A}}\n@inproceedings{cai2020, title = {B}}\n",
            ["line 2: entry 'cai2020': the key differs from 'Cai2020' (line 1) only in letter case: BibTeX and biber take them for one entry"],
        ),
        (
            "@inproceedings{a, title = {A}, crossref = {V}}\n@proceedings{v, title = {X}}\n",
            ["line 1: entry 'a': crossref 'V' is not an entry of this file (there is 'v': keys are case-sensitive)"],
        ),
        (
            "@inproceedings{a, title = {A}, crossref = {b}}\n@inproceedings{b, title = {B}}\n",
            ["line 1: entry 'a': crossref 'b' is an @inproceedings, not a volume entry (@proceedings, or a @book or @collection)"],
        ),
        (
            "@inproceedings{a, title = {A}, title = {B}}\n",
            ["line 1: entry 'a': field 'title' is given twice"],
        ),
    ],
    ids=["duplicate-key", "keys-differing-in-case", "crossref-in-another-case", "crossref-to-a-paper", "duplicate-field"],
)  # fmt: skip
def test_keys_and_crossrefs_that_cannot_be_read_are_problems(
    text: str, problems: list[str]
) -> None:
    assert list(problems_of(text)) == problems


def test_every_problem_is_listed_with_its_line() -> None:
    text = """@article{a, title = {A}}
@inproceedings{b,
  title = {B \\cite{x}},
  booktitle = {X}, year = {20x0}
}
@inproceedings{c, title = {C}, month = {Nov}, year = 2020, booktitle = undefined}
@inproceedings{b, title = {B}}
"""
    assert problems_of(text) == (
        "line 1: entry 'a' is an @article, not a paper of a proceedings volume: only "
        "@inproceedings (or @conference) entries are read as papers, and @proceedings as "
        "their volume",
        "line 2: entry 'b': year '20x0': expected a number such as 2020",
        "line 2: entry 'b': title: unsupported LaTeX macro \\cite",
        "line 6: entry 'c': booktitle: undefined macro 'undefined': define it with "
        "@string{undefined = {...}} before the entry",
        "line 7: entry 'b': the key is also the entry's on line 2: keys must be unique",
    )


# --------------------------------------------------------------------------- 4. volumes


def _papers_of(volume: dp.Workshop) -> list[tuple[Any, ...]]:
    return [
        (p.key, p.title, [(a.given, a.family) for a in p.authors], p.et_al, p.pages, p.doi)
        for p in volume.papers
    ]


def _export(volume: dp.Workshop, writer: str) -> str:
    """The volume as *writer* ("biblatex", "biblatex-crossref", or a BibTeX flavour) writes it."""
    if writer == "biblatex":
        return dp.to_biblatex(volume)
    if writer == "biblatex-crossref":
        return dp.to_biblatex(volume, flavour="crossref")
    return dp.to_bibtex(volume, flavour=writer)  # type: ignore[arg-type]


_VOLUME_FACTS = ("title", "key", "year", "month", "publisher", "location")
# One isbn field, the online ISBN when there is one (the DOIs' edition), read back as print.
_ISBN = "isbn"


def _facts(volume: dp.Workshop, names: tuple[str, ...]) -> dict[str, Any]:
    return {
        name: volume.isbn_online or volume.isbn_print if name == _ISBN else getattr(volume, name)
        for name in names
    }


def _read_facts(volume: dp.Workshop, names: tuple[str, ...]) -> dict[str, Any]:
    return {name: volume.isbn_print if name == _ISBN else getattr(volume, name) for name in names}


@pytest.mark.parametrize(
    ("writer", "carried"),
    [
        ("crossref", (*_VOLUME_FACTS, _ISBN)),
        ("standard", (*_VOLUME_FACTS, _ISBN)),
        (
            "condensed",
            ("title", "key", "year"),
        ),  # condensed writes no month, publisher, place, ISBN
        # biblatex: the fields biblatex-apa's data model allows (docs/bibtex.md)
        ("biblatex", ("title", "key", "year", "month")),
        ("biblatex-crossref", ("title", "key", "year", "month", "publisher", _ISBN)),
    ],
)
def test_read_volume_gives_the_volume_back(writer: str, carried: tuple[str, ...]) -> None:
    volume = dp.load()
    again = dp.read_volume(_export(volume, writer))
    assert _read_facts(again, carried) == _facts(volume, carried)
    assert _papers_of(again) == _papers_of(volume)
    assert all(paper.venue == again.venue for paper in again.papers)
    assert again.date is None  # no form carries the event's day


def test_volume_parts_of_a_crossref_export() -> None:
    papers, container, extra = volume_parts(dp.to_bibtex(dp.load(), flavour="crossref"))
    assert container is not None
    assert (container.key, container.title, extra) == ("dls2020", T.TITLE, {})
    assert {paper.venue for paper in papers} == {container}


def test_volume_parts_of_papers_without_a_volume_entry() -> None:
    papers, container, _ = volume_parts(dp.to_bibtex(dp.load(), flavour="standard"))
    assert container is None
    assert len({paper.venue for paper in papers}) == 1


def test_more_than_one_volume_entry_is_a_problem() -> None:
    text = (
        dp.to_bibtex(dp.load(), flavour="crossref")
        + "\n@proceedings{other2021, title = {Another Volume}}\n"
    )
    with pytest.raises(dp.BibTeXError) as info:
        dp.read_volume(text, format="bibtex")
    lines = text.splitlines()
    first = lines.index("@proceedings{dls2020,") + 1
    second = lines.index("@proceedings{other2021, title = {Another Volume}}") + 1
    assert info.value.problems == (
        f"the input: 2 volume entries ('dls2020' (line {first}), 'other2021' (line {second})): "
        "a volume is read one at a time; keep one @proceedings entry and its papers",
    )
    assert len(dp.from_bibtex(text)) == 7  # papers of several volumes are fine one by one


def test_a_book_that_no_paper_names_is_not_a_volume() -> None:
    with pytest.raises(dp.BibTeXError, match="entry 'b' is a @book, not a paper"):
        dp.read_volume("@inproceedings{p, title = {A}, booktitle = {X}}\n@book{b, title = {X}}")


@settings(
    max_examples=40,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow],
)
@given(volumes())
def test_generated_volumes_round_trip(volume: dp.Workshop) -> None:
    for writer in ("crossref", "standard", "condensed", "biblatex", "biblatex-crossref"):
        again = dp.read_volume(_export(volume, writer))
        assert _papers_of(again) == _papers_of(volume), writer
        assert (again.title, again.key, again.year) == (volume.title, volume.key, volume.year)
        if writer == "condensed":
            continue
        assert again.month == volume.month
        if writer == "biblatex":
            continue
        assert again.publisher == volume.publisher
        # One isbn field: the online ISBN when there is one, else the print one, read as print.
        assert again.isbn_print == (volume.isbn_online or volume.isbn_print)
        if writer != "biblatex-crossref":
            assert again.location == volume.location, writer


# --------------------------------------------------------------------------- 5. real-world shapes

DBLP_CONDENSED = r"""
@inproceedings{DBLP:conf/sc/MuraiMKSA20,
  author       = {Shogo Murai and
                  Hiroaki Mikami and
                  Masanori Koyama and
                  Shuji Suzuki and
                  Takuya Akiba},
  title        = {Online-Codistillation Meets {LARS}, Going Beyond the Limit of Data Parallelism
                  in Deep Learning},
  booktitle    = {{DLS@SC}},
  pages        = {1--9},
  publisher    = {{IEEE}},
  year         = {2020}
}
"""

DBLP_CROSSREF = r"""
@inproceedings{DBLP:conf/sc/WangYFZKW20,
  author       = {Yunsong Wang and
                  Charlene Yang and
                  Steven Farrell and
                  Yan Zhang and
                  Thorsten Kurth and
                  Samuel Williams},
  title        = {Time-Based Roofline for Deep Learning Performance Analysis},
  booktitle    = {{IEEE/ACM} Fourth Workshop on Deep Learning on Supercomputers, DLS@SC
                  2020, Atlanta, GA, USA, November 11, 2020},
  pages        = {10--19},
  publisher    = {{IEEE}},
  year         = {2020},
  crossref     = {DBLP:conf/sc/2020dls},
  url          = {https://doi.org/10.1109/DLS51937.2020.00007},
  doi          = {10.1109/DLS51937.2020.00007},
  timestamp    = {Wed, 13 Jan 2021 11:34:43 +0100},
  biburl       = {https://dblp.org/rec/conf/sc/WangYFZKW20.bib},
  bibsource    = {dblp computer science bibliography, https://dblp.org}
}

@proceedings{DBLP:conf/sc/2020dls,
  title        = {{IEEE/ACM} Fourth Workshop on Deep Learning on Supercomputers, DLS@SC
                  2020, Atlanta, GA, USA, November 11, 2020},
  publisher    = {{IEEE}},
  year         = {2020},
  url          = {https://ieeexplore.ieee.org/xpl/conhome/9297209/proceeding},
  isbn         = {978-1-6654-2245-1},
  timestamp    = {Wed, 13 Jan 2021 11:31:59 +0100},
  biburl       = {https://dblp.org/rec/conf/sc/2020dls.bib},
  bibsource    = {dblp computer science bibliography, https://dblp.org}
}
"""

ACM_DL = r"""@inproceedings{10.1145/3458817.3476165,
author = {Doe, Jane and M\"{u}ller, Richard and others},
title = {Scaling Graph Neural Networks on {GPU} Supercomputers},
year = {2021},
isbn = {9781450384421},
publisher = {Association for Computing Machinery},
address = {New York, NY, USA},
url = {https://doi.org/10.1145/3458817.3476165},
doi = {10.1145/3458817.3476165},
abstract = {We show that 50\% of the time goes to communication.},
booktitle = {Proceedings of the International Conference for High Performance Computing, Networking, Storage and Analysis},
articleno = {42},
numpages = {14},
keywords = {graph neural networks, HPC},
location = {St. Louis, Missouri},
series = {SC '21}
}
"""

IEEE_XPLORE = r"""@INPROCEEDINGS{9297231,
  author={S. {Murai} and H. {Mikami} and M. {Koyama} and S. {Suzuki} and T. {Akiba}},
  booktitle={2020 IEEE/ACM Fourth Workshop on Deep Learning on Supercomputers (DLS)},
  title={Online-Codistillation Meets LARS, Going Beyond the Limit of Data Parallelism in Deep Learning},
  year={2020},
  volume={},
  number={},
  pages={1-9},
  keywords={Training;Deep learning;Data models;Distributed databases},
  doi={10.1109/DLS51937.2020.00006},
  ISSN={},
  month={Nov},}
""".replace("},\n  title", "}, \n  title").replace("Learning},", "Learning}, ")  # IEEE's spaces

GOOGLE_SCHOLAR = r"""@inproceedings{cai2020deepgalaxy,
  title={DeepGalaxy: Deducing the Properties of Galaxy Mergers from Images Using Deep Neural Networks},
  author={Cai, Maxwell X and B{\'e}dorf, Jeroen and Saletore, Vikram A and Codreanu, Valeriu and Podareanu, Damian and Chaibi, Adel and Qian, Penny X},
  booktitle={2020 IEEE/ACM Fourth Workshop on Deep Learning on Supercomputers (DLS)},
  pages={56--62},
  year={2020},
  organization={IEEE}
}
"""

ZOTERO_BBT = r"""@inproceedings{caiDeepGalaxyDeducingProperties2020,
  title = {{{DeepGalaxy}}: {{Deducing}} the {{Properties}} of {{Galaxy Mergers}} from {{Images Using Deep Neural Networks}}},
  shorttitle = {{{DeepGalaxy}}},
  booktitle = {2020 {{IEEE}}/{{ACM Fourth Workshop}} on {{Deep Learning}} on {{Supercomputers}} ({{DLS}})},
  author = {Cai, Maxwell X. and Bédorf, Jeroen and Saletore, Vikram A. and Codreanu, Valeriu and Podareanu, Damian and Chaibi, Adel and Qian, Penny X.},
  date = {2020-11},
  pages = {56--62},
  publisher = {{IEEE}},
  location = {{Atlanta, GA, USA}},
  doi = {10.1109/DLS51937.2020.00012},
  eventtitle = {2020 {{IEEE}}/{{ACM Fourth Workshop}} on {{Deep Learning}} on {{Supercomputers}} ({{DLS}})},
  isbn = {978-1-6654-2245-1},
  langid = {english},
  keywords = {Deep learning,Galaxies},
  file = {C\:\\Users\\x\\Zotero\\storage\\ABCD1234\\Cai et al. - 2020 - DeepGalaxy.pdf}
}
"""

_DLS_DBLP = (
    "IEEE/ACM Fourth Workshop on Deep Learning on Supercomputers, DLS@SC 2020, Atlanta, GA, "
    "USA, November 11, 2020"
)


@pytest.mark.parametrize(
    ("text", "paper", "venue"),
    [
        (
            DBLP_CONDENSED,
            ("DBLP:conf/sc/MuraiMKSA20", "Online-Codistillation Meets LARS, Going Beyond the Limit of Data Parallelism in Deep Learning", "Shogo Murai", False, "1–9", None),
            {"title": "DLS@SC", "publisher": "IEEE", "year": 2020},
        ),
        (
            DBLP_CROSSREF,
            ("DBLP:conf/sc/WangYFZKW20", "Time-Based Roofline for Deep Learning Performance Analysis", "Yunsong Wang", False, "10–19", "10.1109/DLS51937.2020.00007"),
            # DBLP gives the ISBN without a medium: it is read as the print one (see _isbns)
            {"key": "DBLP:conf/sc/2020dls", "title": _DLS_DBLP, "publisher": "IEEE", "year": 2020, "isbn_print": T.ISBN_ONLINE},
        ),
        (
            ACM_DL,
            ("10.1145/3458817.3476165", "Scaling Graph Neural Networks on GPU Supercomputers", "Jane Doe", True, None, "10.1145/3458817.3476165"),
            {
                "title": "Proceedings of the International Conference for High Performance Computing, Networking, Storage and Analysis",
                "publisher": "Association for Computing Machinery", "year": 2021,
                "location": "St. Louis, Missouri", "publisher_place": "New York, NY, USA",
                "isbn_print": "9781450384421",
            },
        ),
        (
            IEEE_XPLORE,
            ("9297231", "Online-Codistillation Meets LARS, Going Beyond the Limit of Data Parallelism in Deep Learning", "S. Murai", False, "1–9", "10.1109/DLS51937.2020.00006"),
            {"title": T.TITLE, "year": 2020, "month": 11},
        ),
        (
            GOOGLE_SCHOLAR,
            ("cai2020deepgalaxy", "DeepGalaxy: Deducing the Properties of Galaxy Mergers from Images Using Deep Neural Networks", "Maxwell X Cai", False, "56–62", None),
            {"title": T.TITLE, "year": 2020},  # organization is not the publisher
        ),
        (
            ZOTERO_BBT,
            ("caiDeepGalaxyDeducingProperties2020", "DeepGalaxy: Deducing the Properties of Galaxy Mergers from Images Using Deep Neural Networks", "Maxwell X. Cai", False, "56–62", "10.1109/DLS51937.2020.00012"),
            {"title": T.TITLE, "short_title": T.TITLE, "year": 2020, "month": 11, "publisher": "IEEE", "publisher_place": "Atlanta, GA, USA", "isbn_print": T.ISBN_ONLINE},
        ),
    ],
    ids=["dblp-condensed", "dblp-crossref", "acm-dl", "ieee-xplore", "google-scholar", "zotero-better-bibtex"],
)  # fmt: skip
def test_real_world_entries_read_with_their_venue(
    text: str, paper: tuple[Any, ...], venue: dict[str, Any]
) -> None:
    (read,) = dp.from_bibtex(text)
    pages = str(read.pages) if read.pages else None
    assert (read.key, read.title, read.authors[0].name, read.et_al, pages, read.doi) == paper
    assert facts(read.venue) == venue


def test_real_world_files_read_as_volumes() -> None:
    volume = dp.read_volume(DBLP_CROSSREF)
    assert (volume.key, volume.title, volume.year, volume.acronym) == (
        "DBLP:conf/sc/2020dls",
        _DLS_DBLP,
        2020,
        None,
    )
    ieee = dp.read_volume(IEEE_XPLORE)
    assert (ieee.key, ieee.month, [p.key for p in ieee.papers]) == ("dls2020", 11, ["9297231"])


def test_real_world_files_together_are_several_volumes() -> None:
    text = DBLP_CROSSREF + IEEE_XPLORE
    assert len(dp.from_bibtex(text)) == 2
    with pytest.raises(dp.BibTeXError, match="the papers appeared in 2 different volumes"):
        dp.read_volume(text)
