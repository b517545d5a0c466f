"""A bibliography shows the given names citeproc-js's register of people adds.

With ``disambiguate-add-givenname`` and a ``givenname-disambiguation-rule`` other
than ``by-cite``, citeproc-js keeps a register of the people its items' citations
name (a family name and the given names read without periods) and shows more of
a person's given names wherever the register holds another person of that family
(``all-names``, ``primary-name``: initials where the initials differ (a citation
without ``initialize-with`` prints them whole), and the whole given name where the
initials are the same; the ``-with-initials`` rules: initials only; the
``primary-name`` rules: the first name of a citation only). It registers every
item of a bibliography, cited or not, and its bibliography entries show those
given names too where they are more than the entry's own form shows: "Wang, Yan"
and "Wang, Yunsong" where both would be "Wang, Y." (``LevelledName``).

``Citer`` keeps the same register as cites come (``levels``, ``person``).

Extends: nothing at render time; ``render`` calls ``apply`` once the items are
registered.
"""

from __future__ import annotations

import re
from functools import cache
from typing import Any

from dls_proceedings.citations.fixes.name_parts import LevelledName

__all__ = [
    "apply",
    "compared_count",
    "first_name_options",
    "first_names",
    "initials",
    "levels",
    "person",
]

_NS = {"cs": "http://purl.org/net/xbiblio/csl"}
_NAME_VARIABLES = ("author", "editor", "translator")


@cache
def initials(given: str) -> str:
    """The initials of a given name, as the register compares them.

    >>> initials("Ana-Lucia M.")
    'ALM'
    """
    return "".join(w[0] for w in re.split(r"[\s.\-]+", given) if w)


def first_name_options(citation: Any) -> tuple[str | None, str]:
    """The ``initialize-with`` (None: none) and ``form`` of the first ``cs:name`` the
    citation's layout reaches (through its macros), inherited from the citation and
    the style."""
    root = citation.getroottree().getroot()
    macros = {m.get("name"): m for m in root.findall("cs:macro", _NS)}
    seen: set[str] = set()

    def first(element: Any) -> Any:
        for node in element.iter():
            tag = node.tag if isinstance(node.tag, str) else ""
            if tag.endswith("}name"):
                return node
            name = node.get("macro")
            if name is not None and name not in seen and name in macros:
                seen.add(name)
                found = first(macros[name])
                if found is not None:
                    return found
        return None

    layout = citation.find("cs:layout", _NS)
    name = first(layout) if layout is not None else None

    def option(attribute: str, inherited: str) -> Any:
        if name is not None and name.get(attribute) is not None:
            return name.get(attribute)
        for holder in (citation, root):
            if holder.get(inherited) is not None:
                return holder.get(inherited)
        return None

    return option("initialize-with", "initialize-with"), option("form", "name-form") or "long"


def person(name: Any, never_demoted: bool) -> tuple[str, str] | None:
    """A name's family (with its particle, where the style never demotes it) and its
    given names read without periods, as citeproc-js registers them (None: no person)."""
    family, given = dict.get(name, "family"), dict.get(name, "given")
    if not family or not given:
        return None
    family = str(family)
    particle = dict.get(name, "non-dropping-particle")
    if particle and never_demoted:
        family = f"{particle} {family}"
    return family, " ".join(str(given).replace(".", " ").split())


def levels(
    names: list[Any], people: dict[str, dict[str, Any]], rule: str, never_demoted: bool
) -> tuple[int, ...]:
    """The given-name level (0 as the form shows it, 1 initials, 2 whole) of each of an
    item's registered *names*, with *people* the register (family -> given -> keys)."""
    primary = rule.startswith("primary-name")
    initials_only = rule.endswith("with-initials")
    made = []
    for n, name in enumerate(names):
        found = person(name, never_demoted)
        if found is None or (primary and n):
            made.append(0)
            continue
        givens = people.get(found[0], {})
        known = {initials(given) for given in givens}
        level = 0
        if initials_only:
            level = 1 if len(known) > 1 else 0
        else:
            if len(known) > 1:
                # Initials (which a citation without initialize-with prints whole).
                level = 1
            mine = initials(found[1])
            if sum(1 for given in givens if initials(given) == mine) > 1:
                level = 2
        made.append(level)
    return tuple(made) if any(made) else ()


def first_names(reference: Any) -> tuple[str, list[Any]] | None:
    """The first of author, editor and translator a reference has, and its names (the
    names a citation shows and disambiguation works on)."""
    for variable in _NAME_VARIABLES:
        names = dict.get(reference, variable)
        if names:
            return variable, list(names)
    return None


def compared_count(count: int, citation: Any, root: Any) -> int:
    """How many of *count* names a citation compared as citeproc-js compares it shows
    (as a subsequent cite: the et-al-subsequent options where the style has them, a
    zero as none)."""

    def option(name: str) -> int:
        for holder in (citation, root):
            value = holder.get(name)
            if value is not None:
                try:
                    return int(value)
                except ValueError:
                    return 0
        return 0

    minimum = option("et-al-subsequent-min") or option("et-al-min")
    first = option("et-al-subsequent-use-first") or option("et-al-use-first")
    if minimum and count >= minimum and first:
        return first
    return count


def apply(items: list[Any], style: Any) -> None:
    """Give the names of *items* (registered citation items) the given-name levels the
    register of people asks for, as ``LevelledName`` (in place)."""
    root = style.root
    citation = getattr(root, "citation", None)
    if citation is None or citation.get("disambiguate-add-givenname") != "true":
        return
    rule = citation.get("givenname-disambiguation-rule") or "by-cite"
    if rule == "by-cite":
        return
    never_demoted = root.get("demote-non-dropping-particle") == "never"
    primary = rule.startswith("primary-name")
    registered: list[tuple[Any, str, list[Any], list[Any]]] = []
    people: dict[str, dict[str, set[int]]] = {}
    for index, item in enumerate(items):
        reference = item.reference
        first = first_names(reference)
        if first is None:
            continue
        variable, names = first
        shown = names[: 1 if primary else compared_count(len(names), citation, root)]
        registered.append((reference, variable, names, shown))
        for name in shown:
            found = person(name, never_demoted)
            if found is not None:
                people.setdefault(found[0], {}).setdefault(found[1], set()).add(index)
    crowded = {family for family, givens in people.items() if len(givens) > 1}
    if not crowded:
        return
    for reference, variable, names, shown in registered:
        if not any((p := person(n, never_demoted)) is not None and p[0] in crowded for n in shown):
            continue
        made = levels(shown, people, rule, never_demoted)
        if made:
            changed = [
                LevelledName(name, made[n]) if n < len(made) and made[n] else name
                for n, name in enumerate(names)
            ]
            dict.__setitem__(reference, variable, changed)
