"""Names, affiliations and author lines: the rules of docs/toc.md, one case at a time."""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import dls_proceedings as dp
from dls_proceedings.errors import ArgumentError
from dls_proceedings.formats.toc import parse_byline, split_affiliations, split_name
from dls_proceedings.formats.toc._names import Byline

from . import transcription as T

# ----------------------------------------------------------------------------- affiliation rule


@pytest.mark.parametrize(
    ("printed", "structured"),
    [
        *((printed, structured) for printed, structured in T.AFFILIATIONS.items()),
        ("Department of Computer Science, Stanford University, USA",
         [("Department of Computer Science, Stanford University", "USA")]),
        ("RIKEN, Tokyo Institute of Technology, Japan",
         [("RIKEN", "Japan"), ("Tokyo Institute of Technology", "Japan")]),
        ("Google, Mountain View, CA, USA", [("Google, Mountain View, CA", "USA")]),
        ("Stanford University, CA", [("Stanford University, CA", None)]),
        ("Acme GmbH, Germany", [("Acme GmbH", "Germany")]),
        ("Acme, Inc., Leiden University", [("Acme, Inc.", None), ("Leiden University", None)]),
        ("ETH Zurich / CSCS, Switzerland", [("ETH Zurich", None), ("CSCS", "Switzerland")]),
        ("Universität Wien; Technische Universität München, Germany",
         [("Universität Wien", None), ("Technische Universität München", "Germany")]),
        ("University of California, Los Angeles, IBM Research",
         [("University of California, Los Angeles", None), ("IBM Research", None)]),
        ("Computer Science, Stanford University", [("Computer Science, Stanford University", None)]),
        ("Dept. of Physics (DoP, Main Campus), University of Tokyo, Japan",
         [("Dept. of Physics (DoP, Main Campus), University of Tokyo", "Japan")]),
        ("Microsoft, Redmond, WA, U.S.", [("Microsoft, Redmond, WA", "U.S.")]),
        ("DeepMind, University College London, UK",
         [("DeepMind", "UK"), ("University College London", "UK")]),
        ("Japan", [("Japan", None)]),
    ],
    ids=[
        *(f"volume-{i}" for i in range(len(T.AFFILIATIONS))),
        "department-of-university",
        "acronym-and-institute",
        "company-city-state",
        "bare-state-code-is-not-a-country",
        "suffix-without-comma",
        "suffix-then-university",
        "slash-country-per-part",
        "semicolon",
        "campus-then-organisation",
        "unknown-first-piece-stays-whole",
        "nested-parentheses",
        "dotted-country",
        "camelcase-and-college",
        "country-alone-is-a-name",
    ],
)  # fmt: skip
def test_split_affiliations(printed: str, structured: list[tuple[str, str | None]]) -> None:
    result = split_affiliations(printed)
    assert [(a.name, a.country) for a in result] == structured
    # The rule neither drops nor invents a word: the model checks the same.
    dp.Author(family="X", affiliations=result, printed_affiliation=printed)


@pytest.mark.parametrize(
    ("printed", "message"),
    [
        ("SURF; ; Leiden", "an empty affiliation in 'SURF; ; Leiden'"),
        ("SURF, , Leiden", "an empty piece between commas in the affiliation 'SURF, , Leiden'"),
    ],
    ids=["empty-part", "empty-piece"],
)
def test_split_affiliations_rejects_empty_parts(printed: str, message: str) -> None:
    with pytest.raises(ArgumentError, match=re.escape(message)) as caught:
        split_affiliations(printed)
    assert isinstance(caught.value, ValueError)


@pytest.mark.parametrize(
    ("name", "split"),
    [
        ("Hamsa Shwetha Venkataram", ("Hamsa Shwetha", "Venkataram")),
        ("Chris A Mattmann", ("Chris A", "Mattmann")),
        ("Maxwell X. Cai", ("Maxwell X.", "Cai")),
        ("Jeroen Bédorf", ("Jeroen", "Bédorf")),
        ("Ana-Lucia Varbanescu", ("Ana-Lucia", "Varbanescu")),
        ("Johannes van der Waals", ("Johannes", "van der Waals")),
        ("Maria De Luca", ("Maria De", "Luca")),
        ("Google", (None, "Google")),
        ("van Gogh", ("van", "Gogh")),
        ("Martin Luther King, Jr.", ("Martin Luther", "King, Jr.")),
        ("John Smith, III", ("John", "Smith, III")),
    ],
    ids=["three-words", "initial", "dotted-initial", "accent", "hyphen", "particles",
         "capitalised-particle-is-given", "one-word", "particle-only-given", "suffix-jr",
         "suffix-roman"],
)  # fmt: skip
def test_split_name(name: str, split: tuple[str | None, str]) -> None:
    assert split_name(name) == split


def test_bylines_of_the_volume_parse_back(volume: dp.Workshop) -> None:
    for paper, row in zip(volume.papers, T.TOC, strict=True):
        authors = parse_byline(row[3])
        assert [(a.given, a.family, a.printed_affiliation) for a in authors] == [
            (a.given, a.family, a.printed_affiliation) for a in paper.authors
        ]
        assert [a.affiliations for a in authors] == [a.affiliations for a in paper.authors]


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ("A B (X", "unbalanced parentheses: 1 '(' never closed"),
        ("A B (X)), C D (Y)", "unbalanced parentheses: a ')' closes no '('"),
        ("A B (X),", "the author line ends with ',', unfinished"),
        ("A B (X) and", "the author line ends with 'and', unfinished"),
        ("A B (X) C D (Y)", "unexpected text 'C D (Y)' after the affiliation of 'A B'"),
        ("(X), A B (Y)", "the affiliation '(X)' has no name before it"),
        ("A B (), C D", "empty parentheses after 'A B'"),
        ("A B, , C D", "an empty name between two separators"),
        ("A B (MIT, Atlantis)", None),
    ],
    ids=["unclosed", "stray-close", "trailing-comma", "trailing-and", "missing-separator",
         "no-name", "empty-parentheses", "empty-name", "unknown-country-is-a-place"],
)  # fmt: skip
def test_parse_byline_errors(line: str, message: str | None) -> None:
    if message is None:
        assert parse_byline(line)[0].affiliations[0].name == "MIT, Atlantis"
        return
    with pytest.raises(ArgumentError, match=re.escape(message)) as caught:
        parse_byline(line)
    assert isinstance(caught.value, ValueError)


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda: split_name(" "), "empty name ' '"),
        (lambda: split_name(", Jr."), "empty name ''"),
        (lambda: split_affiliations("MIT\x96"), "the affiliation 'MIT\\x96' is not valid: name:"),
    ],
    ids=["blank-name", "suffix-only", "control-character"],
)
def test_unreadable_text_raises_the_package_error(call: Callable[[], object], message: str) -> None:
    with pytest.raises(ArgumentError, match=re.escape(message)) as caught:
        call()
    assert isinstance(caught.value, dp.DlsProceedingsError)


def test_suffixes_are_joined_without_limit() -> None:
    # Joined once, not one string copy per suffix (nor one recursion each).
    authors = parse_byline("Ann Lee" + ", Jr." * 5000 + " (MIT)")
    assert authors[0].family == "Lee" + ", Jr." * 5000


# ----------------------------------------------------------------------------- wrapped author lines

# Pieces of author lines: names, initials, affiliations cut anywhere, separators,
# hyphens (where lines join without a space) and parts of "and".
_PIECE = st.sampled_from([
    "Ann", "Lee", "X.", "(MIT", "(MIT)", ")", "Univ.", ",", "and", "&", "Bo-", "Li", "/", "-",
    "Jr.", "Ana-Lucia", "de", "a", "an", "nd", "d", "(A", "B)",
])  # fmt: skip


@settings(max_examples=200, deadline=None)
@given(
    lines=st.lists(st.lists(_PIECE, min_size=1, max_size=6).map(" ".join), min_size=1, max_size=30),
    affiliated=st.booleans(),
)
def test_an_author_line_read_line_by_line_reads_as_a_whole(
    lines: list[str], affiliated: bool
) -> None:
    # Byline keeps counters for what it has read and reads again only the last
    # characters, where a separator may run across lines. Asked after every line,
    # it must answer as it does for the same text read at once.
    byline = Byline(affiliated)
    for line in lines:
        byline.add(line)
        whole = Byline(affiliated)
        whole.add(byline.text())
        assert byline.finished() == whole.finished()
