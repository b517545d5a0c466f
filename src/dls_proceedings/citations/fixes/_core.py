"""What every composed class has beneath the fixes: citeproc-py's behaviour, made ours.

These mixins change no output. They make our renders self-contained: the
pieces they make are ``_strings`` classes (whose seams are the render's), the
formatter comes from the render context (citeproc-py keeps it on the style's
root element), a ``cs:names`` without a ``cs:name`` borrows one of our composed
class (citeproc-py inserts an instance of its own ``Name``), and locales are
parsed with our own parser set-up. Each method is citeproc-py 0.11.1's, with
only those changes.
"""

from __future__ import annotations

import os
import unicodedata
from functools import cache
from typing import Any

import citeproc
from citeproc import LANGUAGE_NAMES, LOCALES_PATH, NAMES, PRIMARY_DIALECTS, model
from citeproc import string as citeproc_string
from citeproc.frontend import CitationStylesBibliography, CitationStylesStyle
from citeproc.source import CustomDict, VariableError
from citeproc.source.json import CiteProcJSON
from lxml import etree

from dls_proceedings.citations.fixes import _records
from dls_proceedings.citations.fixes._context import CONTEXT, kept
from dls_proceedings.citations.fixes._strings import MixedString, NoCase, String, join, seam
from dls_proceedings.errors import CslJsonError

__all__ = ["ELEMENTS", "Bibliography", "ParsedStyle", "Source", "parser"]


class Terms:
    def get_plural_term(self: Any, name: Any, *args: Any, **kwargs: Any) -> Any:
        term = self.get_term(name, *args, **kwargs)
        return term.multiple if term is not None else String("")

    def get_single_term(self: Any, name: Any, *args: Any, **kwargs: Any) -> Any:
        term = self.get_term(name, *args, **kwargs)
        return term.single if term is not None else String("")


class Formatter:
    def get_formatter(self: Any) -> Any:
        # The render's formatter (citeproc-py keeps one on the shared style root).
        context = CONTEXT.get()
        if context is None:
            return super().get_formatter()  # type: ignore[misc]
        return context.formatter


class Term:
    @property
    def single(self: Any) -> Any:
        return String(str(super().single))  # type: ignore[misc]

    @property
    def multiple(self: Any) -> Any:
        return String(str(super().multiple))  # type: ignore[misc]


class Affixed:
    def affixes(self: Any) -> tuple[str, str]:
        """The prefix and suffix as the output writes them (``html_output`` escapes them)."""
        return self.get("prefix", ""), self.get("suffix", "")

    def wrap(self: Any, string: Any) -> Any:
        if string is not None:
            prefix, suffix = self.affixes()
            string = seam(prefix, string)
            text = prefix + string
            return text + seam(text, suffix)
        return None


class Delimited:
    def join(self: Any, strings: Any, default_delimiter: str = "") -> Any:
        delimiter = self.get("delimiter", default_delimiter)
        try:
            text = join((s for s in strings if s is not None), delimiter)
        except Exception:  # as citeproc-py (a bare except there)
            text = String("")
        return text


class Parent:
    def render_children(self: Any, item: Any, delimiter: str = "", **kwargs: Any) -> Any:
        output = []
        table = kept("_core:children")
        children = table.get(self)
        if children is None:
            # (The children, and which is a cs:choose: the same on every render.)
            children = table[self] = [(c, isinstance(c, model.Choose)) for c in self.iterchildren()]
        for child, choose in children:
            try:
                if choose:
                    text = child.render(item, delimiter=delimiter, **kwargs)
                else:
                    text = child.render(item, **kwargs)
                if text is not None:
                    output.append(text)
            except VariableError:
                pass
        if output:
            return join(output, delimiter)
        return None


class FormatNumber:
    def _process(self: Any, value: Any, variable: Any) -> Any:
        page_range_delimiter = (
            self.get_single_term(name="page-range-delimiter")
            if variable.startswith("page")
            else None
        )
        range_delimiter = page_range_delimiter or self.unicode_character("EN DASH")
        en_dash = unicodedata.lookup("EN DASH")

        def format_number_or_range(item: str) -> Any:
            try:
                first, last = (number.strip() for number in item.replace(en_dash, "-").split("-"))
            except ValueError:
                return self.format_number(item.strip())
            first = self.format_number(first)
            if variable == "page-first":
                return first
            last = self.format_number(
                self._format_last_page(first, last) if variable == "page" else last
            )
            return join((first, last), range_delimiter)

        amp_delimiter = " " + self.unicode_character("AMPERSAND") + " "
        return join(
            (
                join(
                    (format_number_or_range(item) for item in comma_item.split("&")), amp_delimiter
                )
                for comma_item in str(value).split(",")
            ),
            delimiter=", ",
        )


class Text:
    def process(self: Any, item: Any, context: Any = None, **kwargs: Any) -> Any:
        if context is None:
            context = self
        try:
            language = item.reference.language[:2]
        except VariableError:
            language = self.get_root().get("default-locale", "en")[:2]
        if "variable" in self.attrib:
            text = self._variable(item, context)
        elif "macro" in self.attrib:
            text = self.get_macro(self.get("macro")).render(item, context)
        elif "term" in self.attrib:
            text = self._term(item)
        elif "value" in self.attrib:
            text = String(self.preformat(self.get("value")))
        return text, language


class Names:
    def process(
        self: Any, item: Any, names_context: Any = None, context: Any = None, **kwargs: Any
    ) -> Any:
        if context is None:
            context = self
        if names_context is None:
            names_context = self
        roles = self.get("variable").split()
        try:
            ed_trans = (
                set(roles) == {"editor", "translator"}
                and item.reference.editor == item.reference.translator
                and self.get_term("editortranslator").getchildren()
            )
            if ed_trans:
                roles = ["editor"]
        except VariableError:
            ed_trans = False

        output = []
        shape = _shape(names_context)
        for role in roles:
            if role in item.reference:
                name_elem = shape[0]
                borrowed = name_elem is None
                if borrowed:
                    # citeproc-py inserts a new (unnamespaced) Name each time; ours is
                    # of our composed class, and taken out again afterwards.
                    name_elem = type(self).composed["name"]()
                    names_context.insert(0, name_elem)
                try:
                    text = name_elem.render(item, role, context=context, **kwargs)
                    plural = len(item.reference[role]) > 1
                    try:
                        if ed_trans:
                            role = "editortranslator"
                        label_element = shape[1]
                        label = label_element.render(item, role, plural, **kwargs)
                        if label is not None:
                            # (A borrowed name is the first child while it is in.)
                            if not borrowed and label_element is shape[2]:
                                text = label + text
                            else:
                                text = text + label
                    except AttributeError:
                        pass
                finally:
                    if borrowed:
                        names_context.remove(name_elem)
                output.append(text)

        if output:
            # citeproc-py sums the outputs to tell counts (form="count") from text: a
            # sum of texts is text or fails, a sum of whole numbers a number. Asked of
            # each output instead (a sum of texts seams and copies them all).
            if all(isinstance(one, int) for one in output):
                total = sum(output)
                text = str(total) if total > 0 else None
            else:
                text = self.join(output, self.get_parent_delimiter(context))
        else:
            substitute = self.substitute()
            if substitute is not None:
                text = substitute.render(item, context=context, **kwargs)
        try:
            return text
        except NameError:
            raise VariableError from None


def _shape(names: Any) -> tuple[Any, Any, Any]:
    """A cs:names element's cs:name, cs:label and first child (None where it has none),
    kept per style: the style's tree never changes (a borrowed cs:name is in only while
    its names are written)."""
    table = kept("names_shape")
    found: tuple[Any, Any, Any] | None = table.get(names)
    if found is None:
        children = names.getchildren()
        found = table[names] = (names.name, names.label, children[0] if children else None)
    return found


class TextCased:
    def case(self: Any, text: Any, language: Any = None) -> Any:
        # cs:name-part hands the name's parts to case() as plain str, which has none of
        # the string methods text-case uses (capitalize_first): citeproc-py raised
        # AttributeError for any style with text-case on a name part.
        if type(text) is str:
            text = String(text)
        return super().case(text, language)  # type: ignore[misc]


class Style:
    def set_locale_list(self: Any, output_locale: str, validate: bool = True) -> None:
        """citeproc-py's, with the locale files parsed by our parser set-up."""
        self.locales: list[Any] = []
        added: set[str] = set()
        lookup = type(self).composed["__lookup__"]

        def in_style(locale: str | None) -> None:
            expr = f'./cs:locale[@xml:lang="{locale}"]' if locale else "./cs:locale[not(@xml:lang)]"
            results = self.xpath_search(expr)
            if results:
                (element,) = results
                self.locales.append(element)

        def system(locale: str) -> None:
            if locale not in added:
                path = os.path.join(LOCALES_PATH, f"locales-{locale}.xml")
                try:
                    tree = etree.parse(path, parser(lookup))
                except OSError:
                    raise ValueError(f"'{locale}' is not a known locale") from None
                self.locales.append(tree.getroot())
                added.add(locale)

        in_style(output_locale)
        language = output_locale.split("-")[0]
        in_style(language)
        in_style(None)
        if output_locale in LANGUAGE_NAMES:
            system(output_locale)
        # A bare language takes its primary dialect's file only where citeproc-js knows
        # that dialect (its LANG_BASES): a style in "id" prints the English terms.
        if language in PRIMARY_DIALECTS and (output_locale != language or language in _JS_BASES):
            system(PRIMARY_DIALECTS[language])
        system("en-US")


# The languages citeproc-js 2.4 maps to a dialect (CSL.LANG_BASES).
_JS_BASES = frozenset({
    "af", "ar", "bg", "ca", "cs", "da", "de", "el", "en", "es", "et", "eu", "fa", "fi",
    "fr", "he", "hr", "hu", "is", "it", "ja", "km", "ko", "lt", "lv", "mn", "nb", "nl",
    "nn", "pl", "pt", "ro", "ru", "sk", "sl", "sr", "sv", "th", "tr", "uk", "vi", "zh"
})  # fmt: skip


# (citeproc-py class the mixin extends, the mixin); see fixes.compose for the rule.
ELEMENTS: tuple[tuple[type[Any], type[Any]], ...] = (
    (model.CitationStylesElement, Terms),
    (model.CitationStylesElement, Formatter),
    (model.Locale, Formatter),
    (model.Term, Term),
    (model.Affixed, Affixed),
    (model.Delimited, Delimited),
    (model.Parent, Parent),
    (model.FormatNumber, FormatNumber),
    (model.Text, Text),
    (model.Names, Names),
    (model.TextCased, TextCased),
    (model.Style, Style),
)


def parser(lookup: Any) -> Any:
    """A parser for styles and locales whose elements are our composed classes."""
    made = etree.XMLParser(remove_comments=True, encoding="UTF-8", no_network=True)
    made.set_element_class_lookup(lookup)
    return made


class ParsedStyle(CitationStylesStyle):  # type: ignore[misc]
    """A style parsed with our parser set-up (its elements are our composed classes).

    ``answers`` is its table of kept lookups (``fixes.speed_lookups``, …), which a
    render reaches through its context; the style object owns it.
    """

    def __init__(self, path: str, locale: str | None, lookup: Any) -> None:
        self.parser = parser(lookup)
        self.xml = etree.parse(path, self.parser)
        self.root = self.xml.getroot()
        if locale is None:
            locale = self.root.get("default-locale", "en-US")
        self.root.set_locale_list(locale, validate=False)
        self.answers: dict[Any, Any] = {}


class Bibliography(CitationStylesBibliography):  # type: ignore[misc]
    """citeproc-py's, without putting the formatter on the shared style root."""

    def __init__(self, style: Any, source: Any, formatter: Any) -> None:
        self.style = style
        self.source = source
        self.formatter = formatter
        self.keys: list[str] = []
        self.items: list[Any] = []
        self._cites: list[Any] = []


_OPTIONAL = frozenset({"uri", "container_uri", "contributor", "date"} | set(citeproc.VARIABLES))


@cache
def _optional(extra: tuple[str, ...]) -> frozenset[str]:
    """The variables a reference may hold: citeproc-py's and a source's *extra* ones."""
    return _OPTIONAL | frozenset(extra)


# How the source reads a field of an item (citeproc-py's ``CiteProcJSON`` decides by
# the key, item after item): decided once per key.
_ID, _TYPE, _SKIPPED, _NAMES, _DATE, _STRING, _RAW = (
    "id",
    "type",
    "skipped",
    "names",
    "date",
    "string",
    "raw",
)


def _field_kind(key: Any, dates: Any) -> tuple[str, str]:
    """(The reference's key, how the value is read) for the item field *key*."""
    python_key = key.replace("-", "_")
    if python_key == "id":
        return python_key, _ID
    if python_key == "type":
        return python_key, _TYPE
    if python_key == "key":
        return python_key, _SKIPPED
    if python_key == "shortTitle":
        python_key = "title_short"
    if python_key in NAMES:
        return python_key, _NAMES
    if python_key in dates:
        return python_key, _DATE
    if key not in ("language",):
        return python_key, _STRING
    return python_key, _RAW


_KINDS_KEPT = 1000


@cache
def _field_kinds(dates: tuple[str, ...]) -> dict[Any, tuple[str, str]]:
    """The kinds of the keys read so far by sources with these *dates* (filled as read)."""
    return {}


_SEAM_PUNCTUATION = citeproc_string.SEAM_PUNCTUATION


def _pieces_added(pieces: list[Any]) -> Any:
    """``MixedString()`` with each of *pieces* (our ``String`` and ``NoCase``) added in
    turn: what the additions make, without a list copied at each."""
    if CONTEXT.get() is not None:  # (the render's seam)
        output = MixedString()
        for piece in pieces:
            output += piece
        return output
    kept: list[Any] = []
    last = ""
    for piece in pieces:
        # citeproc-py's seam: a space or a punctuation mark where the text so far
        # ends with the same one is dropped; an empty piece adds nothing.
        text = str.__str__(piece)
        if not text:
            continue
        if last and text[0] == last and (last == " " or last in _SEAM_PUNCTUATION):
            text = text[1:]
            if not text:
                continue
            piece = type(piece)(text)
        kept.append(piece)
        last = text[-1]
    return MixedString(kept)


class Source(CiteProcJSON):  # type: ignore[misc]
    """citeproc-py's ``CiteProcJSON``, making our records and our strings."""

    records: dict[str, type[Any]] = _records.PLAIN
    extra_variables: tuple[str, ...] = ()
    """Variables accepted beside citeproc-py's (``fixes.variables``)."""
    extra_dates: tuple[str, ...] = ()

    def __init__(self, json_data: Any) -> None:
        dates = {*citeproc.DATES, *self.extra_dates}
        # citeproc-py failed on an item without an id or a type (UnboundLocalError).
        missing = [
            f"item {n} ({ref.get('id')!r}): no {key!r} (every CSL-JSON item has an id and a"
            " type, such as 'book')"
            for n, ref in enumerate(json_data)
            for key in ("id", "type")
            if ref.get(key) is None
        ]
        if missing:
            raise CslJsonError(missing)
        kinds = _field_kinds(tuple(sorted(dates)))
        parse_names, parse_date, parse_string = self.parse_names, self.parse_date, self.parse_string
        for ref in json_data:
            ref_data = {}
            for key, value in ref.items():
                found = kinds.get(key)
                if found is None:
                    found = _field_kind(key, dates)
                    if len(kinds) < _KINDS_KEPT:  # (a bound, whatever keys the data has)
                        kinds[key] = found
                python_key, kind = found
                if kind is _STRING:
                    value = parse_string(value)
                elif kind is _NAMES:
                    value = parse_names(value)
                elif kind is _DATE:
                    value = parse_date(value)
                elif kind is _ID:
                    ref_key = str(value).lower()
                    continue
                elif kind is _TYPE:
                    ref_type = value
                    continue
                elif kind is _SKIPPED:
                    continue
                ref_data[python_key] = value
            self.add(self.make_reference(ref_key, ref_type, ref_data))

    def make_reference(self, key: str, type_: str, data: dict[str, Any]) -> Any:
        cls: Any = self.records["Reference"]
        reference = cls.__new__(cls)
        dict.__setitem__(reference, "key", key)
        dict.__setitem__(reference, "type", type_)
        optional = _optional(self.extra_variables)
        if data.keys() <= optional:
            # What CustomDict.__init__ does with every field known: no required ones to
            # check, nothing to warn about.
            dict.update(reference, data)
        else:
            CustomDict.__init__(reference, data, optional=optional)
        return reference

    def parse_string(self, string: Any) -> Any:
        string = str(string)
        lower_string = string.lower()
        end = 0
        # citeproc-py adds each piece to the output (a seam at each); the pieces are
        # gathered here and added once, with the same seam (outside a render, citeproc-py's).
        pieces: list[Any] = []
        try:
            while True:
                start = lower_string.index(self.start_tag, end)
                regular = string[end:start]
                if regular:
                    pieces.append(String(regular))
                end = lower_string.index(self.end_tag, start + 1)
                start += len(self.start_tag)
                pieces.append(NoCase(string[start:end]))
                end += len(self.end_tag)
        except ValueError:
            regular = string[end:]
            if regular:
                pieces.append(String(regular))
        return _pieces_added(pieces)

    def parse_names(self, json_data: Any) -> Any:
        cls = self.records["Name"]
        return [cls(**name_data) for name_data in json_data]

    def parse_date(self, json_data: Any) -> Any:
        records = self.records

        def single(json_date: Any) -> dict[str, Any]:
            date_data = {}
            try:
                for i, part in enumerate(("year", "month", "day")):
                    date_data[part] = json_date[i]
            except IndexError:
                pass
            return date_data

        dates = []
        for json_date in json_data.get("date-parts", []):
            date = single(json_date)
            if "season" in json_data:
                date["season"] = json_data["season"]
            dates.append(date)
        circa = json_data.get("circa", 0) != 0
        if len(dates) == 1:
            return records["Date"](circa=circa, **dates[0])
        if len(dates) > 1:
            return records["DateRange"](
                begin=records["Date"](**dates[0]), end=records["Date"](**dates[1]), circa=circa
            )
        if "literal" in json_data:
            return records["LiteralDate"](json_data["literal"], circa=circa)
        return None
