"""Labels as citeproc-js prints them: ``number-of-pages`` labelled, an empty variable's singular.

citeproc-py's plural test reads ``number-of-pages`` from the wrong object, so that
label is lost (Vancouver: "63." for "63 p."). A label whose variable is empty
prints its singular term in citeproc-js ("Title p."), as a term does: it calls no
variable, so a group or macro that also calls the empty variable drops it (ACS's
"pages" macro prints nothing for a book without pages: ``macro_groups``).

Extends: ``Label.calls_variable``, ``Label.process``, ``Label._is_plural``.
"""

from __future__ import annotations

from typing import Any

from citeproc import model
from citeproc.source import VariableError

__all__ = ["ELEMENTS", "Label"]


class Label:
    def calls_variable(self: Any) -> bool:
        # A label is a term to citeproc-js: it never makes a group count as calling a
        # variable (citeproc-py's says so of a locator's label).
        return False

    def process(self: Any, item: Any, variable: Any = None, plural: Any = None, **kw: Any) -> Any:
        if variable is None and plural is None:
            name = self.get("variable") or ""
            absent = (
                not getattr(item, "has_locator", False)
                if name == "locator"
                else name.replace("-", "_") not in item.reference
            )
            if absent:
                # citeproc-js prints the term of an empty variable, singular ("p."); the
                # group or macro around it drops it where its variable is called too.
                plural = False
                if name == "locator":
                    variable = "page"  # a missing locator's label is a page's
        return super().process(item, variable=variable, plural=plural, **kw)  # type: ignore[misc]

    def _is_plural(self: Any, item: Any) -> bool:
        variable = self.get("variable") or ""
        if variable.startswith("number-of"):
            try:
                return int(str(item.reference[variable.replace("-", "_")])) > 1
            except (VariableError, ValueError):
                return False
        return bool(super()._is_plural(item))  # type: ignore[misc]


ELEMENTS = ((model.Label, Label),)
