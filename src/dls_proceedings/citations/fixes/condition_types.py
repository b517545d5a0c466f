"""The types of one ``type`` test are alternatives, whatever ``match`` says, as in citeproc-js.

``<if type="book report">`` (``match`` left at its default, "all") reads in
citeproc-js as "a book or a report": it makes one test of the whole attribute,
true when the item is of any of its types, and ``match`` combines that test
with the branch's other tests (``variable``, ``is-numeric``, ...). citeproc-py
makes one test per type and requires all of them, which no item passes, so
those branches never render (wikipedia-fr-templates prints nothing for a book;
188 installed styles have such a test). ``match="any"`` and ``match="none"``
give the same answer both ways.

Extends: ``If._type`` (and ``cs:choose``'s own tests, ``speed_conditions``, read
``types_any_of`` to do the same).
"""

from __future__ import annotations

from typing import Any

from citeproc import model

__all__ = ["ELEMENTS", "If"]


class If:
    types_any_of = True
    """Read by ``speed_conditions``: a ``type`` test is one test, any of its types."""

    def _type(self: Any, item: Any) -> list[bool]:
        item_type = item.reference.type
        return [any(t.lower() == item_type for t in self.get("type").split())]


ELEMENTS = ((model.If, If),)
