"""Our own subclasses of citeproc-py's records (references, names, dates, citations).

The source (``_core.Source``) and the render make these; citeproc-py's classes
are not changed. ``Fast`` records answer lookups with dict's own (see
``fixes.speed_records``); the plain ones behave exactly as citeproc-py's.
"""

from __future__ import annotations

from typing import Any, NoReturn

from citeproc.source import (
    Citation,
    CitationItem,
    Date,
    DateRange,
    LiteralDate,
    Name,
    Reference,
    VariableError,
)

__all__ = [
    "FastCitation",
    "FastDate",
    "FastDateRange",
    "FastLiteralDate",
    "FastName",
    "FastReference",
    "FastScriptName",
    "PlainName",
    "PlainReference",
    "ScriptName",
]


class FastRecord:
    """A record whose fields are read with dict's own lookup; a missing one raises
    ``VariableError`` (through ``__missing__``) as citeproc-py's ``__getitem__`` does."""

    __slots__ = ()

    def __missing__(self, key: Any) -> NoReturn:
        raise VariableError

    __getitem__ = dict.__getitem__
    __getattr__ = dict.__getitem__


class PlainReference(Reference):  # type: ignore[misc]
    """citeproc-py's ``Reference``, made by our source."""


class FastReference(FastRecord, PlainReference):
    """A reference read at the speed of a dict."""


class PlainName(Name):  # type: ignore[misc]
    """citeproc-py's ``Name``, made by our source."""

    script = False
    """Whether the name needs ``fixes.name_scripts``'s rules."""


class ScriptName(PlainName):
    """A name that needs the rules of ``fixes.name_scripts`` (marked when the data is read)."""

    script = True


class FastName(FastRecord, PlainName):
    pass


class FastScriptName(FastRecord, ScriptName):
    pass


class PlainDate(Date):  # type: ignore[misc]
    pass


class FastDate(FastRecord, PlainDate):
    pass


class PlainDateRange(DateRange):  # type: ignore[misc]
    pass


class FastDateRange(FastRecord, PlainDateRange):
    pass


class PlainLiteralDate(LiteralDate):  # type: ignore[misc]
    pass


class FastLiteralDate(FastRecord, PlainLiteralDate):
    pass


class PlainCitation(Citation):  # type: ignore[misc]
    pass


class FastCitation(FastRecord, PlainCitation):
    pass


class PlainCitationItem(CitationItem):  # type: ignore[misc]
    """citeproc-py's ``CitationItem``, the base of the render's item class."""


class FastCitationItem(FastRecord, PlainCitationItem):
    pass


PLAIN = {
    "Reference": PlainReference, "Name": PlainName, "ScriptName": ScriptName, "Date": PlainDate,
    "DateRange": PlainDateRange, "LiteralDate": PlainLiteralDate, "Citation": PlainCitation,
}  # fmt: skip
FAST = {
    "Reference": FastReference, "Name": FastName, "ScriptName": FastScriptName, "Date": FastDate,
    "DateRange": FastDateRange, "LiteralDate": FastLiteralDate, "Citation": FastCitation,
}  # fmt: skip


# The name parts citeproc-js concatenates into the key it compares names by
# (``CSL.NAME_PARTS``, ``setRenderedName``).
_KEY_PARTS = ("non-dropping-particle", "family", "given", "dropping-particle", "suffix", "literal")


def _key_of(data: Any) -> str:
    return "".join(str(data[part]) for part in _KEY_PARTS if data.get(part))


def keep_data_key(name: Any, data: dict[str, Any]) -> None:
    """Remember *data* (a name as the CSL-JSON gave it, before any reading) as *name*'s key."""
    object.__setattr__(name, "data_key", _key_of(data))


def data_key(name: Any) -> str:
    """The parts of *name* as its data gave them, run together as citeproc-js runs them
    together to compare names ("de la Cruz" + "Ana": "de la CruzAna"; a particle given
    apart, "de la" + "Cruz" + "Ana": "de laCruzAna")."""
    kept = getattr(name, "__dict__", {}).get("data_key")
    return kept if kept is not None else _key_of(dict(name))


def name_class(like: Any) -> type[Any]:
    """The plain (not script-marked) name class of the family *like* belongs to."""
    return FastName if isinstance(like, FastRecord) else PlainName
