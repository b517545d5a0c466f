"""dls_proceedings: the validated record of the DLS 2020 workshop proceedings.

>>> import dls_proceedings as dp
>>> wk = dp.load()
>>> for s in wk.sessions:
...     print(s.title, [p.key for p in s.papers])
Algorithm, Modeling, and Infrastructure ['murai2020online', 'wang2020time', 'hasheminezhad2020towards', 'jansen2020ddl']
Applications ['acevedo2020vandermonde', 'venkataram2020topiqal', 'cai2020deepgalaxy']
"""

import typing as _typing

from dls_proceedings._lazy import attach as _attach
from dls_proceedings.catalog import load
from dls_proceedings.errors import (
    ArgumentError,
    ArgumentTypeError,
    BibTeXError,
    CslJsonError,
    DlsProceedingsError,
    InputError,
    JsonError,
    RisError,
    StyleError,
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
    Venue,
    Workshop,
)

if _typing.TYPE_CHECKING:
    from dls_proceedings.citations.citer import Cite, Citer
    from dls_proceedings.citations.render import bibliography, cite, render_csl_json
    from dls_proceedings.formats.bibtex import from_bibtex, to_biblatex, to_bibtex
    from dls_proceedings.formats.csl_json import dump_csl_json, from_csl_json, to_csl_json
    from dls_proceedings.formats.ris import from_ris, to_ris
    from dls_proceedings.formats.toc import from_toc
    from dls_proceedings.formats.volume import read_volume
    from dls_proceedings.site import write_site

__version__ = "0.1.0"

__all__ = [
    "Affiliation",
    "ArgumentError",
    "ArgumentTypeError",
    "Author",
    "AuthorIndexEntry",
    "BibTeXError",
    "Cite",
    "Citer",
    "Copyright",
    "CslJsonError",
    "DlsProceedingsError",
    "FrontMatterItem",
    "InputError",
    "JsonError",
    "Location",
    "PageRange",
    "Paper",
    "Person",
    "Printer",
    "RisError",
    "Session",
    "StyleError",
    "TocParseError",
    "UnknownKeyError",
    "UnknownLocaleError",
    "UnknownStyleError",
    "Venue",
    "Workshop",
    "__version__",
    "bibliography",
    "cite",
    "dump_csl_json",
    "from_bibtex",
    "from_csl_json",
    "from_ris",
    "from_toc",
    "load",
    "read_volume",
    "render_csl_json",
    "to_biblatex",
    "to_bibtex",
    "to_csl_json",
    "to_ris",
    "write_site",
]

# The exporters, the citation renderer and the table-of-contents reader are
# imported when first used: `import dls_proceedings; load()` needs none of them.
__getattr__, __dir__ = _attach(
    __name__,
    {
        "Cite": "dls_proceedings.citations.citer",
        "Citer": "dls_proceedings.citations.citer",
        "bibliography": "dls_proceedings.citations.render",
        "cite": "dls_proceedings.citations.render",
        "dump_csl_json": "dls_proceedings.formats.csl_json",
        "from_bibtex": "dls_proceedings.formats.bibtex",
        "from_csl_json": "dls_proceedings.formats.csl_json",
        "from_ris": "dls_proceedings.formats.ris",
        "from_toc": "dls_proceedings.formats.toc",
        "read_volume": "dls_proceedings.formats.volume",
        "render_csl_json": "dls_proceedings.citations.render",
        "to_biblatex": "dls_proceedings.formats.bibtex",
        "to_bibtex": "dls_proceedings.formats.bibtex",
        "to_csl_json": "dls_proceedings.formats.csl_json",
        "to_ris": "dls_proceedings.formats.ris",
        "write_site": "dls_proceedings.site",
    },
    __all__,
)
