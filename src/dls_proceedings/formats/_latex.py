"""Plain text <-> LaTeX for BibTeX field values (private).

``encode`` turns Unicode text into LaTeX that prints it literally and executes
nothing; ``decode`` turns LaTeX back into Unicode, or raises ``LatexError`` for
LaTeX it cannot read faithfully. The pair is exact: ``decode(encode(s)) == s``
for every string the models accept (property-tested).

Design:
- The ten LaTeX specials become control words or symbols that contain no
  unbalanced brace: ``{`` is ``\\textbraceleft{}``, not ``\\{``, because BibTeX
  counts every brace, escaped or not, when it matches a field's delimiters.
- Character pairs that TeX fonts turn into ligatures (``--``, ``''``, ``,,``)
  are split with ``{}`` so they print as typed; ``<``, ``>`` and ``|``, which
  the default OT1 font encoding prints as other glyphs, become text symbols.
- Non-ASCII letters are spelt with pylatexenc (``é`` -> ``{\\'e}``), but only
  where ``decode`` gives the character back; a character with no
  faithful LaTeX spelling (CJK, emoji, ``ễ``) is kept as UTF-8 rather than
  turned into something else.
- ``decode`` reads what has one plain-text reading (accents, symbols, escapes,
  formatting whose text is its argument, URLs) with pylatexenc, given only those
  macros: its defaults also hold placeholders (``<cit.>``), approximations
  (``%s/%s``), today's date and ``\\input`` of a file, and some crash on a
  missing argument. The parse is strict, checked node by node (no macro outside
  the list) and bounded in depth (pylatexenc recurses). Nothing is logged: no
  macro that reaches pylatexenc's converter lacks a specification or an argument.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from functools import cache, lru_cache
from typing import Any

__all__ = ["MAX_DEPTH", "LatexError", "decode", "encode"]

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


class LatexError(ValueError):
    r"""LaTeX in a field that has no faithful plain-text reading (``\cite{x}``, ``\today``).

    ``decode`` raises it rather than guess: its message names the macro, the
    environment or the parse error, for a problem that names the field too.
    """


MAX_DEPTH = 32
"""Deepest nesting of braces, environments and math ``decode`` reads; deeper is refused.

pylatexenc parses and converts nesting by recursion, so an input nested a few
hundred levels deep would exhaust Python's stack; real titles nest two or three.
"""

# The macros ``decode`` reads, by how. Every other macro is refused (``LatexError``),
# because pylatexenc's readings of them are placeholders ("<cit.>"), approximations
# ("%s/%s"), side effects (today's date, \input reading a file) or crash.
_ARGUMENT_IS_TEXT = (
    # formatting whose text is its argument
    "emph", "textrm", "textit", "textbf", "textsc", "textsl", "textsf", "texttt", "textup",
    "textmd", "textnormal", "text", "mbox", "underline", "ensuremath", "NoCaseChange",
)  # fmt: skip
_DECLARATIONS = (
    # font switches, sizes and no-ops: they print nothing
    "em", "it", "bf", "rm", "sc", "sf", "sl", "tt", "up", "normalfont", "itshape", "bfseries",
    "scshape", "slshape", "upshape", "mdseries", "rmfamily", "sffamily", "ttfamily", "tiny",
    "scriptsize", "footnotesize", "small", "normalsize", "large", "Large", "LARGE", "huge", "Huge",
    "relax", "protect", "/", "@",
)  # fmt: skip
# Common text symbols pylatexenc's database lacks.
_MORE_SYMBOLS = {
    "TeX": "TeX",
    "LaTeX": "LaTeX",
    "S": "§",
    "P": "¶",
    "copyright": "©",
    "pounds": "£",
}
# Accents (text and math) and math alphabets: one argument, read by pylatexenc's own specs.
_ACCENTS = (
    "'", "`", '"', "c", "^", "~", "H", "k", "=", "b", ".", "d", "r", "u", "v",
    "vec", "dot", "hat", "check", "breve", "acute", "grave", "tilde", "bar", "ddot", "not",
)  # fmt: skip
_MATH_ALPHABETS = ("mathbf", "mathit", "mathsf", "mathbb", "mathtt", "mathcal", "mathscr", "mathfrak")  # fmt: skip
# URLs print their argument as typed (the url package reads it verbatim).
_URLS = ("url", "nolinkurl")
# Escaped specials; pylatexenc spells \% with a function, not a string.
_ESCAPES = ("{", "}", "%", "&", "#", "_", "$")
# The categories of pylatexenc's text database whose string-valued macros are
# symbols (\ss, \textregistered, \alpha). Its other categories hold the
# placeholders and approximations.
_SYMBOL_CATEGORIES = ["latex-base", "nonascii-specials", "advanced-symbols"]
_TAKES_ARGUMENTS = frozenset(
    (*_ARGUMENT_IS_TEXT, *_ACCENTS, *_MATH_ALPHABETS, *_URLS, "href", "texorpdfstring")
)


def _verbatim_argument(node: Any) -> str:
    r"""The source text of a macro's last argument, without its braces (``\url{a~b}`` -> ``a~b``)."""
    from pylatexenc import latexwalker

    argument = node.nodeargd.argnlist[-1]
    if argument.isNodeType(latexwalker.LatexGroupNode):
        return str(argument.latex_verbatim()[1:-1])
    return str(argument.latex_verbatim())


@cache
def _parsing_context() -> Any:
    r"""What the parser knows: arguments of the macros ``decode`` reads, and the specials.

    Every other macro parses as taking no argument, so that no argument parser of
    pylatexenc's (\verb's crashes on a lone ``\verb``) ever runs on them.
    """
    from pylatexenc import latexwalker
    from pylatexenc.macrospec import MacroSpec

    one = [*_ARGUMENT_IS_TEXT, *_ACCENTS, *_MATH_ALPHABETS, *_URLS]
    db = latexwalker.get_default_latex_context_db().filter_context(keep_which=["specials"])
    db.add_context_category(
        "dls-proceedings",
        prepend=True,
        macros=[
            *(MacroSpec(name, "{") for name in one),
            MacroSpec("href", "[{{"),
            MacroSpec("texorpdfstring", "{{"),
        ],
    )
    return db


@cache
def _decoder() -> Any:
    """pylatexenc's converter, with the symbols ``encode`` writes and the macros read above."""
    from pylatexenc import latex2text

    db = latex2text.get_default_latex_context_db().filter_context(
        keep_categories=_SYMBOL_CATEGORIES
    )
    db.add_context_category(
        "dls-proceedings",
        prepend=True,
        macros=[
            *(latex2text.MacroTextSpec(name, text) for name, text in _TEXT_SYMBOLS.items()),
            *(latex2text.MacroTextSpec(name, text) for name, text in _MORE_SYMBOLS.items()),
            *(latex2text.MacroTextSpec(name, discard=False) for name in _ARGUMENT_IS_TEXT),
            *(latex2text.MacroTextSpec(name, "") for name in _DECLARATIONS),
            *(latex2text.MacroTextSpec(name, _verbatim_argument) for name in _URLS),
            latex2text.MacroTextSpec(
                "href", lambda n, l2tobj: l2tobj.nodelist_to_text([n.nodeargd.argnlist[2]])
            ),
            latex2text.MacroTextSpec("%", lambda n: "%"),
        ],
        # A bare & is an ampersand typed without its backslash, not an alignment.
        specials=[latex2text.SpecialsTextSpec("&", "&")],
    )
    return latex2text.LatexNodes2Text(latex_context=db, math_mode="verbatim")


@cache
def _readable_macros() -> frozenset[str]:
    """Every macro ``decode`` reads: the lists above and the symbols of ``_decoder``'s database."""
    db = _decoder().latex_context
    symbols = set()
    for spec in db.iter_macro_specs(_SYMBOL_CATEGORIES):
        text = db.get_macro_spec(spec.macroname).simplify_repl  # the one that applies
        if isinstance(text, str) and "%" not in text:
            symbols.add(spec.macroname)
    symbols.discard("today")  # a string, but today's date
    return frozenset(
        (*symbols, *_TEXT_SYMBOLS, *_MORE_SYMBOLS, *_DECLARATIONS, *_ESCAPES, *_TAKES_ARGUMENTS)
    )


_NESTING = re.compile(r"\\(?:(begin|[(\[])|(end|[)\]])|[A-Za-z]+|.)|(\{)|(\})", re.S)


def _check_depth(latex: str) -> None:
    """Refuse *latex* if it nests deeper than ``MAX_DEPTH``, found without recursion."""
    if latex.count("{") + latex.count("\\") <= MAX_DEPTH:
        return  # the common case: too few openings to nest that deep
    depth = 0
    for match in _NESTING.finditer(latex):
        opens, closes, brace, unbrace = match.groups()
        if opens or brace:
            depth += 1
            if depth > MAX_DEPTH:
                raise LatexError(f"LaTeX nested deeper than {MAX_DEPTH} levels")
        elif closes or unbrace:
            depth -= 1


def _lacks_argument(arguments: Any) -> bool:
    """Whether a macro's parsed arguments miss a mandatory one.

    A macro that is itself the argument of another (``\\emph\\url``) is parsed
    without arguments of its own: ``None``.
    """
    if arguments is None:
        return True
    pairs = zip(arguments.argspec, arguments.argnlist, strict=False)
    return any(argument is None for kind, argument in pairs if kind == "{")


def _check_nodes(nodes: list[Any]) -> None:
    """Refuse the first macro or environment ``decode`` does not read, in text order.

    A loop over an explicit stack, not recursion: the nodes nest as deep as the input.
    """
    from pylatexenc import latexwalker

    readable = _readable_macros()
    stack = list(reversed(nodes))
    while stack:
        node = stack.pop()
        if node is None or node.isNodeType(
            (latexwalker.LatexCharsNode, latexwalker.LatexSpecialsNode)
        ):
            continue
        if node.isNodeType(latexwalker.LatexCommentNode):
            # "50% of GPUs": LaTeX would drop the rest of the line, and BibTeX may have
            # joined the value's lines into one; a reading that keeps it would be a guess.
            raise LatexError(
                r"unescaped '%' (LaTeX reads the rest of the line as a comment): write \%"
            )
        if node.isNodeType(latexwalker.LatexMathNode):
            if node.displaytype == "display":  # a displayed formula is no part of a line
                raise LatexError(f"unsupported display math {node.latex_verbatim()!r}")
            continue  # inline math is kept as typed (math_mode="verbatim")
        if node.isNodeType(latexwalker.LatexGroupNode):
            stack.extend(reversed(node.nodelist))
        elif node.isNodeType(latexwalker.LatexMacroNode):
            name, arguments = node.macroname, node.nodeargd
            if name not in readable:
                raise LatexError(f"unsupported LaTeX macro \\{name}")
            if name in _TAKES_ARGUMENTS and _lacks_argument(arguments):
                raise LatexError(f"LaTeX macro \\{name} without its argument")
            if name not in _URLS and arguments is not None:
                stack.extend(reversed(arguments.argnlist))
        elif node.isNodeType(latexwalker.LatexEnvironmentNode):
            raise LatexError(f"unsupported LaTeX environment {{{node.environmentname}}}")
        else:
            raise LatexError(f"unsupported LaTeX: {node.latex_verbatim()!r}")


def _parse(latex: str) -> list[Any]:
    """pylatexenc's nodes for *latex*, strictly parsed and checked; else ``LatexError``."""
    from pylatexenc import latexwalker

    _check_depth(latex)  # here too: the recursion is pylatexenc's, below
    walker = latexwalker.LatexWalker(
        latex, latex_context=_parsing_context(), tolerant_parsing=False
    )
    try:
        nodes: list[Any] = walker.get_latex_nodes()[0]
    except latexwalker.LatexWalkerError as exc:
        reason = getattr(exc, "msg", None) or str(exc).split("\n", 1)[0]
        raise LatexError(f"invalid LaTeX: {reason}") from None
    _check_nodes(nodes)
    return nodes


PARSER_BUDGET = 150_000
"""Characters of LaTeX one import may give pylatexenc's parser (see ``parser_budget``)."""

_BUDGET: ContextVar[list[int] | None] = ContextVar("dls_proceedings_latex_budget", default=None)


@contextmanager
def parser_budget(limit: int = PARSER_BUDGET) -> Iterator[None]:
    """Within the block, ``decode`` gives pylatexenc's parser at most *limit* characters
    in all, then refuses (``LatexError``).

    Accents, escapes, case braces and formatting around plain text are read
    without the parser, at millions of characters a second; the parser reads
    about a hundred thousand a second. The budget keeps a hostile file (a
    megabyte of nested macros) from taking minutes, while leaving far more
    than any real bibliography needs. Per call and per thread (a context variable).
    """
    token = _BUDGET.set([limit])
    try:
        yield
    finally:
        _BUDGET.reset(token)


def _latex_to_text(latex: str) -> str:
    """*latex* as text, by pylatexenc; ``LatexError`` for what it cannot read faithfully."""
    budget = _BUDGET.get()
    if budget is not None:
        budget[0] -= len(latex)
        if budget[0] < 0:
            raise LatexError(
                f"more complex LaTeX than one import reads: over {PARSER_BUDGET:,} characters "
                "of fields that need the full LaTeX parser (macros other than accents and "
                "formatting around plain text); split the file"
            )
    return str(_decoder().nodelist_to_text(_parse(latex)))


@cache
def _char(c: str) -> str:
    latex: str = _encoder().unicode_to_latex(c)
    if latex == c:
        return c
    try:
        faithful = decode(latex) == c
    except LatexError:  # a spelling decode does not read (\textfrac) is not used either
        faithful = False
    return latex if faithful else c


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

    Read: accents, escaped specials, text symbols, ligatures (``--``), font
    switches and formatting whose text is its argument (``\emph{x}``), ``\url{x}``
    (as typed) and ``\href{url}{text}``; inline math is kept as typed. Anything
    else raises ``LatexError`` naming it: another macro (``\cite``, ``\today``),
    an environment, display math, an unescaped ``%`` (a comment: "50% of" would
    read as "50"), LaTeX that does not parse, or nesting deeper than ``MAX_DEPTH``.

    >>> decode(r"B{\'e}dorf and {LARS} \& 1--9")
    'Bédorf and LARS & 1–9'
    >>> decode(r"see \cite{x}")
    Traceback (most recent call last):
    ...
    dls_proceedings.formats._latex.LatexError: unsupported LaTeX macro \cite
    """
    if not _MAYBE_LATEX.search(latex):
        return latex
    _check_depth(latex)
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
    # formatting whose text is its argument, around plain text: \emph{Deep}
    r"|\\(?:" + "|".join(n for n in _ARGUMENT_IS_TEXT if n != "ensuremath") + r")"
    r"\{(?P<formatted>[^\\{}$%&~`'\-\x00-\x1f\x7f\u2028\u2029]*)\}"
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
        elif kind == "formatted":
            out.append(match.group("formatted"))
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
    group's text depends only on what is inside it. ``None`` also for a group
    ``decode`` refuses: the whole value then takes the slow path, which says why.
    """
    from pylatexenc import latexwalker

    try:
        nodes = _parse(group)
    except LatexError:
        return None
    if (
        len(nodes) != 1
        or not nodes[0].isNodeType(latexwalker.LatexGroupNode)
        or nodes[0].pos != 0
        or nodes[0].len != len(group)
    ):
        return None
    return str(_decoder().nodelist_to_text(nodes))
