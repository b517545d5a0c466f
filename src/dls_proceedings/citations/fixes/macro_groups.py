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

Extends: ``Macro.render``, ``Group.process`` (citeproc-py's, with the choose read
through).
"""

from __future__ import annotations

from typing import Any

from citeproc import model
from citeproc.source import VariableError

from dls_proceedings.citations.fixes._context import CONTEXT, kept
from dls_proceedings.citations.fixes._strings import join

__all__ = ["ELEMENTS", "Group", "Macro"]


class Macro:
    def render(self: Any, item: Any, context: Any = None, sort_options: Any = None) -> Any:
        table = kept("macro_groups")
        children = table.get(self)
        if children is None:
            # (Each child, and whether it calls a variable: the same on every render.)
            children = table[self] = [(c, c.calls_variable()) for c in self.iterchildren()]
        output = []
        called = rendered = False
        for child, calls in children:
            if isinstance(child, model.Choose):
                text, tried, done = _through(
                    child, item, delimiter="", context=context, sort_options=sort_options
                )
                called, rendered = called or tried, rendered or (done and text is not None)
                if text is not None:
                    output.append(text)
                continue
            called = called or calls
            try:
                text = child.render(item, context=context, sort_options=sort_options)
            except VariableError:
                continue
            if text is not None:
                output.append(text)
                rendered = rendered or calls
        if not output or (called and not rendered):
            return None
        return join(output, "")


def _through(choose: Any, item: Any, **kwargs: Any) -> tuple[Any, bool, bool]:
    """A cs:choose's text, whether its branch called variables, and whether it rendered
    any (outside a render: as citeproc-py judges it, by the choose's text alone)."""
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


class Group:
    def process(self: Any, item: Any, context: Any = None, **kwargs: Any) -> Any:
        # citeproc-py's Group.process, reading a cs:choose child through.
        output = []
        called = rendered = False
        delimiter = self.get("delimiter", "")
        for child in self.iterchildren():
            try:
                if isinstance(child, model.Choose):
                    text, tried, done = _through(
                        child, item, context=context, delimiter=delimiter, **kwargs
                    )
                    called = called or tried
                    if text is not None:
                        output.append(text)
                        rendered = rendered or done
                    continue
                called = called or child.calls_variable()
                text = child.render(item, context=context, **kwargs)
                if text is not None:
                    output.append(text)
                    rendered = rendered or child.calls_variable()
            except VariableError:
                pass
        if output and (not called or rendered):
            return self.join(output)
        raise VariableError


ELEMENTS = ((model.Macro, Macro), (model.Group, Group))
