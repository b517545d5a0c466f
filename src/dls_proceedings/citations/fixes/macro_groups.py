"""A macro is a group: one that calls variables and renders none of them prints nothing.

citeproc-js expands each macro call into an implicit ``cs:group`` (its
``expandMacro``), so the rule of groups holds for it: when the macro's
elements call variables and none of them is rendered, the macro prints
nothing, not even its terms. Chicago's "in" before a container title is
such a macro: for a chapter without a container title, citeproc-js prints
"His Anonymous Life", citeproc-py "His Anonymous Life, in". The test is the
one citeproc-py applies to ``cs:group`` (an element that calls a variable has
rendered something, or none has been called).

Extends: ``Macro.render``.
"""

from __future__ import annotations

from typing import Any

from citeproc import model
from citeproc.source import VariableError

from dls_proceedings.citations.fixes._context import kept
from dls_proceedings.citations.fixes._strings import join

__all__ = ["ELEMENTS", "Macro"]


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
            called = called or calls
            try:
                if isinstance(child, model.Choose):
                    text = child.render(item, delimiter="", context=context,
                                        sort_options=sort_options)  # fmt: skip
                else:
                    text = child.render(item, context=context, sort_options=sort_options)
            except VariableError:
                continue
            if text is not None:
                output.append(text)
                rendered = rendered or calls
        if not output or (called and not rendered):
            return None
        return join(output, "")


ELEMENTS = ((model.Macro, Macro),)
