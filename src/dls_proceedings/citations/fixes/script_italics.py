"""Italics are not applied to text that has no romanesque letter, as citeproc-js.

citeproc-js drops a ``font-style`` (italic, oblique, normal) from a piece of text it
appends whose characters include no letter or digit of the Latin, Greek, Cyrillic,
Hebrew, Arabic or Thai scripts (its ``ROMANESQUE_REGEXP``): a family name "王" in an
italic name-part prints upright ("王小明, Ann <i>Doe</i>"), as does a title in
Chinese set in italics. Other formatting (small caps, bold) stays. It applies to the
pieces of text themselves (a ``cs:text`` of a variable, term or value, a number, a
label, a date part, a name part), not to a group or macro around them.

Extends: ``Formatted.font_style``.
"""

from __future__ import annotations

import re
from typing import Any

from citeproc import model

from dls_proceedings.citations.fixes.name_scripts import ROMANESQUE

__all__ = ["ELEMENTS", "Formatted"]

_ROMANESQUE = re.compile(ROMANESQUE)
_MARKUP = re.compile(r"<[^>]*>|&#?[0-9A-Za-z]+;")
_LEAVES = (model.Text, model.Number, model.Label, model.Date_Part, model.Name_Part)


class Formatted:
    def font_style(self: Any, text: Any) -> Any:
        if text is not None and isinstance(self, _LEAVES) and "macro" not in self.attrib:
            shown = str(text)
            if "<" in shown or "&" in shown:
                shown = _MARKUP.sub("", shown)
            if not _ROMANESQUE.search(shown):
                return text
        return super().font_style(text)  # type: ignore[misc]


ELEMENTS = ((model.Formatted, Formatted),)
