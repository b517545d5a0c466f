"""What the exporters accept as items, and the venue each paper is exported with (private)."""

from __future__ import annotations

from collections.abc import Iterable

from dls_proceedings.errors import ArgumentTypeError
from dls_proceedings.models import Paper, Session, Venue, Workshop

__all__ = ["Items", "papers_of", "venue_argument", "venued"]

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


def venue_argument(volume: object) -> Venue | None:
    """The ``volume=`` argument of an exporter as a venue (a ``Workshop``'s, or itself)."""
    if volume is None or isinstance(volume, Venue):
        return volume
    if isinstance(volume, Workshop):
        return volume.venue
    raise ArgumentTypeError(
        f"volume must be a Workshop, a Venue or None, not {type(volume).__name__}"
    )


def venued(items: Items, volume: object = None) -> list[tuple[Paper, Venue | None]]:
    """Each paper of *items* with the venue it is exported with.

    A paper's own venue comes first (every paper of a ``Workshop`` has the
    volume's); *volume* (a ``Workshop`` or ``Venue``) is the venue of papers that
    carry none. Nothing here looks at the bundled volume.
    """
    fallback = venue_argument(volume)
    return [(paper, paper.venue or fallback) for paper in papers_of(items)]
