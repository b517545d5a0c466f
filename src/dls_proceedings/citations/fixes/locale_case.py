"""Upper and lower case by the language's own rules: Turkish and Azerbaijani "i".

citeproc-js changes case with JavaScript's ``toLocaleUpperCase`` and
``toLocaleLowerCase``, given the languages of the item (its ``language``) and of
the style's locale. In Turkish and Azerbaijani the dotted and dotless i are two
letters: "i" is "İ" in upper case and "I" is "ı" in lower case, so a tr-TR style's
``text-case="uppercase"`` prints "CAİ" for "Cai", and ``capitalize-first`` prints
the term "içinde" as "İçinde". Python's ``str.upper`` knows no language ("CAI",
"Içinde"). Here ``text-case`` runs with the language it applies in (the item's,
else the style locale's), and the package's strings change case by its rules.

Extends: ``Layout.render_children`` (the item's language), ``TextCased.case`` (with ``_strings.String.upper``, ``lower`` and
``capitalize_first``, which read the language it sets).
"""

from __future__ import annotations

from typing import Any

from citeproc import model

from dls_proceedings.citations.fixes._context import CONTEXT, style_language

__all__ = ["ELEMENTS", "Layout", "TextCased"]


class TextCased:
    def case(self: Any, text: Any, language: Any = None) -> Any:
        state = CONTEXT.get()
        if state is None or self.get("text-case") is None:
            return super().case(text, language)  # type: ignore[misc]
        # The item's language (citeproc-py hands it to a cs:text only), else the style's.
        chosen = state.item_language or style_language(self) or ""
        kept_language = state.case_language
        state.case_language = chosen[:2].lower()
        try:
            return super().case(text, language)  # type: ignore[misc]
        finally:
            state.case_language = kept_language


class Layout:
    def render_children(self: Any, item: Any, *args: Any, **kwargs: Any) -> Any:
        state = CONTEXT.get()
        if state is None:
            return super().render_children(item, *args, **kwargs)  # type: ignore[misc]
        language = dict.get(item.reference, "language") if hasattr(item, "reference") else None
        kept_language = state.item_language
        state.item_language = str(language) if language else None
        try:
            return super().render_children(item, *args, **kwargs)  # type: ignore[misc]
        finally:
            state.item_language = kept_language


ELEMENTS = ((model.TextCased, TextCased), (model.Layout, Layout))
