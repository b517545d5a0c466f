"""A term missing in the form a style asks for is printed in the next form, as citeproc-js.

CSL gives each term form a fallback: "verb-short" falls back to "verb", "symbol" to
"short", and "verb" and "short" to "long". citeproc-py looks a term up in the asked
form only and prints nothing when no locale has that form (``<text term="no-place"
form="verb"/>`` is "" where citeproc-js prints "no place"). Here the forms are tried
in that order; each form is looked up across the style's locales first (citeproc-js
merges the style's locales with the locale file and en-US before it reads a form, so
en-US's "n.p." short form wins over a long form of the style's own locale).

A term written with ``form="long"`` (the default form, spelled out) is the long form:
citeproc-py's locale looked the long form up as a term without a ``form`` only, so a
style's own ``<term name="et-al" form="long">et al.</term>`` was passed over for the
locale file's "u. a.".

Extends: ``CitationStylesElement.get_term``, ``Locale.get_term``.
"""

from __future__ import annotations

from typing import Any

from citeproc import model

__all__ = ["ELEMENTS", "LocaleTerms", "Terms"]

# The forms to try after the one asked for (None is "long", citeproc-py's default).
_NEXT: dict[str | None, tuple[str | None, ...]] = {
    "verb-short": ("verb", None),
    "symbol": ("short", None),
    "verb": (None,),
    "short": (None,),
}


class Terms:
    def get_term(
        self: Any, name: Any, form: Any = None, fallback_locale: Any = True,
        zero_padded: Any = False,
    ) -> Any:  # fmt: skip
        term = super().get_term(name, form, fallback_locale, zero_padded)  # type: ignore[misc]
        if term is not None or form not in _NEXT:
            return term
        for other in _NEXT[form]:
            term = super().get_term(name, other, fallback_locale, zero_padded)  # type: ignore[misc]
            if term is not None:
                return term
        return None


class LocaleTerms:
    def get_term(self: Any, name: Any, form: Any = None, zero_padded: Any = False) -> Any:
        if form not in (None, "long"):
            return super().get_term(name, form, zero_padded)  # type: ignore[misc]
        try:
            return super().get_term(name, None, zero_padded)  # type: ignore[misc]
        except IndexError:
            return super().get_term(name, "long", zero_padded)  # type: ignore[misc]


ELEMENTS = ((model.CitationStylesElement, Terms), (model.Locale, LocaleTerms))
