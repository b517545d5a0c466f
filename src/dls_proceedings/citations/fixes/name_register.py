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

``Citer`` keeps that register as cites come, and as a bibliography's items are
registered (``citer.disambiguated``), with the helpers here (``levels``, ``person``).

Extends: nothing at render time.
"""

from __future__ import annotations

import re
from functools import cache
from typing import Any

__all__ = [
    "compared_count",
    "compared_options",
    "first_name",
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


def first_name(citation: Any, tag: str = "name") -> Any:
    """The first ``cs:name`` (or other *tag*: ``names``) the citation's layout reaches
    (through its macros), or None."""
    root = citation.getroottree().getroot()
    macros = {m.get("name"): m for m in root.findall("cs:macro", _NS)}
    seen: set[str] = set()
    ending = "}" + tag

    def first(element: Any) -> Any:
        for node in element.iter():
            found_tag = node.tag if isinstance(node.tag, str) else ""
            if found_tag.endswith(ending):
                return node
            name = node.get("macro")
            if name is not None and name not in seen and name in macros:
                seen.add(name)
                found = first(macros[name])
                if found is not None:
                    return found
        return None

    layout = citation.find("cs:layout", _NS)
    return first(layout) if layout is not None else None


def _option(citation: Any, name: Any, attribute: str, inherited: str | None = None) -> Any:
    """*attribute* of the cs:name *name*, else (as *inherited*) of the citation, then the style."""
    if name is not None and name.get(attribute) is not None:
        return name.get(attribute)
    for holder in (citation, citation.getroottree().getroot()):
        if holder.get(inherited or attribute) is not None:
            return holder.get(inherited or attribute)
    return None


def first_name_options(citation: Any) -> tuple[str | None, str]:
    """The ``initialize-with`` (None: none) and ``form`` of the first ``cs:name`` the
    citation's layout reaches (through its macros), inherited from the citation and
    the style."""
    name = first_name(citation)
    initialize_with = _option(citation, name, "initialize-with")
    return initialize_with, _option(citation, name, "form", "name-form") or "long"


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


def compared_options(citation: Any) -> tuple[int, int]:
    """The et-al-min and et-al-use-first of a cite compared as citeproc-js compares it:
    as a subsequent cite (the et-al-subsequent options where the style has them), read
    from the first ``cs:name`` of the citation, else the citation, else the style (0:
    none)."""
    name = first_name(citation)

    def option(attribute: str) -> int:
        value = _option(citation, name, attribute)
        try:
            return int(value) if value is not None else 0
        except ValueError:
            return 0

    minimum = option("et-al-subsequent-min") or option("et-al-min")
    first = option("et-al-subsequent-use-first") or option("et-al-use-first")
    return minimum, first


def compared_count(count: int, options: tuple[int, int]) -> int:
    """How many of *count* names a cite compared with *options* (``compared_options``)
    shows.

    >>> compared_count(4, (3, 1)), compared_count(2, (3, 1)), compared_count(4, (0, 0))
    (1, 2, 4)
    """
    minimum, first = options
    if minimum and count >= minimum and first:
        return first
    return count
