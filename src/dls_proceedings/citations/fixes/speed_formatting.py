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
test. What an element sets is read once per style. (The formatter itself comes
from the render context: ``_core``.)

Extends: ``Formatted.format``, ``Affixed.wrap``, ``If._type``.
"""

from __future__ import annotations

from typing import Any

from citeproc import model

from dls_proceedings.citations.fixes._context import kept

__all__ = ["ELEMENTS"]

_DEFAULTS = (
    ("font-style", "normal"),
    ("font-variant", "normal"),
    ("font-weight", "normal"),
    ("text-decoration", "none"),
    ("vertical-align", "baseline"),
)


_AFFIXES = ("prefix", "suffix")


def _plain(element: Any) -> tuple[bool, bool]:
    """(Whether *element* sets none of the five formatting attributes, whether it has
    neither affixes nor a display), read once per style."""
    table = kept("speed_formatting")
    found: tuple[bool, bool] | None = table.get(element)
    if found is None:
        get = element.get
        # Set at all, to its default too: normal_formatting writes the defaults.
        found = table[element] = (
            all(get(attribute) is None for attribute, _ in _DEFAULTS),
            not any(get(affix) for affix in _AFFIXES) and get("display") is None,
        )
    return found


class Formatted:
    def format(self: Any, string: Any) -> Any:
        if not _plain(self)[0]:
            return super().format(string)  # type: ignore[misc]
        if isinstance(string, (int, float)):
            return str(string)
        return string


class Affixed:
    def wrap(self: Any, string: Any) -> Any:
        # Without affixes (or a display, which another fix writes out) the text is
        # returned as it is: what prefix + text + suffix gives for empty affixes.
        if isinstance(string, (str, list)) and _plain(self)[1]:
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
