"""The front part of the document, before "Table of Contents" (private).

The title page (title, place, date), the catalog data (catalog number, ISBNs),
the copyright notice and its permissions, the print note and the printer's
block, and the running header above the table. ``read_front`` reads them from
the lexer's tokens; the table of docs/toc.md says how each is recognised.
"""

from __future__ import annotations

import datetime
import enum
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import NamedTuple

from pydantic import ValidationError

from dls_proceedings._problems import Problems, quote, validation_messages
from dls_proceedings._text import search_fold
from dls_proceedings.formats.toc._lexer import (
    Catalog,
    Contact,
    DateParts,
    Isbn,
    Kind,
    Line,
    Rights,
    join_lines,
    paragraphs,
    report,
)
from dls_proceedings.formats.toc._names import is_country
from dls_proceedings.models import Copyright, Location, Printer

__all__ = ["Front", "Titles", "read_front"]

# Copyright holders by the abbreviation a citation uses for the publisher.
_PUBLISHERS = {
    "institute of electrical and electronics engineers": "IEEE",
    "association for computing machinery": "ACM",
}
# "... write to IEEE Copyrights Manager, IEEE Service Center, 445 Hoes Lane, Piscataway, NJ
# 08854.": the publisher's own postal address, a city with its US state and ZIP code.
_WRITE_TO = re.compile(
    r"\bwrite to (?P<addressee>[^.]*?),\s*(?P<place>[^,.]+,\s*[A-Z]{2})\s+\d{5}(?:-\d{4})?\b"
)
_HOLDER = re.compile(r"(?i)\bby\s+(?:the\s+)?(?P<holder>.+)$")
_PAREN_AT_END = re.compile(r"\s*\((?P<inner>[^()]*)\)$")
_YEAR_AT_END = re.compile(r"\s*'?\d{2,4}$")
_FOUR_DIGITS_AT_END = re.compile(r"\d{4}$")
# What the running header has after the title's base: "(DLS) DLS 2020".
_HEADER_REST = re.compile(r"^\((?P<inner>[^()]*)\)\s*(?P<short>.*)$")
_ONLINE_LABEL = re.compile(r"\b(?:online|electronic|e ?book|pdf|digital|xplore|ebk)\b")
_PRINT_LABEL = re.compile(r"\b(?:print|print on demand|pod|paper(?:back)?|hard(?:cover|back)|soft)")
# A number longer than this is no edition of a workshop.
_MAX_ORDINAL_DIGITS = 6


def _ordinal_words() -> dict[str, int]:
    units = ("first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth")
    teens = ("tenth", "eleventh", "twelfth", "thirteenth", "fourteenth", "fifteenth",
             "sixteenth", "seventeenth", "eighteenth", "nineteenth")  # fmt: skip
    # "twent" + "ieth" / "y-first": the stems the tens share.
    tens = ("twent", "thirt", "fort", "fift", "sixt", "sevent", "eight", "ninet")
    words = {word: n for n, word in enumerate(units, start=1)}
    words.update({word: n for n, word in enumerate(teens, start=10)})
    for n, stem in enumerate(tens, start=2):
        words[stem + "ieth"] = 10 * n
        for m, unit in enumerate(units, start=1):
            words[f"{stem}y-{unit}"] = 10 * n + m
    return words


_ORDINAL_WORDS = _ordinal_words()
_ORDINAL = re.compile(
    r"(?i)\b(?:(?P<word>"
    + "|".join(w.replace("-", r"[-\s]") for w in sorted(_ORDINAL_WORDS, key=len, reverse=True))
    + r")|(?P<number>\d+)(?P<suffix>st|nd|rd|th))\b"
)
_ORDINAL_GAP = re.compile(r"[-\s]+")


def ordinal(title: str) -> int | None:
    """The edition a title states ("Fourth" -> 4, "21st" -> 21), if any.

    >>> ordinal("2020 IEEE/ACM Fourth Workshop"), ordinal("The 21st Workshop"), ordinal("2nd3")
    (4, 21, None)
    """
    for match in _ORDINAL.finditer(title):
        if match["word"]:
            return _ORDINAL_WORDS[_ORDINAL_GAP.sub("-", match["word"].casefold())]
        digits = match["number"]
        if len(digits) > _MAX_ORDINAL_DIGITS:
            continue
        n = int(digits)
        expected = "th" if 11 <= n % 100 <= 13 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
        if match["suffix"].casefold() == expected and n > 0:
            return n
    return None


def _title_base(title: str) -> str:
    """The title without its final parenthesis: what the running header starts with."""
    return _PAREN_AT_END.sub("", title).strip()


class Titles(NamedTuple):
    """The title, the short title, the title page's other form, and the acronym."""

    title: str
    short: str | None
    variants: tuple[str, ...]
    acronym: str


class _Sink(enum.Enum):
    """Where the unlabelled lines after a labelled one go."""

    PERMISSIONS = enum.auto()
    NOTE = enum.auto()
    PRINTER = enum.auto()
    LOGO = enum.auto()


# Lines that say what they are wherever they stand ("All Rights Reserved" does not).
_LABELS = frozenset(
    {Kind.CATALOG, Kind.ISBN, Kind.NOTICE, Kind.NOTE, Kind.PRINTER_HEADING, Kind.CONTACT}
)


@dataclass
class Front:
    """What the front part of the document says, as far as it was read."""

    title_page: str | None = None
    title_line: Line | None = None
    header: Line | None = None  # the running header above the table
    location: Location | None = None
    date: datetime.date | None = None
    catalog: str | None = None
    ieee_catalog: bool = False
    isbns: dict[str, Isbn] = field(default_factory=dict)  # "print" / "online" -> its line
    notice: Line | None = None
    rights: str | None = None
    permissions: list[str] = field(default_factory=list)
    note_lines: list[str] = field(default_factory=list)
    printer_heading: str | None = None
    printer_lines: list[Line] = field(default_factory=list)
    contacts: dict[str, str] = field(default_factory=dict)
    logo: list[str] = field(default_factory=list)

    @property
    def note(self) -> str | None:
        """The print note, its lines joined."""
        return join_lines(self.note_lines) or None

    def printer(self, problems: Problems) -> Printer | None:
        """The printer's block; ``None`` if there is none or it is not valid (a problem)."""
        if not self.printer_lines:
            return None
        first = self.printer_lines[0]
        try:
            return Printer(
                name=first.text,
                address=tuple(line.text for line in self.printer_lines[1:]),
                heading=self.printer_heading,
                logo_text=" ".join(self.logo) or None,
                **self.contacts,
            )
        except ValidationError as exc:
            for message in validation_messages(exc):
                report(problems, first, f"the printer's block is not valid: {message}")
            return None

    def copyright(self, problems: Problems) -> Copyright | None:
        """The copyright notice; ``None`` if there is none or it is not valid (a problem)."""
        if self.notice is None:
            return None
        try:
            return Copyright(
                notice=self.notice.text, rights=self.rights, permissions=tuple(self.permissions)
            )
        except ValidationError as exc:
            for message in validation_messages(exc):
                report(problems, self.notice, f"the copyright notice is not valid: {message}")
            return None

    def publisher(self) -> str | None:
        """The publisher the copyright notice or an IEEE catalog number implies."""
        holder = _HOLDER.search(self.notice.text) if self.notice else None
        if holder:
            folded = search_fold(holder["holder"])
            for name, short in _PUBLISHERS.items():
                if name in folded:
                    return short
            return holder["holder"]
        # An IEEE catalog number is issued only for IEEE publications.
        return "IEEE" if self.ieee_catalog else None

    def publisher_place(self, publisher: str) -> str | None:
        """The publisher's city and state, from a permission to "write to" the publisher.

        The address a copyright page gives for the publisher is the place of
        publication a citation prints ("Piscataway, NJ" of "IEEE Service Center,
        445 Hoes Lane, Piscataway, NJ 08854"); an address that does not name the
        publisher (a clearance center's) is not.
        """
        named = {search_fold(publisher)} | {
            name for name, short in _PUBLISHERS.items() if short == publisher
        }
        for permission in self.permissions:
            for match in _WRITE_TO.finditer(permission):
                addressee = f" {search_fold(match['addressee'])} "
                if any(f" {name} " in addressee for name in named):
                    return " ".join(match["place"].split())
        return None

    def titles(self, problems: Problems) -> Titles | None:
        """The titles and acronym; ``None`` (with a problem if it is missing) without them."""
        if self.title_page is None or self.title_line is None:
            return None
        title_page = self.title_page
        base = _title_base(title_page)
        short: str | None = None
        if self.header is not None:
            rest = self.header.text[len(base) :].strip()
            parts = _HEADER_REST.match(rest)
            if parts:
                title = f"{base} ({parts['inner']})"
                short = parts["short"] or None
            else:
                title, short = base, rest or None
        else:
            title = title_page
            inner = _PAREN_AT_END.search(title)
            if inner and _FOUR_DIGITS_AT_END.search(inner["inner"]):
                short = inner["inner"]
        final = _PAREN_AT_END.search(title)
        acronym = None
        for source in (final["inner"] if final else None, short):
            stem = _YEAR_AT_END.sub("", source).strip() if source else ""
            if stem:
                acronym = stem
                break
        if acronym is None:
            report(
                problems,
                self.header or self.title_line,
                "the title ends with no acronym in parentheses, such as '(DLS)'",
            )
            return None
        variants = (title_page,) if title_page != title else ()
        return Titles(title, short, variants, acronym)


# --------------------------------------------------------------------------- the title page


def _location(line: Line, place: str, problems: Problems) -> Location | None:
    parts = [p.strip() for p in place.split(",")]
    if not all(parts):
        report(problems, line, f"the place {quote(place)} has an empty part between commas")
        return None
    country = parts.pop() if len(parts) > 1 and is_country(parts[-1]) else None
    if len(parts) > 2:
        report(
            problems,
            line,
            f"the place {quote(place)} is not 'City', 'City, Country' or 'City, Region, "
            "Country' with a known country",
        )
        return None
    region = parts[1] if len(parts) == 2 else None
    try:
        return Location(city=parts[0], region=region, country=country)
    except ValidationError as exc:
        for message in validation_messages(exc):
            report(problems, line, f"the place is not valid: {message}")
        return None


def _labelled(line: Line) -> bool:
    return line.kind in _LABELS or (isinstance(line, Rights) and line.note)


def _first_date(lines: Sequence[Line]) -> tuple[int, DateParts] | None:
    for i, line in enumerate(lines):
        if line.date is not None:
            return i, line.date
    return None


def _read_title_block(lines: Sequence[Line], toc: Line, front: Front, problems: Problems) -> int:
    """Title, place and date; returns the index of the first line after the date."""
    found = _first_date(lines)
    if found is None:
        report(
            problems,
            toc,
            "no date line such as '11 November 2020' comes before the table of contents, "
            "so the volume has no date",
        )
        # Where the title and place end is unknown; take the first paragraph for
        # the title (so the running header is still recognised) and read on from
        # the first line that says what it is, so that other problems are found too.
        groups = paragraphs(lines)
        if groups:
            front.title_page = join_lines(x.text for x in groups[0])
            front.title_line = groups[0][0]
        return next((i for i, x in enumerate(lines) if _labelled(x)), len(lines))
    dated, parts = found
    line = lines[dated]
    try:
        front.date = datetime.date(parts.year, parts.month, parts.day)
    except ValueError as exc:
        report(problems, line, f"the date is not a day of the calendar ({exc})")
    before = [x for x in lines[:dated] if x.kind is not Kind.BLANK]
    place, place_line = parts.place, line
    if place is None:
        if len(before) < 2:
            report(
                problems,
                line,
                "no place line (such as 'Atlanta, Georgia, USA') between the title and the date",
            )
        else:
            place_line = before.pop()
            place = place_line.text
    if place is not None:
        front.location = _location(place_line, place, problems)
    if before:
        front.title_page = join_lines(x.text for x in before)
        front.title_line = before[0]
    else:
        report(problems, line, "no title before the place and date")
    return dated + 1


# --------------------------------------------------------------------------- the blocks


def _label(line: Line, front: Front, sink: _Sink | None, paragraph: list[str]) -> Kind | None:
    """What a line of the blocks says it is, where it stands; ``None`` for plain text."""
    if isinstance(line, Rights):
        # "All Rights Reserved" is the rights line only right under the notice; the
        # same words inside a permissions paragraph are part of it.
        if (
            sink is _Sink.PERMISSIONS
            and front.rights is None
            and not front.permissions
            and not paragraph
        ):
            return Kind.RIGHTS
        return Kind.NOTE if line.note else None
    return line.kind if line.kind in _LABELS else None


def _record(kind: Kind, line: Line, front: Front, problems: Problems) -> _Sink | None:
    """Record a labelled line; returns where the unlabelled lines after it go."""
    if isinstance(line, Catalog):
        if front.catalog is not None and front.catalog != line.value:
            report(
                problems,
                line,
                f"catalog number {quote(line.value)} differs from {quote(front.catalog)} above",
            )
        front.catalog = line.value
        front.ieee_catalog = front.ieee_catalog or line.ieee
        return None
    if isinstance(line, Isbn):
        _record_isbn(line, front, problems)
        return None
    if isinstance(line, Contact):
        if line.field in front.contacts:
            report(problems, line, f"a second {line.field} line in the printer's block")
        front.contacts[line.field] = line.value
        return _Sink.LOGO
    if kind is Kind.NOTICE:
        if front.notice is not None:
            report(problems, line, "a second copyright notice")
        front.notice = line
        return _Sink.PERMISSIONS
    if kind is Kind.RIGHTS:
        front.rights = line.text
        return _Sink.PERMISSIONS
    if kind is Kind.NOTE:
        front.note_lines = [line.text]
        return None if line.closes_note else _Sink.NOTE
    front.printer_heading = line.text
    return _Sink.PRINTER


def _record_isbn(line: Isbn, front: Front, problems: Problems) -> None:
    label = search_fold(line.label or "print")
    if _ONLINE_LABEL.search(label):
        kind = "online"
    elif _PRINT_LABEL.search(label):
        kind = "print"
    else:
        report(
            problems,
            line,
            f"unknown ISBN label {quote(line.label or '')}; expected one such as "
            "'Print-On-Demand' or 'Online'",
        )
        return
    # Imported here, as in models: only reading a document needs python-stdnum.
    from stdnum import isbn
    from stdnum.exceptions import ValidationError as StdnumError

    try:
        isbn.validate(line.value)
    except StdnumError as exc:
        report(problems, line, f"invalid ISBN {quote(line.value)}: {exc}")
        return
    seen = front.isbns.get(kind)
    if seen is not None and seen.value != line.value:
        report(
            problems,
            line,
            f"{kind} ISBN {quote(line.value)} differs from {quote(seen.value)} on line {seen.no}",
        )
        return
    front.isbns.setdefault(kind, line)


def _read_blocks(lines: Sequence[Line], front: Front, problems: Problems) -> None:
    """The catalog data, copyright, print note and printer's block, in any order."""
    sink: _Sink | None = None
    paragraph: list[str] = []
    loose: list[Line] = []  # unlabelled lines that no block has taken (yet)

    def end_paragraph() -> None:
        if paragraph:
            front.permissions.append(join_lines(paragraph))
            paragraph.clear()

    for line in lines:
        if line.kind is Kind.BLANK:
            if sink is _Sink.PERMISSIONS:
                end_paragraph()
            elif sink is _Sink.NOTE and front.note_lines:
                sink = None
            continue
        kind = _label(line, front, sink, paragraph)
        if kind is None:
            if sink is _Sink.PERMISSIONS:
                paragraph.append(line.text)
                # Without blank lines between them, a paragraph ends with its sentence.
                if line.text.endswith("."):
                    end_paragraph()
            elif sink is _Sink.NOTE:
                front.note_lines.append(line.text)
                if line.closes_note:
                    sink = None
            elif sink is _Sink.PRINTER:
                front.printer_lines.append(line)
            elif sink is _Sink.LOGO:
                front.logo.append(line.text)
            else:
                loose.append(line)
            continue
        end_paragraph()
        if kind is Kind.CONTACT and not front.printer_lines and loose:
            # A printer's block without a heading: the lines before its contact details.
            front.printer_lines.extend(loose)
            loose.clear()
        for stray in loose:
            report(problems, stray, "a line the front matter does not explain")
        loose.clear()
        sink = _record(kind, line, front, problems)
    end_paragraph()
    for stray in loose:
        report(problems, stray, "a line the front matter does not explain")


def read_front(lines: Sequence[Line], toc: Line, problems: Problems) -> Front:
    """Everything before the "Table of Contents" line *toc*."""
    front = Front()
    body = lines[_read_title_block(lines, toc, front, problems) :]
    # The running header printed above the table ("<title> (DLS) DLS 2020") is the
    # last line before it when it repeats the title page's title.
    last = next((i for i in reversed(range(len(body))) if body[i].kind is not Kind.BLANK), None)
    if (
        last is not None
        and front.title_page
        and body[last].text.startswith(_title_base(front.title_page))
    ):
        front.header = body[last]
        body = body[:last]
    _read_blocks(body, front, problems)
    return front
