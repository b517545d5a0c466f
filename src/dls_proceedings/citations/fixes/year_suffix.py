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
``issued``. Items with the same identity get suffixes in bibliography order
through the ``year-suffix`` variable.

A style that never prints that variable (no ``<text variable="year-suffix"/>``
and no ``citation-label``: elsevier-harvard, springer-basic-author-date, bibtex, …)
still gets the suffix, implicitly, as citeproc-js adds it: once per entry, right
after the first year a date of the entry renders (whichever date variable and
whether in a localized date or not), as a piece of its own formatted like that
year's ``cs:date-part`` (its affixes, font and text-case: "(2020)(a)", "20A"),
with no date delimiter before it.
"""

from __future__ import annotations

import re
from typing import Any

from dls_proceedings.citations.fixes._state import STATE
from dls_proceedings.citations.fixes.name_scripts import unquoted as _unquoted

__all__ = ["apply", "assign", "suffix"]

# The suffix a style prints implicitly, kept on the reference beside ``year_suffix``.
IMPLICIT = "_implicit_year_suffix"
_EXPLICIT = '//cs:text[@variable="year-suffix" or @variable="citation-label"]'
_WORDS = re.compile(r"[\s.\-]+")
_NAME_VARIABLES = ("author", "editor", "translator")


def suffix(index: int) -> str:
    """The *index*-th year suffix (0: "a").

    >>> suffix(0), suffix(25), suffix(26), suffix(27)
    ('a', 'z', 'aa', 'ab')
    """
    n = index + 1
    out = ""
    while n:
        n, rest = divmod(n - 1, 26)
        out = chr(ord("a") + rest) + out
    return out


def _initials(given: str) -> str:
    return "".join(w[0].upper() for w in _WORDS.split(given) if w)


def _options(citation: Any) -> dict[str, Any] | None:
    """The citation's disambiguation options, or None without year suffixes."""
    if citation is None or citation.get("disambiguate-add-year-suffix", "false") != "true":
        return None
    rule = citation.get("givenname-disambiguation-rule", "by-cite")
    return {
        "names": citation.get("disambiguate-add-names", "false") == "true",
        "givens": citation.get("disambiguate-add-givenname", "false") == "true",
        "primary": rule.startswith("primary-name"),
        "initials": rule.endswith("-with-initials"),
        "et_al_min": int(citation.get("et-al-min", 0) or 0),
        "et_al_use_first": int(citation.get("et-al-use-first", 0) or 0),
    }


def _identity(reference: Any, options: dict[str, Any]) -> tuple[Any, ...]:
    names = None
    for variable in _NAME_VARIABLES:
        names = reference.get(variable)
        if names:
            break
    if names:
        shown: list[tuple[str, ...]] = []
        count = len(names)
        if not options["names"] and options["et_al_min"] and count >= options["et_al_min"]:
            names = names[: options["et_al_use_first"]]
        for position, name in enumerate(names):
            if "literal" in name:
                shown.append((str(name["literal"]),))
                continue
            family = " ".join(
                str(p)
                for p in (name.get("non-dropping-particle"), _unquoted(name.get("family")))
                if p
            )
            given = str(name.get("given") or "")
            if options["givens"] and not (options["primary"] and position > 0):
                shown.append((family, _initials(given) if options["initials"] else given))
            else:
                shown.append((family,))
        who: tuple[Any, ...] = ("names", tuple(shown), len(names) < count)
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


def assign(items: list[Any], style: Any) -> None:
    """Set ``year-suffix`` on the references of *items* (in bibliography order) that need one."""
    options = _options(getattr(style.root, "citation", None))
    if options is None:
        return
    groups: dict[tuple[Any, ...], list[Any]] = {}
    for item in items:
        reference = item.reference
        groups.setdefault(_identity(reference, options), []).append(reference)
    from citeproc.string import String

    implicit = not style.root.xpath_search(_EXPLICIT)
    for references in groups.values():
        if len(references) > 1:
            for index, reference in enumerate(references):
                dict.__setitem__(reference, "year_suffix", String(suffix(index)))
                if implicit:
                    dict.__setitem__(reference, IMPLICIT, suffix(index))


def apply() -> None:
    """Dates add the implicit suffix after an entry's first year (``assign`` sets it)."""
    from citeproc import model
    from citeproc.model import VariableError

    process = model.Date.process

    def date_process(self: Any, item: Any, *args: Any, **kwargs: Any) -> Any:
        pending = dict.get(item.reference, IMPLICIT)
        if pending is None or STATE.year_suffix_done:
            return process(self, item, *args, **kwargs)
        STATE.year_suffix_pending = pending
        try:
            return process(self, item, *args, **kwargs)
        finally:
            STATE.year_suffix_pending = None

    def parts(self: Any, date: Any, show_parts: Any, context: Any = None) -> list[Any]:
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
                pending = STATE.year_suffix_pending
                if pending is not None and name == "year":
                    # Rendering the year merged the style's date-part options into
                    # the part: the suffix is marked up as the year was.
                    text = text + part.markup(pending)
                    STATE.year_suffix_pending = None
                    STATE.year_suffix_done = True
                output.append(text)
        return output

    model.Date.process = date_process
    model.Date.parts = parts
