"""Year suffixes (2020a, 2020b) for citations that stay ambiguous, as citeproc-js prints them.

citeproc-py never sets the ``year-suffix`` variable, so APA prints two entries
"Akiba, Y. (2020)" where citeproc-js prints "(2020a)" and "(2020b)". With
``disambiguate-add-year-suffix="true"`` on ``cs:citation``, citeproc-js gives a
suffix to the items whose in-text citations its other disambiguation steps cannot
tell apart. Which items those are is decided by the citer's disambiguation
(``Citer``; ``citer.disambiguated`` for a bibliography rendered whole), which
writes the suffix into the item's reference: the ``year-suffix`` variable.

A style that never prints that variable (no ``<text variable="year-suffix"/>``
and no ``citation-label``: elsevier-harvard, springer-basic-author-date, bibtex, …)
still gets the suffix, implicitly, as citeproc-js adds it: once per entry, right
after the first year a date of the entry renders (whichever date variable and
whether in a localized date or not), as a piece of its own formatted like that
year's ``cs:date-part`` (its affixes, font and text-case: "(2020)(a)", "20A"),
with no date delimiter before it. That is this module.

Extends: ``Date.process``, ``Date.parts``.
"""

from __future__ import annotations

from typing import Any

from citeproc import model
from citeproc.source import VariableError

from dls_proceedings.citations.fixes._context import CONTEXT

__all__ = ["ELEMENTS", "Date"]

# The suffix a style prints implicitly, kept on the reference beside ``year_suffix``.
IMPLICIT = "_implicit_year_suffix"
_EXPLICIT = '//cs:text[@variable="year-suffix" or @variable="citation-label"]'


class Date:
    """Dates add the implicit suffix after an entry's first year (the citer sets it)."""

    def process(self: Any, item: Any, *args: Any, **kwargs: Any) -> Any:
        state = CONTEXT.get()
        pending = dict.get(item.reference, IMPLICIT)
        if state is None or pending is None or state.year_suffix_done:
            return super().process(item, *args, **kwargs)  # type: ignore[misc]
        state.year_suffix_pending = pending
        try:
            return super().process(item, *args, **kwargs)  # type: ignore[misc]
        finally:
            state.year_suffix_pending = None

    def parts(self: Any, date: Any, show_parts: Any, context: Any = None) -> list[Any]:
        state = CONTEXT.get()
        output = []
        for part in self.iterchildren():
            name = part.get("name")
            if name in show_parts:
                try:
                    text = part.render(date, context)
                except VariableError:
                    continue
                if text is None:
                    continue
                pending = state.year_suffix_pending if state is not None else None
                if pending is not None and name == "year":
                    # Rendering the year merged the style's date-part options into
                    # the part: the suffix is marked up as the year was.
                    text = text + part.markup(pending)
                    state.year_suffix_pending = None  # type: ignore[union-attr]
                    state.year_suffix_done = True  # type: ignore[union-attr]
                output.append(text)
        return output


ELEMENTS = ((model.Date, Date),)
