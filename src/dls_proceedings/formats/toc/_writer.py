"""Writing a volume's table of contents as the source document prints it (private)."""

from __future__ import annotations

from collections.abc import Sequence

from dls_proceedings._text import MONTHS
from dls_proceedings.errors import ArgumentError
from dls_proceedings.models import Author, Paper, Workshop

__all__ = ["byline", "to_toc"]


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


def _front_blocks(workshop: Workshop) -> list[list[str]]:
    """The catalog data, copyright, print note and printer as the title page's back prints them.

    Written so that ``from_toc`` reads them back: the publisher is implied by the
    copyright notice or an IEEE catalog number, as in the source document.
    """
    blocks: list[list[str]] = []
    catalog: list[str] = []
    if workshop.ieee_catalog_number is not None:
        prefix = "IEEE " if workshop.publisher == "IEEE" else ""
        catalog.append(f"{prefix}Catalog Number: {workshop.ieee_catalog_number}")
    if workshop.isbn_print is not None:
        catalog.append(f"ISBN (Print-On-Demand): {workshop.isbn_print}")
    if workshop.isbn_online is not None:
        catalog.append(f"ISBN (Online): {workshop.isbn_online}")
    if catalog:
        blocks.append(catalog)
    if workshop.copyright is not None:
        notice = [workshop.copyright.notice]
        if workshop.copyright.rights is not None:
            notice.append(workshop.copyright.rights)
        blocks.append(notice)
        blocks.extend([permission] for permission in workshop.copyright.permissions)
    if workshop.print_note is not None:
        blocks.append([f"*** {workshop.print_note} ***"])
    printer = workshop.printer
    if printer is not None:
        lines = [printer.heading] if printer.heading is not None else []
        lines += [printer.name, *printer.address]
        for label, value in (
            ("Phone", printer.phone),
            ("Fax", printer.fax),
            ("E-mail", printer.email),
            ("Web", printer.web),
        ):
            if value is not None:
                lines.append(f"{label}: {value}")
        blocks.append(lines)
        if printer.logo_text is not None:
            blocks.append([printer.logo_text])
    return blocks


def to_toc(workshop: Workshop) -> str:
    """The volume's table of contents as text (LF line ends, final newline).

    The title, the place and date, "Table of Contents", the front matter with
    roman pages, each session heading, each paper as ``Title .page.....``
    followed by its author line, and the Author Index line, in blocks separated
    by blank lines.

    >>> import dls_proceedings as dp
    >>> text = to_toc(dp.load())
    >>> text.splitlines()[0], text.splitlines()[3], text.count("Message from the Workshop Chairs .v.....")
    ('2020 IEEE/ACM Fourth Workshop on Deep Learning on Supercomputers (DLS 2020)', 'IEEE Catalog Number: CFP20W52-POD', 1)
    >>> facts = {"sessions", "proper_names"}  # proper names are not printed
    >>> dp.from_toc(text).model_dump(exclude=facts) == dp.load().model_dump(exclude=facts)
    True
    """
    if workshop.date is None or workshop.location is None:
        missing = " and ".join(
            name for name in ("date", "location") if getattr(workshop, name) is None
        )
        raise ArgumentError(
            f"a table of contents prints the volume's place and full date under its title: "
            f"volume {workshop.key!r} has no {missing}; give it one, or export it in another "
            "format (JSON, BibTeX, CSL-JSON)"
        )
    # Month names are spelt out here: strftime("%B") would follow the C locale.
    day = f"{workshop.date.day} {MONTHS[workshop.date.month - 1]} {workshop.date.year}"
    # The title page prints the title's other form, where the volume has one (the
    # source: "... (DLS 2020)"); the table of contents' heading prints the title.
    title_page = workshop.title_variants[0] if workshop.title_variants else workshop.title
    blocks: list[list[str]] = [[title_page, f"{workshop.location}, {day}"]]
    blocks += _front_blocks(workshop)
    heading = workshop.title
    if workshop.short_title is not None:
        heading += f" **{workshop.short_title}**"
    blocks += [[heading], ["Table of Contents"]]
    if workshop.front_matter:
        blocks.append([_leader(item.title, item.page) for item in workshop.front_matter])
    for session in workshop.sessions:
        if session.title is not None:
            blocks.append([session.title])
        blocks.extend(_paper_lines(p) for p in session.papers)
    if workshop.author_index_page is not None:
        blocks.append([f"Author Index {workshop.author_index_page}"])
    return "\n\n".join("\n".join(block) for block in blocks) + "\n"
