"""dls_proceedings: the validated record of the DLS 2020 workshop proceedings.

>>> import dls_proceedings as dp
>>> wk = dp.load()
>>> for s in wk.sessions:
...     print(s.title, [p.key for p in s.papers])
Algorithm, Modeling, and Infrastructure ['murai2020online', 'wang2020time', 'hasheminezhad2020towards', 'jansen2020ddl']
Applications ['acevedo2020vandermonde', 'venkataram2020topiqal', 'cai2020deepgalaxy']
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

from dls_proceedings.catalog import load
from dls_proceedings.errors import (
    BibTeXError,
    CslJsonError,
    DlsProceedingsError,
    TocParseError,
    UnknownKeyError,
    UnknownLocaleError,
    UnknownStyleError,
)
from dls_proceedings.models import (
    Affiliation,
    Author,
    AuthorIndexEntry,
    Copyright,
    FrontMatterItem,
    Location,
    PageRange,
    Paper,
    Person,
    Printer,
    Session,
    Workshop,
)

if TYPE_CHECKING:
    from dls_proceedings.citations.render import bibliography, cite
    from dls_proceedings.formats.bibtex import from_bibtex, to_biblatex, to_bibtex
    from dls_proceedings.formats.csl_json import dump_csl_json, from_csl_json, to_csl_json
    from dls_proceedings.formats.toc import from_toc

__version__ = "0.1.0"

# The exporters, the citation renderer and the table-of-contents reader are
# imported when first used: `import dls_proceedings; load()` needs none of them.
_LAZY = {
    "bibliography": "dls_proceedings.citations.render",
    "cite": "dls_proceedings.citations.render",
    "dump_csl_json": "dls_proceedings.formats.csl_json",
    "from_bibtex": "dls_proceedings.formats.bibtex",
    "from_csl_json": "dls_proceedings.formats.csl_json",
    "from_toc": "dls_proceedings.formats.toc",
    "to_biblatex": "dls_proceedings.formats.bibtex",
    "to_bibtex": "dls_proceedings.formats.bibtex",
    "to_csl_json": "dls_proceedings.formats.csl_json",
}


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'dls_proceedings' has no attribute {name!r}")
    value = getattr(import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *_LAZY})


__all__ = [
    "Affiliation",
    "Author",
    "AuthorIndexEntry",
    "BibTeXError",
    "Copyright",
    "CslJsonError",
    "DlsProceedingsError",
    "FrontMatterItem",
    "Location",
    "PageRange",
    "Paper",
    "Person",
    "Printer",
    "Session",
    "TocParseError",
    "UnknownKeyError",
    "UnknownLocaleError",
    "UnknownStyleError",
    "Workshop",
    "__version__",
    "bibliography",
    "cite",
    "dump_csl_json",
    "from_bibtex",
    "from_csl_json",
    "from_toc",
    "load",
    "to_biblatex",
    "to_bibtex",
    "to_csl_json",
]
