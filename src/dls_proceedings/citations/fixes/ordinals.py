"""Ordinals as citeproc-js writes them: by the number's last digits, in its noun's gender.

citeproc-py picks an ordinal suffix by the number's own term ("ordinal-11")
or its last digit, whatever the term's ``match`` and ``gender-form`` say, so
English prints "111st" and "112nd", and Italian, Catalan, Portuguese and
French print the first gendered form they find ("1º ed." for the feminine
"edizione"). citeproc-js (CSL 1.0.1 ordinals) reads the locales in order (the
system locale, then the style's own): a locale that defines ``ordinal`` drops
the ordinal terms read before it; each ``ordinal-NN`` term matches the whole
number, its last two digits (the default for 10 to 99) or its last digit (the
default for 00 to 09); the suffix is the first match of the noun's gender
(the ``gender`` of the variable's term: "edition" is feminine in French),
else of a neuter term, else the term ``ordinal`` — "111th", "1ª ed.",
"1ᵉʳ numéro", "1ʳᵉ éd.". ``long-ordinal`` uses the gendered
``long-ordinal-NN`` terms up to 10 and the ordinal after that.

The ordinal day of a date takes its month's gender ("1ᵉʳ octobre").

Extends: ``Number.format_number`` (forms ordinal and long-ordinal), ``Date_Part.process``
(an ordinal day).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from citeproc import model

from dls_proceedings.citations.fixes._context import kept

__all__ = ["ELEMENTS", "DatePart", "Number", "Ordinals", "ordinals_of"]

_XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
_MATCHES = ("whole-number", "last-two-digits", "last-digit")
# term name -> gender ("" for none) -> form -> text
_Terms = dict[str, dict[str, dict[str, str]]]


@dataclass
class Ordinals:
    """The ordinal terms of a style's locales, read as citeproc-js reads them."""

    terms: _Terms = field(default_factory=dict)
    genders: dict[str, str] = field(default_factory=dict)
    """Noun genders: term name ("edition") -> "masculine" or "feminine"."""
    table: dict[str, dict[str, dict[str, str]]] | None = None
    """match -> number -> gender ("neuter" for none) -> term name (CSL 1.0.1)."""
    keys: set[str] = field(default_factory=set)

    def read(self, locale: Any) -> None:
        """Add one locale (``cs:locale``), as citeproc-js's ``localeSet`` does."""
        nodes = list(locale.iterfind(".//cs:terms/cs:term", locale.nsmap))
        if any(t.get("name") == "ordinal" for t in nodes):
            for key in self.keys:
                self.terms.pop(key, None)
            self.keys = set()
            self.table = None
        found: dict[str, dict[str, dict[str, str]]] = {m: {} for m in _MATCHES}
        toggle = False
        gendered: set[str] = set()
        for node in nodes:
            name = node.get("name") or ""
            if name == "sub verbo":
                name = "sub-verbo"
            gender_form = node.get("gender-form")
            if name.startswith("ordinal"):
                if name == "ordinal":
                    toggle = True
                else:
                    stub = name[8:]
                    match = node.get("match") or (
                        "last-digit" if stub[:1] == "0" else "last-two-digits"
                    )
                    if stub[:1] == "0":
                        stub = stub[1:]
                    found[match].setdefault(stub, {})[gender_form or "neuter"] = name
                self.keys.add(name)
            entry = self.terms.setdefault(name, {})
            form = node.get("form") or "long"
            if node.get("gender"):
                self.genders[name] = str(node.get("gender"))
            if gender_form:
                entry[gender_form] = {}
                target = entry[gender_form]
                gendered.add(name)
            else:
                target = entry.setdefault("", {})
            single = node.find("cs:single", node.nsmap)
            target[form] = str((single if single is not None else node).text or "")
        if toggle:
            for name in gendered:
                entry = self.terms[name]
                if not entry.get(""):
                    default = entry.get("feminine") or entry.get("masculine") or {}
                    entry[""] = dict(default)
            self.table = found
        # A gendered term lacks no form its plain term has.
        for entry in self.terms.values():
            plain = entry.get("", {})
            for gender in ("masculine", "feminine"):
                if gender in entry:
                    for form, text in plain.items():
                        entry[gender].setdefault(form, text)

    def term(self, name: str, gender: str | None = None) -> str | None:
        """The long form of term *name* in *gender* (else its plain form)."""
        entry = self.terms.get(name)
        if entry is None:
            return None
        forms = entry.get(gender) if gender and entry.get(gender) else entry.get("", {})
        return (forms or {}).get("long")

    def ordinal(self, number: int, gender: str | None = None) -> str:
        """*number* with its ordinal suffix (citeproc-js's Ordinalizer).

        >>> en = Ordinals(table={"whole-number": {}, "last-two-digits": {"11": {"neuter": "o11"}},
        ...                      "last-digit": {"1": {"neuter": "o01"}}},
        ...               terms={"o11": {"": {"long": "th"}}, "o01": {"": {"long": "st"}},
        ...                      "ordinal": {"": {"long": "th"}}})
        >>> en.ordinal(111), en.ordinal(21), en.ordinal(5)
        ('111th', '21st', '5th')
        """
        text = str(number)
        if self.table is None:
            return text + self._old_style(number, gender)
        suffix = self.term("ordinal", gender) or ""
        # As citeproc-js: the noun's gender first, then neuter, but the first gender
        # tried already ends the search when the term "ordinal" gave a suffix.
        for wanted in ([gender] if gender else []) + ["neuter"]:
            for match, key in (("whole-number", text), ("last-two-digits", text[-2:]),
                               ("last-digit", text[-1:])):  # fmt: skip
                name = self.table[match].get(key, {}).get(wanted)
                if name:
                    suffix = self.term(name, gender) or ""
                    break
            if suffix:
                break
        return text + suffix

    def _old_style(self, number: int, gender: str | None) -> str:
        """CSL 1.0 locales (no ``ordinal`` term): ordinal-01 to -04 by the last digit."""
        suffixes = [self.term(f"ordinal-0{j}", gender) for j in range(1, 5)]
        if None in suffixes:
            return ""
        if (number / 10) % 10 == 1 or 10 < number < 20:  # (JavaScript's division)
            return suffixes[3] or ""
        last = number % 10
        return (suffixes[last - 1] if 1 <= last <= 3 else suffixes[3]) or ""

    def long_ordinal(self, number: int, gender: str | None = None) -> str:
        """*number* as a word ("first") up to ten, else as an ordinal."""
        word = self.term(f"long-ordinal-{number:02d}", gender)
        return word if word else self.ordinal(number, gender)


def ordinals_of(element: Any) -> Ordinals:
    """The ordinals of *element*'s style (read once per parsed style)."""
    root = element.get_root()
    table = kept("ordinals")
    found: Ordinals | None = table.get(root)
    if found is None:
        found = Ordinals()
        locales = list(getattr(root, "locales", None) or ())
        language = next((str(lc.get(_XML_LANG)) for lc in locales if lc.get(_XML_LANG)), "en-US")
        # citeproc-js reads the system locales first, then the style's; it reads the
        # system's en-US only for English.
        for locale in reversed(locales):
            system = locale.getparent() is None
            if system and locale.get(_XML_LANG) == "en-US" and not language.startswith("en"):
                continue
            found.read(locale)
        table[root] = found
    return found


class Number:
    def format_number(self: Any, number: Any) -> Any:
        form = self.get("form", "numeric")
        if form not in ("ordinal", "long-ordinal"):
            return super().format_number(number)  # type: ignore[misc]
        try:
            value = int(number)
        except ValueError:
            return number
        ordinals = ordinals_of(self)
        gender = ordinals.genders.get(self.get("variable") or "")
        if form == "ordinal":
            return self.preformat(ordinals.ordinal(value, gender))
        return self.preformat(ordinals.long_ordinal(value, gender))


class DatePart:
    def process(self: Any, date: Any, context: Any = None) -> Any:
        text = super().process(date, context)  # type: ignore[misc]
        if self.get("name") != "day" or self.get("form", "numeric") != "ordinal":
            return text
        day = getattr(date, "day", None)
        if not isinstance(day, int) or str(day) not in str(text):
            return text  # limit-day-ordinals-to-day-1: a plain number
        owner = context if context is not None else self
        limited = str(owner.get_locale_option("limit-day-ordinals-to-day-1")).lower() == "true"
        if limited and day > 1:
            return text
        # (A localized date's parts are the locale's; its style is the context's.)
        ordinals = ordinals_of(owner)
        month = getattr(date, "month", None)
        gender = ordinals.genders.get(f"month-{month:02d}") if isinstance(month, int) else None
        return owner.preformat(ordinals.ordinal(day, gender))


ELEMENTS = ((model.Number, Number), (model.Date_Part, DatePart))
