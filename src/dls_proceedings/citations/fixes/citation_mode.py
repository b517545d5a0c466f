"""What a cite in a citation cluster needs of the style elements (``citations.citer``).

citeproc-py renders a citation with its own idea of position (read from the
cites it has rendered so far), ignores ``disambiguate="true"`` conditions,
``suppress-author`` and ``author-only``, and has no way to show more names or
given names to tell two cites apart. The citer decides all of that for each
cite, as citeproc-js does, and puts its decisions in a ``CiteState`` that this
module's mixins read while the cite renders (a ``ContextVar``: one per thread
or task; ``None`` while a bibliography renders, when every element behaves as
before):

- ``If._is_numeric`` tests the cite's locator (citeproc-py looks for it in the
  reference and never finds it);
- ``If._position`` answers from the cite's positions (first, subsequent, ibid,
  ibid-with-locator, near-note);
- ``Choose.render`` tests ``disambiguate="true"`` (or ``"false"``) on a branch
  beside its other tests, combined by ``match``;
- ``Name.get_option`` shows the names disambiguation adds
  (``disambiguate-add-names``) and uses ``et-al-subsequent-min`` and
  ``et-al-subsequent-use-first`` for a cite that is not the first;
- ``Names.process`` leaves out the cite's first names (suppress-author, and the
  cites after the first of a collapsed group) or keeps them as the whole cite
  (author-only).

Extends: ``If._position``, ``If._is_numeric`` (a locator is a number too), ``Choose.render``, ``Name.get_option``, ``Names.process``.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from typing import Any

from citeproc import model

from dls_proceedings.citations.fixes._context import kept

__all__ = ["ELEMENTS", "STATE", "CiteState", "citing"]


@dataclass
class CiteState:
    """The citer's decisions for the cite being rendered."""

    positions: frozenset[str] = frozenset({"first"})
    """The positions the cite has: {"first"}, or "subsequent" with any of "ibid",
    "ibid-with-locator" and "near-note"."""
    names_shown: int | None = None
    """The names ``disambiguate-add-names`` shows (None: as et-al says)."""
    all_names: bool = False
    """Whether ``names_shown`` reaches every name (no "et al." then)."""
    disambiguate: bool = False
    """Whether ``disambiguate="true"`` conditions hold."""
    suppress_names: bool = False
    """Leave out the cite's first names (suppress-author, a collapsed group's later cites)."""
    author_only: bool = False
    """The cite is its first names alone."""
    names_seen: bool = False
    captured: Any = None
    """The first names as rendered (for author-only)."""
    extra: dict[str, Any] = field(default_factory=dict)


STATE: ContextVar[CiteState | None] = ContextVar("dls_proceedings_cite", default=None)


@contextmanager
def citing(state: CiteState) -> Iterator[CiteState]:
    """Render a cite with *state* inside the block."""
    token = STATE.set(state)
    try:
        yield state
    finally:
        STATE.reset(token)


# citeproc-js's test of a numeric locator: numbers (with letters) joined by ranges or lists.
_NUMERIC_LOCATOR = re.compile(
    r"^\s*[a-zA-Z]?\d+[a-zA-Z]*(?:\s*(?:[-\u2013,&]|and)\s*[a-zA-Z]?\d+[a-zA-Z]*)*\s*$"
)
_NUMERIC = re.compile(r"^([A-Z]*\d+[A-Z]*)$", re.I)


class If:
    def _is_numeric(self: Any, item: Any) -> list[Any]:
        variables = self.get("is-numeric").split()
        results: list[Any] = super()._is_numeric(item)  # type: ignore[misc]
        if "locator" not in variables:
            return results
        results = list(results)
        for n, variable in enumerate(variables):
            if variable == "locator":
                locator = item.get("locator")
                identifier = getattr(locator, "identifier", None)
                results[n] = identifier is not None and bool(
                    _NUMERIC_LOCATOR.match(str(identifier))
                )
        return results

    def _position(self: Any, item: Any, context: Any) -> list[bool]:
        state = STATE.get()
        if state is None:
            return super()._position(item, context)  # type: ignore[misc,no-any-return]
        positions = state.positions
        return [position in positions for position in self.get("position").split()]


_TESTS = (
    ("is-numeric", "_is_numeric"),
    ("is-uncertain-date", "_is_uncertain_date"),
    ("locator", "_locator"),
)


def _results(branch: Any, item: Any, context: Any, flag: bool) -> bool:
    """A branch's tests, with ``disambiguate``, combined by ``match`` (as ``If.render``)."""
    get = branch.get
    results: list[Any] = []
    types = get("type")
    if types is not None:
        item_type = item.reference.type
        results += [t.lower() == item_type for t in types.split()]
    variables = get("variable")
    if variables is not None:
        reference = item.reference
        for variable in variables.split():
            variable = variable.replace("-", "_")
            results.append(("locator" in item) if variable == "locator" else variable in reference)
    for attribute, method in _TESTS:
        if get(attribute) is not None:
            results += getattr(branch, method)(item)
    if get("position") is not None:
        results += branch._position(item, context)
    wanted = get("disambiguate")
    if wanted is not None:
        results.append(flag == (wanted == "true"))
    match = get("match")
    if match == "any":
        return any(results)
    if match == "none":
        return not any(results)
    return all(results)


class Choose:
    def render(
        self: Any, item: Any, context: Any = None, delimiter: str = "", **kwargs: Any
    ) -> Any:
        # Whether a branch tests disambiguate: kept per element of the parsed style,
        # as the other lookups are (most cs:choose have none: they render as before).
        table = kept("citation_mode")
        key = (self, "disambiguate")
        branches = table.get(key)
        if branches is None:
            children = self.getchildren()
            tested = any(b.get("disambiguate") is not None for b in children)
            branches = table[key] = tuple(children) if tested else ()
        if not branches:
            return super().render(item, context=context, delimiter=delimiter, **kwargs)  # type: ignore[misc]
        state = STATE.get()
        flag = state is not None and state.disambiguate
        for child in branches:
            try:
                if isinstance(child, model.If):  # cs:if, cs:else-if
                    if not _results(child, item, context, flag):
                        continue
                    return child.render_children(
                        item, context=context, delimiter=delimiter, **kwargs
                    )
                return child.render(item, context=context, delimiter=delimiter, **kwargs)
            except model.ConditionFailed:
                continue
        return None


_BIG = 10**6


def _inherited(ancestors: Iterator[Any], option: str) -> tuple[str | None, bool]:
    """*option* from the nearest cs:names or cs:citation among *ancestors*, and whether
    the walk reached the cs:citation (where inheritance below the style stops)."""
    for holder in ancestors:
        tag = holder.tag.rsplit("}", 1)[-1] if isinstance(holder.tag, str) else ""
        if tag in ("citation", "names"):
            value = holder.get(option)
            if value is not None or tag == "citation":
                return value, tag == "citation"
    return None, False


class Name:
    def get_option(self: Any, name: str, context: Any = None, sort_options: Any = None) -> Any:
        value = super().get_option(name, context, sort_options)  # type: ignore[misc]
        state = STATE.get()
        if state is None or sort_options is not None or not name.startswith("et-al-"):
            return value
        if name in ("et-al-min", "et-al-use-first") and "first" not in state.positions:
            subsequent = self.get(f"et-al-subsequent-{name[6:]}")
            if subsequent is None:
                # A cs:name inside a macro has no cs:citation above it: the option is
                # inherited from the cs:citation of the element that called the macro
                # (``context``, as citeproc-py finds its other inherited options).
                chains = [self.iterancestors()]
                if context is not None and context is not self:
                    chains.append(context.iterancestors())
                for chain in chains:
                    subsequent, reached = _inherited(chain, f"et-al-subsequent-{name[6:]}")
                    if subsequent is not None or reached:
                        break
                if subsequent is None:
                    subsequent = self.getroottree().getroot().get(f"et-al-subsequent-{name[6:]}")
            if subsequent is not None:
                value = int(subsequent)
        if state.names_shown is not None:
            if name == "et-al-min" and state.all_names:
                return _BIG
            if name == "et-al-use-first" and state.names_shown > value:
                return state.names_shown
        return value


class Names:
    def process(self: Any, item: Any, *args: Any, **kwargs: Any) -> Any:
        state = STATE.get()
        if state is None or state.names_seen:
            return super().process(item, *args, **kwargs)  # type: ignore[misc]
        state.names_seen = True
        text = super().process(item, *args, **kwargs)  # type: ignore[misc]
        # Kept also for cite grouping, which compares the cites' names.
        state.captured = self.markup(text) if text is not None else None
        return None if state.suppress_names else text


ELEMENTS = (
    (model.If, If),
    (model.Choose, Choose),
    (model.Name, Name),
    (model.Names, Names),
)
