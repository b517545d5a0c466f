"""What the exporters accept as items, and the volume they belong to (private)."""

from __future__ import annotations

from collections.abc import Iterable

from dls_proceedings.errors import ArgumentTypeError
from dls_proceedings.models import Paper, Session, Workshop

__all__ = ["Items", "papers_of", "resolve"]

Items = Workshop | Session | Paper | Iterable[Paper]
"""A ``Workshop`` (its papers and the volume), a ``Session``, a ``Paper`` or papers."""


def papers_of(items: Items) -> list[Paper]:
    """The papers *items* stands for, in order; anything else is an ``ArgumentTypeError``."""
    if isinstance(items, (Workshop, Session)):
        return list(items.papers)
    papers = [items] if isinstance(items, Paper) else list(items)
    for i, paper in enumerate(papers):
        if not isinstance(paper, Paper):
            raise ArgumentTypeError(
                f"item {i} is a {type(paper).__name__}, expected a Paper "
                "(items is a Workshop, a Session, a Paper or an iterable of papers)"
            )
    return papers


def resolve(items: Items, volume: Workshop | None) -> tuple[Workshop | None, list[Paper]]:
    """The volume *items* belong to, and their papers.

    A ``Workshop`` is its own volume; papers that all belong to the bundled
    volume get it; otherwise the caller's *volume* (or ``None``).
    """
    if isinstance(items, Workshop):
        return items, list(items.papers)
    papers = papers_of(items)
    if volume is None:
        from dls_proceedings.catalog import load

        bundled = load()
        if papers and all(bundled._by_key.get(p.key) == p for p in papers):
            volume = bundled
    return volume, papers
