"""Names are written by their script, as citeproc-js writes them.

citeproc-js tells names apart by whether their letters are "romanesque" (Latin,
Greek, Cyrillic, Hebrew, Arabic and Thai letters, digits, hyphens: the
character class below):

- a family name without a single such character (王, 김; double quotes
  aside) is written family then given, with nothing between them, never
  initialized nor inverted: "王小明" in every style and position (the family
  and the given name each with its ``cs:name-part`` formatting: "<sc>王</sc>小明"),
  and "王" alone in the short form; a name without a family name is its given name;
- such a family name with a given name that starts with a romanesque letter
  ("王", "Xiaoming"), and any name of an item whose ``language`` is Japanese
  or Chinese, is written family, space, given, the given name initialized as
  usual ("王 X.", never inverted with a comma);
- a given name that does not start with a romanesque letter (or "&") is never
  initialized ("小明 Wang", "Wang, 小明").

citeproc-py treats every name as a Latin one and prints ". 小明 . 王". Besides,
as in citeproc-js, an empty name part is no part (citeproc-py initializes an
empty given name into "."), a family name in double quotes is that name
without them, and straight quotes and apostrophes in every part are read as
``quotes`` reads them in titles ("D’Aubigné").

The names that need any of this are marked when the data is read; a name
list without them renders as before, at the cost of one test per name.

Extends: ``CiteProcJSON.parse_names``, ``CiteProcJSON.add`` (marking), ``Name.process``,
``Name.initialize``.
"""

from __future__ import annotations

import re
from typing import Any

from citeproc import NAMES, model

from dls_proceedings.citations.fixes._context import CONTEXT, ItemView, reference_view
from dls_proceedings.citations.fixes._records import name_class
from dls_proceedings.citations.fixes.name_parts import (
    LETTERS,
    STARTS_ROMANESQUE,
    ShownNames,
    script_marked,
)

__all__ = ["ELEMENTS", "ROMANESQUE", "SOURCE", "script_kind", "unquoted"]

ROMANESQUE = f"[-0-9a-zA-Z{LETTERS}]"
"""One romanesque character (citeproc-js's ``ROMANESQUE_REGEXP``), as a pattern."""
_ROMANESQUE = re.compile(ROMANESQUE)
# Characters that may be quotes or apostrophes (see ``quotes``).
_QUOTES = re.compile("['\"\u2018-\u201f\u00ab\u00bb\u2039\u203a\u300c-\u300f]")
_STATIC_ORDER_LANGUAGES = ("ja", "zh")


def script_kind(family: str, given: str | None, language: str | None = None) -> int:
    """0: non-romanesque family name; 1: mixed (or a Japanese/Chinese item); 2: romanesque.

    >>> script_kind("王", "小明"), script_kind("王", "Xiaoming"), script_kind("Wang", "小明")
    (0, 1, 2)
    >>> script_kind("Suzuki", "Shigeru", "ja-JP")
    1
    """
    if not _ROMANESQUE.search(family.replace('"', "")):
        return 1 if given and STARTS_ROMANESQUE.match(given) else 0
    if language and language[:2] in _STATIC_ORDER_LANGUAGES:
        return 1
    return 2


def unquoted(family: Any) -> Any:
    """A family name in double quotes without them (citeproc-js: a name taken as it is)."""
    if isinstance(family, str) and len(family) >= 2 and family[0] == '"' and family[-1] == '"':
        return family[1:-1]
    return family


def _needs_script_rules(name: dict[str, Any]) -> bool:
    """Whether *name* renders differently from what citeproc-py makes of it."""
    family = name.get("family")
    given = name.get("given")
    if type(family) is str and type(given) is str and len(name) == 2:
        # The usual name: a family and a given name (one test of each).
        if family[:1] == '"' or not _ROMANESQUE.search(family) or _QUOTES.search(given):
            return True
        return _QUOTES.search(family) is not None
    if any(isinstance(v, str) and _QUOTES.search(v) for v in name.values()):
        return True
    if "literal" in name:
        return False
    if not isinstance(family, str):
        return bool(given)
    return unquoted(family) != family or not _ROMANESQUE.search(family.replace('"', ""))


class Source:
    def parse_names(self: Any, json_data: Any) -> Any:
        data = []
        marked = []
        for name in json_data:
            if isinstance(name, dict):
                if "" in name.values():  # citeproc-js: an empty part is no part (rare)
                    name = {k: v for k, v in name.items() if v != ""}
                marked.append(_needs_script_rules(name))
            else:
                marked.append(False)
            data.append(name)
        parsed = super().parse_names(data)  # type: ignore[misc]
        if any(marked):
            script = self.records["ScriptName"]
            parsed = [
                script(**dict(n)) if mark else n for n, mark in zip(parsed, marked, strict=True)
            ]
        return parsed

    def add(self: Any, entry: Any) -> None:
        language = entry.get("language")
        if isinstance(language, str) and language[:2] in _STATIC_ORDER_LANGUAGES:
            script = self.records["ScriptName"]
            for key in NAMES:
                value = entry.get(key)
                if isinstance(value, list):
                    dict.__setitem__(entry, key, [script(**dict(n)) for n in value])
        super().add(entry)  # type: ignore[misc]


class Name:
    def process(self: Any, item: Any, variable: Any, context: Any = None,
                sort_options: Any = None, **kw: Any) -> Any:  # fmt: skip
        from dls_proceedings.citations.fixes.quotes import quoting

        process = super().process  # type: ignore[misc]
        names = item.reference.get(variable)
        if not names or not any(script_marked(n) for n in names):
            return process(item, variable, context=context, sort_options=sort_options, **kw)
        form = self.get_option("form", context, sort_options)
        if form == "count":
            return process(item, variable, context=context, sort_options=sort_options, **kw)
        initialize_with = self.get_option("initialize-with", context, sort_options)
        language = item.reference.get("language")
        state = CONTEXT.get()
        sorting = state is not None and state.sorting_options is not None
        reader = quoting(self)

        def written(one: Any) -> Any:
            if not script_marked(one):
                return one
            plain = name_class(one)
            parts = {k: reader.process(v, None) if isinstance(v, str) else v
                     for k, v in one.items()}  # fmt: skip
            if "literal" in parts:
                return plain(**parts)
            family = unquoted(one.get("family")) or ""
            parts["family"] = reader.process(family, None)
            given = parts.get("given")
            kind = script_kind(family, one.get("given"), language)
            if kind == 2:
                return plain(**{k: v for k, v in parts.items() if v != ""})
            head = [p for p in (parts.get("non-dropping-particle"), parts["family"]) if p]
            if kind == 0:
                text = "".join([*head, given or ""] if form != "short" else head)
                first, join = "".join(head), ""
            else:
                pieces = [" ".join(head)] if head else []
                if given and form != "short":
                    # As in citeproc-js, only a given name with a family name is initialized.
                    if family and initialize_with is not None:
                        given = self.initialize(given, initialize_with, context)
                    pieces.append(given)
                text = " ".join(pieces)
                first, join = " ".join(head), " "
            if not sorting and first and (form == "short" or not given):
                # Written by its script, the name takes no name-part affixes (citeproc-js
                # gives them to a romanesque name only): ``name_parts`` reads the join.
                alone = plain(family=text)
                object.__setattr__(alone, "script_join", "")
                return alone
            if sorting or not first or form == "short" or not given:
                return plain(family=text)
            # Family and given name apart, each with its name-part's formatting, joined
            # without inversion ("<sc>王</sc>小明"): ``name_parts`` reads the join.
            written_name = plain(family=first, given=given)
            object.__setattr__(written_name, "script_join", join)
            return written_name

        # A name with nothing to show (the short form of a given name alone) is left out.
        shown: list[Any] = [n for n in map(written, names) if n.get("family") != ""]
        if isinstance(names, ShownNames):
            # The names disambiguation adds are still shown (``name_parts``).
            shown = ShownNames(shown, names.shown)
        view = ItemView(item, reference_view(item.reference, {variable: shown}))
        return process(view, variable, context=context, sort_options=sort_options, **kw)

    def initialize(self: Any, given: Any, mark: Any, context: Any) -> Any:
        # A given name that does not start with a romanesque letter stays whole.
        if not STARTS_ROMANESQUE.match(str(given)):
            return given
        return super().initialize(given, mark, context)  # type: ignore[misc]


SOURCE = (Source,)
ELEMENTS = ((model.Name, Name),)
