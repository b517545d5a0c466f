"""BibTeX and biblatex: ``to_bibtex``, ``to_biblatex`` and ``from_bibtex``.

Export has two stages, as everywhere in this package: ``_entries`` gives every
entry's fields with values that are already final LaTeX, then ``_write`` turns
them into text (no bibtexparser object is built: that would cost more than the
writing). ``bibtex_library`` gives the same entries as a bibtexparser
``Library``. Escaping happens once, in the first stage, so no bibtexparser
middleware runs over the values again (its LaTeX middleware would escape the
case-protection braces too). A large volume repeats words and names: within one
export each is encoded once.

Import splits the text with bibtexparser and a parse stack of our own (one
middleware: every value as BibTeX reads it, ``resolve_value``), then reads each
entry (``_Reader``): papers with their venues, inherited through ``crossref`` as
BibTeX and biber inherit, each distinct name parsed once and each volume's venue
read once per call; every problem of the text is reported at once
(``BibTeXError``). docs/formats.md lists the fields read and ignored.

Field rules (see docs/bibtex.md):
- ``author = {Family, Given and ...}``; a name part is braced only when BibTeX
  would otherwise split it wrongly (a comma, the word "and", odd spacing).
- Title words whose case a style must not change are braced, as
  ``formats._case`` finds them for every format: words whose spelling shows a
  name (``{LARS}``, ``{TopiQAL}``), the title's own ``proper_names`` (``{DDL
  Bench}``, ``{Monte Carlo}``, the event's name) and any the caller passes as
  ``protect``.
- ``pages = {1--9}``, ``month = nov`` (the predefined macro), ``year = {2020}``.
- Every field is one a common style prints as what it is, and each fact is
  written once (docs/bibtex.md, "What each field is for").
"""

from __future__ import annotations

import datetime
import logging
import re
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager, suppress
from contextvars import ContextVar
from functools import cache
from typing import TYPE_CHECKING, Any, Literal

from pydantic import ValidationError

from dls_proceedings._gc import gc_paused
from dls_proceedings._problems import Problems, TooManyProblemsError, validation_messages
from dls_proceedings.errors import ArgumentError, ArgumentTypeError, BibTeXError
from dls_proceedings.formats import _latex
from dls_proceedings.formats._case import case_protected, cased_run
from dls_proceedings.formats._items import Items, venued
from dls_proceedings.formats._venue import location
from dls_proceedings.models import Author, PageRange, Paper, Venue, Workshop

if TYPE_CHECKING:
    from bibtexparser.library import Library
    from bibtexparser.model import Entry

__all__ = [
    "FLAVOURS",
    "bibtex_library",
    "from_bibtex",
    "to_biblatex",
    "to_bibtex",
]

Flavour = Literal["standard", "crossref", "condensed"]
FLAVOURS: tuple[Flavour, ...] = ("standard", "crossref", "condensed")
"""The entry shapes both writers offer; the first, self-contained entries, is the default."""

_MONTH_MACROS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
_CONTAINER_TYPES = frozenset({"proceedings", "mvproceedings", "collection", "mvcollection"})

# --------------------------------------------------------------------------- field values


_SPACES = re.compile(r"(\s+)")


class _Encoder:
    """Title and name values for one export, each distinct word and name encoded once.

    The memos live as long as the export: a large volume repeats its words and
    names thousands of times, and a long-running process keeps nothing.
    """

    __slots__ = ("ascii_only", "extra", "names", "titled", "words")

    def __init__(self, protect: Sequence[str], ascii_only: bool) -> None:
        self.ascii_only = ascii_only
        self.extra = tuple(protect)
        self.words: dict[str, str] = {}  # a word escaped
        self.titled: dict[str, str] = {}  # a word of a title escaped, its cased run braced
        self.names: dict[tuple[str, str | None], str] = {}

    def title(self, title: str, names: Sequence[str] = ()) -> str:
        """*title* escaped, the runs whose case must survive braced (``_case.spans``).

        *names* are the title's own proper names; the caller's ``protect`` is added.
        Without any, each word is protected on its own (``_case.cased_run``) and
        encoded once per export: what ``_case.case_protected`` gives, faster.
        """
        if names or self.extra:
            return self.protected(title, (*names, *self.extra))
        return self._text(title, self.titled, self._titled)

    def protected(self, title: str, names: Sequence[str]) -> str:
        """*title* with *names* and the cased words braced, as ``_case.case_protected`` cuts it."""
        out: list[str] = []
        for piece, kept in case_protected(title, names):
            if kept:
                out.append("{" + _latex.encode(piece, ascii_only=self.ascii_only) + "}")
            else:
                out.append(self._text(piece, self.words, self._word))
        return "".join(out)

    def _titled(self, word: str) -> str:
        run = cased_run(word)
        if run is None:
            value = self._word(word)
        else:
            start, end = run
            encode = self._word
            value = encode(word[:start]) + "{" + encode(word[start:end]) + "}" + encode(word[end:])
        self.titled[word] = value
        return value

    @staticmethod
    def _text(text: str, memo: dict[str, str], make: Callable[[str], str]) -> str:
        """*text*'s words as *make* encodes them (each once per export), its white space kept."""
        get, word = memo.get, make
        if text.isascii() and text.isprintable():
            # The only white space is the space: a run of them splits into empty words.
            return " ".join([get(w) or word(w) for w in text.split(" ")])
        # Words at even places (possibly empty at the ends), white space at odd ones.
        parts = _SPACES.split(text)
        parts[::2] = [get(w) or word(w) for w in parts[::2]]
        return "".join(parts)

    def _word(self, word: str) -> str:
        value = self.words[word] = _latex.encode(word, ascii_only=self.ascii_only)
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
    r"""A title as a BibTeX value: escaped, the runs whose case must survive braced.

    *protect* names the proper names of the title that its spelling does not
    reveal (a paper's ``proper_names``, and the caller's extras).

    >>> title_value("Vandermonde Wave Function Ansatz for Improved Variational Monte Carlo",
    ...             ["Vandermonde", "Monte Carlo"])
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


class _VenueFields:
    """The fields one venue gives its papers and its own entry, worked out once per export.

    Classic BibTeX: ``booktitle``, ``publisher``, ``location`` (the event's
    place: no classic field is defined for it, ACM-Reference-Format prints this
    one after the booktitle, other styles ignore it), ``month``, ``year``,
    ``isbn``, and ``address``, the publisher's place, when it is known.
    biblatex: ``booktitle``, ``publisher``, ``location`` (the publisher's place),
    ``date``, ``isbn``. Never the event's place as the publisher's, ``key``
    (styles print it), ``eventtitle``, ``venue`` or ``eventdate`` (outside
    biblatex-apa's data model for the entry types it maps conference papers to).
    """

    __slots__ = ("biblatex", "booktitle", "date", "isbn", "place", "publisher", "year")

    def __init__(self, venue: Venue, encoder: _Encoder, biblatex: bool) -> None:
        ascii_only = encoder.ascii_only
        self.biblatex = biblatex
        self.booktitle: _Field = (
            "booktitle",
            _braced(encoder.title(venue.title, venue.proper_names)),
        )
        self.publisher: list[_Field] = []
        if venue.publisher is not None:
            self.publisher.append(
                ("publisher", _braced(_latex.encode(venue.publisher, ascii_only=ascii_only)))
            )
        # Classic: the publisher's place in ``address`` (BibTeX's definition), the
        # event's in ``location``; biblatex's ``location`` is the publisher's place.
        self.place: list[_Field] = []
        if venue.publisher_place is not None:
            self.place.append(
                (
                    "location" if biblatex else "address",
                    _braced(_latex.encode(venue.publisher_place, ascii_only=ascii_only)),
                )
            )
        if venue.location is not None and not biblatex:
            self.place.append(
                ("location", _braced(_latex.encode(str(venue.location), ascii_only=ascii_only)))
            )
        # Classic month and year, or biblatex's date; the year alone for condensed.
        self.date: list[_Field] = []
        self.year: list[_Field] = []
        if venue.year is not None:
            if biblatex:
                month = f"-{venue.month:02d}" if venue.month is not None else ""
                self.date.append(("date", _braced(f"{venue.year:04d}{month}")))
                self.year.append(("date", _braced(f"{venue.year:04d}")))
            else:
                if venue.month is not None:
                    self.date.append(("month", _MONTH_MACROS[venue.month - 1]))
                self.date.append(("year", _braced(str(venue.year))))
                self.year.append(("year", _braced(str(venue.year))))
        # The papers' DOIs resolve to the online edition: its ISBN is the one to cite.
        isbn = venue.isbn_online or venue.isbn_print
        self.isbn: list[_Field] = [("isbn", _braced(isbn))] if isbn else []

    def paper(self, flavour: Flavour, key: str | None) -> tuple[list[_Field], list[_Field]]:
        """A paper's venue fields: those after its title, and those after its pages."""
        if flavour == "crossref":
            assert key is not None  # checked by _entries
            crossref = ("crossref", _braced(key))
            # biblatex makes the volume's title the paper's booktitle; BibTeX needs it
            # in the paper (the @proceedings has none: styles would print it).
            return ([crossref] if self.biblatex else [self.booktitle, crossref]), []
        if flavour == "condensed":
            return [self.booktitle, *self.year], []
        if self.biblatex:
            # biblatex-apa reads a self-contained @inproceedings as an @article,
            # whose data model has no publisher or isbn (docs/bibtex.md).
            return [self.booktitle, *self.date], []
        return [self.booktitle, *self.publisher, *self.place, *self.date], self.isbn

    def volume(self) -> list[_Field]:
        """The fields of the venue's own entry, after its title."""
        return [*self.publisher, *self.place, *self.date, *self.isbn]


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
    encoder = _Encoder(nouns, ascii_only=not biblatex)
    # The papers of a volume share one Venue object: its fields are worked out once.
    shared: dict[int, tuple[list[_Field], list[_Field]]] = {}
    containers: dict[str, tuple[Venue, _VenueFields]] = {}
    computed: dict[int, _VenueFields] = {}
    entries: list[_Entry] = []
    for paper, venue in papers:
        fields: list[_Field] = []
        if paper.authors:
            names = encoder.authors(paper.authors)
            # BibTeX's own spelling of an incomplete list: styles print "et al."
            fields.append(("author", _braced(names + " and others" if paper.et_al else names)))
        fields.append(("title", _braced(encoder.title(paper.title, paper.proper_names))))
        middle: list[_Field] = []
        tail: list[_Field] = []
        if venue is not None:
            parts = shared.get(id(venue))
            if parts is None:
                venue_fields = computed[id(venue)] = _VenueFields(venue, encoder, biblatex)
                parts = shared[id(venue)] = venue_fields.paper(flavour, venue.key)
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
            seen, _ = containers.setdefault(venue.key, (venue, computed[id(venue)]))
            if seen is not venue and seen != venue:
                raise ArgumentError(
                    f"two different venues share the key {venue.key!r} ({seen.title!r} and "
                    f"{venue.title!r}): a crossref export would merge them"
                )
    # Classic BibTeX resolves crossref only to entries that come later.
    for key, (_, venue_fields) in containers.items():
        title = ("title", venue_fields.booktitle[1])
        entries.append(("proceedings", key, [title, *venue_fields.volume()]))
    return entries


def _pages_value(pages: PageRange) -> str:
    """``first--last``, or the page alone."""
    if pages.first == pages.last:
        return str(pages.first)
    return f"{pages.first}--{pages.last}"


def bibtex_library(
    items: Items,
    *,
    flavour: Flavour = "standard",
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
    flavour: Flavour = "standard",
    protect: Iterable[str] = (),
    volume: Workshop | Venue | None = None,
) -> str:
    """Classic BibTeX, pure ASCII where LaTeX has a spelling for every character.

    *items* is a ``Workshop`` (its papers and the volume), a ``Session``, a
    ``Paper`` or an iterable of papers. Each paper is exported with its venue
    (``Paper.venue``: every paper of a ``Workshop`` has the volume's), so a subset
    reads as it does inside the whole; *volume* (a ``Workshop`` or ``Venue``) is
    the venue of papers that carry none.
    *flavour* is ``"standard"`` (the default: every entry self-contained),
    ``"crossref"`` (papers with ``crossref`` to the venue's ``@proceedings``,
    which follows them: for citing the whole volume) or ``"condensed"`` (see
    docs/bibtex.md). *protect* lists proper nouns to brace in every title, in
    addition to each title's own ``proper_names``.

    Raises:
        ArgumentError: an unknown *flavour*, or with ``flavour="crossref"`` a
            paper without a venue (or whose venue has no key) and no *volume*.
        ArgumentTypeError: *items*, *protect* or *volume* of the wrong type.

    >>> import dls_proceedings as dp
    >>> print(to_bibtex(dp.load().paper("jansen2020ddl"), flavour="condensed"))
    @inproceedings{jansen2020ddl,
      author    = {Jansen, Matthijs and Codreanu, Valeriu and Varbanescu, Ana-Lucia},
      title     = {{DDL Bench}: Towards a Scalable Benchmarking Infrastructure for Distributed Deep Learning},
      booktitle = {2020 {IEEE/ACM Fourth Workshop on Deep Learning on Supercomputers} ({DLS})},
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
    items: Items,
    *,
    flavour: Flavour = "standard",
    protect: Iterable[str] = (),
    volume: Workshop | Venue | None = None,
) -> str:
    """biblatex (UTF-8): ``@inproceedings`` entries, by default each self-contained.

    *items*, *flavour*, *protect*, *volume* and the errors are as for
    ``to_bibtex``; with ``crossref`` the venue's ``@proceedings`` gives its title
    (biblatex's ``booktitle`` of each paper), publisher, ``date`` and ISBN.

    >>> import dls_proceedings as dp
    >>> text = to_biblatex(dp.load().paper("cai2020deepgalaxy"))
    >>> "Bédorf, Jeroen" in text, "  date      = {2020-11}," in text
    (True, True)
    """
    with gc_paused():
        return _write(
            _entries(items, flavour=flavour, biblatex=True, protect=protect, volume=volume)
        )


# --------------------------------------------------------------------------- import: values
#
# bibtexparser splits the text into blocks; one middleware of ours (its whole parse
# stack) then gives every field the value BibTeX reads: the parts of a value
# joined by "#" ({braced}, "quoted", a number, a macro), each @string macro and the
# month macros jan-dec replaced by its text, white space collapsed. What cannot be
# read (an undefined macro) is noted on the entry, for the field's reader to report.

_MONTH_NAMES = (
    "January", "February", "March", "April", "May", "June", "July", "August", "September",
    "October", "November", "December",
)  # fmt: skip
# Every BibTeX style defines the month macros (plain.bst: MACRO {nov} {"November"}), and
# biber knows them too; a file may redefine them with @string.
_PREDEFINED_MACROS = dict(zip(_MONTH_MACROS, _MONTH_NAMES, strict=True))
# Where the middleware notes each entry's unreadable values (field name -> problem), and its
# values by lower-case field name (the first of a name given twice, as BibTeX reads it).
_VALUE_PROBLEMS = "dls_proceedings_value_problems"
_VALUES = "dls_proceedings_values"

_WHITE = re.compile(r"[ \t\n\r\f\v]+")
_BRACE = re.compile(r"[{}]")
_BRACE_OR_QUOTE = re.compile(r'[{}"]')
_NUMBER = re.compile(r"\d+")
# A macro's name as BibTeX reads one: no white space and none of " # % ' ( ) , = { }.
_MACRO_NAME = re.compile(r"""[^\s"#%'(),={}]+""")
_JOIN = re.compile(r"\s*(#?)\s*")


def _collapse(text: str) -> str:
    """*text* as BibTeX stores a value: each run of white space one space, none at the ends.

    >>> _collapse("  Deep\\n    Learning  ")
    'Deep Learning'
    """
    if "  " in text or not text.isprintable():
        text = _WHITE.sub(" ", text)
    return text.strip(" ")


def _closing(raw: str, start: int) -> int:
    """The index of the brace closing the one at *start*, or -1. Every brace counts, as in BibTeX."""
    depth = 0
    for match in _BRACE.finditer(raw, start):
        depth += 1 if match.group() == "{" else -1
        if depth == 0:
            return match.start()
    return -1


def _closing_quote(raw: str, start: int) -> int:
    """The index of the '"' closing the one at *start* (outside braces), or -1."""
    depth = 0
    for match in _BRACE_OR_QUOTE.finditer(raw, start + 1):
        char = match.group()
        if char == "{":
            depth += 1
        elif char == "}":
            depth -= 1
            if depth < 0:
                return -1
        elif depth == 0:
            return match.start()
    return -1


def resolve_value(raw: str, macros: Mapping[str, str]) -> tuple[str, str | None]:
    """The text a field's value stands for, as BibTeX reads it, and a problem (or ``None``).

    *raw* is the value as typed: parts joined by ``#``, each ``{braced}``,
    ``"quoted"``, a number or a macro's name (case-insensitive) looked up in
    *macros*. White space collapses to single spaces.

    >>> resolve_value('nov # " 11"', {"nov": "November"})
    ('November 11', None)
    >>> resolve_value("{Deep\\n   Learning}", {})
    ('Deep Learning', None)
    >>> resolve_value("conf # { 2020}", {})
    ('', "undefined macro 'conf': define it with @string{conf = {...}} before the entry")
    """
    if raw[:1] == "{" and raw[-1:] == "}":
        inner = raw[1:-1]
        if "{" not in inner and "}" not in inner:
            return _collapse(inner), None
    parts: list[str] = []
    undefined: list[str] = []
    position, end = 0, len(raw)
    while True:
        if position >= end:
            return "", ("nothing after '#'" if parts or undefined else "no value")
        char = raw[position]
        if char == "{":
            close = _closing(raw, position)
            if close < 0:
                return "", "unbalanced braces"
            parts.append(raw[position + 1 : close])
            position = close + 1
        elif char == '"':
            close = _closing_quote(raw, position)
            if close < 0:
                return "", "a '\"' without its closing '\"' (or unbalanced braces inside)"
            parts.append(raw[position + 1 : close])
            position = close + 1
        else:
            match = _NUMBER.match(raw, position) or _MACRO_NAME.match(raw, position)
            if match is None:
                return "", f"unexpected {char!r} where a value should start"
            name = match.group()
            position = match.end()
            if name.isdigit():
                parts.append(name)
            else:
                value = macros.get(name.lower())
                if value is None:
                    undefined.append(name)
                else:
                    parts.append(value)
        join = _JOIN.match(raw, position)
        assert join is not None  # matches the empty string
        position = join.end()
        if not join.group(1):
            if position < end:
                return "", f"expected '#' between the parts of the value, found {raw[position:]!r}"
            break
    if undefined:
        named = ", ".join(repr(name) for name in dict.fromkeys(undefined))
        first = undefined[0]
        plural = "s" if len(set(undefined)) > 1 else ""
        return "", (
            f"undefined macro{plural} {named}: define it with @string{{{first} = {{...}}}} "
            "before the entry"
        )
    return _collapse("".join(parts)), None


def _resolve_library(library: Library) -> None:
    """Every value of *library* resolved in place, in file order (a macro is defined before use)."""
    from bibtexparser.model import Entry, ParsingFailedBlock, String

    macros = dict(_PREDEFINED_MACROS)
    for found in library.blocks:
        # A repeated key or field: its block is read all the same, for its problems.
        block = found.ignore_error_block if isinstance(found, ParsingFailedBlock) else found
        if isinstance(block, Entry):
            problems: dict[str, str] = {}
            values: dict[str, str] = {}
            for field in block.fields:
                raw = field.value
                inner = raw[1:-1]
                if raw[:1] == "{" and raw[-1:] == "}" and "{" not in inner and "}" not in inner:
                    # resolve_value's first case, inline: most values of most files
                    value = _collapse(inner)
                else:
                    value, problem = resolve_value(raw, macros)
                    if problem is not None:
                        problems.setdefault(field.key.lower(), problem)
                field.value = value
                values.setdefault(field.key.lower(), value)
            block.parser_metadata[_VALUES] = values
            if problems:
                block.parser_metadata[_VALUE_PROBLEMS] = problems
        elif isinstance(block, String):
            value, problem = resolve_value(block.value, macros)
            block.value = value
            if problem is None:
                macros[block.key.lower()] = value  # a later definition replaces it, as in BibTeX
            else:
                block.parser_metadata[_VALUE_PROBLEMS] = {"": problem}


@cache
def _parse_stack_type() -> Any:
    """Our bibtexparser middleware class: the whole parse stack ``from_bibtex`` uses.

    It replaces bibtexparser's default stack, whose string middleware reads a value
    only when the whole value is one macro and whose enclosing middleware leaves a
    ``#`` concatenation as typed. Defined on first use: bibtexparser is not imported
    with this package.
    """
    from bibtexparser.middlewares.middleware import LibraryMiddleware

    class ReadValues(LibraryMiddleware):
        """Resolves every value as BibTeX reads it (``resolve_value``), in place."""

        @classmethod
        def metadata_key(cls) -> str:
            return "dls_proceedings_read_values"

        def transform(self, library: Library) -> Library:
            _resolve_library(library)
            return library

    return ReadValues


def _parse(text: str) -> Library:
    from bibtexparser.entrypoint import parse_string

    library: Library = parse_string(text, parse_stack=[_parse_stack_type()()])
    return library


# --------------------------------------------------------------------------- import: fields

_PAGES = re.compile(r"\s*(\d+)\s*(?:(?:-+|–|—)\s*(\d+)\s*)?")
_DOI_PREFIX = re.compile(r"(?i)^\s*(?:https?://(?:dx\.)?doi\.org/|doi:\s*)")
_DOI_URL = re.compile(r"(?i)\s*(?:\\url\{)?https?://(?:dx\.)?doi\.org/(10\.[^\s}]+)\}?\s*")
_YEAR = re.compile(r"\d{1,4}")
# A month as BibTeX files give it: "11", "Nov", "Nov.", "November", optionally with a day
# or days after it ("November 11", "jul # {~10--14}").
_MONTH = re.compile(r"(?i)([a-z]+)\.?(?:\s*\d{1,2}(?:\s*(?:-+|–)\s*\d{1,2})?)?")
# biblatex's dates (ISO 8601-2 level 0): 2020, 2020-11, 2020-11-11, and ranges of them.
_DATE = re.compile(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?(?:/(?:(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?)?)?")
_ISBN_PREFIX = re.compile(r"(?i)\b(e-?)?isbn(?:[- ]?1[03])?\s*:?")
_ISBN_DIGITS = re.compile(r"\d[\d -]{8,}[\dXx]")
_ISBN_SEPARATOR = re.compile(r"[,;]|\s+and\s+")
_ONLINE_WORDS = frozenset(
    {"online", "electronic", "ebook", "e", "eisbn", "pdf", "digital", "epub", "ebk", "web"}
)
_PRINT_WORDS = frozenset(
    {"print", "printed", "paper", "paperback", "pbk", "hardcover", "hardback", "hbk",
     "softcover", "pod"}
)  # fmt: skip

_PAPER_TYPES = frozenset({"inproceedings", "conference"})
_VOLUME_TYPES = frozenset({"proceedings", "mvproceedings"})
# A volume published as a book: the volume when a paper's crossref names it.
_BOOK_TYPES = frozenset(
    {"book", "mvbook", "collection", "mvcollection", "reference", "mvreference"}
)
# The fields a paper's venue is read from (its own, or its volume entry's through crossref).
_VENUE_FIELDS = (
    "booktitle", "eventtitle", "year", "month", "date", "eventdate", "venue", "location",
    "address", "publisher", "isbn",
)  # fmt: skip


def _text(value: str) -> str:
    """A field value as text: LaTeX decoded (else ``LatexError``), spaces read as BibTeX does."""
    return _collapse(_latex.decode(value))


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
    word: list[str] = []
    depth = 0

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


# A group at most two deep, written as "text (group text)*" so that each run of
# text has one way to match: linear time, and no backtracking when it fails.
_GROUP = r"\{[^{}]*(?:\{[^{}]*\}[^{}]*)*\}"
_BRACES_SIMPLE = re.compile(rf"[^{{}}]*(?:{_GROUP}[^{{}}]*)*")
# A word of a name list: no space, tab or line break outside braces.
_NAME_WORD = re.compile(rf"(?=[^ \t\n\r}}])[^ \t\n\r{{}}]*(?:{_GROUP}[^ \t\n\r{{}}]*)*")


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


def _month(value: str) -> int | str:
    """The month number *value* gives ("11", "Nov", "Nov.", "November 11"), or a problem."""
    value = value.strip()
    if value.isdigit() and 1 <= int(value) <= 12:
        return int(value)
    match = _MONTH.fullmatch(value)
    if match is not None:
        word = match.group(1).lower()
        for number, name in enumerate(_MONTH_NAMES, start=1):
            if len(word) >= 3 and name.lower().startswith(word):
                return number
            if word == "sept":
                return 9
    return (
        f"month {value!r}: expected a month: 1 to 12, a name such as 'Nov' or 'November', "
        "or a macro jan to dec"
    )


def _date(name: str, value: str) -> tuple[int, int | None, int | None, bool] | str:
    """(year, month, day, whether one day) of a biblatex date or range, or a problem.

    A range gives its start (as biblatex's labels do); "one day" is a date with a
    day and no range, or a range that starts and ends on that day.
    """
    match = _DATE.fullmatch(value.strip())
    problem = (
        f"{name} {value!r}: expected a date such as 2020-11-11, 2020-11 or 2020, or a range "
        "such as 2020-11-11/2020-11-13"
    )
    if match is None:
        return problem
    year, month, day, *end = match.groups()
    if month is not None and not 1 <= int(month) <= 12:
        return problem
    if day is not None:
        try:
            datetime.date(int(year), int(month), int(day))
        except ValueError as exc:
            return f"{name} {value!r}: {exc}"
    has_range = "/" in value
    one_day = day is not None and (not has_range or tuple(end) == (year, month, day))
    return (int(year), int(month) if month else None, int(day) if day else None, one_day)


def _isbns(value: str) -> tuple[str | None, str | None] | str:
    """The print and the online ISBN a field gives, or a problem.

    BibTeX and biblatex have one ``isbn`` field and no word for the medium, so an
    ISBN is the print edition's unless the text marks it as online or electronic
    ("978-... (electronic)", "eISBN 978-..."). The print edition is the one a
    printed bibliography's ISBN was made for: library catalogues, and publishers'
    records of proceedings (IEEE's print-on-demand volumes), give that one, and
    publishers that also give the electronic one mark it. Our exporters write the
    print ISBN when a volume has one, so the round trip keeps it there. Two
    unmarked ISBNs cannot be told apart: a problem, never a guess.
    """
    prints: list[str] = []
    onlines: list[str] = []
    plain: list[str] = []
    for piece in _ISBN_SEPARATOR.split(value):
        if not piece.strip():
            continue
        text = _ISBN_PREFIX.sub(lambda m: " eisbn " if m.group(1) else " ", piece)
        found = _ISBN_DIGITS.search(text)
        if found is None:
            return f"isbn {value!r}: no ISBN in {piece.strip()!r}"
        number = found.group().strip()
        words = set(re.findall(r"[a-z]+", (text[: found.start()] + text[found.end() :]).lower()))
        if words & _ONLINE_WORDS:
            onlines.append(number)
        elif words & _PRINT_WORDS:
            prints.append(number)
        else:
            plain.append(number)
    if plain:
        if len(plain) > 1 or prints:
            return (
                f"isbn {value!r}: {len(plain) + len(prints)} ISBNs and no word telling which is "
                "the print and which the online edition; mark them, e.g. "
                "'978-1-6654-2246-8 (print), 978-1-6654-2245-1 (online)'"
            )
        prints = plain
    if len(prints) > 1 or len(onlines) > 1:
        return f"isbn {value!r}: more than one print or online ISBN; a volume has one of each"
    return (prints[0] if prints else None, onlines[0] if onlines else None)


def _venue(
    values: Mapping[str, str], key: str | None, *, unread_title: bool = False
) -> tuple[Venue | None, list[str]]:
    """The ``Venue`` an entry's venue fields give (*values*: field -> value), and the problems.

    Without a booktitle there is no venue; the other facts are then a problem, as
    they would be lost (unless *unread_title*: the booktitle's own problem says it).
    """
    problems: list[str] = []
    text: dict[str, str] = {}
    for name, value in values.items():
        try:
            decoded = _text(value)
        except _latex.LatexError as exc:
            problems.append(f"{name}: {exc}")
            continue
        if decoded:
            text[name] = decoded
    facts: dict[str, Any] = {"key": key}
    source: dict[str, str] = {"key": "crossref"}  # model field -> the BibTeX field it came from

    def fact(model_name: str, field: str, value: Any) -> None:
        facts[model_name] = value
        source[model_name] = field

    year: int | None = None
    month: int | None = None
    if "year" in text:
        if _YEAR.fullmatch(text["year"]):
            year = int(text["year"])
            fact("year", "year", year)
        else:
            problems.append(f"year {text['year']!r}: expected a number such as 2020")
    if "month" in text:
        read = _month(text["month"])
        if isinstance(read, str):
            problems.append(read)
        else:
            month = read
            fact("month", "month", month)
    if "date" in text:
        date = _date("date", text["date"])
        if isinstance(date, str):
            problems.append(date)
        else:
            if year is not None and year != date[0]:
                problems.append(f"year {year} contradicts date {text['date']!r}")
            if month is not None and date[1] is not None and month != date[1]:
                problems.append(f"month {month} contradicts date {text['date']!r}")
            year = date[0]
            month = month or date[1]
            fact("year", "date", year)
            if month is not None:
                fact("month", source.get("month", "date"), month)
    if "eventdate" in text:
        event = _date("eventdate", text["eventdate"])
        if isinstance(event, str):
            problems.append(event)
        else:
            event_year, event_month, event_day, one_day = event
            if year is None:  # no publication date: the event's is the volume's
                year, month = event_year, event_month
                fact("year", "eventdate", year)
                if month is not None:
                    fact("month", "eventdate", month)
            # The volume's date is the day of the event, when the file gives one day that
            # agrees with the year and month it is published under. (A conference in
            # December published in January keeps the publication's year and month,
            # which is what a citation prints; the model holds one of the two.)
            if (
                one_day
                and event_day is not None
                and event_month is not None
                and year == event_year
                and month in (None, event_month)
            ):
                fact("date", "eventdate", datetime.date(event_year, event_month, event_day))
    # The event's place is biblatex's venue, or a classic entry's location (ACM's
    # exports, ACM-Reference-Format). The publisher's place is address, as BibTeX
    # defines it and as every classic style prints it (IEEEtran's documentation
    # suggests the conference's city there; styles print it where the publisher's
    # place goes, and so do we), or a biblatex entry's location (with a venue, or
    # dated by ``date`` alone).
    biblatex_shape = "venue" in text or ("date" in text and "year" not in text)
    if "venue" in text:
        fact("location", "venue", location(text["venue"]))
    elif "location" in text and not biblatex_shape:
        fact("location", "location", location(text["location"]))
    places = [
        f for f in ("address", "location") if f in text and (f == "address" or biblatex_shape)
    ]
    if len(places) == 2 and text["address"] != text["location"]:
        problems.append(
            f"address {text['address']!r} and location {text['location']!r} both name the "
            "publisher's place in a biblatex entry (biblatex reads address as location); keep one"
        )
    elif places:
        fact("publisher_place", places[0], text[places[0]])
    if "publisher" in text:
        fact("publisher", "publisher", text["publisher"])
    if "eventtitle" in text:
        fact("short_title", "eventtitle", text["eventtitle"])
    if "isbn" in text:
        isbns = _isbns(text["isbn"])
        if isinstance(isbns, str):
            problems.append(isbns)
        else:
            if isbns[0] is not None:
                fact("isbn_print", "isbn", isbns[0])
            if isbns[1] is not None:
                fact("isbn_online", "isbn", isbns[1])
    title = text.get("booktitle")
    if title is None:
        given = [name for name in values if name != "booktitle"]
        if given and not problems and not unread_title:
            problems.append(
                f"no booktitle (nor a crossref to the volume's entry): its {', '.join(given)} "
                "would be lost, as a volume is known by its title"
            )
        return None, problems
    fact("title", "booktitle", title)
    if problems:
        return None, problems
    try:
        return Venue(**facts), []
    except ValidationError as exc:
        for error in exc.errors(include_url=False):
            loc = error["loc"]
            field = source.get(str(loc[0]), str(loc[0])) if loc else ""
            problems.append(f"{field}: {error['msg']}" if field else str(error["msg"]))
        return None, problems


# --------------------------------------------------------------------------- import: entries


def _article(kind: str) -> str:
    return f"an @{kind}" if kind[:1] in "aeiou" else f"a @{kind}"


class _Record:
    """One entry being read: its fields by lower-case name, and where it is."""

    __slots__ = ("errors", "fields", "key", "kind", "line", "where")

    def __init__(self, entry: Entry, problems: Problems) -> None:
        self.key: str = entry.key
        self.kind: str = entry.entry_type.lower()
        self.line = (entry.start_line or 0) + 1
        self.where = f"line {self.line}: entry {self.key!r}"
        metadata = entry.parser_metadata
        self.fields: dict[str, str] = metadata[_VALUES]
        self.errors: dict[str, str] = metadata.get(_VALUE_PROBLEMS) or {}
        given = entry.fields
        if len(self.fields) != len(given):
            # A name given twice, maybe in another case: bibtexparser keeps both, BibTeX the first.
            seen: set[str] = set()
            for field in given:
                name = field.key.lower()
                if name in seen:
                    problems.add(self.line, self.where, f"field {name!r} is given twice")
                seen.add(name)

    def value(self, name: str, problems: list[str]) -> str | None:
        """The field's value, ``None`` when absent or blank; a value that cannot be read is a
        problem."""
        if name in self.errors:
            problems.append(f"{name}: {self.errors[name]}")
            return None
        return self.fields.get(name) or None

    def venue_values(self, problems: list[str]) -> dict[str, str]:
        """The entry's own venue fields that are given, by name."""
        fields = self.fields
        if not self.errors:  # the common case, in one pass
            return {name: value for name in _VENUE_FIELDS if (value := fields.get(name))}
        values = {}
        for name in _VENUE_FIELDS:
            value = self.value(name, problems)
            if value is not None:
                values[name] = value
        return values


class _Reader:
    """The papers and volume entries of a parsed text, with every problem in *problems*."""

    def __init__(self, library: Library, problems: Problems) -> None:
        self.problems = problems
        self.records: list[_Record] = []
        self.by_key: dict[str, _Record] = {}
        self.names: dict[str, Author | tuple[str, ...]] = {}
        self.volumes: dict[str, tuple[Venue | None, dict[str, str]]] = {}
        self.venues: dict[tuple[object, ...], tuple[Venue | None, list[str]]] = {}
        self._blocks(library)

    def _blocks(self, library: Library) -> None:
        from bibtexparser.model import (
            DuplicateBlockKeyBlock,
            DuplicateFieldKeyBlock,
            Entry,
            String,
        )

        add = self.problems.add
        for block in library.blocks:
            line = (block.start_line or 0) + 1
            if isinstance(block, Entry):
                self.records.append(_Record(block, self.problems))
            elif isinstance(block, String):
                error = block.parser_metadata.get(_VALUE_PROBLEMS)
                if error:
                    add(line, f"line {line}: @string {block.key!r}", error[""])
            elif isinstance(block, DuplicateFieldKeyBlock):
                # A field given twice: _Record reports it (and one differing in case).
                assert isinstance(block.ignore_error_block, Entry)  # what bibtexparser wraps
                self.records.append(_Record(block.ignore_error_block, self.problems))
            elif isinstance(block, DuplicateBlockKeyBlock):
                first = (block.previous_block.start_line or 0) + 1
                duplicate = block.ignore_error_block
                if isinstance(duplicate, String):
                    error = duplicate.parser_metadata.get(_VALUE_PROBLEMS)
                    if error:
                        add(line, f"line {line}: @string {duplicate.key!r}", error[""])
                    continue  # a macro defined again: the later definition holds
                add(
                    line,
                    f"line {line}: entry {block.key!r}",
                    f"the key is also the entry's on line {first}: keys must be unique",
                )
            elif hasattr(block, "error"):  # a block that did not parse
                reason = getattr(block.error, "abort_reason", None) or str(block.error)
                add(line, f"line {line}", f"{type(block).__name__}: {reason}")
        folded: dict[str, _Record] = {}
        for record in self.records:
            seen = folded.setdefault(record.key.casefold(), record)
            if seen.key != record.key:
                add(
                    record.line,
                    record.where,
                    f"the key differs from {seen.key!r} (line {seen.line}) only in letter "
                    "case: BibTeX and biber take them for one entry",
                )
            self.by_key.setdefault(record.key, record)

    def read(self) -> tuple[list[Paper], list[tuple[_Record, Venue | None]]]:
        """The papers in file order, and each volume entry with its venue."""
        targets = {
            record.fields["crossref"].strip()
            for record in self.records
            if record.kind not in _BOOK_TYPES and record.fields.get("crossref")
        }
        papers: list[Paper] = []
        volumes: list[tuple[_Record, Venue | None]] = []
        for record in self.records:
            kind = record.kind
            if kind in _VOLUME_TYPES or (kind in _BOOK_TYPES and record.key in targets):
                volumes.append((record, self._volume(record)[0]))
            elif kind in _PAPER_TYPES:
                paper = self._paper(record)
                if paper is not None:
                    papers.append(paper)
            else:
                self.problems.add(
                    record.line,
                    f"line {record.line}",
                    f"entry {record.key!r} is {_article(kind)}, not a paper of a proceedings "
                    "volume: only @inproceedings (or @conference) entries are read as papers, "
                    "and @proceedings as their volume",
                )
        return papers, volumes

    def _parent(self, record: _Record) -> _Record | None:
        """The volume entry *record*'s crossref names, or ``None`` (a problem if it names one)."""
        target = record.fields.get("crossref", "").strip()
        if "crossref" in record.errors:
            self.problems.add(record.line, record.where, f"crossref: {record.errors['crossref']}")
            return None
        if not target:
            return None
        parent = self.by_key.get(target)
        if parent is None:
            case = [r.key for r in self.records if r.key.casefold() == target.casefold()]
            hint = f" (there is {case[0]!r}: keys are case-sensitive)" if case else ""
            self.problems.add(
                record.line,
                record.where,
                f"crossref {target!r} is not an entry of this file{hint}",
            )
            return None
        if parent.kind not in _VOLUME_TYPES and parent.kind not in _BOOK_TYPES:
            self.problems.add(
                record.line,
                record.where,
                f"crossref {target!r} is {_article(parent.kind)}, not a volume entry "
                "(@proceedings, or a @book or @collection)",
            )
            return None
        return parent

    def _volume(
        self, record: _Record, seen: tuple[str, ...] = ()
    ) -> tuple[Venue | None, dict[str, str]]:
        """A volume entry's venue and the venue fields its papers inherit (once per entry).

        The entry's title is its papers' booktitle when it has none (biblatex's
        mapping); a volume that crossrefs a larger one (a @mvproceedings) takes
        its missing facts but not its title from it.
        """
        known = self.volumes.get(record.key)
        if known is not None:
            return known
        problems: list[str] = []
        values = record.venue_values(problems)
        title = record.value("title", problems)
        if "booktitle" not in values and title is not None:
            values["booktitle"] = title
        if record.fields.get("crossref") and record.key not in seen and len(seen) < 8:
            parent = self._parent(record)
            if parent is not None:
                inherited = self._volume(parent, (*seen, record.key))[1]
                for name, value in inherited.items():
                    if name != "booktitle":
                        values.setdefault(name, value)
        unread = "title" in record.errors or "booktitle" in record.errors
        venue, more = _venue(values, record.key, unread_title=unread)
        for message in [*problems, *more]:
            self.problems.add(record.line, record.where, message)
        self.volumes[record.key] = (venue, values)
        return venue, values

    def _paper_venue(self, record: _Record, problems: list[str]) -> Venue | None:
        own = record.venue_values(problems)
        parent = self._parent(record) if "crossref" in record.fields else None
        if parent is None:
            values = own
            key = None
        else:
            venue, inherited = self._volume(parent)
            if not own:
                return venue  # what is wrong with it is reported at the volume's entry
            values = {**inherited, **own}
            key = parent.key
        unread = "booktitle" in record.errors
        # The fields come in one order (_VENUE_FIELDS, after the inherited ones): a volume's
        # papers that give the same fields share one key, and one Venue.
        cache_key = (key, unread, *values.items())
        known = self.venues.get(cache_key)
        if known is None:
            known = self.venues[cache_key] = _venue(values, key, unread_title=unread)
        problems += known[1]
        return known[0]

    def _paper(self, record: _Record) -> Paper | None:
        """The ``Paper`` an entry gives, or ``None`` with its problems reported."""
        problems: list[str] = []
        venue = self._paper_venue(record, problems)
        if record.errors:
            title, names_value = record.value("title", problems), record.value("author", problems)
            pages, doi = record.value("pages", problems), record.value("doi", problems)
        else:  # the common case, without the method calls
            fields = record.fields
            title, names_value = fields.get("title") or None, fields.get("author")
            pages, doi = fields.get("pages") or None, fields.get("doi") or None
        if title is None and "title" not in record.errors:
            problems.append("no title field" if "title" not in record.fields else "empty title")
        elif title is not None:
            try:
                title = _text(title)
            except _latex.LatexError as exc:
                problems.append(f"title: {exc}")
        authors: list[Author] = []
        et_al = False
        names = split_names(names_value) if names_value else []
        if names and names[-1] == "others":
            et_al = True  # BibTeX's "and others": styles print "et al."
            names.pop()
        for name in names:
            if name == "others":
                problems.append(
                    "author: 'others' must be the last name of the list (it stands for the "
                    "authors not listed)"
                )
                continue
            author = self.names.get(name)
            if author is None:
                author = self.names[name] = _author(name)
            if isinstance(author, tuple):  # its problems
                problems += author
            else:
                authors.append(author)
        page_range = None
        if pages is not None:
            match = _PAGES.fullmatch(pages)
            if match is None:
                problems.append(f"pages {pages!r}: expected 'first--last' or a single page number")
            else:
                first = int(match.group(1))
                page_range = {"first": first, "last": int(match.group(2) or first)}
        if doi is not None:
            try:
                doi = _DOI_PREFIX.sub("", _text(doi))
            except _latex.LatexError as exc:
                problems.append(f"doi: {exc}")
        elif "url" in record.fields and "url" not in record.errors:
            # A URL is verbatim in biblatex: read as typed, not as LaTeX.
            found = _DOI_URL.fullmatch(record.fields["url"])
            if found is not None:
                from urllib.parse import unquote

                doi = unquote(found.group(1))
        if problems:
            for message in problems:
                self.problems.add(record.line, record.where, message)
            return None
        try:
            # The constructor, not model_validate: the caller has paused the collector.
            return Paper(
                key=record.key,
                title=title,
                authors=tuple(authors),
                et_al=et_al,
                pages=page_range,
                doi=doi,
                venue=venue,
            )
        except ValidationError as exc:
            for message in validation_messages(exc):
                self.problems.add(record.line, record.where, message)
            return None


# --------------------------------------------------------------------------- import: entry points


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
    r"""The papers of a BibTeX or biblatex text, in file order, each with its venue.

    *text* is a str, or bytes in UTF-8 (a byte order mark is dropped; another
    encoding is a problem: decode such bytes yourself first). Each
    ``@inproceedings`` (or ``@conference``) entry is a ``Paper`` keeping its entry
    key; its ``venue`` is read from its ``booktitle``, ``year``, ``month``,
    ``publisher``, ``address`` and ``isbn`` (and biblatex's ``date``,
    ``eventdate``, ``eventtitle``, ``venue``, ``location``), its own or those of
    the ``@proceedings`` entry its ``crossref`` names, as BibTeX and biber inherit
    them (the volume's ``title`` is its papers' booktitle). ``author = {... and
    others}`` sets ``et_al``. Values are read as BibTeX reads them: ``@string``
    macros, the month macros and ``#`` resolved, white space collapsed. Any other
    entry type (``@article``, ``@misc``...) is a problem, not a paper; the
    volume's own entry is read (and checked) but not returned. docs/formats.md
    lists the fields read and those ignored.

    LaTeX is decoded where it has a faithful plain-text reading: accents, escaped
    specials, text symbols, ``--``, formatting such as ``\emph{x}`` (its text),
    ``\url{x}`` and ``\href{url}{text}``; inline math is kept as typed. Any other
    macro (``\cite``, ``\today``, ``\footnote``), an environment, display math,
    an unescaped ``%`` or nesting deeper than 32 levels is a problem naming the
    entry, the field and the macro. Nothing is printed: what bibtexparser logs
    during the call is dropped (it is reported as problems).

    Raises:
        BibTeXError: listing every block that failed to parse and every entry
            that is not a valid paper, each with its line number.
        ArgumentTypeError: *text* is neither a str nor bytes.

    >>> import dls_proceedings as dp
    >>> papers = from_bibtex(to_bibtex(dp.load(), flavour="crossref"))
    >>> papers[6].authors[1].family, str(papers[6].pages), papers[6].venue.key
    ('Bédorf', '56–62', 'dls2020')
    >>> from_bibtex(r"@inproceedings{k, title = {\emph{Deep} \cite{x}}}")
    Traceback (most recent call last):
    ...
    dls_proceedings.errors.BibTeXError: 1 problem in the BibTeX input:
      line 1: entry 'k': title: unsupported LaTeX macro \cite
    """
    return _read(_source(text))[0]


def volume_parts(text: str) -> tuple[list[Paper], Venue | None, dict[str, Any]]:
    """The papers of a BibTeX text with their venues, and the volume's own entry as a ``Venue``.

    What ``read_volume`` assembles: the papers as ``from_bibtex`` reads them, the
    ``@proceedings`` entry (or the @book or @collection the papers' crossref
    names) when the text has one, and no volume-only fields. A text with more
    than one volume entry is a problem: a volume is read one at a time.

    >>> import dls_proceedings as dp
    >>> papers, volume, extra = volume_parts(to_biblatex(dp.load(), flavour="crossref"))
    >>> len(papers), volume.key, volume.month, extra
    (7, 'dls2020', 11, {})
    """
    papers, volumes, problems = _read(text, raise_problems=False)
    # A volume that is part of a larger one (crossref to a @mvproceedings) is the one read.
    parents = {record.fields.get("crossref", "").strip() for record, _ in volumes}
    leaves = [(record, venue) for record, venue in volumes if record.key not in parents]
    if len(leaves) > 1:
        listed = ", ".join(f"{r.key!r} (line {r.line})" for r, _ in leaves[:5])
        more = ", ..." if len(leaves) > 5 else ""
        with suppress(TooManyProblemsError):  # the problems listed are enough
            problems.add(
                0,
                "the input",
                f"{len(leaves)} volume entries ({listed}{more}): a volume is read one at a "
                "time; keep one @proceedings entry and its papers",
            )
    problems.raise_if_any(BibTeXError)
    container = leaves[0][1] if len(leaves) == 1 else None
    return papers, container, {}


MAX_ENTRIES = 100_000
"""Entries (``@`` signs) one ``from_bibtex`` call reads: a larger text is refused at once,
before bibtexparser spends seconds splitting it (split the file)."""


def _read(
    text: str, *, raise_problems: bool = True
) -> tuple[list[Paper], list[tuple[_Record, Venue | None]], Problems]:
    # Every "@" may open a block for bibtexparser: counting them bounds its work.
    blocks = text.count("@")
    if blocks > MAX_ENTRIES:
        raise BibTeXError(
            [
                f"the input has {blocks:,} '@' signs, each of which may start an entry: more "
                f"than one import reads (at most {MAX_ENTRIES:,}); split the file"
            ]
        )
    problems = Problems()
    with gc_paused(), _bibtexparser_logs_dropped(), _latex.parser_budget():
        library = _parse(text)
        try:
            papers, volumes = _Reader(library, problems).read()
        except TooManyProblemsError:
            papers, volumes = [], []
        # Freed while the collector is paused: once it runs again, its first collection
        # would traverse the whole parsed file (millions of objects) if it were still alive.
        del library
    if raise_problems:
        problems.raise_if_any(BibTeXError)
    return papers, volumes, problems
