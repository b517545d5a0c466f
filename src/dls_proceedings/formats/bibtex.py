"""BibTeX and biblatex: ``to_bibtex``, ``to_biblatex`` and ``from_bibtex``.

Two stages, as everywhere in this package: ``bibtex_library`` builds a
bibtexparser ``Library`` whose field values are already final LaTeX, then
``_write`` turns it into text. Escaping happens once, in the first stage, so no
bibtexparser middleware runs over the values again (its LaTeX middleware would
escape the case-protection braces too).

Field rules (see docs/bibtex.md):
- ``author = {Family, Given and ...}``; a name part is braced only when BibTeX
  would otherwise split it wrongly (a comma, the word "and", odd spacing).
- Title words whose case a style must not change are braced: acronyms and words
  with inner capitals (``{LARS}``, ``{TopiQAL}``), and the proper nouns in
  ``PROPER_NOUNS`` plus any the caller passes as ``protect``.
- ``pages = {1--9}``, ``month = nov`` (the predefined macro), ``year = {2020}``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Literal

from pydantic import ValidationError

from dls_proceedings.errors import BibTeXError
from dls_proceedings.formats import _latex
from dls_proceedings.models import Author, PageRange, Paper, Session, Workshop

if TYPE_CHECKING:
    from bibtexparser.library import Library

__all__ = [
    "PROPER_NOUNS",
    "bibtex_library",
    "from_bibtex",
    "to_biblatex",
    "to_bibtex",
]

Flavour = Literal["crossref", "standard", "condensed"]
Items = Workshop | Session | Paper | Iterable[Paper]
FLAVOURS: tuple[Flavour, ...] = ("crossref", "standard", "condensed")

PROPER_NOUNS: tuple[str, ...] = ("Monte Carlo", "Vandermonde")
"""Proper nouns in this volume's titles whose capitals look like ordinary title case.

Spelling cannot tell "Monte Carlo" from "Deep Learning", so these are listed; pass
more with ``protect=`` for other volumes.
"""

_MONTH_MACROS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
_CONTAINER_TYPES = frozenset({"proceedings", "mvproceedings", "collection", "mvcollection"})

# --------------------------------------------------------------------------- field values


def _inner_capital(segment: str) -> bool:
    return any(c.isupper() for c in segment[1:])


_SEGMENT = re.compile(r"[^\W_]+")
_CORE = re.compile(r"^(\W*)(.*?)(\W*)$", re.S)


def _protect_word(word: str, ascii_only: bool) -> str:
    """Brace the letters of *word* when its case must survive, leaving outer punctuation."""
    lead, core, trail = _CORE.match(word).groups()  # type: ignore[union-attr]
    if core and any(_inner_capital(s) for s in _SEGMENT.findall(core)):
        return (
            _latex.encode(lead, ascii_only=ascii_only)
            + "{"
            + _latex.encode(core, ascii_only=ascii_only)
            + "}"
            + _latex.encode(trail, ascii_only=ascii_only)
        )
    return _latex.encode(word, ascii_only=ascii_only)


def title_value(title: str, protect: Sequence[str] = (), *, ascii_only: bool = True) -> str:
    r"""A title as a BibTeX value: escaped, with case-sensitive words braced.

    >>> title_value("Vandermonde Wave Function Ansatz for Improved Variational Monte Carlo")
    '{Vandermonde} Wave Function Ansatz for Improved Variational {Monte Carlo}'
    >>> title_value("TopiQAL: Topic-Aware Question Answering")
    '{TopiQAL}: Topic-Aware Question Answering'
    """
    nouns = sorted({*PROPER_NOUNS, *protect}, key=len, reverse=True)
    pattern = (
        re.compile(r"(?<![^\W_])(" + "|".join(re.escape(n) for n in nouns) + r")(?![^\W_])")
        if nouns
        else None
    )
    pieces: list[str] = []
    position = 0
    for match in pattern.finditer(title) if pattern else ():
        pieces.append(_protect_words(title[position : match.start()], ascii_only))
        pieces.append("{" + _latex.encode(match.group(1), ascii_only=ascii_only) + "}")
        position = match.end()
    pieces.append(_protect_words(title[position:], ascii_only))
    return "".join(pieces)


def _protect_words(text: str, ascii_only: bool) -> str:
    return "".join(
        part if part.isspace() or not part else _protect_word(part, ascii_only)
        for part in re.split(r"(\s+)", text)
    )


_AND = re.compile(r"(?i)(?:^|\s)and(?:\s|$)")


def _name_part(part: str, ascii_only: bool, *, whole: bool = False) -> str:
    latex = _latex.encode(part, ascii_only=ascii_only)
    # Brace a part BibTeX would split or reinterpret: a comma, the word "and",
    # spacing other than single spaces, or (``whole``) any space at all.
    if (
        "," in part
        or _AND.search(part)
        or re.search(r"\s\s|[^\S ]|^\s|\s$", part)
        or (whole and " " in part)
    ):
        return "{" + latex + "}"
    return latex


def _person(author: Author, ascii_only: bool) -> str:
    if author.given is None:
        return _name_part(author.family, ascii_only, whole=True)
    return f"{_name_part(author.family, ascii_only)}, {_name_part(author.given, ascii_only)}"


def authors_value(authors: Sequence[Author], *, ascii_only: bool = True) -> str:
    """``Family, Given and Family, Given`` with LaTeX-encoded names.

    >>> import dls_proceedings as dp
    >>> authors_value(dp.load().paper("cai2020deepgalaxy").authors[:2])
    "Cai, Maxwell X. and B{\\\\'e}dorf, Jeroen"
    """
    return " and ".join(_person(a, ascii_only) for a in authors)


def _pages(pages: PageRange) -> str:
    return str(pages.first) if pages.first == pages.last else f"{pages.first}--{pages.last}"


# --------------------------------------------------------------------------- object stage


def _resolve(items: Items, volume: Workshop | None) -> tuple[Workshop | None, list[Paper]]:
    if isinstance(items, Workshop):
        return items, list(items.papers)
    papers = (
        list(items.papers)
        if isinstance(items, Session)
        else ([items] if isinstance(items, Paper) else list(items))
    )
    for i, paper in enumerate(papers):
        if not isinstance(paper, Paper):
            raise TypeError(
                f"item {i} is a {type(paper).__name__}, expected a Paper "
                "(items is a Workshop, a Session, a Paper or an iterable of papers)"
            )
    if volume is None:
        from dls_proceedings.catalog import load

        bundled = load()
        if all(bundled._by_key.get(p.key) == p for p in papers):
            volume = bundled
    return volume, papers


def _braced(value: str) -> str:
    return "{" + value + "}"


def _volume_fields(volume: Workshop, ascii_only: bool, biblatex: bool) -> list[tuple[str, str]]:
    def text(value: str) -> str:
        return _braced(_latex.encode(value, ascii_only=ascii_only))

    title = _braced(title_value(volume.title, ascii_only=ascii_only))
    fields = [("title", title)]
    if biblatex:
        if volume.short_title:
            fields.append(("eventtitle", text(volume.short_title)))
        fields += [
            ("eventdate", _braced(volume.date.isoformat())),
            ("venue", text(str(volume.location))),
            ("location", text(str(volume.location))),
            ("publisher", text(volume.publisher)),
            ("date", _braced(f"{volume.date.year:04d}-{volume.date.month:02d}")),
        ]
    else:
        fields += [
            ("booktitle", title),
            ("key", text(volume.short_title or f"{volume.acronym} {volume.year}")),
            ("publisher", text(volume.publisher)),
            ("address", text(str(volume.location))),
            ("month", _MONTH_MACROS[volume.date.month - 1]),
            ("year", _braced(str(volume.year))),
        ]
    isbn = volume.isbn_print or volume.isbn_online
    if isbn:
        fields.append(("isbn", _braced(isbn)))
    return fields


def _paper_fields(
    paper: Paper,
    volume: Workshop | None,
    flavour: Flavour,
    protect: Sequence[str],
    ascii_only: bool,
) -> list[tuple[str, str]]:
    fields: list[tuple[str, str]] = []
    if paper.authors:
        fields.append(("author", _braced(authors_value(paper.authors, ascii_only=ascii_only))))
    fields.append(("title", _braced(title_value(paper.title, protect, ascii_only=ascii_only))))
    if flavour == "crossref":
        if volume is None:
            raise ValueError(
                f"paper {paper.key!r} is not in the bundled volume: pass volume= to export it "
                "with flavour='crossref', or choose flavour='standard' or 'condensed'"
            )
        fields.append(("crossref", _braced(volume.key)))
    elif volume is not None:
        book = _braced(title_value(volume.title, protect, ascii_only=ascii_only))
        fields.append(("booktitle", book))
        if flavour == "standard":
            fields += [
                ("publisher", _braced(_latex.encode(volume.publisher))),
                ("address", _braced(_latex.encode(str(volume.location)))),
                ("month", _MONTH_MACROS[volume.date.month - 1]),
            ]
        fields.append(("year", _braced(str(volume.year))))
    if paper.pages is not None:
        fields.append(("pages", _braced(_pages(paper.pages))))
    if flavour == "standard" and volume is not None:
        isbn = volume.isbn_print or volume.isbn_online
        if isbn:
            fields.append(("isbn", _braced(isbn)))
    if paper.doi is not None:
        fields.append(("doi", _braced(_latex.encode(paper.doi))))
    return fields


def bibtex_library(
    items: Items,
    *,
    flavour: Flavour = "crossref",
    biblatex: bool = False,
    protect: Sequence[str] = (),
    volume: Workshop | None = None,
) -> Library:
    """The entries ``to_bibtex`` / ``to_biblatex`` write, as a bibtexparser ``Library``.

    Field values are final LaTeX (braced, or a bare month macro).
    """
    from bibtexparser.library import Library
    from bibtexparser.model import Entry, Field

    if flavour not in FLAVOURS:
        raise ValueError(f"unknown flavour {flavour!r}; expected one of {', '.join(FLAVOURS)}")
    volume, papers = _resolve(items, volume)
    if biblatex:
        flavour = "crossref"
    ascii_only = not biblatex
    library = Library()
    for paper in papers:
        fields = _paper_fields(paper, volume, flavour, protect, ascii_only)
        library.add(Entry("inproceedings", paper.key, [Field(k, v) for k, v in fields]))
    if flavour == "crossref" and volume is not None:
        # Classic BibTeX resolves crossref only to entries that come later.
        fields = _volume_fields(volume, ascii_only, biblatex)
        library.add(Entry("proceedings", volume.key, [Field(k, v) for k, v in fields]))
    return library


# --------------------------------------------------------------------------- text stage


def _write(library: Library) -> str:
    chunks: list[str] = []
    for entry in library.entries:
        width = max((len(f.key) for f in entry.fields), default=0)
        lines = [f"@{entry.entry_type}{{{entry.key},"]
        lines += [f"  {f.key.ljust(width)} = {f.value}," for f in entry.fields]
        lines[-1] = lines[-1].rstrip(",")
        lines.append("}")
        chunks.append("\n".join(lines) + "\n")
    return "\n".join(chunks)


def to_bibtex(
    items: Items,
    *,
    flavour: Flavour = "crossref",
    protect: Sequence[str] = (),
    volume: Workshop | None = None,
) -> str:
    """Classic BibTeX, pure ASCII where LaTeX has a spelling for every character.

    *items* is a ``Workshop`` (its papers and the volume), a ``Session``, a
    ``Paper`` or an iterable of papers. A paper of the bundled volume brings the
    volume's ``@proceedings`` entry along; for other papers pass ``volume``.

    >>> import dls_proceedings as dp
    >>> print(to_bibtex(dp.load().paper("jansen2020ddl"), flavour="condensed"))
    @inproceedings{jansen2020ddl,
      author    = {Jansen, Matthijs and Codreanu, Valeriu and Varbanescu, Ana-Lucia},
      title     = {{DDL} Bench: Towards a Scalable Benchmarking Infrastructure for Distributed Deep Learning},
      booktitle = {2020 {IEEE/ACM} Fourth Workshop on Deep Learning on Supercomputers ({DLS})},
      year      = {2020},
      pages     = {31--39},
      doi       = {10.1109/DLS51937.2020.00009}
    }
    <BLANKLINE>
    """
    return _write(bibtex_library(items, flavour=flavour, protect=protect, volume=volume))


def to_biblatex(
    items: Items, *, protect: Sequence[str] = (), volume: Workshop | None = None
) -> str:
    """biblatex (UTF-8): ``@inproceedings`` entries with ``crossref`` to an ``@proceedings``.

    >>> import dls_proceedings as dp
    >>> text = to_biblatex(dp.load().paper("cai2020deepgalaxy"))
    >>> "Bédorf, Jeroen" in text, "  eventdate  = {2020-11-11}," in text
    (True, True)
    """
    return _write(bibtex_library(items, biblatex=True, protect=protect, volume=volume))


# --------------------------------------------------------------------------- import


def _parse_pages(value: str) -> PageRange:
    match = re.fullmatch(r"\s*(\d+)\s*(?:(?:-+|–|—)\s*(\d+)\s*)?", value)
    if not match:
        raise ValueError(f"pages {value!r}: expected 'first--last' or a single page number")
    first = int(match.group(1))
    return PageRange(first=first, last=int(match.group(2) or first))


def split_names(value: str) -> list[str]:
    r"""Split a BibTeX name list at each word "and" outside braces, as BibTeX does.

    bibtexparser 2.1's splitter misses the separator when the next name starts
    with a backslash (``A and \"{O}zt{\"u}rk``), so this one is used instead.

    >>> split_names(r"Smith, J. and \"{O}zt{\"u}rk, A. and {Barnes and Noble}")
    ['Smith, J.', '\\"{O}zt{\\"u}rk, A.', '{Barnes and Noble}']
    """
    names: list[list[str]] = [[]]
    depth = 0
    word: list[str] = []

    def end_word() -> None:
        token = "".join(word)
        word.clear()
        if not token:
            return
        if token.lower() == "and" and names[-1]:
            names.append([])
        else:
            names[-1].append(token)

    for char in value:
        if char in " \t\n\r" and depth == 0:
            end_word()
            continue
        if char == "{":
            depth += 1
        elif char == "}" and depth:
            depth -= 1
        word.append(char)
    end_word()
    return [" ".join(tokens) for tokens in names if tokens]


def _parse_authors(value: str) -> list[Author]:
    from bibtexparser.middlewares.names import parse_single_name_into_parts

    authors = []
    for name in split_names(value):
        try:
            parts = parse_single_name_into_parts(name)
        except ValueError as exc:
            raise ValueError(f"author {name!r}: {exc}") from None
        family = _latex.decode(" ".join([*parts.von, *parts.last]))
        if parts.jr:
            family += ", " + _latex.decode(" ".join(parts.jr))
        given = _latex.decode(" ".join(parts.first)) if parts.first else None
        authors.append(Author(given=given or None, family=family))
    return authors


_DOI_PREFIX = re.compile(r"(?i)^\s*(?:https?://(?:dx\.)?doi\.org/|doi:\s*)")


def from_bibtex(text: str) -> list[Paper]:
    """Papers from BibTeX or biblatex text, in file order, LaTeX decoded to Unicode.

    Every entry but the containers (``@proceedings`` and the like) becomes a
    ``Paper`` keeping its entry key. ``crossref`` targets must be in the text. A
    DOI given as a resolver URL is reduced to the bare DOI.

    Raises:
        BibTeXError: listing every block that failed to parse and every entry
            that is not a valid paper, each with its line number.

    >>> import dls_proceedings as dp
    >>> papers = from_bibtex(to_bibtex(dp.load()))
    >>> papers[6].authors[1].family, str(papers[6].pages)
    ('Bédorf', '56–62')
    """
    from bibtexparser.entrypoint import parse_string

    library = parse_string(text)
    problems: list[str] = []
    for block in library.failed_blocks:
        line = (block.start_line or 0) + 1
        reason = getattr(block.error, "abort_reason", None) or str(block.error)
        problems.append(f"line {line}: {type(block).__name__}: {reason}")
    keys = {entry.key for entry in library.entries}
    papers: list[Paper] = []
    for entry in library.entries:
        line = (entry.start_line or 0) + 1
        where = f"line {line}: entry {entry.key!r}"
        fields = {f.key.lower(): f.value for f in entry.fields}
        target = fields.get("crossref")
        if isinstance(target, str) and target.strip() not in keys:
            problems.append(f"{where}: crossref {target!r} is not an entry of this file")
        if entry.entry_type.lower() in _CONTAINER_TYPES:
            continue
        try:
            papers.append(_paper_from_fields(entry.key, fields))
        except ValidationError as exc:
            for err in exc.errors():
                loc = ".".join(str(p) for p in err["loc"]) or "entry"
                problems.append(f"{where}: {loc}: {err['msg']}")
        except ValueError as exc:
            problems.append(f"{where}: {exc}")
    if problems:
        raise BibTeXError(problems)
    return papers


def _paper_from_fields(key: str, fields: dict[str, object]) -> Paper:
    def text(name: str) -> str | None:
        value = fields.get(name)
        return None if value is None else str(value)

    title = text("title")
    if title is None:
        raise ValueError("no title field")
    authors = text("author")
    pages = text("pages")
    doi = text("doi")
    if doi is not None:
        doi = _DOI_PREFIX.sub("", _latex.decode(doi).strip())
    return Paper(
        key=key,
        title=_latex.decode(title),
        authors=tuple(_parse_authors(authors)) if authors else (),
        pages=_parse_pages(pages) if pages is not None else None,
        doi=doi,
    )
