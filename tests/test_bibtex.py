"""BibTeX / biblatex export and BibTeX import."""

from __future__ import annotations

import re
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import dls_proceedings as dp
from dls_proceedings.formats import _latex, bibtex
from dls_proceedings.formats.bibtex import title_value

from . import transcription as T

HOSTILE = r"50% of {GPUs} & $5 #1 a_b ~x^2 \input{/etc/hostname} }{"


def entries(text: str) -> dict[str, dict[str, str]]:
    """A small reader written for the tests: entry key -> {field: raw value}."""
    out: dict[str, dict[str, str]] = {}
    for block in re.findall(r"^@(\w+)\{([^,\n]+),\n(.*?)^\}$", text, re.S | re.M):
        kind, key, body = block
        fields = dict(re.findall(r"^  (\w+) *= (.*?),?$", body, re.M))
        fields["@type"] = kind
        out[key] = fields
    return out


def test_crossref_volume_structure(volume: dp.Workshop) -> None:
    text = dp.to_bibtex(volume)
    parsed = entries(text)
    assert list(parsed) == [*T.KEYS, "dls2020"], "papers in page order, the volume last"
    proceedings = parsed["dls2020"]
    assert proceedings["@type"] == "proceedings"
    assert proceedings["title"] == proceedings["booktitle"]
    assert proceedings["month"] == "nov"
    assert proceedings["year"] == "{2020}"
    assert proceedings["address"] == "{Atlanta, Georgia, USA}"
    assert proceedings["publisher"] == "{IEEE}"
    assert proceedings["isbn"] == "{" + T.ISBN_POD + "}"
    assert "key" in proceedings
    for key, doi in zip(T.KEYS, T.DOIS, strict=True):
        paper = parsed[key]
        assert paper["@type"] == "inproceedings"
        assert paper["crossref"] == "{dls2020}"
        assert ("doi" in paper) == (doi is not None)
        if doi:
            assert paper["doi"] == "{" + doi + "}"
    assert parsed["cai2020deepgalaxy"]["pages"] == "{56--62}"
    assert parsed["venkataram2020topiqal"]["author"] == (
        "{Venkataram, Hamsa Shwetha and Mattmann, Chris A and Penberthy, Scott}"
    )
    assert "B{\\'e}dorf, Jeroen" in parsed["cai2020deepgalaxy"]["author"]


def test_classic_output_is_ascii_deterministic_lf(volume: dp.Workshop) -> None:
    for flavour in ("crossref", "standard", "condensed"):
        text = dp.to_bibtex(volume, flavour=flavour)
        assert text.isascii()
        assert text.endswith("}\n")
        assert "\r" not in text
        assert text == dp.to_bibtex(
            dp.Workshop.model_validate(volume.model_dump()), flavour=flavour
        )


def test_fields_are_aligned(volume: dp.Workshop) -> None:
    for block in dp.to_bibtex(volume).split("\n\n"):
        columns = {line.index(" = ") for line in block.splitlines() if " = " in line}
        assert len(columns) == 1, block


def test_single_paper_brings_its_volume(volume: dp.Workshop) -> None:
    parsed = entries(dp.to_bibtex(volume.paper("jansen2020ddl")))
    assert list(parsed) == ["jansen2020ddl", "dls2020"]
    session = entries(dp.to_bibtex(volume.sessions[1]))
    assert list(session) == [*T.KEYS[4:], "dls2020"]


def test_standard_and_condensed(volume: dp.Workshop) -> None:
    standard = entries(dp.to_bibtex(volume, flavour="standard"))
    assert list(standard) == list(T.KEYS)
    paper = standard["acevedo2020vandermonde"]
    assert list(paper)[:-1] == [
        "author", "title", "booktitle", "publisher", "address", "month", "year", "pages", "isbn", "doi",
    ]  # fmt: skip
    assert (
        paper["booktitle"]
        == "{2020 {IEEE/ACM} Fourth Workshop on Deep Learning on Supercomputers ({DLS})}"
    )
    condensed = entries(dp.to_bibtex(volume, flavour="condensed"))
    assert set(condensed["acevedo2020vandermonde"]) - {"@type"} == {
        "author", "title", "booktitle", "year", "pages", "doi",
    }  # fmt: skip
    assert "doi" not in condensed["murai2020online"]


def test_biblatex(volume: dp.Workshop) -> None:
    text = dp.to_biblatex(volume)
    parsed = entries(text)
    assert list(parsed) == [*T.KEYS, "dls2020"]
    proceedings = parsed["dls2020"]
    assert "booktitle" not in proceedings
    assert proceedings["eventdate"] == "{2020-11-11}"
    assert proceedings["date"] == "{2020-11}"
    assert proceedings["venue"] == "{Atlanta, Georgia, USA}"
    assert proceedings["location"] == "{Atlanta, Georgia, USA}"
    assert proceedings["eventtitle"] == "{DLS 2020}"
    assert "Bédorf, Jeroen" in parsed["cai2020deepgalaxy"]["author"]
    assert parsed["cai2020deepgalaxy"]["crossref"] == "{dls2020}"


@pytest.mark.parametrize(
    ("title", "expected"),
    [
        (T.TOC[0][1], "Online-Codistillation Meets {LARS}; Going Beyond the Limit of Data Parallelism in Deep Learning"),
        (T.TOC[3][1], "{DDL} Bench: Towards a Scalable Benchmarking Infrastructure for Distributed Deep Learning"),
        (T.TOC[4][1], "{Vandermonde} Wave Function Ansatz for Improved Variational {Monte Carlo}"),
        (T.TOC[5][1], "{TopiQAL}: Topic-Aware Question Answering using Scalable Domain-Specific Supercomputers"),
        (T.TOC[6][1], "{DeepGalaxy}: Deducing the Properties of Galaxy Mergers from Images Using Deep Neural Networks"),
        ("Learning in 3D with GPUs", "Learning in {3D} with {GPUs}"),
        ("Time-Based Roofline", "Time-Based Roofline"),
        ("Montecarlo Methods", "Montecarlo Methods"),
        (HOSTILE, r"50\% of \textbraceleft{}{GPUs}\textbraceright{} \& \$5 \#1 a\_b \textasciitilde{}x\textasciicircum{}2 \textbackslash{}input\textbraceleft{}/etc/hostname\textbraceright{} \textbraceright{}\textbraceleft{}"),
    ],
    ids=["acronym", "acronym-first", "proper-nouns", "inner-capitals", "camel-case", "digits", "hyphenated", "not-a-listed-noun", "hostile"],
)  # fmt: skip
def test_title_protection(title: str, expected: str) -> None:
    assert title_value(title) == expected


def test_extra_proper_nouns() -> None:
    assert title_value("Deep Learning on Summit", protect=["Summit"]) == "Deep Learning on {Summit}"


def test_paper_outside_the_volume_needs_volume_for_crossref(volume: dp.Workshop) -> None:
    stranger = volume.papers[0].model_copy(update={"key": "other2020x"})
    with pytest.raises(ValueError, match="pass volume="):
        dp.to_bibtex(stranger)
    assert list(entries(dp.to_bibtex(stranger, volume=volume))) == ["other2020x", "dls2020"]
    assert list(entries(dp.to_bibtex([stranger], flavour="condensed"))) == ["other2020x"]
    with pytest.raises(ValueError, match="unknown flavour 'fancy'"):
        dp.to_bibtex(volume, flavour="fancy")  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="item 0 is a str"):
        dp.to_bibtex(["murai2020online"])  # type: ignore[list-item]


# --------------------------------------------------------------------------- import


def _same(a: dp.Paper, b: dp.Paper) -> None:
    assert (a.key, a.title, a.pages, a.doi) == (b.key, b.title, b.pages, b.doi)
    assert [(x.given, x.family) for x in a.authors] == [(x.given, x.family) for x in b.authors]


@pytest.mark.parametrize("writer", ["crossref", "standard", "condensed", "biblatex"])
def test_round_trip_of_the_volume(volume: dp.Workshop, writer: str) -> None:
    text = dp.to_biblatex(volume) if writer == "biblatex" else dp.to_bibtex(volume, flavour=writer)  # type: ignore[arg-type]
    papers = dp.from_bibtex(text)
    assert len(papers) == 7
    for ours, theirs in zip(volume.papers, papers, strict=True):
        _same(ours, theirs)


def test_from_user_bib_file() -> None:
    text = r"""
@string{conf = {Proc. of the Conference}}
% a comment line
@article{Smith:2020:Deep,
  author = "van der Berg, Jan and M{\"u}ller, J{\"o}rg and {Barnes and Noble Inc.}",
  title = "Deep {NLP} -- a \emph{survey}",
  journal = conf,
  pages = {e1--e9x},
  year = 2020,
}
@inproceedings{ok,
  author = {Plato},
  title = {On {L}ove},
  pages = {7},
  doi = {https://doi.org/10.1000/XYZ.1},
  crossref = {missing}
}
"""
    with pytest.raises(dp.BibTeXError) as info:
        dp.from_bibtex(text)
    problems = info.value.problems
    assert problems == (
        "line 4: entry 'Smith:2020:Deep': pages 'e1--e9x': expected 'first--last' or a single page number",
        "line 11: entry 'ok': crossref 'missing' is not an entry of this file",
    )
    fixed = text.replace("e1--e9x", "1--9").replace("{missing}", "{Smith:2020:Deep}")
    smith, plato = dp.from_bibtex(fixed)
    assert smith.title == "Deep NLP – a survey"
    assert [(a.given, a.family) for a in smith.authors] == [
        ("Jan", "van der Berg"),
        ("Jörg", "Müller"),
        (None, "Barnes and Noble Inc."),
    ]
    assert (plato.authors[0].family, plato.authors[0].given) == ("Plato", None)
    assert plato.doi == "10.1000/XYZ.1"
    assert plato.pages == dp.PageRange(first=7, last=7)


@pytest.mark.parametrize(
    ("text", "problems"),
    [
        (
            "@article{a,\n  title = {T}\n\n@misc{b,\n title = {x}\n",
            ["line 1: ", "line 4: "],
        ),
        ("@article{a, title = {T}, title = {U}}\n", ["line 1: ", "title"]),
        ("@article{a, author = {X}}\n", ["line 1: entry 'a': no title field"]),
        ("@article{a b, title = {T}}\n", ["line 1: "]),
        (
            "@article{a, title = {T}, doi = {not a doi}}\n",
            ["line 1: entry 'a': doi", "invalid DOI 'not a doi'"],
        ),
        ("@article{a, title = {T}, pages = {9--1}}\n", ["line 1: entry 'a'", "runs backwards"]),
    ],
    ids=["unclosed-blocks", "duplicate-field", "no-title", "bad-key", "bad-doi", "backwards-pages"],
)
def test_malformed_input_lists_every_problem(text: str, problems: list[str]) -> None:
    with pytest.raises(dp.BibTeXError) as info:
        dp.from_bibtex(text)
    message = str(info.value)
    assert isinstance(info.value, dp.DlsProceedingsError)
    for fragment in problems:
        assert fragment in message


# --------------------------------------------------------------------------- property tests

_CHARS = st.characters(blacklist_categories=("Cc", "Cs", "Zl", "Zp"))
_WORD = st.text(_CHARS, min_size=1, max_size=12).filter(lambda s: s.strip() == s and s.strip())
_SPECIAL = st.sampled_from([*"#$%&~_^\\{}@`'<>|\",-", "--", "''", "{", "}", " and ", "ﬁ", "Bédorf"])


def _phrase() -> st.SearchStrategy[str]:
    piece = st.one_of(_WORD, _SPECIAL)
    return (
        st.lists(piece, min_size=1, max_size=8)
        .map(lambda parts: "".join(parts).strip())
        .filter(lambda s: bool(s) and not re.search(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]", s))
    )


@st.composite
def papers(draw: Any) -> dp.Paper:
    n = draw(st.integers(min_value=0, max_value=3))
    authors = [
        dp.Author(given=draw(st.one_of(st.none(), _phrase())), family=draw(_phrase()))
        for _ in range(n)
    ]
    first = draw(st.integers(min_value=1, max_value=500))
    return dp.Paper(
        key="k" + draw(st.from_regex(r"[a-z0-9:._-]{0,10}", fullmatch=True)),
        title=draw(_phrase()),
        authors=tuple(authors),
        pages=dp.PageRange(first=first, last=first + draw(st.integers(0, 30))),
        doi=draw(
            st.one_of(
                st.none(), st.from_regex(r"10\.\d{4,6}/[A-Za-z0-9.()/:;_-]{1,12}", fullmatch=True)
            )
        ),
    )


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(papers())
def test_round_trip_property(paper: dp.Paper) -> None:
    for text in (
        dp.to_bibtex([paper], flavour="condensed"),
        dp.to_biblatex([paper], volume=dp.load()),
    ):
        (back,) = [p for p in dp.from_bibtex(text) if p.key == paper.key]
        _same(back, paper)


@settings(max_examples=300, deadline=None)
@given(_phrase())
def test_latex_encoding_is_exact(text: str) -> None:
    assert _latex.decode(_latex.encode(text)) == text
    assert _latex.decode(_latex.encode(text, ascii_only=False)) == text


# Text made of few characters, so that nouns, spaces, specials and line breaks meet often.
_FEW = st.text(
    alphabet=["a", "B", "1", " ", " ", "-", "'", "_", "%", "{", "é", "\t", "\n"], max_size=12
)
_NOUNS = st.lists(
    st.one_of(_FEW, st.sampled_from(["a B", "B a B", "a  1", "Monte Carlo", "\n", ""])), max_size=3
)


@settings(max_examples=400, deadline=None)
@given(st.lists(_FEW, min_size=1, max_size=6), _NOUNS, st.booleans())
def test_titles_of_a_volume_are_encoded_as_one_at_a_time(
    titles: list[str], protect: list[str], ascii_only: bool
) -> None:
    """The exporter encodes all titles at once (by their words); that gives what each alone does."""
    together = bibtex._Encoder(protect, ascii_only).titles(titles)
    assert together == [title_value(t, protect, ascii_only=ascii_only) for t in titles]


@settings(max_examples=400, deadline=None)
@given(_FEW, _NOUNS.filter(bool))
def test_noun_pattern_matches_where_the_plain_pattern_does(text: str, nouns: list[str]) -> None:
    ordered = sorted(set(nouns), key=len, reverse=True)
    plain = re.compile(r"(?<![^\W_])(" + "|".join(map(re.escape, ordered)) + r")(?![^\W_])")
    pattern = bibtex._noun_pattern(frozenset(ordered))
    assert pattern is not None
    assert pattern.split(text) == plain.split(text)
