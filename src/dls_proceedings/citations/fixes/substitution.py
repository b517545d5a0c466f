"""A variable rendered through ``cs:substitute`` is suppressed in the rest of the entry.

CSL 1.0.2: "Substituted variables are suppressed in the rest of the output to
prevent duplication." citeproc-py only remembers a substituting ``cs:text``
with a ``variable`` attribute, so a macro standing in for the author (APA,
Chicago, MLA: ``<text macro="title"/>``) prints the title twice. Here every
variable a substitute actually renders is recorded, and later renderings of
it in the same entry yield nothing (conditions still see the variable, as in
citeproc-js); inside the substitute itself a variable renders once. As in
citeproc-js, a ``cs:text`` term among the substitutes ends the substitution
even when the term is empty (the substitutes after it are not tried).

What a substitute prints is formatted as citeproc-js formats it: a substitute
``cs:names`` without a ``cs:name`` of its own prints as the ``cs:names`` it stands
in for (that one's formatting and affixes, not its own); anything else, a
``cs:names`` with its own ``cs:name`` too, stands alone (its own formatting and
affixes, none of the enclosing ``cs:names``'s). A ``cs:names`` whose substitute printed a macro counts as a
rendered variable for the group around it (a macro is a group that printed); one
whose substitute printed a term alone does not.

Extends: ``Text._variable``, ``Names.render``, ``Names.process``, ``Date.process``,
``Number.process``, ``Substitute.render``, ``Layout.render_bibliography``.
"""

from __future__ import annotations

from contextvars import ContextVar
from typing import Any

from citeproc import model
from citeproc.source import VariableError

from dls_proceedings.citations.fixes._context import (
    CONTEXT,
    ItemView,
    attempt,
    begin_entry,
    is_suppressed,
    record,
    reference_view,
    rendered,
)

__all__ = ["ELEMENTS"]


def _suppressed(variable: str) -> bool:
    """Suppressed in this entry, or already rendered by the substitute in progress
    (citeproc-js suppresses a variable as soon as a substitute renders it)."""
    if is_suppressed(variable):
        return True
    state = CONTEXT.get()
    if state is None or not state.active or not state.recording:
        return False
    key = variable.replace("-", "_")
    return any(key in frame for frame in state.recording)


class Text:
    def _variable(self: Any, item: Any, context: Any) -> Any:
        variable = self.get("variable")
        if variable != "citation-number" and _suppressed(variable):
            return None
        if variable not in ("year-suffix", "citation-number"):
            attempt()
        text = super()._variable(item, context)  # type: ignore[misc]
        if text:
            record(variable)
        return text


# One flag per cs:names being rendered: whether its text is a substitute's that stands alone.
_STANDALONE: ContextVar[list[bool] | None] = ContextVar("dls_proceedings_standalone", default=None)


class Names:
    def render(self: Any, *args: Any, **kw: Any) -> Any:
        frames = _STANDALONE.get()
        token = None
        if frames is None:
            frames = []
            token = _STANDALONE.set(frames)
        frames.append(False)
        try:
            text = self.process(*args, **kw)
            alone = frames[-1]
        finally:
            frames.pop()
            if token is not None:
                _STANDALONE.reset(token)
        return text if alone else self.markup(text)

    def process(
        self: Any, item: Any, names_context: Any = None, context: Any = None, **kw: Any
    ) -> Any:
        roles = [r.replace("-", "_") for r in self.get("variable").split()]
        attempt()
        hidden = [r for r in roles if _suppressed(r)]
        reference = item.reference
        if hidden:
            # Show Names a reference without the suppressed roles, so it renders
            # the rest or falls through to its own substitute.
            item = ItemView(item, reference_view(reference, {}, hidden))
        text = super().process(  # type: ignore[misc]
            item, names_context=names_context, context=context, **kw
        )
        if text:
            for role in roles:
                if role not in hidden and role in reference:
                    record(role)
        return text


class Guarded:
    """A date or number: nothing when its variable is suppressed."""

    def process(self: Any, item: Any, *args: Any, **kw: Any) -> Any:
        variable = kw.get("variable") or self.get("variable")
        if variable:
            attempt()
        if variable and _suppressed(variable):
            raise VariableError
        text = super().process(item, *args, **kw)  # type: ignore[misc]
        if text and variable:
            record(variable)
        return text


class Substitute:
    def render(self: Any, item: Any, context: Any = None, **kw: Any) -> Any:
        state = CONTEXT.get()
        recording = state.recording if state is not None else []
        for child in self.getchildren():
            recording.append(set())
            # A substitute cs:names without a cs:name of its own prints as the cs:names it
            # stands in for: that one's name, formatting and affixes (citeproc-js).
            names = isinstance(child, model.Names) and child.name is None
            try:
                if names:
                    names_elem = self.xpath_search("./parent::cs:names[1]")[0]
                    text = child.process(item, names_context=names_elem, context=context, **kw)
                else:
                    text = child.render(item, context=context, **kw)
            except VariableError:
                continue
            finally:
                used = recording.pop()
            if text:
                if state is not None and state.active:
                    state.suppressed |= used
                # An enclosing substitution also counts what this one rendered.
                for frame in recording:
                    frame |= used
                if not names:
                    # Anything else stands alone: no formatting or affixes of the
                    # cs:names around it.
                    frames = _STANDALONE.get()
                    if frames:
                        frames[-1] = True
                if isinstance(child, model.Text) and "macro" in child.attrib:
                    rendered()  # a macro is a group that printed: a rendered variable
                return text
            if isinstance(child, model.Text) and "term" in child.attrib:
                return None  # a term ends the substitution, even an empty one
        return None


class Layout:
    def render_bibliography(self: Any, citation_items: Any) -> Any:
        output = []
        for item in citation_items:
            begin_entry()
            output.extend(super().render_bibliography([item]))  # type: ignore[misc]
        begin_entry(active=False)
        return output


ELEMENTS = (
    (model.Text, Text),
    (model.Names, Names),
    (model.Date, Guarded),
    (model.Number, Guarded),
    (model.Substitute, Substitute),
    (model.Layout, Layout),
)
