"""The lines of a table of contents, each classified once into a typed token (private).

``lex`` splits the text into lines, cleans each one (bold and italic markers and
surplus whitespace go) and classifies it by the first rule that fits, keeping
what the rule read: a catalog line keeps its number, a page line its title and
page. Lines before "Table of Contents" follow the rules of the front part, the
lines after it those of the table. The later stages only look at these tokens;
they never match a line against a pattern again.

Every pattern here takes time linear in the line: none has two quantifiers that
can take the same characters in turn, and the dot leader of a page line, which
such a pattern would have to find, is found with string methods.
"""

from __future__ import annotations

import enum
import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import ClassVar, NamedTuple

from dls_proceedings._problems import Problems
from dls_proceedings._text import MONTHS

__all__ = [
    "AuthorIndex",
    "Blank",
    "BrokenLeader",
    "Catalog",
    "Contact",
    "Contents",
    "DateParts",
    "FrontMatterPage",
    "Isbn",
    "Kind",
    "Line",
    "Note",
    "Notice",
    "PaperPage",
    "PrinterHeading",
    "Rights",
    "Text",
    "decode",
    "glue",
    "join_lines",
    "leader",
    "lex",
    "paragraphs",
    "report",
]


class Kind(enum.Enum):
    """What a line is, as far as the line alone tells."""

    BLANK = enum.auto()
    TEXT = enum.auto()  # any other line: a title, a name, an address, a heading
    CONTENTS = enum.auto()  # "Table of Contents", where the front part ends
    # The front part
    CATALOG = enum.auto()
    ISBN = enum.auto()
    NOTICE = enum.auto()  # "Copyright © 2020 by ..."
    RIGHTS = enum.auto()  # "All Rights Reserved"
    NOTE = enum.auto()  # the start of the print note
    PRINTER_HEADING = enum.auto()  # "... Available From:"
    CONTACT = enum.auto()  # "Phone: ...", "Web: ..."
    # The table
    PAPER_PAGE = enum.auto()  # "Title .12....."
    FRONT_MATTER_PAGE = enum.auto()  # "Title .iv....."
    BROKEN_LEADER = enum.auto()  # "Title .1O.....": dot leaders, no readable page
    AUTHOR_INDEX = enum.auto()


class DateParts(NamedTuple):
    """A date line as printed: the place before the date, if any, and the date's numbers.

    The numbers are not checked against the calendar: "31 November" is read here
    and refused where the date is made.
    """

    place: str | None
    year: int
    month: int
    day: int


@dataclass(frozen=True, slots=True, kw_only=True)
class Line:
    """One line: its number (from 1, as an editor counts), the line as read, and its text.

    ``text`` is the line without bold and italic markers or surplus whitespace:
    words separated by single spaces. ``date`` is set on a line of the front part
    that reads as a date (after a place, perhaps), whatever else it is.
    """

    kind: ClassVar[Kind] = Kind.TEXT
    no: int
    raw: str
    text: str
    date: DateParts | None = None

    @property
    def closes_note(self) -> bool:
        """Whether the line, as printed, ends in an asterisk: the print note ends here."""
        return self.raw.rstrip().endswith("*")


@dataclass(frozen=True, slots=True, kw_only=True)
class Blank(Line):
    """A line with nothing but whitespace and markers on it."""

    kind: ClassVar[Kind] = Kind.BLANK


@dataclass(frozen=True, slots=True, kw_only=True)
class Text(Line):
    """A line no rule recognises; *continues* when it starts as an author line's rest does."""

    kind: ClassVar[Kind] = Kind.TEXT
    continues: bool = False


@dataclass(frozen=True, slots=True, kw_only=True)
class Contents(Line):
    """The "Table of Contents" line."""

    kind: ClassVar[Kind] = Kind.CONTENTS


@dataclass(frozen=True, slots=True, kw_only=True)
class Catalog(Line):
    """``IEEE Catalog Number: X``; *ieee* when the line says IEEE."""

    kind: ClassVar[Kind] = Kind.CATALOG
    value: str
    ieee: bool


@dataclass(frozen=True, slots=True, kw_only=True)
class Isbn(Line):
    """``ISBN (label): X``; *label* is ``None`` when none is printed."""

    kind: ClassVar[Kind] = Kind.ISBN
    label: str | None
    value: str


@dataclass(frozen=True, slots=True, kw_only=True)
class Notice(Line):
    """A copyright notice: "Copyright © YEAR ..." or "© YEAR ..."."""

    kind: ClassVar[Kind] = Kind.NOTICE


@dataclass(frozen=True, slots=True, kw_only=True)
class Rights(Line):
    """ "All Rights Reserved"; *note* when it also bears the print note's mark.

    Whether it is the rights line depends on where it stands (right under the
    notice), which the front part's reader knows; elsewhere it is text, or the
    start of the print note when *note* is set.
    """

    kind: ClassVar[Kind] = Kind.RIGHTS
    note: bool


@dataclass(frozen=True, slots=True, kw_only=True)
class Note(Line):
    """The start of the print note: three asterisks, or "This is a print representation"."""

    kind: ClassVar[Kind] = Kind.NOTE


@dataclass(frozen=True, slots=True, kw_only=True)
class PrinterHeading(Line):
    """The heading of the printer's block, ending in "Available From:"."""

    kind: ClassVar[Kind] = Kind.PRINTER_HEADING


@dataclass(frozen=True, slots=True, kw_only=True)
class Contact(Line):
    """A contact line of the printer's block; *field* is a ``Printer`` field name."""

    kind: ClassVar[Kind] = Kind.CONTACT
    field: str
    value: str


@dataclass(frozen=True, slots=True, kw_only=True)
class PaperPage(Line):
    """``Title .12.....``: a paper's title (or its last part) and start page, in digits."""

    kind: ClassVar[Kind] = Kind.PAPER_PAGE
    title: str
    page: str


@dataclass(frozen=True, slots=True, kw_only=True)
class FrontMatterPage(Line):
    """``Title .iv.....``: a page line whose page is in letters (a roman numeral, if valid)."""

    kind: ClassVar[Kind] = Kind.FRONT_MATTER_PAGE
    title: str
    page: str


@dataclass(frozen=True, slots=True, kw_only=True)
class BrokenLeader(Line):
    """A line ending in dot leaders with no readable page after them."""

    kind: ClassVar[Kind] = Kind.BROKEN_LEADER
    title: str


@dataclass(frozen=True, slots=True, kw_only=True)
class AuthorIndex(Line):
    """``Author Index 63``; *page* is ``None`` when no page number follows."""

    kind: ClassVar[Kind] = Kind.AUTHOR_INDEX
    page: str | None


# --------------------------------------------------------------------------- reporting


def report(problems: Problems, line: Line, message: str) -> None:
    """Record a problem with *line*: "line N: message: 'the line as read'"."""
    problems.add(line.no, f"line {line.no}", message, quote=line.raw)


# --------------------------------------------------------------------------- text and lines


def decode(data: str | bytes, problems: Problems) -> str | None:
    """*data* as text, without a byte-order mark; ``None`` (and a problem) if not UTF-8."""
    if isinstance(data, str):
        return data.removeprefix("\ufeff")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        # Name the line and column as an editor would, and show the line.
        before = data[: exc.start]
        no = before.count(b"\n") + before.count(b"\r") - before.count(b"\r\n") + 1
        start = max(before.rfind(b"\n"), before.rfind(b"\r")) + 1
        ends = [i for i in (data.find(b"\n", exc.start), data.find(b"\r", exc.start)) if i >= 0]
        raw = data[start : min(ends, default=len(data))].decode("utf-8", "backslashreplace")
        problems.add(
            no,
            f"line {no}",
            f"not UTF-8 text: byte 0x{data[exc.start]:02x} at column {exc.start - start + 1} "
            "cannot be decoded (is this a binary file?)",
            quote=raw,
        )
        return None


_LINE_END = re.compile(r"\r\n|\r|\n")
# C0 controls other than tab, line feed, vertical tab, form feed and carriage
# return, and DEL: no text extraction emits them, a binary file is full of them.
_BINARY = re.compile(r"[\x00-\x08\x0e-\x1f\x7f]")
_SPACE = re.compile(r"\s+")
# Whitespace that is not one plain space: what _SPACE has to replace.
_IRREGULAR_SPACE = re.compile(r"[^\S ]| \s")
_INNER_STARS = re.compile(r"\*{2,}")


def _clean(raw: str) -> str:
    text = raw.strip()
    if _IRREGULAR_SPACE.search(text):
        text = _SPACE.sub(" ", text)
    if "*" not in text:
        return text
    # "**" marks bold and "*" italics in the extracted text; a lone "*" inside a
    # line is kept, since it may be part of a title ("A* Search"). String methods,
    # not a pattern anchored at the end, strip the outer stars: such a pattern is
    # tried at every star of a long run.
    if text.startswith("*"):
        text = text.lstrip("*").lstrip()
    if text.endswith("*"):
        text = text.rstrip("*").rstrip()
    if "**" not in text:
        return text
    return _SPACE.sub(" ", _INNER_STARS.sub("", text)).strip()


def glue(tail: str) -> str:
    """What joins a line to the text before it, which ends in *tail* (2 characters suffice).

    A space; nothing after a hyphen, which is kept: wrapping happens at the
    hyphen of "Domain-Specific" or "Ana-Lucia". A hyphen after a space is a dash.
    """
    return "" if tail.endswith("-") and not tail.endswith(" -") else " "


def join_lines(parts: Iterable[str]) -> str:
    """The lines of one wrapped title, author line, heading or paragraph as one string."""
    pieces: list[str] = []
    tail = ""
    for part in parts:
        if not pieces:
            if not part:
                continue  # nothing yet: an empty start adds no space
            pieces.append(part)
            tail = part[-2:]
            continue
        piece = glue(tail) + part
        pieces.append(piece)
        tail = (tail + piece)[-2:]
    return "".join(pieces)


def paragraphs(lines: Iterable[Line]) -> list[list[Line]]:
    """The runs of non-blank lines."""
    groups: list[list[Line]] = [[]]
    for line in lines:
        if line.kind is Kind.BLANK:
            groups.append([])
        else:
            groups[-1].append(line)
    return [group for group in groups if group]


# --------------------------------------------------------------------------- the front part


_CONTENTS = re.compile(r"(?i)^(?:table of )?contents$")
_MONTH_NAMES = "|".join([*MONTHS, "Jan", "Feb", "Mar", "Apr", "Jun", "Jul", "Aug", "Sept",
                         "Sep", "Oct", "Nov", "Dec"])  # fmt: skip
_MONTH_NUMBERS = [name[:3].casefold() for name in MONTHS]
_DATE = (
    rf"(?:(?P<d1>\d{{1,2}})(?:st|nd|rd|th)?\s+(?P<m1>{_MONTH_NAMES})\.?,?\s+(?P<y1>\d{{4}})"
    rf"|(?P<m2>{_MONTH_NAMES})\.?\s+(?P<d2>\d{{1,2}})(?:st|nd|rd|th)?,?\s+(?P<y2>\d{{4}})"
    r"|(?P<iso>\d{4})-(?P<iso_m>\d{2})-(?P<iso_d>\d{2}))"
)
# A date alone ("11 November 2020"), or after the place ("Atlanta, Georgia, USA, 11 ...").
_DATE_LINE = re.compile(rf"(?i)^(?:(?P<place>.*?\S)\s*[,\s]\s*)?{_DATE}$")
_CATALOG = re.compile(r"(?i)^(?P<ieee>IEEE\s+)?Catalog\s+(?:Number|No\.?)\s*:?\s*(?P<value>\S+)$")
_ISBN = re.compile(
    r"(?i)^ISBN(?:-1[03])?\s*(?:\((?P<label>[^()]*)\))?\s*:?\s*(?P<value>[0-9Xx][0-9Xx-]*)$"
)
_NOTICE = re.compile(r"(?i)^(?:copyright\s*(?:©|\(c\))|©)\s*\d{4}\b")
_RIGHTS = re.compile(r"(?i)^all rights reserved\.?$")
_NOTE_TEXT = re.compile(r"(?i)^this is a print representation\b")
_NOTE_MARK = re.compile(r"^\s*\*{3,}")
_PRINTER_HEADING = re.compile(r"(?i)\bavailable from\s*:?$")
_CONTACT = re.compile(
    r"(?i)^(?P<field>phone|tel\.?|telephone|fax|e-?mail|web|website|url|internet)\s*:\s*"
    r"(?P<value>\S.*)$"
)
_CONTACT_FIELDS = {"phone": "phone", "tel": "phone", "telephone": "phone", "fax": "fax",
                   "email": "email", "e-mail": "email", "web": "web", "website": "web",
                   "url": "web", "internet": "web"}  # fmt: skip


def _date(text: str) -> DateParts | None:
    match = _DATE_LINE.match(text)
    if match is None:
        return None
    if match["iso"]:
        year, month, day = match["iso"], match["iso_m"], match["iso_d"]
    elif match["d1"]:
        day, year = match["d1"], match["y1"]
        month = str(_MONTH_NUMBERS.index(match["m1"][:3].casefold()) + 1)
    else:
        day, year = match["d2"], match["y2"]
        month = str(_MONTH_NUMBERS.index(match["m2"][:3].casefold()) + 1)
    return DateParts(match["place"], int(year), int(month), int(day))


def _front_line(no: int, raw: str, text: str) -> Line:
    date = _date(text)
    if match := _CATALOG.match(text):
        value, ieee = match["value"], bool(match["ieee"])
        return Catalog(no=no, raw=raw, text=text, date=date, value=value, ieee=ieee)
    if match := _ISBN.match(text):
        label, value = match["label"], match["value"]
        return Isbn(no=no, raw=raw, text=text, date=date, label=label, value=value)
    if _NOTICE.match(text):
        return Notice(no=no, raw=raw, text=text, date=date)
    note = bool(_NOTE_MARK.match(raw) or _NOTE_TEXT.match(text))
    if _RIGHTS.match(text):
        return Rights(no=no, raw=raw, text=text, date=date, note=note)
    if note:
        return Note(no=no, raw=raw, text=text, date=date)
    if _PRINTER_HEADING.search(text):
        return PrinterHeading(no=no, raw=raw, text=text, date=date)
    if match := _CONTACT.match(text):
        field, value = _CONTACT_FIELDS[match["field"].casefold().rstrip(".")], match["value"]
        return Contact(no=no, raw=raw, text=text, date=date, field=field, value=value)
    return Text(no=no, raw=raw, text=text, date=date)


# --------------------------------------------------------------------------- the table


_INDEX = re.compile(r"(?i)^(?:author index|index of authors)\b(?P<rest>.*)$")
_INDEX_PAGE = re.compile(r"^[\s.]*(?P<page>\d+)[\s.]*$")
# How an author line's continuation starts, whatever came before.
_CONTINUATION = re.compile(r"^(?:and\s|&|,|\(|\)|/)")
_ROMAN_LETTERS = frozenset("ivxlcdmIVXLCDM")


def leader(text: str) -> tuple[str, str] | None:
    """The title and page of a line that ends in a page inside dot leaders.

    "Title .12.....", "Title ....... 12", "Title . . . 12", ".12" (a wrapped
    title's last line): the page is the last word, digits or letters of a roman
    numeral, and what comes before it back to the title is dots and spaces, at
    least one dot after a space, or two dots. "Version 2.0" has no leader.
    *text* is a cleaned line, with single spaces.

    >>> leader("Title .12....."), leader("A . . . iv"), leader(".12"), leader("Version 2.0")
    (('Title', '12'), ('A', 'iv'), ('', '12'), None)
    """
    if "." not in text:
        return None
    body = text.rstrip(" .")
    cut = max(body.rfind(" "), body.rfind(".")) + 1
    page = body[cut:]
    if not page or not (page.isdecimal() or _ROMAN_LETTERS.issuperset(page)):
        return None
    lead = len(body[:cut].rstrip(" ."))  # the leader is body[lead:cut]: dots and spaces
    last_dot = body.rfind(".", lead, cut)
    # The title ends where the leader can start: at the first space with a dot
    # after it, at the first of two dots, or at the very start. Past a dot that
    # fits none of these, the next character is a space, the last chance.
    for start in range(lead, min(lead + 2, cut)):
        if body[start] == " ":
            return (body[:start], page) if start < last_dot else None
        if start == 0 or body.startswith("..", start):
            return body[:start], page
    return None


def _table_line(no: int, raw: str, text: str) -> Line:
    if match := _INDEX.match(text):
        page = _INDEX_PAGE.match(match["rest"])
        return AuthorIndex(no=no, raw=raw, text=text, page=page["page"] if page else None)
    found = leader(text)
    if found is not None:
        title, number = found
        if number.isdecimal():
            return PaperPage(no=no, raw=raw, text=text, title=title, page=number)
        return FrontMatterPage(no=no, raw=raw, text=text, title=title, page=number)
    if text.endswith(".."):
        return BrokenLeader(no=no, raw=raw, text=text, title=text.rstrip(". "))
    return Text(no=no, raw=raw, text=text, continues=bool(_CONTINUATION.match(text)))


# --------------------------------------------------------------------------- the lexer


def lex(text: str, problems: Problems) -> list[Line] | None:
    """Every line of *text* as a token; ``None`` (and one problem) for a binary file.

    Line ends may be LF, CRLF or CR, mixed. The first "Table of Contents" line
    divides the front part from the table.
    """
    lines: list[Line] = []
    in_table = False
    for no, raw in enumerate(_LINE_END.split(text), start=1):
        bad = _BINARY.search(raw)
        if bad:
            # One problem, then stop: a binary file would otherwise yield one per line.
            problems.add(
                no,
                f"line {no}",
                f"control character U+{ord(bad.group(0)):04X} at column {bad.start() + 1}: "
                "this is not a text table of contents (is it a binary file?)",
                quote=raw,
            )
            return None
        clean = _clean(raw)
        if not clean:
            lines.append(Blank(no=no, raw=raw, text=""))
        elif in_table:
            lines.append(_table_line(no, raw, clean))
        elif _CONTENTS.match(clean):
            lines.append(Contents(no=no, raw=raw, text=clean))
            in_table = True
        else:
            lines.append(_front_line(no, raw, clean))
    return lines
