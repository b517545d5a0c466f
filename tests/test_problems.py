"""The shared problem collector, and the limits that keep a hostile input's import short."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

import pytest

import dls_proceedings as dp
from dls_proceedings._problems import MAX_PROBLEMS, Problems, TooManyProblemsError
from dls_proceedings.formats.bibtex import MAX_ENTRIES


def test_problems_are_listed_in_input_order_and_stop_at_the_limit() -> None:
    problems = Problems(limit=2)
    problems.add(9, "line 9", "b", quote="x" * 100)
    problems.add(1, "line 1", "a")
    with pytest.raises(TooManyProblemsError):
        problems.add(5, "line 5", "c")
    listed = problems.listed()
    assert listed[0] == "line 1: a"
    assert listed[1] == "line 9: b: '" + "x" * 79 + "…'"
    assert listed[2].startswith("line 5: stopped reading after 2 problems")


def _toc(text: str) -> tuple[str, ...]:
    return dp.from_toc(text, strict=False, publisher="IEEE").problems


def _raised(read: Callable[[str], Any]) -> Callable[[str], tuple[str, ...]]:
    def problems(text: str) -> tuple[str, ...]:
        with pytest.raises(dp.InputError) as info:
            read(text)
        return info.value.problems

    return problems


# A megabyte each, of what makes one problem per line or item: before the limit, every
# one was formatted and sorted (2 s and more for the first two).
@pytest.mark.parametrize(
    ("problems_of", "text"),
    [
        (_toc, "Table of Contents\n" + "T .1\n" * 200_000),
        (_raised(dp.from_toc), "Table of Contents\n" + "T .1\n" * 200_000),
        (
            _raised(dp.from_csl_json),
            "[" + ", ".join(['{"id": "a", "title": ["x"]}'] * 40_000) + "]",
        ),
    ],
    ids=["toc-lenient", "toc-strict", "csl-json"],
)
def test_an_import_stops_after_the_problem_limit(
    problems_of: Callable[[str], tuple[str, ...]], text: str
) -> None:
    start = time.perf_counter()
    problems = problems_of(text)
    assert time.perf_counter() - start < 10
    assert len(problems) == MAX_PROBLEMS + 1
    assert f"stopped reading after {MAX_PROBLEMS:,} problems" in problems[-1]


def test_bibtex_with_more_entries_than_the_limit_is_refused_at_once() -> None:
    text = "@misc{" * (MAX_ENTRIES + 1)
    start = time.perf_counter()
    with pytest.raises(dp.BibTeXError) as info:
        dp.from_bibtex(text)
    assert time.perf_counter() - start < 1
    assert info.value.problems == (
        f"the input has {MAX_ENTRIES + 1:,} '@' signs, each of which may start an entry: "
        f"more than one import reads (at most {MAX_ENTRIES:,}); split the file",
    )
