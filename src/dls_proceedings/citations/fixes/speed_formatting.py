"""Formatting that is not asked for costs nothing.

citeproc-py's ``Formatted.format`` runs five steps (font style, variant,
weight, decoration, vertical alignment) on every piece of every entry, and
each step first looks the formatter up through the element's root, even when
the element asks for none of them, which is nearly always. Here an element
that sets none of the five attributes, or sets them to their defaults, returns
its text as the five steps would (numbers turned into text); any other goes
through citeproc-py's steps. Likewise an element without a prefix or suffix
returns its text as it is instead of joining it to two empty strings (each
join checks the seam). The formatter lookup itself finds the root once
instead of twice, and ``cs:if type=...`` reads the item's type once per test.
"""

from __future__ import annotations

from typing import Any

__all__ = ["apply"]

_DEFAULTS = (
    ("font-style", "normal"),
    ("font-variant", "normal"),
    ("font-weight", "normal"),
    ("text-decoration", "none"),
    ("vertical-align", "baseline"),
)


def apply() -> None:
    from citeproc import model

    format_ = model.Formatted.format

    def format(self: Any, string: Any) -> Any:
        get = self.get
        for attribute, default in _DEFAULTS:
            if get(attribute, default) != default:
                return format_(self, string)
        if isinstance(string, (int, float)):
            return str(string)
        return string

    model.Formatted.format = format

    wrap = model.Affixed.wrap

    def wrap_affixes(self: Any, string: Any) -> Any:
        # Without affixes (or a display, which another fix writes out) the text is
        # returned as it is: what prefix + text + suffix gives for empty affixes.
        if isinstance(string, (str, list)):
            get = self.get
            if not get("prefix") and not get("suffix") and get("display") is None:
                return string
        return wrap(self, string)

    model.Affixed.wrap = wrap_affixes

    locale_class = model.Locale

    def get_formatter(self: Any) -> Any:
        root = self.getroottree().getroot()
        if isinstance(root, locale_class):
            return root.style.formatter
        return root.formatter

    model.CitationStylesElement.get_formatter = get_formatter

    def _type(self: Any, item: Any) -> list[bool]:
        types = self.get("type").split()
        if not types:
            return []
        item_type = item.reference.type
        return [typ.lower() == item_type for typ in types]

    model.If._type = _type
