"""Style lookups done once per style, not once per entry.

Rendering one entry makes citeproc-py run dozens to hundreds of XPath queries
on the style and its locales (``xpath_search``: the macro a ``cs:text`` calls,
the ``cs:layout`` or ``cs:bibliography`` above an element, each locale term,
each localized date), every one compiled and evaluated anew: ~35 µs each,
most of the time spent on an entry; a locale option (``punctuation-in-quote``) is
looked for through the locales at each quote. Each term is also looked up through the
list of locales again and its text read again; each ``cs:name`` works out
its options again from its ancestors; and every ``cs:group`` asks each of its
children whether it calls a variable (``calls_variable``), which walks the
child's whole subtree, macros included.

All these answers depend only on the style's tree and its locales, which
rendering never restructures (it only ever adds a missing ``cs:name`` to a
``cs:names`` for a moment, which none of these lookups looks for), so each
answer is kept per element in the table the parsed style object owns (reached
through the render context; nothing is kept outside a render). A term's text
is kept per formatter (text or HTML); a name option that a sort key overrides
is not kept.

Extends: ``CitationStylesElement.xpath_search``, ``CitationStylesElement.get_term``,
``CitationStylesElement.get_locale_option``,
``calls_variable`` (of ``Parent``, ``Text``, ``Date``, ``Number``, ``Names``,
``Label``, ``Group``), ``Name.get_option``, ``Term.single``, ``Term.multiple``.
"""

from __future__ import annotations

from typing import Any

from citeproc import model

from dls_proceedings.citations.fixes._context import CONTEXT

__all__ = ["ELEMENTS", "answers"]


def answers() -> dict[Any, Any]:
    """The render's table of kept lookups ({} outside a render: nothing is kept)."""
    # (kept("lookups"), inlined: a lookup is asked for some fifty times per entry.)
    context = CONTEXT.get()
    if context is None:
        return {}
    table: dict[Any, Any] | None = context.answers.get("lookups")
    if table is None:
        table = context.answers["lookups"] = {}
    return table


class XPath:
    def xpath_search(self: Any, expression: str) -> Any:
        table = answers()
        key = (self, expression)
        try:
            return table[key]
        except KeyError:
            answer = table[key] = super().xpath_search(expression)  # type: ignore[misc]
            return answer


class Terms:
    def get_term(
        self: Any, name: Any, form: Any = None, fallback_locale: Any = True,
        zero_padded: Any = False,
    ) -> Any:  # fmt: skip
        # The term element found for these arguments, per tree (the style, or a
        # locale): the style's list of locales is fixed when it is parsed, and
        # locales are never changed.
        table = answers()
        root = table.get(self)
        if root is None:
            root = table[self] = self.getroottree().getroot()
        key = (root, name, form, fallback_locale, zero_padded)
        try:
            return table[key]
        except KeyError:
            answer = table[key] = super().get_term(  # type: ignore[misc]
                name, form, fallback_locale, zero_padded
            )
            return answer


class LocaleOptions:
    def get_locale_option(self: Any, name: str) -> Any:
        # A locale option (punctuation-in-quote, ...): the style's locales never change.
        table = answers()
        key = (self, "get_locale_option", name)
        try:
            return table[key]
        except KeyError:
            answer = table[key] = super().get_locale_option(name)  # type: ignore[misc]
            return answer


class CallsVariable:
    def calls_variable(self: Any) -> bool:
        table = answers()
        key = (self, "calls_variable")
        try:
            answer: bool = table[key]
        except KeyError:
            answer = table[key] = super().calls_variable()  # type: ignore[misc]
        return answer


class Name:
    def get_option(self: Any, name: str, context: Any = None, sort_options: Any = None) -> Any:
        # A name option comes from the style's attributes alone (unless a sort key
        # overrides it): kept per (element, option, context element).
        if sort_options is not None:
            return super().get_option(name, context, sort_options)  # type: ignore[misc]
        table = answers()
        key = (self, "get_option", name, context)
        try:
            return table[key]
        except KeyError:
            answer = table[key] = super().get_option(name, context, sort_options)  # type: ignore[misc]
            return answer


def _per_formatter(term: Any, name: str, compute: Any) -> Any:
    """*term*'s text *name* ("single", "multiple") as the render's formatter writes it,
    computed once per term and formatter."""
    state = CONTEXT.get()
    if state is None:
        return compute()
    table = answers()
    key = (term, name, id(state.formatter))
    found = table.get(key)
    if found is not None and found[0] is state.formatter:
        return found[1]
    answer = compute()
    table[key] = (state.formatter, answer)
    return answer


class Term:
    # A term's text, as the formatter in use writes it (the formatter is a key:
    # one style renders text, then HTML).
    @property
    def single(self: Any) -> Any:
        return _per_formatter(self, "single", lambda: super(Term, self).single)  # type: ignore[misc]

    @property
    def multiple(self: Any) -> Any:
        return _per_formatter(self, "multiple", lambda: super(Term, self).multiple)  # type: ignore[misc]


ELEMENTS = (
    (model.CitationStylesElement, XPath),
    (model.CitationStylesElement, Terms),
    (model.CitationStylesElement, LocaleOptions),
    *(
        (cls, CallsVariable)
        for cls in (
            model.Parent,
            model.Text,
            model.Date,
            model.Number,
            model.Names,
            model.Label,
            model.Group,
        )
    ),
    (model.Name, Name),
    (model.Term, Term),
)
