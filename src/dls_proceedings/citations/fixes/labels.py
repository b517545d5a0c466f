"""Labels follow their variable: none for an empty one, ``number-of-pages`` labelled.

citeproc-py prints a standalone ``cs:label`` even when its variable is absent
(ACS: "2020; p ." for a book without pages), and its plural test reads
``number-of-pages`` from the wrong object, so that label is lost (Vancouver:
"63." for "63 p."). citeproc-js prints a label only with its variable.

Extends: ``Label.process``, ``Label._is_plural``.
"""

from __future__ import annotations

from typing import Any

from citeproc import model
from citeproc.source import VariableError

__all__ = ["ELEMENTS", "Label"]


class Label:
    def process(self: Any, item: Any, variable: Any = None, plural: Any = None, **kw: Any) -> Any:
        if variable is None:
            name = self.get("variable") or ""
            if name != "locator" and name.replace("-", "_") not in item.reference:
                raise VariableError
            if name == "locator" and not getattr(item, "has_locator", False):
                raise VariableError
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
