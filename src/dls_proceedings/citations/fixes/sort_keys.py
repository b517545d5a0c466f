"""Sorting: each key rendered once per item (only while items are tied), collated as
citeproc-js collates.

citeproc-py renders every sort key of every item up front, then sorts with a
comparison function that lowercases, converts and compares the keys again for
every one of the n·log n comparisons (11.5 s of APA's 10,000 entries), and it
compares the keys by code point, so a surname that starts with an accented or
special letter ("Åström", "Çelik", "Łukasz") sorts after "Z".

citeproc-js compares keys with the locale's collation at base strength,
ignoring punctuation, with numbers by value (``localeCompare`` with
``sensitivity: "base", ignorePunctuation: true, numeric: true``) after
turning each space of a key into a "|": case and accents make no difference
("Åström" sorts as "astrom", "Bédorf" ties with "Bedorf"; but in the languages
whose collation has letters of its own, those letters sort apart: Turkish "Ç"
after "C", Swedish "Å Ä Ö" after "Z", and so on, read from the style's locale),
punctuation is
skipped ("D'Aubigné" is "daubigne"), ``ß`` is "ss", ``æ`` "ae", ``ł`` "l",
``ø`` "o", ``đ`` "d"; a space (the "|") sorts before any letter or digit, so
"Garcia, M." comes before "García Márquez, J."; symbols come before numbers,
numbers (compared by value) before letters. Keys that tie go on to
the next key, and items tied on every key keep the order they were cited in.

Here each item's keys become collation strings with those properties and
the items are sorted by them (Python compares strings in C). This follows
ICU's root collation (what V8 gives citeproc-js) for Latin text, checked
pair by pair against node; letters of other scripts compare by code point,
which keeps ICU's order of scripts (Latin, Greek, Cyrillic, …, Han) but not
every order within one. A key is
rendered only for the items still tied on all keys before it: the first key
(APA's author) usually separates all but a few items, so the other nine are
rarely rendered; when there are many to render (the first key of a large
bibliography), they are rendered on all cores (``parallel``) as collation
strings. A key without a value (``None``, or empty as citeproc-js
takes it) sorts after all values, ascending or descending, as in citeproc-py
and citeproc-js. Names in a key are rendered as citeproc-js renders them
there: in sort order (a short-form name too: "Berg van der", its
non-dropping particle demoted unless the style says "never"), without the
"and" connector, with the key's ``names-min``/``names-use-first``/
``names-use-last`` (else the bibliography's or the style's et-al options, each on its
own; a 0 is none), which win over the cs:name's own, and without "et al." (with
``et-al-use-last``: the first names and the last, no ellipsis), also
inside the macros the key's macro calls (citeproc-py
loses the key's options at the first nested macro), without their label; and a key rendered as
HTML compares as the text it shows. A name variable as a key (``<key
variable="author"/>``) is its names in sort order joined by ", " as
citeproc-js joins them (citeproc-py's ";" joins a name to the next without a
separator, so "Ng, Ann; Chen" sorted after "Ng, Anna"), cut to
``et-al-use-first`` names when there are ``et-al-min`` or more (the key's
``names-min``/``names-use-first``, else the bibliography's or the style's
options), with no "et al.".

Extends: ``Sort.sort``, ``Key.sort_keys``, ``Key._format_name``, ``Name.process``, ``Name.et_al``,
``Label.render`` (of a ``cs:names``).
"""

from __future__ import annotations

import html
import re
import unicodedata
from itertools import groupby
from typing import Any

from citeproc import model

from dls_proceedings.citations.fixes._context import CONTEXT, ItemView, kept, reference_view

__all__ = ["ELEMENTS", "collation_key", "sort_language", "tailoring"]

# Letters that are a base letter plus a secondary difference (or an expansion)
# in the Unicode collation table, but have no canonical decomposition.
_BASE_LETTERS = str.maketrans(
    {"ł": "l", "ø": "o", "đ": "d", "ð": "d", "ħ": "h", "ŀ": "l", "ß": "ss", "æ": "ae",
     "œ": "oe"}
)  # fmt: skip
# The blocks of combining diacritical marks: accents, at base strength no difference.
_ACCENTS = re.compile("[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]")
_DIGITS = re.compile(r"\d+")
# citeproc-js turns each space of a key into its sort separator "|", a symbol.
_SEPARATOR = "\x00|"
_SYMBOL = "\x00"  # symbols (the separator among them) sort first,
_CURRENCY = "\x01"  # then currency signs,
_NUMBER = "\x02"  # then numbers, then letters (by code point: Latin, Greek, ..., Han)


def _number(match: re.Match[str]) -> str:
    value = str(int(match.group()))
    # Length first, then digits: shorter numbers are smaller.
    return _NUMBER + chr(0x20 + len(value)) + value


# Letters the collation of a language sorts as letters of their own (ICU's tailorings,
# which node's Intl.Collator gives citeproc-js for the style's locale): each after the
# letter it follows, in order (marks of the renderer's reserved block sort after every
# letter of the Latin, Greek and Cyrillic scripts).
_AFTER = "\ue0f0\ue0f1\ue0f2\ue0f3\ue0f4"


def _after(pairs: str) -> dict[str, str]:
    """{letter: base + rank mark} from "letter base ..." groups ("çc ğg": ç after c)."""
    table: dict[str, str] = {}
    ranks: dict[str, int] = {}
    for pair in pairs.split():
        letter, base = pair[:-1], pair[-1]
        rank = ranks[base] = ranks.get(base, -1) + 1
        table[letter] = base + _AFTER[rank]
    return table


_TAILORINGS: dict[str, dict[str, str]] = {
    "tr": _after("çc ğg ıh öo şs üu"),
    "sv": _after("åz äz öz"),
    "fi": _after("åz äz öz"),
    "da": _after("æz øz åz"),
    "nb": _after("æz øz åz"),
    "nn": _after("æz øz åz"),
    "no": _after("æz øz åz"),
    "is": _after("áa ðd ée íi óo úu ýy þz æz öz åz"),
    "et": _after("šs zs žs õw äw öw üw"),
    "es": _after("ñn"),
    "pl": _after("ąa ćc ęe łl ńn óo śs źz żz"),
    "cs": _after("čc chh řr šs žz"),
    "sk": _after("äa čc chh ôo řr šs žz"),
    "hr": _after("čc ćc đd šs žz"),
    "ro": _after("ăa âa îi șs țt"),
}
# Letters a language reads as another of its letters: Swedish and Finnish "æ" as "ä",
# "ø" as "ö" and "ü" as "y"; Danish and Norwegian the other way round; Icelandic "ä" as
# "æ" and "ø" as "ö"; Romanian "ş" and "ţ" (cedilla) as "ș" and "ț" (comma).
for _languages, _same in (
    (("sv", "fi"), "æä øö üy"),
    (("da", "nb", "nn", "no"), "äæ öø üy"),
    (("is",), "äæ øö"),
    (("ro",), "şș ţț"),
):
    for _language in _languages:
        _table = _TAILORINGS[_language]
        for _pair in _same.split():
            _table[_pair[0]] = _table.get(_pair[1], _pair[1])
_TAILORED = {
    language: re.compile("|".join(sorted(map(re.escape, table), key=len, reverse=True)))
    for language, table in _TAILORINGS.items()
}


def tailoring(language: str | None) -> str | None:
    """The language of *language* (a locale, "tr-TR") whose collation sorts some letters
    apart (``collation_key``), or None.

    >>> tailoring("tr-TR"), tailoring("en-US"), tailoring(None)
    ('tr', None, None)
    """
    if not language:
        return None
    code = language.split("-")[0].split("_")[0].lower()
    return code if code in _TAILORINGS else None


def collation_key(text: str, language: str | None = None) -> str:
    """A string that compares as citeproc-js's collation compares the sort key *text*.

    >>> sorted(["Zhang", "Åström", "Bédorf", "Bedorf", "D'Aubigné", "Çelik"], key=collation_key)
    ['Åström', 'Bédorf', 'Bedorf', 'Çelik', "D'Aubigné", 'Zhang']
    >>> sorted(["García Márquez, J.", "Garcia, M."], key=collation_key)
    ['Garcia, M.', 'García Márquez, J.']
    >>> collation_key("Item 10") > collation_key("Item 9")
    True

    A *language* whose collation has letters of its own sorts them so (Turkish "Çelik"
    after "Codreanu", Swedish "Öztürk" after "Zhang"):

    >>> sorted(["Çelik", "Codreanu"], key=lambda t: collation_key(t, "tr-TR"))
    ['Codreanu', 'Çelik']
    >>> sorted(["Öztürk", "Zhang", "Penberthy"], key=lambda t: collation_key(t, "sv-SE"))
    ['Penberthy', 'Zhang', 'Öztürk']
    """
    if not text:
        return ""
    lowered = text.lower()
    code = tailoring(language)
    if code is not None:
        table = _TAILORINGS[code]
        lowered = _TAILORED[code].sub(lambda m: table[m.group()], lowered)
    decomposed = _ACCENTS.sub("", unicodedata.normalize("NFKD", lowered))
    out = []
    for char in decomposed:
        if char == " ":
            out.append(_SEPARATOR)
            continue
        if char in _AFTER:
            out.append(char)
            continue
        category = unicodedata.category(char)
        if category[0] in "PZC":  # punctuation, other spaces, controls: ignored
            continue
        if category == "Sc":
            out.append(_CURRENCY + char)
        elif category[0] == "S":
            out.append(_SYMBOL + char)
        else:
            out.append(char)
    out.append(_SEPARATOR)
    return _DIGITS.sub(_number, "".join(out).translate(_BASE_LETTERS))


_TAG = re.compile(r"</?[a-z][^>]*>")


def sort_language(element: Any) -> str | None:
    """The language a style's sort collates in: its locale's (the locale file it was
    read with, before the en-US fallback)."""
    read = (
        locale.get("{http://www.w3.org/XML/1998/namespace}lang")
        for locale in getattr(element.get_root(), "locales", ())
    )
    langs: list[str] = [str(lang) for lang in read if lang]
    if not langs:
        return None
    return langs[-2] if len(langs) >= 2 and langs[-1] == "en-US" else langs[-1]


def _value(key: Any, markup: bool, language: str | None = None) -> Any:
    """What an item's sort key compares as: text collated, a number (citation-number) as is.

    With a *markup* formatter (HTML) the key is compared as the text it shows.
    """
    if key is None:
        return None
    try:
        text = str(key.lower())
    except AttributeError:
        return key
    if markup:
        text = html.unescape(_TAG.sub("", text))
    # citeproc-js takes an empty key for no key.
    return collation_key(text, language) if text else None


class Sort:
    def sort(self: Any, items: list[Any], context: Any) -> list[Any]:
        from dls_proceedings.citations import parallel

        state = CONTEXT.get()
        workers = state.workers if state is not None else 1
        keys = self.findall("cs:key", self.nsmap)
        descending = [k.get("sort", "ascending").lower() == "descending" for k in keys]
        markup = context.preformat("<") != "<"
        language = tailoring(sort_language(self))

        def order(group: list[Any], position: int) -> list[Any]:
            if len(group) < 2 or position == len(keys):
                return group
            key = keys[position]

            def values_of(start: int, stop: int) -> list[Any]:
                return [
                    _value(v, markup, language) for v in key.sort_keys(group[start:stop], context)
                ]

            # Many keys to render (the first key of a large bibliography), with
            # workers asked for: on several processes.
            values = parallel.render(values_of, len(group), workers)
            present = [(v, item) for v, item in zip(values, group, strict=True) if v is not None]
            absent = [item for v, item in zip(values, group, strict=True) if v is None]
            # Stable, also when reversed: ties keep their order.
            present.sort(key=_first, reverse=descending[position])
            result: list[Any] = []
            for _, tied in groupby(present, key=_first):
                result.extend(order([item for _, item in tied], position + 1))
            result.extend(order(absent, position + 1))
            return result

        return order(list(items), 0)


class Key:
    def sort_keys(self: Any, items: list[Any], context: Any) -> list[Any]:
        if "variable" in self.attrib or "macro" not in self.attrib:
            return super().sort_keys(items, context)  # type: ignore[misc,no-any-return]
        # As citeproc-py does, but names without their "and" connector, as citeproc-js
        # renders them in a key ("Åström, I., Nakamura, D.", not "..., & Nakamura, D.").
        layout = context.get_layout()
        options: dict[str, Any] = {"name-as-sort-order": "all", "and": None}
        # The key's names-min and the like, else the bibliography's (or citation's) or the
        # style's et-al options: in a key they win over the cs:name's own (citeproc-js sets
        # them for the whole key; a name reads its own only where none is set).
        # A 0 is none there (names-min="0": the cs:name's own, or what it inherits).
        for option in ("names-min", "names-use-first", "names-use-last"):
            value = _inherited(self, option, option.replace("names", "et-al"))
            if value is not None and value.strip() not in ("0", ""):
                options[option.replace("names", "et-al")] = value
        macro = self.get_macro(self.get("macro"))
        values = []
        state = CONTEXT.get()
        if state is not None:
            state.sorting_options = options
        try:
            for item in items:
                layout.repressed = {}
                values.append(macro.render(item, context=context, sort_options=options))
        finally:
            if state is not None:
                state.sorting_options = None
        return values

    def _format_name(self: Any, item: Any, variable: str) -> Any:
        names = item.reference.get(variable)
        if names is None:
            return None
        table = kept("sort_keys")
        if self in table:
            et_al = table[self]
        else:
            et_al = table[self] = _et_al(self)
        if et_al is not None and len(names) >= et_al[0]:
            names = names[: et_al[1]]
        demote = self.get_root().get("demote-non-dropping-particle", "display-and-sort").lower()
        separator = self._default_options["sort-separator"]
        out = []
        for name in names:
            given, family, dp, ndp, suffix = name.parts()
            if demote in ("sort-only", "display-and-sort"):
                given = " ".join(n for n in (given, dp, ndp) if n)
            else:
                family = " ".join(n for n in (ndp, family) if n)
                given = " ".join(n for n in (given, dp) if n)
            out.append(separator.join(n for n in (family, given, suffix) if n))
        return ", ".join(out)


class Name:
    def process(self: Any, item: Any, variable: Any, context: Any = None,
                sort_options: Any = None, **kw: Any) -> Any:  # fmt: skip
        # citeproc-py passes a key's name options only to the macro it names, not on
        # through the macros that one calls (APA: author-sort -> author).
        state = CONTEXT.get()
        if state is not None and state.sorting_options is not None:
            sort_options = {**state.sorting_options, **(sort_options or {})}
            if "demote-non-dropping-particle" not in sort_options:
                # "sort-only": a sort key reads the particle demoted ("Berg, Jan van der").
                demote = self.get_option("demote-non-dropping-particle", context)
                if demote == "sort-only":
                    sort_options["demote-non-dropping-particle"] = "display-and-sort"
            item = _short_demoted(self, item, variable, context, sort_options)
        return super().process(  # type: ignore[misc]
            item, variable, context=context, sort_options=sort_options, **kw
        )

    def et_al(self: Any) -> Any:
        # A key leaves "et al." out ("Cruz, A." for a list cut short sorts before
        # "Cruz, A., Codreanu, R."), as citeproc-js renders a key.
        state = CONTEXT.get()
        if state is not None and state.sorting_options is not None:
            return ""
        return super().et_al()  # type: ignore[misc]


def _short_demoted(name: Any, item: Any, variable: Any, context: Any, options: Any) -> Any:
    """*item*, its short-form names shown as a sort key shows them: a demoted particle
    after the family name ("Berg van der"), as citeproc-js renders a short name in a key
    (with demote-non-dropping-particle other than "never"); the item itself otherwise."""
    if name.get_option("form", context, options) != "short":
        return item
    demote = options.get("demote-non-dropping-particle") or name.get_option(
        "demote-non-dropping-particle", context, options
    )
    names = item.reference.get(variable)
    if demote == "never" or not names or not any(n.parts()[3] for n in names):
        return item
    shown = []
    for one in names:
        _, family, _, particle, _ = one.parts()
        if particle and "literal" not in one:
            one = reference_view(one, {"family": f"{family} {particle}" if family else particle},
                                 ("non-dropping-particle",))  # fmt: skip
        shown.append(one)
    return ItemView(item, reference_view(item.reference, {variable: shown}))


class Label:
    def render(self: Any, *args: Any, **kw: Any) -> Any:
        # citeproc-js leaves a name list's label out of a sort key ("Doe, John", not
        # "Doe, John ed.").
        state = CONTEXT.get()
        sorting = state is not None and state.sorting_options is not None
        if sorting and isinstance(self.getparent(), model.Names):
            return None
        return super().render(*args, **kw)  # type: ignore[misc]


def _inherited(key: Any, own: str, option: str) -> str | None:
    """The key's attribute *own*, else *option* of the nearest element around it that
    sets it (its bibliography or citation, then the style)."""
    if own in key.attrib:
        return str(key.get(own))
    element = key.getparent()
    while element is not None:
        if option in element.attrib:
            return str(element.get(option))
        element = element.getparent()
    return None


def _et_al(key: Any) -> tuple[int, int] | None:
    """A name key's (et-al-min, et-al-use-first): the key's, else the bibliography's or style's."""
    if "names-min" in key.attrib:
        minimum, first = key.get("names-min"), key.get("names-use-first")
    else:
        minimum = first = None
        element = key.getparent()
        while element is not None and minimum is None:
            minimum, first = element.get("et-al-min"), element.get("et-al-use-first")
            element = element.getparent()
    try:
        return (int(minimum), int(first)) if minimum and first else None
    except ValueError:
        return None


def _first(pair: tuple[Any, Any]) -> Any:
    return pair[0]


ELEMENTS = ((model.Sort, Sort), (model.Key, Key), (model.Name, Name), (model.Label, Label))
