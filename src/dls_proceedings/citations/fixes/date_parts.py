"""Date parts read and written as citeproc-js reads and writes them: numbers, seasons, eras.

citeproc-py keeps a date part it cannot read as a number as it is, and then
fails on it: a whole bibliography raised ``TypeError`` for one item dated
``[["2000", "", ""]]`` or ``[["2000a"]]``. citeproc-js reads each part with
``parseInt`` ("2000a" is 2000) and leaves out a part that is no number
(here, the parts after it too: citeproc-py cannot hold a day without a
month); a date without a year is no date. A month from 13 to 24 is a season
in a long or short month (13 and 21 are spring, 16 and 24 winter: "Spring
1999–Summer 2001"), and a month out of range prints nothing. A year gets
"AD" below 500 (citeproc-py: below 1000).

Extends: ``CiteProcJSON.parse_date``, ``Date_Part.process`` (month and year).
"""

from __future__ import annotations

import re
from typing import Any

from citeproc import model

__all__ = ["ELEMENTS", "SOURCE", "DatePart", "Source", "js_int"]

_INT = re.compile(r"^[\t\n\v\f\r \u00a0\ufeff]*([+-]?[0-9]+)")


def js_int(value: Any) -> int | None:
    """JavaScript's ``parseInt(value, 10)`` of a date part (None: NaN).

    >>> js_int("2000a"), js_int(""), js_int(-1), js_int("x")
    (2000, None, -1, None)
    """
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, float):
        return int(value) if value == value and abs(value) != float("inf") else None
    found = _INT.match(str(value)) if isinstance(value, str) else None
    return int(found.group(1)) if found else None


def _parts(date: Any) -> list[int] | None:
    """The leading parts of one date that are numbers (None: not even a year)."""
    if not isinstance(date, (list, tuple)):
        return None
    parts: list[int] = []
    for value in date[:3]:
        number = js_int(value)
        if number is None:
            break
        parts.append(number)
    return parts or None


class Source:
    def parse_date(self: Any, json_data: Any) -> Any:
        if not isinstance(json_data, dict) or not isinstance(json_data.get("date-parts"), list):
            return super().parse_date(json_data)  # type: ignore[misc]
        dates = []
        for date in json_data["date-parts"][:2]:
            parts = _parts(date)
            if parts is None:
                break
            dates.append(parts)
        return super().parse_date({**json_data, "date-parts": dates})  # type: ignore[misc]


def _season(month: int) -> int:
    """citeproc-js's normalizeMonth with seasons: 13-16 and 17-24 are seasons 1-4."""
    if month < 13 or month > 24:
        return 0
    while month > 16:
        month -= 4
    return month - 12


class DatePart:
    def process(self: Any, date: Any, context: Any = None) -> Any:
        name = self.get("name")
        if name == "month":
            month = date.get("month") if hasattr(date, "get") else None
            if isinstance(month, int) and not 1 <= month <= 12:
                form = self.get("form", "long")
                season = _season(month) if form in ("long", "short") else 0
                if not season:
                    return None
                owner = context if context is not None else self
                term = f"season-{season:02d}"
                text = owner.get_single_term(name=term, form="short") if form == "short" else ""
                return text or owner.get_single_term(name=term)
        elif name == "year" and self.get("form", "long") == "long":
            year = date.get("year") if hasattr(date, "get") else None
            if isinstance(year, int) and 500 <= year < 1000:
                return str(year)  # (no "AD")
        return super().process(date, context)  # type: ignore[misc]


SOURCE = (Source,)
ELEMENTS = ((model.Date_Part, DatePart),)
