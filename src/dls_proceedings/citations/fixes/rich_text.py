"""Markup in the data is formatting, as citeproc-js reads it (never executed).

CSL-JSON's "rich text": citeproc-js reads ``<i>``, ``<b>``, ``<sup>``, ``<sub>``,
``<sc>``, ``<span style="font-variant:small-caps;">``, ``<span class="nocase">`` and
``<span class="nodecor">`` in an item's strings (and its names) as formatting,
when they open and close in pairs. citeproc-py prints them as text (and, in
HTML, this package's ``html_output`` escaped all but the first four).

Here each pair becomes two invisible private-use marks in the text, which
every step between (text-case, seams, quotes, sorting) passes through as
nothing; ``nocase`` becomes citeproc-py's own no-case piece, so no text-case
reaches it. When the entry is finished (``finish``) the marks are written out:
as nothing in text, as citeproc-js's tags in HTML, where an italic inside
italic text is upright (``<span style="font-style:normal;">``), bold inside bold
normal weight, small caps inside small caps normal, and ``nodecor`` undoes the
decorations around it. Any other tag, and a tag without its partner, stays
text (escaped in HTML, as before).

Extends: ``CiteProcJSON.parse_string``, ``CiteProcJSON.parse_names`` (the source);
``TextCased.case`` (capitalize-first looks past a leading mark; upper- and
lowercase spare nocase), ``Name.initialize`` (initials keep their word's marks);
``render`` finishes each entry with ``finish``.
"""

from __future__ import annotations

import re
from typing import Any

from citeproc import model
from citeproc.string import MixedString as _MixedString
from citeproc.string import NoCase

from dls_proceedings.citations.fixes._strings import MixedString
from dls_proceedings.citations.fixes.html_output import EscapingSource

__all__ = [
    "ELEMENTS",
    "MARKS",
    "SOURCE",
    "Name",
    "Source",
    "TextCased",
    "finish",
    "last_visible",
    "read",
    "strip_marks",
]

# Private-use marks (never in data: render refuses U+E000-U+E0FF there).
_OPEN = {"i": "\ue010", "b": "\ue012", "sup": "\ue014", "sub": "\ue016", "sc": "\ue018",
         "nodecor": "\ue01a"}  # fmt: skip
_CLOSE = {kind: chr(ord(mark) + 1) for kind, mark in _OPEN.items()}
_KIND = {**{m: k for k, m in _OPEN.items()}, **{m: k for k, m in _CLOSE.items()}}
MARKS = "".join(sorted(_KIND))
"""Every mark this fix puts in text (openers and closers)."""
_MARK = re.compile(f"[{MARKS}]")
_TRAILING = re.compile(f"[{MARKS}]+$")
_NOCASE_OPEN, _NOCASE_CLOSE = '<span class="nocase">', "</span>"

_TOKEN = re.compile(
    r"<(/?)(i|b|sup|sub|sc)>"
    r'|<span (?:class="(nocase|nodecor)"|style="(font-variant:\s*small-caps;)")>'
    r"|</span>"
)
_SPAN_KINDS = frozenset({"nocase", "nodecor", "sc-span"})


def strip_marks(text: str) -> str:
    """*text* without this fix's marks."""
    return _MARK.sub("", text) if _MARK.search(text) else text


def last_visible(text: str) -> str:
    """*text* without the marks at its end (where a seam reads its last character)."""
    return _TRAILING.sub("", text)


def _kind(match: re.Match[str]) -> tuple[bool, str]:
    """(closing, kind) of a token."""
    closing, tag, span_class, small_caps = match.groups()
    if tag is not None:
        return bool(closing), tag
    if span_class is not None:
        return False, span_class
    if small_caps is not None:
        return False, "sc-span"
    return True, "span"


def read(text: str, escaped: bool, *, nocase: bool = True) -> str:
    """*text* with its paired markup turned into marks (``nocase``: its raw span kept
    for the source's no-case pieces, or dropped); *escaped*: the text is HTML-escaped
    data (``html_output``), whose tags are read as the tags they show.

    >>> read("a <i>b</i> <i>c", False) == "a \\ue010b\\ue011 <i>c"
    True
    """
    if escaped:
        if "&#60;" not in text and "<" not in text:
            return text
        text = text.replace("&#60;", "<").replace("&#62;", ">")
    elif "<" not in text:
        return text
    # (start, end, closing, kind) of each token, read once.
    tokens = [(t.start(), t.end(), *_kind(t)) for t in _TOKEN.finditer(text)]
    if not tokens:
        return _escape(text) if escaped else text
    stack: list[tuple[int, str]] = []
    pairs: dict[int, str] = {}  # token index -> its kind
    for index, (_start, _end, closing, kind) in enumerate(tokens):
        if not closing:
            stack.append((index, kind))
        elif stack and (stack[-1][1] == kind or (kind == "span" and stack[-1][1] in _SPAN_KINDS)):
            opener, opened = stack.pop()
            pairs[opener] = pairs[index] = opened
        else:
            stack.clear()  # a closer that closes nothing: what is open stays text
    out: list[str] = []
    position = 0
    for index, (start, end, closing, _kind_read) in enumerate(tokens):
        paired = pairs.get(index)
        if paired is None:
            continue
        between = text[position:start]
        out.append(_escape(between) if escaped else between)
        kind = "sc" if paired == "sc-span" else paired
        if kind == "nocase":
            if nocase:
                out.append(_NOCASE_CLOSE if closing else _NOCASE_OPEN)
        else:
            out.append((_CLOSE if closing else _OPEN)[kind])
        position = end
    rest = text[position:]
    out.append(_escape(rest) if escaped else rest)
    return "".join(out)


def _escape(text: str) -> str:
    return text.replace("<", "&#60;").replace(">", "&#62;")


_NAME_PARTS = ("family", "given", "literal", "suffix", "dropping-particle",
               "non-dropping-particle")  # fmt: skip


class Source:
    """The source: strings and names read for markup."""

    def parse_string(self, string: Any) -> Any:
        text = read(str(string), isinstance(self, EscapingSource))
        return super().parse_string(text)  # type: ignore[misc]

    def parse_names(self, json_data: Any) -> Any:
        escaped = isinstance(self, EscapingSource)
        names = [
            {
                key: read(value, escaped, nocase=False)
                if key in _NAME_PARTS and isinstance(value, str)
                else value
                for key, value in name.items()
            }
            if isinstance(name, dict)
            else name
            for name in json_data
        ]
        return super().parse_names(names)  # type: ignore[misc]


class TextCased:
    def case(self: Any, text: Any, language: Any = None) -> Any:
        text_case = self.get("text-case")
        # citeproc-py's no-case pieces are spared by title and sentence case only.
        if (
            text_case in ("uppercase", "lowercase")
            and isinstance(text, _MixedString)
            and any(isinstance(piece, NoCase) for piece in text)
        ):
            return MixedString(
                [
                    piece if isinstance(piece, NoCase) else getattr(piece, text_case[:-4])()
                    for piece in text
                ]
            )
        if text_case not in ("capitalize-first", "sentence"):
            return super().case(text, language)  # type: ignore[misc]
        if text_case == "sentence":
            # Sentence case, then its capital where the text's first letter is (past
            # the marks of markup it may start with: "<i>In situ</i> training").
            text = super().case(text, language)  # type: ignore[misc]
            return _capitalized(text) or text
        # citeproc-py capitalizes the first character, here possibly a mark.
        made = _capitalized(text)
        return made if made is not None else super().case(text, language)  # type: ignore[misc]


class Name:
    def initialize(self: Any, given: Any, mark: Any, context: Any) -> Any:
        plain = str(given)
        if not _MARK.search(plain):
            return super().initialize(given, mark, context)  # type: ignore[misc]
        # Word by word, each initial inside the marks around its word ("<b>J.</b> Q.").
        hyphen = "-" if self.get_option("initialize-with-hyphen", context) else " "
        joiner = " " if str(mark).endswith(" ") else ""
        out = []
        for part in re.split(r"(\s+|-)", plain):
            if not part.strip() or part == "-":
                out.append(hyphen if part == "-" else "\n")
                continue
            core = part.strip(MARKS)
            if core:
                start = part.index(core)
                done = str(super().initialize(type(given)(core), mark, context))  # type: ignore[misc]
                part = part[:start] + done + part[start + len(core) :]
            out.append(part)
        text = "".join(out).replace("-\n", "-").replace("\n", joiner).strip()
        return type(given)(" ".join(text.split(" ")) if joiner else text)


# ----------------------------------------------------------------------------- finishing

_HTML = re.compile(r"<(/?)(i|em|b|sup|sub|span|div)\b([^>]*)>|[" + MARKS + "]")
_FLIPS = {"i": ("italic", "font-style"), "b": ("bold", "font-weight"),
          "sc": ("small-caps", "font-variant")}  # fmt: skip
_OPENS = {"i": "<i>", "b": "<b>", "sup": "<sup>", "sub": "<sub>",
          "sc": '<span style="font-variant:small-caps;">'}  # fmt: skip
_CLOSES = {"i": "</i>", "b": "</b>", "sup": "</sup>", "sub": "</sub>", "sc": "</span>"}


def _decorations(tag: str, attributes: str) -> tuple[str, ...]:
    """The decorations a formatter's tag turns on."""
    if tag in ("i", "em"):
        return ("italic",)
    if tag == "b":
        return ("bold",)
    if tag == "span" and "small-caps" in attributes:
        return ("small-caps",)
    return ()


def finish(text: str, output: str) -> str:
    """The entry with its marks written out: nothing in text, citeproc-js's tags in HTML.

    >>> finish("<i>Cats (\\ue010Felis\\ue011)</i>", "html")
    '<i>Cats (<span style="font-style:normal;">Felis</span>)</i>'
    >>> finish("Cats (\\ue010Felis\\ue011)", "text")
    'Cats (Felis)'
    """
    if not _MARK.search(text):
        return text
    if output != "html":
        return _MARK.sub("", text)
    # Each open element: the decorations in force inside it, and for a mark's
    # element what closes it (None for the formatter's own tags).
    states: list[tuple[tuple[str, ...], str | None]] = [((), None)]
    out: list[str] = []
    position = 0

    def close_marks() -> None:
        # Marks left open (a string cut short) close before the element around them.
        while len(states) > 1 and states[-1][1] is not None:
            out.append(states.pop()[1] or "")

    for token in _HTML.finditer(text):
        out.append(text[position : token.start()])
        position = token.end()
        found = token.group()
        if token.group(2) is not None:
            closing, tag, attributes = token.groups()
            if tag != "div":
                if closing:
                    close_marks()
                    if len(states) > 1:
                        states.pop()
                else:
                    states.append((states[-1][0] + _decorations(tag, attributes), None))
            out.append(found)
            continue
        kind = _KIND[found]
        if found == _CLOSE[kind]:
            if len(states) > 1 and states[-1][1] is not None:
                out.append(states.pop()[1] or "")
            continue
        opened, closes, inside = _open(kind, states[-1][0])
        out.append(opened)
        states.append((inside, closes))
    out.append(text[position:])
    close_marks()
    return "".join(out)


_NORMAL = {"italic": "font-style", "bold": "font-weight", "small-caps": "font-variant"}


def _open(kind: str, active: tuple[str, ...]) -> tuple[str, str, tuple[str, ...]]:
    """(opening markup, closing markup, decorations inside) of a mark of *kind*."""
    if kind in _FLIPS:
        decoration, attribute = _FLIPS[kind]
        if decoration in active:
            inside = tuple(d for d in active if d != decoration)
            return f'<span style="{attribute}:normal;">', "</span>", inside
        return _OPENS[kind], _CLOSES[kind], (*active, decoration)
    if kind == "nodecor":
        undone = list(dict.fromkeys(d for d in reversed(active) if d in _NORMAL))
        opened = "".join(f'<span style="{_NORMAL[d]}:normal;">' for d in undone)
        return opened, "</span>" * len(undone), ()
    return _OPENS[kind], _CLOSES[kind], active


SOURCE = (Source,)


def _capitalized(text: Any) -> Any:
    """*text* with its first letter upper case where marks come before it, or None
    (no marks before the first letter, or that letter in a no-case piece)."""
    pieces = list(text) if isinstance(text, _MixedString) else [text]
    for n, piece in enumerate(pieces):
        plain = str(piece)
        stripped = plain.lstrip(MARKS)
        if not stripped:
            continue
        if stripped == plain or isinstance(piece, NoCase):
            return None
        lead = plain[: len(plain) - len(stripped)]
        pieces[n] = type(piece)(lead + stripped[0].upper() + stripped[1:])
        return MixedString(pieces)
    return None


ELEMENTS = ((model.TextCased, TextCased), (model.Name, Name))
