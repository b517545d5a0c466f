"""LaTeX field values <-> text (formats/_latex.py): what decode reads, refuses and how fast."""

from __future__ import annotations

import logging
import random
import time

import pytest

from dls_proceedings.formats import _latex
from dls_proceedings.formats._latex import MAX_DEPTH, LatexError, decode, encode

# Pieces of field values: what encode writes, what .bib files hold, and hostile LaTeX.
_PIECES = [
    *"abcXYZ019 .:;()/+*=@\"[]<>,!?#^_-'",
    *("  ", "{", "}", "{}", "--", "---", "''", "``", "~", "&", "%", "$", "`", "!`", "?`"),
    *("\\#", "\\$", "\\%", "\\&", "\\_", "\\textbackslash{}", "\\textbraceleft{}", "\\textbar{}"),
    *("\\textasciitilde{}", "é", "ü", "中", "\u00a0", "\n", "\t", "\\", "\\\\", "\\'e", "\\ss"),
    *("\\ss{}", "{\\ss}", "{\\'e}", "{\\c{c}}", "{\\ensuremath{\\alpha}}", "\\emph{x}", "$x^2$"),
    *("{\\verb|x|}", "{\\verb{x}}", "{\\begin{x}}", "{\\'{}}", "{\\c}", "{\\relax}", "{\\ }"),
    *("{~}", "{\\cite{x}}", "{\\today}", "\\url{a~b}", "\\href{u}{t}", "{\\mathbb{R}}"),
    *("\\textbf{a b}", "\\textsc{x}", "\\mbox{y-z}", "\\text{}", "\\emph{a'b}", "\\textit{%}"),
]


def _slow(latex: str) -> str:
    return _latex._latex_to_text(latex)


def test_fast_paths_give_what_the_parser_gives() -> None:
    """decode's shortcuts read a value exactly as the checked pylatexenc path does, or refuse alike."""
    rng = random.Random(20201111)
    simple = refused = 0
    for _ in range(6000):
        latex = "".join(rng.choice(_PIECES) for _ in range(rng.randint(0, 9)))
        try:
            expected = _slow(latex)
        except LatexError:
            refused += 1
            with pytest.raises(LatexError):
                decode(latex)
            assert _latex._decode_simple(latex) is None, latex
            continue
        assert decode(latex) == expected, latex
        fast = _latex._decode_simple(latex)
        if fast is not None:
            simple += 1
            assert fast == expected, latex
    assert simple > 1000  # the fast path is exercised, not skipped
    assert refused > 500  # and so is the refusal


def test_encoded_text_always_decodes() -> None:
    rng = random.Random(7)
    for _ in range(3000):
        text = "".join(rng.choice(_PIECES) for _ in range(rng.randint(1, 9)))
        assert decode(encode(text)) == text
        assert decode(encode(text, ascii_only=False)) == text


def test_a_spelling_decode_refuses_is_not_used() -> None:
    # pylatexenc spells ⅓ as \textfrac{1}{3}, which it cannot read back (it warned).
    assert encode("⅓") == "⅓"
    assert encode("é") == "{\\'e}"


@pytest.mark.parametrize(
    ("latex", "text"),
    [
        ("\\url{a~b_c#d&e}", "a~b_c#d&e"),
        ("\\href{https://a.org/~x}{the \\emph{text}}", "the text"),
        ("\\texorpdfstring{$x$}{x}", "x"),
        ("{\\small\\ensuremath{\\blacksquare}}", "▪"),
        ("\\mathbb{R}", "ℝ"),
        ("{\\bfseries B}{\\itshape I}\\/", "BI"),
        ("\\TeX{} and \\LaTeX", "TeX and LaTeX"),
        ("R&D", "R&D"),
    ],
    ids=["url", "href", "texorpdfstring", "declaration", "math-alphabet", "switches", "logos", "ampersand"],
)  # fmt: skip
def test_readings(latex: str, text: str) -> None:
    assert decode(latex) == text


@pytest.mark.parametrize(
    "latex",
    [
        "{" * (MAX_DEPTH + 1) + "x" + "}" * (MAX_DEPTH + 1),
        "\\emph{" * (MAX_DEPTH + 1) + "x" + "}" * (MAX_DEPTH + 1),
        "\\begin{a}" * (MAX_DEPTH + 1) + "x" + "\\end{a}" * (MAX_DEPTH + 1),
        "$" + "\\(" * (MAX_DEPTH + 1) + "x" + "\\)" * (MAX_DEPTH + 1) + "$",
        "{" * 100_000,
    ],
    ids=["braces", "emph", "environments", "math", "100k-open-braces"],
)
def test_nesting_deeper_than_the_limit_is_refused_not_recursed(latex: str) -> None:
    with pytest.raises(LatexError, match=f"nested deeper than {MAX_DEPTH} levels"):
        decode(latex)


def test_nesting_up_to_the_limit_is_read() -> None:
    assert decode("{" * MAX_DEPTH + "x" + "}" * MAX_DEPTH) == "x"
    assert decode("\\emph{" * MAX_DEPTH + "x" + "}" * MAX_DEPTH) == "x"


def test_every_macro_decode_reads_is_read_quietly(caplog: pytest.LogCaptureFixture) -> None:
    """Each readable macro, with and without an argument: text or a LatexError, never a warning."""
    caplog.set_level(logging.DEBUG)
    for name in sorted(_latex._readable_macros()):
        for latex in (
            f"a \\{name} b",
            f"a \\{name}{{x}} b",
            f"a \\{name}{{x}}{{y}} b",
            f"\\{name}",
        ):
            try:
                text = decode(latex)
            except LatexError:
                continue
            # no placeholder ("<cit.>") or unfilled template ("%s/%s") of pylatexenc's
            assert "%s" not in text, (latex, text)
            assert "<cit" not in text, (latex, text)
            assert "<ref" not in text, (latex, text)
    assert [r.getMessage() for r in caplog.records if r.levelno >= logging.WARNING] == []


def test_the_parser_budget_bounds_one_import() -> None:
    """A megabyte of nested formatting (each needs the full parser) is refused within
    the budget, in about a second, not read for minutes."""
    unit = "\\emph{{x}} "
    field = "A" + unit * (100_000 // len(unit))  # ten such fields make a megabyte
    start = time.perf_counter()
    with _latex.parser_budget():
        read = 0
        with pytest.raises(LatexError, match="over 150,000 characters"):  # noqa: PT012
            for _ in range(10):
                decode(field)
                read += 1
    assert read == 1  # the second field would pass the budget
    assert time.perf_counter() - start < 5
    # Formatting around plain text never reaches the parser: nothing is counted.
    with _latex.parser_budget(limit=10):
        assert decode("\\emph{Deep} \\textbf{Learning}") == "Deep Learning"
