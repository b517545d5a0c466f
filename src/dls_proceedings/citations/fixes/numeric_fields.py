"""Numbers, pages and locators read as citeproc-js reads them: ranges, lists, labels, plurals.

citeproc-py splits a page at "," and "&" and joins the two ends of a range
with an en dash, cutting the second with its own reading of
``page-range-format``; other number variables (volume, issue, a locator) are
printed as they are, and a label's plural is "two numbers with something
between". citeproc-js reads every number variable (``page``, ``volume``,
``issue``, ``number``, ``edition``, a locator, ...) into numbers with
particles ("N110", "8n11564"), the joins between them (ranges, ", ", "; ",
"&", "and") and labels written in the data ("sec. 3 & 4"), and then

- a range of two plain numbers (with the same particle) is written with the
  page-range delimiter (an en dash), a page range by ``page-range-format``
  (expanded, minimal, minimal-two, chicago, chicago-16: "1536–38"), the
  second number first expanded from the first ("110-5" is "110–115");
  without the format a page range whose second number is smaller is left
  as it is ("110–5");
- a hyphen between numbers that are not both plain ("N110 - 5", "3\\-B") is
  kept as a hyphen;
- "&" is the locale's ampersand, escaped in HTML, with spaces around it
  unless it stands between letters;
- the plural of a label: two or more numbers of one label ("1–2", "i-ix",
  "213 & 235"), never a single one ("327\\-30", "3-B");
- a label written in the data that the variable's own does not cover is
  printed ("sec. 3"); "p." and "pp." on a page are not;
- ``is-numeric`` holds for what this reading finds numeric: numbers (with letters)
  joined by ranges and lists ("40-47", "pp. 40-47", "40, 47", "e123"), not "40—47".

This module follows citeproc-js's ``processNumber`` and its page-range
mangler step by step, their quirks included (see the comments). An item's
field is read once per value (and output, text or HTML) for a style; where
this reading writes a page anew, citeproc-py's own formatting of it is not
made (only whether there is a page counts).

Extends: ``Text._variable`` (number variables and the locator), ``Text._process``
(a page written anew), ``Number.process``, ``Label._is_plural``, ``If._is_numeric``.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from citeproc import model
from citeproc.source import VariableError

from dls_proceedings.citations.fixes._context import (
    CONTEXT,
    is_suppressed,
    kept,
    record,
    style_language,
)
from dls_proceedings.citations.fixes._strings import String

__all__ = ["ELEMENTS", "If", "Number", "NumericField", "Text", "parse_field"]

_EN_DASH = "\u2013"

# citeproc-js's CSL.STATUTE_SUBDIV_STRINGS: a label written in the data -> its term.
_LABELS = {
    "vrs.": "verse", "sv.": "sub-verbo", "subpara.": "subparagraph", "op.": "opus",
    "subch.": "subchapter", "add.": "addendum", "amend.": "amendment", "annot.": "annotation",
    "app.": "appendix", "art.": "article", "bibliog.": "bibliography", "bk.": "book",
    "ch.": "chapter", "cl.": "clause", "col.": "column", "cmt.": "comment", "dec.": "decision",
    "dept.": "department", "ex.": "example", "fig.": "figure", "fld.": "field", "fol.": "folio",
    "n.": "note", "hypo.": "hypothetical", "illus.": "illustration", "intro.": "introduction",
    "l.": "line", "no.": "issue", "p.": "page", "pp.": "page", "para.": "paragraph",
    "pt.": "part", "pmbl.": "preamble", "princ.": "principle", "pub.": "publication",
    "r.": "rule", "rn.": "randnummer", "sched.": "schedule", "sec.": "section",
    "ser.": "series,", "subdiv.": "subdivision", "subsec.": "subsection", "supp.": "supplement",
    "tbl.": "table", "tit.": "title", "vol.": "volume",
}  # fmt: skip
# And back (CSL.STATUTE_SUBDIV_STRINGS_REVERSE): the label of a term.
_REVERSE = {term: label for label, term in _LABELS.items() if label != "pp."}
_REVERSE["sub verbo"] = "sv."

NUMBER_VARIABLES = frozenset({
    "page", "page-first", "chapter-number", "collection-number", "edition", "issue", "number",
    "number-of-pages", "number-of-volumes", "volume", "locator",
})  # fmt: skip
"""The variables citeproc-js renders as numbers in cs:text (and the locator)."""
_RANGED = frozenset({
    "page", "chapter-number", "collection-number", "edition", "issue", "number",
    "number-of-pages", "number-of-volumes", "volume", "locator", "locator-extra",
})  # fmt: skip
_LABELLED = ("locator", "number", "locator-extra", "page")
_PAGE_DELIMITED = ("locator", "locator-extra", "issue", "volume", "edition", "number")
_PAGE_LIKE = ("locator", "locator-extra", "page")

_JS_SPACE = "\t\n\v\f\r \u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000\ufeff"
_FIRST_WORD = re.compile(r"^([^ ]+)")
_DATA_LABEL = (
    "(?:^| )(?:[a-z]|[a-z][a-z]|[a-z][a-z][a-z]|[a-z][a-z][a-z][a-z]|subpara|subch|amend|"
    "bibliog|annot|illus|princ|intro|sched|subdiv|subsec)(?:\\.| ) *"
)
_DATA_LABEL_RE = re.compile(_DATA_LABEL)
_NUMBERISH = re.compile(r"^[0-9]+([-;,:a-zA-Z]*)$")
_SUBSECTION_HEAD = re.compile(
    r"^(?:(?:[a-z]|[a-z][a-z]|[a-z][a-z][a-z]|[a-z][a-z][a-z][a-z])\.  *)*[0-9]+[,a-zA-Z]+$"
)
_SUBSECTION_TAIL = re.compile(r"^[,a-zA-Z]+$")
_PARTICLE_VALUE = re.compile(r"^([0-9]*[a-zA-Z]+0*)?([0-9]+(?:[a-zA-Z]*|[-,a-zA-Z]+))$")
_LABEL_PARTS = re.compile(r"(\s*)([^\s]+)(\s*)")
_JOIN_HYPHEN = re.compile(r"\s*-\s*")
_VALUE = re.compile(r"^[0-9]+([-,:a-zA-Z]*)$")
_MASTER = re.compile(r"^(?:[0-9]+|[ixv]+)([-,:a-zA-Z]*|\-[\-0-9]+)$")
_ROMAN = re.compile(r"^[ivxlcmIVXLCM]+$")
_PLAIN = re.compile(r"^([0-9]+|[ivxlcmIVXLCM]+)$")
_MANGLED = re.compile(
    r"^((?:[0-9]*[a-zA-Z]+0*))?([0-9]+[a-z]*)(\s*[^0-9]+\s*)([-,a-zA-Z]?0*)([0-9]+[a-z]*)$"
)
_SPACED_PAIR = re.compile(r"^([0-9]+) - ([0-9]+)$")
_ODD_DELIMITER = re.compile(r"[\s0-9a-zA-Z\\]")
_PAGE_PAIR = re.compile(r"^([0-9]+)[\t\n\v\f\r ]*[-\u2013][\t\n\v\f\r ]*([0-9]+)$")
_MARKED = re.compile("[\ue000-\ue0ff]")
_FRACTION = re.compile(r"^[0-9]+(?:/[0-9]+)+$")
_PAGE_FIRST = re.compile(r"\s*(?:&|, |-|\u2013)\s*")
_INT = re.compile(r"^[\t\n\v\f\r \u00a0\ufeff]*([+-]?[0-9]+)")
_WHOLE = re.compile(r"^[1-9][0-9]*$")
# The page-range mangler's patterns.
_RANGE = re.compile(
    r"([0-9]*[a-zA-Z]+0*)?([0-9]+[a-z]*)\s*(?:\u2013|-)\s*([0-9]*[a-zA-Z]+0*)?([0-9]+[a-z]*)"
)
_SPACED_HYPHEN = re.compile(r"\s+-\s+")
_RANGE_IN_LIST = "(?:[0-9]*[a-zA-Z]+0*)?[0-9]+[a-z]*\\s+\\-\\s+(?:[0-9]*[a-zA-Z]+0*)?[0-9]+[a-z]*"
_RANGE_IN_LIST_RE = re.compile(_RANGE_IN_LIST)
_UNESCAPED_HYPHEN = re.compile(r"([^\\])\-")


def _parse_int(text: str) -> int | None:
    """JavaScript's ``parseInt(text, 10)`` (None for NaN)."""
    found = _INT.match(text)
    return int(found.group(1)) if found else None


_TRIMMED = (
    "".join(chr(c) for c in range(0x2000, 0x200B))
    + "\t\n\v\f\r \u00a0\u1680\u2028\u2029\u202f\u205f\u3000\ufeff"
)


def _trim(text: str) -> str:
    """JavaScript's ``String.prototype.trim``."""
    return text.strip(_TRIMMED)


@dataclass
class _Value:
    """One number of a field (citeproc-js's value object)."""

    label: str | None
    orig_label: str
    label_suffix: str
    particle: str
    value: str
    joining: str
    plural: int = 0
    numeric: bool | None = None
    collapsible: bool | None = None
    label_visible: bool = False
    asleep: bool = False


@dataclass(frozen=True)
class NumericField:
    """A number variable as citeproc-js reads it: its pieces and what a label needs."""

    pieces: tuple[tuple[str, str, str, bool, bool, str], ...]
    """Per number: (visible label, particle, value, collapsible, of the master label, join)."""
    plural: bool
    numeric: bool
    label: str | None
    """The term of the field's first label ("page", "section", ...), if any."""
    asleep: bool = False
    """A page whose first label is not "p." (its label is short)."""

    def text(self, format_number: Any = None, escape: Any = None) -> str:
        """The field as text; *format_number* formats a whole number of the master label
        (its result is final), *escape* escapes the rest for the output."""
        out = []
        for label, particle, value, collapsible, master, join in self.pieces:
            formatted = (
                collapsible
                and format_number is not None
                and not particle
                and master
                and _WHOLE.match(value)
            )
            if escape is not None:
                label, particle, join = escape(label), escape(particle), escape(join)
            if formatted:
                value = str(format_number(value))
            elif escape is not None:
                value = escape(value)
            out.append(label + particle + value + join)
        return "".join(out)


@dataclass
class _Locale:
    """What the parse needs of the style's locale."""

    language: str
    terms: dict[tuple[str, str | None], tuple[str, str] | None] = field(default_factory=dict)
    range_format: str | None = None
    element: Any = None
    joiners: tuple[re.Pattern[str], re.Pattern[str], re.Pattern[str]] | None = None

    def term(self, name: str, form: str | None = None, plural: bool = False) -> str | None:
        key = (name, form)
        if key not in self.terms:
            self.terms[key] = _find_term(self.element, name, form)
        found = self.terms[key]
        if found is None:
            return None
        return found[1] if plural else found[0]


_FALLBACK = {"symbol": "short", "verb-short": "verb", "short": None, "verb": None}


def _find_term(element: Any, name: str, form: str | None) -> tuple[str, str] | None:
    """(single, multiple) of the term, falling back as CSL says (symbol -> short -> long)."""
    while True:
        found = element.get_term(name, form)
        if found is not None:
            # The term's own text: citeproc-py's Term.single is escaped for the formatter.
            return _term_text(found, "single"), _term_text(found, "multiple")
        if form is None:
            return None
        form = _FALLBACK.get(form)


def _term_text(term: Any, number: str) -> str:
    node = term.find(f"cs:{number}", term.nsmap)
    text = node.text if node is not None else term.text
    return str(text or "")


def _joiners(locale: _Locale) -> tuple[re.Pattern[str], re.Pattern[str], re.Pattern[str]]:
    full_and = r",\s+and\s+|\s+and\s+"
    if locale.language[:2] != "en":
        word = re.escape(locale.term("and") or "")
        full_and += rf"|,\s+{word}\s+|\s+{word}\s+"
    symbol_and = r"\s*&\s*"
    body = symbol_and + "|" + full_and + r"|;\s+|,\s+|\s*\\*[\-\u2013]+\s*"
    # Where the data escapes a hyphen ("\-"), the first "\-" of the pattern is dropped.
    escaped = body.replace("\\-", "", 1)
    return re.compile(f"^{symbol_and}$"), re.compile(body), re.compile(escaped)


def parse_field(text: str, variable: str, item_label: str | None, locale: _Locale,
                rendering: bool = True) -> NumericField:  # fmt: skip
    """*text* of *variable* read as citeproc-js's ``processNumber`` reads it.

    *item_label* is the cite's locator label (for a locator); *rendering*: the ranges
    are also written out (citeproc-js does so only when the field is printed).
    """
    real = variable
    variable = "page" if variable == "page-first" else variable
    if text.isdigit() and text.isascii():
        plain = _plain_number(text, variable, real, item_label, locale)
        if plain is not None:
            return plain
    if real == "page" and (pair := _PAGE_PAIR.match(text)) and locale.term("page") is not None:
        # A page range of two numbers: the two numbers parse_field would read.
        first, last = pair.groups()
        pair_values = [_Value("p.", "", " ", "", first, "-", 1, True, True),
                       _Value("p.", "", " ", "", last, "", 1, True, True)]  # fmt: skip
        return _written_out(pair_values, variable, rendering, True, True, "page", locale)
    raw = text
    if locale.joiners is None:
        locale.joiners = _joiners(locale)
    and_only, joiners, escaped_joiners = locale.joiners
    ampersand = locale.term("and", "symbol") or "&"
    if ampersand == (locale.term("and") or ""):
        ampersand = "&"

    # normalizeFieldValue: the variable's own label in front, unless the data has one.
    text = _trim(text)
    first = _FIRST_WORD.match(text)
    if first and first.group(1) not in _LABELS:
        if variable in _PAGE_LIKE:
            embedded: str | None = _REVERSE.get(item_label) if item_label else "p."
        else:
            embedded = _REVERSE.get(variable)
        if embedded:
            text = embedded + " " + text
    default_label = _REVERSE.get(variable, "")

    # parseString: the chunks and the joins between them.
    if variable == "page":
        text = text.replace(_EN_DASH, "-")
    if "\\-" in text:
        pattern = escaped_joiners
        pieces = text.split("\\-")
        text = "\\-".join(p.replace("-", _EN_DASH) for p in pieces).replace("\\", "")
        # citeproc-js matches this pattern once (no "g"): the match and its group.
        once = pattern.search(text)
        matches: list[str | None] | None = [once.group(0), once.group(0)] if once else None
    else:
        pattern = joiners
        found = [m.group(0) for m in pattern.finditer(text)]
        matches = list(found) if found else None
    if matches is not None:
        chunks = pattern.split(text)
        for i, joiner in enumerate(matches):
            if joiner is not None and and_only.match(joiner):
                before = chunks[i] if i < len(chunks) else ""
                if re.search("[a-zA-Z]$", before) and re.match("^[a-zA-Z]", before):
                    matches[i] = ampersand
                else:
                    matches[i] = " " + ampersand + " "
        elements: list[str] = []
        for i in range(len(chunks) - 1):
            elements.append(chunks[i])
            elements.append((matches[i] if i < len(matches) else None) or "")
        elements.append(chunks[-1])
        elements = _subsections(elements)
    else:
        elements = [text]

    values: list[_Value] = []
    label = default_label
    orig_label = ""
    for i in range(0, len(elements), 2):
        join = elements[i + 1] if i + 1 < len(elements) else ""
        labels = [m.group(0) for m in _DATA_LABEL_RE.finditer(elements[i])]
        if labels:
            parts = _DATA_LABEL_RE.split(elements[i])
            for j in range(len(parts) - 1, 0, -1):
                if parts[j - 1] and (
                    not _NUMBERISH.match(parts[j]) or not _NUMBERISH.match(parts[j - 1])
                ):
                    parts[j - 1] = parts[j - 1] + labels[j - 1] + parts[j]
                    parts = parts[:j] + parts[j + 1 :]
                    labels = labels[: j - 1] + labels[j:]
            if labels:
                slug = _trim(labels[0])
                term = _LABELS.get(slug)
                not_a_label = (
                    term is None
                    or locale.term(term) is None
                    or (variable not in _LABELLED and term != variable)
                )
                if not_a_label:
                    if i == 0:
                        labels = labels[1:]
                        parts[0] = parts[0] + " " + slug + " " + parts[1]
                        parts = parts[:1] + parts[2:]
                else:
                    orig_label = slug
            for j, part in enumerate(parts):
                if part or j == len(parts) - 1:
                    if j >= 1 and j - 1 < len(labels) and labels[j - 1]:
                        label = labels[j - 1]
                    shown = "" if orig_label == _trim(label) else orig_label
                    last = j == len(parts) - 1
                    values.append(_compose(shown, label, _trim(part) if part else "",
                                           join if last else "", i, real, variable))  # fmt: skip
        else:
            shown = "" if orig_label == _trim(label) else orig_label
            values.append(_compose(shown, label, elements[i], join, None, real, variable))

    # setSpaces: a number followed by a labelled one without a join gets a space.
    for i in range(len(values) - 1):
        if not values[i].joining and values[i + 1].label:
            values[i].joining = " "
    _plurals_and_numerics(values, variable, raw, locale)
    for value in values:
        if not value.numeric:
            value.plural = 0
    plural = bool(values and values[0].plural)
    numeric = bool(values and values[0].numeric)
    if len(values) == 1 and _FRACTION.match(values[0].value):
        plural, numeric = False, True
    first_label = _LABELS.get(values[0].label or "") if values else None
    if variable == "number" and first_label == "issue" and locale.term("number") is not None:
        first_label = "number"
    return _written_out(values, variable, rendering, plural, numeric, first_label, locale)


def _written_out(values: list[_Value], variable: str, rendering: bool, plural: bool,
                 numeric: bool, first_label: str | None, locale: _Locale) -> NumericField:  # fmt: skip
    """The numbers' ranges written out (when *rendering*), and the field made of them."""
    if rendering and variable in _RANGED:
        _fix_ranges(values, variable, locale)
    asleep = bool(variable == "page" and values and values[0].asleep)
    master = values[0].label if values else None
    pieces = []
    for value in values:
        shown = ""
        if value.label_visible and value.label:
            name = value.label[4:] if value.label.startswith("var:") else _LABELS.get(value.label)
            form = ("short" if asleep else None) if value.label == master else "short"
            term = locale.term(name, form, bool(value.plural)) if name else None
            shown = (term or value.label) + value.label_suffix
        pieces.append((shown, value.particle, value.value, bool(value.collapsible),
                       value.label == master, value.joining.replace("\\-", "-", 1)))  # fmt: skip
    return NumericField(tuple(pieces), plural, numeric, first_label, asleep)


def _plain_number(text: str, variable: str, real: str, item_label: str | None,
                  locale: _Locale) -> NumericField | None:  # fmt: skip
    """What ``parse_field`` makes of a number of ASCII digits, without its steps (None:
    the label the variable implies has no term, so parse it step by step)."""
    if variable in _PAGE_LIKE:
        embedded = _REVERSE.get(item_label) if item_label else "p."
    else:
        embedded = _REVERSE.get(variable)
    term = _LABELS[embedded] if embedded else None
    if term is not None and locale.term(term) is None:
        return None
    plural = variable.startswith("number-of-") and int(text) > 1
    return NumericField((("", "", text, True, True, ""),), plural, True, term, False)


def _subsections(elements: list[str]) -> list[str]:
    """citeproc-js's fixupSubsections: "12a-c" is one number."""
    i = len(elements) - 2
    while i > -1:
        if (
            elements[i] == "-"
            and _SUBSECTION_HEAD.match(elements[i - 1])
            and _SUBSECTION_TAIL.match(elements[i + 1])
        ):
            elements[i - 1] = "".join(elements[i - 1 : i + 2])
            elements = elements[:i] + elements[i + 2 :]
        i -= 2
    return elements


def _compose(orig_label: str, label: str, text: str, joining: str, position: int | None,
             real: str, variable: str) -> _Value:  # fmt: skip
    """citeproc-js's composeNumberInfo."""
    if not label and variable not in _REVERSE:
        label = "var:" + variable
    name: str | None = None
    suffix = ""
    visible = asleep = False
    if label:
        parts = _LABEL_PARTS.search(label)
        assert parts is not None
        if real == "page" and position == 0 and parts.group(2) not in ("p.", "pp."):
            asleep = visible = True
        name, suffix = parts.group(2), parts.group(3) or ""
    found = _PARTICLE_VALUE.match(text)
    particle, value = (found.group(1) or "", found.group(2)) if found else ("", text)
    return _Value(name, orig_label, suffix, particle, value,
                  _JOIN_HYPHEN.sub("-", joining, count=1), label_visible=visible,
                  asleep=asleep)  # fmt: skip


def _plurals_and_numerics(values: list[_Value], variable: str, raw: str,
                          locale: _Locale) -> None:  # fmt: skip
    """citeproc-js's setPluralsAndNumerics: groups of numbers under one label."""
    if not values:
        return
    start, count = 0, 1
    for i in range(1, len(values)):
        if values[i - 1].label == values[i].label:
            count += 1
        else:
            label = values[start].label
            _numeric_and_count(values, start, count)
            _label_visibility(values, start, label, variable, locale)
            start, count = i, 1
    label = values[start].label
    _numeric_and_count(values, start, count)
    _label_visibility(values, start, label, variable, locale)
    if values[0].numeric and variable.startswith("number-of-"):
        number = _parse_int(raw)
        if number is not None and number > 1:
            values[0].plural = 1


def _numeric_and_count(values: list[_Value], pos: int, count: int) -> None:
    """citeproc-js's fixNumericAndCount for the group of *count* numbers at *pos*."""
    master = values[pos]
    text = values[pos].value
    escaped = master.joining == "\\-"
    numeric, collapsible = True, master.collapsible
    this_value = _VALUE.match(text)
    this_master = _MASTER.match(master.value)
    if not text or not this_value or not this_master or escaped:
        collapsible = False
        if not text or not this_master:
            numeric = False
        if escaped:
            count -= 1
    if (this_value and this_value.group(1)) or (this_master and this_master.group(1)):
        collapsible = False
    if values[pos].collapsible is None:
        # (This overrides the tests above, as in citeproc-js.)
        for j in range(pos, pos + count):
            one = values[j].value
            values[j].collapsible = _parse_int(one) is not None or bool(_ROMAN.match(one))
        collapsible = values[pos].collapsible
    for j in range(pos, pos + count):
        if count > 1 and collapsible:
            values[j].plural = 1
        values[j].numeric = numeric
        values[j].collapsible = collapsible


def _label_visibility(values: list[_Value], pos: int, label: str | None, variable: str,
                      locale: _Locale) -> None:  # fmt: skip
    """citeproc-js's fixLabelVisibility: a label the variable does not imply is printed."""
    if label is None or label.startswith("var:"):
        return
    if pos == 0:
        term = _LABELS.get(label)
        if variable in _LABELLED and (term is None or locale.term(term) is None):
            values[pos].label_visible = True
        if variable not in _LABELLED and term != variable:
            values[0].label_visible = True
    else:
        values[pos].label_visible = True


def _is_page(variable: str, value: _Value) -> bool:
    return variable == "page" or (
        variable in ("locator", "locator-extra") and "p." in (value.label, value.orig_label)
    )


def _range_delimiter(variable: str, value: _Value, delimiter: str, numeric: bool | None,
                     locale: _Locale) -> str:  # fmt: skip
    """citeproc-js's fixupRangeDelimiter: a hyphen between numbers is the range delimiter."""
    if variable in _PAGE_LIKE:
        has_term = locale.term(_LABELS.get(value.orig_label or value.label or "", "")) is not None
    else:
        has_term = True
    if has_term and delimiter == "-" and numeric:
        if _is_page(variable, value) or variable in _PAGE_DELIMITED:
            delimiter = locale.term("page-range-delimiter") or _EN_DASH
        if variable == "collection-number":
            delimiter = locale.term("year-range-delimiter") or _EN_DASH
    return delimiter


_START = object()


def _fix_ranges(values: list[_Value], variable: str, locale: _Locale) -> None:
    """citeproc-js's fixRanges: the joins of the numbers, ranges written out."""
    count = 0
    label: Any = _START
    for i, value in enumerate(values):
        if not value.collapsible:
            count, label = 0, _START
            value.joining = _range_delimiter(variable, value, value.joining, value.numeric, locale)
        elif label == value.label and value.joining == "-":
            count = 1
        elif label == value.label:
            count += 1
            if count == 2:
                count = _mangle(values, i, count, variable, locale)
        else:
            label, count = value.label, 1
    if count == 2:
        _mangle(values, len(values) - 1, count, variable, locale)


def _mangle(values: list[_Value], i: int, count: int, variable: str, locale: _Locale) -> int:
    """citeproc-js's manglePageNumbers (the new count)."""
    if i < 1 or count != 2:
        return count
    before, value = values[i - 1], values[i]
    if before.particle != value.particle:
        return count
    if before.joining != "-":
        return 1
    first, last = _parse_int(before.value), _parse_int(value.value)
    if not locale.range_format and first is not None and last is not None and first > last:
        before.joining = _range_delimiter(variable, value, before.joining, True, locale)
        return count
    if _is_page(variable, value) and first is not None and last is not None:
        text = page_mangler(
            f"{before.particle}{before.value} - {value.particle}{value.value}",
            locale.range_format,
            locale.term("page-range-delimiter") or "",
        )
    else:
        if _PLAIN.match(before.value) and _PLAIN.match(value.value):
            before.joining = locale.term("page-range-delimiter") or ""
        text = before.value + before.joining.replace("\\-", "-", 1) + value.value
    found = _MANGLED.match(text)
    if found:
        before.particle = found.group(1) or ""
        before.value = found.group(2)
        before.joining = _range_delimiter(variable, value, found.group(3), value.numeric, locale)
        value.particle = found.group(4)
        value.value = found.group(5)
    return 0


# ----------------------------------------------------------------------------- page ranges


def page_mangler(text: str, range_format: str | None, delimiter: str) -> str:
    """A page range written by *range_format* (citeproc-js's PageRangeMangler).

    >>> page_mangler("1536 - 1538", "chicago", "\u2013"), page_mangler("110 - 5", "expanded", "-")
    ('1536–38', '110-115')
    """
    listed = _expand(_listed(text, delimiter), delimiter)
    if range_format == "minimal":
        return _minimize(listed, delimiter)
    if range_format == "minimal-two":
        return _minimize(listed, delimiter, 2)
    if range_format in ("chicago", "chicago-15"):
        return _chicago(listed, delimiter, sixteen=False)
    if range_format == "chicago-16":
        return _chicago(listed, delimiter, sixteen=True)
    return _stringify(listed, delimiter)


def _stringify(listed: list[Any], delimiter: str) -> str:
    text = "".join("".join(p or "" for p in piece) if isinstance(piece, list) else piece
                   for piece in listed)  # fmt: skip
    return _UNESCAPED_HYPHEN.sub(lambda m: m.group(1) + delimiter, text)


@lru_cache(maxsize=16)
def _hyphens(delimiter: str) -> re.Pattern[str]:
    """A hyphen, an en dash or *delimiter* after anything but a backslash."""
    own = "" if delimiter == "-" else delimiter
    return re.compile(f"([^\\\\])[-{re.escape(own)}\u2013]")


def _listed(text: str, delimiter: str) -> list[Any]:
    """citeproc-js's listify: [text, range, text, range, ..., text]."""
    pair = _SPACED_PAIR.match(text)
    if pair and not _ODD_DELIMITER.search(delimiter):
        # Two numbers as manglePageNumbers writes them: one range, nothing around it.
        return ["", f"{pair.group(1)}-{pair.group(2)}", ""]
    return _listed_long(text, delimiter)


def _listed_long(text: str, delimiter: str) -> list[Any]:
    """``_listed`` step by step."""
    text = _hyphens(delimiter).sub("\\1 - ", text)
    text = _SPACED_HYPHEN.sub(" - ", text)
    found = [m.group(0) for m in _RANGE_IN_LIST_RE.finditer(text)]
    rest = _RANGE_IN_LIST_RE.split(text)
    out: list[Any] = [rest[0]]
    for pos in range(1, len(rest)):
        out.append(_JOIN_HYPHEN.sub("-", found[pos - 1]))
        out.append(rest[pos])
    return out


def _expand(listed: list[Any], delimiter: str) -> list[Any]:
    for pos in range(1, len(listed), 2):
        found = _RANGE.search(listed[pos])
        if found:
            particle, begin, end_particle, end = found.groups()
            if not end_particle or particle == end_particle:
                if len(end) < len(begin):
                    end = begin[: len(begin) - len(end)] + end
                first, last = _parse_int(begin), _parse_int(end)
                if first is not None and last is not None and first < last:
                    listed[pos] = [particle or "", begin, delimiter + (particle or ""), end]
        if isinstance(listed[pos], str):
            listed[pos] = listed[pos].replace("-", delimiter)
    return listed


def _minimize(listed: list[Any], delimiter: str, least: int = 0) -> str:
    for piece in listed[1::2]:
        if isinstance(piece, list):
            piece[3] = _minimal(piece[1], piece[3], least)
            if piece[2][1:] == piece[0] and piece[0]:
                piece[2] = delimiter
    return _stringify(listed, delimiter)


def _minimal(begin: str, end: str, least: int) -> str:
    kept = list(reversed(end))
    if len(begin) == len(end):
        for a, b in zip(begin, end, strict=True):
            if a == b and len(kept) > least:
                kept.pop()
            else:
                break
    return "".join(reversed(kept))


def _chicago(listed: list[Any], delimiter: str, sixteen: bool) -> str:
    for piece in listed[1::2]:
        if not isinstance(piece, list):
            continue
        begin, end = _parse_int(piece[1]) or 0, _parse_int(piece[3]) or 0
        if sixteen:
            if begin > 100 and begin % 100:
                digits = str(end)
                for i in range(2, len(digits)):
                    divisor = 10**i
                    if begin // divisor == end // divisor:
                        piece[3] = str(end % divisor)
                        break
        elif begin > 100 and begin % 100 and int(begin / 100) == int(end / 100):
            piece[3] = str(end % 100)
        elif begin >= 10000:
            piece[3] = str(end % 1000)
        if piece[2][1:] == piece[0] and piece[0]:
            piece[2] = delimiter
    return _stringify(listed, delimiter)


# ----------------------------------------------------------------------------- the elements


def _locale(element: Any) -> _Locale:
    table = kept("numeric_fields")
    root = element.get_root()
    found = table.get(root)
    if found is None:
        language = style_language(element) or "en-US"
        found = table[root] = _Locale(language, range_format=root.get("page-range-format"),
                                      element=element)  # fmt: skip
    return found


def _escaping() -> Any:
    """The HTML formatter's escape, or None for plain text."""
    context = CONTEXT.get()
    formatter = context.formatter if context is not None else None
    if formatter is None or formatter.preformat("&") == "&":
        return None
    return formatter.preformat


def _field(element: Any, item: Any, variable: str) -> NumericField | None:
    """The number variable *variable* of *item*, read (None: not a plain string)."""
    if variable != "locator":
        key = "page" if variable == "page-first" else variable.replace("-", "_")
        value = item.reference.get(key)
        return None if value is None else _data_field(element, str(value), variable)
    locator = item.get("locator") if hasattr(item, "get") else None
    if locator is None:
        return None
    return _read_field(element, str(locator.identifier), variable, str(locator.label))


def _data_field(element: Any, raw: str, variable: str) -> NumericField | None:
    """The item's number variable *variable* whose data is *raw*, read (None: not a
    plain string); kept per value and output (a page is read by its label, by
    citeproc-py's reading of the text and by the text)."""
    escaped = _escaping() is not None
    table = kept("numeric_fields:data")
    key = (raw, variable, escaped)
    found: NumericField | None = table.get(key, _UNREAD)
    if found is _UNREAD:
        found = table[key] = _data_read(element, raw, variable, escaped)
    return found


def _data_read(element: Any, raw: str, variable: str, escaped: bool) -> NumericField | None:
    if variable == "page-first":
        first = _PAGE_FIRST.split(raw)[0]
        if first[-1:] != "\\":
            raw = first
    if not raw.isascii() and _MARKED.search(raw):
        return None  # formatting in the data (rich_text's marks): as citeproc-py renders it
    if escaped:
        if "<" in raw:
            return None  # markup in the data: left as citeproc-py renders it
        raw = html.unescape(raw)
    return _read_field(element, raw, variable, None)


_UNREAD: Any = object()


def _read_field(element: Any, raw: str, variable: str, label: str | None) -> NumericField:
    table = kept("numeric_fields:values")
    found: NumericField | None = table.get((raw, variable, label))
    if found is None:
        found = table[(raw, variable, label)] = parse_field(raw, variable, label, _locale(element))
    return found


def _written(found: NumericField, format_number: Any) -> Any:
    return String(found.text(format_number, _escaping()))


# What citeproc-py's reading of a page gives when this fix writes the page anew: only
# whether there is one counts (its own formatting would be thrown away).
_WRITTEN_ANEW = String("\ue0ff")


class Text:
    def _process(self: Any, value: Any, variable: Any) -> Any:
        # citeproc-py's Text._variable formats a page here; its text is non-empty
        # exactly when the data has more than spaces (each comma, ampersand or hyphen
        # writes a delimiter), and _variable below replaces it whenever the page reads
        # as a number field. (Not so the first page: "-5" has none.)
        if variable == "page" and self.get("variable") == variable:
            raw = str(value)
            if raw.strip() and _data_field(self, raw, variable) is not None:
                return _WRITTEN_ANEW
        return super()._process(value, variable)  # type: ignore[misc]

    def _variable(self: Any, item: Any, context: Any) -> Any:
        # citeproc-py's reading decides whether there is anything (a variable
        # suppressed by a substitute, or absent, is not ours to print); the text is ours.
        text = super()._variable(item, context)  # type: ignore[misc]
        variable = self.get("variable")
        if not text or variable not in NUMBER_VARIABLES:
            return text
        found = _field(self, item, variable)
        return text if found is None else _written(found, None)


class Number:
    def process(self: Any, item: Any, context: Any = None, **kwargs: Any) -> Any:
        variable = self.get("variable")
        if variable not in NUMBER_VARIABLES:
            return super().process(item, context, **kwargs)  # type: ignore[misc]
        try:
            text = super().process(item, context, **kwargs)  # type: ignore[misc]
        except (TypeError, ValueError):
            # citeproc-py's page ranges fail on some values (an ordinal's range);
            # the variable is there all the same.
            text = True
        except VariableError:
            # citeproc-py looks a hyphenated variable ("number-of-pages") up as it is
            # spelled in CSL, never finding it.
            key = variable.replace("-", "_")
            if "-" not in variable or key not in item.reference or is_suppressed(variable):
                raise
            record(variable)
            text = True
        if not text:
            return text
        found = _field(self, item, variable)
        return text if found is None else _written(found, self.format_number)


class Label:
    def process(self: Any, item: Any, variable: Any = None, plural: Any = None, **kw: Any) -> Any:
        process = super().process  # type: ignore[misc]
        name = self.get("variable")
        if variable is not None or plural is not None or name not in NUMBER_VARIABLES:
            return process(item, variable=variable, plural=plural, **kw)
        found = _field(self, item, name)
        if found is None:
            return process(item, variable=variable, plural=plural, **kw)
        # citeproc-js names a page, number or locator by the label in its data ("sec. 3").
        term = found.label if name in _LABELLED and found.label else None
        if term is None and name == "locator":
            term = item.locator.label
        if self.get("plural", "contextual") == "contextual":
            plural = found.plural
        return process(item, variable=term or name, plural=plural, **kw)


class If:
    def _is_numeric(self: Any, item: Any) -> list[Any]:
        # What citeproc-js's number reading finds numeric (its shadow number's flag);
        # a value it does not read (markup in the data) as citeproc-py tests it.
        fallback: list[Any] | None = None
        results: list[Any] = []
        for n, variable in enumerate(self.get("is-numeric").split()):
            name = variable.replace("-", "_")
            if name not in item.reference:
                results.append(False)
                continue
            found = _field(self, item, variable)
            if found is None:
                if fallback is None:
                    fallback = super()._is_numeric(item)  # type: ignore[misc]
                results.append(fallback[n])
            else:
                results.append(found.numeric)
        return results


ELEMENTS = (
    (model.Text, Text), (model.Number, Number), (model.Label, Label), (model.If, If),
)  # fmt: skip
