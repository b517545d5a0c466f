"""Case protection, one source for BibTeX braces and CSL-JSON sentence case."""

from __future__ import annotations

import pytest

import dls_proceedings as dp
from dls_proceedings.formats._case import is_cased_name, sentence_case, spans

# Titles as printed -> sentence case (no markup): independent expectations written
# from APA's rule (first word, first word of a subtitle, proper names keep capitals).
SENTENCE = [
    ("jansen2020ddl", "DDL Bench: Towards a scalable benchmarking infrastructure for distributed deep learning"),
    ("acevedo2020vandermonde", "Vandermonde wave function ansatz for improved variational Monte Carlo"),
    ("venkataram2020topiqal", "TopiQAL: Topic-aware question answering using scalable domain-specific supercomputers"),
    ("cai2020deepgalaxy", "DeepGalaxy: Deducing the properties of galaxy mergers from images using deep neural networks"),
    ("murai2020online", "Online-codistillation meets LARS; going beyond the limit of data parallelism in deep learning"),
]  # fmt: skip


@pytest.mark.parametrize(("key", "expected"), SENTENCE, ids=[k for k, _ in SENTENCE])
def test_sentence_case_of_the_bundled_titles(key: str, expected: str) -> None:
    paper = dp.load().paper(key)
    assert sentence_case(paper.title, paper.proper_names, markup=False) == expected


def test_the_event_name_is_kept_whole() -> None:
    wk = dp.load()
    assert sentence_case(wk.title, wk.proper_names) == (
        '2020 <span class="nocase">IEEE/ACM Fourth Workshop on Deep Learning on Supercomputers'
        '</span> (<span class="nocase">DLS</span>)'
    )


@pytest.mark.parametrize(
    ("title", "names", "expected"),
    [
        ("A <b> & C", (), "A <b> & c"),
        ("Why? Because GPUs", (), 'Why? Because <span class="nocase">GPUs</span>'),
        ("“Quoted” Words Here", (), "“Quoted” words here"),
        ("(Parenthesised) Start", (), "(Parenthesised) start"),
        ("Monte Carlos and Monte Carlo", ("Monte Carlo",), 'Monte carlos and <span class="nocase">Monte Carlo</span>'),
    ],
    ids=["not-escaped", "question-subtitle", "quote-first", "bracket-first", "whole-words-only"],
)  # fmt: skip
def test_sentence_case_edges(title: str, names: tuple[str, ...], expected: str) -> None:
    assert sentence_case(title, names) == expected


@pytest.mark.parametrize(
    ("word", "cased"),
    [("LARS", True), ("iPhone", True), ("IEEE/ACM", True), ("Topic-Aware", False), ("A", False)],
)
def test_is_cased_name(word: str, cased: bool) -> None:
    assert is_cased_name(word) is cased


def test_spans_merge_overlaps() -> None:
    title = "DDL Bench: Towards"
    assert [title[a:b] for a, b in spans(title, ("DDL Bench", "DDL"))] == ["DDL Bench"]


@pytest.mark.parametrize("name", ["Monte Carlos", "onte Carlo", "monte carlo"])
def test_a_proper_name_must_be_whole_words_of_the_title(name: str) -> None:
    with pytest.raises(ValueError, match="not a run of whole words"):
        dp.Paper(key="a", title="Variational Monte Carlo", proper_names=(name,))
