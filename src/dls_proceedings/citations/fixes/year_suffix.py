"""Year suffixes (2020a, 2020b) for citations that stay ambiguous, as citeproc-js assigns them.

citeproc-py never sets the ``year-suffix`` variable, so APA prints two entries
"Akiba, Y. (2020)" where citeproc-js prints "(2020a)" and "(2020b)". With
``disambiguate-add-year-suffix="true"`` on ``cs:citation``, citeproc-js gives a
suffix to the items whose in-text citations cannot be told apart by the style's
other disambiguation steps: adding the names hidden by "et al."
(``disambiguate-add-names``) and initials or given names
(``disambiguate-add-givenname``, per ``givenname-disambiguation-rule``: of the
first name only for the ``primary-name`` rules, just the initials for the
``-with-initials`` rules). Within each such group the suffixes go a, b, …, z,
aa, ab, … in the order of the bibliography (its sort, computed before any
suffix, so the suffixes change no order; ties keep the citation order).

Here an item's citation is identified by what an author-date citation shows:
the names of the first of author, editor and translator (or else the title),
with the names and name parts those options can add, and the year of
``issued``. The suffixes are set through the ``year-suffix`` variable.

Which items get them is citeproc-js's own procedure, not just "equal
identities", except with the default ``by-cite`` rule and given names (there,
items of one identity get one run of suffixes). citeproc-js
(``CSL.Registry.doinserts``, ``CSL.Disambiguation``) first groups the items by
their citation as it reads when each is registered: the names as et-al cuts
them, family names only (the name registry gives no initials to an item not yet
registered), and the year. Each group is then worked on by itself (``_runs``):
its items in (name count compared as a string, id) order, each list's first
item compared with the others, names added one at a time, partners and others
split into lists; once names are exhausted, a list whose first item clashes
with any other gets one run of suffixes for all its items, clashing or not, and
a list whose first item clashes with none gets none. So in a crowded group
"Akiba, D." can share a, b, c with two "Akiba, L." entries, or two "Akiba, L."
entries can stay without suffixes: what citeproc-js 2.4.63 prints.

A style that never prints that variable (no ``<text variable="year-suffix"/>``
and no ``citation-label``: elsevier-harvard, springer-basic-author-date, bibtex, …)
still gets the suffix, implicitly, as citeproc-js adds it: once per entry, right
after the first year a date of the entry renders (whichever date variable and
whether in a localized date or not), as a piece of its own formatted like that
year's ``cs:date-part`` (its affixes, font and text-case: "(2020)(a)", "20A"),
with no date delimiter before it.

Extends: ``Date.process``, ``Date.parts``; ``render`` calls ``assign`` once the order is fixed.
"""

from __future__ import annotations

import re
from typing import Any

from citeproc import model
from citeproc.source import VariableError

from dls_proceedings._text import letter_suffix
from dls_proceedings.citations.fixes._context import CONTEXT
from dls_proceedings.citations.fixes.name_scripts import unquoted as _unquoted

__all__ = ["ELEMENTS", "Date", "assign"]

# The suffix a style prints implicitly, kept on the reference beside ``year_suffix``.
IMPLICIT = "_implicit_year_suffix"
_EXPLICIT = '//cs:text[@variable="year-suffix" or @variable="citation-label"]'
_WORDS = re.compile(r"[\s.\-]+")
_NAME_VARIABLES = ("author", "editor", "translator")


def _initials(given: str) -> str:
    return "".join(w[0].upper() for w in _WORDS.split(given) if w)


def _shown_given(citation: Any) -> str | None:
    """What of the given names the citation itself prints: "full", "initials" or None.

    Read from the first ``cs:name`` the citation's layout reaches (through the
    macros it calls): the long form (the default) prints given names, whole, or as
    initials with ``initialize-with`` (unless ``initialize="false"``); the short
    form prints none. A ``cs:names`` without a ``cs:name`` prints the long form.
    """
    layout = citation.find("cs:layout", citation.nsmap)
    if layout is None:
        return None
    root = citation.getroottree().getroot()
    seen: set[str] = set()

    def first_name(element: Any) -> tuple[bool, Any]:
        for child in element.iterchildren():
            tag = child.tag.rsplit("}", 1)[-1] if isinstance(child.tag, str) else ""
            if tag == "names":
                name = child.find("cs:name", child.nsmap)
                return True, name
            macro = child.get("macro") if tag == "text" else None
            if macro is not None and macro not in seen:
                seen.add(macro)
                found = root.xpath(f"cs:macro[@name='{macro}']", namespaces=child.nsmap)
                if found:
                    hit, name = first_name(found[0])
                    if hit:
                        return hit, name
                continue
            hit, name = first_name(child)
            if hit:
                return hit, name
        return False, None

    hit, name = first_name(layout)
    if not hit:
        return None

    def option(attribute: str, default: Any) -> Any:
        if name is not None and name.get(attribute) is not None:
            return name.get(attribute)
        inherited = "name-form" if attribute == "form" else attribute
        for holder in (citation, root):
            if holder.get(inherited) is not None:
                return holder.get(inherited)
        return default

    if option("form", "long") != "long":
        return None
    if option("initialize-with", None) is not None and option("initialize", "true") != "false":
        return "initials"
    return "full"


def _options(citation: Any) -> dict[str, Any] | None:
    """The citation's disambiguation options, or None without year suffixes."""
    if citation is None or citation.get("disambiguate-add-year-suffix", "false") != "true":
        return None
    rule = citation.get("givenname-disambiguation-rule", "by-cite")
    return {
        "shown": _shown_given(citation),
        "names": citation.get("disambiguate-add-names", "false") == "true",
        "givens": citation.get("disambiguate-add-givenname", "false") == "true",
        "primary": rule.startswith("primary-name"),
        "by_cite": rule == "by-cite",
        "initials": rule.endswith("-with-initials"),
        "et_al_min": int(citation.get("et-al-min", 0) or 0),
        "et_al_use_first": int(citation.get("et-al-use-first", 0) or 0),
    }


def _names(reference: Any) -> Any:
    for variable in _NAME_VARIABLES:
        names = reference.get(variable)
        if names:
            return names
    return None


def _default_shown(count: int, options: dict[str, Any]) -> int:
    """How many names the citation shows before any disambiguation (et-al-min/use-first)."""
    if options["et_al_min"] and count >= options["et_al_min"]:
        return int(options["et_al_use_first"]) or count
    return count


def _cite(
    reference: Any, options: dict[str, Any], shown: int | None, givens: bool
) -> tuple[Any, ...]:
    """What the item's citation shows: *shown* names (None: as et-al cuts them), the year.

    With *givens*, the given names or initials ``disambiguate-add-givenname`` adds.
    """
    names = _names(reference)
    if names:
        count = len(names)
        if shown is None:
            shown = count if options["names"] else _default_shown(count, options)
        names = names[:shown]
        parts: list[tuple[str, ...]] = []
        for position, name in enumerate(names):
            if "literal" in name:
                parts.append((str(name["literal"]),))
                continue
            family = str(_unquoted(name.get("family")) or "")
            particle = name.get("non-dropping-particle")
            if particle:
                family = f"{particle} {family}" if family else str(particle)
            given = str(name.get("given") or "")
            if not given:
                # A family name alone shows as a literal name does.
                parts.append((family,))
                continue
            # What the citation prints of the name anyway (its form), then what
            # disambiguate-add-givenname adds.
            shown_given: tuple[str, ...] = ()
            if options["shown"] == "full":
                shown_given = (given,)
            elif options["shown"] == "initials":
                shown_given = (_initials(given),)
            if givens and not (options["primary"] and position > 0):
                added = _initials(given) if options["initials"] else given
                parts.append((family, *shown_given, added))
            else:
                parts.append((family, *shown_given))
        who: tuple[Any, ...] = ("names", tuple(parts), len(names) < count)
    else:
        who = ("title", str(reference.get("title", "")))
    issued = reference.get("issued")
    year: Any = None
    if issued is not None:
        # citeproc-py's records are dicts: a Date, a DateRange (begin, end), a LiteralDate.
        date = issued.get("begin", issued) if isinstance(issued, dict) else issued
        year = date.get("year") if isinstance(date, dict) else None
        if year is None:
            year = str(issued)
    return (who, year)


def _utf16(key: str) -> bytes:
    # JavaScript compares strings by UTF-16 code units.
    return key.encode("utf-16-be", "surrogatepass")


def _runs(
    group: list[int], cites: list[Any], keys: list[str], options: dict[str, Any]
) -> list[list[int]]:
    """The runs of suffixes citeproc-js gives in one registration *group* (item indices).

    *cites* are the items' citations with all their names (``_cite``), *keys* their
    ids. A replay of citeproc-js's disambiguation of the group: the items are
    taken in (name count compared as a string, id) order, and a list of them is
    worked on until it is empty. Its first item's citation is compared with the
    others' ("partners" clash with it). While names can still be added
    (``disambiguate-add-names``, one per step, up to as many as the first item
    of the group has; the count only grows, across lists): a first item without
    partners is settled (with all the others if only one is left), a lone other
    item is settled, fewer clashes than the step before split the list into
    partners (kept) and others (a list for later), and once the names are
    exhausted the partners become a list for later. From then on, for the list
    at hand and every later one, the year-suffix step: if the first item's
    citation clashes with any other, the whole list, partners or not, gets one
    run of suffixes; if not, none of it does.
    """
    if len(group) < 2:
        return []

    def count(index: int) -> int:
        who = cites[index][0]
        return len(who[1]) if who[0] == "names" else 0

    # The citations (as small ints) with the first *shown* names, per number shown:
    # past the longest list of names they no longer change.
    longest = max(count(i) for i in group)
    tables: dict[int, dict[int, int]] = {}

    def table(shown: int) -> dict[int, int]:
        shown = min(shown, longest)
        made = tables.get(shown)
        if made is None:
            codes: dict[Any, int] = {}
            made = tables[shown] = {}
            for i in group:
                cite = cites[i]
                who = cite[0]
                if who[0] == "names" and shown < len(who[1]):
                    cite = (("names", who[1][:shown], True), cite[1])
                made[i] = codes.setdefault(cite, len(codes))
        return made

    order = sorted(group, key=lambda i: (_utf16(str(count(i) or "")), _utf16(keys[i])))
    shown = max(_default_shown(count(i), options) for i in order)
    names_max = count(order[0])
    modes = ["names", "years"] if options["names"] else ["years"]
    mode = 0
    lists: list[list[int]] = [order]
    fresh = True
    runs: list[list[int]] = []
    while lists:
        step = 0
        clashes = [1, 0]
        while lists[0]:
            current = lists[0]
            maxed = False
            if fresh:
                fresh = False
            elif modes[mode] == "names":
                if step < names_max:
                    shown += 1
                    step += 1
                maxed = step == names_max
            code = table(shown)
            first = code[current[0]]
            partners = [i for i in current if code[i] == first]
            clashes = [clashes[1], len(partners) - 1]
            if modes[mode] == "years":
                if clashes[1]:
                    runs.append(current)
                lists[0] = []
                continue
            others = [i for i in current if code[i] != first]
            if not clashes[1]:
                lists[0] = others if len(others) != 1 else []
                fresh = bool(lists[0])
            elif len(others) == 1:
                lists[0] = partners
            elif clashes[1] < clashes[0]:
                lists[0] = partners
                lists.append(others)
            elif maxed:
                lists[0] = others
                lists.append(partners)
            if maxed:
                mode += 1  # to the year-suffix step, always the last
        lists = lists[1:]
    return runs


def assign(items: list[Any], style: Any) -> None:
    """Set ``year-suffix`` on the references of *items* (in bibliography order) that need one."""
    options = _options(getattr(style.root, "citation", None))
    if options is None:
        return
    from dls_proceedings.citations.fixes._strings import String

    references = [item.reference for item in items]
    runs: list[list[int]]
    if options["givens"] and options["by_cite"]:
        by_identity: dict[tuple[Any, ...], list[int]] = {}
        for n, reference in enumerate(references):
            by_identity.setdefault(_cite(reference, options, None, True), []).append(n)
        runs = [group for group in by_identity.values() if len(group) > 1]
    else:
        # citeproc-js groups the items by their citation as it is when each is
        # registered (no given names yet, names cut by et-al), then disambiguates
        # each group on its own.
        cites = [_cite(r, options, len(_names(r) or ()), options["givens"]) for r in references]
        groups: dict[tuple[Any, ...], list[int]] = {}
        # Family names, and the given names the citation prints anyway.
        kept = 1 if options["shown"] is None else 2
        for n, (who, year) in enumerate(cites):
            if who[0] == "names":
                names = who[1]
                shown = _default_shown(len(names), options)
                who = ("names", tuple(name[:kept] for name in names[:shown]), shown < len(names))
            groups.setdefault((who, year), []).append(n)
        keys = [str(reference.key) for reference in references]
        runs = [sorted(run) for g in groups.values() for run in _runs(g, cites, keys, options)]
    implicit = not style.root.xpath_search(_EXPLICIT)
    for run in runs:
        for index, n in enumerate(run):
            reference = references[n]
            dict.__setitem__(reference, "year_suffix", String(letter_suffix(index)))
            if implicit:
                dict.__setitem__(reference, IMPLICIT, letter_suffix(index))


class Date:
    """Dates add the implicit suffix after an entry's first year (``assign`` sets it)."""

    def process(self: Any, item: Any, *args: Any, **kwargs: Any) -> Any:
        state = CONTEXT.get()
        pending = dict.get(item.reference, IMPLICIT)
        if state is None or pending is None or state.year_suffix_done:
            return super().process(item, *args, **kwargs)  # type: ignore[misc]
        state.year_suffix_pending = pending
        try:
            return super().process(item, *args, **kwargs)  # type: ignore[misc]
        finally:
            state.year_suffix_pending = None

    def parts(self: Any, date: Any, show_parts: Any, context: Any = None) -> list[Any]:
        state = CONTEXT.get()
        output = []
        for part in self.iterchildren():
            name = part.get("name")
            if name in show_parts:
                try:
                    text = part.render(date, context)
                except VariableError:
                    continue
                if text is None:
                    continue
                pending = state.year_suffix_pending if state is not None else None
                if pending is not None and name == "year":
                    # Rendering the year merged the style's date-part options into
                    # the part: the suffix is marked up as the year was.
                    text = text + part.markup(pending)
                    state.year_suffix_pending = None  # type: ignore[union-attr]
                    state.year_suffix_done = True  # type: ignore[union-attr]
                output.append(text)
        return output


ELEMENTS = ((model.Date, Date),)
