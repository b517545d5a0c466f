"""A ``cs:date``'s own formatting applies to the date it prints.

citeproc-py puts a non-localized ``cs:date``'s prefix and suffix around the date
but never its formatting: ``<date variable="issued" prefix=" " suffix="."
font-weight="bold">`` printed " 2020." where citeproc-js prints " <b>2020</b>."
(inside the affixes, as any element's). A localized date (``form="text"`` or
``"numeric"``) takes none, in citeproc-js too.

Extends: ``Date.render_single_date``, ``Date.render_date_range``.
"""

from __future__ import annotations

from contextvars import ContextVar
from typing import Any

from citeproc import model

# Set while a range renders: its dates are formatted as one, not each on its own.
_IN_RANGE: ContextVar[bool] = ContextVar("dls_proceedings_date_range", default=False)

__all__ = ["ELEMENTS"]


class Date:
    def render_single_date(
        self: Any, date: Any, show_parts: Any = None, context: Any = None
    ) -> Any:
        text = super().render_single_date(date, show_parts, context)  # type: ignore[misc]
        return text if _IN_RANGE.get() else _formatted(self, text)

    def render_date_range(self: Any, date_range: Any, show_parts: Any = None,
                          context: Any = None) -> Any:  # fmt: skip
        token = _IN_RANGE.set(True)
        try:
            text = super().render_date_range(date_range, show_parts, context)  # type: ignore[misc]
        finally:
            _IN_RANGE.reset(token)
        return _formatted(self, text)


def _formatted(element: Any, text: Any) -> Any:
    # A date of the style without a form: a locale's dates always have one.
    if text is None or str(text) == "" or element.get("form") is not None:
        return text
    return element.format(text)


ELEMENTS = ((model.Date, Date),)
