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
from functools import cache, lru_cache
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


@cache
def _encoder() -> Any:
    from pylatexenc.latexencode import UnicodeToLatexEncoder

    return UnicodeToLatexEncoder(
        non_ascii_only=True,
        replacement_latex_protection="braces-all",
        unknown_char_policy="keep",
        unknown_char_warning=False,
    )


# The text symbols ``encode`` writes that pylatexenc does not know (or maps to look-alikes).
_TEXT_SYMBOLS = {
    "textbraceleft": "{",
    "textbraceright": "}",
    "textasciicircum": "^",
    "textasciigrave": "`",
    "textasciitilde": "~",
    "textbackslash": "\\",
    "textless": "<",
    "textgreater": ">",
    "textbar": "|",
}


@cache
def _decoder() -> Any:
    from pylatexenc import latex2text

    db = latex2text.get_default_latex_context_db()
    db.add_context_category(
        "dls-proceedings",
        prepend=True,
        macros=[latex2text.MacroTextSpec(name, text) for name, text in _TEXT_SYMBOLS.items()],
    )
    return latex2text.LatexNodes2Text(latex_context=db, math_mode="verbatim")


@cache
def _parsing_context() -> Any:
    # What LatexWalker builds for itself when given no context: the same
    # database every time, and costly to build (a third of a short decode).
    from pylatexenc import latexwalker

    return latexwalker.get_default_latex_context_db()


def _latex_to_text(latex: str) -> str:
    """pylatexenc's ``latex_to_text``, with the parsing context built once."""
    from pylatexenc import latexwalker

    walker = latexwalker.LatexWalker(latex, latex_context=_parsing_context())
    return str(_decoder().nodelist_to_text(walker.get_latex_nodes()[0]))


@cache
def _char(c: str) -> str:
    latex: str = _encoder().unicode_to_latex(c)
    if latex != c and decode(latex) == c:
        return latex
    return c


def _non_ascii(match: re.Match[str]) -> str:
    return _char(match.group(0))


def needs_escaping(text: str) -> bool:
    """Whether *text* has anything ``encode`` may rewrite: a special, a ligature pair, non-ASCII."""
    # Four quick tests rather than one regular expression with alternatives,
    # which re cannot scan for quickly: this is the common case of every field.
    return (
        not text.isascii()
        or _SPECIAL.search(text) is not None
        or "--" in text
        or "''" in text
        or ",," in text
    )


def encode(text: str, *, ascii_only: bool = True) -> str:
    r"""LaTeX for *text* that prints it literally.

    With ``ascii_only`` non-ASCII characters are spelt as LaTeX macros where a
    faithful spelling exists; otherwise they stay UTF-8.

    >>> print(encode("50% of {GPUs} & Bédorf"))
    50\% of \textbraceleft{}GPUs\textbraceright{} \& B{\'e}dorf
    """
    if not needs_escaping(text):
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
    if not _MAYBE_LATEX.search(latex):
        return latex
    if _PROTECTED_TEXT.fullmatch(latex) and "--" not in latex and "''" not in latex:
        # Plain text with case-protecting braces at most one deep ({DDL} Bench): its
        # text is the braces taken away.
        return latex.replace("{", "").replace("}", "")
    text = _decode_simple(latex)
    return _latex_to_text(latex) if text is None else text


_MAYBE_LATEX = re.compile(r"[\\{}$%&~^`'\-<>,!?]")
# Text with no macro, comment, math, special (& ~ !` ?`) or control character...
_PLAIN = r"[^\\{}$%&~`\x00-\x1f\x7f\u2028\u2029]*"
# ... in braces at most one deep (the "--" and "''" specials are tested apart).
_PROTECTED_TEXT = re.compile(rf"{_PLAIN}(?:\{{{_PLAIN}\}}{_PLAIN})*")

# The LaTeX that ``encode`` writes, and most .bib files hold, in tokens whose text
# does not depend on their neighbours; ``_decode_simple`` reads a value made only
# of these and gives exactly what pylatexenc gives (tested against it), and
# ``decode`` leaves every other value to pylatexenc.
_MACRO = r"\\(?:[A-Za-z]+|[-'`^\"~=.])"
_SIMPLE_TOKEN = re.compile(
    # text without anything pylatexenc converts: no specials (& ~ -- --- `` '' !` ?`),
    # no comment, math, macro, brace or control character
    r"(?P<text>(?:[^\\{}$%&~`'\-\x00-\x1f\x7f\u2028\u2029]|-(?!-)|'(?!'))+)"
    # a group that starts with a macro, as encode spells non-ASCII letters: {\'e} {\c{c}} {\ss}
    rf"|(?P<group>\{{{_MACRO}(?:{_MACRO}|[A-Za-z]|\{{(?:{_MACRO}|[A-Za-z])*\}})*\}})"
    r"|(?P<brace>[{}])"
    r"|\\(?P<symbol>[#$%&_])"
    r"|\\(?P<word>" + "|".join(_TEXT_SYMBOLS) + r")\{\}"
)


def _decode_simple(latex: str) -> str | None:
    """*latex* decoded without parsing, or ``None`` when it is not made of simple tokens."""
    out: list[str] = []
    depth = position = 0
    for match in _SIMPLE_TOKEN.finditer(latex):
        if match.start() != position:
            return None
        position = match.end()
        kind = match.lastgroup
        if kind == "text":
            out.append(match.group())
        elif kind == "brace":
            depth += 1 if match.group() == "{" else -1
            if depth < 0:
                return None
        elif kind == "symbol":
            out.append(match.group("symbol"))
        elif kind == "word":
            out.append(_TEXT_SYMBOLS[match.group("word")])
        else:
            text = _group_text(match.group())
            if text is None:
                return None
            out.append(text)
    if position != len(latex) or depth:
        return None
    return "".join(out)


@lru_cache(maxsize=4096)
def _group_text(group: str) -> str | None:
    """The text of a braced group, if it parses strictly as that one group, else ``None``.

    A group that parses as one node is one node in any context too, and a
    group's text depends only on what is inside it.
    """
    from pylatexenc import latexwalker

    walker = latexwalker.LatexWalker(
        group, latex_context=_parsing_context(), tolerant_parsing=False
    )
    try:
        nodes = walker.get_latex_nodes()[0]
    except latexwalker.LatexWalkerError:
        return None
    if (
        len(nodes) != 1
        or not nodes[0].isNodeType(latexwalker.LatexGroupNode)
        or nodes[0].pos != 0
        or nodes[0].len != len(group)
    ):
        return None
    return str(_decoder().nodelist_to_text(nodes))
