"""BibTeX and biblatex: ``to_bibtex``, ``to_biblatex`` and ``from_bibtex``.

Export has two stages, as everywhere in this package: ``_entries`` gives every
entry's fields with values that are already final LaTeX, then ``_write`` turns
them into text (no bibtexparser object is built: that would cost more than the
writing). ``bibtex_library`` gives the same entries as a bibtexparser
``Library``. Escaping happens once, in the first stage, so no bibtexparser
middleware runs over the values again (its LaTeX middleware would escape the
case-protection braces too). A large volume repeats words and names: within one
export each is encoded once.

Import reads the text with bibtexparser, then turns each entry's fields into a
``Paper`` (``_paper``), parsing each distinct name once per call, and reports
every problem of the text at once (``BibTeXError``).

Field rules (see docs/bibtex.md):
- ``author = {Family, Given and ...}``; a name part is braced only when BibTeX
  would otherwise split it wrongly (a comma, the word "and", odd spacing).
- Title words whose case a style must not change are braced: acronyms and words
  with inner capitals (``{LARS}``, ``{TopiQAL}``), and the proper nouns in
  ``PROPER_NOUNS`` plus any the caller passes as ``protect``.
- ``pages = {1--9}``, ``month = nov`` (the predefined macro), ``year = {2020}``.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from functools import cache, lru_cache
from typing import TYPE_CHECKING, Any, Literal

from pydantic import ValidationError

from dls_proceedings._gc import gc_paused
from dls_proceedings._problems import Problems, TooManyProblemsError, validation_messages
from dls_proceedings.errors import ArgumentError, ArgumentTypeError, BibTeXError
from dls_proceedings.formats import _latex
from dls_proceedings.formats._items import Items, venued
from dls_proceedings.models import Author, PageRange, Paper, Venue, Workshop

if TYPE_CHECKING:
    from bibtexparser.library import Library
    from bibtexparser.model import Entry

__all__ = [
    "PROPER_NOUNS",
    "bibtex_library",
    "from_bibtex",
    "to_biblatex",
    "to_bibtex",
]

Flavour = Literal["crossref", "standard", "condensed"]
FLAVOURS: tuple[Flavour, ...] = ("crossref", "standard", "condensed")

PROPER_NOUNS: tuple[str, ...] = ("Monte Carlo", "Vandermonde")
"""Proper nouns in this volume's titles whose capitals look like ordinary title case.

Spelling cannot tell "Monte Carlo" from "Deep Learning", so these are listed; pass
more with ``protect=`` for other volumes.
"""

_MONTH_MACROS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
_CONTAINER_TYPES = frozenset({"proceedings", "mvproceedings", "collection", "mvcollection"})

# --------------------------------------------------------------------------- field values


_SEGMENT = re.compile(r"[^\W_]+")
_CORE = re.compile(r"^(\W*)(.*?)(\W*)$", re.S)
_SPACES = re.compile(r"(\s+)")


def _protect_word(word: str, ascii_only: bool) -> str:
    """Brace the letters of *word* when its case must survive, leaving outer punctuation."""
    lead, core, trail = _CORE.match(word).groups()  # type: ignore[union-attr]
    if core and any(any(c.isupper() for c in s[1:]) for s in _SEGMENT.findall(core)):
        return (
            _latex.encode(lead, ascii_only=ascii_only)
            + "{"
            + _latex.encode(core, ascii_only=ascii_only)
            + "}"
            + _latex.encode(trail, ascii_only=ascii_only)
        )
    return _latex.encode(word, ascii_only=ascii_only)


@lru_cache(maxsize=256)
def _noun_pattern(nouns: frozenset[str]) -> re.Pattern[str] | None:
    if not nouns:
        return None
    # Longest first, so that "Monte Carlo Tree" wins over "Monte Carlo"; nouns of
    # equal length cannot both match at one place, so their order is irrelevant.
    ordered = sorted(nouns, key=len, reverse=True)
    # Not preceded by a letter or digit: tested after a noun's first character,
    # (?<![^\W_].), rather than before it, so that every alternative starts with a
    # literal and the search skips to the nouns' first characters (5x faster).
    return re.compile(
        "("
        + "|".join(
            re.escape(n[0]) + r"(?<![^\W_].)" + re.escape(n[1:]) if n else r"(?<![^\W_])"
            for n in ordered
        )
        + r")(?![^\W_])",
        re.DOTALL,  # the first character may be a line break
    )


class _Encoder:
    """Title and name values for one export, each distinct word and name encoded once.

    The memos live as long as the export: a large volume repeats its words and
    names thousands of times, and a long-running process keeps nothing.
    """

    __slots__ = ("ascii_only", "names", "nouns", "words")

    def __init__(self, protect: Sequence[str], ascii_only: bool) -> None:
        self.ascii_only = ascii_only
        self.nouns = _noun_pattern(frozenset((*PROPER_NOUNS, *protect)))
        self.words: dict[str, str] = {}
        self.names: dict[tuple[str, str | None], str] = {}

    def title(self, title: str) -> str:
        """*title* escaped, with case-sensitive words and the proper nouns braced."""
        if self.nouns is None:
            return self._text(title)
        # Text between the nouns at even places, the nouns at odd ones.
        parts = self.nouns.split(title)
        if len(parts) == 1:
            return self._text(title)
        for i, part in enumerate(parts):
            if i % 2:
                parts[i] = "{" + _latex.encode(part, ascii_only=self.ascii_only) + "}"
            else:
                parts[i] = self._text(part)
        return "".join(parts)

    def _text(self, text: str) -> str:
        """*text*'s words encoded (each once per export), its white space kept."""
        get, word = self.words.get, self._word
        if text.isascii() and text.isprintable():
            # The only white space is the space: a run of them splits into empty words.
            return " ".join([get(w) or word(w) for w in text.split(" ")])
        # Words at even places (possibly empty at the ends), white space at odd ones.
        parts = _SPACES.split(text)
        parts[::2] = [get(w) or word(w) for w in parts[::2]]
        return "".join(parts)

    def _word(self, word: str) -> str:
        value = self.words[word] = _protect_word(word, self.ascii_only)
        return value

    def authors(self, authors: Sequence[Author]) -> str:
        """``Family, Given and Family, Given``."""
        get, name = self.names.get, self._name
        return " and ".join([get((a.family, a.given)) or name(a) for a in authors])

    def _name(self, author: Author) -> str:
        value = self.names[author.family, author.given] = _name(
            author.family, author.given, self.ascii_only
        )
        return value


def title_value(title: str, protect: Iterable[str] = (), *, ascii_only: bool = True) -> str:
    r"""A title as a BibTeX value: escaped, with case-sensitive words braced.

    >>> title_value("Vandermonde Wave Function Ansatz for Improved Variational Monte Carlo")
    '{Vandermonde} Wave Function Ansatz for Improved Variational {Monte Carlo}'
    >>> title_value("TopiQAL: Topic-Aware Question Answering")
    '{TopiQAL}: Topic-Aware Question Answering'
    """
    return _Encoder(_protected(protect), ascii_only).title(title)


_AND = re.compile(r"(?i)(?:^|\s)and(?:\s|$)")
_ODD_SPACING = re.compile(r"\s\s|[^\S ]|^\s|\s$")


def _name_part(part: str, ascii_only: bool, *, whole: bool = False) -> str:
    latex = _latex.encode(part, ascii_only=ascii_only)
    # Brace a part BibTeX would split or reinterpret: a comma, the word "and",
    # spacing other than single spaces, or (``whole``) any space at all.
    if "," in part or _AND.search(part) or _ODD_SPACING.search(part) or (whole and " " in part):
        return "{" + latex + "}"
    return latex


def _name(family: str, given: str | None, ascii_only: bool) -> str:
    if given is None:
        return _name_part(family, ascii_only, whole=True)
    return f"{_name_part(family, ascii_only)}, {_name_part(given, ascii_only)}"


def authors_value(authors: Sequence[Author], *, ascii_only: bool = True) -> str:
    """``Family, Given and Family, Given`` with LaTeX-encoded names.

    >>> import dls_proceedings as dp
    >>> authors_value(dp.load().paper("cai2020deepgalaxy").authors[:2])
    "Cai, Maxwell X. and B{\\\\'e}dorf, Jeroen"
    """
    return _Encoder((), ascii_only).authors(authors)


# --------------------------------------------------------------------------- object stage

_Field = tuple[str, str]
"""A field's name and its final LaTeX value (braced, or a bare month macro)."""
_Entry = tuple[str, str, list[_Field]]
"""An entry's type, key and fields, in order."""


def _braced(value: str) -> str:
    return "{" + value + "}"


def _protected(protect: object) -> tuple[str, ...]:
    """*protect* checked: proper nouns, as a tuple of strings."""
    if isinstance(protect, (str, bytes)) or not isinstance(protect, Iterable):
        raise ArgumentTypeError(
            f"protect must be a list of proper nouns such as ['Summit'], "
            f"not {type(protect).__name__}"
        )
    nouns = tuple(protect)
    for noun in nouns:
        if not isinstance(noun, str):
            raise ArgumentTypeError(
                f"protect must hold strings only, not {type(noun).__name__} ({noun!r})"
            )
    return nouns


def _place_and_dates(volume: Venue, ascii_only: bool) -> tuple[str | None, list[_Field]]:
    """The volume's place as field text, and its BibTeX ``month``/``year`` fields."""
    place = None
    if volume.location is not None:
        place = _braced(_latex.encode(str(volume.location), ascii_only=ascii_only))
    dates: list[_Field] = []
    if volume.month is not None:
        dates.append(("month", _MONTH_MACROS[volume.month - 1]))
    if volume.year is not None:
        dates.append(("year", _braced(str(volume.year))))
    return place, dates


def _volume_fields(volume: Venue, ascii_only: bool, biblatex: bool) -> list[_Field]:
    def text(value: str) -> str:
        return _braced(_latex.encode(value, ascii_only=ascii_only))

    # The volume's title is not given the caller's proper nouns (kept as released).
    title = _braced(title_value(volume.title, ascii_only=ascii_only))
    fields = [("title", title)]
    place, dates = _place_and_dates(volume, ascii_only)
    if biblatex:
        if volume.short_title:
            fields.append(("eventtitle", text(volume.short_title)))
        if volume.date is not None:
            fields.append(("eventdate", _braced(volume.date.isoformat())))
        if place is not None:
            fields += [("venue", place), ("location", place)]
        if volume.publisher is not None:
            fields.append(("publisher", text(volume.publisher)))
        if volume.year is not None:
            month = f"-{volume.month:02d}" if volume.month is not None else ""
            fields.append(("date", _braced(f"{volume.year:04d}{month}")))
    else:
        fields.append(("booktitle", title))
        label = volume.short_title or " ".join(
            str(x) for x in (volume.acronym, volume.year) if x is not None
        )
        if label:
            fields.append(("key", text(label)))
        if volume.publisher is not None:
            fields.append(("publisher", text(volume.publisher)))
        if place is not None:
            fields.append(("address", place))
        fields += dates
    isbn = volume.isbn_print or volume.isbn_online
    if isbn:
        fields.append(("isbn", _braced(isbn)))
    return fields


def _shared_fields(
    volume: Venue | None, flavour: Flavour, encoder: _Encoder
) -> tuple[list[_Field], list[_Field]]:
    """The fields every paper takes from its volume: after the title, and after the pages."""
    if volume is None:
        return [], []
    if flavour == "crossref":
        assert volume.key is not None  # checked by _entries
        return [("crossref", _braced(volume.key))], []
    middle = [("booktitle", _braced(encoder.title(volume.title)))]
    tail: list[_Field] = []
    place, dates = _place_and_dates(volume, ascii_only=True)
    if flavour == "standard":
        if volume.publisher is not None:
            middle.append(("publisher", _braced(_latex.encode(volume.publisher))))
        if place is not None:
            middle.append(("address", place))
        middle += dates[:-1] if volume.year is not None else dates
        isbn = volume.isbn_print or volume.isbn_online
        if isbn:
            tail.append(("isbn", _braced(isbn)))
    if volume.year is not None:
        middle.append(dates[-1])
    return middle, tail


def _entries(
    items: Items,
    *,
    flavour: Flavour,
    biblatex: bool,
    protect: Iterable[str],
    volume: Workshop | Venue | None,
) -> list[_Entry]:
    """Every entry to write, papers first, each paper's fields in a fixed order."""
    if flavour not in FLAVOURS:
        raise ArgumentError(f"unknown flavour {flavour!r}; expected one of {', '.join(FLAVOURS)}")
    nouns = _protected(protect)
    papers = venued(items, volume)
    if biblatex:
        flavour = "crossref"
    ascii_only = not biblatex
    if flavour == "crossref":
        for paper, venue in papers:
            if venue is None or venue.key is None:
                what = (
                    "has no venue"
                    if venue is None
                    else f"has a venue without a key ({venue.title!r})"
                )
                raise ArgumentError(
                    f"paper {paper.key!r} {what}: a crossref export needs the volume's entry; "
                    "pass volume= (a Workshop, or a Venue with a key), or choose "
                    "flavour='standard' or 'condensed'"
                )
    encoder = _Encoder(nouns, ascii_only)
    # The papers of a volume share one Venue object: its fields are worked out once.
    shared: dict[int, tuple[list[_Field], list[_Field]]] = {}
    containers: dict[str, Venue] = {}
    entries: list[_Entry] = []
    for paper, venue in papers:
        fields: list[_Field] = []
        if paper.authors:
            names = encoder.authors(paper.authors)
            # BibTeX's own spelling of an incomplete list: styles print "et al."
            fields.append(("author", _braced(names + " and others" if paper.et_al else names)))
        fields.append(("title", _braced(encoder.title(paper.title))))
        parts = shared.get(id(venue))
        if parts is None:
            parts = shared[id(venue)] = _shared_fields(venue, flavour, encoder)
        middle, tail = parts
        fields += middle
        if paper.pages is not None:
            fields.append(("pages", _braced(_pages_value(paper.pages))))
        fields += tail
        if paper.doi is not None:
            # ASCII-only in biblatex too, as ever: the output stays byte-identical.
            fields.append(("doi", _braced(_latex.encode(paper.doi))))
        entries.append(("inproceedings", paper.key, fields))
        if flavour == "crossref" and venue is not None and venue.key is not None:
            seen = containers.setdefault(venue.key, venue)
            if seen is not venue and seen != venue:
                raise ArgumentError(
                    f"two different venues share the key {venue.key!r} ({seen.title!r} and "
                    f"{venue.title!r}): a crossref export would merge them"
                )
    # Classic BibTeX resolves crossref only to entries that come later.
    for key, venue in containers.items():
        entries.append(("proceedings", key, _volume_fields(venue, ascii_only, biblatex)))
    return entries


def _pages_value(pages: PageRange) -> str:
    """``first--last``, or the page alone."""
    if pages.first == pages.last:
        return str(pages.first)
    return f"{pages.first}--{pages.last}"


def bibtex_library(
    items: Items,
    *,
    flavour: Flavour = "crossref",
    biblatex: bool = False,
    protect: Iterable[str] = (),
    volume: Workshop | Venue | None = None,
) -> Library:
    """The entries ``to_bibtex`` / ``to_biblatex`` write, as a bibtexparser ``Library``.

    Field values are final LaTeX (braced, or a bare month macro).

    >>> import dls_proceedings as dp
    >>> library = bibtex_library(dp.load().paper("jansen2020ddl"), flavour="condensed")
    >>> [(f.key, f.value) for f in library.entries[0].fields][-1]
    ('doi', '{10.1109/DLS51937.2020.00009}')
    """
    from bibtexparser.library import Library
    from bibtexparser.model import Entry, Field

    library = Library()
    with gc_paused():
        entries = _entries(
            items, flavour=flavour, biblatex=biblatex, protect=protect, volume=volume
        )
        for entry_type, key, fields in entries:
            library.add(Entry(entry_type, key, [Field(name, value) for name, value in fields]))
    return library


# --------------------------------------------------------------------------- text stage


def _write(entries: list[_Entry]) -> str:
    """The entries as text: ``=`` aligned within each, one blank line between them."""
    chunks = []
    for entry_type, key, fields in entries:
        width = max([len(name) for name, _ in fields])
        body = ",\n".join([f"  {name.ljust(width)} = {value}" for name, value in fields])
        chunks.append(f"@{entry_type}{{{key},\n{body}\n}}\n")
    return "\n".join(chunks)


def to_bibtex(
    items: Items,
    *,
    flavour: Flavour = "crossref",
    protect: Iterable[str] = (),
    volume: Workshop | Venue | None = None,
) -> str:
    """Classic BibTeX, pure ASCII where LaTeX has a spelling for every character.

    *items* is a ``Workshop`` (its papers and the volume), a ``Session``, a
    ``Paper`` or an iterable of papers. Each paper is exported with its venue
    (``Paper.venue``: every paper of a ``Workshop`` has the volume's), so a subset
    reads as it does inside the whole; *volume* (a ``Workshop`` or ``Venue``) is
    the venue of papers that carry none. With ``crossref``, each venue's
    ``@proceedings`` entry follows the papers.
    *flavour* is ``"crossref"``, ``"standard"`` or ``"condensed"`` (see
    docs/bibtex.md); *protect* lists proper nouns to brace in titles.

    Raises:
        ArgumentError: an unknown *flavour*, or with ``flavour="crossref"`` a
            paper without a venue (or whose venue has no key) and no *volume*.
        ArgumentTypeError: *items*, *protect* or *volume* of the wrong type.

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
    with gc_paused():
        return _write(
            _entries(items, flavour=flavour, biblatex=False, protect=protect, volume=volume)
        )


def to_biblatex(
    items: Items, *, protect: Iterable[str] = (), volume: Workshop | Venue | None = None
) -> str:
    """biblatex (UTF-8): ``@inproceedings`` entries with ``crossref`` to an ``@proceedings``.

    *items*, *protect* and *volume* and the errors are as for ``to_bibtex``; the one
    flavour is crossref.

    >>> import dls_proceedings as dp
    >>> text = to_biblatex(dp.load().paper("cai2020deepgalaxy"))
    >>> "Bédorf, Jeroen" in text, "  eventdate  = {2020-11-11}," in text
    (True, True)
    """
    with gc_paused():
        return _write(
            _entries(items, flavour="crossref", biblatex=True, protect=protect, volume=volume)
        )


# --------------------------------------------------------------------------- import


_PAGES = re.compile(r"\s*(\d+)\s*(?:(?:-+|–|—)\s*(\d+)\s*)?")
_DOI_PREFIX = re.compile(r"(?i)^\s*(?:https?://(?:dx\.)?doi\.org/|doi:\s*)")
# BibTeX reads any run of white space as one space; a run with a line break or a
# tab (which no exported value has: the models forbid them) is made one.
_BROKEN_SPACE = re.compile(r"\s*[\t\n\r\f\v]\s*")
# Where bibtexparser's RemoveEnclosingMiddleware notes how it found each value
# (bibtexparser.middlewares.enclosing.REMOVED_ENCLOSING_KEY, tested).
_REMOVED_ENCLOSING_KEY = "removed_enclosing"
# The fields an entry's paper is read from; only these are checked.
_READ_FIELDS = frozenset({"title", "author", "pages", "doi", "crossref"})

# A group at most two deep, written as "text (group text)*" so that each run of
# text has one way to match: linear time, and no backtracking when it fails.
_GROUP = r"\{[^{}]*(?:\{[^{}]*\}[^{}]*)*\}"
_BRACES_SIMPLE = re.compile(rf"[^{{}}]*(?:{_GROUP}[^{{}}]*)*")
# A word of a name list: no space, tab or line break outside braces.
_NAME_WORD = re.compile(rf"(?=[^ \t\n\r}}])[^ \t\n\r{{}}]*(?:{_GROUP}[^ \t\n\r{{}}]*)*")


def split_names(value: str) -> list[str]:
    r"""Split a BibTeX name list at each word "and" outside braces, as BibTeX does.

    bibtexparser 2.1's splitter misses the separator when the next name starts
    with a backslash (``A and \"{O}zt{\"u}rk``), so this one is used instead.

    >>> split_names(r"Smith, J. and \"{O}zt{\"u}rk, A. and {Barnes and Noble}")
    ['Smith, J.', '\\"{O}zt{\\"u}rk, A.', '{Barnes and Noble}']
    """
    if _BRACES_SIMPLE.fullmatch(value):
        # Braces balanced and at most two deep: the words are found in one pass.
        words: list[list[str]] = [[]]
        for token in _NAME_WORD.findall(value):
            if token.lower() == "and" and words[-1]:
                words.append([])
            else:
                words[-1].append(token)
        return [" ".join(tokens) for tokens in words if tokens]
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


def _text(value: str) -> str:
    """A field value as text: LaTeX decoded (else ``LatexError``), spaces read as BibTeX does."""
    text = _latex.decode(value)
    if not text.isprintable():  # one scan for the rare line break or tab
        text = _BROKEN_SPACE.sub(" ", text)
    return text


def _author(name: str) -> Author | tuple[str, ...]:
    """The ``Author`` one name of a name list stands for, or the problems with it."""
    from bibtexparser.middlewares.names import parse_single_name_into_parts

    try:
        parts = parse_single_name_into_parts(name)
        family = _text(" ".join([*parts.von, *parts.last]))
        if parts.jr:
            family += ", " + _text(" ".join(parts.jr))
        given = _text(" ".join(parts.first)) if parts.first else None
    except ValueError as exc:  # bibtexparser's reason, or a LatexError
        return (f"author {name!r}: {exc}",)
    try:
        return Author(given=given or None, family=family)
    except ValidationError as exc:
        return tuple(f"author {name!r}: {message}" for message in validation_messages(exc))


def _paper(
    key: str, fields: Mapping[str, str], names: dict[str, Author | tuple[str, ...]]
) -> Paper | list[str]:
    """The ``Paper`` an entry's fields describe, or every problem with them.

    *names* maps each name already read in this call to its ``Author`` (or its
    problems): a volume repeats names, and ``Author`` is immutable, so papers
    share one.
    """
    problems: list[str] = []
    title = fields.get("title")
    if title is None:
        problems.append("no title field")
    else:
        try:
            title = _text(title)
        except _latex.LatexError as exc:
            problems.append(f"title: {exc}")
    authors: list[Author] = []
    for name in split_names(fields.get("author", "")):
        author = names.get(name)
        if author is None:
            author = names[name] = _author(name)
        if isinstance(author, tuple):  # its problems
            problems += author
        else:
            authors.append(author)
    pages = fields.get("pages")
    page_range = None
    if pages is not None:
        match = _PAGES.fullmatch(pages)
        if match is None:
            problems.append(f"pages {pages!r}: expected 'first--last' or a single page number")
        else:
            first = int(match.group(1))
            page_range = {"first": first, "last": int(match.group(2) or first)}
    doi = fields.get("doi")
    if doi is not None:
        try:
            doi = _DOI_PREFIX.sub("", _text(doi).strip())
        except _latex.LatexError as exc:
            problems.append(f"doi: {exc}")
    if problems:
        return problems
    # The constructor, not model_validate: the caller has paused the collector.
    values: dict[str, Any] = {
        "key": key,
        "title": title,
        "authors": authors,
        "pages": page_range,
        "doi": doi,
    }
    try:
        return Paper(**values)
    except ValidationError as exc:
        return validation_messages(exc)


def _fields(entry: Entry, problems: Problems, line: int, where: str) -> dict[str, str]:
    """An entry's fields by lower-case name, with problems for the ones it cannot give."""
    given = entry.fields
    fields: dict[str, str] = {field.key.lower(): field.value for field in given}
    if len(fields) != len(given):
        # The same name in different cases: bibtexparser keeps both, BibTeX one.
        seen: set[str] = set()
        for field in given:
            name = field.key.lower()
            if name in seen:
                problems.add(line, where, f"field {name!r} is given twice")
            seen.add(name)
    enclosings = entry.parser_metadata.get(_REMOVED_ENCLOSING_KEY)
    if enclosings and "no-enclosing" in enclosings.values():
        for key, enclosing in enclosings.items():
            name = key.lower()
            value = fields.get(name, "")
            if name in _READ_FIELDS and enclosing == "no-enclosing" and not value.isdigit():
                # Neither braced nor quoted nor a defined @string: BibTeX would not
                # read it, and bibtexparser passes the bare word on as the value.
                if "#" in value:
                    problems.add(
                        line, where, f"{name}: '#' concatenation is not supported", quote=value
                    )
                else:
                    problems.add(line, where, f"{name}: undefined @string", quote=value)
    return fields


def _source(text: object) -> str:
    """*text* as a str: UTF-8 bytes decoded; another type is an ``ArgumentTypeError``."""
    if isinstance(text, str):
        return text
    if isinstance(text, (bytes, bytearray)):
        data = bytes(text)
        try:
            return data.decode("utf-8").removeprefix("\ufeff")
        except UnicodeDecodeError as exc:
            line = data.count(b"\n", 0, exc.start) + 1
            column = exc.start - (data.rfind(b"\n", 0, exc.start) + 1) + 1
            problems = Problems()
            problems.add(
                line,
                f"line {line}",
                f"not UTF-8: byte 0x{data[exc.start]:02x} at column {column}; decode the "
                "text with its encoding first, e.g. data.decode('latin-1')",
            )
            problems.raise_if_any(BibTeXError)
    raise ArgumentTypeError(
        f"text must be the BibTeX text as a str or UTF-8 bytes, not {type(text).__name__}"
    )


_IN_FROM_BIBTEX: ContextVar[bool] = ContextVar("dls_proceedings_in_from_bibtex", default=False)


class _DuringFromBibtex(logging.Filter):
    """Drops what bibtexparser logs while ``from_bibtex`` runs in the current context.

    bibtexparser logs a warning for every block it cannot parse, which Python
    prints to stderr when the application configured no logging; ``from_bibtex``
    reports the same block as a problem instead. The filter reads a context
    variable, so records from other threads, tasks and callers pass unchanged.
    """

    def filter(self, record: logging.LogRecord) -> bool:
        return not _IN_FROM_BIBTEX.get()


@cache
def _filter_bibtexparser_logs() -> None:
    # Installed once and never removed: adding and removing a filter around each
    # call would race with concurrent calls. A logger's filters apply to records
    # logged on that logger only, so each of bibtexparser's module loggers gets it.
    from bibtexparser import entrypoint  # noqa: F401  (creates the module loggers)

    during = _DuringFromBibtex()
    named = set(logging.Logger.manager.loggerDict)
    named |= {"bibtexparser.splitter", "bibtexparser.middlewares.middleware"}
    for name in sorted(named):
        if name == "bibtexparser" or name.startswith("bibtexparser."):
            logging.getLogger(name).addFilter(during)


@contextmanager
def _bibtexparser_logs_dropped() -> Iterator[None]:
    _filter_bibtexparser_logs()
    token = _IN_FROM_BIBTEX.set(True)
    try:
        yield
    finally:
        _IN_FROM_BIBTEX.reset(token)


def from_bibtex(text: str | bytes | bytearray) -> list[Paper]:
    r"""Papers from BibTeX or biblatex text, in file order, LaTeX decoded to Unicode.

    *text* is a str, or bytes in UTF-8 (a byte order mark is dropped; another
    encoding is a problem: decode such bytes yourself first). Every entry but the
    containers (``@proceedings`` and the like) becomes a ``Paper`` keeping its
    entry key. ``crossref`` targets must be in the text. A DOI given as a
    resolver URL is reduced to the bare DOI.

    LaTeX is decoded where it has a faithful plain-text reading: accents, escaped
    specials, text symbols, ``--``, formatting such as ``\emph{x}`` (its text),
    ``\url{x}`` and ``\href{url}{text}``; inline math is kept as typed. Any other
    macro (``\cite``, ``\today``, ``\footnote``), an environment, display math or
    nesting deeper than 32 levels is a problem naming the entry, the field and
    the macro. Nothing is printed: what bibtexparser logs during the call is
    dropped (it is reported as problems).

    Raises:
        BibTeXError: listing every block that failed to parse and every entry
            that is not a valid paper, each with its line number.
        ArgumentTypeError: *text* is neither a str nor bytes.

    >>> import dls_proceedings as dp
    >>> papers = from_bibtex(to_bibtex(dp.load()))
    >>> papers[6].authors[1].family, str(papers[6].pages)
    ('Bédorf', '56–62')
    >>> from_bibtex(r"@misc{k, title = {\emph{Deep} \cite{x}}}")
    Traceback (most recent call last):
    ...
    dls_proceedings.errors.BibTeXError: 1 problem in the BibTeX input:
      line 1: entry 'k': title: unsupported LaTeX macro \cite
    """
    source = _source(text)
    with gc_paused(), _bibtexparser_logs_dropped(), _latex.parser_budget():
        return _read(source)


MAX_ENTRIES = 100_000
"""Entries (``@`` signs) one ``from_bibtex`` call reads: a larger text is refused at once,
before bibtexparser spends seconds splitting it (split the file)."""


def _read(text: str) -> list[Paper]:
    from bibtexparser.entrypoint import parse_string

    # Every "@" may open a block for bibtexparser: counting them bounds its work.
    blocks = text.count("@")
    if blocks > MAX_ENTRIES:
        raise BibTeXError(
            [
                f"the input has {blocks:,} '@' signs, each of which may start an entry: more "
                f"than one import reads (at most {MAX_ENTRIES:,}); split the file"
            ]
        )
    library = parse_string(text)
    problems = Problems()
    try:
        papers = _papers(library, problems)
    except TooManyProblemsError:
        papers = []
    problems.raise_if_any(BibTeXError)
    return papers


def _papers(library: Any, problems: Problems) -> list[Paper]:
    for block in library.failed_blocks:
        line = (block.start_line or 0) + 1
        reason = getattr(block.error, "abort_reason", None) or str(block.error)
        problems.add(line, f"line {line}", f"{type(block).__name__}: {reason}")
    keys = {entry.key for entry in library.entries}
    names: dict[str, Author | tuple[str, ...]] = {}
    papers: list[Paper] = []
    for entry in library.entries:
        line = (entry.start_line or 0) + 1
        where = f"line {line}: entry {entry.key!r}"
        fields = _fields(entry, problems, line, where)
        target = fields.get("crossref")
        if target is not None and target.strip() not in keys:
            problems.add(line, where, f"crossref {target!r} is not an entry of this file")
        if entry.entry_type.lower() in _CONTAINER_TYPES:
            continue
        paper = _paper(entry.key, fields, names)
        if isinstance(paper, list):  # its problems
            for message in paper:
                problems.add(line, where, message)
        else:
            papers.append(paper)
    return papers


def volume_parts(text: str) -> tuple[list[Paper], Venue | None, dict[str, Any]]:
    """The papers of a BibTeX text with their venues, and the volume's own entry (for ``read_volume``)."""
    return from_bibtex(text), None, {}
