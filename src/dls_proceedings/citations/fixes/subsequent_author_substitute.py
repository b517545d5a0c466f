"""``subsequent-author-substitute``: an entry's names that repeat the previous entry's
are replaced, by each of CSL's rules, as citeproc-js replaces them.

citeproc-py reads neither the attribute nor its rule. citeproc-js takes the
first ``cs:names`` of each bibliography entry that renders anything (its own
names, or what its ``cs:substitute`` renders, a title say), notes its names
one by one as they are printed, and compares them with those of the last entry
that had any:

- ``complete-all`` (the default): all the same, in the same order: the list
  becomes the substitute ("———"), the label stays ("——— ed."); an empty
  substitute leaves nothing;
- ``complete-each``: all the same: each name becomes the substitute, the
  delimiters and "and" stay;
- ``partial-each``: each name from the first on that is the same as the
  previous entry's at its place becomes the substitute, up to the first that
  is not;
- ``partial-first``: the first name only, if it is the same.

A substitute text (the title) counts as one name. Here the first ``cs:names``
rendered in an entry claims the comparison (``cs:names`` inside its
``cs:substitute`` report to it); the names it shows are compared as citeproc-js
compares them, by their parts as the data gives them run together ("Smith, J."
for John is not "Smith, J." for Jane; "de la Cruz" given whole is not "de la" +
"Cruz" given apart), and the replaced list is rendered with the substitute as a literal name in
place of each replaced one. Entries rendered on several processes
(``parallel``) first note the names of the entries before their slice
(``prime``).

Extends: ``Names.process``, ``Name.process``, ``Name.markup``, ``Layout.render_bibliography``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from citeproc import model

from dls_proceedings.citations.fixes._context import CONTEXT, ItemView, kept, reference_view
from dls_proceedings.citations.fixes._records import data_key, name_class
from dls_proceedings.citations.fixes._strings import String
from dls_proceedings.citations.fixes.name_parts import ShownNames

__all__ = ["ELEMENTS", "Layout", "Name", "Names", "Substitute", "prime"]

_RULES = ("complete-all", "complete-each", "partial-each", "partial-first")


@dataclass
class _State:
    substitute: str
    rule: str
    last: list[str] | None = None
    """The names of the last entry that had any."""
    in_entry: bool = False
    """Whether an entry is being rendered (not a sort key)."""
    open: bool = True
    """Whether this entry's names are still to come."""
    claimed: bool = False
    """Inside the cs:names that claimed this entry's comparison."""
    noted: list[str] | None = None


def _options(element: Any) -> tuple[str, str] | None:
    """The bibliography's (substitute, rule), or None without the attribute."""
    table = kept("subsequent_author_substitute")
    if "options" not in table:
        bibliography = element.get_root().bibliography
        value = None if bibliography is None else bibliography.get("subsequent-author-substitute")
        rule = "complete-all"
        if bibliography is not None:
            rule = bibliography.get("subsequent-author-substitute-rule", rule)
        table["options"] = None if value is None else (value, rule if rule in _RULES else _RULES[0])
    options: tuple[str, str] | None = table["options"]
    return options


def _state(element: Any) -> _State | None:
    """The render's state while an entry is rendered, if the style substitutes."""
    context = CONTEXT.get()
    state: _State | None = None if context is None else context.author_substitute
    return state if state is not None and state.in_entry else None


def _matches(state: _State, names: list[str]) -> list[bool]:
    """Which of *names* become the substitute."""
    last = state.last
    if not names or last is None:
        return [False] * len(names)
    if state.rule in ("complete-all", "complete-each"):
        return [names == last] * len(names)
    out, going = [], True
    for index, name in enumerate(names):
        same = going and index < len(last) and name == last[index]
        out.append(same)
        going = same and state.rule == "partial-each"
    return out


class Names:
    def process(self: Any, item: Any, *args: Any, **kw: Any) -> Any:
        state = _state(self)
        if state is None or not state.open or state.claimed:
            return super().process(item, *args, **kw)  # type: ignore[misc]
        state.claimed, state.noted = True, None
        try:
            text = super().process(item, *args, **kw)  # type: ignore[misc]
        finally:
            state.claimed = False
        if state.noted is None and (text is None or str(text) == ""):
            return text  # nothing rendered: the next cs:names of the entry may claim
        state.open = False
        noted = state.noted
        if noted is None:
            # A substitute's text (a title) stands for the names.
            noted = [str(text)]
            if any(_matches(state, noted)):
                # complete-all keeps the text's formatting, the others replace all of it.
                if state.rule == "complete-all":
                    text = _substituted(text, state.substitute)
                else:
                    text = String(state.substitute) if state.substitute else None
        state.last = noted
        return text


_MARKUP = re.compile("(<[^>]*>|[\ue000-\ue0ff])")


def _substituted(text: Any, substitute: str) -> Any:
    """*text* (a substitute's rendered text) with its visible text replaced by *substitute*,
    its formatting kept ("<i>---</i>"), as citeproc-js replaces the content of its output."""
    if not substitute:
        return None
    parts = _MARKUP.split(str(text))
    visible = [n for n in range(0, len(parts), 2) if parts[n]]
    if not visible:
        return String(substitute)
    for n in visible:
        parts[n] = ""
    parts[visible[0]] = substitute
    return String("".join(parts))


class Name:
    def process(self: Any, item: Any, variable: Any, context: Any = None,
                sort_options: Any = None, **kw: Any) -> Any:  # fmt: skip
        process = super().process  # type: ignore[misc]
        state = _state(self)
        if state is None or not state.claimed or state.noted is not None:
            return process(item, variable, context=context, sort_options=sort_options, **kw)
        text = process(item, variable, context=context, sort_options=sort_options, **kw)
        if not text or self.get_option("form", context, sort_options) == "count":
            return text
        listed = item.reference.get(variable.replace("-", "_"), [])
        names = list(listed)
        shown = _shown(self, names, context, sort_options)
        if isinstance(listed, ShownNames) and listed.shown > shown:
            # The names the citations' disambiguation added are shown, so compared.
            shown = min(listed.shown, len(names))
        # citeproc-js compares the names an entry shows by their parts as the data gives
        # them, not as printed: "Smith, J." for John is not "Smith, J." for Jane.
        noted = [data_key(one) for one in names[:shown]]
        state.noted = noted
        matches = _matches(state, noted)
        if not any(matches):
            return text
        if state.rule == "complete-all":
            return Substitute(state.substitute) if state.substitute else ""
        literal = name_class(names[0])(literal=state.substitute)
        # (Printed as it is: no name-part or cs:name formatting, as citeproc-js.)
        object.__setattr__(literal, "substitute", True)
        replaced = [literal if same else one for one, same in zip(names, matches, strict=False)]
        view = ItemView(item, reference_view(item.reference, {variable: replaced + names[shown:]}))
        return process(view, variable, context=context, sort_options=sort_options, **kw)

    def markup(self: Any, text: Any) -> Any:
        if isinstance(text, Substitute):
            return str(text)
        return super().markup(text)  # type: ignore[misc]


class Substitute(String):
    """The substitute for a whole name list: printed as it is, without the name's
    formatting (citeproc-js prints "———" plain where the names are small caps)."""


def _shown(element: Any, names: list[Any], context: Any, sort_options: Any) -> int:
    """How many names the list shows before "et al."."""
    minimum = element.get_option("et-al-min", context, sort_options)
    first = element.get_option("et-al-use-first", context, sort_options)
    if len(names) > 1 and minimum and len(names) >= minimum and first:
        return min(int(first), len(names))
    return len(names)


class Layout:
    def render_bibliography(self: Any, citation_items: Any) -> Any:
        output = []
        for item in citation_items:
            state = _state_for_entry(self)
            if state is None:
                output.extend(super().render_bibliography([item]))  # type: ignore[misc]
                continue
            state.open = state.in_entry = True
            try:
                output.extend(super().render_bibliography([item]))  # type: ignore[misc]
            finally:
                state.in_entry = False
        return output


def _state_for_entry(layout: Any) -> _State | None:
    context = CONTEXT.get()
    if context is None or context.author_substitute is not None:
        return context.author_substitute if context is not None else None
    options = _options(layout)
    if options is None:
        return None
    context.author_substitute = _State(*options)
    state: _State = context.author_substitute
    return state


def prime(bibliography: Any, cited: list[Any], start: int) -> None:
    """Note the names of the entries before *start*, as if this process had rendered them.

    A slice rendered on a process of its own (``parallel``) compares its first
    entry with the last entry before it that has names.
    """
    context = CONTEXT.get()
    if context is None or start <= 0:
        return
    kept_items = bibliography.items
    try:
        for first in range(start - 1, -1, -1):
            state = context.author_substitute
            if state is not None and state.last is not None:
                break
            bibliography.items = [cited[first]]
            bibliography.bibliography()
            state = context.author_substitute
            if state is None:
                return  # the style does not substitute
            if state.last is not None:
                return
    finally:
        bibliography.items = kept_items


ELEMENTS = ((model.Names, Names), (model.Name, Name), (model.Layout, Layout))
