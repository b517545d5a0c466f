"""CSL 1.0.2 variables that citeproc-py 0.11 does not know.

citeproc-py warns about, and cannot render, ``event-title``, ``citation-key``
and the other variables CSL 1.0.2 added. Registering them lets styles that use
them render them. As in citeproc-js, ``event-title`` in the data does not stand
in for a style's older ``event`` variable.
"""

from __future__ import annotations

__all__ = ["apply"]

_NEW = ("event_title", "citation_key", "page_first", "available_date", "part_title",
        "volume_title", "title_short", "container_title_short", "publisher_place")  # fmt: skip


def apply() -> None:
    import citeproc
    import citeproc.source

    for name in _NEW:
        if name not in citeproc.VARIABLES:
            citeproc.VARIABLES.append(name)
    # source/__init__.py bound the list object itself, so appending is enough;
    # the names of dates need the same treatment for available-date.
    if "available_date" not in citeproc.DATES:
        citeproc.DATES.append("available_date")
