"""Text helpers shared by the models and the exporters (private)."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence

MONTHS = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip
"""English month names, independent of the process locale."""

_NON_ALNUM = re.compile(r"[^0-9a-z]+")
_JOINERS = re.compile(r"[.']")
_WORD = re.compile(r"[A-Za-z0-9]+")
_LETTERS = re.compile(r"[A-Za-z]+")


def ascii_fold(text: str) -> str:
    """Transliterate *text* to ASCII ("Bédorf" -> "Bedorf", "Łukasz" -> "Lukasz")."""
    if text.isascii():  # the common case; NFC and anyascii leave ASCII as it is
        return text
    # Imported here: anyascii imports importlib.resources, which plain ASCII never needs.
    from anyascii import anyascii

    # NFC first so that decomposed input folds exactly like precomposed input.
    return anyascii(unicodedata.normalize("NFC", text))


def search_fold(text: str) -> str:
    """Fold *text* for case-, accent- and punctuation-insensitive matching.

    Dots and apostrophes join ("U.S.A." is "usa", "O'Brien" is "obrien"); every
    other run of characters that are not ASCII letters or digits becomes one
    space, so "LARS; Going" and "LARS: going" fold alike.
    """
    return _NON_ALNUM.sub(" ", _JOINERS.sub("", ascii_fold(text).casefold())).strip()


def sort_fold(text: str) -> str:
    """A sort key that orders names as a reader expects ("Bédorf" as "Bedorf")."""
    return ascii_fold(text).casefold()


def key_stem(family: str | None, year: int | None, title: str) -> str:
    """The unsuffixed citation key: family name, year, first word of the title.

    >>> key_stem("Bédorf", 2020, "DeepGalaxy: Deducing ...")
    'bedorf2020deepgalaxy'
    >>> key_stem(None, None, "Über Alles")
    'anonuber'
    """
    name = "".join(_LETTERS.findall(ascii_fold(family or ""))).lower() or "anon"
    first = _WORD.search(ascii_fold(title))
    word = first.group(0).lower() if first else ""
    return f"{name}{'' if year is None else year}{word}"


def disambiguate(stems: Sequence[str]) -> list[str]:
    """Give every stem that occurs more than once the suffixes a, b, ... in order.

    >>> disambiguate(["x2020a", "y2020b", "x2020a"])
    ['x2020aa', 'y2020b', 'x2020ab']
    """
    counts: dict[str, int] = {}
    for stem in stems:
        counts[stem] = counts.get(stem, 0) + 1
    seen: dict[str, int] = {}
    keys: list[str] = []
    taken = set(stems)
    for stem in stems:
        if counts[stem] == 1:
            keys.append(stem)
            continue
        n = seen.get(stem, 0)
        key = stem + letter_suffix(n)
        # A suffixed key must not collide with another paper's plain key.
        while key in taken:
            n += 1
            key = stem + letter_suffix(n)
        seen[stem] = n + 1
        taken.add(key)
        keys.append(key)
    return keys


def letter_suffix(n: int) -> str:
    """The *n*-th suffix of a key or a year: 0 -> 'a', 25 -> 'z', 26 -> 'aa', ...

    Spreadsheet-column letters, as citation keys and citeproc-js's year suffixes
    count past "z".

    >>> [letter_suffix(n) for n in (0, 25, 26, 27)]
    ['a', 'z', 'aa', 'ab']
    """
    letters = ""
    n += 1
    while n:
        n, rem = divmod(n - 1, 26)
        letters = chr(ord("a") + rem) + letters
    return letters


def duplicates(values: Iterable[str]) -> list[str]:
    """The values that occur more than once, each named once, in first-seen order."""
    seen: set[str] = set()
    repeated: dict[str, None] = {}
    for value in values:
        if value in seen:
            repeated[value] = None
        seen.add(value)
    return list(repeated)
