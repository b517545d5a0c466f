"""The volume from what the front part and the table say (private).

``read`` runs the whole reading: the lexer, the front part, the table, then the
assembly here. Page ranges come from the start pages, keys from the first
author, year and title, and the pieces become the ``Workshop``. Every stage
records problems instead of stopping, so one run reports them all.
"""

from __future__ import annotations

import itertools

from pydantic import ValidationError

from dls_proceedings._problems import Problems, validation_messages
from dls_proceedings._text import disambiguate, key_stem
from dls_proceedings.formats.toc._front import Front, ordinal, read_front
from dls_proceedings.formats.toc._lexer import Kind, Line, decode, lex, report
from dls_proceedings.formats.toc._table import (
    NO_PAPER,
    PaperDraft,
    SessionDraft,
    Table,
    read_table,
)
from dls_proceedings.models import FrontMatterItem, PageRange, Paper, Session, Workshop

__all__ = ["read"]


def _report_invalid(problems: Problems, line: Line, what: str, exc: ValidationError) -> None:
    for message in validation_messages(exc):
        report(problems, line, f"{what} is not valid: {message}")


def _pages(table: Table, last_page: int | None, problems: Problems) -> None:
    """Give each paper its page range; a paper that cannot have one is no longer kept."""
    previous: PaperDraft | None = None
    for draft in table.papers:
        if draft.page is None:
            draft.keep = False
        elif previous is not None and previous.page is not None and draft.page <= previous.page:
            if draft.page == previous.page:
                report(
                    problems,
                    draft.line,
                    f"the paper starts on page {draft.page}, the same page as the paper on "
                    f"line {previous.line.no}",
                )
            else:
                report(
                    problems,
                    draft.line,
                    f"the paper starts on page {draft.page}, before the paper on line "
                    f"{previous.line.no} (page {previous.page}): pages must increase",
                )
            draft.keep = False
        elif draft.keep:
            previous = draft
    kept = [(d, d.page) for d in table.papers if d.keep and d.page is not None]
    if not kept:
        return
    last, last_start = kept[-1]
    index = table.index
    if index is not None and index.page <= last_start:
        report(
            problems,
            index.line,
            f"the Author Index on page {index.page} does not come after the last paper, which "
            f"starts on page {last_start} (line {last.line.no})",
        )
        index = table.index = None
    end: int | None = None
    if last_page is not None:
        if last_page < last_start:
            report(
                problems,
                last.line,
                f"last_page={last_page} is before page {last_start}, where the last paper starts",
            )
        elif index is not None and last_page >= index.page:
            report(
                problems,
                index.line,
                f"last_page={last_page} is not before the Author Index on page {index.page}",
            )
        else:
            end = last_page
    elif index is not None:
        end = index.page - 1
    elif not table.index_seen:  # a wrong Author Index line is one problem, not two
        report(
            problems,
            table.last,
            "no 'Author Index N' line ends the table of contents, so the page the last paper "
            "ends on is unknown; give it as last_page (--last-page N on the command line)",
        )
    for (draft, first), (_, following) in itertools.pairwise(kept):
        draft.pages = PageRange(first=first, last=following - 1)
    if end is None:
        last.keep = False  # where it ends is unknown, and the problem says so
    else:
        last.pages = PageRange(first=last_start, last=end)


def _front_matter(table: Table, problems: Problems) -> tuple[FrontMatterItem, ...]:
    items: list[FrontMatterItem] = []
    for draft in table.front_matter:
        try:
            item = FrontMatterItem(title=draft.title, page=draft.page)
        except ValidationError as exc:
            _report_invalid(problems, draft.line, "the front-matter item", exc)
            continue
        if items and item.page_number <= items[-1].page_number:
            report(
                problems,
                draft.line,
                f"front-matter page {draft.page!r} does not come after {items[-1].page!r}: "
                "pages must increase",
            )
            continue
        items.append(item)
    return tuple(items)


def _session(draft: SessionDraft, papers: tuple[Paper, ...], problems: Problems) -> Session:
    try:
        return Session(title=draft.title, papers=papers)
    except ValidationError as exc:
        # Only the heading can be wrong: the papers are valid. They stay, untitled.
        _report_invalid(problems, _heading_line(draft), "the session heading", exc)
        return Session(title=None, papers=papers)


def _heading_line(draft: SessionDraft) -> Line:
    # A session without a heading has no title to be wrong; its first paper's
    # line stands in, for the type's sake.
    return draft.line if draft.line is not None else draft.papers[0].line


def _sessions(table: Table, year: int, problems: Problems) -> list[Session]:
    """The sessions with the papers that are kept, each with its key."""
    kept = [d for d in table.papers if d.keep and d.pages is not None]
    stems = [key_stem(d.authors[0].family if d.authors else None, year, d.title) for d in kept]
    for draft, key in zip(kept, disambiguate(stems), strict=True):
        draft.key = key
    sessions: list[Session] = []
    for session in table.sessions:
        papers: list[Paper] = []
        for draft in session.papers:
            if draft.key is None or draft.pages is None:
                continue
            try:
                papers.append(
                    Paper(
                        key=draft.key, title=draft.title, authors=draft.authors, pages=draft.pages
                    )
                )
            except ValidationError as exc:
                _report_invalid(problems, draft.line, "the paper", exc)
        if papers:
            sessions.append(_session(session, tuple(papers), problems))
    return sessions


def _assemble(
    front: Front,
    table: Table,
    problems: Problems,
    last_page: int | None,
    publisher: str | None,
) -> Workshop | None:
    titles = front.titles(problems)
    publisher = publisher or front.publisher()
    if publisher is None:
        report(
            problems,
            front.title_line or table.toc,
            "the document names no publisher (no copyright notice 'Copyright © YEAR by ...' "
            "and no IEEE catalog number); give it as publisher (--publisher on the command line)",
        )
    printer, copyright_ = front.printer(problems), front.copyright(problems)
    front_matter = _front_matter(table, problems)
    for session in table.sessions:
        if not session.papers and session.line is not None:
            report(problems, session.line, NO_PAPER)
    if not table.papers:
        report(problems, table.toc, "the table of contents lists no paper")
    _pages(table, last_page, problems)
    if titles is None or front.date is None or front.location is None or publisher is None:
        return None
    sessions = _sessions(table, front.date.year, problems)
    if not sessions:
        return None
    isbns = {kind: line.value for kind, line in front.isbns.items()}
    try:
        # Validated from a mapping: the key is derived from the acronym and year.
        return Workshop.model_validate(
            {
                "title": titles.title,
                "short_title": titles.short,
                "title_variants": titles.variants,
                "acronym": titles.acronym,
                "ordinal": ordinal(titles.title),
                "date": front.date,
                "location": front.location,
                "publisher": publisher,
                "publisher_place": front.publisher_place(publisher),
                "isbn_print": isbns.get("print"),
                "isbn_online": isbns.get("online"),
                "ieee_catalog_number": front.catalog,
                "printer": printer,
                "copyright": copyright_,
                "print_note": front.note,
                "front_matter": front_matter,
                "author_index_page": table.index.page if table.index else None,
                "sessions": tuple(sessions),
            }
        )
    except ValidationError as exc:
        _report_invalid(problems, front.title_line or table.toc, "the volume", exc)
        return None


def read(
    text: str | bytes, problems: Problems, last_page: int | None, publisher: str | None
) -> Workshop | None:
    """The volume *text* describes, as far as it can be read; the rest goes to *problems*."""
    decoded = decode(text, problems)
    lines = lex(decoded, problems) if decoded is not None else None
    if lines is None:
        return None
    if all(line.kind is Kind.BLANK for line in lines):
        report(problems, lines[0], "the input is empty: no title and no table of contents")
        return None
    toc = next((i for i, line in enumerate(lines) if line.kind is Kind.CONTENTS), None)
    if toc is None:
        last = next(line for line in reversed(lines) if line.kind is not Kind.BLANK)
        report(problems, last, "no 'Table of Contents' line anywhere in the input")
        return None
    front = read_front(lines[:toc], lines[toc], problems)
    table = read_table(lines[toc + 1 :], lines[toc], problems)
    return _assemble(front, table, problems, last_page, publisher)
