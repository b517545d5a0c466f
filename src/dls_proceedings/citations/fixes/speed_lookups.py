"""Style lookups done once per style, not once per entry.

Rendering one entry makes citeproc-py run dozens to hundreds of XPath queries
on the style and its locales (``xpath_search``: the macro a ``cs:text`` calls,
the ``cs:layout`` or ``cs:bibliography`` above an element, each locale term,
each localized date), every one compiled and evaluated anew: ~35 µs each,
most of the time spent on an entry. Each term is also looked up through the
list of locales again and its text read again; each ``cs:name`` works out
its options again from its ancestors; and every ``cs:group`` asks each of its
children whether it calls a variable (``calls_variable``), which walks the
child's whole subtree, macros included.

All these answers depend only on the style's tree and its locales, which
rendering never restructures (it only ever adds a missing ``cs:name`` to a
``cs:names``, which none of these lookups looks for), so each answer is kept
per element, in a table that lives on the element's root (the parsed style
or locale) and goes with it. A term's text is kept per formatter (text or
HTML); a name option that a sort key overrides is not kept.
"""

from __future__ import annotations

from typing import Any

__all__ = ["answers", "apply"]


def answers(element: Any) -> dict[Any, Any]:
    """The table of kept answers of *element*'s tree (on its root element).

    The element remembers it too: elements never move to another tree (the one
    element rendering creates, a ``cs:name``, is inserted before it is used).
    """
    own = element.__dict__
    table: dict[Any, Any] | None = own.get("_kept_answers")
    if table is None:
        root = element.getroottree().getroot()
        table = root.__dict__.get("_kept_answers")
        if table is None:
            table = root.__dict__["_kept_answers"] = {}
        own["_kept_answers"] = table
    return table


def apply() -> None:
    from citeproc import model

    def xpath_search(self: Any, expression: str) -> Any:
        table = answers(self)
        key = (self, expression)
        try:
            return table[key]
        except KeyError:
            answer = table[key] = self.xpath(expression, namespaces=self.nsmap)
            return answer

    model.CitationStylesElement.xpath_search = xpath_search

    def kept(method: Any) -> Any:
        def calls_variable(self: Any) -> bool:
            table = answers(self)
            key = (self, calls_variable)
            try:
                answer: bool = table[key]
            except KeyError:
                answer = table[key] = method(self)
            return answer

        return calls_variable

    for cls in (model.Parent, model.Text, model.Date, model.Number, model.Names, model.Label,
                model.Group):  # fmt: skip
        cls.calls_variable = kept(cls.__dict__["calls_variable"])

    get_term = model.CitationStylesElement.get_term

    def term(
        self: Any,
        name: Any,
        form: Any = None,
        fallback_locale: Any = True,
        zero_padded: Any = False,
    ) -> Any:
        # The term element found for these arguments; the style's list of locales
        # is fixed when it is parsed, and locales are never changed.
        table = answers(self)
        key = (term, name, form, fallback_locale, zero_padded)
        try:
            return table[key]
        except KeyError:
            answer = table[key] = get_term(self, name, form, fallback_locale, zero_padded)
            return answer

    model.CitationStylesElement.get_term = term

    name_option = model.Name.get_option

    def get_option(self: Any, name: str, context: Any = None, sort_options: Any = None) -> Any:
        # A name option comes from the style's attributes alone (unless a sort key
        # overrides it): kept per (element, option, context element).
        if sort_options is not None:
            return name_option(self, name, context, sort_options)
        table = answers(self)
        key = (self, get_option, name, context)
        try:
            return table[key]
        except KeyError:
            answer = table[key] = name_option(self, name, context, sort_options)
            return answer

    model.Name.get_option = get_option

    for attribute in ("single", "multiple"):
        text = getattr(model.Term, attribute).fget

        def form(self: Any, text: Any = text) -> Any:
            # A term's text, as the formatter in use writes it (the formatter is a key:
            # one style renders text, then HTML).
            table = answers(self)
            formatter = self.get_formatter()
            key = (self, text, id(formatter))
            kept = table.get(key)
            if kept is not None and kept[0] is formatter:
                return kept[1]
            answer = text(self)
            table[key] = (formatter, answer)
            return answer

        setattr(model.Term, attribute, property(form))
