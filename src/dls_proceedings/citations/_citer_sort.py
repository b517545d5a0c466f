"""A ``cs:sort`` whose keys are rendered once per item, for ``Citer``'s incremental sorts.

``Citer`` keeps two orders as cites arrive: the bibliography's (which numbers the
items and orders their year suffixes) and each cluster's cites. Sorting either
from scratch (``Sort.sort`` of ``fixes.sort_keys``) renders sort keys for every
item each time: a bibliography of *n* items re-sorted for each of its *n* items
is O(n²) renders. ``SortKeys`` renders each key of an item once and keeps it
under a signature the caller chooses (what the item's keys depend on), and
compares two items exactly as ``Sort.sort`` orders them: key by key, a
key's value (collated as ``fixes.sort_keys`` collates it) ascending or
descending, an item without a value after every item with one, ties on to the
next key, items tied on every key in the order given. So a stable sort with
``before`` (or a new item placed after every item not after it, ``insert``)
gives ``Sort.sort``'s order with O(log n) comparisons per new item.

This holds while a key's value depends only on its item: never for a key that
reads ``citation-number`` (the item's place in the very order being made),
which ``reads`` detects so that the caller sorts the whole list as before.

>>> from dls_proceedings.citations.citer import Citer
>>> import dls_proceedings as dp
>>> citer = Citer(dp.load(), style="apa")
>>> [citer.cite(key) for key in ("wang2020time", "cai2020deepgalaxy")]
['(Wang et al., 2020)', '(Cai et al., 2020)']
>>> [entry.split(",")[0] for entry in citer.bibliography()]
['Cai', 'Wang']
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Sequence
from typing import Any

from dls_proceedings.citations.fixes import sort_keys

__all__ = ["SortKeys", "reads"]

_NS = {"cs": "http://purl.org/net/xbiblio/csl"}


def reads(element: Any, variable: str) -> bool:
    """Whether *element* (a ``cs:sort``, ``cs:citation``, ...) reads *variable*, also
    through the macros it calls (a ``locator`` also by testing its label).

    >>> from lxml import etree
    >>> sort = etree.fromstring(
    ...     '<sort xmlns="http://purl.org/net/xbiblio/csl"><key variable="citation-number"/></sort>')
    >>> reads(sort, "citation-number"), reads(sort, "locator")
    (True, False)
    """
    root = element.getroottree().getroot()
    macros = {m.get("name"): m for m in root.findall("cs:macro", _NS)}
    seen: set[str] = set()
    pending = [element]
    while pending:
        for node in pending.pop().iter():
            named = (node.get("variable") or "").split() + (node.get("is-numeric") or "").split()
            if variable in named or (variable == "locator" and node.get("locator") is not None):
                return True
            name = node.get("macro")
            if name is not None and name not in seen and name in macros:
                seen.add(name)
                pending.append(macros[name])
    return False


def _same(item: Any) -> Any:
    return item


class SortKeys:
    """The keys of one ``cs:sort``, each rendered once per signature.

    *sort* is the ``cs:sort`` element, *layout* the ``cs:layout`` its keys render
    in (the bibliography's or the citation's); *view* turns what is sorted into the
    citation item whose keys are rendered (where a value is not kept yet).
    """

    def __init__(self, sort: Any, layout: Any, view: Callable[[Any], Any] = _same) -> None:
        self._view = view
        self._keys = list(sort.findall("cs:key", sort.nsmap))
        self._descending = [
            key.get("sort", "ascending").lower() == "descending" for key in self._keys
        ]
        self._layout = layout
        self._markup: bool | None = None  # known inside a render (its formatter)
        self._language: str | None = None
        self._values: dict[Hashable, list[Any]] = {}

    def _value(self, item: Any, signature: Hashable, position: int) -> Any:
        values = self._values.get(signature)
        if values is None:
            values = self._values[signature] = []
        while len(values) <= position:
            if self._markup is None:
                self._markup = self._layout.preformat("<") != "<"
                self._language = sort_keys.tailoring(sort_keys.sort_language(self._layout))
            key = self._keys[len(values)]
            rendered = key.sort_keys([self._view(item)], self._layout)[0]
            values.append(sort_keys._value(rendered, self._markup, self._language))
        return values[position]

    def before(self, a: Any, a_signature: Hashable, b: Any, b_signature: Hashable) -> bool:
        """Whether item *a* sorts strictly before item *b* (a tie is not before)."""
        for position, descending in enumerate(self._descending):
            va = self._value(a, a_signature, position)
            vb = self._value(b, b_signature, position)
            if va is None or vb is None:
                if va is None and vb is None:
                    continue
                return vb is None
            if va == vb:
                continue
            return bool(va > vb) if descending else bool(va < vb)
        return False

    def insert(
        self, ordered: Sequence[Any], signatures: Sequence[Hashable], item: Any, signature: Hashable
    ) -> int:
        """Where *item* goes in *ordered* (sorted, with its *signatures*): after every
        item it does not sort before, as a stable sort puts a later item."""
        low, high = 0, len(ordered)
        while low < high:
            middle = (low + high) // 2
            if self.before(item, signature, ordered[middle], signatures[middle]):
                high = middle
            else:
                low = middle + 1
        return low

    def sort(self, items: Sequence[Any], signatures: Sequence[Hashable]) -> list[int]:
        """The stable order of *items* (their indexes), as ``Sort.sort`` orders them."""
        order: list[int] = []
        for n, (item, signature) in enumerate(zip(items, signatures, strict=True)):
            at = self.insert(
                [items[i] for i in order], [signatures[i] for i in order], item, signature
            )
            order.insert(at, n)
        return order
