"""Venues from importers' fields, and a volume from papers that share one (private).

Every importer (BibTeX, CSL-JSON, RIS) reads a paper's container into a
``Venue``; ``assemble`` turns the papers of one file into a ``Workshop``. What
the papers say of their venue must agree: a fact two papers give differently is
a problem naming both values and the papers, never a silent choice.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from pydantic import ValidationError

from dls_proceedings._gc import gc_paused
from dls_proceedings._problems import Problems, validation_messages
from dls_proceedings.models import Location, Paper, Venue, Workshop, country_code

__all__ = ["VENUE_FACTS", "assemble", "location", "volume_key"]

VENUE_FACTS = tuple(name for name in Venue.model_fields if name != "key")
"""The facts of a venue two papers must agree on (the key is how a file names it)."""

# "... Supercomputers (DLS)" or "... (DLS 2020)": the acronym a title ends with.
_TITLE_ACRONYM = re.compile(r"\(([A-Z][A-Za-z0-9&/-]{1,15})(?:\s*'?\d{2,4})?\)\s*$")
_KEY_WORD = re.compile(r"[A-Za-z0-9]+")
_SMALL_WORDS = frozenset(
    ["a", "an", "and", "at", "by", "for", "from", "in", "of", "on", "or", "the", "to", "with"]
)


def location(text: str) -> dict[str, Any]:
    """A printed place as ``Location`` fields: "City", "City, Country", "City, Region, Country".

    The last part is the country only when it names one; otherwise the whole
    text is the city, so nothing is lost or guessed.

    >>> location("Atlanta, Georgia, USA")
    {'city': 'Atlanta', 'region': 'Georgia', 'country': 'USA'}
    >>> location("Virtual Event")
    {'city': 'Virtual Event'}
    """
    parts = [part.strip() for part in text.split(",")]
    if len(parts) in (2, 3) and all(parts):
        try:
            country_code(parts[-1])
        except ValueError:
            return {"city": text.strip()}
        if len(parts) == 2:
            return {"city": parts[0], "country": parts[1]}
        return {"city": parts[0], "region": parts[1], "country": parts[2]}
    return {"city": text.strip()}


def acronym_of(title: str) -> str | None:
    """The acronym a title ends with in parentheses ("... (DLS)" -> "DLS"), or ``None``."""
    match = _TITLE_ACRONYM.search(title)
    return match.group(1) if match else None


def volume_key(venue: Venue) -> str:
    """A key for a volume that names none: its acronym and year, else its title's initials.

    >>> volume_key(Venue(title="Proceedings of the Workshop on Deep Learning", year=2021))
    'pwdl2021'
    """
    acronym = venue.acronym or acronym_of(venue.title)
    if acronym is None:
        words = [w for w in _KEY_WORD.findall(venue.title) if w.lower() not in _SMALL_WORDS]
        acronym = "".join(w[0] for w in words[:8] if not w.isdigit()) or "volume"
    stem = "".join(c for c in acronym.lower() if c.isascii() and c.isalnum()) or "volume"
    return f"{stem}{venue.year}" if venue.year is not None else stem


def _shown(value: object) -> str:
    if isinstance(value, Location):
        return repr(str(value))
    return repr(value)


def _agreed(venues: Sequence[tuple[str, Venue]], problems: Problems, where: str) -> dict[str, Any]:
    """The facts the venues give, each once; a fact given differently is a problem."""
    # The papers of one volume share a Venue object (an importer reads it once): each
    # distinct object is looked at once, its owners kept with their places in the input.
    distinct: dict[int, tuple[Venue, list[tuple[int, str]]]] = {}
    for place, (owner, venue) in enumerate(venues):
        distinct.setdefault(id(venue), (venue, []))[1].append((place, owner))
    facts: dict[str, Any] = {}
    for name in VENUE_FACTS:
        placed: dict[Any, list[tuple[int, str]]] = {}
        for venue, owned in distinct.values():
            value = getattr(venue, name)
            if value is not None:
                placed.setdefault(value, []).extend(owned)
        if len(placed) > 1:
            given = {
                value: [owner for _, owner in sorted(owned)] for value, owned in placed.items()
            }
            listed = "; ".join(
                f"{_shown(value)} ({', '.join(owners[:3])}{', ...' if len(owners) > 3 else ''})"
                for value, owners in given.items()
            )
            problems.add(0, where, f"the papers disagree on the volume's {name}: {listed}")
        elif placed:
            facts[name] = next(iter(placed))
    return facts


def assemble(
    papers: Sequence[Paper],
    problems: Problems,
    *,
    container: Venue | None = None,
    extra: dict[str, Any] | None = None,
) -> Workshop | None:
    """The volume *papers* make, or ``None`` with the reasons in *problems*.

    *container* is the volume's own record when the file has one (an
    ``@proceedings`` entry, a CSL-JSON ``book``): its facts are the volume's,
    and a paper may leave them out but not contradict them. Without one, the
    papers' venues are the volume's facts and must agree. *extra* adds fields
    only a volume has (``author_index_page``). Papers are ordered by their first
    page when every one has pages, else kept in file order; the volume has one
    session without a heading (a file does not record sessions).
    """
    # Thousands of papers copied and validated: with the collector paused, as every
    # bulk step of this package (see dls_proceedings._gc).
    with gc_paused():
        return _assemble(papers, problems, container, extra)


def _assemble(
    papers: Sequence[Paper],
    problems: Problems,
    container: Venue | None,
    extra: dict[str, Any] | None,
) -> Workshop | None:
    where = "the volume"
    if not papers:
        problems.add(0, where, "the input holds no paper: a volume needs at least one")
        return None
    owners = [(repr(p.key), p.venue) for p in papers if p.venue is not None]
    missing = [p.key for p in papers if p.venue is None]
    if container is None and missing:
        shown = ", ".join(map(repr, missing[:5])) + (", ..." if len(missing) > 5 else "")
        problems.add(
            0,
            where,
            f"{len(missing)} paper(s) name no venue (no booktitle, container or crossref): {shown}",
        )
    titles = {venue.title for _, venue in owners}
    if container is not None:
        titles.add(container.title)
    if len(titles) > 1:
        listed = "; ".join(repr(t) for t in sorted(titles))
        problems.add(
            0,
            where,
            f"the papers appeared in {len(titles)} different volumes: {listed}; "
            "read one volume at a time",
        )
        return None
    venues = [(repr(container.key or "the volume's entry"), container)] if container else []
    facts = _agreed([*venues, *owners], problems, where)
    keys = {venue.key for _, venue in [*venues, *owners] if venue.key is not None}
    if len(keys) > 1:
        problems.add(0, where, f"the papers name the volume by different keys: {sorted(keys)}")
    if problems or "title" not in facts:
        return None
    try:
        venue = Venue.model_validate(facts)
    except ValidationError as exc:
        for message in validation_messages(exc):
            problems.add(0, where, message)
        return None
    if venue.acronym is None and acronym_of(venue.title) is not None:
        facts["acronym"] = acronym_of(venue.title)
    key = next(iter(keys)) if keys else volume_key(venue)
    # The volume's venue as the Workshop will make it: each paper gets it now (one
    # copy each), so that the Workshop finds every paper's venue its own.
    final = venue.model_copy(update={"key": key, "acronym": facts.get("acronym")})
    ordered = list(papers)
    if all(p.pages is not None for p in ordered):
        ordered.sort(key=lambda p: p.pages.first if p.pages is not None else 0)
    placed = [p if p.venue is final else p.model_copy(update={"venue": final}) for p in ordered]
    data = {**facts, **(extra or {}), "key": key, "sessions": [{"papers": placed}]}
    try:
        return Workshop.model_validate(data)
    except ValidationError as exc:
        for message in validation_messages(exc):
            problems.add(0, where, message)
        return None
