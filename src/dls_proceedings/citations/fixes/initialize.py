"""``initialize="false"``: given names stay whole; only existing initials get the mark.

citeproc-py ignores the attribute and initializes whenever ``initialize-with``
is set, so Chicago, MLA and ASA print "Murai, S." for "Murai, Shogo". CSL says
that with ``initialize="false"`` names are not initialized, while initials that
are already there ("Chris A") are punctuated with ``initialize-with`` ("Chris
A."), which is what citeproc-js prints.

Extends: ``Name.initialize``.
"""

from __future__ import annotations

import re
from typing import Any

from citeproc import model

__all__ = ["ELEMENTS", "Name", "punctuate_initials"]

_INITIAL = re.compile(r"[^\W\d_]\.?")


def punctuate_initials(given: str, mark: str) -> str:
    """Add *mark* (trailing space dropped) to each one-letter word of *given*.

    >>> punctuate_initials("Chris A", ". ")
    'Chris A.'
    >>> punctuate_initials("Hamsa Shwetha", ". ")
    'Hamsa Shwetha'
    """
    words = given.split(" ")
    return " ".join(
        w[0] + mark.rstrip() if _INITIAL.fullmatch(w) and w[0].isupper() else w for w in words
    )


class Name:
    def initialize(self: Any, given: Any, mark: Any, context: Any) -> Any:
        if self.get("initialize", "true").lower() == "false":
            return type(given)(punctuate_initials(str(given), str(mark)))
        return super().initialize(given, mark, context)  # type: ignore[misc]


ELEMENTS = ((model.Name, Name),)
