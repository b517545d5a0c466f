"""The state of one render: a ``RenderContext`` in a ``ContextVar``, never a global.

``render`` makes a fresh context for each call and resets the variable when the
call ends, however it ends; each thread (and each asyncio task) sees its own.
The fixes read it through ``current()``. Answers kept for a parsed style (its
lookups) live in a table that the style object owns, reached through the
context, never on lxml elements (lxml may recreate an element's proxy).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from typing import Any

__all__ = [
    "CONTEXT",
    "ItemView",
    "RenderContext",
    "attempt",
    "begin_entry",
    "current",
    "is_suppressed",
    "kept",
    "record",
    "reference_view",
    "rendered",
    "rendering",
    "style_language",
]


@dataclass
class RenderContext:
    """Everything one render of ours changes while it runs."""

    formatter: Any
    """The output's formatter (plain text or HTML)."""
    answers: dict[Any, Any]
    """The parsed style's table of kept answers (owned by the style object)."""
    seam: Callable[[Any, Any], Any]
    """What happens where two pieces of text meet (``fixes.punctuation`` or citeproc-py's)."""
    workers: int = 1
    """Processes this render may use (1: this one only)."""
    # Per entry (see begin_entry).
    suppressed: set[str] = field(default_factory=set)
    recording: list[set[str]] = field(default_factory=list)
    watching: list[list[int]] = field(default_factory=list)
    """Counters of variables (attempted, rendered) for transparent cs:choose (``macro_groups``)."""
    active: bool = False
    """Suppression applies while an entry is rendered, not while sort keys are."""
    year_suffix_pending: str | None = None
    year_suffix_done: bool = False
    guards: bool = False
    """Whether a punctuation guard may be in the entry (``fixes.punctuation``)."""
    names_depth: int = 0
    """How many cs:names are being rendered, one inside another's substitute
    (``fixes.term_capitalization``)."""
    term_predecessor: bool = False
    """Whether the entry or cite has printed anything yet (``fixes.term_capitalization``)."""
    quotes_around: list[str] = field(default_factory=list)
    """The ``quotes`` of the macro calls and groups being rendered, outermost first
    (``fixes.quotes``)."""
    group_attempt: bool = False
    """Whether the group or macro that just finished called a variable (``macro_groups``)."""
    whole_list: bool = False
    """Whether a name list cut by "et al." is being formatted as a whole (``name_formatting``)."""
    item_language: str | None = None
    """The ``language`` of the item being rendered (``fixes.locale_case``)."""
    case_language: str | None = None
    """The language text-case is applied in, while it is (``fixes.locale_case``)."""
    sorting_options: dict[str, Any] | None = None
    """The name options of the sort key being rendered (``fixes.sort_keys``)."""
    date_keys: list[list[str]] = field(default_factory=list)
    """The date keys of the sort key's macros with a date being rendered, innermost last
    (``fixes.date_sort_keys``)."""
    author_substitute: Any = None
    """The names of the entries so far (``fixes.subsequent_author_substitute``)."""
    cut_suffix: Any = None
    """The element whose suffix citeproc-js trims while it wraps, and the suffix it writes
    (``fixes.punctuation``; a layout's: ``fixes.second_field_align``)."""
    memo: dict[Any, Any] | None = None
    """The reused outputs of this bibliography's macro calls, while its entries are
    rendered (``fixes.speed_memo``)."""


CONTEXT: ContextVar[RenderContext | None] = ContextVar("dls_proceedings_render", default=None)


def current() -> RenderContext | None:
    """The context of the render in progress in this thread or task, if any."""
    return CONTEXT.get()


@contextmanager
def rendering(context: RenderContext) -> Iterator[RenderContext]:
    """Make *context* current for the block; the previous one is back afterwards."""
    token = CONTEXT.set(context)
    try:
        yield context
    finally:
        CONTEXT.reset(token)


def kept(name: str) -> dict[Any, Any]:
    """The table *name* of the parsed style being rendered ({} outside a render: not kept)."""
    context = CONTEXT.get()
    if context is None:
        return {}
    table: dict[Any, Any] | None = context.answers.get(name)
    if table is None:
        table = context.answers[name] = {}
    return table


def style_language(element: Any) -> str | None:
    """The language of the locale *element*'s style renders with (its first locale
    with a language), kept per style."""
    table = kept("style_language")
    root = element.get_root()
    if root in table:
        found: str | None = table[root]
        return found
    found = None
    for locale in getattr(root, "locales", ()):
        lang = locale.get("{http://www.w3.org/XML/1998/namespace}lang")
        if lang:
            found = lang
            break
    table[root] = found
    return found


def begin_entry(active: bool = True) -> None:
    """Forget what the previous entry suppressed; *active* while rendering an entry."""
    context = CONTEXT.get()
    if context is None:
        return
    context.suppressed = set()
    context.recording = []
    context.watching = []
    context.active = active
    context.year_suffix_done = False
    context.guards = False
    context.term_predecessor = False


def record(variable: str) -> None:
    """Note that *variable* was rendered, for an enclosing substitution."""
    context = CONTEXT.get()
    if context is None:
        return
    for frame in context.recording:
        frame.add(variable.replace("-", "_"))
    rendered()


def rendered() -> None:
    """Note that an element printed what counts as a rendered variable (a variable, or
    a macro a cs:names substituted), for a transparent cs:choose."""
    context = CONTEXT.get()
    if context is None:
        return
    for counts in context.watching:
        counts[1] += 1


def attempt() -> None:
    """Note that a variable was called (rendered or empty), for a transparent cs:choose."""
    context = CONTEXT.get()
    if context is None:
        return
    for counts in context.watching:
        counts[0] += 1


def is_suppressed(variable: str) -> bool:
    """Whether *variable* was already used as a substitute in this entry."""
    context = CONTEXT.get()
    return (
        context is not None and context.active and variable.replace("-", "_") in context.suppressed
    )


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
    """A copy of a reference (of its own class) with *changes* applied and *hidden* keys removed."""
    cls: Any = type(reference)
    view = cls.__new__(cls)
    dict.update(view, reference)
    for key in hidden:
        dict.pop(view, key, None)
    dict.update(view, changes)
    return view
