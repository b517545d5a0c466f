"""Registering items and numbering them in constant time per item.

citeproc-py keeps the registered keys in a list: ``register`` tests membership
on it (``key not in keys``) and ``CitationItem.number`` looks the key up with
``keys.index``, so registering *n* items or numbering them costs O(n²) (0.5 s
at 10,000 items, 40 s at 100,000). Here a dict from key to position stands
beside the list. It is rebuilt whenever the list object is replaced
(``sort()`` does that) or changed behind its back, so it always says what
``keys.index`` would say: the position of the first occurrence. The dict is
an attribute of our own bibliography object.

Extends: ``CitationStylesBibliography.register``, ``CitationItem.number``,
``CitationItem.is_bad``.
"""

from __future__ import annotations

from typing import Any

__all__ = ["BIBLIOGRAPHY", "ITEM", "key_index"]


def key_index(bibliography: Any) -> dict[str, int]:
    """The position of each key in ``bibliography.keys`` (its first occurrence)."""
    keys = bibliography.keys
    cached = bibliography.__dict__.get("_key_index")
    if cached is not None and cached[0] is keys and len(cached[1]) == len(keys):
        index: dict[str, int] = cached[1]
        return index
    index = {}
    for position, key in enumerate(keys):
        index.setdefault(key, position)
    bibliography.__dict__["_key_index"] = (keys, index)
    return index


class Bibliography:
    def register(self: Any, citation: Any, callback: Any = None) -> None:
        citation.bibliography = self
        index = key_index(self)
        for item in citation.cites:
            if item.key in self.source:
                if item.key not in index:
                    index[item.key] = len(self.keys)
                    self.keys.append(item.key)
                    self.items.append(item)
            elif callback is not None:
                callback(item)


class CitationItem:
    @property
    def number(self: Any) -> int:
        try:
            return key_index(self.bibliography)[self.key] + 1
        except KeyError:
            raise ValueError(f"{self.key!r} is not in list") from None

    def is_bad(self: Any) -> bool:
        return self.key not in key_index(self.bibliography)


BIBLIOGRAPHY = (Bibliography,)
ITEM = (CitationItem,)
