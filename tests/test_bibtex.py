"""BibTeX / biblatex export and BibTeX import."""

from __future__ import annotations

import logging
import re
import subprocess
import sys
import time
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


BOOKTITLE = "{2020 {IEEE/ACM Fourth Workshop on Deep Learning on Supercomputers} ({DLS})}"


def test_crossref_volume_structure(volume: dp.Workshop) -> None:
    text = dp.to_bibtex(volume, flavour="crossref")
    parsed = entries(text)
    assert list(parsed) == [*T.KEYS, "dls2020"], "papers in page order, the volume last"
    proceedings = parsed["dls2020"]
    assert proceedings["@type"] == "proceedings"
    # No booktitle or key: styles print them as text of their own.
    assert list(proceedings) == [
        "title", "publisher", "address", "location", "month", "year", "isbn", "@type",
    ]  # fmt: skip
    assert proceedings["title"] == BOOKTITLE
    assert proceedings["month"] == "nov"
    assert proceedings["year"] == "{2020}"
    assert proceedings["location"] == "{Atlanta, Georgia, USA}"
    assert proceedings["address"] == "{" + T.PUBLISHER_PLACE + "}"
    assert proceedings["publisher"] == "{IEEE}"
    assert proceedings["isbn"] == "{" + T.ISBN_ONLINE + "}"
    for key, doi in zip(T.KEYS, T.DOIS, strict=True):
        paper = parsed[key]
        assert paper["@type"] == "inproceedings"
        # The booktitle too: BibTeX inherits only what the volume's entry has.
        assert (paper["booktitle"], paper["crossref"]) == (BOOKTITLE, "{dls2020}")
        assert ("doi" in paper) == (doi is not None)
        if doi:
            assert paper["doi"] == "{" + doi + "}"
    assert parsed["cai2020deepgalaxy"]["pages"] == "{56--62}"
    assert parsed["venkataram2020topiqal"]["author"] == (
        "{Venkataram, Hamsa Shwetha and Mattmann, Chris A and Penberthy, Scott}"
    )
    assert "B{\\'e}dorf, Jeroen" in parsed["cai2020deepgalaxy"]["author"]


def test_the_default_is_self_contained_and_has_no_stray_field(volume: dp.Workshop) -> None:
    for text in (dp.to_bibtex(volume), dp.to_biblatex(volume)):
        parsed = entries(text)
        assert list(parsed) == list(T.KEYS)
        for paper in parsed.values():
            assert "crossref" not in paper
            assert not {"key", "venue", "eventtitle", "eventdate"} & set(paper)
            # Where the publisher is: address (BibTeX's field), never the event's place.
            assert paper.get("address", "{" + T.PUBLISHER_PLACE + "}") == (
                "{" + T.PUBLISHER_PLACE + "}"
            )
    assert dp.to_bibtex(volume) == dp.to_bibtex(volume, flavour="standard")
    assert dp.to_biblatex(volume) == dp.to_biblatex(volume, flavour="standard")


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
    for block in dp.to_bibtex(volume, flavour="crossref").split("\n\n"):
        columns = {line.index(" = ") for line in block.splitlines() if " = " in line}
        assert len(columns) == 1, block


def test_single_paper_brings_its_volume(volume: dp.Workshop) -> None:
    parsed = entries(dp.to_bibtex(volume.paper("jansen2020ddl"), flavour="crossref"))
    assert list(parsed) == ["jansen2020ddl", "dls2020"]
    session = entries(dp.to_bibtex(volume.sessions[1], flavour="crossref"))
    assert list(session) == [*T.KEYS[4:], "dls2020"]


def test_standard_and_condensed(volume: dp.Workshop) -> None:
    standard = entries(dp.to_bibtex(volume, flavour="standard"))
    assert list(standard) == list(T.KEYS)
    paper = standard["acevedo2020vandermonde"]
    assert list(paper)[:-1] == [
        "author", "title", "booktitle", "publisher", "address", "location", "month", "year",
        "pages", "isbn", "doi",
    ]  # fmt: skip
    assert paper["booktitle"] == BOOKTITLE
    assert paper["isbn"] == "{" + T.ISBN_ONLINE + "}"
    condensed = entries(dp.to_bibtex(volume, flavour="condensed"))
    assert set(condensed["acevedo2020vandermonde"]) - {"@type"} == {
        "author", "title", "booktitle", "year", "pages", "doi",
    }  # fmt: skip
    assert "doi" not in condensed["murai2020online"]


def test_biblatex(volume: dp.Workshop) -> None:
    # Only fields biblatex-apa's data model allows for a self-contained @inproceedings
    # (it reads one as an @article): no publisher, isbn, venue, eventtitle, eventdate.
    parsed = entries(dp.to_biblatex(volume))
    assert list(parsed) == list(T.KEYS)
    paper = parsed["cai2020deepgalaxy"]
    assert list(paper) == ["author", "title", "booktitle", "date", "pages", "doi", "@type"]
    assert paper["booktitle"] == BOOKTITLE
    assert paper["date"] == "{2020-11}"
    assert "Bédorf, Jeroen" in paper["author"]
    crossref = entries(dp.to_biblatex(volume, flavour="crossref"))
    assert list(crossref) == [*T.KEYS, "dls2020"]
    proceedings = crossref["dls2020"]
    assert list(proceedings) == ["title", "publisher", "location", "date", "isbn", "@type"]
    assert proceedings["isbn"] == "{" + T.ISBN_ONLINE + "}"
    # biblatex's location is the place of publication.
    assert proceedings["location"] == "{" + T.PUBLISHER_PLACE + "}"
    # biblatex makes the volume's title the paper's booktitle itself.
    assert list(crossref["cai2020deepgalaxy"])[:-1] == [
        "author",
        "title",
        "crossref",
        "pages",
        "doi",
    ]
    condensed = entries(dp.to_biblatex(volume, flavour="condensed"))
    assert condensed["cai2020deepgalaxy"]["date"] == "{2020}"


_NAMES = {"DDL Bench": ["DDL Bench"], "Vandermonde": ["Vandermonde", "Monte Carlo"]}


@pytest.mark.parametrize(
    ("title", "expected"),
    [
        (T.TOC[0][1], "Online-Codistillation Meets {LARS}; Going Beyond the Limit of Data Parallelism in Deep Learning"),
        (T.TOC[3][1], "{DDL Bench}: Towards a Scalable Benchmarking Infrastructure for Distributed Deep Learning"),
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
    # The names spelling does not reveal come with the title (Paper.proper_names).
    names = next((n for start, n in _NAMES.items() if title.startswith(start)), [])
    assert title_value(title, names) == expected


def test_titles_take_their_proper_names_from_the_data(volume: dp.Workshop) -> None:
    parsed = entries(dp.to_bibtex(volume))
    assert parsed["jansen2020ddl"]["title"].startswith("{{DDL Bench}:")
    assert parsed["acevedo2020vandermonde"]["title"] == (
        "{{Vandermonde} Wave Function Ansatz for Improved Variational {Monte Carlo}}"
    )
    # Without its proper names a title protects only what its spelling shows.
    assert title_value(T.TOC[4][1]) == T.TOC[4][1]


def test_extra_proper_nouns() -> None:
    assert title_value("Deep Learning on Summit", protect=["Summit"]) == "Deep Learning on {Summit}"


def test_paper_without_a_venue_needs_volume_for_crossref(volume: dp.Workshop) -> None:
    stranger = volume.papers[0].model_copy(update={"key": "other2020x", "venue": None})
    with pytest.raises(ValueError, match=r"'other2020x' has no venue.*pass volume="):
        dp.to_bibtex(stranger, flavour="crossref")
    for venue in (volume, volume.venue):
        crossref = dp.to_bibtex(stranger, volume=venue, flavour="crossref")
        assert list(entries(crossref)) == ["other2020x", "dls2020"]
    assert list(entries(dp.to_bibtex([stranger], flavour="condensed"))) == ["other2020x"]
    assert "booktitle" not in entries(dp.to_bibtex(stranger))["other2020x"]
    assert "booktitle" in entries(dp.to_bibtex(stranger, volume=volume))["other2020x"]
    keyless = volume.venue.model_copy(update={"key": None})
    with pytest.raises(ValueError, match="venue without a key"):
        dp.to_bibtex(stranger, volume=keyless, flavour="crossref")
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
@inproceedings{Smith:2020:Deep,
  author = "van der Berg, Jan and M{\"u}ller, J{\"o}rg and {Barnes and Noble Inc.}",
  title = "Deep {NLP} -- a \emph{survey}",
  booktitle = conf,
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
@proceedings{conf2020,
  title = conf # { 2020},
  year = 2020
}
"""
    with pytest.raises(dp.BibTeXError) as info:
        dp.from_bibtex(text)
    problems = info.value.problems
    assert problems == (
        "line 4: entry 'Smith:2020:Deep': pages 'e1--e9x': expected 'first--last' or a single page number",
        "line 11: entry 'ok': crossref 'missing' is not an entry of this file",
    )
    fixed = text.replace("e1--e9x", "1--9").replace("{missing}", "{conf2020}")
    smith, plato = dp.from_bibtex(fixed)
    assert smith.venue == dp.Venue(title="Proc. of the Conference", year=2020)
    assert plato.venue == dp.Venue(key="conf2020", title="Proc. of the Conference 2020", year=2020)
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
        ("@inproceedings{a, title = {T}, title = {U}}\n", ["line 1: ", "title"]),
        ("@inproceedings{a, author = {X}}\n", ["line 1: entry 'a': no title field"]),
        ("@inproceedings{a b, title = {T}}\n", ["line 1: "]),
        (
            "@inproceedings{a, title = {T}, doi = {not a doi}}\n",
            ["line 1: entry 'a': doi", "invalid DOI 'not a doi'"],
        ),
        (
            "@inproceedings{a, title = {T}, pages = {9--1}}\n",
            ["line 1: entry 'a'", "runs backwards"],
        ),
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
        # BibTeX reads a run of white space as one space (so does from_bibtex)
        .map(lambda parts: re.sub(r"[ \t\n\r\f\v]+", " ", "".join(parts)).strip())
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
    """One export encodes its titles with shared memos of words; that gives what each alone does."""
    encoder = bibtex._Encoder(protect, ascii_only)
    together = [encoder.title(t) for t in titles]
    assert together == [title_value(t, protect, ascii_only=ascii_only) for t in titles]


# --------------------------------------------------------------------------- arguments


def test_unknown_flavour_is_an_argument_error_listing_the_flavours(volume: dp.Workshop) -> None:
    with pytest.raises(dp.ArgumentError) as info:
        dp.to_bibtex(volume, flavour="fancy")  # type: ignore[arg-type]
    assert (
        str(info.value) == "unknown flavour 'fancy'; expected one of standard, crossref, condensed"
    )


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (
            {"protect": "Summit"},
            "protect must be a list of proper nouns such as ['Summit'], not str",
        ),
        (
            {"protect": None},
            "protect must be a list of proper nouns such as ['Summit'], not NoneType",
        ),
        ({"protect": ["Summit", 1]}, "protect must hold strings only, not int (1)"),
        ({"volume": "dls2020"}, "volume must be a Workshop, a Venue or None, not str"),
    ],
    ids=["protect-str", "protect-none", "protect-int", "volume-str"],
)
def test_arguments_of_the_wrong_type(
    volume: dp.Workshop, arguments: dict[str, Any], message: str
) -> None:
    with pytest.raises(dp.ArgumentTypeError) as info:
        dp.to_bibtex(volume.papers, **arguments)
    assert str(info.value) == message
    assert isinstance(info.value, TypeError)


def test_protect_takes_any_iterable_of_nouns(volume: dp.Workshop) -> None:
    assert dp.to_bibtex(volume, protect={"Summit"}) == dp.to_bibtex(volume, protect=("Summit",))


@pytest.mark.parametrize(
    ("text", "name"), [(None, "NoneType"), (42, "int"), (["@inproceedings{k, title={x}}"], "list")]
)
def test_from_bibtex_of_a_non_text_is_an_argument_type_error(text: object, name: str) -> None:
    # from_bibtex(None) used to return [] as if the file were empty.
    with pytest.raises(dp.ArgumentTypeError) as info:
        dp.from_bibtex(text)  # type: ignore[arg-type]
    assert str(info.value) == f"text must be the BibTeX text as a str or UTF-8 bytes, not {name}"


def test_from_bibtex_reads_utf8_bytes() -> None:
    text = "@inproceedings{k, title = {Bédorf}}\n"
    for data in (text.encode(), b"\xef\xbb\xbf" + text.encode(), bytearray(text.encode())):
        (paper,) = dp.from_bibtex(data)
        assert paper.title == "Bédorf"


def test_from_bibtex_of_bytes_in_another_encoding_names_the_byte() -> None:
    with pytest.raises(dp.BibTeXError) as info:
        dp.from_bibtex("@inproceedings{k,\n  title = {Bédorf}}\n".encode("latin-1"))
    assert info.value.problems == (
        "line 2: not UTF-8: byte 0xe9 at column 13; decode the text with its encoding "
        "first, e.g. data.decode('latin-1')",
    )


# --------------------------------------------------------------------------- hostile input


def _title(latex: str) -> str:
    (paper,) = dp.from_bibtex(f"@inproceedings{{k, title = {{A {latex} B}}}}\n")
    return paper.title


@pytest.mark.parametrize(
    ("latex", "title"),
    [
        (r"\href{a}{b}", "A b B"),  # was an IndexError
        (r"\href{https://x.org/}{the text}", "A the text B"),
        (r"\url{x}", "A x B"),  # was "A <x> B"
        (r"\url{a~b_c#d}", "A a~b_c#d B"),  # a URL is read as typed
        (r"\emph{x}", "A x B"),
        (r"{\em x} \textbf{y} \textsc{z} \texttt{t} \mbox{m}", "A x y z t m B"),  # \texttt, \mbox were dropped
        (r"R&D", "A R&D B"),  # a bare & was three spaces
        (r"\'e \ss{} \c{c} {\o} \L{}", "A é ß ç ø Ł B"),
        (r"\LaTeX{} \S 3", "A LaTeX §3 B"),
        (r"$x^2$", "A $x^2$ B"),  # inline math is kept as typed
        ("line\n    break", "A line break B"),  # BibTeX reads a line break as a space
    ],
    ids=["href", "href-text", "url", "url-verbatim", "emph", "formatting", "ampersand", "accents", "symbols", "math", "line-break"],
)  # fmt: skip
def test_latex_in_a_field_decodes_faithfully(latex: str, title: str) -> None:
    assert _title(latex) == title


@pytest.mark.parametrize(
    ("latex", "reason"),
    [
        (r"\verb|x|", r"unsupported LaTeX macro \verb"),  # was dropped silently
        (r"\sqrt{2}", r"unsupported LaTeX macro \sqrt"),
        (r"\footnote{x}", r"unsupported LaTeX macro \footnote"),
        (r"\input{x}", r"unsupported LaTeX macro \input"),  # pylatexenc reads files
        ("\\emph" + "{" * 250 + "x" + "}" * 250, "LaTeX nested deeper than 32 levels"),  # was a RecursionError
        (r"\frac{a}", r"unsupported LaTeX macro \frac"),  # was "%s/%sa"
        (r"\cite{x}", r"unsupported LaTeX macro \cite"),  # was "<cit.>"
        (r"\today", r"unsupported LaTeX macro \today"),  # was today's date
        (r"\unknown{x}", r"unsupported LaTeX macro \unknown"),  # was dropped silently
        (r"x\\y", r"unsupported LaTeX macro \\"),  # was a line break
        (r"\begin{itemize}\end{itemize}", "unsupported LaTeX environment {itemize}"),
        (r"\[x\]", r"unsupported display math '\\[x\\]'"),
        (r"$x", "invalid LaTeX: Unexpected end of stream, was expecting '$'"),
        (r"\url{50%}", "invalid LaTeX: Unexpected end of stream, was expecting '}'"),  # % is a comment
        ("50% of GPUs", "unescaped '%' (LaTeX reads the rest of the line as a comment): write \\%"),  # was "A 50"
    ],
    ids=["verb", "sqrt", "footnote", "input", "deep-nesting", "frac", "cite", "today", "unknown", "line-break", "environment", "display-math", "open-math", "comment", "unescaped-percent"],
)  # fmt: skip
def test_latex_without_a_faithful_reading_is_a_problem(latex: str, reason: str) -> None:
    with pytest.raises(dp.BibTeXError) as info:
        _title(latex)
    assert info.value.problems == (f"line 1: entry 'k': title: {reason}",)


@pytest.mark.parametrize(
    ("title", "reason"),
    [
        (r"\verb", r"unsupported LaTeX macro \verb"),  # was an IndexError
        (r"\sqrt", r"unsupported LaTeX macro \sqrt"),  # was a KeyError
        (r"\footnote", r"unsupported LaTeX macro \footnote"),  # was a KeyError
        (r"\input", r"unsupported LaTeX macro \input"),  # was an IndexError
        (r"\textcolor{r}", r"unsupported LaTeX macro \textcolor"),  # was a KeyError
        (r"\href{a}", 'invalid LaTeX: End of input while parsing arguments of macro "href"'),  # IndexError
        (r"\url", 'invalid LaTeX: End of input while parsing arguments of macro "url"'),  # was "<%s>"
        (r"\frac", r"unsupported LaTeX macro \frac"),  # was "%s/%s"
    ],
    ids=["verb", "sqrt", "footnote", "input", "textcolor", "href", "url", "frac"],
)  # fmt: skip
def test_a_macro_without_its_arguments_is_a_problem(title: str, reason: str) -> None:
    with pytest.raises(dp.BibTeXError) as info:
        dp.from_bibtex(f"@inproceedings{{k, title = {{{title}}}}}\n")
    assert info.value.problems == (f"line 1: entry 'k': title: {reason}",)


def test_latex_problems_name_the_field_and_every_entry() -> None:
    text = (
        "@inproceedings{a, title = {Fine}, author = {Smith, J. and \\cite{x}}}\n"
        "@inproceedings{b, title = {\\today}, doi = {\\url{10.1000/x}\\footnote{y}}}\n"
        "@inproceedings{c, title = {Also \\cite{x} fine}, author = {Smith, J.}}\n"
    )
    with pytest.raises(dp.BibTeXError) as info:
        dp.from_bibtex(text)
    assert info.value.problems == (
        "line 1: entry 'a': author '\\\\cite{x}': unsupported LaTeX macro \\cite",
        "line 2: entry 'b': title: unsupported LaTeX macro \\today",
        "line 2: entry 'b': doi: unsupported LaTeX macro \\footnote",
        "line 3: entry 'c': title: unsupported LaTeX macro \\cite",
    )


@pytest.mark.parametrize(
    ("fields", "problem"),
    [
        (
            "title = foo",
            "title: undefined macro 'foo': define it with @string{foo = {...}} before the entry",
        ),
        (
            'title = "a" # foo # Bar',
            "title: undefined macros 'foo', 'Bar': define it with @string{foo = {...}} before "
            "the entry",
        ),
        ("Title = {a}, title = {b}", "field 'title' is given twice"),
        ("title = {a} {b}", "title: expected '#' between the parts of the value, found '{b}'"),
        ("title = {a} #, pages = 7", "title: nothing after '#'"),
    ],
    ids=["undefined-string", "undefined-in-concatenation", "same-field-in-two-cases", "no-hash", "dangling-hash"],
)  # fmt: skip
def test_values_bibtex_cannot_read_are_problems(fields: str, problem: str) -> None:
    # bibtexparser 2 keeps an undefined @string's name and both of two fields
    # differing in case; BibTeX reads neither so.
    with pytest.raises(dp.BibTeXError) as info:
        dp.from_bibtex(f"@inproceedings{{k, {fields}}}\n")
    assert info.value.problems == (f"line 1: entry 'k': {problem}",)


def test_defined_strings_and_bare_numbers_are_read() -> None:
    (paper,) = dp.from_bibtex("@string{t = {Title}}\n@inproceedings{k, title = t, pages = 7}\n")
    assert (paper.title, paper.pages) == ("Title", dp.PageRange(first=7, last=7))


_SILENT_SCRIPT = r"""
import dls_proceedings as dp
texts = [
    "@inproceedings{a,\n  title = {T}\n\n@inproceedings{b,\n title = {x}\n",  # both logged
    "@inproceedings{k, title = {\\href{a}}}", "@inproceedings{k, title = {\\input{/etc/hostname}}}",
    "@inproceedings{k, title = {\\sqrt}}", "@inproceedings{k, title = {\\verb}}",
    "@inproceedings{k, title = {$x}}", "@inproceedings{k, Title = {a}, title = {b}}",
    "@article{k, title = {T}}",
]
for text in texts:
    try:
        dp.from_bibtex(text)
    except dp.BibTeXError:
        pass
paper = dp.Paper(key="k", title="One third ⅓ of it")  # pylatexenc warned on its spelling
dp.to_bibtex([paper], flavour="condensed")
"""


def test_nothing_is_printed_to_stderr() -> None:
    # In a fresh process with logging unconfigured, where Python prints warnings
    # that reach no handler; pytest's own handlers would hide them here.
    result = subprocess.run(
        [sys.executable, "-c", _SILENT_SCRIPT], capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""


def test_no_warning_is_logged_and_bibtexparsers_own_logging_is_untouched(
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.DEBUG)
    with pytest.raises(dp.BibTeXError):
        dp.from_bibtex("@inproceedings{a,\n  title = {\\href{a}}\n\n@misc{b,\n title = {x}\n")
    assert [r for r in caplog.records if r.levelno >= logging.WARNING] == []
    # Outside from_bibtex, what bibtexparser logs reaches the application as before.
    logging.getLogger("bibtexparser.splitter").warning("outside")
    assert [r.getMessage() for r in caplog.records if r.levelno >= logging.WARNING] == ["outside"]


# --------------------------------------------------------------------------- fuzzing

_PIECES = st.sampled_from(
    [
        *"@{}\\%\"#=, \n", "and", " and ", *"aBz19-", "--", "~", "$", "'",
        "\\emph", "\\cite", "\\'", "\\verb", "\\url", "\\href", "\\\\", "\\begin{x}",
        "\\ss", "\\textbraceleft{}", "{\\'e}", "\\today", "\\input",
        "@misc{", "@article{k,", "@string{s = ", "@comment{", "@preamble{", "@proceedings{p,",
        "@inproceedings{k,", "title", "author", "pages", "doi", "crossref", "booktitle", "year",
        "month", " = ", "10.1000/x", "1--9", "Smith, J.", "nov", " # ", "others",
    ]
)  # fmt: skip
_NOISE = st.lists(_PIECES, max_size=40).map("".join)
# Values that mostly read: words, names, accents, formatting, escapes, braces.
_READABLE_PIECES = [
    "word", "Word", "GPUs", " ", " and ", ", ", "Smith, J.", "van der Berg, Jan", "{\\'e}",
    '\\"{o}', "\\emph{x}", "{ABC}", "--", "\\&", "\\%", "~", "\\url{a_b}", "\\href{u}{t}",
    "$x^2$", "\\textbraceleft{}", "\n", "{\\ss}", "\\LaTeX{}", "é",
]  # fmt: skip
_READABLE = (
    st.lists(st.sampled_from(_READABLE_PIECES), min_size=1, max_size=10).map("".join).map(str.strip)
)
_VALUE = st.one_of(_READABLE, _READABLE, _NOISE)
# Entries of the right shape, so that many inputs parse and round-trip.
_ENTRY = st.builds(
    "@inproceedings{{k{},\n  title = {{{}}},\n  author = {{{}}},\n  pages = {{{}}}\n}}\n".format,
    st.integers(0, 3),
    _VALUE,
    _VALUE,
    st.sampled_from(["1--9", "7", "9--1", "x"]),
)
_BIBTEXISH = st.one_of(_NOISE, st.lists(st.one_of(_ENTRY, _NOISE), max_size=4).map("".join))
_LIMIT = 2.0
"""Seconds one input may take; every input here is at most a few hundred characters."""


@settings(
    max_examples=300,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(text=_BIBTEXISH)
def test_hostile_text_gives_papers_or_bibtex_errors(
    caplog: pytest.LogCaptureFixture, text: str
) -> None:
    caplog.set_level(logging.WARNING)
    # Imports and caches: not the input's time.
    dp.from_bibtex(r"@inproceedings{k, title = {\'e \emph{x}}}")
    start = time.perf_counter()
    try:
        papers = dp.from_bibtex(text)
    except dp.BibTeXError:
        papers = []
    assert time.perf_counter() - start < _LIMIT
    assert [r.getMessage() for r in caplog.records] == []
    if papers:
        back = dp.from_bibtex(dp.to_bibtex(papers, flavour="condensed"))
        assert len(back) == len(papers)
        for ours, theirs in zip(papers, back, strict=True):
            _same(ours, theirs)


@settings(max_examples=400, deadline=None)
@given(
    st.lists(
        st.one_of(_FEW, st.sampled_from(["(DLS)", "GPUs,", "“LARS”", "a-B", "''B1"])),
        min_size=1,
        max_size=6,
    ).map(" ".join),
    st.booleans(),
)
def test_a_title_without_names_is_encoded_as_case_protected_cuts_it(
    title: str, ascii_only: bool
) -> None:
    """The word-by-word path gives what the general one (``_case.case_protected``) gives."""
    encoder = bibtex._Encoder((), ascii_only)
    assert encoder.title(title) == encoder.protected(title, ())
