"""Reading a reference's fields at the speed of a dict.

citeproc-py's records (``Reference``, ``Name``, ``Date``, ``CitationItem``…)
are dicts whose missing keys raise ``VariableError``; every field and
attribute read (``item.reference[...]``, ``item.key``, ``item.citation``) goes
through two Python-level methods, ``__getattr__`` and ``__getitem__``, which
catch a ``KeyError`` to raise ``VariableError`` — some 1,500 calls per APA
entry. Here the lookup is dict's own, in C, and a missing key still raises
``VariableError`` (through ``__missing__``, which dict lookups call on a miss):
the same answers, the same errors. ``cs:text`` asks whether the item has a
``language`` instead of catching the error of a missing one, and reads what it
is (a variable, a macro call, ...) and its style's language once per style.
The records are our own subclasses (``_records``), made by our source and render.

Extends: ``CustomDict`` (our records' lookups), ``CitationItem.reference``, ``Text.process``.
"""

from __future__ import annotations

from typing import Any

from citeproc import model

from dls_proceedings.citations.fixes import _records
from dls_proceedings.citations.fixes._context import kept
from dls_proceedings.citations.fixes._strings import String

__all__ = ["ELEMENTS", "ITEM", "SOURCE"]


class Source:
    records = _records.FAST


class CitationItem(_records.FastRecord):
    @property
    def reference(self: Any) -> Any:
        # CitationItem.reference -> .bibliography -> .citation, inlined, with the
        # record fields read as items (an attribute read first misses on the class).
        return self["citation"]["bibliography"].source[self["key"]]


_KINDS = ("variable", "macro", "term", "value")


class Text:
    def process(self: Any, item: Any, context: Any = None, **kwargs: Any) -> Any:
        # Text.process reads the item's language by catching the VariableError of a
        # missing one, once per cs:text: ask whether it is there instead.
        if "language" in item.reference:
            return super().process(item, context, **kwargs)  # type: ignore[misc]
        if context is None:
            context = self
        # (What the element is, read once per style: its root's language and which
        # of the four attributes it has.)
        table = kept("speed_records")
        known = table.get(self)
        if known is None:
            get = self.get
            chosen = next((a for a in _KINDS if get(a) is not None), None)
            known = table[self] = (
                self.get_root().get("default-locale", "en")[:2],
                chosen,
                get(chosen) if chosen is not None else None,
            )
        language, chosen, name = known
        if chosen == "variable":
            text = self._variable(item, context)
        elif chosen == "macro":
            text = self.get_macro(name).render(item, context)
        elif chosen == "term":
            text = self._term(item)
        elif chosen == "value":
            text = String(self.preformat(name))
        else:
            return super().process(item, context, **kwargs)  # type: ignore[misc]
        return text, language


SOURCE = (Source,)
ITEM = (CitationItem,)
ELEMENTS = ((model.Text, Text),)
