"""A macro call whose output depends only on shared data is rendered once per render.

The papers of a proceedings volume share much of what their entries print: the
volume's title, its publisher and place, its date, the conference, its editors.
A style renders each entry from scratch, so those parts are rendered again for
every paper (IEEE: six of the ten macros of a paper's entry, about a quarter of
its time). Here a ``cs:text`` calling a macro is rendered once for each
combination of what it can read, and the output is reused for every entry of the
bibliography that reads the same. The key is:

- the data it can read: the item's type, and each variable that its macro (and the
  macros that one calls, through every branch) prints or tests, with its short
  form (``title`` and ``title-short``; ``page`` and ``page-first``), compared by
  identity: the source shares one parsed value between the items where they are
  equal (``speed_source``, ``speed_values``), and the kept output holds those
  values, so an identity is never another value's; a list of names by the
  identities of its names (each item has a list of its own), a plain string by its
  characters (read from JSON, each item's type is a string object of its own); a
  variable that is only tested for (``<if variable="page">``) counts by its
  presence; the item's fields that are no CSL variable (its type and language, the
  year suffix the renderer adds) count whatever the macro names;
- the state of the render the output depends on or changes (which quotes are
  around it, whether the entry has printed anything, the suffix the punctuation
  fix trims, the variables a substitute has used, ...): part of the key, and what
  the render changed of it is set again on reuse;
- the call's own arguments (the element options are inherited from, extra ones).

A macro is never reused when it can read what is the entry's own even with equal
data (the citation number, year suffix, citation label, locator, a position or
disambiguation test), nor while sort keys, a transparent ``cs:choose`` or a
substitution are counting what is rendered around it; one that renders names is
not reused in a style with ``subsequent-author-substitute`` (its state follows
the entries). A render that changes any other state (what a substitute
suppresses, the quotes around it) is not kept. A call that is seldom reused
(fewer than one in four of its first 32 renders) is no longer looked up in this
render. The table lives for one bibliography (``render_items``,
``Citer.bibliography``) and is dropped with it; ``name_parts`` keeps in it each
person's written name, by the same rules (a person named in several entries is
written once for each state of the render the writing reads).

``checking()`` makes every reuse also render and compare (the tests run the 30
named styles so, on a 40-paper synthetic volume, text and HTML).

Extends: ``Text.render`` (of a ``cs:text`` with ``macro``).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, fields
from itertools import repeat
from operator import attrgetter
from typing import Any

import citeproc
from citeproc import model
from citeproc.source import VariableError

from dls_proceedings.citations.fixes._context import CONTEXT, RenderContext
from dls_proceedings.citations.fixes.variables import _NEW

__all__ = [
    "ELEMENTS", "SCALARS", "Checks", "changed", "check", "checking", "enabled", "replay", "scalars",
]  # fmt: skip

# Variables whose rendering is the entry's own, whatever the data (numbering,
# suffixes, citation labels and locators), and condition attributes of the cite.
_OWN = frozenset({"citation_number", "citation_label", "year_suffix", "locator",
                  "first_reference_note_number", "label"})  # fmt: skip
_CITE_CONDITIONS = ("position", "disambiguate", "locator")
_READS = ("variable", "is-numeric", "is-uncertain-date")
# Every CSL variable a reference may hold; a field outside these is read whatever the
# macro names (the renderer's own fields: a year suffix, a language).
_PLAIN = frozenset(
    {v.replace("-", "_") for v in citeproc.VARIABLES}
    | set(citeproc.NAMES) | set(citeproc.DATES) | set(_NEW) | {"available_date"}
) - {"language"}  # fmt: skip
_ABSENT = object()
# Renders of a call before it is judged: reused in fewer than one in four, it is no
# longer looked up in this render.
_TRIED = 32

# The render state, field by field (a test holds every field of RenderContext to one of
# these): the render's own (never part of the key); read only while sort keys, a
# transparent cs:choose or a substitution are rendered (empty for a reuse, and left
# empty by a render that is kept); read or changed by names alone (a call that renders
# names is reused only without an author substitute); part of the key and unchanged by
# a kept render; and the rest, part of the key and set again to what the render left.
PER_RENDER = frozenset({"formatter", "answers", "seam", "workers", "memo"})
EMPTY = frozenset({"recording", "watching", "date_keys"})
NAMES_ONLY = frozenset({"author_substitute"})
KEYED = frozenset({"suppressed", "quotes_around", "sorting_options"})
SCALARS = tuple(
    f.name for f in fields(RenderContext) if f.name not in PER_RENDER | EMPTY | NAMES_ONLY | KEYED
)
scalars = attrgetter(*SCALARS)


def changed(state: Any, before: tuple[Any, ...]) -> tuple[tuple[str, Any], ...]:
    """The fields of *state* (``SCALARS``) a render changed since *before*, as (field,
    value) pairs: what a reuse sets again."""
    return tuple(
        (name, value)
        for name, value, old in zip(SCALARS, scalars(state), before, strict=True)
        if value is not old and value != old
    )


def replay(state: Any, fields: tuple[tuple[str, Any], ...]) -> None:
    """Set again the *fields* a kept render changed (``changed``)."""
    for name, value in fields:
        setattr(state, name, value)


@dataclass
class Checks:
    """What a ``checking()`` block saw: outputs reused (each also rendered and compared)."""

    reused: int = 0


_CHECKING: ContextVar[Checks | None] = ContextVar("dls_proceedings_memo_check", default=None)


@contextmanager
def checking() -> Iterator[Checks]:
    """Inside the block, every reused output is also rendered and compared with it; an
    output or a state that differs raises ``AssertionError`` (for the tests).

    >>> import dls_proceedings as dp
    >>> with checking() as seen:
    ...     _ = dp.bibliography(dp.load(), "ieee")
    >>> seen.reused > 0
    True
    """
    seen = Checks()
    token = _CHECKING.set(seen)
    try:
        yield seen
    finally:
        _CHECKING.reset(token)


def enabled() -> dict[Any, Any]:
    """A fresh table for a render that may reuse its macros' outputs."""
    return {"__check__": _CHECKING.get(), "__extras__": {}}


def _plan(element: Any) -> tuple[bool, tuple[str, ...], tuple[str, ...]] | None:
    """What a macro call can read: whether it renders names, the reference fields whose
    values it can print or test, and those it only tests for presence (besides the
    type, language and the renderer's own fields); None if its output is not reused."""
    valued: set[str] = set()
    tested: set[str] = set()
    seen: set[str] = set()
    names = False

    def visit(node: Any) -> bool:
        nonlocal names
        for child in node.iter():
            tag = child.tag
            if not isinstance(tag, str):
                continue
            local = tag.rpartition("}")[2]
            names = names or local == "names"
            get = child.get
            condition = local in ("if", "else-if")
            if condition and any(get(name) is not None for name in _CITE_CONDITIONS):
                return False
            for attribute in _READS:
                value = get(attribute)
                if value:
                    # (A condition's variable test asks whether the variable is there.)
                    found = tested if condition and attribute == "variable" else valued
                    found.update(v.replace("-", "_") for v in value.split())
            macro = get("macro")
            if macro is not None and local == "text" and macro not in seen:
                seen.add(macro)
                try:
                    called = child.get_macro(macro)
                except Exception:
                    return False
                if not visit(called):
                    return False
        return True

    if not visit(element) or (valued | tested) & _OWN:
        return None
    read = set(valued)
    for name in valued:
        read.add(name + "_short")
    if "page" in read:
        read.add("page_first")
    return names, tuple(sorted(read)), tuple(sorted(tested - read))


def _ident(value: Any) -> Any:
    """What stands for *value* in a key: a plain string itself (equal strings read alike;
    items read from JSON have a string object each), a plain list the identities of its
    items (the source shares equal names, not the lists of an item), anything else its
    identity (kept alive with the key's entry)."""
    kind = type(value)
    if kind is str:
        return value
    if kind is list:
        return (list, tuple(map(id, value)))
    return id(value)


def _extras(memo: dict[Any, Any], reference: Any) -> tuple[Any, ...]:
    """The fields of *reference* that are no CSL variable (read whatever the macro
    names), with their values: kept per reference (and the reference with them, so
    that its identity stays its own)."""
    table = memo["__extras__"]
    found = table.get(id(reference))
    if found is not None and found[0] is reference:
        extras: tuple[Any, ...] = found[1]
        return extras
    # (The kept reference holds the values alive.)
    extras = tuple((name, _ident(value)) for name, value in reference.items()
                   if name not in _PLAIN and name != "key")  # fmt: skip
    table[id(reference)] = (reference, extras)
    return extras


class Text:
    def render(self: Any, item: Any, context: Any = None, **kwargs: Any) -> Any:
        state = CONTEXT.get()
        if state is None or state.memo is None:
            return super().render(item, context, **kwargs)  # type: ignore[misc]
        memo = state.memo
        entry = memo.get(self)
        if entry is None:
            # (A cs:text that calls no macro has no plan: its entry says so.)
            plan = _plan(self) if self.get("macro") is not None else None
            entry = memo[self] = [plan, 0, 0, {}]
        plan, hits, misses, table = entry
        if (
            plan is None
            or (misses >= _TRIED and hits * 4 < misses)
            or state.recording
            or state.watching
            or state.date_keys
            or state.sorting_options is not None
            or not state.active
            or (plan[0] and state.author_substitute is not None)
        ):
            return super().render(item, context, **kwargs)  # type: ignore[misc]
        reference = item.reference
        values = tuple(map(dict.get, repeat(reference), plan[1], repeat(_ABSENT)))
        suppressed, quotes = state.suppressed, state.quotes_around
        key: Any = (
            context,
            tuple(sorted(kwargs.items())) if kwargs else (),
            tuple(map(_ident, values)),
            tuple(map(reference.__contains__, plan[2])),
            _extras(memo, reference),
            scalars(state),
            frozenset(suppressed) if suppressed else (),
            tuple(quotes) if quotes else (),
        )
        try:
            found = table.get(key)
        except TypeError:  # an argument that is no key (a dict): rendered, not kept
            return super().render(item, context, **kwargs)  # type: ignore[misc]
        if found is not None:
            entry[1] = hits + 1
            raised, output, after, _values = found
            checks = memo["__check__"]
            if checks is not None:
                _check(self, item, context, kwargs, found)
                checks.reused += 1
            replay(state, after)
            if raised:
                raise VariableError
            return output
        entry[2] = misses + 1
        suppressed, quotes = set(suppressed), list(quotes)
        raised = False
        try:
            output = super().render(item, context, **kwargs)  # type: ignore[misc]
        except VariableError:
            raised, output = True, None
        if (
            state.suppressed == suppressed
            and state.quotes_around == quotes
            and not (state.recording or state.watching or state.date_keys)
        ):
            # What the render changed (the key holds what it found); the values are kept
            # with the output, so that their identities stay theirs.
            table[key] = (raised, output, changed(state, key[5]), values)
        if raised:
            raise VariableError
        return output


def _check(element: Any, item: Any, context: Any, kwargs: Any, found: Any) -> None:
    """Render what is reused, from the same state, and compare (``checking``)."""
    raised, output, after, _values = found

    def fresh() -> Any:
        try:
            return False, super(Text, element).render(item, context, **kwargs)
        except VariableError:
            return True, None

    check(fresh, (raised, output), after, f"the macro {element.get('macro')!r}")


def check(fresh: Callable[[], Any], output: Any, after: tuple[Any, ...], what: str = "") -> None:
    """Compare a reused *output* and the state fields it changed (*after*) with what
    *fresh()* gives from the current state; the state is left as it was (``checking``)."""
    state = CONTEXT.get()
    saved = scalars(state)
    made = fresh()
    left = scalars(state)
    for name, value in zip(SCALARS, saved, strict=True):
        setattr(state, name, value)
    expected = list(saved)
    for name, value in after:
        expected[SCALARS.index(name)] = value
    if left != tuple(expected) or not _same(made, output):
        raise AssertionError(
            f"speed_memo reused {output!r} (state {after}) where the render gives {made!r}"
            f" (state {left}) for {what or 'a name'}"
        )


def _same(a: Any, b: Any) -> bool:
    if type(a) is not type(b):
        return False
    if isinstance(a, (list, tuple)):
        return len(a) == len(b) and all(_same(x, y) for x, y in zip(a, b, strict=True))
    return bool(a == b) and str(a) == str(b)


ELEMENTS = ((model.Text, Text),)
