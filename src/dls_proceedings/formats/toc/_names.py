"""Names, affiliations and author lines: how the text of a byline becomes authors (private).

The public functions (``split_name``, ``split_affiliations``, ``parse_byline``)
raise ``ArgumentError`` for text they cannot read. The reader of a table of
contents uses the variants that return an ``Unreadable`` instead, and reports
it with the line. docs/toc.md states the rules.

Every separator is found by one pass over the text: a pattern that matches the
separators and the parentheses, tried once at each run of whitespace.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from pydantic import ValidationError

from dls_proceedings._problems import quote, validation_messages
from dls_proceedings.errors import ArgumentError
from dls_proceedings.formats.toc._lexer import glue
from dls_proceedings.models import Affiliation, Author, country_code

__all__ = [
    "Byline",
    "Unreadable",
    "is_country",
    "looks_like_byline",
    "parse_byline",
    "read_byline",
    "reads_as_authors",
    "split_affiliations",
    "split_name",
]


@dataclass(frozen=True, slots=True)
class Unreadable:
    """Why a text cannot be read: what a reader reports where a public function raises."""

    reason: str


# Texts up to this long are cached by the functions that read them: a volume
# repeats its names and affiliations; a longer text is no name and is not kept.
_CACHED = 300

# --------------------------------------------------------------------------- names


# Lower-case particles that belong to the family name ("Ludwig van Beethoven").
# fmt: off
_PARTICLES = frozenset({
    "van", "von", "de", "der", "den", "del", "della", "delle", "dei", "di", "da", "das", "dos",
    "du", "la", "le", "ter", "ten", "zu", "bin", "ibn", "al",
})
# fmt: on
# A generational suffix is printed after a comma ("John Smith, Jr. (MIT)"): it is
# part of the name before it, not another author.
_NAME_SUFFIX = re.compile(r"^(?:Jr|Sr|II|III|IV)\.?(?=\s*\(|$)")


def _split_name(name: str) -> tuple[str | None, str] | Unreadable:
    end = len(name)
    suffixes: list[str] = []
    while (comma := name.rfind(",", 0, end)) >= 0:
        suffix = name[comma + 1 : end].strip()
        if not _NAME_SUFFIX.match(suffix):
            break
        suffixes.append(suffix)
        end = comma
    words = name[:end].split()
    if not words:
        return Unreadable(f"empty name {name[:end]!r}")
    cut = len(words) - 1
    while cut > 1 and words[cut - 1] in _PARTICLES:
        cut -= 1
    given = " ".join(words[:cut]) or None
    return given, ", ".join([" ".join(words[cut:]), *reversed(suffixes)])


def split_name(name: str) -> tuple[str | None, str]:
    """Split a printed name into (given, family): the last word is the family name.

    Lower-case particles just before it ("van", "de", "von der") belong to the
    family name, and so does a suffix after a comma ("Smith, Jr."); a single
    word is a family name with no given name.

    Raises:
        ArgumentError: for a name with no words (a ``ValueError``).

    >>> split_name("Hamsa Shwetha Venkataram")
    ('Hamsa Shwetha', 'Venkataram')
    >>> split_name("Ludwig van Beethoven"), split_name("Google")
    (('Ludwig', 'van Beethoven'), (None, 'Google'))
    """
    split = _split_name(name)
    if isinstance(split, Unreadable):
        raise ArgumentError(split.reason)
    return split


# --------------------------------------------------------------------------- affiliations


# Words that make a piece of an affiliation an organisation on its own.
# fmt: off
_ORGANISATION_WORDS = frozenset({
    "university", "universität", "universitat", "université", "universite", "universidad",
    "universidade", "università", "universita", "universiteit", "univ", "college", "institute",
    "institut", "instituto", "istituto", "laboratory", "laboratories", "laboratorio",
    "laboratoire", "lab", "labs", "center", "centre", "centro", "corporation", "corp", "company",
    "inc", "ltd", "llc", "gmbh", "research", "school", "academy", "akademie", "foundation",
    "agency", "department", "dept", "faculty", "hospital", "observatory", "council", "ministry",
    "group", "technologies", "technology", "systems", "networks", "solutions", "software",
    "society", "association", "organization", "organisation", "consortium", "bank", "clinic",
    "polytechnic", "politecnico", "polytechnique", "hochschule",
})
# fmt: on
# Legal-form suffixes that end a company's name rather than start a new one.
_CORPORATE_SUFFIX = re.compile(
    r"(?i)^(?:inc|incorporated|ltd|limited|llc|llp|l\.l\.c|gmbh|ag|corp|co|plc|"
    r"s\.a|b\.v|n\.v|s\.r\.l|s\.p\.a|pty\.? ltd|k\.k)\.?$"
)
# A piece naming a unit makes the next piece its parent, not another employer:
# "Department of Physics, University of X", "Jet Propulsion Laboratory, Caltech".
_UNIT_START = re.compile(
    r"(?i)^(?:department|dept\.?|school|faculty|college|division|center|centre|chair|"
    r"section|unit|group|programme|program|laboratory|lab|institute)\b"
)
_UNIT_END = re.compile(r"(?i)\b(?:laborator(?:y|ies)|labs?)$")
# One token that reads as a name, not as a word: "SURFsara", "DeepMind", "NVIDIA",
# "minds.ai". A capitalised word ("Davis", "Google") may be a place, so it is not one.
_BRAND = re.compile(r"[a-z][A-Z]|[A-Z]{2}[a-z]|^[A-Z0-9&-]{3,}$|\w\.\w")
_STATE_CODE = re.compile(r"[A-Z]{2}")
# The separators outside parentheses, and the parentheses, are found by one
# pattern that starts with a class of characters, so that the search skips to
# the candidates. A separator that starts with whitespace starts where the run
# does: tried inside a run, it would fail as it failed at the run's start, after
# scanning the rest of the run again.
_AFFILIATION_SEPARATOR = re.compile(
    r"[()\s;](?:(?<=[()])|(?<=;)\s*|(?<=\s)(?<!\s\s)\s*(?:;\s*|/\s+))"  # " / " or ";"
)
_PIECE_SEPARATOR = re.compile(r"[()\s,](?:(?<=[()])|(?<=,)\s*|(?<=\s)(?<!\s\s)\s*,\s*)")


def _is_organisation(piece: str) -> bool:
    words = {w.strip(".").casefold() for w in piece.split()}
    if words & _ORGANISATION_WORDS:
        return True
    return " " not in piece and _BRAND.search(piece) is not None


def _is_unit(piece: str) -> bool:
    return bool(_UNIT_START.search(piece) or _UNIT_END.search(piece))


def is_country(piece: str) -> bool:
    """Whether *piece* names a country (``country_code`` resolves it).

    A bare two-letter code is more often a state or province ("CA", "NY", "IL")
    than a country; only "UK" and "US" are read as countries.
    """
    return _cached_is_country(piece) if len(piece) <= _CACHED else _is_country(piece)


# Cached here as well: country_code caches the names it resolves, not the ones it
# refuses, and refusing a name is its slow case (it compares every country's).
@lru_cache(maxsize=4096)
def _cached_is_country(piece: str) -> bool:
    return _is_country(piece)


def _is_country(piece: str) -> bool:
    if _STATE_CODE.fullmatch(piece) and piece not in ("UK", "US"):
        return False
    try:
        country_code(piece)
    except ValueError:
        return False
    return True


def _top_level(text: str, separators: re.Pattern[str]) -> list[tuple[int, int]]:
    """Spans of *text* between the *separators* outside parentheses."""
    spans: list[tuple[int, int]] = []
    depth, start = 0, 0
    for match in separators.finditer(text):
        token = match.group(0)
        if token == "(":
            depth += 1
        elif token == ")":
            depth = max(depth - 1, 0)
        elif depth == 0:
            spans.append((start, match.start()))
            start = match.end()
    spans.append((start, len(text)))
    return spans


def _affiliations(text: str) -> list[tuple[str, str | None]] | Unreadable:
    """The (name, country) of each affiliation in *text*, by the rule of split_affiliations."""
    found: list[tuple[str, str | None]] = []
    for start, stop in _top_level(text, _AFFILIATION_SEPARATOR):
        part = text[start:stop].strip()
        if not part:
            return Unreadable(f"an empty affiliation in {quote(text)}")
        spans = _top_level(part, _PIECE_SEPARATOR)
        pieces = [part[a:b] for a, b in spans]
        if not all(pieces):
            return Unreadable(f"an empty piece between commas in the affiliation {quote(part)}")
        country: str | None = None
        if len(pieces) > 1 and is_country(pieces[-1]):
            country = pieces.pop()
            spans.pop()
        # Pieces first..last make the organisation being read; *organisation*
        # says whether any of them is an organisation on its own.
        first = last = 0
        organisation = _is_organisation(pieces[0])
        for i in range(1, len(pieces)):
            own = _is_organisation(pieces[i])
            if (
                own
                and organisation
                and not _CORPORATE_SUFFIX.match(pieces[i])
                and not _is_unit(pieces[last])
            ):
                # The printed text between the group's first and last piece, verbatim.
                found.append((part[spans[first][0] : spans[last][1]], country))
                first = i
            last = i
            organisation = organisation or own
        found.append((part[spans[first][0] : spans[last][1]], country))
    return found


@dataclass(frozen=True, slots=True)
class _Invalid:
    """Affiliations that were read but are not valid: pydantic's messages."""

    reason: str


def _printed_affiliations(text: str) -> tuple[Affiliation, ...] | Unreadable | _Invalid:
    """The affiliations of an author, as models."""
    if len(text) <= _CACHED:
        return _cached_affiliations(text)
    return _affiliation_models(text)


# A volume prints the same few hundred affiliations again and again.
@lru_cache(maxsize=4096)
def _cached_affiliations(text: str) -> tuple[Affiliation, ...] | Unreadable | _Invalid:
    return _affiliation_models(text)


def _affiliation_models(text: str) -> tuple[Affiliation, ...] | Unreadable | _Invalid:
    found = _affiliations(text)
    if isinstance(found, Unreadable):
        return found
    try:
        return tuple(Affiliation(name=name, country=country) for name, country in found)
    except ValidationError as exc:
        return _Invalid("; ".join(validation_messages(exc)))


def split_affiliations(text: str) -> tuple[Affiliation, ...]:
    """Structure the text printed in parentheses after an author's name.

    " / " and ";" separate affiliations. Within one, a last comma-separated piece
    that is a country applies to every organisation of it. The rest is split at
    commas only where each side is an organisation on its own; a corporate suffix
    ("Inc."), a place ("Los Angeles") or the parent of a unit (a laboratory,
    department, school, ...) stays with the name before it. docs/toc.md has the rule.

    Raises:
        ArgumentError: for an empty affiliation or piece, or one that is not
            valid text (a ``ValueError``).

    >>> [str(a) for a in split_affiliations("SURFsara, University of Amsterdam, The Netherlands")]
    ['SURFsara, The Netherlands', 'University of Amsterdam, The Netherlands']
    >>> [str(a) for a in split_affiliations("Preferred Networks, Inc., Japan")]
    ['Preferred Networks, Inc., Japan']
    >>> [str(a) for a in split_affiliations("University of California, Los Angeles, USA")]
    ['University of California, Los Angeles, USA']
    """
    found = _printed_affiliations(text)
    if isinstance(found, Unreadable):
        raise ArgumentError(found.reason)
    if isinstance(found, _Invalid):
        raise ArgumentError(f"the affiliation {quote(text)} is not valid: {found.reason}")
    return found


# --------------------------------------------------------------------------- bylines


# Between two credits: a comma, "and" or "&", or a comma and then one of them
# (built as _AFFILIATION_SEPARATOR is).
_CREDIT_SEPARATOR = re.compile(
    r"[()\s,](?:(?<=[()])"
    r"|(?<=,)\s*(?:(?P<and1>and|&)\s+)?"
    r"|(?<=\s)(?<!\s\s)\s*(?:,\s*(?:(?P<and2>and|&)\s+)?|(?P<and3>and|&)\s+))"
)
_UNFINISHED = re.compile(r"(?:,|\band|&|/|-|\()$")
_INITIAL_AT_END = re.compile(r"\b\w\.$")


def _unfinished(text: str) -> str | None:
    """How *text* ends if it ends as an unfinished author line does: ",", "and", "(", ..."""
    # The last four characters hold any such ending and the one before "and".
    ending = _UNFINISHED.search(text.rstrip()[-4:])
    return ending.group(0) if ending else None


def _by_and(separator: re.Match[str]) -> bool:
    """Whether a separator ends in "and" or "&": what comes after it is the last credit."""
    return separator.lastgroup is not None  # the only groups are the three "and"s


@dataclass(frozen=True, slots=True)
class _Credit:
    text: str
    by_and: bool  # introduced by "and" / "&": the last of a list


def _credits(text: str) -> tuple[list[_Credit], int, bool]:
    """The credits of a byline, the depth of parentheses left open, a stray ')'."""
    credits: list[_Credit] = []
    depth, stray, start, by_and = 0, False, 0, False
    for match in _CREDIT_SEPARATOR.finditer(text):
        token = match.group(0)
        if token == "(":
            depth += 1
        elif token == ")":
            stray = stray or depth == 0
            depth = max(depth - 1, 0)
        elif depth == 0:
            credits.append(_Credit(text[start : match.start()].strip(), by_and))
            by_and = _by_and(match)
            start = match.end()
    credits.append(_Credit(text[start:].strip(), by_and))
    return credits, depth, stray


def looks_like_byline(text: str) -> bool:
    """Whether the lines after a paper line, joined, can be its author line.

    A text with an affiliation in parentheses is; without any, every name must
    have two words, so that a session heading ("Applications", "Algorithm,
    Modeling, and Infrastructure") is not read as authors.
    """
    if "(" in text:
        return True
    credits, _, _ = _credits(text)
    return all(len(c.text.split()) >= 2 for c in credits if c.text)


def reads_as_authors(text: str) -> bool:
    """Whether *text* holds two or more "Name (Affiliation)" credits: an author line."""
    credits, depth, stray = _credits(text)
    if depth or stray:
        return False
    return sum(_has_affiliation(c.text) for c in credits) >= 2


def _has_affiliation(credit: str) -> bool:
    # "Name (Affiliation)": a name without parentheses, then parentheses to the end.
    opening = credit.find("(")
    return 0 < opening < len(credit) - 2 and credit.endswith(")") and ")" not in credit[:opening]


@dataclass(slots=True)
class _Merged:
    parts: list[str]
    parenthesised: bool


def _with_suffixes(credits: list[_Credit]) -> list[str]:
    """The credits, with each generational suffix joined to the name before it."""
    merged: list[_Merged] = []
    for credit in credits:
        previous = merged[-1] if merged else None
        if (
            previous is not None
            and previous.parts[0]
            and not previous.parenthesised
            and not credit.by_and
            and _NAME_SUFFIX.match(credit.text)
        ):
            previous.parts.append(credit.text)
            previous.parenthesised = "(" in credit.text
        else:
            merged.append(_Merged([credit.text], "(" in credit.text))
    return [", ".join(m.parts) for m in merged]


_PARENS = re.compile(r"[()]")


def _closing(text: str, opening: int) -> int:
    """The index of the ')' that closes the '(' at *opening*; -1 if none does."""
    depth = 0
    for match in _PARENS.finditer(text, opening):
        depth += 1 if match.group(0) == "(" else -1
        if depth == 0:
            return match.start()
    return -1


def _author(credit: str) -> Author | Unreadable:
    """The author of one credit of a byline, "Name (Affiliation)"."""
    return _cached_author(credit) if len(credit) <= _CACHED else _read_author(credit)


# Authors appear in several papers, often with the same affiliation.
@lru_cache(maxsize=4096)
def _cached_author(credit: str) -> Author | Unreadable:
    return _read_author(credit)


def _read_author(credit: str) -> Author | Unreadable:
    if not credit:
        return Unreadable("an empty name between two separators")
    opening = credit.find("(")
    printed: str | None = None
    name = credit
    if opening >= 0:
        name = credit[:opening].strip()
        close = _closing(credit, opening)
        printed = credit[opening + 1 : close].strip()
        tail = credit[close + 1 :].strip()
        if not name:
            return Unreadable(f"the affiliation {quote(credit)} has no name before it")
        if tail:
            return Unreadable(
                f"unexpected text {quote(tail)} after the affiliation of {quote(name)}; "
                "expected ',' or 'and' before the next name"
            )
        if not printed:
            return Unreadable(f"empty parentheses after {quote(name)}")
    split = _split_name(name)
    if isinstance(split, Unreadable):
        return split
    affiliations = _printed_affiliations(printed) if printed is not None else ()
    if isinstance(affiliations, Unreadable):
        return affiliations
    if isinstance(affiliations, _Invalid):
        return Unreadable(f"author {quote(name)}: {affiliations.reason}")
    given, family = split
    try:
        return Author(
            given=given,
            family=family,
            affiliations=affiliations,
            printed_affiliation=printed,
        )
    except ValidationError as exc:
        return Unreadable(f"author {quote(name)}: {'; '.join(validation_messages(exc))}")


def read_byline(text: str) -> tuple[Author, ...] | Unreadable:
    """The authors of a printed author line, or why it cannot be read."""
    credits, depth, stray = _credits(text)
    if stray:
        return Unreadable("unbalanced parentheses: a ')' closes no '('")
    if depth:
        return Unreadable(f"unbalanced parentheses: {depth} '(' never closed")
    ending = _unfinished(text)
    if ending:
        return Unreadable(f"the author line ends with {ending!r}, unfinished")
    authors: list[Author] = []
    for credit in _with_suffixes(credits):
        author = _author(credit)
        if isinstance(author, Unreadable):
            return author
        authors.append(author)
    return tuple(authors)


def parse_byline(text: str) -> tuple[Author, ...]:
    """The authors of a printed author line; the inverse of ``byline``.

    "Name (Affiliation)" credits are separated by commas and "and" (with or
    without a serial comma); the affiliation is optional and may itself hold
    commas and balanced parentheses.

    Raises:
        ArgumentError: naming what is wrong (unbalanced parentheses, an empty
            name, text after an affiliation); it is a ``ValueError``.

    >>> [(a.given, a.family, a.printed_affiliation) for a in parse_byline(
    ...     "Jeroen Bédorf (minds.ai) and Penny X. Qian (Leiden University)")]
    [('Jeroen', 'Bédorf', 'minds.ai'), ('Penny X.', 'Qian', 'Leiden University')]
    """
    authors = read_byline(text)
    if isinstance(authors, Unreadable):
        raise ArgumentError(authors.reason)
    return authors


# --------------------------------------------------------------------------- line by line


@dataclass(slots=True)
class _Scan:
    """Where a left-to-right reading of a byline's credits stands."""

    depth: int = 0
    stray: bool = False
    ended: int = 0  # credits ended by a separator
    by_and: bool = False  # the open credit follows "and" or "&"
    words: int = 0  # words of the open credit so far, counted up to 2
    in_word: bool = False  # whether the open credit's text so far ends inside a word

    def copy(self) -> _Scan:
        """A copy, to read on to the end of the text without moving this one."""
        return _Scan(self.depth, self.stray, self.ended, self.by_and, self.words, self.in_word)

    def count_words(self, chunk: str) -> None:
        if not chunk or self.words >= 2:
            return
        words = len(chunk.split())
        if words and self.in_word and not chunk[0].isspace():
            words -= 1  # the chunk goes on with the word the last one ended in
        self.words = min(2, self.words + words)
        self.in_word = not chunk[-1].isspace()

    def read(self, text: str, start: int, stop: int) -> int:
        """Read the tokens of *text* that start in [start, stop); where reading ended."""
        counted = reached = start
        for match in _CREDIT_SEPARATOR.finditer(text, start):
            if match.start() >= stop:
                break
            reached = match.end()
            token = match.group(0)
            if token == "(":
                self.depth += 1
            elif token == ")":
                self.stray = self.stray or self.depth == 0
                self.depth = max(self.depth - 1, 0)
            elif self.depth == 0:
                self.count_words(text[counted : match.start()])
                counted = match.end()
                self.ended += 1
                self.by_and = _by_and(match)
                self.words, self.in_word = 0, False
        reached = max(reached, stop)
        self.count_words(text[counted:reached])
        return reached


class Byline:
    """An author line read one printed line at a time.

    ``finished`` says whether the text so far is a whole author line, so that the
    next line cannot continue it (docs/toc.md lists the signs). However many
    lines the author line has, each is read once: what has been read is kept as
    a few counters, and only the last characters, where a separator may go on
    across the line break (", and" + "Bob"), are read again. Most lines are not
    read at all before the author line is complete: their ends ("," "(" "and")
    or the lack of a closing parenthesis already say that it goes on.

    The lines must be cleaned lines, whose whitespace is single spaces.
    """

    # Beyond the longest separator with single spaces (" , and "), so that a
    # separator starting before it cannot change with what follows.
    _MARGIN = 16

    def __init__(self, affiliated: bool) -> None:
        self._affiliated = affiliated  # whether the table prints affiliations at all
        self._parts: list[str] = []
        self._tail = ""  # the last characters of the text so far
        self._unread = 0  # the parts from this one on are not in _pending yet
        self._pending = ""  # the text not read yet, after one character already read
        self._start = 0  # where in _pending the text not read yet starts
        self._scan = _Scan()

    def add(self, line: str) -> None:
        """Add the next line of the author line."""
        piece = glue(self._tail) + line if self._parts else line
        self._parts.append(piece)
        self._tail = (self._tail + piece)[-4:]

    def _read(self) -> _Scan:
        """The reading of the whole text so far."""
        pending = self._pending + "".join(self._parts[self._unread :])
        self._unread = len(self._parts)
        stop = len(pending) - self._MARGIN
        if stop > self._start:
            reached = self._scan.read(pending, self._start, stop)
            pending = pending[reached - 1 :]  # one character read: the pattern looks back
            self._start = 1
        self._pending = pending
        scan = self._scan.copy()
        scan.read(pending, self._start, len(pending))
        return scan

    def finished(self) -> bool:
        """Whether the text so far is a whole author line."""
        tail = self._tail
        # The last credit ends where the text does (it is not empty: the text
        # would end in a separator, which is unfinished).
        affiliation = tail.endswith(")")
        if _unfinished(tail):
            return False
        # Where names have affiliations, so has the last: "..., and Ana-Lucia" is
        # cut inside the last name when "Varbanescu (University of ...)" follows.
        # A name does not end on an initial ("Maxwell X.").
        if not affiliation and (self._affiliated or _INITIAL_AT_END.search(tail[-3:])):
            return False
        scan = self._read()
        if scan.depth or scan.stray:
            return False
        # Nor does it end after its first word.
        if not affiliation and scan.words < 2:
            return False
        # A list of several names ends with "and <last name>".
        return scan.ended == 0 or scan.by_and

    def text(self) -> str:
        """The lines joined."""
        return "".join(self._parts)
