"""The printed table of contents, regenerated from the data, against the source."""

from __future__ import annotations

import re

import dls_proceedings as dp
from dls_proceedings.formats.toc import byline, to_toc

from . import transcription as T
from .conftest import SOURCE, require


def _lines(text: str) -> list[str]:
    # Normalise what the source's text extraction varies in: bold markers and
    # the number of leader dots after the page number.
    out = []
    for line in text.splitlines():
        line = re.sub(r"\.+$", ".", line.replace("**", "").strip())
        if line:
            out.append(line)
    return out


def test_toc_lines_are_the_source_lines(volume: dp.Workshop) -> None:
    require(SOURCE.is_file(), f"source document not found at {SOURCE}")
    source = _lines(SOURCE.read_text(encoding="utf-8"))
    start = source.index("Table of Contents")
    ours = _lines(to_toc(volume))
    assert ours[ours.index("Table of Contents") :] == source[start:]


def test_toc_head_and_bylines(volume: dp.Workshop) -> None:
    lines = to_toc(volume).splitlines()
    assert lines[:2] == [T.TITLE_PAGE_TITLE, f"{T.PLACE}, {T.DAY}"]
    assert f"{T.TITLE} **DLS 2020**" in lines
    for paper, row in zip(volume.papers, T.TOC, strict=True):
        assert byline(paper.authors) == row[3]
    assert lines[-1] == f"Author Index {T.AUTHOR_INDEX_PAGE}"


def test_byline_conjunctions() -> None:
    def author(name: str) -> dp.Author:
        return dp.Author(given=name, family="X")

    assert byline([author("A")]) == "A X"
    assert byline([author("A"), author("B")]) == "A X and B X"
    assert byline([author("A"), author("B"), author("C")]) == "A X, B X, and C X"


def test_toc_is_deterministic(volume: dp.Workshop) -> None:
    text = to_toc(volume)
    assert text == to_toc(dp.Workshop.model_validate(volume.model_dump()))
    assert text.endswith("\n")
    assert "\r" not in text
