"""Character references written escaped in a style are read as citeproc-js reads them.

Some styles write a no-break space in an affix as ``&amp;#160;`` (sociologie:
``prefix="«&amp;#160;"``). An XML parser reads that as the six characters
"&#160;", and citeproc-py prints them so ("«&#160;Title"); citeproc-js reads
its styles with a parser of its own that replaces ``&amp;`` first and the other
references after it, so the text becomes "«\u00a0Title". Here, once a style is
parsed, its attribute values and texts have their character references
(``&#160;``, ``&#xA0;``) and ``&quot;``, ``&lt;``, ``&gt;`` replaced once more,
as citeproc-js's parser leaves them.

Extends: nothing at render time; ``styles.parsed_style`` calls ``decode`` on each
style it parses.
"""

from __future__ import annotations

import re
from typing import Any

__all__ = ["decode"]

_REFERENCE = re.compile(r"&(?:#([0-9]{1,6})|#[xX]([0-9a-fA-F]{1,6})|(quot|lt|gt));")
_NAMED = {"quot": '"', "lt": "<", "gt": ">"}


def _character(match: re.Match[str]) -> str:
    decimal, hexadecimal, name = match.groups()
    if name:
        return _NAMED[name]
    code = int(decimal) if decimal else int(hexadecimal, 16)
    # As JavaScript's String.fromCharCode: the code taken modulo 2**16.
    return chr(code & 0xFFFF) if (code & 0xFFFF) not in range(0xD800, 0xE000) else match.group(0)


def decoded(text: str) -> str:
    """*text* with the references citeproc-js's parser would still replace.

    >>> decoded("«&#160;")
    '«\\xa0'
    """
    if "&" not in text:
        return text
    return _REFERENCE.sub(_character, text)


def decode(root: Any) -> None:
    """Replace the references left in *root*'s attribute values and texts (in place)."""
    for element in root.iter():
        if not isinstance(element.tag, str):
            continue
        for name, value in element.attrib.items():
            if "&" in value:
                element.set(name, decoded(value))
        if element.text and "&" in element.text:
            element.text = decoded(element.text)
