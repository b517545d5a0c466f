"""Hostile input: from_toc reads any text in linear time and raises only the package's errors.

Every input of the tables below took seconds to minutes, or raised a bare
``ValueError``, ``RecursionError`` or pydantic ``ValidationError``, before the
reader was rebuilt (the hostile-input issue); the ids name the shape. The time
bounds are generous, for a loaded CI machine: the inputs take milliseconds now.
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable
from datetime import timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import dls_proceedings as dp
from dls_proceedings.errors import TocParseError
from dls_proceedings.formats.toc import TocImport, byline, from_toc, to_toc

BOUND = 1.0  # seconds for a reproducer: each took 1.6 s to minutes, now milliseconds


def _seconds(text: str) -> float:
    """The best of three readings, in seconds: the one least disturbed by other work."""
    best = float("inf")
    for _ in range(3):
        start = time.perf_counter()
        from_toc(text, strict=False, publisher="IEEE")
        best = min(best, time.perf_counter() - start)
    return best


def _problems(text: str) -> tuple[str, ...]:
    """The problems of *text*: never an exception, and the same in strict mode."""
    result = from_toc(text, strict=False, publisher="IEEE")
    assert isinstance(result, TocImport)
    if result.problems:
        with pytest.raises(TocParseError) as caught:
            from_toc(text, publisher="IEEE")
        assert caught.value.problems == result.problems
    return result.problems


# ----------------------------------------------------------------------------- backtracking

SLOW_BEFORE = {
    # A cubic dot-leader pattern: 7 s for 1,000 dots, about a minute for 2,000.
    "dot-leader-1000-dots": "Table of Contents\nX " + "." * 1000 + "q\n",
    "dot-leader-2000-dots": "Table of Contents\nX " + "." * 2000 + "q\n",
    # The same pattern over spaced dots: 17 s.
    "spaced-dots": "Table of Contents\n" + " ." * 20000 + "\n",
    # Each wrapped author line joined and read again with all lines before it: 4.6 s.
    "1000-wrapped-author-lines": (
        "Table of Contents\nA Title .1\n" + "Jane Doe (University of Somewhere Big),\n" * 1000
    ),
    # Bold markers stripped by a pattern anchored at the end, tried at every star: 12 s.
    "50000-stars": "Table of Contents\nA" + "*" * 50000 + "b\n",
    # A brand-name test scanning a run of capitals from each of its letters: 4 s.
    "capitals-in-an-affiliation": "Table of Contents\nT .1\nAnn Lee (Google, "
    + "A" * 20000
    + ".)\n",
    # A name suffix joined by one recursion per suffix: RecursionError.
    "5000-name-suffixes": "Table of Contents\nT .1\nAnn Lee" + ", Jr." * 5000 + " (MIT)\n",
}


@pytest.mark.parametrize("text", SLOW_BEFORE.values(), ids=SLOW_BEFORE.keys())
def test_reproducers_are_read_at_once(text: str) -> None:
    assert _seconds(text) < BOUND


def _normal(size: int) -> str:
    """The bundled volume's table of contents, its sessions repeated to *size* characters."""
    volume = dp.load()
    head = f"{volume.title}\n{volume.location}, 11 November 2020\n\nTable of Contents\n\n"
    blocks: list[str] = []
    length, page, round_ = len(head), 1, 0
    while length < size:
        round_ += 1
        for session in volume.sessions:
            blocks.append(f"{session.title} {round_}\n")
            for paper in session.papers:
                blocks.append(f"{paper.title} .{page}.....\n{byline(paper.authors)}\n")
                page += 10
        length = len(head) + sum(len(block) + 1 for block in blocks)
    return head + "\n".join(blocks) + f"\nAuthor Index {page}\n"


def _repeated(size: int, unit: str, head: str = "", tail: str = "") -> str:
    return head + unit * max(1, (size - len(head) - len(tail)) // len(unit)) + tail


SHAPES: dict[str, Callable[[int], str]] = {
    "normal": _normal,
    "one-line-of-dots": lambda n: _repeated(n, ".", "Table of Contents\nX ", "q\n"),
    "only-dots": lambda n: _repeated(n, "."),
    "spaced-dots": lambda n: _repeated(n, " .", "Table of Contents\n", "\n"),
    "one-huge-line": lambda n: _repeated(n, "word ", "Table of Contents\n", "\n"),
    "one-huge-title": lambda n: _repeated(
        n, "Word ", "", "\nAtlanta, 1 May 2020\nTable of Contents\nA .1\nAnn Lee\nAuthor Index 3\n"
    ),
    "wrapped-author-lines": lambda n: _repeated(
        n, "Jane Doe (University),\n", "Table of Contents\nA Title .....1\n"
    ),
    "short-wrapped-lines": lambda n: _repeated(
        n, "Univ\n", "Table of Contents\nA Title .1\nAnn Lee (X,\n", "Y)\nAuthor Index 9\n"
    ),
    "wrapped-names": lambda n: _repeated(
        n, "Ann Lee,\n", "Table of Contents\nA Title .1\n", "and Bo Li\nAuthor Index 9\n"
    ),
    "page-lines": lambda n: _repeated(n, "T .1\n", "Table of Contents\n"),
    "parentheses": lambda n: _repeated(n, "(", "Table of Contents\nT .1\nA B ", "\n"),
    "stars": lambda n: _repeated(n, "*", "Table of Contents\nA", "b\n"),
}


def test_the_normal_shape_is_a_volume() -> None:
    volume = from_toc(_normal(100_000), publisher="IEEE")
    assert len(volume.papers) > 250


@pytest.mark.parametrize("make", SHAPES.values(), ids=SHAPES.keys())
def test_time_grows_linearly(make: Callable[[int], str]) -> None:
    small, large = _seconds(make(10_000)), _seconds(make(100_000))
    assert large < 2.0
    # Ten times the text: about ten times the time. A quadratic reader takes a
    # hundred times; 30 leaves room for noise. Below a millisecond, noise is all.
    assert large / max(small, 0.001) < 30, (small, large)


# ----------------------------------------------------------------------------- problems, not exceptions

_BASE = to_toc(dp.load())
# The lines after the title page's catalog, copyright and printer blocks are
# numbered from the "Table of Contents" line (line 4 of a bare table).
_SHIFT = _BASE.splitlines().index("Table of Contents") - 3

RAISED_BEFORE = {
    # int() refuses strings of more than 4300 digits: a ValueError.
    "author-index-page-of-5000-digits": (
        _BASE.replace("Author Index 63", "Author Index " + "9" * 5000),
        f"line {34 + _SHIFT}: the page number '"
        + "9" * 79
        + "…' has more than 6 digits: 'Author Index "
        + "9" * 66
        + "…'",
    ),
    "paper-page-of-5000-digits": (
        _BASE.replace(".40.....", "." + "4" * 5000 + "....."),
        f"line {25 + _SHIFT}: the page number '"
        + "4" * 79
        + "…' has more than 6 digits: 'Vandermonde "
        "Wave Function Ansatz for Improved Variational Monte Carlo .44444444…'",
    ),
    "paper-page-of-7-digits": (
        _BASE.replace(".40.....", ".1234567....."),
        f"line {25 + _SHIFT}: the page number '1234567' has more than 6 digits: 'Vandermonde Wave Function "
        "Ansatz for Improved Variational Monte Carlo .1234567.…'",
    ),
    # Characters the models refuse: a ValidationError out of from_toc.
    "c1-control-in-front-matter": (
        _BASE.replace("Workshop Chairs", "Workshop\x96Chairs"),
        f"line {6 + _SHIFT}: the front-matter item is not valid: title: Value error, must not contain "
        "control character U+0096, got 'Message from the Workshop\\x96Chairs': 'Message from "
        "the Workshop\\x96Chairs .v.....'",
    ),
    "lone-surrogate-in-front-matter": (
        _BASE.replace("Workshop Chairs", "Workshop\ud800Chairs"),
        f"line {6 + _SHIFT}: the front-matter item is not valid: title: Value error, must not contain "
        "control character U+D800, got 'Message from the Workshop\\ud800Chairs': 'Message "
        "from the Workshop\\ud800Chairs .v.....'",
    ),
    "c1-control-in-place": (
        _BASE.replace("Atlanta, Georgia", "Atlanta\x96, Georgia"),
        "line 2: the place is not valid: city: Value error, must not contain control character "
        "U+0096, got 'Atlanta\\x96': 'Atlanta\\x96, Georgia, USA, 11 November 2020'",
    ),
    "lone-surrogate-in-place": (
        _BASE.replace("Atlanta, Georgia", "Atlanta, Georgia\ud800"),
        "line 2: the place is not valid: region: Value error, must not contain control "
        "character U+D800, got 'Georgia\\ud800': 'Atlanta, Georgia\\ud800, USA, 11 November "
        "2020'",
    ),
    "c1-control-in-session-heading": (
        _BASE.replace("\nApplications\n", "\nApplications\x96\n"),
        f"line {23 + _SHIFT}: the session heading is not valid: title: Value error, must not contain "
        "control character U+0096, got 'Applications\\x96': 'Applications\\x96'",
    ),
    "lone-surrogate-in-session-heading": (
        _BASE.replace("\nApplications\n", "\nApp\ud800lications\n"),
        f"line {23 + _SHIFT}: the session heading is not valid: title: Value error, must not contain "
        "control character U+D800, got 'App\\ud800lications': 'App\\ud800lications'",
    ),
}


@pytest.mark.parametrize(("text", "problem"), RAISED_BEFORE.values(), ids=RAISED_BEFORE.keys())
def test_bad_content_is_a_problem_not_an_exception(text: str, problem: str) -> None:
    assert _problems(text) == (problem,)


def test_what_is_left_after_a_bad_heading_or_front_matter_item() -> None:
    # Lenient mode keeps the papers under an untitled session, and the other items.
    heading = from_toc(
        _BASE.replace("\nApplications\n", "\nApp\x96\n"), strict=False, publisher="IEEE"
    )
    assert heading.workshop is not None
    assert [s.title for s in heading.workshop.sessions] == [
        "Algorithm, Modeling, and Infrastructure",
        None,
    ]
    item = from_toc(_BASE.replace("Workshop Chairs", "Chairs\x96"), strict=False, publisher="IEEE")
    assert item.workshop is not None
    assert [i.title for i in item.workshop.front_matter] == ["Workshop Organization"]


def test_an_ordinal_of_5000_digits_is_no_ordinal() -> None:
    # int() refused it with a ValueError; such a number is no edition of a workshop.
    volume = from_toc(_BASE.replace("Fourth", "9" * 5000 + "th"), publisher="IEEE")
    assert volume.ordinal is None


# ----------------------------------------------------------------------------- any text at all

# The characters and words the lexer tells apart, and the characters the models refuse.
_PIECES = st.sampled_from([
    ".", ". ", " .", "..", " ", "  ", "\t", "1", "9", "0", "12", "iv", "x", "a", "B", "Word",
    "(", ")", ",", ", ", "and", " and ", "&", "/", "-", ";", "*", "**", "Jr.", "Author Index",
    "Index of Authors", "\r", "\u0096", "\ud800", "©", "Copyright © 2020 by the IEEE", "ISBN: ",
    "Phone: 1", "11 November 2020", "Atlanta, USA", " .iv", " .1....", "Ann Lee (MIT)",
])  # fmt: skip
# Lines of those pieces, a "Table of Contents" line among them more often than by chance.
_LINES = st.lists(
    st.one_of(st.just("Table of Contents"), st.lists(_PIECES, max_size=12).map("".join)),
    max_size=40,
).map("\n".join)


@settings(
    max_examples=200,
    deadline=timedelta(seconds=2),
    suppress_health_check=[HealthCheck.too_slow],
)
@given(text=_LINES, encoded=st.booleans())
def test_any_text_gives_a_result_and_problems(text: str, encoded: bool) -> None:
    data: str | bytes = text.encode("utf-8", "surrogatepass") if encoded else text
    workshop, problems = from_toc(data, strict=False)
    assert all(re.match(r"line \d+: ", problem) for problem in problems), problems
    assert workshop is not None or problems
    if problems:
        with pytest.raises(TocParseError) as caught:
            from_toc(data)
        assert caught.value.problems == problems
    else:
        assert from_toc(data) == workshop
