"""Which words of a title keep their capitals, for every format that changes case (private).

One source for the BibTeX writer (which braces them) and the CSL-JSON writer
(which keeps titles in sentence case, as the CSL convention and Zotero do, and
wraps them in ``<span class="nocase">``): a word with a capital after its first
letter (LARS, DeepGalaxy, IEEE/ACM) is a name by its spelling; the names that
spelling does not reveal ("DDL Bench", "Monte Carlo", an event's name) are kept in
the data, per title (``Paper.proper_names``, ``Workshop.proper_names``).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from functools import lru_cache

__all__ = [
    "case_protected",
    "cased_run",
    "is_cased_name",
    "plain_text",
    "sentence_case",
    "spans",
]

# The rich-text tags CSL processors interpret in data (citeproc-js's set): what
# plain_text removes. Anything else in angle brackets is text.
_TAG = re.compile(
    r'<(?:/?(?:i|b|sup|sub|sc)|span class="(?:nocase|nodecor)"'
    r'|span style="font-variant: ?small-caps;"|/span)>'
)
_NOCASE = re.compile(r'<span class="nocase">(.*?)</span>', re.S)

_WORD = re.compile(r"\S+")
_SEGMENT = re.compile(r"[^\W_]+")
# The first word of a subtitle keeps its capital ("DeepGalaxy: Deducing ..."), as
# APA and Chicago keep it in sentence case.
_SUBTITLE = re.compile(r"[:?!.]\s*$")


def is_cased_name(word: str) -> bool:
    """Whether a word's spelling shows it is a name: a capital after a segment's first letter.

    >>> [is_cased_name(w) for w in ("LARS", "DeepGalaxy", "IEEE/ACM", "Deep", "Topic-Aware")]
    [True, True, True, False, False]
    """
    return any(any(c.isupper() for c in segment[1:]) for segment in _SEGMENT.findall(word))


_PUNCTUATION = "()[]{}\"'“”‘’.,;:!?"
"""What may surround a name inside a word: "(DLS)", "DeepGalaxy:", "“LARS”"."""


@lru_cache(maxsize=65536)  # a volume's titles repeat their words: each is looked at once
def cased_run(word: str) -> tuple[int, int] | None:
    """Where in *word* (a run without white space) a name by its spelling is, or ``None``.

    >>> cased_run("(DLS)"), cased_run("DeepGalaxy:"), cased_run("Deep")
    ((1, 4), (0, 10), None)
    """
    core = word.strip(_PUNCTUATION)
    if core and is_cased_name(core):
        start = word.index(core)
        return start, start + len(core)
    return None


@lru_cache(maxsize=4096)
def _name_pattern(names: tuple[str, ...]) -> re.Pattern[str] | None:
    if not names:
        return None
    ordered = sorted(set(names), key=len, reverse=True)
    return re.compile(r"(?<![^\W_])(?:" + "|".join(re.escape(n) for n in ordered) + r")(?![^\W_])")


def spans(title: str, names: Sequence[str] = ()) -> list[tuple[int, int]]:
    """The ``(start, end)`` runs of *title* whose case must survive, in order, not overlapping.

    >>> t = "Vandermonde Wave Function Ansatz for Improved Variational Monte Carlo"
    >>> [t[a:b] for a, b in spans(t, ("Monte Carlo", "Vandermonde"))]
    ['Vandermonde', 'Monte Carlo']
    >>> t = "DeepGalaxy: Deducing the Properties of Galaxy Mergers"
    >>> [t[a:b] for a, b in spans(t)]
    ['DeepGalaxy']
    """
    found: list[tuple[int, int]] = []
    pattern = _name_pattern(tuple(names))
    if pattern is not None:
        found += [m.span() for m in pattern.finditer(title)]
    for match in _WORD.finditer(title):
        run = cased_run(match.group())
        if run is not None:
            found.append((match.start() + run[0], match.start() + run[1]))
    found.sort()
    merged: list[tuple[int, int]] = []
    for start, end in found:
        if merged and start < merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def case_protected(title: str, names: Iterable[str] = ()) -> list[tuple[str, bool]]:
    """*title* cut into pieces, each with whether its case must survive.

    >>> case_protected("DDL Bench: Towards X", ("DDL Bench",))
    [('DDL Bench', True), (': Towards X', False)]
    """
    pieces: list[tuple[str, bool]] = []
    at = 0
    for start, end in spans(title, tuple(names)):
        if start > at:
            pieces.append((title[at:start], False))
        pieces.append((title[start:end], True))
        at = end
    if at < len(title):
        pieces.append((title[at:], False))
    return pieces


def sentence_case(title: str, names: Iterable[str] = (), *, markup: bool = True) -> str:
    """*title* in sentence case, its names kept; with *markup*, as CSL-JSON rich text.

    Every word is lower-cased except the first of the title, the first of a
    subtitle (after ":", "?", "!" or "."), and the protected runs, which
    *markup* wraps in ``<span class="nocase">`` so that a style's title case
    leaves them alone too. Nothing else is escaped: CSL processors read ``&`` and
    ``<`` in data as the characters themselves (citeproc-js prints ``&amp;`` as
    typed), interpreting only their few rich-text tags.

    >>> print(sentence_case("DDL Bench: Towards a Scalable Benchmarking Infrastructure", ["DDL Bench"]))
    <span class="nocase">DDL Bench</span>: Towards a scalable benchmarking infrastructure
    >>> print(sentence_case("Online-Codistillation Meets LARS; Going Beyond the Limit", markup=False))
    Online-codistillation meets LARS; going beyond the limit
    """
    out: list[str] = []
    capital_next = True
    for piece, kept in case_protected(title, tuple(names)):
        if kept:
            out.append(f'<span class="nocase">{piece}</span>' if markup else piece)
            capital_next = False
            continue
        words = re.split(r"(\s+)", piece)
        for i, word in enumerate(words):
            if i % 2 or not word:
                out.append(word)
                continue
            if capital_next and any(c.isalpha() for c in word):
                text = word[:1] + word[1:].lower() if word[:1].isalpha() else word.lower()
                # A word starting with a digit or a bracket keeps its first letter's case.
                if not word[:1].isalpha():
                    first = next(j for j, c in enumerate(word) if c.isalpha())
                    text = word[:first].lower() + word[first] + word[first + 1 :].lower()
                capital_next = False
            elif capital_next:
                text = word  # "2020", "(": the capital waits for the first letter
            else:
                text = word.lower()
            out.append(text)
            if _SUBTITLE.search(word):
                capital_next = True
    return "".join(out)


def plain_text(rich: str) -> tuple[str, tuple[str, ...]]:
    """CSL-JSON rich text as plain text, and the texts its nocase spans protect.

    Only the tags CSL processors interpret are removed; other text, ``<`` and
    ``&`` included, is kept as typed.

    >>> plain_text('<span class="nocase">DDL Bench</span>: Towards <i>x</i> & <y>')
    ('DDL Bench: Towards x & <y>', ('DDL Bench',))
    """
    if "<" not in rich:
        return rich, ()
    names = tuple(_TAG.sub("", m.group(1)) for m in _NOCASE.finditer(rich))
    return _TAG.sub("", rich), names
