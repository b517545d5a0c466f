"""A space before ``: ; ? ! »`` and after ``«`` in the data becomes a narrow no-break space.

citeproc-js writes every string of an item it outputs with a narrow no-break
space (U+202F) in place of a space before ``:``, ``;``, ``?``, ``!`` and ``»``
and after ``«`` (French typography: "c’est ? Une étude : « le cas »" prints
"c’est\u202f? Une étude\u202f: «\u202fle cas\u202f»"), whatever the locale;
affixes and delimiters, which the style writes, keep their spaces. citeproc-py
prints the spaces. Here each string field of an item is read that way once,
when the item is read; names, and a style's values and terms, are left as
they are.

Extends: ``CiteProcJSON.parse_string``.
"""

from __future__ import annotations

import re
from typing import Any

__all__ = ["SOURCE", "narrow"]

NNBSP = "\u202f"
_BEFORE = re.compile(r" (?=[:;?!\u00bb])")
_AFTER = re.compile("\u00ab ")
_ANY = re.compile(" [:;?!\u00bb]|\u00ab ")


def narrow(text: str) -> str:
    """*text* with citeproc-js's narrow no-break spaces.

    >>> narrow("c’est ? Une étude : « le cas »") == "c’est\u202f? Une étude\u202f: «\u202fle cas\u202f»"
    True
    """
    if not _ANY.search(text):
        return text
    return _AFTER.sub("\u00ab" + NNBSP, _BEFORE.sub(NNBSP, text))


class Source:
    def parse_string(self, value: Any) -> Any:
        if type(value) is str and _ANY.search(value):
            value = narrow(value)
        return super().parse_string(value)  # type: ignore[misc]


SOURCE = (Source,)
