"""CSL-JSON: ``to_csl_json`` / ``dump_csl_json`` / ``from_csl_json``.

CSL variable names live only in this module. The mapping, and why, is in
docs/csl.md: one ``paper-conference`` item per paper (id = citation key) and,
for a whole volume, one ``book`` item for the volume after the papers.
"""

from __future__ import annotations

import datetime
import json
import re
from typing import Any

from pydantic import ValidationError

from dls_proceedings._gc import gc_paused
from dls_proceedings._problems import Problems, TooManyProblemsError, parse_json
from dls_proceedings.errors import ArgumentTypeError, CslJsonError
from dls_proceedings.formats._case import is_cased_name, plain_text, sentence_case
from dls_proceedings.formats._items import Items, venued
from dls_proceedings.formats._keys import (
    papers_from,
    read_date_text,
    report,
    stem_for,
    volume_from,
)
from dls_proceedings.formats._venue import location
from dls_proceedings.models import Paper, Venue, Workshop

__all__ = ["dump_csl_json", "from_csl_json", "to_csl_json", "volume_parts"]

CslItem = dict[str, Any]


def _date(year: int, month: int | None = None, day: int | None = None) -> dict[str, Any]:
    parts = [p for p in (year, month, day) if p is not None]
    return {"date-parts": [parts]}


def _volume_variables(volume: Venue) -> CslItem:
    """What a paper shares with its volume: container, event, publisher, date."""
    variables: CslItem = {"container-title": volume.title}
    variables["event-title"] = volume.short_title or volume.title
    if volume.location is not None:
        variables["event-place"] = str(volume.location)
    if volume.date is not None:
        variables["event-date"] = _date(volume.date.year, volume.date.month, volume.date.day)
    if volume.publisher is not None:
        variables["publisher"] = volume.publisher
    if volume.publisher_place is not None:
        variables["publisher-place"] = volume.publisher_place
    if volume.year is not None:
        # The public records date the papers by month: November 2020.
        variables["issued"] = _date(volume.year, volume.month)
    # The papers' DOIs resolve to the online edition: its ISBN is the one to cite.
    isbn = volume.isbn_online or volume.isbn_print
    if isbn:
        variables["ISBN"] = isbn
    return variables


def _fresh_dates(item: CslItem) -> None:
    # Fresh date objects per item, so that no two items share a mutable value.
    for name in ("event-date", "issued"):
        date = item.get(name)
        if date is not None:
            item[name] = {"date-parts": [list(date["date-parts"][0])]}


class _PaperItems:
    """Paper items for one venue: what they share with it is worked out once.

    An item's variables are added in ``_ORDER``, so it needs no sorting, and every
    item gets dates of its own.
    """

    __slots__ = ("isbn", "shared")

    def __init__(self, volume: Venue | None) -> None:
        if volume is None:
            self.shared: CslItem | None = None
            self.isbn: str | None = None
            return
        shared = _volume_variables(volume)
        # ISBN comes after the pages in _ORDER; the other variables before them.
        self.isbn = shared.pop("ISBN", None)
        self.shared = shared

    def item(self, paper: Paper) -> CslItem:
        key = paper.key
        item: CslItem = {
            "id": key,
            "citation-key": key,
            "type": "paper-conference",
            # The CSL convention (Zotero's too): sentence case in the data, proper
            # names kept by nocase spans; a style applies title case where it wants it.
            "title": sentence_case(paper.title, paper.proper_names),
        }
        if item["title"] != paper.title:
            # The title as printed, for readers of this file (read back by from_csl_json).
            item["custom"] = {"printed-title": paper.title}
        if paper.authors:
            item["author"] = [
                {"family": a.family} if a.given is None else {"family": a.family, "given": a.given}
                for a in paper.authors
            ]
        shared = self.shared
        if shared is not None:
            item.update(shared)
            _fresh_dates(item)
        pages = paper.pages
        if pages is not None:
            first, last = pages.first, pages.last
            item["page"] = str(first) if first == last else f"{first}-{last}"
            item["page-first"] = str(first)
        if self.isbn is not None:
            item["ISBN"] = self.isbn
        if paper.doi is not None:
            item["DOI"] = paper.doi
        return item


def _volume_item(volume: Workshop) -> CslItem:
    shared = _volume_variables(volume.venue)
    item: CslItem = {
        "id": volume.key,
        "citation-key": volume.key,
        "type": "book",
        "title": shared.pop("container-title"),
        **shared,
    }
    if volume.author_index_page is not None:
        # The last numbered page the table of contents names (the author index).
        item["number-of-pages"] = str(volume.author_index_page)
    return _ordered(item)


_ORDER = (
    "id", "citation-key", "type", "title", "author", "container-title", "event-title",
    "event-place", "event-date", "publisher", "publisher-place", "issued", "page",
    "page-first", "number-of-pages", "ISBN", "DOI", "custom",
)  # fmt: skip


def _ordered(item: CslItem) -> CslItem:
    rank = {k: i for i, k in enumerate(_ORDER)}
    return dict(sorted(item.items(), key=lambda kv: rank.get(kv[0], len(rank))))


def to_csl_json(items: Items, *, volume: Workshop | Venue | None = None) -> list[CslItem]:
    """CSL-JSON items: one ``paper-conference`` per paper, then the volume for a ``Workshop``.

    Each paper gets its venue's container, event, publisher and date variables
    (``Paper.venue``: every paper of a ``Workshop`` has the volume's); *volume*
    (a ``Workshop`` or ``Venue``) is the venue of papers that carry none.

    >>> import dls_proceedings as dp
    >>> items = to_csl_json(dp.load())
    >>> [i["id"] for i in items][-2:], items[-1]["type"], items[0]["page"]
    (['cai2020deepgalaxy', 'dls2020'], 'book', '1-9')
    >>> to_csl_json(dp.load().sessions[1])[0]["container-title"]
    '2020 IEEE/ACM Fourth Workshop on Deep Learning on Supercomputers (DLS)'
    """
    papers = venued(items, volume)
    with gc_paused():
        # The papers of a volume share one Venue object: its variables are worked out once.
        builders: dict[int, _PaperItems] = {}
        result = []
        for paper, venue in papers:
            builder = builders.get(id(venue))
            if builder is None:
                builder = builders[id(venue)] = _PaperItems(venue)
            result.append(builder.item(paper))
    if isinstance(items, Workshop):
        result.append(_volume_item(items))
    return result


def dump_csl_json(items: Items, *, volume: Workshop | Venue | None = None) -> str:
    """``to_csl_json`` as text: UTF-8 (not escaped), two-space indent, LF, final newline.

    >>> import dls_proceedings as dp
    >>> '"family": "Bédorf"' in dump_csl_json(dp.load())
    True
    """
    with gc_paused():
        return json.dumps(to_csl_json(items, volume=volume), ensure_ascii=False, indent=2) + "\n"


# --------------------------------------------------------------------------- reading

CslData = str | bytes | list[CslItem] | CslItem
"""What ``from_csl_json`` reads: JSON text, or the parsed items (a list, or one item)."""

PAPER_TYPE = "paper-conference"
"""The CSL type read as a paper; any other type is a problem, except the volume's ``book``."""

VOLUME_TYPE = "book"

# CSL variable -> the Paper field its problems are about (to drop the model's echo).
_FIELD_OF = {
    "id": "key", "citation-key": "key", "title": "title", "author": "authors", "page": "pages",
    "DOI": "doi",
}  # fmt: skip


def from_csl_json(data: CslData) -> list[Paper]:
    """Papers from CSL-JSON, in order, each with its venue (its container, publisher, date...).

    *data* is JSON text (``str``, or UTF-8 ``bytes``) or the parsed JSON: a list
    of items, or one item as doi.org's content negotiation returns it. An item
    without ``id`` (or ``citation-key``) gets a key made of its first author's
    family name, its year and the first word of its title ("cai2020deepgalaxy"),
    with a, b, ... appended where two would be the same. The volume's own ``book``
    item (a ``book`` whose title is the papers' ``container-title``) is not a
    paper: its id becomes the key of the papers' venue. The mapping is in
    docs/formats.md.

    Raises:
        CslJsonError: listing every problem: text that is not JSON (with its line
            and column), an item of a type that is not a paper, a repeated id, a
            variable of the wrong shape (with its path), a value the models refuse.
        ArgumentTypeError: *data* is none of the above.

    >>> import dls_proceedings as dp
    >>> papers = from_csl_json(dump_csl_json(dp.load()))
    >>> [p.key for p in papers][:2], papers[0].venue.key, papers[0].venue.short_title
    (['murai2020online', 'wang2020time'], 'dls2020', 'DLS 2020')
    >>> item = {"type": "paper-conference", "title": "DeepGalaxy: Deducing the Properties",
    ...         "author": [{"family": "Cai", "given": "Maxwell X."}],
    ...         "container-title": "Proc. DLS", "issued": {"date-parts": [[2020, 11]]}}
    >>> paper = from_csl_json(item)[0]
    >>> paper.key, paper.venue.year, paper.venue.month
    ('cai2020deepgalaxy', 2020, 11)
    """
    with gc_paused():
        return _read(data)[0]


def volume_parts(text: str) -> tuple[list[Paper], Venue | None, dict[str, Any]]:
    """The papers of a CSL-JSON text, the volume's ``book`` item as a ``Venue`` (or ``None``),
    and what only a volume has (``author_index_page``, from the book's ``number-of-pages``):
    what ``read_volume`` assembles.

    >>> import dls_proceedings as dp
    >>> papers, volume, extra = volume_parts(dump_csl_json(dp.load()))
    >>> len(papers), volume.key, extra
    (7, 'dls2020', {'author_index_page': 63})
    """
    with gc_paused():
        return _read(text)


def _read(data: object) -> tuple[list[Paper], Venue | None, dict[str, Any]]:
    if not isinstance(data, (str, bytes, list, dict)):
        raise ArgumentTypeError(
            f"expected CSL-JSON text (str or UTF-8 bytes), a list of items or one item, "
            f"got {type(data).__name__}"
        )
    problems = Problems()
    value = parse_json(data, problems) if isinstance(data, (str, bytes)) else data
    problems.raise_if_any(CslJsonError)
    if isinstance(value, dict):
        value = [value]  # one item, as doi.org returns it
    if not isinstance(value, list):
        raise CslJsonError(
            [f"expected a JSON array of items, or one item object, got {type(value).__name__}"]
        )
    try:
        read = _Reader(value, problems).read()
    except TooManyProblemsError:
        read = ([], None, {})
    problems.raise_if_any(CslJsonError)
    return read


class _Item:
    """One item being read: its variables, and the problems of their shapes."""

    __slots__ = ("bad", "index", "item", "messages")

    def __init__(self, index: int, item: CslItem) -> None:
        self.index = index
        self.item = item
        self.messages: list[str] = []
        self.bad: set[str] = set()  # model fields whose variable was already reported

    @property
    def where(self) -> str:
        ident = self.item.get("id")
        return f"item {self.index}" + (f" ({ident!r:.60})" if ident is not None else "")

    @property
    def position(self) -> int:
        return self.index

    def problem(self, name: str, message: str) -> None:
        self.messages.append(f"{name}: {message}")
        self.bad.add(_FIELD_OF.get(name, "venue"))

    def text(self, name: str) -> str | None:
        value = self.item.get(name)
        if value is None or isinstance(value, str):
            return value
        if name in ("id", "page", "number-of-pages") and type(value) is int:
            return str(value)
        self.problem(name, f"expected a string, got {type(value).__name__} {value!r:.60}")
        return None

    def date(self, name: str) -> tuple[int | None, int | None, int | None, bool]:
        """(year, month, day, is a range) of a date variable; Nones where absent or bad."""
        value = self.item.get(name)
        none = (None, None, None, False)
        if value is None:
            return none
        if not isinstance(value, dict):
            self.problem(
                name,
                f'expected a date object such as {{"date-parts": [[2020, 11]]}}, got {value!r:.60}',
            )
            return none
        parts = value.get("date-parts")
        if parts is None:
            for form in ("raw", "literal"):
                text = value.get(form)
                if text is None:
                    continue
                read = read_date_text(text) if isinstance(text, str) else None
                if read is None:
                    self.problem(
                        f"{name}.{form}",
                        f"cannot read the date {text!r:.60}; expected 2020, 2020-11 or 2020-11-11",
                    )
                    return none
                return (*read, False)
            self.problem(name, "no date-parts, raw or literal date")
            return none
        if not isinstance(parts, list) or not 1 <= len(parts) <= 2:
            self.problem(
                f"{name}.date-parts", f"expected a list of one or two dates, got {parts!r:.60}"
            )
            return none
        first = parts[0]
        if not isinstance(first, list) or not 1 <= len(first) <= 3:
            self.problem(
                f"{name}.date-parts.0",
                f"expected [year], [year, month] or [year, month, day], got {first!r:.60}",
            )
            return none
        numbers: list[int] = []
        for n, part in enumerate(first):
            if type(part) is int:
                numbers.append(part)
            elif isinstance(part, str) and part.strip().isdigit() and len(part.strip()) <= 4:
                numbers.append(int(part))
            else:
                self.problem(f"{name}.date-parts.0.{n}", f"expected a number, got {part!r:.60}")
                return none
        month = numbers[1] if len(numbers) > 1 else None
        day = numbers[2] if len(numbers) > 2 else None
        return (numbers[0], month, day, len(parts) == 2)


class _Reader:
    """The items of one CSL-JSON document, read into papers and the volume's record."""

    def __init__(self, items: list[Any], problems: Problems) -> None:
        self.items = items
        self.problems = problems

    def read(self) -> tuple[list[Paper], Venue | None, dict[str, Any]]:
        problems = self.problems
        readers: list[_Item] = []
        for index, item in enumerate(self.items):
            if isinstance(item, dict):
                readers.append(_Item(index, item))
            else:
                problems.add(
                    index, f"item {index}", f"expected an object, got {type(item).__name__}"
                )
        self._repeated_ids(readers)
        papers = [r for r in readers if r.item.get("type", PAPER_TYPE) == PAPER_TYPE]
        for r in papers:
            if "type" not in r.item:
                r.messages.append(f"type: missing; expected {PAPER_TYPE!r}")
        containers = {
            title for r in papers if isinstance(title := r.item.get("container-title"), str)
        }
        volume: _Item | None = None
        for r in readers:
            kind = r.item.get("type", PAPER_TYPE)
            if kind == PAPER_TYPE:
                continue
            title = r.item.get("title")
            if kind == VOLUME_TYPE and isinstance(title, str) and title in containers:
                if volume is None:
                    volume = r
                    continue
                message = (
                    f"a second book item for the volume {title!r:.60} "
                    f"(the first is item {volume.index}); give the volume once"
                )
            else:
                message = (
                    f"type {kind!r:.40} is not a paper ({PAPER_TYPE!r}) nor the volume the "
                    f"papers are in (a {VOLUME_TYPE!r} whose title is their container-title)"
                )
            problems.add(r.index, r.where, message)
        container, extra = self._volume(volume) if volume is not None else (None, {})
        return self._papers(papers, container), container, extra

    def _repeated_ids(self, readers: list[_Item]) -> None:
        first: dict[str, int] = {}
        for r in readers:
            ident = r.item.get("id")
            if not isinstance(ident, (str, int)) or isinstance(ident, bool):
                continue
            seen = first.setdefault(str(ident), r.index)
            if seen != r.index:
                self.problems.add(
                    r.index,
                    r.where,
                    f"id {str(ident)!r:.60} repeats item {seen}'s; ids must be unique",
                )

    def _report(self, r: _Item, exc: ValidationError | None = None) -> None:
        report(self.problems, r, exc)

    def _volume(self, r: _Item) -> tuple[Venue | None, dict[str, Any]]:
        fields = _venue_fields(r, r.text("title"))
        fields["key"] = r.text("citation-key") or r.text("id")
        extra: dict[str, Any] = {}
        pages = r.text("number-of-pages")
        if pages is not None:
            if pages.strip().isdigit() and len(pages.strip()) <= 9:
                extra["author_index_page"] = int(pages)
            else:
                r.problem("number-of-pages", f"expected a page count, got {pages!r:.60}")
        return volume_from(self.problems, r, fields), extra

    def _papers(self, readers: list[_Item], container: Venue | None) -> list[Paper]:
        keys = [r.text("citation-key") or r.text("id") for r in readers]
        return papers_from(
            readers,
            keys,
            _stem,
            lambda r, key: _paper_fields(r, key, container),
            self.problems,
        )


def _stem(r: _Item) -> str:
    names = r.item.get("author")
    family = None
    if isinstance(names, list) and names and isinstance(names[0], dict):
        first = names[0]
        value = first.get("family", first.get("literal", first.get("name")))
        family = value if isinstance(value, str) else None
    issued = r.item.get("issued")
    year = None
    if isinstance(issued, dict):
        parts = issued.get("date-parts")
        if isinstance(parts, list) and parts and isinstance(parts[0], list) and parts[0]:
            if type(parts[0][0]) is int:
                year = parts[0][0]
        else:
            text = issued.get("raw", issued.get("literal"))
            read = read_date_text(text) if isinstance(text, str) else None
            year = read[0] if read else None
    title = r.item.get("title")
    return stem_for(family, year, title if isinstance(title, str) else None)


def _venue_fields(r: _Item, title: str | None) -> dict[str, Any]:
    """The Venue fields an item gives for the volume titled *title* (its container, or itself)."""
    fields: dict[str, Any] = {"title": title}
    event = r.item.get("event-title")
    if event is None and isinstance(r.item.get("event"), dict):
        # Crossref's works record names the event as an object: {"name": ..., "location": ...}.
        event = r.item["event"].get("name")
        name = "event.name"
    else:
        name = "event-title" if event is not None else "event"
        event = event if event is not None else r.item.get("event")
    if event is not None and not isinstance(event, str):
        r.problem(name, f"expected a string, got {type(event).__name__} {event!r:.60}")
    elif event is not None and event != title:
        fields["short_title"] = event
    place = r.text("event-place")
    event_object = r.item.get("event")
    if place is None and isinstance(event_object, dict):
        place = (
            event_object.get("location") if isinstance(event_object.get("location"), str) else None
        )
    if place is not None and place.strip():
        fields["location"] = location(place)
    publisher = r.text("publisher")
    if publisher is not None:
        fields["publisher"] = publisher
    publisher_place = r.text("publisher-place")
    if publisher_place is not None and publisher_place.strip():
        fields["publisher_place"] = publisher_place
    year, month, _, _ = r.date("issued")
    if year is not None:
        fields["year"] = year
        if month is not None:
            fields["month"] = month
    e_year, e_month, e_day, is_range = r.date("event-date")
    if e_day is not None and not is_range:
        try:
            fields["date"] = datetime.date(e_year, e_month, e_day)  # type: ignore[arg-type]
        except (ValueError, TypeError, OverflowError) as exc:
            r.problem("event-date", f"not a date: {exc}")
    isbns = _isbns(r)
    if isbns:
        fields["isbn_print"] = isbns[0]
    if len(isbns) > 1:
        fields["isbn_online"] = isbns[1]
    if len(isbns) > 2:
        r.problem("ISBN", f"at most two ISBNs (print, online), got {len(isbns)}")
    return fields


def _isbns(r: _Item) -> list[str]:
    value = r.item.get("ISBN")
    if value is None:
        return []
    # Crossref gives a list; CSL's ISBN is one string, which may list several.
    values = value if isinstance(value, list) else [value]
    isbns: list[str] = []
    for n, one in enumerate(values):
        if not isinstance(one, str):
            path = "ISBN" if value is one else f"ISBN.{n}"
            r.problem(path, f"expected a string, got {type(one).__name__} {one!r:.60}")
            return []
        isbns.extend(part for part in re.split(r"[\s,;]+", one) if part)
    return isbns


def _paper_fields(r: _Item, key: str | None, container: Venue | None) -> dict[str, Any]:
    if r.item.get("title") is None:
        r.problem("title", "missing; a paper needs a title")
    title, names = _title(r)
    data: dict[str, Any] = {
        "key": key or "",
        "title": title,
        "proper_names": names,
        "authors": _names(r),
        "pages": _pages(r),
        "doi": r.text("DOI"),
    }
    container_title = r.text("container-title")
    # Read (and its problems reported) even when there is no container to keep it with.
    venue = _venue_fields(r, container_title)
    if container_title is not None:
        if container is not None and container.title == container_title:
            venue["key"] = container.key
        data["venue"] = venue
    return data


def _title(r: _Item) -> tuple[str, tuple[str, ...]]:
    """The title as printed, and its proper names.

    Our export keeps the title in sentence case (the CSL convention) with the
    printed form in ``custom.printed-title``; another file's title is read as
    plain text. The nocase spans that protect more than one word's spelling
    ("DDL Bench", "Monte Carlo") are the title's proper names.
    """
    rich = r.text("title") or ""
    plain, protected = plain_text(rich)
    custom = r.item.get("custom")
    printed = custom.get("printed-title") if isinstance(custom, dict) else None
    if printed is not None and not isinstance(printed, str):
        r.problem("custom.printed-title", f"expected a string, got {type(printed).__name__}")
        printed = None
    if printed is not None and printed.casefold() != plain.casefold():
        r.problem(
            "custom.printed-title",
            f"{printed!r:.80} is not the title {plain!r:.80} in another case",
        )
        printed = None
    title = printed or plain
    names = tuple(
        dict.fromkeys(name for name in protected if not (" " not in name and is_cased_name(name)))
    )
    return title, tuple(name for name in names if name in title)


def _pages(r: _Item) -> dict[str, int] | None:
    text = r.text("page")
    if text is None:
        return None
    first, _, last = text.replace("–", "-").replace("—", "-").partition("-")
    first, last = first.strip(), last.strip()
    if not first.isdigit() or (last and not last.isdigit()) or not first.isascii():
        r.problem("page", f"{text!r:.60}: expected 'first-last' or a single page number")
        return None
    if len(first) > 9 or len(last) > 9:
        r.problem("page", f"{text!r:.60}: a page number has at most 9 digits")
        return None
    return {"first": int(first), "last": int(last or first)}


def _names(r: _Item) -> list[dict[str, Any]]:
    names = r.item.get("author")
    if names is None:
        return []
    if not isinstance(names, list):
        r.problem(
            "author", f"expected a list of name objects, got {type(names).__name__} {names!r:.60}"
        )
        return []
    authors: list[dict[str, Any]] = []
    for n, name in enumerate(names):
        if not isinstance(name, dict):
            r.problem(
                f"author.{n}",
                f'expected a name object such as {{"family": "Cai", "given": "Maxwell X."}}, '
                f"got {name!r:.60}",
            )
            continue
        author = _name(r, n, name)
        if author is not None:
            authors.append(author)
    return authors


def _name(r: _Item, n: int, name: dict[str, Any]) -> dict[str, Any] | None:
    parts: dict[str, str] = {}
    for part in ("literal", "name", "non-dropping-particle", "dropping-particle", "suffix"):
        value = name.get(part)
        if value is None:
            continue
        if not isinstance(value, str):
            r.problem(f"author.{n}.{part}", f"expected a string, got {value!r:.60}")
            return None
        parts[part] = value
    author: dict[str, Any]
    whole = parts.get("literal", parts.get("name"))
    if whole is not None:
        author = {"family": whole}  # a corporate name stays whole
    else:
        family, given = name.get("family"), name.get("given")
        if isinstance(family, str):
            family = " ".join(
                p for p in (parts.get("non-dropping-particle"), family, parts.get("suffix")) if p
            )
        if isinstance(given, str) and "dropping-particle" in parts:
            given = f"{given} {parts['dropping-particle']}"
        author = {"family": family, "given": given}
    affiliations = _affiliations(r, n, name.get("affiliation"))
    if affiliations:
        author["affiliations"] = affiliations
    return author


def _affiliations(r: _Item, n: int, value: object) -> list[dict[str, str]]:
    # Not a CSL variable: Crossref's works records give [{"name": ...}] per author.
    if value is None:
        return []
    shape = f'expected a list of {{"name": ...}} objects, got {value!r:.60}'
    if not isinstance(value, list):
        r.problem(f"author.{n}.affiliation", shape)
        return []
    result = []
    for one in value:
        name = one.get("name") if isinstance(one, dict) else one
        if not isinstance(name, str):
            r.problem(f"author.{n}.affiliation", shape)
            return []
        result.append({"name": name})
    return result
