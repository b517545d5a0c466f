"""Serialisers: one module per format, each with symmetric ``to_x`` / ``from_x`` names.

``EXPORTERS`` is the registry the command line uses: format name -> function
taking the items (a ``Workshop``, ``Session``, ``Paper`` or papers) and
returning text. ``FORMATS`` names them without importing any.

>>> from dls_proceedings.formats import EXPORTERS, FORMATS
>>> FORMATS == tuple(EXPORTERS)
True
>>> FORMATS
('bibtex', 'biblatex', 'csl-json', 'json')
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cache
from importlib import import_module
from typing import TYPE_CHECKING, Any

__all__ = ["EXPORTERS", "FORMATS"]

# Format name -> (module in this package, function). The modules are imported on
# first use: importing one format (csl_json for citations, say) runs this
# package's __init__, and must not import the BibTeX writer and its escaper too.
_WHERE = {
    "bibtex": ("bibtex", "to_bibtex"),
    "biblatex": ("bibtex", "to_biblatex"),
    "csl-json": ("csl_json", "dump_csl_json"),
    "json": ("model_json", "to_json"),
}

FORMATS: tuple[str, ...] = tuple(_WHERE)
"""The names ``EXPORTERS`` has, in its order."""

if TYPE_CHECKING:
    EXPORTERS: dict[str, Callable[..., str]]
    """Format name -> exporter. Only ``bibtex`` takes ``flavour=``."""


@cache
def _exporters() -> dict[str, Callable[..., str]]:
    return {
        name: getattr(import_module(f"{__name__}.{module}"), function)
        for name, (module, function) in _WHERE.items()
    }


def __getattr__(name: str) -> Any:
    if name == "EXPORTERS":
        return _exporters()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
