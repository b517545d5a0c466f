"""The site as a map of relative paths to bytes, built in memory (private).

Nothing here touches the disk: ``build_site`` is pure and deterministic (the same
volume, styles and base URL give the same bytes), so it is tested without a
file system and ``_write`` only has to store what it returns.

Layout (every link relative, so the site works from ``file://`` and any host)::

    index.html                 the volume, its sessions and papers, downloads
    authors.html               the author index, one anchor per person
    papers/<slug>.html         one page per paper
    downloads/<format>/<slug>.<ext>
    site.css, site.js          the one style sheet, the copy buttons
    sitemap.xml                only with a base URL
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache
from html.parser import HTMLParser
from importlib import resources
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from dls_proceedings._text import ascii_fold
from dls_proceedings.errors import ArgumentError, ArgumentTypeError
from dls_proceedings.models import Author, Paper, Workshop
from dls_proceedings.site import _metadata as meta

if TYPE_CHECKING:
    import jinja2
    from markupsafe import Markup

__all__ = ["DEFAULT_STYLES", "build_site", "slug"]

DEFAULT_STYLES: tuple[str, ...] = (
    "ieee",
    "apa",
    "chicago-author-date",
    "harvard-cite-them-right",
    "modern-language-association",
)
"""The styles a site shows when none are named: numeric, author-date and MLA."""

# --------------------------------------------------------------------------- file names

_SAFE = re.compile(r"[A-Za-z0-9_.-]")
# Names Windows keeps for devices, with or without an extension.
_RESERVED = frozenset(
    ["con", "prn", "aux", "nul"] + [f"{d}{n}" for d in ("com", "lpt") for n in range(1, 10)]
)
_MAX_SLUG = 120


def slug(key: str) -> str:
    """A file name for citation key *key*: safe everywhere, unique, the same on every run.

    ASCII letters, digits, ``_``, ``.`` and ``-`` are kept; every other character
    is written as ``~`` and the two lower-case hex digits of each of its UTF-8
    bytes. A key never contains ``~``, so two keys never share a slug, and keys
    that differ in more than letter case (as a volume's must) keep differing on a
    case-insensitive file system. A leading dot (a hidden file) and the names
    Windows reserves are escaped too. A slug longer than 120 characters is cut
    and ends with 16 hex digits of the key's SHA-256.

    >>> [slug(k) for k in ("cai2020deepgalaxy", "DBLP:conf/sc/CaiBS20", "Bédorf", ".x", "con")]
    ['cai2020deepgalaxy', 'DBLP~3aconf~2fsc~2fCaiBS20', 'B~c3~a9dorf', '~2ex', '~63on']
    """
    out: list[str] = []
    for n, char in enumerate(key):
        escape = not _SAFE.fullmatch(char) or (n == 0 and char == ".")
        out.append("".join(f"~{b:02x}" for b in char.encode("utf-8")) if escape else char)
    made = "".join(out)
    if made.split(".")[0].lower() in _RESERVED:
        made = f"~{ord(made[0]):02x}{made[1:]}"
    if len(made) > _MAX_SLUG:
        digest = hashlib.sha256(key.encode("utf-8")).hexdigest()[:16]
        made = f"{made[: _MAX_SLUG - 17].rstrip('~')}-{digest}"
    return made


def _check_unique(slugs: dict[str, str]) -> None:
    """Refuse keys whose slugs clash (only cut slugs can: their hashes would have to collide)."""
    seen: dict[str, str] = {}
    for key, made in slugs.items():
        other = seen.setdefault(made.casefold(), key)
        if other != key:
            raise ArgumentError(
                f"the citation keys {other!r} and {key!r} would share the file name {made!r}; "
                "shorten one of them"
            )


def _anchors(names: Sequence[str]) -> list[str]:
    """HTML ids for people, from their names in ASCII: "Bédorf, Jeroen" -> "bedorf-jeroen".

    Unique in order: a second "smith-j" is "smith-j-2".
    """
    anchors: list[str] = []
    seen: set[str] = set()
    for name in names:
        base = re.sub(r"[^a-z0-9]+", "-", ascii_fold(name).lower()).strip("-") or "person"
        anchor, n = base, 1
        while anchor in seen:
            n += 1
            anchor = f"{base}-{n}"
        seen.add(anchor)
        anchors.append(anchor)
    return anchors


# --------------------------------------------------------------------------- citations

# What the library's HTML output may contain: its entry and layout elements and
# the rich-text markup CSL allows in data. Anything else is written as text.
_TAGS = frozenset({"div", "span", "i", "b", "em", "strong", "sup", "sub"})
_ATTRIBUTES = frozenset({"class", "style"})
# Declarations without parentheses: no url(), so no style attribute can fetch anything.
_STYLE_VALUE = re.compile(r"(?:\s*[a-z-]+\s*:\s*[a-z0-9 .%-]+\s*;?)*\s*")


class _MarkupCheck(HTMLParser):
    """Reads rendered citation HTML: its text, and whether all of it is allowed markup."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.allowed = True
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag not in _TAGS:
            self.allowed = False
        for name, value in attrs:
            if name not in _ATTRIBUTES or (
                name == "style" and not _STYLE_VALUE.fullmatch(value or "")
            ):
                self.allowed = False

    def handle_endtag(self, tag: str) -> None:
        if tag not in _TAGS:
            self.allowed = False

    def handle_data(self, data: str) -> None:
        self.text.append(data)

    def handle_comment(self, data: str) -> None:
        self.allowed = False

    def handle_decl(self, decl: str) -> None:
        self.allowed = False

    def handle_pi(self, data: str) -> None:
        self.allowed = False

    def unknown_decl(self, data: str) -> None:
        self.allowed = False


def _checked_markup(html: str) -> Markup | str:
    """*html* from the citation renderer, as markup if it holds only the allowed
    elements and attributes; otherwise its text alone (which the template escapes).

    The renderer escapes the data it formats; this check keeps a page safe even
    if it did not.
    """
    from markupsafe import Markup

    check = _MarkupCheck()
    check.feed(html)
    check.close()
    if check.allowed:
        return Markup(html)
    return "".join(check.text)


@dataclass(frozen=True)
class _Style:
    name: str
    title: str
    anchor: str


@cache
def _style_titles() -> dict[str, str]:
    from dls_proceedings.citations.styles import available_styles

    return {style.name: style.title for style in available_styles()}


def _styles(styles: object) -> list[_Style]:
    """The styles named, each resolved once (an unknown one raises ``UnknownStyleError``)."""
    import os

    from dls_proceedings.citations.styles import resolve_style

    if isinstance(styles, (str, bytes)) or not isinstance(styles, Iterable):
        raise ArgumentTypeError(
            f"styles must be a list of CSL style names or .csl paths, not {styles!r}"
        )
    names: list[str] = []
    for style in styles:
        if not isinstance(style, (str, os.PathLike)):
            raise ArgumentTypeError(
                f"a style must be a style name or a path, not {type(style).__name__}: {style!r}"
            )
        name = os.fspath(style)
        if not isinstance(name, str) or not name.strip():
            raise ArgumentError(f"a style name must not be empty, got {style!r}")
        if name not in names:
            names.append(name)
    if not names:
        raise ArgumentError("styles must name at least one CSL style, e.g. ['ieee', 'apa']")
    made = []
    for n, name in enumerate(names, start=1):
        resolved = resolve_style(name)
        title = _style_titles().get(name) or resolved.name
        made.append(_Style(name=name, title=title, anchor=f"style-{n}"))
    return made


@dataclass(frozen=True)
class _Cite:
    style: _Style
    entry: Markup | str
    in_text: Markup | str


def _cites(paper: Paper, styles: Sequence[_Style]) -> list[_Cite]:
    """The paper's reference list entry and in-text citation in each style.

    The entry is ``bibliography([paper], style, output="html")``'s one entry and
    the in-text form a ``Citer`` of the paper alone: what ``dls-proceedings cite
    --style S KEY`` and ``cite --in-text`` print for it.
    """
    from dls_proceedings.citations.citer import Citer
    from dls_proceedings.citations.render import bibliography

    made = []
    for style in styles:
        entries = bibliography([paper], style.name, output="html")
        in_text = Citer([paper], style=style.name, output="html").cite(paper.key)
        made.append(
            _Cite(
                style=style,
                entry=_checked_markup("".join(entries)),
                in_text=_checked_markup(in_text),
            )
        )
    return made


# --------------------------------------------------------------------------- downloads


@dataclass(frozen=True)
class _Download:
    label: str
    description: str
    mime: str
    path: str


_CSL_JSON_TYPE = "application/vnd.citationstyles.csl+json"
_BIBTEX_TYPE = "application/x-bibtex"
_RIS_TYPE = "application/x-research-info-systems"


def _volume_downloads(volume: Workshop, stem: str) -> list[tuple[_Download, str]]:
    from dls_proceedings.formats.bibtex import to_biblatex, to_bibtex
    from dls_proceedings.formats.csl_json import dump_csl_json
    from dls_proceedings.formats.ris import to_ris

    return [
        (
            _Download(
                "BibTeX",
                "every entry self-contained (the standard flavour)",
                _BIBTEX_TYPE,
                f"downloads/bibtex/{stem}.bib",
            ),
            to_bibtex(volume),
        ),
        (
            _Download(
                "BibTeX, crossref",
                "papers with crossref to the volume's @proceedings entry",
                _BIBTEX_TYPE,
                f"downloads/bibtex-crossref/{stem}.bib",
            ),
            to_bibtex(volume, flavour="crossref"),
        ),
        (
            _Download(
                "BibTeX, condensed",
                "the fields a citation needs, nothing more",
                _BIBTEX_TYPE,
                f"downloads/bibtex-condensed/{stem}.bib",
            ),
            to_bibtex(volume, flavour="condensed"),
        ),
        (
            _Download(
                "biblatex", "UTF-8, for biber", _BIBTEX_TYPE, f"downloads/biblatex/{stem}.bib"
            ),
            to_biblatex(volume),
        ),
        (
            _Download(
                "CSL-JSON",
                "for Zotero, pandoc and CSL processors",
                _CSL_JSON_TYPE,
                f"downloads/csl-json/{stem}.json",
            ),
            dump_csl_json(volume),
        ),
        (
            _Download(
                "RIS", "for EndNote, Zotero, Mendeley", _RIS_TYPE, f"downloads/ris/{stem}.ris"
            ),
            to_ris(volume),
        ),
    ]


def _paper_downloads(paper: Paper, stem: str) -> list[tuple[_Download, str]]:
    from dls_proceedings.formats.bibtex import to_biblatex, to_bibtex
    from dls_proceedings.formats.csl_json import dump_csl_json
    from dls_proceedings.formats.ris import to_ris

    return [
        (
            _Download(
                "BibTeX", "self-contained entry", _BIBTEX_TYPE, f"downloads/bibtex/{stem}.bib"
            ),
            to_bibtex(paper),
        ),
        (
            _Download(
                "biblatex", "UTF-8, for biber", _BIBTEX_TYPE, f"downloads/biblatex/{stem}.bib"
            ),
            to_biblatex(paper),
        ),
        (
            _Download(
                "CSL-JSON",
                "for Zotero, pandoc and CSL processors",
                _CSL_JSON_TYPE,
                f"downloads/csl-json/{stem}.json",
            ),
            dump_csl_json(paper),
        ),
        (
            _Download(
                "RIS", "for EndNote, Zotero, Mendeley", _RIS_TYPE, f"downloads/ris/{stem}.ris"
            ),
            to_ris(paper),
        ),
    ]


# --------------------------------------------------------------------------- pages


def _base_url(value: object) -> str | None:
    """*value* as an absolute http(s) URL ending in "/", or ``None``."""
    if value is None:
        return None
    if not isinstance(value, str):
        raise ArgumentTypeError(f"base_url must be a string, not {type(value).__name__}")
    parts = urlsplit(value)
    if (
        parts.scheme not in ("http", "https")
        or not parts.netloc
        or parts.query
        or parts.fragment
        or re.search(r"[\s\x00-\x1f\x7f\"<>\\^`{|}]", value)
    ):
        raise ArgumentError(
            f"invalid base URL {value!r}: expected the absolute http(s) address the site "
            "will be served from, without query or fragment, e.g. 'https://example.org/dls2020/'"
        )
    return value if value.endswith("/") else f"{value}/"


@cache
def _environment() -> jinja2.Environment:
    import jinja2

    return jinja2.Environment(
        loader=jinja2.PackageLoader("dls_proceedings.site", "templates"),
        autoescape=True,  # every value from the data is escaped, in every template
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )


def _static(name: str) -> bytes:
    return (resources.files("dls_proceedings.site") / "static" / name).read_bytes()


@dataclass(frozen=True)
class _AuthorLink:
    author: Author
    anchor: str


def _render(template: str, **context: Any) -> bytes:
    text = _environment().get_template(template).render(**context)
    return text.encode("utf-8")


def build_site(
    volume: Workshop,
    *,
    styles: Iterable[str] = DEFAULT_STYLES,
    base_url: str | None = None,
) -> dict[str, bytes]:
    """Every file of the volume's site: relative path -> bytes, in a stable order.

    *styles* are CSL style names (or ``.csl`` paths) whose entry and in-text
    citation each paper page shows; *base_url* is the address the site will be
    served from, for canonical links, the JSON-LD ``@id``\\ s and ``sitemap.xml``
    (without one, canonical links are relative and no sitemap is written).

    Raises:
        UnknownStyleError: a style that is not installed.
        ArgumentError: no styles, or a base URL that is not an absolute http(s) URL.
        ArgumentTypeError: *volume* is not a ``Workshop``.

    >>> import dls_proceedings as dp
    >>> files = build_site(dp.load(), styles=["ieee"])
    >>> [p for p in files if not p.startswith("downloads/")][:4]
    ['index.html', 'authors.html', 'papers/murai2020online.html', 'papers/wang2020time.html']
    """
    from dls_proceedings import __version__

    if not isinstance(volume, Workshop):
        raise ArgumentTypeError(
            f"volume must be a Workshop (dp.load(), dp.read_volume()), not {type(volume).__name__}"
        )
    chosen = _styles(styles)
    base = _base_url(base_url)
    volume_slug = slug(volume.key)
    slugs = {paper.key: slug(paper.key) for paper in volume.papers}
    _check_unique({volume.key: volume_slug, **slugs})
    people = volume.authors()
    anchors = _anchors([person.inverted_name for person in people])
    anchor_of = {
        Author(given=person.given, family=person.family).identity: anchor
        for person, anchor in zip(people, anchors, strict=True)
    }

    def url(path: str) -> str | None:
        return None if base is None else f"{base}{path}"

    volume_downloads = _volume_downloads(volume, volume_slug)
    common = {
        "volume": volume,
        "version": __version__,
        "date": meta.human_date(volume),
        "isbns": meta.isbns(volume),
        "publisher_place": meta.publisher_place(volume),
        "volume_downloads": [d for d, _ in volume_downloads],
    }
    files: dict[str, bytes] = {}
    book = {"@context": "https://schema.org", **meta.book_json_ld(volume, url("index.html"))}
    book["hasPart"] = [
        {"@type": ["ScholarlyArticle", "Chapter"], "name": paper.title}
        | ({"url": url(f"papers/{slugs[paper.key]}.html")} if base is not None else {})
        for paper in volume.papers
    ]
    files["index.html"] = _render(
        "index.html.j2",
        root="",
        canonical=url("index.html") or "index.html",
        json_ld=_markup(meta.script_json(book)),
        slugs=slugs,
        coins={paper.key: meta.coins(paper, volume) for paper in volume.papers},
        **common,
    )
    groups: dict[str, list[tuple[Any, str]]] = {}
    for person, anchor in zip(people, anchors, strict=True):
        letter = ascii_fold(person.family)[:1].upper()
        groups.setdefault(letter if letter.isalpha() else "#", []).append((person, anchor))
    files["authors.html"] = _render(
        "authors.html.j2",
        root="",
        canonical=url("authors.html") or "authors.html",
        groups=list(groups.items()),
        slugs=slugs,
        **common,
    )
    downloads: dict[str, str] = {d.path: text for d, text in volume_downloads}
    for session in volume.sessions:
        for paper in session.papers:
            stem = slugs[paper.key]
            path = f"papers/{stem}.html"
            paper_downloads = _paper_downloads(paper, stem)
            downloads.update((d.path, text) for d, text in paper_downloads)
            data = meta.paper_json_ld(paper, volume, url(path), url("index.html"))
            files[path] = _render(
                "paper.html.j2",
                root="../",
                canonical=url(path) or f"{stem}.html",
                paper=paper,
                session=session,
                authors=[_AuthorLink(a, anchor_of[a.identity]) for a in paper.authors],
                cites=_cites(paper, chosen),
                downloads=[d for d, _ in paper_downloads],
                highwire=meta.highwire(paper, volume),
                coins=meta.coins(paper, volume),
                doi_url=None if paper.doi is None else meta.doi_url(paper.doi),
                json_ld=_markup(meta.script_json(data)),
                **common,
            )
    for path in sorted(downloads):
        files[path] = downloads[path].encode("utf-8")
    files["site.css"] = _static("site.css")
    files["site.js"] = _static("site.js")
    if base is not None:
        pages = [p for p in files if p.endswith(".html")]
        files["sitemap.xml"] = _render("sitemap.xml.j2", urls=[f"{base}{p}" for p in pages])
    return files


def _markup(text: str) -> Markup:
    from markupsafe import Markup

    return Markup(text)
