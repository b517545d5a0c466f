"""RIS: ``to_ris`` / ``from_ris`` (and ``volume_parts`` for ``read_volume``).

RIS tags live only in this module; rispy reads and writes the text. Writing has
two stages: ``ris_records`` gives rispy's records (a list of dicts keyed by
rispy's names for the tags: ``secondary_title`` is T2), then ``rispy.dumps``
makes the text. Reading splits the text into records itself (so that every
problem can name the line its record starts on), hands each record's lines to
rispy's parser, and reads rispy's dicts into papers.

The mapping, and why (T2 for the proceedings title, a ``BOOK`` record for the
volume), is in docs/formats.md.
"""

from __future__ import annotations

import re
from typing import Any

import rispy
from pydantic import ValidationError

from dls_proceedings._gc import gc_paused
from dls_proceedings._problems import Problems, TooManyProblemsError
from dls_proceedings.errors import ArgumentTypeError, RisError
from dls_proceedings.formats._items import Items, venued
from dls_proceedings.formats._keys import (
    papers_from,
    read_date_text,
    report,
    stem_for,
    volume_from,
)
from dls_proceedings.formats._venue import location
from dls_proceedings.models import Author, Paper, Venue, Workshop

__all__ = ["PAPER_TYPES", "from_ris", "ris_records", "to_ris", "volume_parts"]

RisRecord = dict[str, Any]

PAPER_TYPE = "CPAPER"
"""The type ``to_ris`` writes for a paper."""

PAPER_TYPES = ("CPAPER", "CONF")
"""The RIS types read as papers: CONF too, as Zotero and IEEE Xplore export conference papers."""

VOLUME_TYPE = "BOOK"
"""The type of the volume's own record (after the papers, for a ``Workshop``)."""


# rispy's repeated tags, and SN: a volume may have two ISBNs (print and online).
_LIST_TAGS = [*rispy.LIST_TYPE_TAGS, "SN"]


class _Writer(rispy.RisWriter):  # type: ignore[misc]
    """rispy's writer without its "1." line above each record (not RIS: other readers
    take it for a stray line)."""

    def set_header(self, count: int) -> str:
        return ""


# --------------------------------------------------------------------------- writing


def _name(author: Author) -> str:
    return author.family if author.given is None else f"{author.family}, {author.given}"


def _date_value(venue: Venue) -> str | None:
    """RIS's DA: "2020/11/11/" (the workshop's day), "2020/11//" (year and month)."""
    if venue.date is not None:
        return f"{venue.date.year:04d}/{venue.date.month:02d}/{venue.date.day:02d}/"
    if venue.year is not None and venue.month is not None:
        return f"{venue.year:04d}/{venue.month:02d}//"
    return None


def _venue_values(venue: Venue, *, volume: bool) -> RisRecord:
    """What a record says of its venue: year, date, publisher, place, ISBN."""
    values: RisRecord = {}
    if venue.year is not None:
        values["year"] = str(venue.year)
    date = _date_value(venue)
    if date is not None:
        values["date"] = date
    if venue.publisher is not None:
        values["publisher"] = venue.publisher
    if volume:
        # A book's CY is its place of publication.
        if venue.publisher_place is not None:
            values["place_published"] = venue.publisher_place
    else:
        # For a conference paper CY is where the conference was (citation-js: event-place)
        # and C1 the place of publication (citation-js: publisher-place; Zotero: place).
        if venue.location is not None:
            values["place_published"] = str(venue.location)  # CY
        if venue.publisher_place is not None:
            values["custom1"] = venue.publisher_place
    # SN, one line per ISBN (rispy calls it issn; for these types it is the ISBN):
    # the print edition's first, as readers take a lone or first ISBN for it.
    isbns = [isbn for isbn in (venue.isbn_print, venue.isbn_online) if isbn is not None]
    if isbns:
        values["issn"] = isbns
    return values


def _paper_record(paper: Paper, venue: Venue | None) -> RisRecord:
    record: RisRecord = {"type_of_reference": PAPER_TYPE, "id": paper.key, "title": paper.title}
    if paper.authors:
        record["authors"] = [_name(a) for a in paper.authors]
    if venue is not None:
        record["secondary_title"] = venue.title  # T2
        record.update(_venue_values(venue, volume=False))
    if paper.pages is not None:
        record["start_page"] = str(paper.pages.first)
        record["end_page"] = str(paper.pages.last)
    if paper.doi is not None:
        record["doi"] = paper.doi
    return record


def _volume_record(volume: Workshop) -> RisRecord:
    record: RisRecord = {"type_of_reference": VOLUME_TYPE, "id": volume.key, "title": volume.title}
    record.update(_venue_values(volume.venue, volume=True))
    if volume.author_index_page is not None:
        # SP of a BOOK is its number of pages (RIS; Zotero's numPages), as CSL's number-of-pages.
        record["start_page"] = str(volume.author_index_page)
    return record


def ris_records(items: Items, *, volume: Workshop | Venue | None = None) -> list[RisRecord]:
    """rispy's records: one ``CPAPER`` per paper, then a ``BOOK`` for a ``Workshop``.

    Keys are rispy's names for the tags (``secondary_title`` is T2, ``issn`` is
    SN); *volume* is the venue of papers that carry none, as for ``to_ris``.

    >>> import dls_proceedings as dp
    >>> records = ris_records(dp.load())
    >>> records[6]["id"], records[6]["secondary_title"][:20], records[-1]["type_of_reference"]
    ('cai2020deepgalaxy', '2020 IEEE/ACM Fourth', 'BOOK')
    """
    records = [_paper_record(paper, venue) for paper, venue in venued(items, volume)]
    if isinstance(items, Workshop):
        records.append(_volume_record(items))
    return records


def to_ris(items: Items, *, volume: Workshop | Venue | None = None) -> str:
    """The papers (and, for a ``Workshop``, the volume) as RIS text.

    One ``TY  - CPAPER`` record per paper, with the proceedings title in T2, and
    for a whole ``Workshop`` a ``TY  - BOOK`` record for the volume after them.
    Each paper is written with its own venue; *volume* (a ``Workshop`` or a
    ``Venue``) is the venue of papers that carry none. The text is the same on
    every run: tags in a fixed order, LF line ends, a blank line between
    records, each closed by an ``ER  - `` line.

    >>> import dls_proceedings as dp
    >>> print(to_ris(dp.load().paper("cai2020deepgalaxy")).splitlines()[:4])
    ['TY  - CPAPER', 'ID  - cai2020deepgalaxy', 'TI  - DeepGalaxy: Deducing the Properties of Galaxy Mergers from Images Using Deep Neural Networks', 'AU  - Cai, Maxwell X.']
    """
    text: str = rispy.dumps(
        ris_records(items, volume=volume), implementation=_Writer, list_tags=_LIST_TAGS
    )
    return text


# --------------------------------------------------------------------------- reading

# A tag line: two characters (a capital letter, then a capital or a digit), one or
# two spaces (Zotero reads one; the standard has two), "-", then the value.
_TAG_LINE = re.compile(r"([A-Z][A-Z0-9]) {1,2}-(?: (.*))?")
_PAGE = re.compile(r"\d{1,9}")
_PAGE_RANGE = re.compile(r"(\d{1,9})\s*[-–—]+\s*(\d{1,9})")

# The tags read as one value each; a second, different value is a problem.
_SINGLE = ("ID", "TI", "T1", "T2", "C3", "BT", "PY", "Y1", "DA", "PB", "CY", "C1", "SP", "EP", "DO")
# rispy's names for the tags this module reads (BT has none: rispy keeps it as unknown).
_NAMES = {tag: rispy.TAG_KEY_MAPPING[tag] for tag in _SINGLE if tag != "BT"}
_NAMES.update(TY="type_of_reference", AU="authors", A1="first_authors", SN="issn")


class _Record:
    """One record: where it starts, its tags as written, rispy's dict, its problems."""

    __slots__ = ("bad", "data", "line", "messages", "number", "tags")

    def __init__(self, line: int, number: int) -> None:
        self.line = line
        self.number = number
        self.tags: list[list[str]] = []  # [tag, value], continuation lines joined
        self.data: dict[str, Any] = {}
        self.messages: list[str] = []
        self.bad: set[str] = set()

    @property
    def where(self) -> str:
        ident = self.one("ID")
        shown = f" ({ident!r:.60})" if ident else ""
        return f"line {self.line}: record {self.number}{shown}"

    @property
    def position(self) -> int:
        return self.line

    def values(self, tag: str) -> list[str]:
        """Every value rispy read for *tag*, in order."""
        name = _NAMES.get(tag)
        if name is None:
            value = self.data.get("unknown_tag", {}).get(tag, [])
        else:
            value = self.data.get(name, [])
        return list(value) if isinstance(value, list) else [value]

    def one(self, tag: str) -> str | None:
        values = self.values(tag)
        return values[0] if values else None

    def problem(self, field: str, message: str) -> None:
        self.messages.append(message)
        self.bad.add(field)


def _decoded(data: str | bytes | bytearray, problems: Problems) -> str | None:
    if isinstance(data, str):
        return data.removeprefix("\ufeff")
    raw = bytes(data)
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        problems.add(
            line,
            f"line {line}",
            f"not UTF-8 text: byte 0x{raw[exc.start]:02x} at offset {exc.start} cannot be decoded",
        )
        return None


def _split(text: str, problems: Problems) -> list[_Record]:
    """The records of *text*: from a TY line to its ER line, continuation lines joined."""
    records: list[_Record] = []
    current: _Record | None = None
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    for number, raw in enumerate(lines, 1):
        line = raw.strip(" \t")
        match = _TAG_LINE.fullmatch(line)
        if match is None:
            if current is not None and line and len(current.tags) > 1:
                # A value continued on the next line, as rispy and Zotero read it.
                last = current.tags[-1]
                last[1] = f"{last[1]} {line}".strip()
            elif current is not None and line:
                current.tags[0][1] = f"{current.tags[0][1]} {line}".strip()
            continue  # outside a record: a header or a blank line, as every reader skips
        tag, value = match.group(1), (match.group(2) or "").strip(" \t")
        if tag == "TY":
            if current is not None:
                problems.add(
                    current.line,
                    f"line {current.line}: record {current.number}",
                    f"no ER line before the next record starts on line {number}",
                )
            current = _Record(number, len(records) + 1)
            current.tags.append([tag, value])
            records.append(current)
        elif tag == "ER":
            if current is None:
                problems.add(
                    number, f"line {number}", "an ER line outside a record (no TY before it)"
                )
            current = None
        elif current is None:
            problems.add(
                number, f"line {number}", f"a {tag} line outside a record (after ER, before TY)"
            )
        else:
            current.tags.append([tag, value])
    if current is not None:
        problems.add(
            current.line,
            f"line {current.line}: record {current.number}",
            "no ER line: the record is not closed",
        )
    if not records and text.strip():
        problems.add(1, "line 1", "no RIS record: expected a 'TY  - ' line")
    return records


def _parse(records: list[_Record]) -> None:
    """rispy's dict for each record (its tags as rispy names them, repeats as lists)."""
    parser = rispy.RisParser(enforce_list_tags=False, ignore=["UK"])
    for record in records:
        lines = [f"{tag}  - {value}" for tag, value in record.tags if value or tag == "TY"]
        lines.append("ER  - ")
        parsed = parser.parse_lines(iter(lines))
        record.data = parsed[0] if parsed else {}
        seen: dict[str, str] = {}
        for tag, value in record.tags:
            if tag in _SINGLE and value:
                if tag in seen and seen[tag] != value:
                    record.problem(
                        tag,
                        f"{tag} is given twice ({seen[tag]!r:.40} and {value!r:.40}); give it once",
                    )
                seen.setdefault(tag, value)


def from_ris(text: str | bytes | bytearray) -> list[Paper]:
    """Papers from RIS text, in order, each with its venue.

    *text* is a ``str`` or UTF-8 ``bytes`` (a byte-order mark and CRLF line ends
    are fine). ``CPAPER`` and ``CONF`` records are papers: the proceedings title
    is C3 when given (Zotero's proceedings title), else T2, else BT. A ``BOOK``
    record whose title is the papers' proceedings title is the volume: its ID
    becomes the key of the papers' venue. A record without an ID gets a key made
    of its first author's family name, its year and the first word of its title.
    The mapping is in docs/formats.md.

    Raises:
        RisError: listing every problem, each with the line its record starts on:
            a record without a title, pages that are not numbers, a type that is
            not a paper, a repeated ID, a record not closed by ER, a value the
            models refuse.
        ArgumentTypeError: *text* is not ``str`` or ``bytes``.

    >>> import dls_proceedings as dp
    >>> papers = from_ris(to_ris(dp.load()))
    >>> papers[6].key, str(papers[6].pages), papers[6].venue.key, str(papers[6].venue.location)
    ('cai2020deepgalaxy', '56–62', 'dls2020', 'Atlanta, Georgia, USA')
    >>> from_ris("TY  - CPAPER\\nTI  - A Paper\\nAU  - Doe, Jane\\nPY  - 2021\\nER  - \\n")[0].key
    'doe2021a'
    """
    with gc_paused():
        return _read(text)[0]


def volume_parts(text: str) -> tuple[list[Paper], Venue | None, dict[str, Any]]:
    """The papers of a RIS text, the volume's ``BOOK`` record as a ``Venue`` (or ``None``),
    and what only a volume has (``author_index_page``, from the BOOK's SP): what
    ``read_volume`` assembles.

    >>> import dls_proceedings as dp
    >>> papers, volume, extra = volume_parts(to_ris(dp.load()))
    >>> len(papers), volume.key, extra
    (7, 'dls2020', {'author_index_page': 63})
    """
    with gc_paused():
        return _read(text)


def _read(data: object) -> tuple[list[Paper], Venue | None, dict[str, Any]]:
    if not isinstance(data, (str, bytes, bytearray)):
        raise ArgumentTypeError(
            f"expected RIS text (str or UTF-8 bytes), got {type(data).__name__}"
        )
    problems = Problems()
    result: tuple[list[Paper], Venue | None, dict[str, Any]] = ([], None, {})
    try:
        text = _decoded(data, problems)
        if text is not None:
            records = _split(text, problems)
            _parse(records)
            result = _Reader(records, problems).read()
    except TooManyProblemsError:
        pass
    problems.raise_if_any(RisError)
    return result


class _Reader:
    def __init__(self, records: list[_Record], problems: Problems) -> None:
        self.records = records
        self.problems = problems

    def read(self) -> tuple[list[Paper], Venue | None, dict[str, Any]]:
        self._repeated_ids()
        papers: list[_Record] = []
        others: list[_Record] = []
        for record in self.records:
            kind = (record.one("TY") or "").upper()
            (papers if kind in PAPER_TYPES else others).append(record)
        titles = {_proceedings_title(r)[0] for r in papers}
        volume: _Record | None = None
        for record in others:
            kind = record.one("TY") or ""
            title = record.one("TI") or record.one("T1")
            if kind.upper() == VOLUME_TYPE and title is not None and title in titles:
                if volume is None:
                    volume = record
                    continue
                message = (
                    f"a second BOOK record for the volume {title!r:.60} (the first starts on "
                    f"line {volume.line}); give the volume once"
                )
            elif not kind:
                message = "no type: the TY line is empty"
            else:
                message = (
                    f"TY {kind!r:.20} is not a paper ({' or '.join(PAPER_TYPES)}) nor the "
                    f"volume the papers are in (a {VOLUME_TYPE} whose title is their T2)"
                )
            self.problems.add(record.line, record.where, message)
        container, extra = self._volume(volume) if volume is not None else (None, {})
        return self._papers(papers, container), container, extra

    def _repeated_ids(self) -> None:
        first: dict[str, _Record] = {}
        for record in self.records:
            ident = record.one("ID")
            if ident is None:
                continue
            seen = first.setdefault(ident, record)
            if seen is not record:
                self.problems.add(
                    record.line,
                    record.where,
                    f"ID {ident!r:.60} repeats record {seen.number}'s (line {seen.line}); "
                    "IDs must be unique",
                )

    def _report(self, record: _Record, exc: ValidationError | None = None) -> None:
        report(self.problems, record, exc)

    def _volume(self, record: _Record) -> tuple[Venue | None, dict[str, Any]]:
        fields = _venue_fields(record, record.one("TI") or record.one("T1"), None, book=True)
        fields["key"] = record.one("ID")
        extra: dict[str, Any] = {}
        pages = record.one("SP")
        if pages is not None:
            if _PAGE.fullmatch(pages):
                extra["author_index_page"] = int(pages)
            else:
                record.problem("venue", f"SP {pages!r:.40}: the number of pages of a BOOK")
        return volume_from(self.problems, record, fields), extra

    def _papers(self, records: list[_Record], container: Venue | None) -> list[Paper]:
        return papers_from(
            records,
            [record.one("ID") for record in records],
            _stem,
            lambda record, key: _paper_fields(record, key, container),
            self.problems,
        )


def _authors(record: _Record) -> list[str]:
    return [value for value in (record.values("AU") or record.values("A1")) if value]


def _year(record: _Record) -> int | None:
    for tag in ("DA", "PY", "Y1"):
        value = record.one(tag)
        read = read_date_text(value, ris=True) if value is not None else None
        if read is not None:
            return read[0]
    return None


def _stem(record: _Record) -> str:
    names = _authors(record)
    family = names[0].partition(",")[0].strip() if names else None
    return stem_for(family, _year(record), record.one("TI") or record.one("T1"))


def _proceedings_title(record: _Record) -> tuple[str | None, str | None]:
    """The proceedings title of a paper record, and the conference's name when it differs.

    C3 is the proceedings title (Zotero reads and writes it so; T2 is then the
    conference's name); without C3, T2 is (IEEE Xplore, citation-js, this module's
    writer), and an old file's BT.
    """
    c3, t2 = record.one("C3"), record.one("T2")
    if c3 is not None:
        return c3, (t2 if t2 is not None and t2 != c3 else None)
    return (t2 if t2 is not None else record.one("BT")), None


def _venue_fields(
    record: _Record, title: str | None, short: str | None, *, book: bool = False
) -> dict[str, Any]:
    fields: dict[str, Any] = {"title": title}
    if short is not None:
        fields["short_title"] = short
    # A book's CY is where it was published; a paper's CY is where the conference
    # was, and its C1 where the proceedings were published (as the writer has them).
    if book:
        publisher_place = record.one("CY")
    else:
        publisher_place = record.one("C1")
        place = record.one("CY")
        if place is not None:
            fields["location"] = location(place)
    if publisher_place is not None:
        fields["publisher_place"] = publisher_place
    publisher = record.one("PB")
    if publisher is not None:
        fields["publisher"] = publisher
    year = None
    for tag in ("PY", "Y1"):
        value = record.one(tag)
        if value is None:
            continue
        read = read_date_text(value, ris=True)
        if read is None:
            record.problem("venue", f"{tag} {value!r:.40}: expected a year such as 2020")
        else:
            year = read[0]
        break
    if year is not None:
        fields["year"] = year
    value = record.one("DA")
    if value is not None:
        read = read_date_text(value, ris=True)
        if read is None:
            record.problem(
                "venue", f"DA {value!r:.40}: expected a date such as 2020/11/11/ or 2020-11-11"
            )
        elif year is not None and read[0] != year:
            record.problem("venue", f"DA {value!r:.40} and PY {year} name different years")
        else:
            fields["year"] = read[0]
            if read[1] is not None:
                fields["month"] = read[1]
            if read[2] is not None:
                fields["date"] = f"{read[0]:04d}-{read[1]:02d}-{read[2]:02d}"
    isbns = [part for value in record.values("SN") for part in re.split(r"[\s,;]+", value) if part]
    if isbns:
        fields["isbn_print"] = isbns[0]
    if len(isbns) > 1:
        fields["isbn_online"] = isbns[1]
    if len(isbns) > 2:
        record.problem("venue", f"SN: at most two ISBNs (print, online), got {len(isbns)}")
    return fields


def _pages(record: _Record) -> dict[str, int] | None:
    first, last = record.one("SP"), record.one("EP")
    if first is None:
        if last is not None:
            record.problem("pages", f"EP {last!r:.40} without SP: no first page")
        return None
    if last is None:
        # One tag holding the range, as some exporters write it.
        match = _PAGE_RANGE.fullmatch(first)
        if match is not None:
            return {"first": int(match.group(1)), "last": int(match.group(2))}
        last = first
    bad = [
        f"{tag} {value!r:.40}"
        for tag, value in (("SP", first), ("EP", last))
        if not _PAGE.fullmatch(value)
    ]
    if bad:
        record.problem("pages", f"{' and '.join(bad)}: expected a page number (digits, at most 9)")
        return None
    return {"first": int(first), "last": int(last)}


def _paper_fields(record: _Record, key: str | None, container: Venue | None) -> dict[str, Any]:
    title = record.one("TI") or record.one("T1")
    if title is None:
        record.problem("title", "no title (TI or T1)")
    authors = []
    for name in _authors(record):
        family, comma, given = name.partition(",")
        authors.append(
            {"family": family.strip(), "given": given.strip() or None}
            if comma
            else {"family": name}
        )
    data: dict[str, Any] = {
        "key": key or "",
        "title": title or "",
        "authors": authors,
        "pages": _pages(record),
        "doi": record.one("DO"),
    }
    proceedings, short = _proceedings_title(record)
    # Read (and its problems reported) even when there is no proceedings title to keep it with.
    venue = _venue_fields(record, proceedings, short)
    if proceedings is not None:
        if container is not None and container.title == proceedings:
            venue["key"] = container.key
        data["venue"] = venue
    return data
