"""A variable rendered through ``cs:substitute`` is suppressed in the rest of the entry.

CSL 1.0.2: "Substituted variables are suppressed in the rest of the output to
prevent duplication." citeproc-py only remembers a substituting ``cs:text``
with a ``variable`` attribute, so a macro standing in for the author (APA,
Chicago, MLA: ``<text macro="title"/>``) prints the title twice. Here every
variable a substitute actually renders is recorded, and later renderings of
it in the same entry yield nothing (conditions still see the variable, as in
citeproc-js).
"""

from __future__ import annotations

from typing import Any

from dls_proceedings.citations.fixes._state import (
    STATE,
    ItemView,
    begin_entry,
    is_suppressed,
    record,
    reference_view,
)

__all__ = ["apply"]


def apply() -> None:
    from citeproc import model
    from citeproc.source import VariableError

    text_variable = model.Text._variable

    def _variable(self: Any, item: Any, context: Any) -> Any:
        variable = self.get("variable")
        if variable != "citation-number" and is_suppressed(variable):
            return None
        text = text_variable(self, item, context)
        if text:
            record(variable)
        return text

    model.Text._variable = _variable

    names_process = model.Names.process

    def names(
        self: Any, item: Any, names_context: Any = None, context: Any = None, **kw: Any
    ) -> Any:
        roles = [r.replace("-", "_") for r in self.get("variable").split()]
        hidden = [r for r in roles if is_suppressed(r)]
        reference = item.reference
        if hidden:
            # Show Names a reference without the suppressed roles, so it renders
            # the rest or falls through to its own substitute.
            item = ItemView(item, reference_view(reference, {}, hidden))
        text = names_process(self, item, names_context=names_context, context=context, **kw)
        if text:
            for role in roles:
                if role not in hidden and role in reference:
                    record(role)
        return text

    model.Names.process = names

    def guarded(method: Any) -> Any:
        def process(self: Any, item: Any, *args: Any, **kw: Any) -> Any:
            variable = kw.get("variable") or self.get("variable")
            if variable and is_suppressed(variable):
                raise VariableError
            text = method(self, item, *args, **kw)
            if text and variable:
                record(variable)
            return text

        return process

    model.Date.process = guarded(model.Date.process)
    model.Number.process = guarded(model.Number.process)

    def substitute(self: Any, item: Any, context: Any = None, **kw: Any) -> Any:
        for child in self.getchildren():
            STATE.recording.append(set())
            try:
                if isinstance(child, model.Names) and child.name is None:
                    names_elem = self.xpath_search("./parent::cs:names[1]")[0]
                    text = child.render(item, names_context=names_elem, context=context, **kw)
                else:
                    text = child.render(item, context=context, **kw)
            except VariableError:
                continue
            finally:
                used = STATE.recording.pop()
            if text:
                if STATE.active:
                    STATE.suppressed |= used
                # An enclosing substitution also counts what this one rendered.
                for frame in STATE.recording:
                    frame |= used
                return text
        return None

    model.Substitute.render = substitute

    render_bibliography = model.Layout.render_bibliography

    def layout_bibliography(self: Any, citation_items: Any) -> Any:
        output = []
        for item in citation_items:
            begin_entry()
            output.extend(render_bibliography(self, [item]))
        begin_entry(active=False)
        return output

    model.Layout.render_bibliography = layout_bibliography
