"""CSL 1.0.2 variables that citeproc-py 0.11 does not know.

citeproc-py warns about ``event-title``, ``citation-key`` and the other
variables CSL 1.0.2 added (a ``UserWarning`` per item: "unsupported"), and
reads ``available-date`` as text, not as a date. Our source accepts them, and
the ``custom`` object CSL-JSON 1.0.2 keeps for data of its own (no style reads
it; citeproc-js ignores it). As in
citeproc-js, ``event-title`` in the data does not stand in for a style's older
``event`` variable.

Extends: ``CiteProcJSON`` (the source's variables and dates).
"""

from __future__ import annotations

__all__ = ["SOURCE", "Variables"]

_NEW = ("event_title", "citation_key", "page_first", "available_date", "part_title",
        "volume_title", "title_short", "container_title_short", "publisher_place",
        "custom")  # fmt: skip


class Variables:
    """The source accepts CSL 1.0.2's variables; ``available-date`` is a date."""

    extra_variables = _NEW
    extra_dates = ("available_date",)


SOURCE = (Variables,)
