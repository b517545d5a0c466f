"""HTML as citeproc-js writes it: data escaped, numeric entities, its markup.

citeproc-py's HTML formatter escapes only the few strings it builds itself, so
a title ``<script>…</script>`` reaches the page as live markup; this fix
escapes every string and name that comes from the data, with citeproc-js's
spelling (``&#38;`` ``&#60;`` ``&#62;``, and a double space as a no-break
space and a space), and uses its tags (``<em>`` for oblique, styled spans for
small caps and underline, no tag for light).

Extends: ``CiteProcJSON.parse_string``, ``CiteProcJSON.parse_names`` (the source of
an HTML render); ``render`` uses ``FORMATTER`` for HTML.
"""

from __future__ import annotations

import re
from types import SimpleNamespace
from typing import Any

__all__ = ["FORMATTER", "EscapingSource", "escape", "escape_data"]

_DOUBLE_SPACE = re.compile(r"\s\s")


def escape(text: str) -> str:
    """Escape *text* as citeproc-js's HTML ``text_escape`` does.

    >>> escape("<script> & Co")
    '&#60;script&#62; &#38; Co'
    """
    text = text.replace("&", "&#38;").replace("<", "&#60;").replace(">", "&#62;")
    return _DOUBLE_SPACE.sub("\u00a0 ", text)


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
