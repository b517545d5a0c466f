"""A term that is the first thing an entry or a note's citation prints is capitalized.

citeproc-js capitalizes the first letter of a ``cs:text term="..."`` rendered
before anything else of the bibliography entry or of the citation ("In: …",
"Anonymous", "Ibid."), but never in the citations of an in-text style. What
counts as printed before is any text of the entry: a variable, a term, a value,
a name, a date, a number (affixes alone do not count), and any ``cs:names``
even where it prints nothing (citeproc-js marks it so), but for one a
``cs:substitute`` tries, itself or through a macro ("Anonymous" after an empty
editor); a group the style
suppresses (no variable of it printed) gives back what it printed, and so does a
macro that prints nothing, a group to citeproc-js (an empty author macro before
"In"). In a
citation the first cite of the cluster starts afresh, and a cite whose prefix
ends a sentence ("See it.") too; other cites follow what came before
(``Citer`` sets ``RenderContext.term_predecessor`` for each).

Extends: ``Text._term`` (the capital), ``Formatted.format`` (anything printed),
``Names.process`` (a names element, printed or not), ``Group.process`` and
``Macro.render`` (a suppressed group's or an empty macro's share given back).
"""

from __future__ import annotations

from typing import Any

from citeproc import model

from dls_proceedings.citations.fixes._context import CONTEXT

__all__ = ["ELEMENTS", "capitalize_first"]


def capitalize_first(text: Any) -> Any:
    """*text* with its first letter upper case, as citeproc-js's "capitalize-first".

    >>> capitalize_first("ibid.")
    'Ibid.'
    """
    plain = str(text)
    if not plain or not plain[0].islower():
        return text
    made = plain[0].upper() + plain[1:]
    try:
        return type(text)(made)
    except TypeError:
        return made


class Text:
    def _term(self: Any, item: Any) -> Any:
        text = super()._term(item)  # type: ignore[misc]
        context = CONTEXT.get()
        if context is None or context.term_predecessor or not text:
            return text
        return capitalize_first(text)


class Formatted:
    def format(self: Any, string: Any) -> Any:
        if string is not None and string != "":
            context = CONTEXT.get()
            if context is not None:
                context.term_predecessor = True
        return super().format(string)  # type: ignore[misc]


class Names:
    def process(self: Any, item: Any, *args: Any, **kwargs: Any) -> Any:
        # citeproc-js counts a cs:names as printed once it is processed, empty or not;
        # but not one a cs:substitute tries (an empty editor before "Anonymous"), as a
        # child of it or in a macro it calls: any cs:names inside another one's render.
        context = CONTEXT.get()
        if context is None:
            return super().process(item, *args, **kwargs)  # type: ignore[misc]
        context.names_depth += 1
        try:
            return super().process(item, *args, **kwargs)  # type: ignore[misc]
        finally:
            context.names_depth -= 1
            if not context.names_depth:
                context.term_predecessor = True


class Group:
    def process(self: Any, item: Any, *args: Any, **kwargs: Any) -> Any:
        context = CONTEXT.get()
        if context is None:
            return super().process(item, *args, **kwargs)  # type: ignore[misc]
        before = context.term_predecessor
        try:
            return super().process(item, *args, **kwargs)  # type: ignore[misc]
        except model.VariableError:
            context.term_predecessor = before
            raise


class Macro:
    def render(self: Any, *args: Any, **kwargs: Any) -> Any:
        context = CONTEXT.get()
        if context is None:
            return super().render(*args, **kwargs)  # type: ignore[misc]
        before = context.term_predecessor
        text = super().render(*args, **kwargs)  # type: ignore[misc]
        if text is None:
            # citeproc-js expands a macro into a group: one that prints nothing is
            # suppressed and gives back the names it processed.
            context.term_predecessor = before
        return text


ELEMENTS = (
    (model.Text, Text),
    (model.Macro, Macro),
    (model.Formatted, Formatted),
    (model.Names, Names),
    (model.Group, Group),
)
