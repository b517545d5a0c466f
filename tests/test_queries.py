"""Queries over the volume: lookup, search, people and the author index."""

from __future__ import annotations

import pytest

import dls_proceedings as dp

from . import transcription as T


def test_papers_in_page_order(volume: dp.Workshop) -> None:
    firsts = [p.pages.first for p in volume.papers if p.pages]
    assert firsts == sorted(firsts) == [row[2] for row in T.TOC]


@pytest.mark.parametrize(
    ("query", "keys"),
    [
        ("bedorf", ["cai2020deepgalaxy"]),
        ("BÉDORF", ["cai2020deepgalaxy"]),
        ("lawrence berkeley", ["wang2020time"]),
        ("DDLBench", ["jansen2020ddl"]),
        ("ddl bench", ["jansen2020ddl"]),
        ("LARS: Going beyond", ["murai2020online"]),
        ("Matthijs S. Jansen", ["jansen2020ddl"]),
        ("codreanu", ["jansen2020ddl", "cai2020deepgalaxy"]),
        ("u.s.a.", ["hasheminezhad2020towards", "acevedo2020vandermonde"]),
        ("minds.ai", ["cai2020deepgalaxy"]),
        ("the netherlands", ["jansen2020ddl"]),
        ("codreanu galaxy", ["cai2020deepgalaxy"]),
        ("monte carlo", ["acevedo2020vandermonde"]),
        ("quantum", []),
    ],
    ids=lambda v: v if isinstance(v, str) else None,
)
def test_search(volume: dp.Workshop, query: str, keys: list[str]) -> None:
    assert [p.key for p in volume.search(query)] == keys


def test_search_empty_text_matches_all(volume: dp.Workshop) -> None:
    assert volume.search("") == volume.papers


def test_paper_lookup_and_close_matches(volume: dp.Workshop) -> None:
    assert volume.paper("cai2020deepgalaxy").authors[1].family == "Bédorf"
    with pytest.raises(KeyError) as info:
        volume.paper("murai2020onlin")
    assert isinstance(info.value, dp.DlsProceedingsError)
    assert "unknown citation key 'murai2020onlin'" in str(info.value)
    assert "did you mean: murai2020online" in str(info.value)
    with pytest.raises(dp.UnknownKeyError, match="did you mean: cai2020deepgalaxy"):
        volume.paper("cai2020")


def test_session_of(volume: dp.Workshop) -> None:
    paper = volume.paper("venkataram2020topiqal")
    assert volume.session_of(paper).title == "Applications"
    assert volume.session_of("murai2020online").title == "Algorithm, Modeling, and Infrastructure"
    stranger = paper.model_copy(update={"title": "Another paper"})
    with pytest.raises(dp.UnknownKeyError):
        volume.session_of(stranger)
    with pytest.raises(dp.UnknownKeyError):
        volume.session_of("nosuch2020paper")


def test_authors_are_distinct_people(volume: dp.Workshop) -> None:
    people = volume.authors()
    bylines = [a for p in volume.papers for a in p.authors]
    assert (len(people), len(bylines)) == (34, 35)
    codreanu = [p for p in people if p.family == "Codreanu"]
    assert len(codreanu) == 1
    assert [p.key for p in codreanu[0].papers] == ["jansen2020ddl", "cai2020deepgalaxy"]
    assert [str(a) for a in codreanu[0].affiliations] == [
        "SURFsara, The Netherlands",
        "SURF Corporative",
    ]
    assert sum(len(p.papers) for p in people) == 35


def test_author_index(volume: dp.Workshop) -> None:
    index = volume.author_index()
    assert len(index) == 34
    entry = next(e for e in index if e.name == "Codreanu, Valeriu")
    assert entry.pages == (31, 56)
    assert str(entry) == "Codreanu, Valeriu  31, 56"
    names = [e.name for e in index]
    # Bédorf files as Bedorf: after Akiba, before Cai.
    assert names[:4] == ["Acevedo, Alberto", "Akiba, Takuya", "Bédorf, Jeroen", "Cai, Maxwell X."]
    assert names[-1] == "Zhang, Yan"
    # Every byline of the transcription is in the index at its paper's start page.
    expected: dict[str, set[int]] = {}
    for _session, _title, page, line in T.TOC:
        for name, _aff in T.split_byline(line):
            given, family = name.rsplit(" ", 1)
            expected.setdefault(f"{family}, {given}", set()).add(page)
    assert {e.name: set(e.pages) for e in index} == expected


def test_people_with_accent_or_case_variants_are_one() -> None:
    def author(given: str, family: str) -> dict[str, str]:
        return {"given": given, "family": family}

    wk = dp.Workshop.model_validate(
        {
            "title": "W",
            "acronym": "W",
            "date": "2021-01-01",
            "location": {"city": "X"},
            "publisher": "P",
            "sessions": [
                {
                    "papers": [
                        {"key": "a", "title": "A", "pages": {"first": 1, "last": 2},
                         "authors": [author("José", "Núñez"), author("Chris A", "Mattmann")]},
                        {"key": "b", "title": "B", "pages": {"first": 3, "last": 4},
                         "authors": [author("Jose", "Nunez"), author("Chris A.", "Mattmann")]},
                    ]
                }
            ],
        }
    )  # fmt: skip
    assert [(e.name, e.pages) for e in wk.author_index()] == [
        ("Mattmann, Chris A", (1, 3)),
        ("Núñez, José", (1, 3)),
    ]
