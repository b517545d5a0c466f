"""Reading a reference's fields at the speed of a dict.

citeproc-py's records (``Reference``, ``Name``, ``Date``, ``CitationItem``…)
are dicts whose missing keys raise ``VariableError``; every field and
attribute read (``item.reference[...]``, ``item.key``, ``item.citation``) goes
through two Python-level methods, ``__getattr__`` and ``__getitem__``, which
catch a ``KeyError`` to raise ``VariableError`` — some 1,500 calls per APA
entry. Here the lookup is dict's own, in C, and a missing key still raises
``VariableError`` (through ``__missing__``, which dict lookups call on a miss):
the same answers, the same errors. ``cs:text`` asks whether the item has a
``language`` instead of catching the error of a missing one.
"""

from __future__ import annotations

from typing import Any, NoReturn

__all__ = ["apply"]


def apply() -> None:
    from citeproc.source import CitationItem, CustomDict, VariableError

    def __missing__(self: Any, key: Any) -> NoReturn:  # noqa: N807 (dict's protocol)
        raise VariableError

    CustomDict.__missing__ = __missing__
    # With __missing__ in place, dict's lookup does what CustomDict.__getitem__ did.
    del CustomDict.__getitem__
    CustomDict.__getattr__ = dict.__getitem__

    def reference(self: Any) -> Any:
        # CitationItem.reference -> .bibliography -> .citation, inlined, with the
        # record fields read as items (an attribute read first misses on the class).
        return self["citation"]["bibliography"].source[self["key"]]

    CitationItem.reference = property(reference)

    from citeproc import model
    from citeproc.string import String

    text_process = model.Text.process

    def process(self: Any, item: Any, context: Any = None, **kwargs: Any) -> Any:
        # Text.process reads the item's language by catching the VariableError of a
        # missing one, once per cs:text: ask whether it is there instead.
        if "language" in item.reference:
            return text_process(self, item, context, **kwargs)
        if context is None:
            context = self
        language = self.get_root().get("default-locale", "en")[:2]
        get = self.get
        if get("variable") is not None:
            text = self._variable(item, context)
        elif get("macro") is not None:
            text = self.get_macro(get("macro")).render(item, context)
        elif get("term") is not None:
            text = self._term(item)
        elif get("value") is not None:
            text = String(self.preformat(get("value")))
        else:
            return text_process(self, item, context, **kwargs)
        return text, language

    model.Text.process = process
