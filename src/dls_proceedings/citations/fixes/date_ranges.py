"""Date ranges joined by the range delimiter of the part that differs, as citeproc-js joins them.

citeproc-py joins the two ends of every date range with an en dash and
ignores ``range-delimiter``; and a localized date (``form="text"``) joins its
parts with the delimiter of the style's ``cs:date``, not the locale's (a
locale date ``delimiter=" "`` gives "2January1999"). citeproc-js uses the
``range-delimiter`` of the largest date part that differs between the two
ends (the year's when the years differ, else the month's, else the day's;
from the style's ``cs:date-part`` where it sets one, else the locale's), an en
dash by default, and the locale's delimiter for a localized date.

Extends: ``Date.render_single_date``, ``Date.render_date_range``.
"""

from __future__ import annotations

from typing import Any

from citeproc import model

from dls_proceedings.citations.fixes._strings import join

__all__ = ["ELEMENTS", "Date"]

_EN_DASH = "\u2013"


def _differs(range_: Any) -> str:
    begin, end = range_.begin, range_.end
    for part in ("year", "month", "day"):
        if getattr(begin, part, None) != getattr(end, part, None):
            return part
    return "day"


class Date:
    def render_single_date(self: Any, date: Any, show_parts: Any = None,
                           context: Any = None) -> Any:  # fmt: skip
        if context is None or context is self or not self.is_locale_date():
            return super().render_single_date(date, show_parts, context)  # type: ignore[misc]
        parts = self.parts(date, show_parts, context)
        if not parts:
            return None
        # A localized date: the locale's delimiter, unless the style's date sets one.
        owner = context if context.get("delimiter") is not None else self
        return join(parts, owner.get("delimiter", ""))

    def render_date_range(self: Any, date_range: Any, show_parts: Any = None,
                          context: Any = None) -> Any:  # fmt: skip
        if date_range.end.is_nil():
            return super().render_date_range(date_range, show_parts, context)  # type: ignore[misc]
        # citeproc-py's, with the range delimiter and the date's delimiter.
        begin, end = date_range.begin, date_range.end
        show = list(show_parts) if show_parts is not None else ["year", "month", "day"]
        same_parts = []
        for part in ("year", "month", "day"):
            if part not in show or getattr(begin, part, None) != getattr(end, part, None):
                break
            show.remove(part)
            same_parts.append(part)
        same = self.render_single_date(end, same_parts, context) if same_parts else None
        first = self.render_single_date(begin, show, context)
        last = self.render_single_date(end, show, context)
        if not first:
            return None
        delimiter = _range_delimiter(self, context, _differs(date_range))
        text = first.rstrip() + delimiter + (last or "")
        if same:
            owner = self
            if context is not None and (context.get("delimiter") is not None
                                        or not self.is_locale_date()):  # fmt: skip
                owner = context
            text = join([text, same.rstrip()], owner.get("delimiter", ""))
        return text


def _range_delimiter(date: Any, context: Any, part: str) -> str:
    for owner in (context, date):
        if owner is None:
            continue
        for child in owner.iterchildren():
            if isinstance(child, model.Date_Part) and child.get("name") == part:
                value = child.get("range-delimiter")
                if value is not None:
                    return str(value)
    return _EN_DASH


ELEMENTS = ((model.Date, Date),)
