"""Plain pieces inside mixed text are text like the rest: cased, and joined in names.

citeproc-py adds a plain ``str`` (an affix, a range delimiter) to a
``String`` by wrapping it, as it is, in a ``MixedString``. Two of its own steps
then fail on such a piece:

- ``text-case`` calls the pieces' ``capitalize_first`` and ``words``, which a
  plain ``str`` does not have (econometrica's ``<text variable="page"
  text-case="capitalize-first"/>`` on "1–9": an ``AttributeError``);
- ``Name.process`` joins a name's parts with ``str.join``, which refuses a
  ``MixedString``: a ``cs:name-part`` with a prefix or a suffix (turcica's given
  name in parentheses) is one, so the render fails with a ``TypeError``.

citeproc-js renders both: "1–9", "Murai (Shogo)". Here text-case first makes
each plain piece a ``String`` (formatted pieces, citeproc-py's tag wrappers, are
left as they are), and a name part that is mixed text is given to the name as
one ``String`` of its text (formatting and escaping already written out, as a
formatted name part without affixes is).

Extends: ``TextCased.case``, ``Name_Part.format_part``.
"""

from __future__ import annotations

from typing import Any

from citeproc import model
from citeproc import string as citeproc_string

from dls_proceedings.citations.fixes._strings import MixedString, String

__all__ = ["ELEMENTS", "NamePart", "TextCased"]


def _pieces_as_text(text: Any) -> Any:
    if isinstance(text, citeproc_string.MixedString) and str in map(type, text):
        return MixedString([String(p) if type(p) is str else p for p in text])
    return text


class TextCased:
    def case(self: Any, text: Any, language: Any = None) -> Any:
        return super().case(_pieces_as_text(text), language)  # type: ignore[misc]


def _joinable(part: Any) -> Any:
    if isinstance(part, citeproc_string.MixedString):
        return String(str(part))
    return part


class NamePart:
    def format_part(self: Any, given: Any, family: Any) -> Any:
        given, family = super().format_part(given, family)  # type: ignore[misc]
        return _joinable(given), _joinable(family)


ELEMENTS = ((model.TextCased, TextCased), (model.Name_Part, NamePart))
