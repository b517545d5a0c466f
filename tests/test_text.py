"""Citation keys and folding."""

from __future__ import annotations

import pytest

import dls_proceedings as dp
from dls_proceedings._text import disambiguate, key_stem, search_fold

from . import transcription as T


def test_bundled_keys_follow_the_rule(volume: dp.Workshop) -> None:
    stems = [key_stem(p.authors[0].family, volume.year, p.title) for p in volume.papers]
    assert tuple(disambiguate(stems)) == T.KEYS


@pytest.mark.parametrize(
    ("family", "title", "key"),
    [
        ("Bédorf", "DeepGalaxy: Deducing", "bedorf2020deepgalaxy"),
        ("Murai", "Online-Codistillation Meets LARS", "murai2020online"),
        ("O'Brien-Smith", "3D Models", "obriensmith20203d"),
        ("Łukasiewicz", "“Quoted” title", "lukasiewicz2020quoted"),
        (None, "Anonymous Work", "anon2020anonymous"),
        ("Nguyễn", "…", "nguyen2020"),
    ],
    ids=["accent", "hyphenated-word", "apostrophe", "stroke-letter", "no-author", "no-title-word"],
)
def test_key_stem(family: str | None, title: str, key: str) -> None:
    assert key_stem(family, 2020, title) == key


@pytest.mark.parametrize(
    ("stems", "keys"),
    [
        (["a", "b"], ["a", "b"]),
        (["a", "a"], ["aa", "ab"]),
        (["x", "x", "y", "x"], ["xa", "xb", "y", "xc"]),
        (["x", "x", "xa"], ["xb", "xc", "xa"]),
        (["k"] * 28, ["k" + s for s in [*"abcdefghijklmnopqrstuvwxyz", "aa", "ab"]]),
    ],
    ids=["distinct", "pair", "three-of-four", "avoids-existing-key", "beyond-z"],
)
def test_disambiguate(stems: list[str], keys: list[str]) -> None:
    result = disambiguate(stems)
    assert result == keys
    assert len(set(result)) == len(result)


@pytest.mark.parametrize(
    ("text", "folded"),
    [
        ("Bédorf", "bedorf"),
        ("LARS; Going", "lars going"),
        ("  DDL-Bench ", "ddl bench"),
        ("Straße", "strasse"),
    ],
)
def test_search_fold(text: str, folded: str) -> None:
    assert search_fold(text) == folded
