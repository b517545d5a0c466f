"""A static "cite this" website of a volume: ``write_site`` and ``build_site``.

The site works from ``file://`` and from any static host: an index page of the
volume (its facts, front matter, sessions and papers, downloads of the whole
volume in every export format), an author index, and one page per paper with
its authors, affiliations, session, pages and DOI, a "Cite" block per CSL style
(the reference list entry and the in-text citation, each with a copy button),
per-paper downloads, and the metadata that reference managers and search
engines read: Highwire ``citation_*`` tags (Google Scholar), schema.org JSON-LD
and COinS (Zotero). docs/site.md describes it and how it was checked.

>>> import tempfile, pathlib
>>> import dls_proceedings as dp
>>> with tempfile.TemporaryDirectory() as tmp:
...     written = dp.write_site(dp.load(), pathlib.Path(tmp) / "site", styles=["apa"])
...     page = (pathlib.Path(tmp) / "site" / "papers" / "jansen2020ddl.html").read_text("utf-8")
>>> written[:3], '<meta name="citation_doi" content="10.1109/DLS51937.2020.00009">' in page
(['authors.html', 'downloads/biblatex/acevedo2020vandermonde.bib', 'downloads/biblatex/cai2020deepgalaxy.bib'], True)
"""

from dls_proceedings.site._build import DEFAULT_STYLES, build_site, slug
from dls_proceedings.site._write import MANIFEST, write_site

__all__ = ["DEFAULT_STYLES", "MANIFEST", "build_site", "slug", "write_site"]
