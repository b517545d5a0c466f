"""Serialisers: one module per format, each with symmetric ``to_x`` / ``from_x`` names.

``EXPORTERS`` is the registry the command line uses: format name -> function
taking the items (a ``Workshop``, ``Session``, ``Paper`` or papers) and
returning text. ``FORMATS`` names them without importing any writer.

>>> from dls_proceedings.formats import EXPORTERS, FORMATS
>>> FORMATS == tuple(EXPORTERS)
True
>>> FORMATS
('bibtex', 'biblatex', 'csl-json', 'json', 'ris')
"""

import typing as _typing

from dls_proceedings._lazy import attach as _attach

if _typing.TYPE_CHECKING:
    from dls_proceedings.formats._registry import EXPORTERS

__all__ = ["EXPORTERS", "FORMATS", "READABLE"]

FORMATS: tuple[str, ...] = ("bibtex", "biblatex", "csl-json", "json", "ris")
"""The names ``EXPORTERS`` has, in its order."""

READABLE: tuple[str, ...] = ("json", "bibtex", "biblatex", "csl-json", "ris", "toc")
"""The formats ``read_volume`` reads (biblatex is read as BibTeX is)."""

# Importing one format (csl_json, for citations) runs this package's __init__,
# which must not load the BibTeX writer and its escaper too.
__getattr__, __dir__ = _attach(
    __name__, {"EXPORTERS": "dls_proceedings.formats._registry"}, __all__
)
