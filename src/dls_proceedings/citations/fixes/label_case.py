"""``text-case="title"`` on a label, term or value applies whatever the item's language.

citeproc-py title-cases only text it is told is English, and a ``cs:label``
never tells it a language, so APA's ``<label form="short" text-case="title"/>``
prints "(ed.)" where citeproc-js prints "(Ed.)". citeproc-js leaves title case
out only for a variable's own text when the item's language is not English;
labels, terms, values (and the other pieces with no item text) are
title-cased always. Here every element but a ``cs:text`` that prints a
variable title-cases as English text.

Extends: ``TextCased.case``.
"""

from __future__ import annotations

from typing import Any

from citeproc import model

__all__ = ["ELEMENTS", "TextCased"]


class TextCased:
    def case(self: Any, text: Any, language: Any = None) -> Any:
        if (
            language != "en"
            and self.get("text-case") == "title"
            and not (isinstance(self, model.Text) and "variable" in self.attrib)
        ):
            language = "en"
        return super().case(text, language)  # type: ignore[misc]


ELEMENTS = ((model.TextCased, TextCased),)
