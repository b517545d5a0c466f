"""Formatting that is not asked for costs nothing.

citeproc-py's ``Formatted.format`` runs five steps (font style, variant,
weight, decoration, vertical alignment) on every piece of every entry, and
each step first looks the formatter up through the element's root, even when
the element asks for none of them, which is nearly always. Here an element
that sets none of the five attributes returns
its text as the five steps would (numbers turned into text); any other goes
through citeproc-py's steps. Likewise an element without a prefix or suffix
returns its text as it is instead of joining it to two empty strings (each
join checks the seam). ``cs:if type=...`` reads the item's type once per
test. (The formatter itself comes from the render context: ``_core``.)

Extends: ``Formatted.format``, ``Affixed.wrap``, ``If._type``.
"""

from __future__ import annotations

from typing import Any

from citeproc import model

__all__ = ["ELEMENTS"]

_DEFAULTS = (
    ("font-style", "normal"),
    ("font-variant", "normal"),
    ("font-weight", "normal"),
    ("text-decoration", "none"),
    ("vertical-align", "baseline"),
)


class Formatted:
    def format(self: Any, string: Any) -> Any:
        get = self.get
        for attribute, _ in _DEFAULTS:
            # Set at all, to its default too: normal_formatting writes the defaults.
            if get(attribute) is not None:
                return super().format(string)  # type: ignore[misc]
        if isinstance(string, (int, float)):
            return str(string)
        return string


class Affixed:
    def wrap(self: Any, string: Any) -> Any:
        # Without affixes (or a display, which another fix writes out) the text is
        # returned as it is: what prefix + text + suffix gives for empty affixes.
        if isinstance(string, (str, list)):
            get = self.get
            if not get("prefix") and not get("suffix") and get("display") is None:
                return string
        return super().wrap(string)  # type: ignore[misc]


class If:
    def _type(self: Any, item: Any) -> list[bool]:
        types = self.get("type").split()
        if not types:
            return []
        item_type = item.reference.type
        return [typ.lower() == item_type for typ in types]


ELEMENTS = ((model.Formatted, Formatted), (model.Affixed, Affixed), (model.If, If))
