"""Serialisers: one module per format, each with symmetric ``to_x`` / ``from_x`` names.

``EXPORTERS`` is the registry the command line uses: format name -> function
taking the items (a ``Workshop``, ``Session``, ``Paper`` or papers) and
returning text.
"""

from __future__ import annotations

from collections.abc import Callable

from dls_proceedings.formats.bibtex import to_biblatex, to_bibtex
from dls_proceedings.formats.csl_json import dump_csl_json
from dls_proceedings.formats.model_json import to_json

__all__ = ["EXPORTERS"]

EXPORTERS: dict[str, Callable[..., str]] = {
    "bibtex": to_bibtex,
    "biblatex": to_biblatex,
    "csl-json": dump_csl_json,
    "json": to_json,
}
"""Format name -> exporter. Only ``bibtex`` takes ``flavour=``."""
