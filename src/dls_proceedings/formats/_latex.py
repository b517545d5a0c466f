"""Plain text <-> LaTeX for BibTeX field values (private).

``encode`` turns Unicode text into LaTeX that prints it literally and executes
nothing; ``decode`` turns LaTeX back into Unicode. The pair is exact:
``decode(encode(s)) == s`` for every string the models accept (property-tested).

Design:
- The ten LaTeX specials become control words or symbols that contain no
  unbalanced brace: ``{`` is ``\\textbraceleft{}``, not ``\\{``, because BibTeX
  counts every brace, escaped or not, when it matches a field's delimiters.
- Character pairs that TeX fonts turn into ligatures (``--``, ``''``, ``,,``)
  are split with ``{}`` so they print as typed; ``<``, ``>`` and ``|``, which
  the default OT1 font encoding prints as other glyphs, become text symbols.
- Non-ASCII letters are spelt with pylatexenc (``é`` -> ``{\\'e}``), but only
  where pylatexenc's own decoder gives the character back; a character with no
  faithful LaTeX spelling (CJK, emoji, ``ễ``) is kept as UTF-8 rather than
  turned into something else.
"""

from __future__ import annotations

import re
from functools import cache
from typing import Any

__all__ = ["decode", "encode"]

_SPECIALS = {
    "\\": r"\textbackslash{}",
    "{": r"\textbraceleft{}",
    "}": r"\textbraceright{}",
    "#": r"\#",
    "$": r"\$",
    "%": r"\%",
    "&": r"\&",
    "_": r"\_",
    "~": r"\textasciitilde{}",
    "^": r"\textasciicircum{}",
    "`": r"\textasciigrave{}",
    # In LaTeX's default OT1 encoding these three print as other glyphs.
    "<": r"\textless{}",
    ">": r"\textgreater{}",
    "|": r"\textbar{}",
}
_SPECIAL = re.compile("[" + re.escape("".join(_SPECIALS)) + "]")
_LIGATURE = re.compile(r"(?<=-)(?=-)|(?<=')(?=')|(?<=,)(?=,)")
_NON_ASCII = re.compile(r"[^\x00-\x7f]")
# One test for the common case: plain ASCII text with nothing to escape.
_NEEDS_WORK = re.compile(r"[\\{}#$%&_~^`<>|]|--|''|,,|[^\x00-\x7f]")


@cache
def _encoder() -> Any:
    from pylatexenc.latexencode import UnicodeToLatexEncoder

    return UnicodeToLatexEncoder(
        non_ascii_only=True,
        replacement_latex_protection="braces-all",
        unknown_char_policy="keep",
        unknown_char_warning=False,
    )


@cache
def _decoder() -> Any:
    from pylatexenc import latex2text

    db = latex2text.get_default_latex_context_db()
    # pylatexenc does not know these text-mode symbols (or maps them to look-alikes).
    db.add_context_category(
        "dls-proceedings",
        prepend=True,
        macros=[
            latex2text.MacroTextSpec("textbraceleft", "{"),
            latex2text.MacroTextSpec("textbraceright", "}"),
            latex2text.MacroTextSpec("textasciicircum", "^"),
            latex2text.MacroTextSpec("textasciigrave", "`"),
            latex2text.MacroTextSpec("textasciitilde", "~"),
            latex2text.MacroTextSpec("textbackslash", "\\"),
            latex2text.MacroTextSpec("textless", "<"),
            latex2text.MacroTextSpec("textgreater", ">"),
            latex2text.MacroTextSpec("textbar", "|"),
        ],
    )
    return latex2text.LatexNodes2Text(latex_context=db, math_mode="verbatim")


@cache
def _char(c: str) -> str:
    latex: str = _encoder().unicode_to_latex(c)
    if latex != c and decode(latex) == c:
        return latex
    return c


def _non_ascii(match: re.Match[str]) -> str:
    return _char(match.group(0))


def encode(text: str, *, ascii_only: bool = True) -> str:
    r"""LaTeX for *text* that prints it literally.

    With ``ascii_only`` non-ASCII characters are spelt as LaTeX macros where a
    faithful spelling exists; otherwise they stay UTF-8.

    >>> print(encode("50% of {GPUs} & Bédorf"))
    50\% of \textbraceleft{}GPUs\textbraceright{} \& B{\'e}dorf
    """
    if not _NEEDS_WORK.search(text):
        return text
    text = _SPECIAL.sub(lambda m: _SPECIALS[m.group(0)], text)
    text = _LIGATURE.sub("{}", text)
    if ascii_only:
        text = _NON_ASCII.sub(_non_ascii, text)
    return text


def decode(latex: str) -> str:
    r"""Unicode text for a LaTeX field value (braces, accents, escapes resolved).

    >>> decode(r"B{\'e}dorf and {LARS} \& 1--9")
    'Bédorf and LARS & 1–9'
    """
    if not re.search(r"[\\{}$%&~^`'\-<>,!?]", latex):
        return latex
    return str(_decoder().latex_to_text(latex))
