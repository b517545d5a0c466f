"""Per-entry rendering state shared by the fixes (one per thread)."""

from __future__ import annotations

import threading
from collections.abc import Iterable
from typing import Any

__all__ = [
    "GUARDS",
    "STATE",
    "ItemView",
    "begin_entry",
    "is_suppressed",
    "record",
    "reference_view",
]


class _State(threading.local):
    def __init__(self) -> None:
        self.suppressed: set[str] = set()
        self.recording: list[set[str]] = []
        # Suppression applies while an entry is rendered, not while sort keys are.
        self.active = False
        # The implicit year suffix: added after an entry's first year, once.
        self.year_suffix_pending: str | None = None
        self.year_suffix_done = False


STATE = _State()
# Whether a punctuation guard may be in the entry being rendered (fixes.punctuation):
# a hint that spares the affix step a look at each text. Rendering is serialised.
GUARDS = [False]


def begin_entry(active: bool = True) -> None:
    """Forget what the previous entry suppressed; *active* while rendering an entry."""
    STATE.suppressed = set()
    STATE.recording = []
    STATE.active = active
    STATE.year_suffix_done = False
    GUARDS[0] = False


def record(variable: str) -> None:
    """Note that *variable* was rendered, for an enclosing substitution."""
    for frame in STATE.recording:
        frame.add(variable.replace("-", "_"))


def is_suppressed(variable: str) -> bool:
    """Whether *variable* was already used as a substitute in this entry."""
    return STATE.active and variable.replace("-", "_") in STATE.suppressed


class ItemView:
    """A citation item that shows another reference (citeproc-py's is a read-only property)."""

    def __init__(self, item: Any, reference: Any) -> None:
        self._item = item
        self.reference = reference

    def __getattr__(self, name: str) -> Any:
        return getattr(self._item, name)

    def __getitem__(self, key: str) -> Any:
        return self._item[key]

    def __contains__(self, key: object) -> bool:
        return key in self._item

    def get(self, key: str, default: Any = None) -> Any:
        return self._item.get(key, default)


def reference_view(reference: Any, changes: dict[str, Any], hidden: Iterable[str] = ()) -> Any:
    """A copy of a citeproc-py ``Reference`` with *changes* applied and *hidden* keys removed."""
    from citeproc.source import Reference

    view = Reference.__new__(Reference)
    dict.update(view, reference)
    for key in hidden:
        dict.pop(view, key, None)
    dict.update(view, changes)
    return view
