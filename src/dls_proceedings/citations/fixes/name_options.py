"""Name list options as citeproc-js reads them: et-al without "use-first", "after-inverted-name".

citeproc-py reads ``et-al-use-first`` with a default of 1, so a name list whose
style sets ``et-al-min`` but never ``et-al-use-first`` (on ``cs:name``, its
``cs:bibliography`` or ``cs:style``) is cut to one name and "et al."; citeproc-js
then shows every name. ``et-al-use-first="0"`` shows nothing at all in
citeproc-js (the list is empty); citeproc-py printed a lone "et al.". And
``form="count"`` counts the names the list shows, and cs:names adds up the
counts of its variables (citeproc-py joined them as text: "32" for 3 and 2).
``delimiter-precedes-last`` and ``delimiter-precedes-et-al`` with the value
``after-inverted-name`` put the delimiter before the last name only when the name
before it is inverted ("Leong, G. B., & Silva, J. A."), and before "et al."
where one name is shown (citeproc-js's test there: "The Project, et al."),
which citeproc-py does not know (it never puts the delimiter there).

Extends: ``Name.process`` (the options it reads; the count), ``Name.markup`` (a count).
"""

from __future__ import annotations

from typing import Any

from citeproc import model

from dls_proceedings.citations.fixes._context import kept
from dls_proceedings.citations.fixes._strings import String

__all__ = ["ELEMENTS", "Name"]

_INHERITED = "./ancestor::*[self::cs:citation or self::cs:bibliography][1]"


def _set_anywhere(element: Any, option: str, context: Any) -> bool:
    """Whether *option* is set on the name element, its citation or bibliography, or the style."""
    if element.get(option) is not None:
        return True
    found = (context if context is not None else element).xpath_search(_INHERITED)
    if found and found[0].get(option) is not None:
        return True
    return element.get_root().get(option) is not None


class Name:
    def process(self: Any, item: Any, variable: Any, context: Any = None,
                sort_options: Any = None, **kw: Any) -> Any:  # fmt: skip
        process = super().process  # type: ignore[misc]
        options = dict(sort_options) if sort_options else {}
        table = kept("name_options")
        key = (self, context)
        known = table.get(key)
        if known is None:
            known = table[key] = _set_anywhere(self, "et-al-use-first", context)
        names = item.reference.get(variable.replace("-", "_")) or []
        if "et-al-min" not in options and "et-al-use-first" not in options:
            if not known:
                options["et-al-min"] = 0
            else:
                minimum = self.get_option("et-al-min", context, sort_options)
                first = self.get_option("et-al-use-first", context, sort_options)
                if first == 0 and minimum and len(names) > 1 and len(names) >= minimum:
                    return String("")
        if self.get_option("form", context, sort_options) == "count":
            # The names the list shows (citeproc-py: never more than et-al-use-first).
            minimum = self.get_option("et-al-min", context, options or sort_options)
            first = self.get_option("et-al-use-first", context, options or sort_options)
            if minimum and len(names) > 1 and len(names) >= minimum:
                return min(len(names), first)
            return len(names)
        for option in ("delimiter-precedes-last", "delimiter-precedes-et-al"):
            if option in options:
                continue
            if self.get_option(option, context, sort_options) == "after-inverted-name":
                options[option] = (
                    "always"
                    if _before_last_inverted(self, names, option, context, sort_options)
                    else "never"
                )
        return process(item, variable, context=context, sort_options=options or sort_options, **kw)

    def markup(self: Any, text: Any) -> Any:
        # A count stays a number, for cs:names to add up its variables' counts
        # (citeproc-py's formatting made it text: "3" and "2" gave "32", not 5).
        if isinstance(text, int) and not isinstance(text, bool):
            return text
        return super().markup(text)  # type: ignore[misc]


def _before_last_inverted(element: Any, names: list[Any], option: str, context: Any,
                          sort_options: Any) -> bool:  # fmt: skip
    """Whether the name before the last one is inverted; before "et al.", citeproc-js
    asks only whether one name is shown (its "single" et-al prefix), inverted or not."""
    if option == "delimiter-precedes-et-al":
        minimum = element.get_option("et-al-min", context, sort_options)
        first = _use_first(element, names, context, sort_options)
        return bool(minimum) and len(names) > 1 and len(names) >= minimum and first == 1
    order = element.get_option("name-as-sort-order", context, sort_options)
    if order == "all":
        last = len(names) - 2 if option == "delimiter-precedes-last" else len(names) - 1
        return 0 <= last < len(names) and _personal(names[last])
    if order != "first":
        return False
    shown = len(names)
    minimum = element.get_option("et-al-min", context, sort_options)
    first = _use_first(element, names, context, sort_options)
    if minimum and len(names) > 1 and len(names) >= minimum:
        shown = first
    # The name before the delimiter: the second-last shown, or the last before "et al.".
    before = shown - 2 if option == "delimiter-precedes-last" else shown - 1
    return before == 0 and _personal(names[0])


def _use_first(element: Any, names: list[Any], context: Any, sort_options: Any) -> Any:
    """et-al-use-first, or more: the names disambiguation added show too (``ShownNames``)."""
    first = element.get_option("et-al-use-first", context, sort_options)
    added = getattr(names, "shown", None)
    return added if isinstance(added, int) and added > (first or 0) else first


def _personal(name: Any) -> bool:
    """A literal (institutional) name is never inverted."""
    return not (hasattr(name, "get") and name.get("literal"))


ELEMENTS = ((model.Name, Name),)
