"""``text-case`` on a ``cs:text`` that calls a macro changes nothing.

citeproc-js applies ``text-case`` to variables, values, terms, labels, numbers
and date and name parts, but not to the output of ``<text macro=…
text-case=…/>`` (the bibtex style's citation key keeps "Acevedo_Curry_…",
and a title substituted there keeps its case). citeproc-py lowercases the
whole macro output. This fix makes a macro call's ``text-case`` a no-op.

Extends: ``TextCased.case``.
"""

from __future__ import annotations

from typing import Any

from citeproc import model

__all__ = ["ELEMENTS", "TextCased"]


class TextCased:
    def case(self: Any, text: Any, language: Any = None) -> Any:
        if isinstance(self, model.Text) and "macro" in self.attrib:
            return text
        return super().case(text, language)  # type: ignore[misc]


ELEMENTS = ((model.TextCased, TextCased),)
