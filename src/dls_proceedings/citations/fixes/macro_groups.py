"""A macro is a group: one that calls variables and renders none of them prints nothing.

citeproc-js expands each macro call into an implicit ``cs:group`` (its
``expandMacro``), so the rule of groups holds for it: when the macro's
elements call variables and none of them is rendered, the macro prints
nothing, not even its terms. Chicago's "in" before a container title is
such a macro: for a chapter without a container title, citeproc-js prints
"His Anonymous Life", citeproc-py "His Anonymous Life, in". The test is the
one citeproc-py applies to ``cs:group`` (an element that calls a variable has
rendered something, or none has been called).

A ``cs:choose`` is transparent to the group or macro around it, as citeproc-js
expands it in place: what counts is whether the branch taken called variables and
rendered any, not that the choose printed something ("In " alone, from a branch
whose editors are all empty, is no rendered variable: the macro prints nothing).
And a macro that printed anything, terms alone too, is a group that printed: it
counts as rendered for the group or macro around it ("Anonymous" beside empty
authors); so does a ``cs:group`` that printed terms alone, also read through a
choose (Oxford's "(n.p., 2020)": a "no-place" term in a group, beside an empty
original place, in a macro). A group or macro that printed nothing sets the
variable-called flag of the one around it to its own, as citeproc-js does: a
macro of an empty editor then an empty macro counts as no call, and "In" before
it stands ("In, 2020 IEEE/ACM ...").

Extends: ``Macro.render``, ``Group.process`` (citeproc-py's, with the choose read
through).
"""

from __future__ import annotations

from typing import Any

from citeproc import model
from citeproc.source import VariableError

from dls_proceedings.citations.fixes._context import CONTEXT, kept
from dls_proceedings.citations.fixes._context import rendered as _success
from dls_proceedings.citations.fixes._strings import join

__all__ = ["ELEMENTS", "Group", "Macro"]


class Macro:
    def render(self: Any, item: Any, context: Any = None, sort_options: Any = None) -> Any:
        table = kept("macro_groups")
        children = table.get(self)
        if children is None:
            # (Each child, whether it calls a variable, whether it is a cs:choose or a
            # cs:names, a cs:names, a macro call: the same on every render.)
            children = table[self] = [
                (c, c.calls_variable(), isinstance(c, (model.Choose, model.Names)),
                 isinstance(c, model.Names), _calls_macro(c))
                for c in self.iterchildren()
            ]  # fmt: skip
        output = []
        called = rendered = False
        for child, calls, through, names, macro in children:
            if through:
                # (A names element calls its variables, printed or not; a choose only what
                # its branch calls.)
                called = called or names
                extra = {} if names else {"delimiter": ""}
                try:
                    text, tried, done = _through(
                        child, item, context=context, sort_options=sort_options, **extra
                    )
                except VariableError:
                    continue
                called, rendered = called or tried, rendered or (done and text is not None)
                if text is not None:
                    output.append(text)
                continue
            called = called or calls
            try:
                text = child.render(item, context=context, sort_options=sort_options)
            except VariableError:
                text = None
            if text is not None:
                output.append(text)
                # A macro that printed is a group that printed: it counts as rendered.
                rendered = rendered or calls or macro
                called = called or macro
            elif macro:
                called = _failed(called)
        failed = not output or (called and not rendered)
        _finished(called, failed)
        if failed:
            return None
        # A macro that printed is a group that printed, also for a choose around it.
        _success()
        return join(output, "")


def _finished(called: bool, failed: bool) -> None:
    """Note a group's or macro's own variable-called flag for the one around it; one that
    printed nothing inside a choose sets that choose's count of calls to it too."""
    state = CONTEXT.get()
    if state is None:
        return
    state.group_attempt = called
    if failed and state.watching:
        state.watching[-1][0] = 1 if called else 0


def _failed(called: bool) -> bool:
    """What a group or macro that printed nothing leaves of *called*, its parent's flag:
    citeproc-js sets the parent's "variable attempted" to the child's own (so an empty
    macro after an empty editor leaves "In" standing)."""
    state = CONTEXT.get()
    return state.group_attempt if state is not None else called


def _calls_macro(element: Any) -> bool:
    """Whether *element* is a ``cs:text`` calling a macro (a group to citeproc-js)."""
    return isinstance(element, model.Text) and "macro" in element.attrib


def _through(choose: Any, item: Any, **kwargs: Any) -> tuple[Any, bool, bool]:
    """A cs:choose's (or cs:names's) text, whether it called variables, and whether it
    rendered any — a names element's substitute term is none (outside a render: as
    citeproc-py judges it, by the text alone)."""
    state = CONTEXT.get()
    if state is None:
        text = choose.render(item, **kwargs)
        calls = bool(choose.calls_variable())
        return text, calls, calls and text is not None
    counts = [0, 0]
    watching = state.watching
    watching.append(counts)
    try:
        text = choose.render(item, **kwargs)
    finally:
        # (By identity: a render inside may have begun an entry of its own.)
        for n in range(len(watching) - 1, -1, -1):
            if watching[n] is counts:
                del watching[n]
                break
    return text, counts[0] > 0, counts[1] > 0


_Child = tuple[Any, bool, bool, bool, bool, bool]


def _group_children(group: Any) -> tuple[str, list[_Child]]:
    """A group's delimiter and its children, each with what it is (a cs:choose, a
    cs:names), whether it calls a variable, calls a macro, is a cs:group: the same on
    every render (kept)."""
    table = kept("macro_groups:group")
    found: tuple[str, list[_Child]] | None = table.get(group)
    if found is None:
        found = table[group] = (
            group.get("delimiter", ""),
            [
                (child, isinstance(child, model.Choose), isinstance(child, model.Names),
                 bool(child.calls_variable()), _calls_macro(child),
                 isinstance(child, model.Group))
                for child in group.iterchildren()
            ],
        )  # fmt: skip
    return found


class Group:
    def process(self: Any, item: Any, context: Any = None, **kwargs: Any) -> Any:
        # citeproc-py's Group.process, reading a cs:choose child through.
        output = []
        called = rendered = False
        delimiter, children = _group_children(self)
        for child, choose, names, calls, macro, group in children:
            try:
                if choose or names:
                    # (A names element calls its variables even when it raises.)
                    called = called or names
                    extra = {"delimiter": delimiter} if choose else {}
                    text, tried, done = _through(child, item, context=context, **extra, **kwargs)
                    called = called or tried
                    if text is not None:
                        output.append(text)
                        rendered = rendered or done
                    continue
                called = called or calls
                text = child.render(item, context=context, **kwargs)
                if text is not None:
                    output.append(text)
                    rendered = rendered or macro or calls
                    called = called or macro
                elif macro:
                    called = _failed(called)
            except VariableError:
                if group or macro:
                    called = _failed(called)
        _finished(called, not (output and (not called or rendered)))
        if output and (not called or rendered):
            if not called:
                # A group that printed terms alone is a success for the group, macro or
                # choose around it (citeproc-js's variable_success for a term-only group).
                _success()
            return self.join(output)
        raise VariableError


ELEMENTS = ((model.Macro, Macro), (model.Group, Group))
