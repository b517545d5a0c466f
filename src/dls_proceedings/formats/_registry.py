"""The exporters by format name: the registry the command line uses (private).

Imported on first use of ``dls_proceedings.formats.EXPORTERS``, since it loads
every writer.
"""

from __future__ import annotations

from collections.abc import Callable

from dls_proceedings.formats.bibtex import to_biblatex, to_bibtex
from dls_proceedings.formats.csl_json import dump_csl_json
from dls_proceedings.formats.model_json import to_json
from dls_proceedings.formats.ris import to_ris

__all__ = ["EXPORTERS"]

EXPORTERS: dict[str, Callable[..., str]] = {
    "bibtex": to_bibtex,
    "biblatex": to_biblatex,
    "csl-json": dump_csl_json,
    "json": to_json,
    "ris": to_ris,
}
"""Format name -> exporter taking items and returning text. ``bibtex`` and ``biblatex`` take ``flavour=``."""
