"""HTML as citeproc-js writes it: data escaped, numeric entities, its markup.

citeproc-py's HTML formatter escapes only the few strings it builds itself, so
a title ``<script>…</script>`` reaches the page as live markup; this fix
escapes every string and name that comes from the data, with citeproc-js's
spelling (``&#38;`` ``&#60;`` ``&#62;``, a double space as a no-break
space and a space, and a superscript character as its letter raised: "1ʳᵉ" is
"1<sup>r</sup><sup>e</sup>"), and uses its tags (``<em>`` for oblique, styled
spans for small caps and underline, no tag for light). The style's affixes
are escaped the same way (citeproc-py writes them as they are: a prefix
"A & B" was "A & B" in HTML).

Extends: ``CiteProcJSON.parse_string``, ``CiteProcJSON.parse_names`` (the source of
an HTML render), ``Affixed.affixes`` (``_core``'s); ``render`` uses ``FORMATTER`` for HTML.
"""

from __future__ import annotations

import re
from types import SimpleNamespace
from typing import Any

from citeproc import model

from dls_proceedings.citations.fixes._context import CONTEXT

__all__ = ["ELEMENTS", "FORMATTER", "Affixed", "EscapingSource", "escape", "escape_data"]

_DOUBLE_SPACE = re.compile(r"\s\s")


# citeproc-js's CSL.SUPERSCRIPTS: a superscript character -> the character it raises.
_SUPERSCRIPTS = dict(zip(
    "\u00aa\u00b2\u00b3\u00b9\u00ba\u02b0\u02b1\u02b2\u02b3\u02b4\u02b5\u02b6\u02b7\u02b8"
    "\u02e0\u02e1\u02e2\u02e3\u02e4\u1d2c\u1d2d\u1d2e\u1d30\u1d31\u1d32\u1d33\u1d34\u1d35"
    "\u1d36\u1d37\u1d38\u1d39\u1d3a\u1d3c\u1d3d\u1d3e\u1d3f\u1d40\u1d41\u1d42\u1d43\u1d44"
    "\u1d45\u1d46\u1d47\u1d48\u1d49\u1d4a\u1d4b\u1d4c\u1d4d\u1d4f\u1d50\u1d51\u1d52\u1d53"
    "\u1d54\u1d55\u1d56\u1d57\u1d58\u1d59\u1d5a\u1d5b\u1d5c\u1d5d\u1d5e\u1d5f\u1d60\u1d61"
    "\u2070\u2071\u2074\u2075\u2076\u2077\u2078\u2079\u207a\u207b\u207c\u207d\u207e\u207f"
    "\u2120\u2122\u3192\u3193\u3194\u3195\u3196\u3197\u3198\u3199\u319a\u319b\u319c\u319d"
    "\u319e\u319f\u02c0\u02c1\u06e5\u06e6",
    ["a", "2", "3", "1", "o", "h", "\u0266", "j", "r", "\u0279", "\u027b", "\u0281", "w", "y",
     "\u0263", "l", "s", "x", "\u0295", "A", "\u00c6", "B", "D", "E", "\u018e", "G", "H", "I",
     "J", "K", "L", "M", "N", "O", "\u0222", "P", "R", "T", "U", "W", "a", "\u0250", "\u0251",
     "\u1d02", "b", "d", "e", "\u0259", "\u025b", "\u025c", "g", "k", "m", "\u014b", "o",
     "\u0254", "\u1d16", "\u1d17", "p", "t", "u", "\u1d1d", "\u026f", "v", "\u1d25",
     "\u03b2", "\u03b3", "\u03b4", "\u03c6", "\u03c7", "0", "i", "4", "5", "6", "7", "8", "9",
     "+", "\u2212", "=", "(", ")", "n", "SM", "TM", "\u4e00", "\u4e8c", "\u4e09", "\u56db",
     "\u4e0a", "\u4e2d", "\u4e0b", "\u7532", "\u4e59", "\u4e19", "\u4e01", "\u5929",
     "\u5730", "\u4eba", "\u0294", "\u0295", "\u0648", "\u064a"],
    strict=True,
))  # fmt: skip
_SUPERSCRIPT = re.compile(f"[{''.join(_SUPERSCRIPTS)}]")


def _raised(match: re.Match[str]) -> str:
    return f"<sup>{_SUPERSCRIPTS[match.group()]}</sup>"


def escape(text: str) -> str:
    """Escape *text* as citeproc-js's HTML ``text_escape`` does (a superscript
    character is its letter raised).

    >>> escape("<script> & Co"), escape("1ʳᵉ")
    ('&#60;script&#62; &#38; Co', '1<sup>r</sup><sup>e</sup>')
    """
    text = text.replace("&", "&#38;").replace("<", "&#60;").replace(">", "&#62;")
    text = _DOUBLE_SPACE.sub("\u00a0 ", text)
    return _SUPERSCRIPT.sub(_raised, text) if _SUPERSCRIPT.search(text) else text


_RICH = re.compile("&#60;(/?)(i|b|sup|sub)&#62;")


def escape_data(text: str) -> str:
    """Escape data for HTML, keeping citeproc-js's rich-text tags in it as markup.

    citeproc-js reads ``<i>``, ``<b>``, ``<sup>`` and ``<sub>`` in an item's text as
    formatting (the CSL-JSON "rich text" convention) and escapes everything else;
    so does this, for tags without attributes that open and close in pairs.

    >>> escape_data("Cats (<i>Felis</i>) & <script>x</script> <b>")
    'Cats (<i>Felis</i>) &#38; &#60;script&#62;x&#60;/script&#62; &#60;b&#62;'
    """
    escaped = escape(text)
    if "&#60;" not in escaped:
        return escaped
    tokens = list(_RICH.finditer(escaped))
    if not tokens:
        return escaped
    stack: list[int] = []
    kept: set[int] = set()
    for index, token in enumerate(tokens):
        closing, name = token.groups()
        if not closing:
            stack.append(index)
        elif stack and tokens[stack[-1]].group(2) == name:
            kept.update((stack.pop(), index))
        else:
            stack.clear()  # a closer that closes nothing: what is open stays text
    if not kept:
        return escaped
    out, position = [], 0
    for index, token in enumerate(tokens):
        if index in kept:
            closing, name = token.groups()
            out.append(escaped[position : token.start()])
            out.append(f"<{closing}{name}>")
            position = token.end()
    out.append(escaped[position:])
    return "".join(out)


def _tag(template: str) -> type[str]:
    class Tagged(str):
        def __new__(cls, text: object) -> Tagged:
            return super().__new__(cls, template.format(text))

    return Tagged


FORMATTER = SimpleNamespace(
    preformat=lambda text: escape(str(text)),
    Italic=_tag("<i>{}</i>"),
    Oblique=_tag("<em>{}</em>"),
    Bold=_tag("<b>{}</b>"),
    Light=str,
    Underline=_tag('<span style="text-decoration:underline;">{}</span>'),
    Superscript=_tag("<sup>{}</sup>"),
    Subscript=_tag("<sub>{}</sub>"),
    SmallCaps=_tag('<span style="font-variant:small-caps;">{}</span>'),
)
"""A citeproc-py formatter (the interface of ``citeproc.formatter.html``)."""


_UNSAFE = re.compile(f"[&<>]|\\s\\s|{_SUPERSCRIPT.pattern}")


class Affixed:
    def affixes(self: Any) -> tuple[str, str]:
        prefix, suffix = super().affixes()  # type: ignore[misc]
        state = CONTEXT.get()
        if state is None or state.formatter is not FORMATTER:
            return prefix, suffix
        if not (_UNSAFE.search(prefix) or _UNSAFE.search(suffix)):
            return prefix, suffix
        return escape(prefix), escape(suffix)


class EscapingSource:
    """A source whose strings and names are escaped for HTML."""

    def parse_string(self, string: Any) -> Any:
        return super().parse_string(escape_data(str(string)))  # type: ignore[misc]

    def parse_names(self, json_data: Any) -> Any:
        escaped = [
            {k: escape(v) if isinstance(v, str) else v for k, v in name.items()}
            for name in json_data
        ]
        return super().parse_names(escaped)  # type: ignore[misc]


ELEMENTS = ((model.Affixed, Affixed),)
