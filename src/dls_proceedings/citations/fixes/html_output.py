"""HTML as citeproc-js writes it: data escaped, numeric entities, its markup.

citeproc-py's HTML formatter escapes only the few strings it builds itself, so
a title ``<script>…</script>`` reaches the page as live markup; this fix
escapes every string and name that comes from the data, with citeproc-js's
spelling (``&#38;`` ``&#60;`` ``&#62;``, and a double space as a no-break
space and a space), and uses its tags (``<em>`` for oblique, styled spans for
small caps and underline, no tag for light).
"""

from __future__ import annotations

import re
from types import SimpleNamespace
from typing import Any

__all__ = ["FORMATTER", "apply", "escape", "html_source"]

_DOUBLE_SPACE = re.compile(r"\s\s")


def escape(text: str) -> str:
    """Escape *text* as citeproc-js's HTML ``text_escape`` does.

    >>> escape("<script> & Co")
    '&#60;script&#62; &#38; Co'
    """
    text = text.replace("&", "&#38;").replace("<", "&#60;").replace(">", "&#62;")
    return _DOUBLE_SPACE.sub("\u00a0 ", text)


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


def html_source(items: list[dict[str, Any]]) -> Any:
    """A citeproc-py source whose strings and names are escaped for HTML."""
    from citeproc.source.json import CiteProcJSON

    class EscapingSource(CiteProcJSON):  # type: ignore[misc]
        def parse_string(self, string: Any) -> Any:
            return super().parse_string(escape(str(string)))

        def parse_names(self, json_data: Any) -> Any:
            escaped = [
                {k: escape(v) if isinstance(v, str) else v for k, v in name.items()}
                for name in json_data
            ]
            return super().parse_names(escaped)

    return EscapingSource(items)


def apply() -> None:
    """Nothing to patch globally: ``render`` picks ``FORMATTER`` and ``html_source``."""
