"""BibTeX and biblatex: ``to_bibtex``, ``to_biblatex`` and ``from_bibtex``.

Two stages, as everywhere in this package: ``_entries`` gives every entry's
fields with values that are already final LaTeX, then ``_write`` turns them into
text, one template per combination of fields (no bibtexparser object is built:
that would cost more than the writing). ``bibtex_library`` gives the same entries
as a bibtexparser ``Library``. Escaping happens once, in the first stage, so no
bibtexparser middleware runs over the values again (its LaTeX middleware would
escape the case-protection braces too).

A large volume repeats words and names: within one export each is encoded once.
``from_bibtex`` parses each distinct name once, and decodes LaTeX without
pylatexenc where the value is made of the simple tokens the exporter writes.

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
from collections.abc import Callable, Iterable, Sequence
from functools import lru_cache
from itertools import compress, count, repeat
from operator import attrgetter, is_not, mod
from typing import TYPE_CHECKING, Literal

from pydantic import ValidationError

from dls_proceedings._gc import gc_paused
from dls_proceedings.errors import BibTeXError
from dls_proceedings.formats import _latex
from dls_proceedings.formats._items import Items, resolve
from dls_proceedings.models import Author, PageRange, Paper, Workshop

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
_SPACES = re.compile(r"(\s+)")
# Joins the words of a noun into one in ``_Encoder.titles``: not in validated text.
_JOIN = "\x00"


def _overlaps(text: str) -> bool:
    """Whether two occurrences of *text* can overlap (a proper prefix is also a suffix)."""
    return any(text[:n] == text[-n:] for n in range(1, len(text)))


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


class _Words(dict[str, str]):
    """Word -> its title value; a missing word is encoded once and kept."""

    __slots__ = ("ascii_only",)

    def __init__(self, ascii_only: bool) -> None:
        super().__init__()
        self.ascii_only = ascii_only

    def __missing__(self, word: str) -> str:
        value = self[word] = _protect_word(word, self.ascii_only)
        return value


class _Names(dict[tuple[str, str | None], str]):
    """(family, given) -> the name as a BibTeX value; a missing name is encoded once and kept."""

    __slots__ = ("ascii_only",)

    def __init__(self, ascii_only: bool) -> None:
        super().__init__()
        self.ascii_only = ascii_only

    def __missing__(self, name: tuple[str, str | None]) -> str:
        value = self[name] = _name(name[0], name[1], self.ascii_only)
        return value


_FAMILY_GIVEN = attrgetter("family", "given")


class _Memo(dict[str, str]):
    """A cache of ``function``: a missing key is computed once and kept."""

    __slots__ = ("function",)

    def __init__(self, function: Callable[[str], str]) -> None:
        super().__init__()
        self.function = function

    def __missing__(self, key: str) -> str:
        value = self[key] = self.function(key)
        return value


class _Encoder:
    """Title and name values for one export, caching the words and names that repeat.

    The caches live as long as the export, so a large volume encodes each word and
    each name once and a long-running process keeps nothing.
    """

    __slots__ = (
        "ascii_only",
        "braced_nouns",
        "names",
        "noun_list",
        "nouns",
        "phrase",
        "spanning_nouns",
        "title_words",
        "words",
    )

    def __init__(self, protect: Sequence[str], ascii_only: bool) -> None:
        self.ascii_only = ascii_only
        nouns = frozenset((*PROPER_NOUNS, *protect))
        self.nouns = _noun_pattern(nouns)
        # A title without any of a few nouns as a substring needs no pattern search.
        self.noun_list = tuple(nouns) if len(nouns) <= 8 else None
        # The nouns a match of which can reach beyond a space: with a space ("Monte
        # Carlo"), or empty. Every other noun matches inside a word (see ``titles``).
        self.spanning_nouns = tuple(n for n in nouns if not n or " " in n)
        # One such noun (the usual case) is joined into one word where it occurs.
        phrase = self.spanning_nouns[0] if len(self.spanning_nouns) == 1 else ""
        self.phrase = phrase if phrase and _JOIN not in phrase and not _overlaps(phrase) else None
        self.words = _Words(ascii_only)
        self.braced_nouns = _Memo(self._braced_noun)
        # Word -> its value as a title of its own, nouns included: see ``titles``.
        self.title_words = _Memo(self._title_word)
        self.names = _Names(ascii_only)

    def title(self, title: str) -> str:
        nouns, noun_list = self.nouns, self.noun_list
        if nouns is None:
            return self._words(title)
        if noun_list is not None:
            if not any(map(title.__contains__, noun_list)):
                return self._words(title)
        elif nouns.search(title) is None:
            return self._words(title)
        # Text between matches at even places, the matches (group 1) at odd ones.
        parts = nouns.split(title)
        parts[::2] = map(self._words, parts[::2])
        parts[1::2] = map(self.braced_nouns.__getitem__, parts[1::2])
        return "".join(parts)

    def _braced_noun(self, noun: str) -> str:
        return "{" + _latex.encode(noun, ascii_only=self.ascii_only) + "}"

    def titles(self, titles: Sequence[str]) -> list[str]:
        """``[self.title(t) for t in titles]``, without a Python call per title.

        A title's value is its words' values (``title`` of each word alone) joined by
        the spaces between them, as long as no noun matches across a space:

        - ``_words`` keeps every whitespace run and encodes each run of other
          characters alone, so it gives a text's words' values joined by its spaces;
        - a match of a noun without a space lies inside one word, and matches there
          alike: to its pattern a space and the end of the text are both a
          non-word character.

        The one noun with a space there usually is ("Monte Carlo") is made one word
        wherever it occurs, if no two of its occurrences can overlap: its spaces
        become a control character (which validated text never has), turned back
        into spaces before the word is encoded. Every match then lies inside one
        word. So titles take nested ``map`` calls, which run in C, over a cache of
        words; only with other nouns with a space do the titles that hold one take
        ``title``.
        """
        if _JOIN in "".join(titles):
            return list(map(self.title, titles))
        texts: Iterable[str] = titles
        phrase = self.phrase
        if phrase is not None:
            texts = map(str.replace, titles, repeat(phrase), repeat(phrase.replace(" ", _JOIN)))
        words = self.title_words.__getitem__
        split = map(str.split, texts, repeat(" "))
        values = list(map(" ".join, map(map, repeat(words), split)))
        if phrase is None:
            for noun in self.spanning_nouns:
                for i in compress(count(), map(str.__contains__, titles, repeat(noun))):
                    values[i] = self.title(titles[i])
        return values

    def _title_word(self, word: str) -> str:
        return self.title(word.replace(_JOIN, " "))

    def _words(self, text: str) -> str:
        words = self.words
        if text.isascii() and text.isprintable():
            # The only whitespace is the space: splitting at single spaces keeps
            # runs of them as empty words.
            return " ".join(map(words.__getitem__, text.split(" ")))
        # Words at even places (possibly empty at the ends), whitespace at odd ones.
        parts = _SPACES.split(text)
        parts[::2] = map(words.__getitem__, parts[::2])
        return "".join(parts)

    def authors(self, authors: Sequence[Author]) -> str:
        # map() over C callables: no Python frame per author.
        return " and ".join(map(self.names.__getitem__, map(_FAMILY_GIVEN, authors)))

    def author_lists(self, author_lists: Iterable[Sequence[Author]]) -> list[str]:
        """``[self.authors(a) for a in author_lists]``, all in C (nested ``map`` calls)."""
        names = map(
            map, repeat(self.names.__getitem__), map(map, repeat(_FAMILY_GIVEN), author_lists)
        )
        return list(map(" and ".join, names))


def title_value(title: str, protect: Sequence[str] = (), *, ascii_only: bool = True) -> str:
    r"""A title as a BibTeX value: escaped, with case-sensitive words braced.

    >>> title_value("Vandermonde Wave Function Ansatz for Improved Variational Monte Carlo")
    '{Vandermonde} Wave Function Ansatz for Improved Variational {Monte Carlo}'
    >>> title_value("TopiQAL: Topic-Aware Question Answering")
    '{TopiQAL}: Topic-Aware Question Answering'
    """
    return _Encoder(protect, ascii_only).title(title)


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


def _shared_fields(
    volume: Workshop | None, flavour: Flavour, protect: Sequence[str], ascii_only: bool
) -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
    """The fields every paper takes from its volume: after the title, and after the pages."""
    if volume is None:
        return [], []
    if flavour == "crossref":
        return [("crossref", _braced(volume.key))], []
    middle = [("booktitle", _braced(title_value(volume.title, protect, ascii_only=ascii_only)))]
    tail: list[tuple[str, str]] = []
    if flavour == "standard":
        middle += [
            ("publisher", _braced(_latex.encode(volume.publisher))),
            ("address", _braced(_latex.encode(str(volume.location)))),
            ("month", _MONTH_MACROS[volume.date.month - 1]),
        ]
        isbn = volume.isbn_print or volume.isbn_online
        if isbn:
            tail.append(("isbn", _braced(isbn)))
    middle.append(("year", _braced(str(volume.year))))
    return middle, tail


class _Layout:
    """The fields of an entry, in order, and the text template they make.

    A field is either the same in every entry of the layout (a value the volume
    gives: written into the template) or the entry's own (a braced ``%s`` slot).
    Writing an entry is then one ``%`` operation: a C call. Key and values are
    arguments, so a ``%`` in them is literal. Entries with the same fields share
    one layout.

    The arguments are the key and then the entry's own values in order. A paper
    gives all four it may have (authors, title, pages, DOI), present or not, so
    that building them takes no Python code per paper: a value the layout does
    not write has a ``%.0s`` slot, which writes nothing (``fields`` has it as
    ``(None, None)``).
    """

    __slots__ = ("entry_type", "fields", "template")

    def __init__(self, entry_type: str, fields: Sequence[tuple[str | None, str | None]]) -> None:
        self.entry_type = entry_type
        # (name, fixed value), (name, None) for a value of the entry's own, or
        # (None, None) for a value the entry has but this layout does not write.
        self.fields = tuple(fields)
        kind = entry_type.replace("%", "%%")
        named = [name for name, _ in fields if name is not None]
        if not named:
            self.template = f"@{kind}{{%s" + "%.0s" * len(fields) + "\n}\n"
            return
        width = max(map(len, named))
        lines: list[str] = []
        skipped = ""  # %.0s slots waiting for the next line
        for name, value in fields:
            if name is None:
                skipped += "%.0s"
                continue
            lines.append(
                f"{skipped}  {name.replace('%', '%%').ljust(width)} = "
                + ("{%s}" if value is None else value.replace("%", "%%"))
            )
            skipped = ""
        self.template = f"@{kind}{{%s,\n" + ",\n".join(lines) + f"{skipped}\n}}\n"

    def expand(self, values: Sequence[object]) -> list[tuple[str, str]]:
        """Every field with its final value, given the entry's own values in order."""
        own = iter(values)
        expanded: list[tuple[str, str]] = []
        for name, value in self.fields:
            if value is None:
                mine = next(own)
                if name is not None:
                    expanded.append((name, "{" + str(mine) + "}"))
            elif name is not None:
                expanded.append((name, value))
        return expanded


# Entries to write: their layouts, and for each the arguments of its template (the key,
# then its own values, final LaTeX, unbraced).
_Entries = tuple[list[_Layout], list[tuple[object, ...]]]

_PAPER_FIELDS = attrgetter("key", "authors", "title", "pages", "doi")


def _entries(
    items: Items,
    *,
    flavour: Flavour,
    biblatex: bool,
    protect: Sequence[str],
    volume: Workshop | None,
) -> _Entries:
    """Every entry to write, papers first.

    The papers' values are built a column at a time (every title, every author
    list, ...), mostly by ``map`` over C callables: for a large volume, the
    Python code that runs per paper is what costs.
    """
    if flavour not in FLAVOURS:
        raise ValueError(f"unknown flavour {flavour!r}; expected one of {', '.join(FLAVOURS)}")
    volume, papers = resolve(items, volume)
    if biblatex:
        flavour = "crossref"
    ascii_only = not biblatex
    if flavour == "crossref" and volume is None and papers:
        raise ValueError(
            f"paper {papers[0].key!r} is not in the bundled volume: pass volume= to export it "
            "with flavour='crossref', or choose flavour='standard' or 'condensed'"
        )
    middle, tail = _shared_fields(volume, flavour, protect, ascii_only)
    # The layout of a paper's entry, by (has authors, has pages, has a DOI).
    layouts = {
        (a, p, d): _Layout(
            "inproceedings",
            [
                ("author" if a else None, None),
                ("title", None),
                *middle,
                ("pages" if p else None, None),
                *tail,
                ("doi" if d else None, None),
            ],
        )
        for a in (False, True)
        for p in (False, True)
        for d in (False, True)
    }
    encoder = _Encoder(protect, ascii_only)
    entry_layouts: list[_Layout] = []
    arguments: list[tuple[object, ...]] = []
    if papers:
        keys, authors, titles, pages, dois = zip(*map(_PAPER_FIELDS, papers), strict=True)
        has_pages = list(map(is_not, pages, repeat(None)))
        has_doi = list(map(is_not, dois, repeat(None)))
        entry_layouts = list(
            map(layouts.__getitem__, zip(map(bool, authors), has_pages, has_doi, strict=True))
        )
        arguments = list(
            zip(
                keys,
                encoder.author_lists(authors),
                encoder.titles(titles),
                _pages_values(pages),
                _doi_values(dois),
                strict=True,
            )
        )
    if flavour == "crossref" and volume is not None:
        # Classic BibTeX resolves crossref only to entries that come later.
        entry_layouts.append(_Layout("proceedings", _volume_fields(volume, ascii_only, biblatex)))
        arguments.append((volume.key,))
    return entry_layouts, arguments


def _pages_values(pages: Sequence[PageRange | None]) -> list[str | None]:
    """``first--last``, or the page alone, for each range (``None`` for no pages).

    A plain loop: ``map`` calls with ``%`` formatting measured slower than this.
    """
    values: list[str | None] = []
    append = values.append
    for page_range in pages:
        if page_range is None:
            append(None)
        else:
            first, last = page_range.first, page_range.last
            append(str(first) if first == last else f"{first}--{last}")
    return values


def _doi_values(dois: Sequence[str | None]) -> Sequence[str | None]:
    present = [doi for doi in dois if doi is not None]
    # Joined by a character encode keeps, which parts no ligature pair: when the
    # whole needs no escaping, no DOI does (the usual case: one test for all).
    if not _latex.needs_escaping("\n".join(present)):
        return dois
    return [None if doi is None else _latex.encode(doi) for doi in dois]


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

    library = Library()
    with gc_paused():
        layouts, arguments = _entries(
            items, flavour=flavour, biblatex=biblatex, protect=protect, volume=volume
        )
        for layout, (key, *values) in zip(layouts, arguments, strict=True):
            fields = [Field(k, v) for k, v in layout.expand(values)]
            library.add(Entry(layout.entry_type, str(key), fields))
    return library


# --------------------------------------------------------------------------- text stage


_TEMPLATE = attrgetter("template")


def _write(entries: _Entries) -> str:
    layouts, arguments = entries
    return "\n".join(map(mod, map(_TEMPLATE, layouts), arguments))


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
    with gc_paused():
        return _write(
            _entries(items, flavour=flavour, biblatex=False, protect=protect, volume=volume)
        )


def to_biblatex(
    items: Items, *, protect: Sequence[str] = (), volume: Workshop | None = None
) -> str:
    """biblatex (UTF-8): ``@inproceedings`` entries with ``crossref`` to an ``@proceedings``.

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


def _parse_pages(value: str) -> PageRange:
    match = _PAGES.fullmatch(value)
    if not match:
        raise ValueError(f"pages {value!r}: expected 'first--last' or a single page number")
    first = int(match.group(1))
    return PageRange(first=first, last=int(match.group(2) or first))


_BRACES_SIMPLE = re.compile(r"(?:[^{}]|\{(?:[^{}]|\{[^{}]*\})*\})*")
# A word of a name list: no space, tab or line break outside braces.
_NAME_WORD = re.compile(r"(?:[^ \t\n\r{}]|\{(?:[^{}]|\{[^{}]*\})*\})+")


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
    with gc_paused():
        return _from_bibtex(text)


def _from_bibtex(text: str) -> list[Paper]:
    from bibtexparser.entrypoint import parse_string

    library = parse_string(text)
    reader = _Reader()
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
            papers.append(reader.paper(entry.key, fields))
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


class _Reader:
    """Papers from entries' fields, for one ``from_bibtex`` call.

    Each distinct name is parsed, decoded and validated once (the ``Author`` is
    immutable, so papers share it), and a paper is validated in one step. The result is the paper ``_paper_from_fields``
    builds; when that quick way fails, ``_paper_from_fields`` runs instead, so
    that every problem is reported exactly as it words it.
    """

    __slots__ = ("names",)

    def __init__(self) -> None:
        self.names: dict[str, Author] = {}

    def paper(self, key: str, fields: dict[str, object]) -> Paper:
        try:
            return self._paper(key, fields)
        except Exception:  # the slow way reports the problem, in its own words
            return _paper_from_fields(key, fields)

    def _paper(self, key: str, fields: dict[str, object]) -> Paper:
        title, authors = fields.get("title"), fields.get("author")
        pages, doi = fields.get("pages"), fields.get("doi")
        if title is None:
            raise ValueError("no title field")
        page_range = None
        if pages is not None:
            match = _PAGES.fullmatch(str(pages))
            if not match:
                raise ValueError("pages")
            first = int(match.group(1))
            page_range = {"first": first, "last": int(match.group(2) or first)}
        if doi is not None:
            doi = _DOI_PREFIX.sub("", _latex.decode(str(doi)).strip())
        names = self.names
        people = []
        if authors:
            for name in split_names(str(authors)):
                person = names.get(name)
                if person is None:
                    person = names[name] = _author(name)
                people.append(person)
        # The validator itself: from_bibtex has paused the collector already.
        paper: Paper = Paper.__pydantic_validator__.validate_python(
            {
                "key": key,
                "title": _latex.decode(str(title)),
                "authors": people,
                "pages": page_range,
                "doi": doi,
            }
        )
        return paper


def _author(name: str) -> Author:
    from bibtexparser.middlewares.names import parse_single_name_into_parts

    parts = parse_single_name_into_parts(name)
    family = _latex.decode(" ".join([*parts.von, *parts.last]))
    if parts.jr:
        family += ", " + _latex.decode(" ".join(parts.jr))
    given = _latex.decode(" ".join(parts.first)) if parts.first else None
    author: Author = Author.__pydantic_validator__.validate_python(
        {"given": given or None, "family": family}
    )
    return author
