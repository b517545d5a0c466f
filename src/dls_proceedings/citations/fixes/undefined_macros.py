"""A macro the style calls but does not define renders nothing, as in citeproc-js.

Some installed styles call a macro they never define (a renamed or deleted
``cs:macro``). citeproc-js renders such a call as empty and goes on; citeproc-py
looks the macro up with ``get_macro`` (an XPath query and ``[0]``), so the
render stops with an ``IndexError`` half-way through an entry or a sort key.
Here the lookup of an undefined macro answers an empty macro of our own
classes: a ``cs:text macro=…``, a sort ``cs:key macro=…`` and the tests that
ask whether the macro calls a variable all see a macro without children.

Extends: ``CitationStylesElement.get_macro``.
"""

from __future__ import annotations

from typing import Any

from citeproc import model

__all__ = ["ELEMENTS", "Element"]

_CSL = "http://purl.org/net/xbiblio/csl"


class Element:
    def get_macro(self: Any, name: Any) -> Any:
        try:
            return super().get_macro(name)  # type: ignore[misc]
        except IndexError:
            from dls_proceedings.citations.fixes._core import parser

            # Made by a parser with the style's class lookup, so the empty macro is one
            # of the composed classes (it renders None and calls no variable).
            made = parser(type(self).composed["__lookup__"])
            return made.makeelement(f"{{{_CSL}}}macro", nsmap={None: _CSL}, name=str(name))


ELEMENTS = ((model.CitationStylesElement, Element),)
