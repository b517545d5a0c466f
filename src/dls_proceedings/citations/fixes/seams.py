"""Duplicate punctuation is merged across formatting tags too.

citeproc-py merges ".." into "." where two pieces meet, but not when the left
piece ends in a closing tag: "<i>et al.</i>" + "." stays "et al.</i>.", where
citeproc-js prints "et al.</i>". The seam test here looks through closing
tags at the last visible character.
"""

from __future__ import annotations

import re
from typing import Any

__all__ = ["apply"]

_TRAILING_TAGS = re.compile(r"(?:</[a-z]+>)+$")


def apply() -> None:
    from citeproc import model, string

    normalize_seam = string.normalize_seam

    def seam(left: Any, other: Any) -> Any:
        if other == "" or left == "" or left == []:  # nothing to merge (normalize_seam's answer)
            return other
        text = str(left)
        if text.endswith(">"):
            visible = _TRAILING_TAGS.sub("", text)
            if visible != text:
                return normalize_seam(visible, other)
        # normalize_seam reads only str(left): hand it the text made once.
        return normalize_seam(text, other)

    # Both modules bound the function by name at import.
    string.normalize_seam = seam
    model.normalize_seam = seam
