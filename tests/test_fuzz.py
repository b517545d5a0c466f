"""The fuzz suite: every importer and the command line, fed generated hostile input.

What it asserts, for every input:
- only the package's errors (``DlsProceedingsError``) are raised, never a raw
  ``ValueError``, ``KeyError``, ``RecursionError``...; ``from_toc(strict=False)``
  never raises at all, and the CLI never exits 70 (an internal error);
- no hang: each input is read within ``LIMIT`` seconds;
- what parses survives a round trip through the matching writer.

It is bounded so that CI stays fast (``FUZZ_EXAMPLES`` inputs per property, 150 by
default; ``DLS_FUZZ_EXAMPLES=5000`` for a longer local run), and the corpus of
reproducers from the fuzzing campaign (tests/data/fuzz/) runs first, every time. The
count of inputs tried and the time taken are printed at the end of the run (the
``fuzz:`` line of pytest's summary). For long coverage-guided runs, see
``scripts/fuzz_atheris.py``.
"""

from __future__ import annotations

import json
import os
import time
from collections import Counter, defaultdict
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import dls_proceedings as dp
from dls_proceedings.cli import main
from dls_proceedings.formats.model_json import from_json, to_json

from .conftest import DATA

LIMIT = 2.0
"""Seconds one input may take (inputs here are at most a few kB)."""

FUZZ_EXAMPLES = int(os.environ.get("DLS_FUZZ_EXAMPLES", "150"))
CORPUS = DATA / "fuzz"

TRIED: Counter[str] = Counter()
SPENT: defaultdict[str, float] = defaultdict(float)

_settings = settings(
    max_examples=FUZZ_EXAMPLES,
    deadline=None,  # the time limit is asserted below, per input, with a clear message
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    database=None,
)


def _timed(kind: str, call: Callable[[], Any]) -> Any:
    """Run *call*, count it, and fail if it took longer than LIMIT."""
    start = time.perf_counter()
    try:
        return call()
    finally:
        elapsed = time.perf_counter() - start
        TRIED[kind] += 1
        SPENT[kind] += elapsed
        assert elapsed < LIMIT, f"{kind}: one input took {elapsed:.2f} s (limit {LIMIT} s)"


def _only_package_errors(kind: str, call: Callable[[], Any]) -> Any:
    try:
        return _timed(kind, call)
    except dp.DlsProceedingsError:
        return None


# --------------------------------------------------------------------------- strategies


def _tokens(*tokens: str) -> st.SearchStrategy[str]:
    """Text made of *tokens* and of single hostile characters, joined."""
    pieces = st.one_of(
        st.sampled_from(tokens),
        st.characters(codec=None, exclude_categories=()),
        st.sampled_from(["\x00", "\x1b", "\x96", "\ud800", "\u202e", "\r", "\t", "\ufeff"]),
    )
    return st.lists(pieces, max_size=60).map("".join)


BIBTEX = _tokens(
    "@article{", "@inproceedings{", "@proceedings{", "@string{", "@comment{", "@preamble{",
    "{", "}", '"', "#", "=", ",", " ", "\n", " and ", " and others", "title", "author",
    "pages", "doi", "crossref", "booktitle", "year", "key1", "x", "Doe, J.", "1--9",
    "\\emph{", "\\href{a}{", "\\url{", "\\verb|", "\\sqrt{", "\\footnote{", "\\input{",
    "\\frac{a}", "\\cite{", "\\today", "\\'e", "\\\\", "%", "{{{{{{{{", "}}}}}}}}", "10.1/x",
    "jan", "nov", "\\", "~", "$", "^",
)  # fmt: skip

TOC = _tokens(
    "Table of Contents", "Author Index", "\n", " ", ".", " .", "....", ".....12.", "1",
    "63", "vi", "iii", "Message from the Chairs", "Atlanta, Georgia, USA", "11 November 2020",
    "Session 1", "Title", "A Title of a Paper", "Jane Doe (University, Country)", "John Roe",
    ", ", " and ", "(", ")", "/", "ISBN: 978-1-6654-2246-8", "IEEE Catalog Number: X",
    "Copyright © 2020 by the Institute of Electrical and Electronics Engineers, Inc.",
    "**", "*", "9" * 30, "-",
)  # fmt: skip

JSON_TEXT = _tokens(
    "[", "]", "{", "}", ",", ":", '"', '"id"', '"title"', '"author"', '"family"', '"given"',
    '"page"', '"DOI"', '"type"', '"paper-conference"', '"book"', '"container-title"',
    '"sessions"', '"papers"', '"key"', '"date"', '"2020-11-11"', "1", "-1", "1e999",
    "9" * 50, "null", "true", "false", '"x"', " ", "\n", "\\u0000", "\\ud800", '"\\',
)  # fmt: skip

RIS = _tokens(
    "TY  - ", "ER  - ", "CPAPER", "CONF", "BOOK", "JOUR", "\n", "\r\n", " ", "  - ", "-",
    "ID  - ", "TI  - ", "T1  - ", "T2  - ", "C3  - ", "BT  - ", "AU  - ", "A1  - ", "PY  - ",
    "DA  - ", "PB  - ", "CY  - ", "C1  - ", "SN  - ", "SP  - ", "EP  - ", "DO  - ", "UK  - ",
    "UR  - ", "KW  - ", "XX  - ", "key1", "A Title", "Doe, Jane", "Roe", ",", ";", "/", "1",
    "9", "56-62", "2020", "2020/11/11/", "2020-11", "978-1-6654-2246-8", "10.1/x",
    "Atlanta, Georgia, USA", "9" * 30, "\ufeff",
)  # fmt: skip

JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=20),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner),
    max_leaves=20,
)
CSL_ITEMS = st.lists(
    st.fixed_dictionaries(
        {},
        optional={
            "id": JSON_VALUES | st.text(max_size=12),
            "type": st.sampled_from(["paper-conference", "book", "article"]) | JSON_VALUES,
            "title": st.text(max_size=30) | JSON_VALUES,
            "author": st.lists(
                st.fixed_dictionaries(
                    {}, optional={"family": st.text(max_size=10), "given": JSON_VALUES}
                )
                | JSON_VALUES,
                max_size=3,
            )
            | JSON_VALUES,
            "page": st.text(max_size=12) | JSON_VALUES,
            "DOI": st.text(max_size=20) | JSON_VALUES,
            "container-title": JSON_VALUES,
        },
    )
    | JSON_VALUES,
    max_size=5,
)

KEYS = [p.key for p in dp.load().papers]
ARGUMENT = st.one_of(
    st.sampled_from(
        ["list", "show", "toc", "authors", "search", "export", "cite", "styles", "import-toc",
         "--format", "--style", "--locale", "--flavour", "--session", "--last-page",
         "--publisher", "-o", "--output", "--help", "--version", "-", "", "!!!", "ieee", "apa",
         "html", "text", "bibtex", "json", "csl-json", "biblatex", "de-DE", "xx", "0", "-1",
         "99999999999999999999", "dls2020", "\udcff", "\x00", *KEYS]
    ),
    st.text(max_size=12),
)  # fmt: skip
ARGV = st.lists(ARGUMENT, max_size=6).filter(
    # Arguments that write files or read stdin are exercised in test_cli_hostile.
    lambda argv: not {"-o", "--output", "-", "--help", "--version"} & set(argv)
)


# --------------------------------------------------------------------------- properties


def _same_papers(back: list[dp.Paper], papers: list[dp.Paper]) -> None:
    # What BibTeX, CSL-JSON and RIS carry: keys, titles, names, pages, DOIs.
    def carried(p: dp.Paper) -> tuple[object, ...]:
        return (p.key, p.title, [(a.given, a.family) for a in p.authors], p.pages, p.doi)

    assert [carried(p) for p in back] == [carried(p) for p in papers]


@_settings
@given(BIBTEX)
def test_from_bibtex(text: str) -> None:
    papers = _only_package_errors("from_bibtex", lambda: dp.from_bibtex(text))
    if papers:
        back = _timed("from_bibtex", lambda: dp.from_bibtex(dp.to_bibtex(papers)))
        _same_papers(back, papers)


@_settings
@given(TOC)
def test_from_toc(text: str) -> None:
    result = _timed("from_toc", lambda: dp.from_toc(text, strict=False))
    assert isinstance(result.problems, tuple)
    _only_package_errors("from_toc", lambda: dp.from_toc(text))
    if result.workshop is not None and not result.problems:
        from dls_proceedings.formats.toc import to_toc

        again = _timed("from_toc", lambda: dp.from_toc(to_toc(result.workshop), strict=False))
        assert again.workshop is not None
        assert [p.title for p in again.workshop.papers] == [p.title for p in result.workshop.papers]


@_settings
@given(RIS | RIS.map(lambda text: text.encode("utf-8", "surrogatepass")))
def test_from_ris(text: str | bytes) -> None:
    papers = _only_package_errors("from_ris", lambda: dp.from_ris(text))
    if papers:
        back = _timed("from_ris", lambda: dp.from_ris(dp.to_ris(papers)))
        _same_papers(back, papers)


@_settings
@given(JSON_TEXT | CSL_ITEMS.map(json.dumps))
def test_from_csl_json(text: str) -> None:
    papers = _only_package_errors("from_csl_json", lambda: dp.from_csl_json(text))
    if papers:
        back = _timed("from_csl_json", lambda: dp.from_csl_json(dp.dump_csl_json(papers)))
        _same_papers(back, papers)


@_settings
@given(JSON_TEXT | JSON_VALUES.map(json.dumps))
def test_from_json(text: str) -> None:
    value = _only_package_errors("from_json", lambda: from_json(text))
    if value is not None:
        assert _timed("from_json", lambda: from_json(to_json(value))) == value


@settings(_settings, max_examples=max(10, FUZZ_EXAMPLES // 3))
@given(ARGV)
def test_cli(argv: list[str]) -> None:
    # main() writes to sys.stdout/stderr; pytest captures them. It must return, not raise.
    code = _timed("cli", lambda: main(argv))
    assert code in (0, 1, 2), f"exit status {code} for {argv!r}"


# --------------------------------------------------------------------------- the corpus

_READERS: dict[str, Callable[[str], Any]] = {
    "bibtex": dp.from_bibtex,
    "toc": dp.from_toc,
    "csl-json": dp.from_csl_json,
    "json": from_json,
    "ris": dp.from_ris,
}


def _corpus() -> list[Path]:
    return sorted(p for p in CORPUS.glob("*/*") if p.is_file())


@pytest.mark.parametrize("path", _corpus(), ids=lambda p: f"{p.parent.name}/{p.name}")
def test_corpus(path: Path) -> None:
    # Read as the file's bytes allow: lone surrogates are stored as their UTF-8-like
    # bytes (surrogatepass), so that the reproducers hold them.
    text = path.read_bytes().decode("utf-8", "surrogatepass")
    kind = path.parent.name
    _only_package_errors(f"corpus {kind}", lambda: _READERS[kind](text))
    if kind == "toc":
        result = _timed("corpus toc", lambda: dp.from_toc(text, strict=False))
        assert result.problems


def test_corpus_is_there() -> None:
    assert {p.parent.name for p in _corpus()} == set(_READERS)
