"""CSL-JSON: ``to_csl_json`` / ``dump_csl_json`` / ``from_csl_json``.

CSL variable names live only in this module. The mapping, and why, is in
docs/csl.md: one ``paper-conference`` item per paper (id = citation key) and,
for a whole volume, one ``book`` item for the volume after the papers.
"""

from __future__ import annotations

import json
from typing import Any

from pydantic import ValidationError

from dls_proceedings._gc import gc_paused
from dls_proceedings._problems import Problems, TooManyProblemsError, parse_json
from dls_proceedings.errors import ArgumentTypeError, CslJsonError
from dls_proceedings.formats._items import Items, venued
from dls_proceedings.models import Paper, Venue, Workshop

__all__ = ["dump_csl_json", "from_csl_json", "to_csl_json"]

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
    if volume.location is not None:
        variables["publisher-place"] = str(volume.location)
    if volume.year is not None:
        # The public records date the papers by month: November 2020.
        variables["issued"] = _date(volume.year, volume.month)
    isbn = volume.isbn_print or volume.isbn_online
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
            "title": paper.title,
        }
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
    "page-first", "number-of-pages", "ISBN", "DOI",
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


def from_csl_json(data: str | bytes | list[CslItem]) -> list[Paper]:
    """Papers from CSL-JSON items, in order; a ``book`` that is the others' container is skipped.

    *data* is JSON text (``str``, or UTF-8 ``bytes``) or the already parsed list.

    Raises:
        CslJsonError: listing every problem: text that is not JSON (with its line
            and column), and every item that is not a valid paper.
        ArgumentTypeError: *data* is none of the above.

    >>> import dls_proceedings as dp
    >>> [p.key for p in from_csl_json(dump_csl_json(dp.load()))][:2]
    ['murai2020online', 'wang2020time']
    """
    with gc_paused():
        return _from_csl_json(data)


def _from_csl_json(data: str | bytes | list[CslItem]) -> list[Paper]:
    if not isinstance(data, (str, bytes, list)):
        raise ArgumentTypeError(
            f"expected CSL-JSON text (str or UTF-8 bytes) or a list of items, "
            f"got {type(data).__name__}"
        )
    problems = Problems()
    items = parse_json(data, problems) if isinstance(data, (str, bytes)) else data
    if problems:
        problems.raise_if_any(CslJsonError)
    if not isinstance(items, list):
        raise CslJsonError([f"expected a JSON array of items, got {type(items).__name__}"])
    try:
        papers = _papers(items, problems)
    except TooManyProblemsError:
        papers = []
    problems.raise_if_any(CslJsonError)
    return papers


def _papers(items: list[Any], problems: Problems) -> list[Paper]:
    papers: list[Paper] = []
    # A book that other items name as their container is the volume, not a paper.
    containers = {
        i.get("container-title")
        for i in items
        if isinstance(i, dict) and isinstance(i.get("container-title"), str)
    }
    for index, item in enumerate(items):
        if not isinstance(item, dict):
            problems.add(index, f"item {index}", f"expected an object, got {type(item).__name__}")
            continue
        where = f"item {index} ({item.get('id')!r})"
        title = item.get("title")
        if item.get("type") == "book" and isinstance(title, str) and title in containers:
            continue
        try:
            papers.append(_paper_from_item(item))
        except ValidationError as exc:
            problems.add_validation(index, where, exc)
        except _ItemError as exc:
            problems.add(index, where, str(exc))
    return papers


class _ItemError(Exception):
    """A variable of an item that is not of the shape CSL-JSON gives it."""


def _text(item: CslItem, name: str) -> str | None:
    value = item.get(name)
    if value is None or isinstance(value, str):
        return value
    if name in ("id", "page") and isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    raise _ItemError(f"{name}: expected a string, got {type(value).__name__} {value!r:.60}")


def _paper_from_item(item: CslItem) -> Paper:
    pages: dict[str, int] | None = None
    text = _text(item, "page")
    if text is not None:
        first, _, last = text.replace("–", "-").partition("-")
        if not first.strip().isdigit() or (last and not last.strip().isdigit()):
            raise _ItemError(f"page {text!r}: expected 'first-last' or a single page number")
        if len(first.strip()) > 9 or len(last.strip()) > 9:
            raise _ItemError(f"page {text!r}: a page number has at most 9 digits")
        pages = {"first": int(first), "last": int(last or first)}
    names = item.get("author", [])
    if not isinstance(names, list):
        raise _ItemError(
            f"author: expected a list of name objects, got {type(names).__name__} {names!r:.60}"
        )
    authors: list[dict[str, Any]] = []
    for n, name in enumerate(names):
        if not isinstance(name, dict):
            raise _ItemError(
                f"author.{n}: expected a name object such as "
                f'{{"family": "Cai", "given": "Maxwell X."}}, got {name!r:.60}'
            )
        if "literal" in name:
            authors.append({"family": name["literal"]})
        else:
            authors.append({"given": name.get("given"), "family": name.get("family", "")})
    # Validated in one step, so that a bad name is reported at its place (authors.2.family).
    return Paper.model_validate(
        {
            "key": _text(item, "citation-key") or _text(item, "id") or "",
            "title": _text(item, "title") or "",
            "authors": authors,
            "pages": pages,
            "doi": _text(item, "DOI"),
        }
    )


def volume_parts(text: str) -> tuple[list[Paper], Venue | None, dict[str, Any]]:
    """The papers of a CSL-JSON text with their venues, and the volume's ``book`` item (for ``read_volume``)."""
    return from_csl_json(text), None, {}
