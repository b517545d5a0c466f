"""What a paper page tells machines: Highwire tags, schema.org JSON-LD and COinS (private).

Each builder reads the models only and returns plain values (pairs, a dict, a
string); the templates escape them. Only facts the volume holds are written: a
missing date, place, publisher, ISBN, DOI or page range leaves its tag out.

>>> import dls_proceedings as dp
>>> wk = dp.load()
>>> paper = wk.paper("jansen2020ddl")
>>> highwire(paper, wk)[:3]
[('citation_title', 'DDL Bench: Towards a Scalable Benchmarking Infrastructure for Distributed Deep Learning'), ('citation_author', 'Jansen, Matthijs'), ('citation_author_institution', 'SURFsara, The Netherlands')]
>>> coins(paper, wk).split("&")[:3]
['ctx_ver=Z39.88-2004', 'rft_val_fmt=info%3Aofi%2Ffmt%3Akev%3Amtx%3Abook', 'rft.genre=proceeding']
"""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import quote

from dls_proceedings._text import MONTHS
from dls_proceedings.models import Affiliation, Paper, Workshop

__all__ = [
    "book_json_ld",
    "coins",
    "doi_url",
    "highwire",
    "human_date",
    "isbns",
    "iso_date",
    "paper_json_ld",
    "publisher_place",
    "script_json",
]


def publisher_place(volume: Workshop) -> str | None:
    """The publisher's place, where the volume records one.

    >>> import dls_proceedings as dp
    >>> publisher_place(dp.load())
    'Piscataway, NJ'
    """
    return volume.publisher_place


def doi_url(doi: str) -> str:
    """The DOI's address at doi.org, percent-encoded where a URL needs it.

    >>> doi_url("10.1109/DLS51937.2020.00012"), doi_url("10.1002/x<1>#2")
    ('https://doi.org/10.1109/DLS51937.2020.00012', 'https://doi.org/10.1002/x%3C1%3E%232')
    """
    return "https://doi.org/" + quote(doi, safe="/:;()")


def isbns(volume: Workshop) -> list[str]:
    """The volume's ISBNs, the online edition's first: the papers' DOIs resolve to it.

    >>> import dls_proceedings as dp
    >>> isbns(dp.load())
    ['978-1-6654-2245-1', '978-1-6654-2246-8']
    """
    return [i for i in (volume.isbn_online, volume.isbn_print) if i is not None]


def iso_date(volume: Workshop) -> str | None:
    """The papers' date as ISO 8601, as precise as the volume records it: the month at most.

    The volume's full ``date`` is the event's; the papers are dated by year and
    month, as the public records and the library's CSL-JSON date them.

    >>> import dls_proceedings as dp
    >>> iso_date(dp.load())
    '2020-11'
    """
    if volume.year is None:
        return None
    if volume.month is None:
        return f"{volume.year:04d}"
    return f"{volume.year:04d}-{volume.month:02d}"


def human_date(volume: Workshop) -> str | None:
    """The event's date in English words: "11 November 2020", "November 2020" or "2020".

    >>> import dls_proceedings as dp
    >>> human_date(dp.load())
    '11 November 2020'
    """
    if volume.date is not None:
        return f"{volume.date.day} {MONTHS[volume.date.month - 1]} {volume.date.year}"
    if volume.year is None:
        return None
    if volume.month is None:
        return str(volume.year)
    return f"{MONTHS[volume.month - 1]} {volume.year}"


def highwire(paper: Paper, volume: Workshop) -> list[tuple[str, str]]:
    """The Highwire Press ``citation_*`` tags Google Scholar reads, in its order.

    One ``citation_author`` per author, in byline order ("Family, Given"), each
    followed by one ``citation_author_institution`` per affiliation. The
    publication date is the year alone: Scholar takes a full date or a year, and
    the volume dates its papers by month (its full date is the event's).
    """
    tags: list[tuple[str, str]] = [("citation_title", paper.title)]
    for author in paper.authors:
        tags.append(("citation_author", author.inverted_name))
        tags.extend(("citation_author_institution", str(a)) for a in author.affiliations)
    if volume.year is not None:
        tags.append(("citation_publication_date", str(volume.year)))
    tags.append(("citation_conference_title", volume.title))
    if paper.pages is not None:
        tags.append(("citation_firstpage", str(paper.pages.first)))
        tags.append(("citation_lastpage", str(paper.pages.last)))
    if paper.doi is not None:
        tags.append(("citation_doi", paper.doi))
    tags.extend(("citation_isbn", isbn) for isbn in isbns(volume))
    if volume.publisher is not None:
        tags.append(("citation_publisher", volume.publisher))
    return tags


def coins(paper: Paper, volume: Workshop) -> str:
    """The paper as a COinS ContextObject (OpenURL 1.0 KEV), for Zotero and link resolvers.

    A conference paper is the book format with genre ``proceeding`` (what
    Zotero reads as a conference paper): ``atitle`` the paper, ``btitle`` the
    volume, the first author's ``aulast``/``aufirst``, then every author as
    ``au`` ("Family, Given", in order). Values are percent-encoded, spaces as
    ``%20``: Zotero reads ``+`` as a space.
    """
    pairs: list[tuple[str, str]] = [
        ("ctx_ver", "Z39.88-2004"),
        ("rft_val_fmt", "info:ofi/fmt:kev:mtx:book"),
        ("rft.genre", "proceeding"),
        ("rft.atitle", paper.title),
        ("rft.btitle", volume.title),
    ]
    if paper.authors:
        first = paper.authors[0]
        pairs.append(("rft.aulast", first.family))
        if first.given is not None:
            pairs.append(("rft.aufirst", first.given))
        pairs.extend(("rft.au", author.inverted_name) for author in paper.authors)
    date = iso_date(volume)
    if date is not None:
        pairs.append(("rft.date", date))
    if paper.pages is not None:
        pairs.append(("rft.pages", f"{paper.pages.first}-{paper.pages.last}"))
        pairs.append(("rft.spage", str(paper.pages.first)))
        pairs.append(("rft.epage", str(paper.pages.last)))
    pairs.extend(("rft.isbn", isbn) for isbn in isbns(volume))
    if volume.publisher is not None:
        pairs.append(("rft.pub", volume.publisher))
    place = publisher_place(volume)
    if place is not None:
        pairs.append(("rft.place", place))
    if paper.doi is not None:
        pairs.append(("rft_id", f"info:doi/{paper.doi}"))
    return "&".join(f"{name}={quote(value, safe='')}" for name, value in pairs)


def _organization(affiliation: Affiliation) -> dict[str, Any]:
    org: dict[str, Any] = {"@type": "Organization", "name": affiliation.name}
    if affiliation.country_code is not None:
        org["address"] = {"@type": "PostalAddress", "addressCountry": affiliation.country_code}
    return org


def _event(volume: Workshop) -> dict[str, Any]:
    event: dict[str, Any] = {"@type": "Event", "name": volume.title}
    if volume.short_title is not None:
        event["alternateName"] = volume.short_title
    if volume.date is not None:
        event["startDate"] = volume.date.isoformat()
    elif volume.year is not None:
        event["startDate"] = iso_date(volume)
    if volume.location is not None:
        where = volume.location
        address: dict[str, Any] = {"@type": "PostalAddress", "addressLocality": where.city}
        if where.region is not None:
            address["addressRegion"] = where.region
        if where.country_code is not None:
            address["addressCountry"] = where.country_code
        event["location"] = {"@type": "Place", "name": str(where), "address": address}
    return event


def book_json_ld(volume: Workshop, url: str | None) -> dict[str, Any]:
    """The volume as a schema.org ``Book``: its ISBNs, publisher, date and the ``Event``.

    The workshop is the book's ``recordedAt`` event (the work records what was
    presented there), with its place and date.
    """
    book: dict[str, Any] = {"@type": "Book"}
    if url is not None:
        book["@id"] = f"{url}#volume"
        book["url"] = url
    book["name"] = volume.title
    if volume.short_title is not None:
        book["alternateName"] = volume.short_title
    numbers = isbns(volume)
    if numbers:
        book["isbn"] = numbers if len(numbers) > 1 else numbers[0]
    if volume.ieee_catalog_number is not None:
        book["identifier"] = [
            {
                "@type": "PropertyValue",
                "propertyID": "IEEE catalog number",
                "value": volume.ieee_catalog_number,
            }
        ]
    if volume.publisher is not None:
        publisher: dict[str, Any] = {"@type": "Organization", "name": volume.publisher}
        place = publisher_place(volume)
        if place is not None:
            publisher["location"] = place
        book["publisher"] = publisher
    date = iso_date(volume)
    if date is not None:
        book["datePublished"] = date
    book["recordedAt"] = _event(volume)
    return book


def paper_json_ld(
    paper: Paper, volume: Workshop, url: str | None, volume_url: str | None
) -> dict[str, Any]:
    """The paper as a schema.org ``ScholarlyArticle`` and ``Chapter``, part of the volume's ``Book``."""
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": ["ScholarlyArticle", "Chapter"],
    }
    if url is not None:
        data["@id"] = url
        data["url"] = url
    data["name"] = paper.title
    authors = []
    for author in paper.authors:
        person: dict[str, Any] = {"@type": "Person", "name": author.name}
        if author.given is not None:
            person["givenName"] = author.given
        person["familyName"] = author.family
        if author.affiliations:
            person["affiliation"] = [_organization(a) for a in author.affiliations]
        authors.append(person)
    if authors:
        data["author"] = authors
    date = iso_date(volume)
    if date is not None:
        data["datePublished"] = date
    if paper.pages is not None:
        data["pageStart"] = str(paper.pages.first)
        data["pageEnd"] = str(paper.pages.last)
        data["pagination"] = str(paper.pages)
    identifiers = [{"@type": "PropertyValue", "propertyID": "citation key", "value": paper.key}]
    if paper.doi is not None:
        identifiers.append({"@type": "PropertyValue", "propertyID": "DOI", "value": paper.doi})
        data["sameAs"] = doi_url(paper.doi)
    data["identifier"] = identifiers
    data["isPartOf"] = book_json_ld(volume, volume_url)
    return data


def script_json(data: object) -> str:
    """*data* as JSON safe inside an HTML ``<script>`` element.

    ``<``, ``>`` and ``&`` are written as JSON escapes, so no value (a title with
    ``</script>`` or ``<!--``) can end the element or change how it is parsed;
    the JSON means the same.

    >>> script_json({"name": "</script><!--"})
    '{\\n  "name": "\\\\u003c/script\\\\u003e\\\\u003c!--"\\n}'
    """
    text = json.dumps(data, ensure_ascii=False, indent=2)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
