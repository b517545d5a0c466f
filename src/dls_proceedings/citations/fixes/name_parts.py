"""A personal name put together from its parts as citeproc-js puts it together.

citeproc-py joins a name's particles into its given or family name before it
formats them, so a ``cs:name-part`` formats them as if they were that part
("Gerard VAN DER MEER" for ``text-case="uppercase"`` on the family name),
wraps its affixes around the family name alone ("(de La Fontaine) III"), and
always puts a space before a suffix. citeproc-js (``_renderOnePersonalName``)
formats each part on its own — the given name and the dropping particle as
the given name, the non-dropping particle and the family name as the family
name — and then joins them:

- in display order: given name, then dropping particle, non-dropping
  particle, family name and suffix, the family name-part's affixes around
  all four ("[Jean] (de La Fontaine III)"); a suffix marked ``comma-suffix``
  (or written "John,! Jr.") follows a comma ("John Doe, Jr."); a particle
  ending in an apostrophe or hyphen joins the family name ("d’Aubignac");
- inverted (``name-as-sort-order``, the short form too): the family name,
  the sort separator, the given name with the dropping particle, and the
  non-dropping particle after them unless ``demote-non-dropping-particle`` is
  "never" or "sort-only" (then it stays before the family name), the
  name-parts' affixes around each side ("Aubignac (François Hédelin d’)");
  "Lord" and "Lady" take a comma;
- the particles and the family name are joined by a no-break space in
  French, Russian and Czech styles.

In a bibliography, a name list shows as many names, and a name as much of its
given name, as the citations' disambiguation showed (``ShownNames``,
``LevelledName``: citeproc-js's registry ``disambig`` read by the bibliography),
where that is more than the bibliography's own et-al and form show.

A literal name (an institution) takes the family name-part's text-case and
formatting, not its affixes. A given name is initialized only beside a
family name, and a suffix's abbreviations are punctuated as initials are
("Jr." is "Jr" with ``initialize-with=""``). Names citeproc-js writes by
other rules come here already written (``name_scripts``); a family name without a
romanesque letter ("王") takes neither the family name-part's formatting nor its
affixes. Sort keys are left to citeproc-py, but for ``et-al-use-last``: the first
names and the last, without the ellipsis.

A list cut short ends as citeproc-js ends it: "et al." after a space, none before a
term that does not start with a romanesque letter ("Shogo等"); with an empty et-al
term, the names shown without "and"; with ``et-al-use-last``, "…" and the last name
(formatted as the others), after a space where one name precedes it, whatever the
cs:name's delimiter, and whatever the et-al term.

Extends: ``Name.process`` (the names of the long and short forms; its list
assembly as citeproc-py's).
"""

from __future__ import annotations

import re
from itertools import pairwise
from typing import Any

from citeproc import model
from citeproc.source import Name as _DataName
from citeproc.string import SEAM_PUNCTUATION

from dls_proceedings.citations.fixes._context import CONTEXT, ItemView, kept, reference_view
from dls_proceedings.citations.fixes._strings import MixedString, String, join
from dls_proceedings.citations.fixes.citation_mode import STATE
from dls_proceedings.citations.fixes.initialize import initialize_given
from dls_proceedings.citations.fixes.speed_memo import changed, check, replay, scalars

__all__ = [
    "ELEMENTS",
    "LETTERS",
    "STARTS_ROMANESQUE",
    "LevelledName",
    "Name",
    "ShownNames",
    "script_marked",
]

LETTERS = (
    "\u0e01-\u0e5b\u00c0-\u017f\u0370-\u03ff\u0400-\u052f\u0590-\u05d4\u05d6-\u05ff"
    "\u1f00-\u1fff\u0600-\u06ff\u200c\u200d\u200e\u0218\u0219\u021a\u021b\u202a-\u202e"
)
"""The letters besides a-z that citeproc-js reads as "romanesque" (its ``*ROMANESQUE_REGEXP``)."""
STARTS_ROMANESQUE = re.compile(f"[&a-zA-Z{LETTERS}]")
"""What a text starts with when citeproc-js's ``STARTSWITH_ROMANESQUE_REGEXP`` matches it."""
_LEADING_TAGS = re.compile(r"^(?:<[^>]*>)+")


class ShownNames(list[Any]):
    """A reference's name list with the number of names its citations' disambiguation
    showed (``disambiguate-add-names``), which its bibliography entry shows too."""

    def __init__(self, names: Any, shown: int) -> None:
        super().__init__(names)
        self.shown = shown


def script_marked(name: Any) -> bool:
    """Whether *name* is written by its script (``name_scripts``): its class marks it
    (``ScriptName``), or a ``LevelledName`` kept the mark of the name it copies."""
    return bool(getattr(type(name), "script", False) or getattr(name, "__dict__", {}).get("script"))


class LevelledName(_DataName):  # type: ignore[misc]
    """A name with the given-name level its citations' disambiguation asked for
    (citeproc-js's ``givens``: 1 initials, 2 the whole given name)."""

    def __init__(self, name: Any, level: int) -> None:
        dict.__init__(self, name)
        # citeproc-py's names keep their attributes as dict keys: the level is not one.
        object.__setattr__(self, "given_level", level)
        kept = getattr(name, "__dict__", {}).get("data_key")
        if kept is not None:
            object.__setattr__(self, "data_key", kept)
        # The mark of a name written by its script (``name_scripts``) stays with it.
        if script_marked(name):
            object.__setattr__(self, "script", True)


_JOINING = ("\u2019", "'", "-", " ")
_APOSTROPHES = ("'", "\u02bc", "\u2019", "-")
_NBSP_LANGUAGES = ("fr", "ru", "cs")
# Where pieces meet: marks a seam drops when doubled, and markup it looks through.
_DUPLICABLE = frozenset(" ") | frozenset(SEAM_PUNCTUATION)
_MARKUP = frozenset("<>&;") | frozenset(chr(c) for c in range(0xE000, 0xE100))


def _joined(pieces: list[Any], delimiter: str) -> Any:
    """citeproc-js's ``_join``: the non-empty pieces with *delimiter* between them."""
    kept = [p for p in pieces if p is not None and str(p) != ""]
    if not kept:
        return None
    if len(kept) == 1:
        return kept[0]
    texts = [str(p) for p in kept]
    if all(type(p) is String for p in kept) and _seamless(texts, delimiter):
        # Plain text whose joins no seam would change (the common case, spared their cost).
        return String(delimiter.join(texts))
    return join(kept, delimiter)


def _acts(left: str, right: str) -> bool:
    """Whether a seam may change anything where *left* meets *right* (conservative:
    a duplicated space or mark, a mark that merges, markup or a private-use mark)."""
    if not left or not right:
        return False
    last, first = left[-1], right[0]
    if last in _MARKUP or first in _MARKUP:
        return True
    return (last == first and last in _DUPLICABLE) or (last in "!?:;" and first in ".:!?")


def _seamless(texts: list[str], delimiter: str) -> bool:
    for left, right in pairwise(texts):
        if delimiter:
            if _acts(left, delimiter) or _acts(delimiter, right):
                return False
        elif _acts(left, right):
            return False
    return True


_OPTIONS = ("form", "and", "delimiter", "delimiter-precedes-et-al", "delimiter-precedes-last",
            "et-al-min", "et-al-use-first", "et-al-use-last")  # fmt: skip


def _options(element: Any, context: Any, sort_options: Any) -> tuple[Any, ...]:
    """*element*'s name options (``_OPTIONS``), kept per style and context element where
    the style alone gives them (no sort key's options, no cite's positions)."""
    get = element.get_option
    if sort_options is not None or STATE.get() is not None:
        return tuple(get(name, context, sort_options) for name in _OPTIONS)
    table = kept("name_parts:options")
    found: tuple[Any, ...] | None = table.get((element, context))
    if found is None:
        found = table[element, context] = tuple(get(name, context, None) for name in _OPTIONS)
    return found


class Name:
    def process(self: Any, item: Any, variable: Any, context: Any = None,
                sort_options: Any = None, **kwargs: Any) -> Any:  # fmt: skip
        state = CONTEXT.get()
        if state is not None and state.sorting_options:
            item, sort_options = _key_names(self, item, variable, context, sort_options)
            return super().process(  # type: ignore[misc]
                item, variable, context=context, sort_options=sort_options, **kwargs
            )
        (form, and_, delimiter, delimiter_precedes_et_al, delimiter_precedes_last, et_al_min,
         et_al_use_first, et_al_use_last) = _options(self, context, sort_options)  # fmt: skip
        if form not in ("long", "short"):
            return super().process(  # type: ignore[misc]
                item, variable, context=context, sort_options=sort_options, **kwargs
            )
        own = self.get("delimiter")

        def joined(pieces: list[Any], default: str) -> Any:
            # citeproc-py's join, whose cs:name delimiter wins over the one asked for,
            # written as the output writes text (" &#38; " in HTML, as the "and" is).
            used = own if own is not None else default
            return join((p for p in pieces if p is not None), self.preformat(used))

        names = item.reference.get(variable, [])
        and_term: Any = None
        if and_ == "text":
            and_term = self.get_single_term(name="and")
        elif and_ == "symbol":
            and_term = self.preformat("&")
        parts = _parts(self, context, sort_options, form)
        et_al_truncate = len(names) > 1 and et_al_min and len(names) >= et_al_min
        if isinstance(names, ShownNames) and names.shown > et_al_use_first:
            et_al_use_first = names.shown
        if et_al_truncate and et_al_use_last and et_al_use_first > et_al_min - 2:
            # citeproc-js: with et-al-use-last, at most et-al-min - 2 names before the
            # ellipsis, so that it always stands for two names or more.
            et_al_use_first = max(et_al_min - 2, 0)
        if et_al_truncate and et_al_use_first >= len(names):
            # Nothing is cut (et-al-use-first reaches every name): no "et al." either.
            et_al_truncate = False
        et_al_last = bool(et_al_use_last)
        if et_al_truncate:
            last = [names[-1]] if et_al_last else []
            names = [*names[:et_al_use_first], *last]
        output = [parts.written(name, i) for i, name in enumerate(names)]
        # (From here on citeproc-py's Name.process, unchanged.)
        if et_al_truncate:
            # (The et-al term is rendered where the list is cut short, not for every list.)
            et_al = None if et_al_last else self.et_al()
            if et_al_last:
                # (Whatever the et-al term: the ellipsis stands for the names left out.)
                ellipsis = self.unicode_character("horizontal ellipsis")
                output[-1] = ellipsis + " " + output[-1]
                # (citeproc-js: the delimiter before the ellipsis after two names or more,
                # a space after one, whatever the cs:name's delimiter.)
                text = joined(output, delimiter) if len(output) > 2 else join(output, " ")
            elif not et_al or str(et_al) == "":
                # An empty et-al term: the names shown, without "and" (citeproc-js).
                text = joined(output, delimiter)
            elif delimiter_precedes_et_al == "always" or (
                delimiter_precedes_et_al == "contextual" and len(output) >= 2
            ):
                output.append(et_al)
                text = joined(output, delimiter)
            else:
                # Before a term that does not start with a romanesque letter ("等"), no
                # space (citeproc-js).
                shown = _LEADING_TAGS.sub("", str(et_al))
                space = " " if STARTS_ROMANESQUE.match(shown) else ""
                text = joined(output, delimiter) + space + et_al
        elif and_ is not None and len(output) > 1:
            text = joined(output[:-1], ", ")
            if delimiter_precedes_last == "always" or (
                delimiter_precedes_last == "contextual" and len(output) > 2
            ):
                text = joined([text, ""], ", ")
            else:
                text += " "
            text += f"{and_term} " + output[-1]
        else:
            text = joined(output, delimiter)
        return text


def _key_names(element: Any, item: Any, variable: Any, context: Any, options: Any) -> Any:
    """*item* and *options* for a sort key: with et-al-use-last, the first names and the
    last one (citeproc-js's key has no ellipsis, and keeps et-al-use-first names where
    a printed list keeps at most et-al-min - 2); *item* and *options* otherwise."""
    names = item.reference.get(variable.replace("-", "_")) or []
    get = element.get_option
    if not get("et-al-use-last", context, options):
        return item, options
    minimum = get("et-al-min", context, options)
    first = get("et-al-use-first", context, options)
    if not minimum or len(names) < max(minimum, 2) or first >= len(names) or minimum < first:
        return item, options
    shown = [*names[:first], names[-1]]
    view = ItemView(item, reference_view(item.reference, {variable.replace("-", "_"): shown}))
    return view, {**(options or {}), "et-al-min": 0}


def _parts(element: Any, context: Any, sort_options: Any, form: str) -> _Parts:
    """*element*'s way of writing a name: kept per style (it reads the style alone),
    unless a sort key's options are in play."""
    if sort_options is not None:
        return _Parts(element, context, sort_options, form)
    table = kept("name_parts")
    key = (element, context, form)
    found: _Parts | None = table.get(key)
    if found is None:
        found = table[key] = _Parts(element, context, sort_options, form)
    return found


class _Parts:
    """One name list's way of writing a personal name (its options and name-parts)."""

    def __init__(self, element: Any, context: Any, sort_options: Any, form: str) -> None:
        self.element = element
        self.context = context
        self.form = form
        get = element.get_option
        self.initialize_with = get("initialize-with", context, sort_options)
        self.order = get("name-as-sort-order", context, sort_options)
        self.sort_separator = get("sort-separator", context, sort_options)
        self.demote = get("demote-non-dropping-particle", context, sort_options)
        self.given_part = self.family_part = None
        for part in element.findall("cs:name-part", element.nsmap):
            if part.get("name") == "given":
                self.given_part = part
            elif part.get("name") == "family":
                self.family_part = part
        locale = str(element.get_root().get("default-locale") or "")
        self.space = "\u00a0" if locale[:2] in _NBSP_LANGUAGES else " "

    def _suffix(self, suffix: str) -> str:
        """A suffix's abbreviations punctuated as initials are ("Jr." with "" is "Jr")."""
        if self.initialize_with is None:
            return suffix
        return initialize_given(suffix, str(self.initialize_with), initialize=False)

    def _decorated(self, part: Any, text: Any) -> Any:
        """*text* with *part*'s text-case and formatting (its affixes are the whole's)."""
        if text is None or str(text) == "":
            return None
        text = text if isinstance(text, (String, MixedString)) else String(str(text))
        if part is None:
            return text
        return part.format(part.case(text))

    def _wrapped(self, part: Any, text: Any) -> Any:
        if text is None or part is None:
            return text
        return part.wrap(text)

    def written(self, name: Any, index: int) -> Any:
        """``name()``, kept for the bibliography being rendered (``speed_memo``'s table):
        a person named in several entries is written once, for each state of the render
        the writing reads (the item's language, ...) and what it left changed (that the
        entry has printed something)."""
        state = CONTEXT.get()
        memo = None if state is None else state.memo
        if memo is None:
            return self.name(name, index)
        table = memo.get("name_parts")
        if table is None:
            table = memo["name_parts"] = {}
        before = scalars(state)
        # (By identity: the kept name stays alive with its output, so no other takes its id.)
        key = (self, id(name), index == 0 and self.order == "first", before)
        found = table.get(key)
        if found is not None and found[0] is name:
            checks = memo["__check__"]
            if checks is not None:
                check(lambda: self.name(name, index), found[1], found[2])
                checks.reused += 1
            replay(state, found[2])
            return found[1]
        written = self.name(name, index)
        table[key] = (name, written, changed(state, before))
        return written

    def name(self, name: Any, index: int) -> Any:
        given, family, dropping, non_dropping, suffix = name.parts()
        if "literal" in name:
            if getattr(name, "__dict__", {}).get("substitute"):
                return String(str(family))  # subsequent-author-substitute's, as it is
            # An institution: the family name-part's case and formatting, not its affixes.
            return self._decorated(self.family_part, family)
        join = getattr(name, "__dict__", {}).get("script_join")
        if join is not None:
            # Written by its script (``name_scripts``): family then given, each formatted.
            return _joined(
                [self._decorated(self.family_part, family),
                 self._decorated(self.given_part, given)],
                join,
            )  # fmt: skip
        element = self.element
        # citeproc-js's given-name levels: 0 none (the short form), 1 initials (with
        # initialize-with), 2 whole; disambiguation may ask for more than the form shows.
        level = 0 if self.form == "short" else 1 if self.initialize_with is not None else 2
        if isinstance(name, LevelledName):
            level = max(level, name.given_level)
        short = level == 0
        initialized = False
        if level == 1 and given and family and self.initialize_with is not None:
            given = element.initialize(given, self.initialize_with, self.context)
            initialized = True
        g = None if short else self._decorated(self.given_part, given)
        dp = None if short else self._decorated(self.given_part, dropping)
        ndp = self._decorated(self.family_part, non_dropping)
        f = self._decorated(self.family_part, family)
        sx = None if short or not suffix else String(self._suffix(str(suffix)))
        space = self.space
        hyphenated = bool(non_dropping) and str(non_dropping)[-1:] in _JOINING
        # (citeproc-js inverts the short form too: "Doe, van der".)
        inverted = self.order == "all" or (self.order == "first" and index == 0)
        if inverted:
            separator = ", " if str(given or "") in ("Lord", "Lady") else self.sort_separator
            if self.demote in ("always", "display-and-sort"):
                second = _joined([_joined([g, dp], " "), ndp], " ")
                merged = _joined(
                    [self._wrapped(self.family_part, f), self._wrapped(self.given_part, second)],
                    separator,
                )
            else:
                first = _joined([ndp, f], "" if hyphenated else space)
                second = _joined([g, dp], " ")
                merged = _joined(
                    [self._wrapped(self.family_part, first),
                     self._wrapped(self.given_part, second)],
                    separator,
                )  # fmt: skip
            return _joined([merged, sx], separator)
        joins = str(dropping or "")[-1:] in _APOSTROPHES and str(dropping)[:-1] != "de"
        if dropping and family and not non_dropping and not short and joins:
            f, dp = _joined([dp, f], ""), None
        if hyphenated:
            second = _joined([dp, _joined([ndp, f], "")], space)
        else:
            second = _joined([dp, ndp, f], space)
        comma = name.get("comma-suffix") in (True, "true", 1)
        second = _joined([second, sx], ", " if comma else " ")
        second = self._wrapped(self.family_part, second)
        given_text = self._wrapped(self.given_part, g)
        mark = str(self.initialize_with or "")
        between = "\u00a0" if initialized and ("\u00a0" in mark or "\ufeff" in mark) else " "
        return _joined([given_text, second], between)


ELEMENTS = ((model.Name, Name),)
