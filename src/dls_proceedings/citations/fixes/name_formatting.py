"""Formatting and affixes on ``cs:name`` apply to each name, not to the whole list.

DIN 1505-2 sets ``font-variant="small-caps"`` on ``cs:name``; citeproc-js puts
each name in its own small-caps span and leaves the delimiters (" ; ")
outside, citeproc-py wraps the whole list. Here each name is rendered on its
own (with the list's sort-order rule for its position), found in order in
the rendered list, and formatted and given the name's affixes there ("[Doe]
and [Roe]"; an institution, a literal name, is formatted but takes no affixes:
"The Exascale Computing Project, Murai, C. A." where the name's suffix is "."); the list as a whole gets nothing more, but for a list "et al."
cuts short: that one is formatted and given the affixes once more as a whole
(as citeproc-js: "<i><i>Doe</i> et al.</i>").

Extends: ``Name.process``, ``Name.markup``.
"""

from __future__ import annotations

from typing import Any

from citeproc import model

from dls_proceedings.citations.fixes._context import CONTEXT, ItemView, reference_view

__all__ = ["ELEMENTS", "Name"]

_FORMATTING = ("font-style", "font-variant", "font-weight", "text-decoration", "vertical-align")


class Name:
    def process(self: Any, item: Any, variable: Any, context: Any = None,
                sort_options: Any = None, **kw: Any) -> Any:  # fmt: skip
        process = super().process  # type: ignore[misc]
        text = process(item, variable, context=context, sort_options=sort_options, **kw)
        formatted = any(self.get(a) is not None for a in _FORMATTING) or bool(
            self.get("prefix") or self.get("suffix")
        )
        if not formatted or not isinstance(text, (str, list)) or not text:
            return text
        key = variable.replace("-", "_")
        names = item.reference.get(key, [])
        order = self.get_option("name-as-sort-order", context, sort_options)
        full = str(text)
        pieces: list[str] = []
        position = 0
        for index, one in enumerate(names):
            view = ItemView(item, reference_view(item.reference, {key: [one]}))
            options = dict(sort_options or {})
            options["name-as-sort-order"] = (
                "all" if order == "all" or (order == "first" and index == 0) else None
            )
            options["et-al-min"] = 0
            single = str(process(view, variable, context=context, sort_options=options, **kw))
            found = full.find(single, position)
            if not single:
                break
            if found < 0:
                continue  # a name the list leaves out (et al.; the last one may follow)
            pieces.append(full[position:found])
            # An institution (a literal name) takes the formatting, not the affixes, as
            # citeproc-js renders it with its own institution token.
            if getattr(one, "__dict__", {}).get("substitute"):
                pieces.append(single)  # subsequent-author-substitute's: as it is
                position = found + len(single)
                continue
            shown = self.format(single)
            pieces.append(str(shown if "literal" in one else self.wrap(shown)))
            position = found + len(single)
        pieces.append(full[position:])
        joined = "".join(pieces)
        if _with_et_al(self, len(names), context, sort_options):
            # citeproc-js formats a list cut short by "et al." once more as a whole:
            # "<i><i>Doe</i> et al.</i>".
            state = CONTEXT.get()
            if state is not None:
                state.whole_list = True
            try:
                joined = str(self.wrap(self.format(joined)))
            finally:
                if state is not None:
                    state.whole_list = False
        return _Formatted(joined)

    def markup(self: Any, text: Any) -> Any:
        if isinstance(text, _Formatted):
            return str(text) if text else None
        return super().markup(text)  # type: ignore[misc]


def _with_et_al(element: Any, count: int, context: Any, sort_options: Any) -> bool:
    """Whether *element* (a cs:name) cuts a list of *count* names short with "et al."."""
    get = element.get_option
    minimum = get("et-al-min", context, sort_options)
    first = get("et-al-use-first", context, sort_options)
    if count < 2 or not minimum or count < minimum or first >= count:
        return False
    if get("et-al-use-last", context, sort_options):
        return False
    return bool(str(element.et_al() or ""))


class _Formatted(str):
    """A name list whose names already carry the name element's formatting."""


ELEMENTS = ((model.Name, Name),)
