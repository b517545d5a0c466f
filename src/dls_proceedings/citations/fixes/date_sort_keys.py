"""A sort key's macro that holds a date is that date, as a number, and nothing else.

citeproc-js renders a sort key's macro in a mode of its own. Each ``cs:date``
in it is written as a string of digits that sorts by value: "1" and the year
in four digits, the month and the day in two ("00" where the date or its
``cs:date`` has none), then the same for the end of a range ("12020" "11"
"00" "10000" "00" "00" for November 2020 shown as month and year). And while a
macro whose own XML holds a ``cs:date`` (anywhere in it, in a branch not
taken too) is rendered, everything but the dates is dropped: its text,
terms, names, numbers, the affixes and delimiters of its groups and of the
macros it calls. The mode ends where such a macro ends, not where it began:
after a date macro called inside another, the rest of the outer one prints
again (not followed here: such a macro's output is the keys of all its dates).

So a macro "title" with a date in one branch gives a book's key no text at
all: citeproc-js sorts the book, substituted by its title for want of
authors, after every item with authors (it takes an empty key as none);
citeproc-py sorted it by its title. And "November 2020" sorts after "March
2020" by number, not before it by letter.

Extends: ``Macro.render``, ``Date.render`` (while a sort key is rendered).
"""

from __future__ import annotations

from typing import Any

from citeproc import model
from citeproc.source import DateRange, LiteralDate, VariableError

from dls_proceedings.citations.fixes._context import CONTEXT, kept
from dls_proceedings.citations.fixes._strings import String

__all__ = ["ELEMENTS", "date_key"]

_PARTS = ("year", "month", "day")
_CSL = "{http://purl.org/net/xbiblio/csl}"


def _has_date(macro: Any) -> bool:
    table = kept("date_sort_keys")
    found = table.get(macro)
    if found is None:
        found = table[macro] = any(True for _ in macro.iter(f"{_CSL}date"))
    return bool(found)


def _number(date: Any, name: str) -> int:
    try:
        value = date.get(name, 0)
    except AttributeError:
        return 0
    return value if isinstance(value, int) else 0


def date_key(begin: Any, end: Any, shown: tuple[str, ...]) -> str | None:
    """citeproc-js's sort string of a date from *begin* to *end* (None: no range), with
    the parts *shown* (None: a date without a year, which has no key).

    The key citeproc-js 2.4.63 printed for November 2020 shown as month and year:

    >>> from citeproc.source import Date
    >>> date_key(Date(year=2020, month=11), None, ("year", "month"))
    '120201100100000000'
    """
    year = _number(begin, "year")
    if not year:
        return None
    out = []
    for date in (begin, end):
        for name in _PARTS:
            value = _number(date, name) if date is not None and name in shown else 0
            if name == "year":
                out.append("1" + (f"{value:04d}" if value >= 0 else f"0{9999 + value:04d}"))
            elif name == "month" and not 1 <= value <= 12:
                out.append("00")
            else:
                out.append(f"{value:02d}")
    return "".join(out)


def _shown(date: Any) -> tuple[str, ...]:
    """The parts a cs:date shows: its date-part children, or for a localized date the
    ones its date-parts attribute names."""
    if date.get("form") is not None:
        return tuple(date.get("date-parts", "year-month-day").split("-"))
    return tuple(part.get("name") for part in date.iterchildren(f"{_CSL}date-part"))


class Macro:
    def render(self: Any, item: Any, context: Any = None, sort_options: Any = None) -> Any:
        state = CONTEXT.get()
        if state is None or state.sorting_options is None or not _has_date(self):
            return super().render(item, context, sort_options)  # type: ignore[misc]
        # Rendered as usual, but only the keys of its dates (``Date``) are its output.
        keys: list[str] = []
        state.date_keys.append(keys)
        try:
            super().render(item, context, sort_options)  # type: ignore[misc]
        finally:
            state.date_keys.pop()
        if state.date_keys:
            state.date_keys[-1].extend(keys)  # (a date macro inside another: the outer's too)
        return String("".join(keys)) if keys else None


class Date:
    def render(self: Any, item: Any, *args: Any, **kwargs: Any) -> Any:
        state = CONTEXT.get()
        if state is None or state.sorting_options is None:
            return super().render(item, *args, **kwargs)  # type: ignore[misc]
        variable = self.get("variable", "")
        try:
            value = item.reference[variable.replace("-", "_")]
        except VariableError:
            return None
        if not value or isinstance(value, LiteralDate):
            return None
        if isinstance(value, DateRange):
            begin, end = value.begin, value.get("end")
        else:
            begin, end = value, None
        key = date_key(begin, end, _shown(self))
        if key is not None and state.date_keys:
            state.date_keys[-1].append(key)
        return None


ELEMENTS = ((model.Macro, Macro), (model.Date, Date))
