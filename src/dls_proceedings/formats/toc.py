"""The printed table of contents as plain text: ``to_toc`` writes it, ``from_toc`` reads it.

``to_toc`` writes a volume in the layout of the source document: title block,
"Table of Contents", front matter with roman pages, session headings, each paper
as ``Title .page.....`` followed by its byline, and the author-index line.

``from_toc`` reads that layout back into a ``Workshop``, from the bundled source
document or any volume printed the same way. The rules it follows (how lines are
recognised, how names and affiliations are split, how page ranges are derived)
are in docs/toc.md.
"""

from __future__ import annotations

import datetime
import itertools
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Literal, NamedTuple, overload

from pydantic import ValidationError

from dls_proceedings._text import MONTHS, disambiguate, key_stem, search_fold
from dls_proceedings.errors import TocParseError
from dls_proceedings.models import (
    Affiliation,
    Author,
    Copyright,
    FrontMatterItem,
    Location,
    PageRange,
    Paper,
    Printer,
    Session,
    Workshop,
    country_code,
)

__all__ = [
    "TocImport",
    "byline",
    "from_toc",
    "parse_byline",
    "split_affiliations",
    "split_name",
    "to_toc",
]


def _leader(title: str, page: object) -> str:
    # The source prints right-aligned page numbers inside dot leaders, which
    # its text extraction renders as "Title .page.....".
    return f"{title} .{page}....."


def _credit(author: Author) -> str:
    if author.printed_affiliation is not None:
        where = author.printed_affiliation
    else:
        where = " / ".join(str(a) for a in author.affiliations)
    return f"{author.name} ({where})" if where else author.name


def byline(authors: Sequence[Author]) -> str:
    """The author line as a table of contents prints it, serial comma included.

    >>> import dls_proceedings as dp
    >>> print(byline(dp.load().paper("venkataram2020topiqal").authors))
    Hamsa Shwetha Venkataram (Jet Propulsion Laboratory, California Institute of Technology), Chris A Mattmann (Jet Propulsion Laboratory), and Scott Penberthy (Google)
    """
    credits = [_credit(a) for a in authors]
    if len(credits) <= 2:
        return " and ".join(credits)
    return ", ".join(credits[:-1]) + ", and " + credits[-1]


def _paper_lines(paper: Paper) -> list[str]:
    page = paper.pages.first if paper.pages is not None else "?"
    lines = [_leader(paper.title, page)]
    if paper.authors:
        lines.append(byline(paper.authors))
    return lines


def to_toc(workshop: Workshop) -> str:
    """The volume's table of contents as text (LF line ends, final newline).

    >>> import dls_proceedings as dp
    >>> print(to_toc(dp.load()).splitlines()[5])
    Message from the Workshop Chairs .v.....
    """
    # Month names are spelt out here: strftime("%B") would follow the C locale.
    day = f"{workshop.date.day} {MONTHS[workshop.date.month - 1]} {workshop.date.year}"
    blocks: list[list[str]] = [
        [workshop.title, f"{workshop.location}, {day}"],
        ["Table of Contents"],
    ]
    if workshop.front_matter:
        blocks.append([_leader(item.title, item.page) for item in workshop.front_matter])
    for session in workshop.sessions:
        if session.title is not None:
            blocks.append([session.title])
        blocks.extend(_paper_lines(p) for p in session.papers)
    if workshop.author_index_page is not None:
        blocks.append([f"Author Index {workshop.author_index_page}"])
    return "\n\n".join("\n".join(block) for block in blocks) + "\n"


# =========================================================================== reading
#
# from_toc works in three passes over the lines: the front part (title page,
# catalog data, copyright, printer) up to "Table of Contents"; the table itself
# (front matter, session headings, papers and their author lines, the author
# index); then the volume is assembled, page ranges derived and keys given.
# Every pass records problems instead of stopping, so one run reports them all.


class TocImport(NamedTuple):
    """What ``from_toc(text, strict=False)`` returns: the volume and every problem.

    ``workshop`` is ``None`` when the text lacks what every volume needs (a title,
    a date, a place, a publisher, at least one paper). Otherwise it holds all that
    could be read; what could not (a paper with no start page, say) is left out
    and named in ``problems``. Unpack it as ``workshop, problems = ...``.
    """

    workshop: Workshop | None
    problems: tuple[str, ...]


# --------------------------------------------------------------------------- lines


@dataclass(frozen=True)
class _Line:
    no: int  # 1-based, as an editor counts lines
    raw: str  # as read, without the line end
    text: str  # bold/italic markers and surplus whitespace removed; "" when blank

    @property
    def blank(self) -> bool:
        return not self.text


_LINE_END = re.compile(r"\r\n|\r|\n")
# C0 controls other than tab, line feed, vertical tab, form feed and carriage
# return, and DEL: no text extraction emits them, a binary file is full of them.
_BINARY = re.compile(r"[\x00-\x08\x0e-\x1f\x7f]")
_SPACE = re.compile(r"\s+")
_EDGE_STARS = re.compile(r"^\*+\s*|\s*\*+$")
_INNER_STARS = re.compile(r"\*{2,}")
_SHOWN = 80  # characters of an offending line quoted in a problem


def _clean(raw: str) -> str:
    # "**" marks bold and "*" italics in the extracted text; a lone "*" inside a
    # line is kept, since it may be part of a title ("A* Search").
    text = _SPACE.sub(" ", raw).strip()
    text = _INNER_STARS.sub("", _EDGE_STARS.sub("", text))
    return _SPACE.sub(" ", text).strip()


def _quote(raw: str) -> str:
    text = raw.strip()
    if len(text) > _SHOWN:
        text = text[: _SHOWN - 1] + "…"
    return repr(text)


class _Problems:
    """Problems found so far, each as "line N: what is wrong: 'the line'"."""

    def __init__(self) -> None:
        self._found: list[tuple[int, int, str]] = []

    def add(self, line: _Line, message: str) -> None:
        text = f"line {line.no}: {message}: {_quote(line.raw)}"
        self._found.append((line.no, len(self._found), text))

    def __bool__(self) -> bool:
        return bool(self._found)

    def listed(self) -> tuple[str, ...]:
        # In line order, so they read like a compiler's messages; found order
        # breaks ties.
        return tuple(message for _, _, message in sorted(self._found))


def _decode(data: str | bytes, problems: _Problems) -> str | None:
    if isinstance(data, str):
        return data.removeprefix("\ufeff")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        # Name the line and column as an editor would, and show the line.
        ends = list(re.finditer(rb"\r\n|\r|\n", data[: exc.start]))
        start = ends[-1].end() if ends else 0
        stop = re.compile(rb"[\r\n]").search(data, exc.start)
        raw = data[start : stop.start() if stop else len(data)]
        line = _Line(len(ends) + 1, raw.decode("utf-8", "backslashreplace"), "")
        problems.add(
            line,
            f"not UTF-8 text: byte 0x{data[exc.start]:02x} at column {exc.start - start + 1} "
            "cannot be decoded (is this a binary file?)",
        )
        return None


def _lines(text: str, problems: _Problems) -> list[_Line] | None:
    lines: list[_Line] = []
    for no, raw in enumerate(_LINE_END.split(text), start=1):
        bad = _BINARY.search(raw)
        if bad:
            # One problem, then stop: a binary file would otherwise yield one per line.
            problems.add(
                _Line(no, raw, ""),
                f"control character U+{ord(bad.group(0)):04X} at column {bad.start() + 1}: "
                "this is not a text table of contents (is it a binary file?)",
            )
            return None
        lines.append(_Line(no, raw, _clean(raw)))
    return lines


def _join(parts: Iterable[str]) -> str:
    """Lines of one wrapped title, byline or paragraph as one string.

    A line that ends in a hyphen joins the next without a space, keeping the
    hyphen: wrapping happens at the hyphen of "Domain-Specific" or "Ana-Lucia".
    """
    joined = ""
    for part in parts:
        if not joined:
            joined = part
        elif joined.endswith("-") and not joined.endswith(" -"):
            joined += part
        else:
            joined += " " + part
    return joined


# --------------------------------------------------------------------------- names


# Lower-case particles that belong to the family name ("Ludwig van Beethoven").
# fmt: off
_PARTICLES = frozenset({
    "van", "von", "de", "der", "den", "del", "della", "delle", "dei", "di", "da", "das", "dos",
    "du", "la", "le", "ter", "ten", "zu", "bin", "ibn", "al",
})
# fmt: on


def split_name(name: str) -> tuple[str | None, str]:
    """Split a printed name into (given, family): the last word is the family name.

    Lower-case particles just before it ("van", "de", "von der") belong to the
    family name, and so does a suffix after a comma ("Smith, Jr."); a single
    word is a family name with no given name.

    >>> split_name("Hamsa Shwetha Venkataram")
    ('Hamsa Shwetha', 'Venkataram')
    >>> split_name("Ludwig van Beethoven"), split_name("Google")
    (('Ludwig', 'van Beethoven'), (None, 'Google'))
    """
    base, comma, suffix = name.rpartition(",")
    if comma and _NAME_SUFFIX.match(suffix.strip()):
        given, family = split_name(base)
        return given, f"{family}, {suffix.strip()}"
    words = name.split()
    if not words:
        raise ValueError(f"empty name {name!r}")
    cut = len(words) - 1
    while cut > 1 and words[cut - 1] in _PARTICLES:
        cut -= 1
    given = " ".join(words[:cut]) or None
    return given, " ".join(words[cut:])


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
_BRAND = re.compile(r"[a-z][A-Z]|[A-Z]{2,}[a-z]|^[A-Z0-9&-]{3,}$|\w\.\w")
_AFFILIATION_SEPARATOR = re.compile(r"\s+/\s+|\s*;\s*")


def _is_organisation(piece: str) -> bool:
    words = {w.strip(".").casefold() for w in piece.split()}
    if words & _ORGANISATION_WORDS:
        return True
    return " " not in piece and _BRAND.search(piece) is not None


def _is_unit(piece: str) -> bool:
    return bool(_UNIT_START.search(piece) or _UNIT_END.search(piece))


def _is_country(piece: str) -> bool:
    # A bare two-letter code is more often a state or province ("CA", "NY", "IL")
    # than a country; only "UK" and "US" are read as countries.
    if re.fullmatch(r"[A-Z]{2}", piece) and piece not in ("UK", "US"):
        return False
    try:
        country_code(piece)
    except ValueError:
        return False
    return True


def _top_level(text: str, separator: re.Pattern[str]) -> list[tuple[int, int]]:
    """Spans of *text* between matches of *separator* outside parentheses."""
    spans: list[tuple[int, int]] = []
    depth, start, i = 0, 0, 0
    while i < len(text):
        char = text[i]
        if char == "(":
            depth += 1
        elif char == ")":
            depth = max(depth - 1, 0)
        elif depth == 0:
            match = separator.match(text, i)
            if match and match.end() > i:
                spans.append((start, i))
                start = i = match.end()
                continue
        i += 1
    spans.append((start, len(text)))
    return spans


def split_affiliations(text: str) -> tuple[Affiliation, ...]:
    """Structure the text printed in parentheses after an author's name.

    " / " and ";" separate affiliations. Within one, a last comma-separated piece
    that is a country applies to every organisation of it. The rest is split at
    commas only where each side is an organisation on its own; a corporate suffix
    ("Inc."), a place ("Los Angeles") or the parent of a unit (a laboratory,
    department, school, ...) stays with the name before it. docs/toc.md has the rule.

    >>> [str(a) for a in split_affiliations("SURFsara, University of Amsterdam, The Netherlands")]
    ['SURFsara, The Netherlands', 'University of Amsterdam, The Netherlands']
    >>> [str(a) for a in split_affiliations("Preferred Networks, Inc., Japan")]
    ['Preferred Networks, Inc., Japan']
    >>> [str(a) for a in split_affiliations("University of California, Los Angeles, USA")]
    ['University of California, Los Angeles, USA']
    """
    found: list[Affiliation] = []
    comma = re.compile(r"\s*,\s*")
    for start, stop in _top_level(text, _AFFILIATION_SEPARATOR):
        part = text[start:stop].strip()
        if not part:
            raise ValueError(f"an empty affiliation in {text!r}")
        spans = [(a, b) for a, b in _top_level(part, comma)]
        pieces = [part[a:b] for a, b in spans]
        if any(not piece for piece in pieces):
            raise ValueError(f"an empty piece between commas in the affiliation {part!r}")
        country: str | None = None
        if len(pieces) > 1 and _is_country(pieces[-1]):
            country = pieces.pop()
            spans.pop()
        groups: list[list[int]] = [[0]]
        for i in range(1, len(pieces)):
            group = groups[-1]
            starts_new = (
                _is_organisation(pieces[i])
                and not _CORPORATE_SUFFIX.match(pieces[i])
                and any(_is_organisation(pieces[j]) for j in group)
                and not _is_unit(pieces[group[-1]])
            )
            if starts_new:
                groups.append([i])
            else:
                group.append(i)
        for group in groups:
            # The printed text between the group's first and last piece, verbatim.
            name = part[spans[group[0]][0] : spans[group[-1]][1]]
            found.append(Affiliation(name=name, country=country))
    return tuple(found)


# --------------------------------------------------------------------------- bylines


# Between two credits: a comma, "and" or "&", or a comma and then one of them.
_CREDIT_SEPARATOR = re.compile(r"\s*,\s*(?:(?:and|&)\s+)?|\s+(?:and|&)\s+")
_UNFINISHED = re.compile(r"(?:,|\band|&|/|-|\()\s*$")
# A generational suffix is printed after a comma ("John Smith, Jr. (MIT)"): it is
# part of the name before it, not another author.
_NAME_SUFFIX = re.compile(r"^(?:Jr|Sr|II|III|IV)\.?(?=\s*\(|$)")
_CONTINUATION = re.compile(r"^(?:and\s|&|,|\(|\)|/)")


@dataclass(frozen=True)
class _Credit:
    text: str
    by_and: bool  # introduced by "and" / "&": the last of a list


def _credits(text: str) -> tuple[list[_Credit], int, bool]:
    """The credits of a byline, the depth of parentheses left open, a stray ')'."""
    credits: list[_Credit] = []
    depth, stray, start, by_and, i = 0, False, 0, False, 0
    while i < len(text):
        char = text[i]
        if char == "(":
            depth += 1
        elif char == ")":
            if depth == 0:
                stray = True
            depth = max(depth - 1, 0)
        elif depth == 0:
            match = _CREDIT_SEPARATOR.match(text, i)
            if match and match.end() > i:
                credits.append(_Credit(text[start:i].strip(), by_and))
                by_and = bool(re.search(r"(?:\band|&)\s*$", match.group(0)))
                start = i = match.end()
                continue
        i += 1
    credits.append(_Credit(text[start:].strip(), by_and))
    return credits, depth, stray


def _byline_finished(text: str, affiliated: bool) -> bool:
    """Whether *text* is a whole byline, so the next line cannot continue it.

    *affiliated* says whether the table prints affiliations at all.
    """
    credits, depth, stray = _credits(text)
    if depth or stray or _UNFINISHED.search(text):
        return False
    last = credits[-1].text
    if not last.endswith(")"):
        # Where names have affiliations, so has the last: "..., and Ana-Lucia" is cut
        # inside the last name when "Varbanescu (University of ...)" follows.
        if affiliated:
            return False
        # A name does not end after its first word or on an initial ("Maxwell X.").
        if len(last.split()) < 2 or re.search(r"\b\w\.$", last):
            return False
    # A list of several names ends with "and <last name>".
    return len(credits) == 1 or credits[-1].by_and


def _looks_like_byline(text: str) -> bool:
    # A line with an affiliation in parentheses is a byline; without any, every
    # name must have two words, so that a session heading ("Applications",
    # "Algorithm, Modeling, and Infrastructure") is not read as authors.
    if "(" in text:
        return True
    credits, _, _ = _credits(text)
    return all(len(c.text.split()) >= 2 for c in credits if c.text)


def parse_byline(text: str) -> tuple[Author, ...]:
    """The authors of a printed author line; the inverse of ``byline``.

    "Name (Affiliation)" credits are separated by commas and "and" (with or
    without a serial comma); the affiliation is optional and may itself hold
    commas and balanced parentheses.

    Raises:
        ValueError: naming what is wrong (unbalanced parentheses, an empty name,
            text after an affiliation).

    >>> [(a.given, a.family, a.printed_affiliation) for a in parse_byline(
    ...     "Jeroen Bédorf (minds.ai) and Penny X. Qian (Leiden University)")]
    [('Jeroen', 'Bédorf', 'minds.ai'), ('Penny X.', 'Qian', 'Leiden University')]
    """
    credits, depth, stray = _credits(text)
    credits = _with_suffixes(credits)
    if stray:
        raise ValueError("unbalanced parentheses: a ')' closes no '('")
    if depth:
        raise ValueError(f"unbalanced parentheses: {depth} '(' never closed")
    ending = _UNFINISHED.search(text)
    if ending:
        raise ValueError(f"the author line ends with {ending.group(0).strip()!r}, unfinished")
    authors: list[Author] = []
    for credit in credits:
        authors.append(_author(credit.text))
    return tuple(authors)


def _with_suffixes(credits: list[_Credit]) -> list[_Credit]:
    joined: list[_Credit] = []
    for credit in credits:
        previous = joined[-1].text if joined else ""
        if (
            _NAME_SUFFIX.match(credit.text)
            and not credit.by_and
            and previous
            and "(" not in previous
        ):
            joined[-1] = _Credit(f"{previous}, {credit.text}", joined[-1].by_and)
        else:
            joined.append(credit)
    return joined


def _author(credit: str) -> Author:
    if not credit:
        raise ValueError("an empty name between two separators")
    opening = credit.find("(")
    if opening < 0:
        name, printed = credit, None
    else:
        name = credit[:opening].strip()
        depth, close = 0, -1
        for i in range(opening, len(credit)):
            depth += {"(": 1, ")": -1}.get(credit[i], 0)
            if depth == 0:
                close = i
                break
        printed = credit[opening + 1 : close].strip()
        tail = credit[close + 1 :].strip()
        if not name:
            raise ValueError(f"the affiliation {credit!r} has no name before it")
        if tail:
            raise ValueError(
                f"unexpected text {tail!r} after the affiliation of {name!r}; "
                "expected ',' or 'and' before the next name"
            )
        if not printed:
            raise ValueError(f"empty parentheses after {name!r}")
    given, family = split_name(name)
    try:
        affiliations = split_affiliations(printed) if printed is not None else ()
        return Author(
            given=given, family=family, affiliations=affiliations, printed_affiliation=printed
        )
    except ValidationError as exc:
        raise ValueError(f"author {name!r}: {_first_error(exc)}") from None


def _first_error(exc: ValidationError) -> str:
    error = exc.errors()[0]
    where = ".".join(str(p) for p in error["loc"])
    return f"{where}: {error['msg']}" if where else str(error["msg"])


# --------------------------------------------------------------------------- the front part


_MONTH_NAMES = "|".join([*MONTHS, "Jan", "Feb", "Mar", "Apr", "Jun", "Jul", "Aug", "Sept",
                         "Sep", "Oct", "Nov", "Dec"])  # fmt: skip
_DATE = (
    rf"(?:(?P<d1>\d{{1,2}})(?:st|nd|rd|th)?\s+(?P<m1>{_MONTH_NAMES})\.?,?\s+(?P<y1>\d{{4}})"
    rf"|(?P<m2>{_MONTH_NAMES})\.?\s+(?P<d2>\d{{1,2}})(?:st|nd|rd|th)?,?\s+(?P<y2>\d{{4}})"
    r"|(?P<iso>\d{4}-\d{2}-\d{2}))"
)
# A date alone ("11 November 2020"), or after the place ("Atlanta, Georgia, USA, 11 ...").
_DATE_LINE = re.compile(rf"(?i)^(?:(?P<place>.*?\S)\s*[,\s]\s*)?{_DATE}$")
_TOC_LINE = re.compile(r"(?i)^(?:table of )?contents$")
_CATALOG = re.compile(r"(?i)^(?P<ieee>IEEE\s+)?Catalog\s+(?:Number|No\.?)\s*:?\s*(?P<value>\S+)$")
_ISBN_LINE = re.compile(
    r"(?i)^ISBN(?:-1[03])?\s*(?:\((?P<label>[^()]*)\))?\s*:?\s*(?P<value>[0-9Xx][0-9Xx-]*)$"
)
_NOTICE = re.compile(r"(?i)^(?:copyright\s*(?:©|\(c\))|©)\s*\d{4}\b")
_HOLDER = re.compile(r"(?i)\bby\s+(?:the\s+)?(?P<holder>.+)$")
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
# Copyright holders by the abbreviation a citation uses for the publisher.
_PUBLISHERS = {
    "institute of electrical and electronics engineers": "IEEE",
    "association for computing machinery": "ACM",
}
_PAREN_AT_END = re.compile(r"\s*\((?P<inner>[^()]*)\)$")
_YEAR_AT_END = re.compile(r"\s*'?\d{2,4}$")


def _ordinals() -> dict[str, int]:
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


_ORDINAL_WORDS = _ordinals()
_ORDINAL = re.compile(
    r"(?i)\b(?:(?P<word>"
    + "|".join(w.replace("-", r"[-\s]") for w in sorted(_ORDINAL_WORDS, key=len, reverse=True))
    + r")|(?P<number>\d+)(?P<suffix>st|nd|rd|th))\b"
)


def _ordinal(title: str) -> int | None:
    """The edition a title states ("Fourth" -> 4, "21st" -> 21), if any."""
    for match in _ORDINAL.finditer(title):
        if match.group("word"):
            return _ORDINAL_WORDS[re.sub(r"[-\s]+", "-", match.group("word").casefold())]
        n = int(match.group("number"))
        expected = "th" if 11 <= n % 100 <= 13 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
        if match.group("suffix").casefold() == expected and n > 0:
            return n
    return None


def _date(match: re.Match[str]) -> datetime.date:
    if match.group("iso"):
        return datetime.date.fromisoformat(match.group("iso"))
    day, month, year = (
        (match.group("d1"), match.group("m1"), match.group("y1"))
        if match.group("d1")
        else (match.group("d2"), match.group("m2"), match.group("y2"))
    )
    number = [m[:3].casefold() for m in MONTHS].index(month[:3].casefold()) + 1
    return datetime.date(int(year), number, int(day))


@dataclass
class _Front:
    """What the front part of the document says, as far as it was read."""

    title_page: str | None = None
    title_line: _Line | None = None
    header: _Line | None = None
    location: Location | None = None
    date: datetime.date | None = None
    catalog: str | None = None
    ieee_catalog: bool = False
    isbns: dict[str, tuple[str, _Line]] = field(default_factory=dict)
    notice: str | None = None
    rights: str | None = None
    permissions: list[str] = field(default_factory=list)
    note: str | None = None
    printer_heading: str | None = None
    printer_lines: list[str] = field(default_factory=list)
    contacts: dict[str, str] = field(default_factory=dict)
    logo: list[str] = field(default_factory=list)

    def printer(self) -> Printer | None:
        if not self.printer_lines:
            return None
        return Printer(
            name=self.printer_lines[0],
            address=tuple(self.printer_lines[1:]),
            heading=self.printer_heading,
            logo_text=" ".join(self.logo) or None,
            **self.contacts,
        )

    def copyright(self) -> Copyright | None:
        if self.notice is None:
            return None
        return Copyright(
            notice=self.notice, rights=self.rights, permissions=tuple(self.permissions)
        )

    def publisher(self) -> str | None:
        holder = _HOLDER.search(self.notice) if self.notice else None
        if holder:
            folded = search_fold(holder.group("holder"))
            for name, short in _PUBLISHERS.items():
                if name in folded:
                    return short
            return holder.group("holder")
        # An IEEE catalog number is issued only for IEEE publications.
        return "IEEE" if self.ieee_catalog else None


def _location(line: _Line, place: str, problems: _Problems) -> Location | None:
    parts = [p.strip() for p in place.split(",")]
    if any(not p for p in parts):
        problems.add(line, f"the place {place!r} has an empty part between commas")
        return None
    country = parts.pop() if len(parts) > 1 and _is_country(parts[-1]) else None
    if len(parts) > 2:
        problems.add(
            line,
            f"the place {place!r} is not 'City', 'City, Country' or 'City, Region, Country' "
            "with a known country",
        )
        return None
    region = parts[1] if len(parts) == 2 else None
    return Location(city=parts[0], region=region, country=country)


def _read_title_block(lines: list[_Line], toc: _Line, front: _Front, problems: _Problems) -> int:
    """Title, place and date; returns the index of the first line after the date."""
    dated = next(
        (i for i, line in enumerate(lines) if not line.blank and _DATE_LINE.match(line.text)),
        None,
    )
    if dated is None:
        problems.add(
            toc,
            "no date line such as '11 November 2020' comes before the table of contents, "
            "so the volume has no date",
        )
        # Where the title and place end is unknown; take the first paragraph for
        # the title (so the running header is still recognised) and read on from
        # the first line that says what it is, so other problems are found too.
        paragraphs = _paragraphs(lines)
        if paragraphs:
            front.title_page = _join(x.text for x in paragraphs[0])
            front.title_line = paragraphs[0][0]
        return next(
            (i for i, x in enumerate(lines) if not x.blank and _front_kind(x, _Front(), None, [])),
            len(lines),
        )
    line = lines[dated]
    match = _DATE_LINE.match(line.text)
    assert match is not None  # found by the search above
    try:
        front.date = _date(match)
    except ValueError as exc:
        problems.add(line, f"the date is not a day of the calendar ({exc})")
    before = [x for x in lines[:dated] if not x.blank]
    place, place_line = match.group("place"), line
    if place is None:
        if len(before) < 2:
            problems.add(
                line,
                "no place line (such as 'Atlanta, Georgia, USA') between the title and the date",
            )
        else:
            place_line = before.pop()
            place = place_line.text
    if place is not None:
        front.location = _location(place_line, place, problems)
    if before:
        front.title_page = _join(x.text for x in before)
        front.title_line = before[0]
    else:
        problems.add(line, "no title before the place and date")
    return dated + 1


def _title_base(title: str) -> str:
    return _PAREN_AT_END.sub("", title).strip()


def _read_front(lines: list[_Line], toc: _Line, problems: _Problems) -> _Front:
    """Everything before "Table of Contents"."""
    front = _Front()
    start = _read_title_block(lines, toc, front, problems)
    body = lines[start:]
    # The running header printed above the table ("<title> (DLS) DLS 2020") is the
    # last line before it when it repeats the title page's title.
    filled = [i for i, line in enumerate(body) if not line.blank]
    if filled and front.title_page:
        last = body[filled[-1]]
        if last.text.startswith(_title_base(front.title_page)):
            front.header = last
            body = body[: filled[-1]]

    sink: str | None = None  # where unlabelled lines go: permissions, note, printer, logo
    paragraph: list[str] = []
    loose: list[_Line] = []

    def end_paragraph() -> None:
        if paragraph:
            front.permissions.append(_join(paragraph))
            paragraph.clear()

    for line in body:
        text = line.text
        if line.blank:
            if sink == "permissions":
                end_paragraph()
            elif sink == "note" and front.note:
                sink = None
            continue
        kind = _front_kind(line, front, sink, paragraph)
        if kind is None:
            if sink == "permissions":
                paragraph.append(text)
                # Without blank lines between them, a paragraph ends with its sentence.
                if text.endswith("."):
                    end_paragraph()
            elif sink == "note":
                front.note = _join([front.note or "", text]).strip()
                if line.raw.rstrip().endswith("*"):
                    sink = None
            elif sink == "printer":
                front.printer_lines.append(text)
            elif sink == "logo":
                front.logo.append(text)
            else:
                loose.append(line)
            continue
        end_paragraph()
        if kind == "contact" and not front.printer_lines and loose:
            # A printer's block without a heading: the lines before its contact details.
            front.printer_lines.extend(x.text for x in loose)
            loose.clear()
        for stray in loose:
            problems.add(stray, "a line the front matter does not explain")
        loose.clear()
        sink = _front_line(kind, line, front, problems)
    end_paragraph()
    for stray in loose:
        problems.add(stray, "a line the front matter does not explain")
    return front


def _front_kind(line: _Line, front: _Front, sink: str | None, paragraph: list[str]) -> str | None:
    text = line.text
    if _CATALOG.match(text):
        return "catalog"
    if _ISBN_LINE.match(text):
        return "isbn"
    if _NOTICE.match(text):
        return "notice"
    # "All Rights Reserved" is the rights line only right under the notice; the
    # same words inside a permissions paragraph are part of it.
    if (
        _RIGHTS.match(text)
        and sink == "permissions"
        and front.rights is None
        and not front.permissions
        and not paragraph
    ):
        return "rights"
    if _NOTE_MARK.match(line.raw) or _NOTE_TEXT.match(text):
        return "note"
    if _PRINTER_HEADING.search(text):
        return "heading"
    if _CONTACT.match(text):
        return "contact"
    return None


def _front_line(kind: str, line: _Line, front: _Front, problems: _Problems) -> str | None:
    """Record a labelled front line; returns where the unlabelled lines after it go."""
    text = line.text
    if kind == "catalog":
        match = _CATALOG.match(text)
        assert match is not None
        value = match.group("value")
        if front.catalog is not None and front.catalog != value:
            problems.add(line, f"catalog number {value!r} differs from {front.catalog!r} above")
        front.catalog = value
        front.ieee_catalog = front.ieee_catalog or bool(match.group("ieee"))
        return None
    if kind == "isbn":
        _isbn_line(line, front, problems)
        return None
    if kind == "notice":
        if front.notice is not None:
            problems.add(line, "a second copyright notice")
        front.notice = text
        return "permissions"
    if kind == "rights":
        front.rights = text
        return "permissions"
    if kind == "note":
        front.note = text
        return None if line.raw.rstrip().endswith("*") else "note"
    if kind == "heading":
        front.printer_heading = text
        return "printer"
    match = _CONTACT.match(text)
    assert match is not None
    name = _CONTACT_FIELDS[match.group("field").casefold().rstrip(".")]
    if name in front.contacts:
        problems.add(line, f"a second {name} line in the printer's block")
    front.contacts[name] = match.group("value")
    return "logo"


def _isbn_line(line: _Line, front: _Front, problems: _Problems) -> None:
    match = _ISBN_LINE.match(line.text)
    assert match is not None
    label = search_fold(match.group("label") or "print")
    value = match.group("value")
    if re.search(r"\b(?:online|electronic|e ?book|pdf|digital|xplore|ebk)\b", label):
        kind = "online"
    elif re.search(
        r"\b(?:print|print on demand|pod|paper(?:back)?|hard(?:cover|back)|soft)", label
    ):
        kind = "print"
    else:
        problems.add(
            line,
            f"unknown ISBN label {match.group('label')!r}; expected one such as "
            "'Print-On-Demand' or 'Online'",
        )
        return
    # Imported here, as in models: only reading a document needs python-stdnum.
    from stdnum import isbn
    from stdnum.exceptions import ValidationError as StdnumError

    try:
        isbn.validate(value)
    except StdnumError as exc:
        problems.add(line, f"invalid ISBN {value!r}: {exc}")
        return
    if kind in front.isbns and front.isbns[kind][0] != value:
        seen, where = front.isbns[kind]
        problems.add(line, f"{kind} ISBN {value!r} differs from {seen!r} on line {where.no}")
        return
    front.isbns.setdefault(kind, (value, line))


# --------------------------------------------------------------------------- the table


# "Title .12.....": the page inside dot leaders, however many; at least one dot,
# after a space or doubled, so that "Version 2.0" ending a wrapped line is no page.
# A wrapped title may leave the leader alone on its last line (".12.....").
_LEADER_LINE = re.compile(
    r"(?i)^(?P<title>.*?)(?:(?:^|\s+)\.[\s.]*|\.{2,}[\s.]*)(?P<page>\d+|[ivxlcdm]+)[\s.]*$"
)
# Dot leaders with no readable page after them ("Title .1O....", "Title .....").
_BROKEN_LEADER = re.compile(r"\.{2,}$")
_INDEX_LINE = re.compile(r"(?i)^(?:author index|index of authors)\b(?P<rest>.*)$")
_INDEX_PAGE = re.compile(r"^[\s.]*(?P<page>\d+)[\s.]*$")
# How a line ends when a phrase runs on: a heading never ends like this, a title
# broken over lines often does. Case matters: title case writes these words in
# lower case, while "Part A" is a heading.
_RUNS_ON = re.compile(
    r"(?:[-,:/]|\b(?:a|an|the|and|or|of|for|in|on|to|with|from|by|at|via|using))$"
)
_NO_PAPER = (
    "a line that belongs to no paper (a session heading with no papers under it, "
    "or a title without its page number?)"
)


@dataclass
class _Draft:
    """A paper as read, before its pages and key are known."""

    line: _Line  # the line with the page number
    title: str
    page: int | None
    authors: tuple[Author, ...] = ()
    keep: bool = True


@dataclass
class _SessionDraft:
    line: _Line | None
    title: str | None
    papers: list[_Draft] = field(default_factory=list)


@dataclass
class _Body:
    """What the table of contents lists."""

    toc: _Line
    front_matter: list[tuple[_Line, str, str]] = field(default_factory=list)  # line, title, page
    sessions: list[_SessionDraft] = field(default_factory=list)
    index: tuple[_Line, int] | None = None
    index_seen: bool = False  # an Author Index line, readable or not
    affiliated: bool = False  # whether any line has parentheses: authors have affiliations
    last: _Line | None = None  # the last non-blank line, where a missing line was due

    @property
    def papers(self) -> list[_Draft]:
        return [paper for session in self.sessions for paper in session.papers]


def _paragraphs(lines: list[_Line]) -> list[list[_Line]]:
    groups: list[list[_Line]] = [[]]
    for line in lines:
        if line.blank:
            groups.append([])
        else:
            groups[-1].append(line)
    return [group for group in groups if group]


def _split_gap(pending: list[_Line]) -> tuple[list[list[_Line]], list[_Line]]:
    """The session headings and the start of a wrapped title before a page line.

    A title begins a paragraph: the lines after the last blank line, if any, are
    the beginning of the title. What comes before is one heading per paragraph.
    With no blank line at all, every line is a heading (titles cannot be told
    from headings there; docs/toc.md says so).
    """
    blanks = [i for i, line in enumerate(pending) if line.blank]
    if not blanks:
        return _paragraphs(pending), []
    return _paragraphs(pending[: blanks[-1]]), pending[blanks[-1] + 1 :]


def _is_entry(text: str) -> bool:
    """Whether a line is a page line (or a broken one) or the Author Index line."""
    return bool(_INDEX_LINE.match(text) or _LEADER_LINE.match(text) or _BROKEN_LEADER.search(text))


def _block(lines: list[_Line], start: int) -> list[str]:
    """The lines from *start* up to the next blank line or entry line."""
    block: list[str] = []
    for line in lines[start:]:
        if line.blank or _is_entry(line.text):
            break
        block.append(line.text)
    return block


def _take_byline(lines: list[_Line], start: int, affiliated: bool) -> tuple[list[_Line], int]:
    """The lines of the author line that follows a paper line at *start*, and the next index."""
    taken: list[_Line] = []
    i = start
    while i < len(lines):
        line = lines[i]
        if line.blank:
            if taken:
                break  # a blank line ends the author line
            i += 1  # blank lines between the title and its authors are tolerated
            continue
        text = line.text
        if _is_entry(text):
            break
        if not taken and not _looks_like_byline(_join(_block(lines, i))):
            break
        if (
            taken
            and _byline_finished(_join(x.text for x in taken), affiliated)
            and not _CONTINUATION.match(text)
        ):
            break
        taken.append(line)
        i += 1
    return taken, (i if taken else start)


def _read_table(lines: list[_Line], toc: _Line, problems: _Problems) -> _Body:
    """Everything after "Table of Contents"."""
    body = _Body(toc=toc, last=next((x for x in reversed(lines) if not x.blank), toc))
    body.affiliated = any("(" in line.text for line in lines)
    pending: list[_Line] = []
    i = 0
    while i < len(lines):
        line = lines[i]
        if line.blank:
            pending.append(line)
            i += 1
            continue
        index = _INDEX_LINE.match(line.text)
        if index:
            _dangling(pending, problems)
            pending = []
            _index_line(line, index.group("rest"), body, problems)
            after = [x for x in lines[i + 1 :] if not x.blank]
            if after:
                count = f"{len(after)} line{'s' if len(after) != 1 else ''}"
                problems.add(after[0], f"text after the Author Index line ({count})")
            return body
        leader = _LEADER_LINE.match(line.text)
        if leader is None and not _BROKEN_LEADER.search(line.text):
            pending.append(line)
            i += 1
            continue
        headings, prefix = _split_gap(pending)
        pending = []
        own = leader.group("title") if leader else line.text.rstrip(". ")
        title = _join([*(x.text for x in prefix), *([own] if own else [])])
        page = leader.group("page") if leader else None
        if page is not None and not page.isdigit():
            _dangling([x for h in headings for x in h], problems)
            _front_matter_line(line, title, page, body, problems)
            i += 1
            continue
        for heading in headings:
            text = _join(x.text for x in heading)
            ending = _RUNS_ON.search(text)
            if ending:
                problems.add(
                    heading[-1],
                    f"a session heading cannot end with {ending.group(0)!r}; if this line "
                    "starts a wrapped title, the title must follow a blank line and run on "
                    "to its page line",
                )
            elif _reads_as_authors(text):
                problems.add(
                    heading[0],
                    "this reads as an author line, not a session heading; is the author line "
                    "above it cut short, or a paper line missing?",
                )
            body.sessions.append(_SessionDraft(heading[0], text))
        if not body.sessions:
            body.sessions.append(_SessionDraft(None, None))
        i = _paper(lines, i, title, page, body, problems)
    _dangling(pending, problems)
    return body


def _reads_as_authors(text: str) -> bool:
    # Two or more "Name (Affiliation)" credits: an author line, whatever its place.
    credits, depth, stray = _credits(text)
    with_affiliation = [c for c in credits if re.fullmatch(r"[^()]+\(.+\)", c.text)]
    return not (depth or stray) and len(with_affiliation) >= 2


def _dangling(lines: list[_Line], problems: _Problems) -> None:
    for paragraph in _paragraphs(lines):
        problems.add(paragraph[0], _NO_PAPER)


def _index_line(line: _Line, rest: str, body: _Body, problems: _Problems) -> None:
    body.index_seen = True
    page = _INDEX_PAGE.match(rest)
    if page is None:
        problems.add(line, "the Author Index line has no page number, such as 'Author Index 63'")
    elif int(page.group("page")) == 0:
        problems.add(line, "page 0: pages are numbered from 1")
    else:
        body.index = (line, int(page.group("page")))


def _front_matter_line(
    line: _Line, title: str, page: str, body: _Body, problems: _Problems
) -> None:
    import roman

    page = page.lower()
    try:
        roman.fromRoman(page.upper())
    except roman.InvalidRomanNumeralError:
        problems.add(line, f"{page!r} is neither a page number nor a roman numeral")
        return
    if body.papers:
        problems.add(line, f"a front-matter page {page!r} after the papers")
    elif not title:
        problems.add(line, "a page number with no title before it")
    else:
        body.front_matter.append((line, title, page))


def _paper(
    lines: list[_Line],
    i: int,
    title: str,
    page: str | None,
    body: _Body,
    problems: _Problems,
) -> int:
    """Read the paper whose page is on line *i* and its author line; the next index."""
    line = lines[i]
    number = int(page) if page is not None else None
    draft = _Draft(line, title, number)
    if number is None:
        problems.add(line, "cannot read the page number of this paper line")
    elif number == 0:
        problems.add(line, "page 0: pages are numbered from 1")
        draft.page = None
    if not title:
        problems.add(line, "a page number with no title before it")
        draft.keep = False
    taken, after = _take_byline(lines, i + 1, body.affiliated)
    if not taken:
        problems.add(line, "the paper has no author line after it")
    else:
        try:
            draft.authors = parse_byline(_join(x.text for x in taken))
        except ValueError as exc:
            problems.add(taken[0], f"cannot read the author line: {exc}")
    body.sessions[-1].papers.append(draft)
    return after


# --------------------------------------------------------------------------- the volume


def _titles(
    front: _Front, problems: _Problems
) -> tuple[str, str | None, tuple[str, ...], str] | None:
    """Title, short title, title variants and acronym."""
    if front.title_page is None or front.title_line is None:
        return None
    title_page = front.title_page
    base = _title_base(title_page)
    short: str | None = None
    if front.header is not None:
        rest = front.header.text[len(base) :].strip()
        parts = re.match(r"^\((?P<inner>[^()]*)\)\s*(?P<short>.*)$", rest)
        if parts:
            title = f"{base} ({parts.group('inner')})"
            short = parts.group("short") or None
        else:
            title, short = base, rest or None
    else:
        title = title_page
        inner = _PAREN_AT_END.search(title)
        if inner and re.search(r"\d{4}$", inner.group("inner")):
            short = inner.group("inner")
    acronym = None
    for source in (_PAREN_AT_END.search(title), short):
        text = source.group("inner") if isinstance(source, re.Match) else source
        if text and _YEAR_AT_END.sub("", text).strip():
            acronym = _YEAR_AT_END.sub("", text).strip()
            break
    if acronym is None:
        problems.add(
            front.header or front.title_line,
            "the title ends with no acronym in parentheses, such as '(DLS)'",
        )
        return None
    variants = (title_page,) if title_page != title else ()
    return title, short, variants, acronym


def _pages(body: _Body, last_page: int | None, problems: _Problems) -> dict[int, PageRange]:
    """Page ranges by id() of the kept drafts; drafts that cannot have one are dropped."""
    previous: _Draft | None = None
    for draft in body.papers:
        if draft.page is None:
            draft.keep = False
        elif previous is not None and previous.page is not None and draft.page <= previous.page:
            if draft.page == previous.page:
                problems.add(
                    draft.line,
                    f"the paper starts on page {draft.page}, the same page as the paper on "
                    f"line {previous.line.no}",
                )
            else:
                problems.add(
                    draft.line,
                    f"the paper starts on page {draft.page}, before the paper on line "
                    f"{previous.line.no} (page {previous.page}): pages must increase",
                )
            draft.keep = False
        elif draft.keep:
            previous = draft
    kept = [d for d in body.papers if d.keep and d.page is not None]
    if not kept:
        return {}
    last = kept[-1]
    assert last.page is not None
    index = body.index
    if index is not None and index[1] <= last.page:
        problems.add(
            index[0],
            f"the Author Index on page {index[1]} does not come after the last paper, which "
            f"starts on page {last.page} (line {last.line.no})",
        )
        index = body.index = None
    end: int | None = None
    if last_page is not None:
        if last_page < last.page:
            problems.add(
                last.line,
                f"last_page={last_page} is before page {last.page}, where the last paper starts",
            )
        elif index is not None and last_page >= index[1]:
            problems.add(
                index[0],
                f"last_page={last_page} is not before the Author Index on page {index[1]}",
            )
        else:
            end = last_page
    elif index is not None:
        end = index[1] - 1
    elif not body.index_seen:  # a wrong Author Index line is one problem, not two
        problems.add(
            body.last or body.toc,
            "no 'Author Index N' line ends the table of contents, so the page the last paper "
            "ends on is unknown; give it as last_page (--last-page N on the command line)",
        )
    ranges: dict[int, PageRange] = {}
    for draft, following in itertools.pairwise(kept):
        assert draft.page is not None
        assert following.page is not None
        ranges[id(draft)] = PageRange(first=draft.page, last=following.page - 1)
    if end is None:
        last.keep = False  # where it ends is unknown, and the problem says so
    else:
        ranges[id(last)] = PageRange(first=last.page, last=end)
    return ranges


def _front_matter(body: _Body, problems: _Problems) -> tuple[FrontMatterItem, ...]:
    items: list[FrontMatterItem] = []
    for line, title, page in body.front_matter:
        item = FrontMatterItem(title=title, page=page)
        if items and item.page_number <= items[-1].page_number:
            problems.add(
                line,
                f"front-matter page {page!r} does not come after {items[-1].page!r}: "
                "pages must increase",
            )
            continue
        items.append(item)
    return tuple(items)


def _assemble(
    front: _Front,
    body: _Body,
    problems: _Problems,
    last_page: int | None,
    publisher: str | None,
) -> Workshop | None:
    titles = _titles(front, problems)
    publisher = publisher or front.publisher()
    if publisher is None:
        problems.add(
            front.title_line or body.toc,
            "the document names no publisher (no copyright notice 'Copyright © YEAR by ...' "
            "and no IEEE catalog number); give it as publisher (--publisher on the command line)",
        )
    front_matter = _front_matter(body, problems)
    for session in body.sessions:
        if not session.papers and session.line is not None:
            problems.add(session.line, _NO_PAPER)
    if not body.papers:
        problems.add(body.toc, "the table of contents lists no paper")
    ranges = _pages(body, last_page, problems)
    if titles is None or front.date is None or front.location is None or publisher is None:
        return None
    title, short, variants, acronym = titles
    kept = [d for d in body.papers if d.keep and id(d) in ranges]
    stems = [
        key_stem(d.authors[0].family if d.authors else None, front.date.year, d.title) for d in kept
    ]
    keys = dict(zip(map(id, kept), disambiguate(stems), strict=True))
    sessions: list[Session] = []
    for session in body.sessions:
        papers: list[Paper] = []
        for draft in session.papers:
            if id(draft) not in keys:
                continue
            try:
                papers.append(
                    Paper(
                        key=keys[id(draft)],
                        title=draft.title,
                        authors=draft.authors,
                        pages=ranges[id(draft)],
                    )
                )
            except ValidationError as exc:
                problems.add(draft.line, f"the paper is not valid: {_first_error(exc)}")
        if papers:
            sessions.append(Session(title=session.title, papers=tuple(papers)))
    if not sessions:
        return None
    isbns = {kind: value for kind, (value, _) in front.isbns.items()}
    try:
        return Workshop(
            title=title,
            short_title=short,
            title_variants=variants,
            acronym=acronym,
            ordinal=_ordinal(title),
            date=front.date,
            location=front.location,
            publisher=publisher,
            isbn_print=isbns.get("print"),
            isbn_online=isbns.get("online"),
            ieee_catalog_number=front.catalog,
            printer=front.printer(),
            copyright=front.copyright(),
            print_note=front.note,
            front_matter=front_matter,
            author_index_page=body.index[1] if body.index else None,
            sessions=tuple(sessions),
        )
    except ValidationError as exc:
        problems.add(front.title_line or body.toc, f"the volume is not valid: {_first_error(exc)}")
        return None


def _read(
    text: str | bytes, problems: _Problems, last_page: int | None, publisher: str | None
) -> Workshop | None:
    decoded = _decode(text, problems)
    lines = _lines(decoded, problems) if decoded is not None else None
    if lines is None:
        return None
    if all(line.blank for line in lines):
        problems.add(lines[0], "the input is empty: no title and no table of contents")
        return None
    toc = next((i for i, line in enumerate(lines) if _TOC_LINE.match(line.text)), None)
    if toc is None:
        last = next(line for line in reversed(lines) if not line.blank)
        problems.add(last, "no 'Table of Contents' line anywhere in the input")
        return None
    front = _read_front(lines[:toc], lines[toc], problems)
    body = _read_table(lines[toc + 1 :], lines[toc], problems)
    return _assemble(front, body, problems, last_page, publisher)


@overload
def from_toc(
    text: str | bytes,
    *,
    strict: Literal[True] = ...,
    last_page: int | None = ...,
    publisher: str | None = ...,
) -> Workshop: ...
@overload
def from_toc(
    text: str | bytes,
    *,
    strict: Literal[False],
    last_page: int | None = ...,
    publisher: str | None = ...,
) -> TocImport: ...
@overload
def from_toc(
    text: str | bytes,
    *,
    strict: bool,
    last_page: int | None = ...,
    publisher: str | None = ...,
) -> Workshop | TocImport: ...
def from_toc(
    text: str | bytes,
    *,
    strict: bool = True,
    last_page: int | None = None,
    publisher: str | None = None,
) -> Workshop | TocImport:
    """Read a proceedings volume from its printed front matter and table of contents.

    *text* is the document (``str``, or UTF-8 ``bytes``) in the layout of the
    bundled source: title page, catalog data, copyright and printer blocks, then
    "Table of Contents" with front matter, session headings, ``Title .page.....``
    lines each followed by its author line, and ``Author Index N``. docs/toc.md
    has the rules. DOIs are not in such a document; the papers have none.

    Page ranges come from the start pages: a paper ends on the page before the
    next one starts, the last on the page before the Author Index. A document
    without an Author Index line does not say where the last paper ends: pass
    *last_page* (the page it ends on), or the volume is a problem, never a guess.
    *publisher* names the publisher when the document prints no copyright notice
    (it overrides the one the notice implies).

    With ``strict=True`` (the default) any problem raises ``TocParseError``
    listing them all, each with its line number and the line. With
    ``strict=False`` the result is a ``TocImport(workshop, problems)``: the
    volume as far as it could be read (``None`` if not at all) and every problem.

    >>> import dls_proceedings as dp
    >>> text = to_toc(dp.load())  # title, place, date and the table; no copyright notice
    >>> wk = from_toc(text, publisher="IEEE")
    >>> [p.key for p in wk.sessions[1].papers], str(wk.papers[-1].pages)
    (['acevedo2020vandermonde', 'venkataram2020topiqal', 'cai2020deepgalaxy'], '56–62')
    >>> no_index = text.replace("Author Index 63", "")
    >>> wk, problems = from_toc(no_index, strict=False, publisher="IEEE")
    >>> len(wk.papers), problems[0][:70]
    (6, "line 32: no 'Author Index N' line ends the table of contents, so the p")
    >>> str(from_toc(no_index, publisher="IEEE", last_page=62).papers[-1].pages)
    '56–62'
    """
    if last_page is not None and (
        isinstance(last_page, bool) or not isinstance(last_page, int) or last_page < 1
    ):
        raise ValueError(f"last_page must be a page number (an int >= 1), got {last_page!r}")
    if publisher is not None and not publisher.strip():
        raise ValueError(f"publisher must not be blank, got {publisher!r}")
    problems = _Problems()
    workshop = _read(text, problems, last_page, publisher)
    if not strict:
        return TocImport(workshop, problems.listed())
    if problems or workshop is None:
        raise TocParseError(problems.listed() or ("line 1: the volume could not be read",))
    return workshop
