"""The correctness layer: each module fixes one way citeproc-py differs from citeproc-js.

Every fix is a set of mixins that extend one citeproc-py mechanism, never a
special case for a style; the ``speed_*`` fixes change no output, only its
cost. Nothing here changes citeproc-py: ``compose()`` builds our own classes,

- for each of citeproc-py's style elements, a subclass whose bases are the
  fixes' mixins for it (cooperative ``super()``), outermost first, then
  ``_core``'s, then citeproc-py's class; an lxml ``ElementNamespaceClassLookup``
  of our own maps the CSL tags to them, and only styles and locales parsed
  with it (``_core.ParsedStyle``) have them;
- likewise the source (CSL-JSON), the bibliography and the citation item, which
  ``render`` constructs itself.

``FIXES`` is the order: each fix extends what the fixes before it made, so a
class's method resolution order reads ``FIXES`` backwards (the conformance
report lists it, and ``describe()`` shows each class's). A mixin extends a
method of the citeproc-py class it names exactly where patching that class
would have: for the element classes whose method is that class's (or one it
inherits), not where a subclass has its own.

Any fix can be switched off for a test (``without``), which composes the
classes without it.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from functools import cache
from importlib import import_module
from types import ModuleType
from typing import Any

__all__ = ["FIXES", "Composition", "compose", "describe", "disabled", "without"]

FIXES: dict[str, str] = {
    "style_entities": (
        'character references written escaped in a style ("&amp;#160;") are read as'
        " citeproc-js's own parser reads them"
    ),
    "variables": "CSL 1.0.2 variables citeproc-py does not know (event-title, citation-key, ...)",
    "substitution": (
        "a variable used as a substitute is suppressed in the rest of the entry; a term ends"
        " the substitution"
    ),
    "initialize": (
        'given names are initialized as citeproc-js does ("Ph. M.E." is "Ph. M. E.");'
        ' initialize="false" keeps them whole (only existing initials get the mark)'
    ),
    # Early: the other fixes of names extend the way it writes a name list.
    "name_parts": (
        "a name is put together from its formatted parts as citeproc-js does: particles"
        ' formatted with their own part, name-part affixes around the whole side, "Doe, Jr."'
    ),
    "punctuation_in_quote": (
        "locales with punctuation-in-quote move a following comma, period, ! or ? inside"
    ),
    "second_field_align": "the first field is split off: a space in text, margin divs in HTML",
    "html_output": (
        "HTML escapes data and affixes and spells entities, markup and superscript characters"
        " as citeproc-js does"
    ),
    "labels": "a label needs its variable; number-of-pages gets its label",
    "term_forms": "a term missing in the form asked for falls back: verb-short to verb, symbol to short, then long",
    # After substitution and labels: what they decide (suppressed, absent) stands.
    "numeric_fields": (
        "numbers, pages and locators are read as citeproc-js reads them: page-range-format,"
        " range and list joins, labels in the data, label plurals"
    ),
    "ordinals": (
        "ordinals by the number's last digits and their noun's gender (111th, 1ª ed., 1ʳᵉ éd.)"
    ),
    "macro_case": "text-case on a cs:text that calls a macro changes nothing",
    "name_scripts": "names are written by their script: 王小明, 王 X.; quotes in names are read",
    "name_formatting": (
        "formatting on cs:name applies to each name, and to the whole list cut short by et al."
    ),
    "normal_formatting": (
        'font-style="normal" and the other defaults are spans in HTML where an enclosing'
        " element needs them; none and baseline always"
    ),
    "script_italics": (
        'italics are not applied to text without a romanesque letter ("王" stays upright)'
    ),
    "title_case": (
        "title case and capitalize-all split words at punctuation and quotes, as citeproc-js"
        " does (its last word, hyphen and apostrophe rules too)"
    ),
    "label_case": "title case on a label, term or value applies whatever the item's language",
    "locale_case": (
        'upper and lower case follow the language: Turkish and Azerbaijani "i" is "İ" in upper'
        ' case, "I" is "ı" in lower case'
    ),
    "quotes": "straight quotes and apostrophes in the data are read as citeproc-js reads them",
    "year_suffix": (
        "items whose citations stay ambiguous get year suffixes (2020a, 2020b) in bibliography"
        " order, after the first year where the style does not print them"
    ),
    # Before speed_source: the dates it keeps are read already.
    "date_parts": (
        'date parts are numbers as parseInt reads them (no crash on "2000a" or ""), months'
        " 13-24 are seasons, AD below 500"
    ),
    "speed_registration": "registering and numbering items costs O(1) per item, not O(n)",
    "speed_lookups": "a style's lookups (XPath queries, terms, name options) are answered once per style",
    "speed_records": "a reference's fields are read with dict's own lookup; a missing one still raises VariableError",
    "speed_formatting": "an element without formatting or affixes returns its text without the format steps",
    "speed_source": "equal strings and dates of the items are parsed once and shared",
    "speed_conditions": "cs:choose tests its branches without raising an exception per failed test",
    "sort_keys": "sort keys are rendered once per item, only while tied, and collated as citeproc-js does",
    "rich_text": (
        "`<i>`, `<b>`, `<sup>`, `<sub>`, small caps, nocase and nodecor in the data are"
        " formatting, as citeproc-js reads them (italics in italics upright)"
    ),
    "name_register": (
        "with a givenname-disambiguation-rule other than by-cite, entries show the given names"
        " the register of people adds (Wang, Yan; Wang, Yunsong)"
    ),
    "subsequent_author_substitute": (
        'names that repeat the previous entry\'s become the substitute ("———"), by each rule'
    ),
    "name_particles": (
        'particles are read from the names ("von Hoppel": Hoppel, Gustav von) and "al-" joins'
        " its name"
    ),
    "name_options": (
        'et-al without et-al-use-first shows all names, "0" none; delimiters "after-inverted-name";'
        " form=count adds up its variables"
    ),
    "date_ranges": "a date range takes the range-delimiter of its largest differing part",
    # After date_ranges: a range is formatted as a whole, once.
    "date_formatting": "a cs:date's own font style, weight and the like apply to the date",
    # After speed_source: it reads each string as it comes, also the ones kept.
    "narrow_spaces": "a space before : ; ? ! » and after « in the data is a narrow no-break space",
    "macro_groups": "a macro is a group: one that calls variables and renders none prints nothing",
    "undefined_macros": "a macro the style calls but does not define renders nothing",
    "condition_types": "the types of one type test are alternatives, whatever match says",
    # After macro_groups: a macro's render is its, and it renders the children itself.
    "date_sort_keys": (
        "a sort key's macro with a date is that date as a number, its text dropped (citeproc-js's"
        " sort mode)"
    ),
    # After the fixes of text-case: the pieces are text before any of them reads them.
    "mixed_text": "plain pieces inside mixed text take text-case, and name parts with affixes join",
    # After speed_formatting: it must see every formatted piece, those it passes by too.
    "term_capitalization": (
        "a term printed before anything else of an entry, or of a note's citation, is"
        ' capitalized ("Ibid.", "In:")'
    ),
    "citation_mode": (
        "a cite renders with the citer's positions, disambiguation, suppress-author and author-only"
    ),
    # Last: its affix step must see every element, the ones speed_formatting passes by too.
    "punctuation": (
        'punctuation meeting punctuation collapses by citeproc-js\'s table ("?" + "." is "?",'
        ' ":" + "!" is "!")'
    ),
    "speed_values": (
        "each distinct string and name of the items is read once by the layers that read data"
    ),
    "speed_memo": (
        "a macro call that reads only data other entries share (a volume's title, publisher,"
        " date) is rendered once for them"
    ),
}

_DISABLED: ContextVar[frozenset[str]] = ContextVar("dls_proceedings_disabled", default=frozenset())


def disabled() -> frozenset[str]:
    """The fixes switched off in this thread or task (``without``)."""
    return _DISABLED.get()


@contextmanager
def without(*names: str) -> Iterator[None]:
    """Render without the fixes *names* inside the block (an ablation, for tests)."""
    unknown = set(names) - set(FIXES)
    if unknown:
        raise ValueError(f"unknown fixes: {', '.join(sorted(unknown))}")
    token = _DISABLED.set(_DISABLED.get() | frozenset(names))
    try:
        yield
    finally:
        _DISABLED.reset(token)


@dataclass(frozen=True)
class Composition:
    """Our classes for one set of fixes (all of them, or all but some: ``without``)."""

    fixes: tuple[str, ...]
    lookup: Any
    """The lxml class lookup whose classes are the composed element classes."""
    elements: dict[str, type[Any]]
    """CSL tag (or ``None``: any other element) -> composed class."""
    source: type[Any]
    html_source: type[Any]
    bibliography: type[Any]
    item: type[Any]

    def on(self, name: str) -> bool:
        """Whether the fix *name* is in this composition."""
        return name in self.fixes


def _module(name: str) -> ModuleType:
    return import_module(f"{__name__}.{name}")


def _owner(cls: type[Any], name: str) -> type[Any] | None:
    for klass in cls.__mro__:
        if name in vars(klass):
            return klass
    return None


_SPECIAL = ("__getitem__", "__getattr__", "__missing__")


def _applies(cls: type[Any], target: type[Any], mixin: type[Any]) -> bool:
    """Whether *mixin* (extending *target*'s methods) belongs in *cls*: where patching
    *target* would have reached, i.e. *cls* resolves each method to *target*'s own or
    to one *target* inherits."""
    if not issubclass(cls, target):
        return False
    names = [n for n in vars(mixin) if not n.startswith("__") or n in _SPECIAL]
    verdicts = set()
    for name in names:
        owner = _owner(cls, name)
        if owner is not None:
            verdicts.add(issubclass(target, owner))
    if len(verdicts) > 1:
        raise TypeError(f"{mixin.__qualname__} only partly applies to {cls.__name__}")
    return verdicts != {False}


def _layers(modules: list[ModuleType], kind: str) -> list[tuple[type[Any], type[Any]]]:
    """The (target, mixin) pairs of *kind*, outermost (last fix) first, then the core's."""
    from dls_proceedings.citations.fixes import _core

    pairs = [pair for module in reversed(modules) for pair in getattr(module, kind, ())]
    if kind == "ELEMENTS":
        pairs += list(_core.ELEMENTS)
    return pairs


def _element_class(cls: type[Any], pairs: list[tuple[type[Any], type[Any]]],
                   shared: dict[str, Any], name: str) -> type[Any]:  # fmt: skip
    bases: list[type[Any]] = []
    for target, mixin in pairs:
        if mixin not in bases and _applies(cls, target, mixin):
            bases.append(mixin)
    return type(name, (*bases, cls), {"composed": shared, "__module__": __name__})


@cache
def compose(off: frozenset[str] = frozenset()) -> Composition:
    """Our classes with every fix but those in *off* (made once per set)."""
    from citeproc import model
    from lxml import etree

    from dls_proceedings.citations.fixes import _core, _records

    names = tuple(name for name in FIXES if name not in off)
    modules = [_module(name) for name in names]
    pairs = _layers(modules, "ELEMENTS")
    # Which tag is which class: as citeproc-py's own parser set-up reads it.
    originals = [
        cls for cls in model.CitationStylesElement.__subclasses__()
        if cls.__module__ == model.__name__
    ]  # fmt: skip
    shared: dict[str, Any] = {}
    elements: dict[str, type[Any]] = {
        cls.__name__.replace("_", "-").lower(): _element_class(cls, pairs, shared, cls.__name__)
        for cls in originals
    }
    # The class of any other CSL element (cs:info, cs:terms, ...). Its name cannot be
    # read as a CSL tag ("-element" is no XML name), should anyone list the direct
    # subclasses of CitationStylesElement as citeproc-py's parser does.
    default = _element_class(model.CitationStylesElement, pairs, shared, "_Element")
    lookup = etree.ElementNamespaceClassLookup()
    namespace = lookup.get_namespace("http://purl.org/net/xbiblio/csl")
    namespace[None] = default
    namespace.update(elements)
    shared.update(elements)
    shared["__lookup__"] = lookup

    def composed(kind: str, base: type[Any], name: str) -> type[Any]:
        mixins = [mixin for module in reversed(modules) for mixin in getattr(module, kind, ())]
        return type(name, (*mixins, base), {"__module__": __name__})

    source = composed("SOURCE", _core.Source, "Source")
    html = _module("html_output")
    html_source = (
        type("HtmlSource", (html.EscapingSource, source), {"__module__": __name__})
        if "html_output" in names
        else source
    )
    return Composition(
        fixes=names,
        lookup=lookup,
        elements={**elements, "": default},
        source=source,
        html_source=html_source,
        bibliography=composed("BIBLIOGRAPHY", _core.Bibliography, "Bibliography"),
        item=composed("ITEM", _records.PlainCitationItem, "CitationItem"),
    )


def describe(off: frozenset[str] = frozenset()) -> dict[str, list[str]]:
    """Each composed class's mixins in method resolution order (outermost first)."""
    composition = compose(off)
    classes = {
        **{f"cs:{tag}" if tag else "cs:*": cls for tag, cls in composition.elements.items()},
        "source": composition.html_source,
        "bibliography": composition.bibliography,
        "citation item": composition.item,
    }
    return {
        name: [
            f"{klass.__module__.rsplit('.', 1)[-1]}.{klass.__qualname__}"
            for klass in cls.__mro__[1:]
            if klass.__module__.startswith(__name__ + ".")
        ]
        for name, cls in classes.items()
    }
