"""The table itself, after "Table of Contents" (private).

Front-matter lines with roman pages, session headings, each paper's page line
and the author line after it, and the author index. ``read_table`` collects them
as drafts: what each line says, before page ranges and keys are known. How a
title is told from a heading is in docs/toc.md.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import NamedTuple

from dls_proceedings._problems import Problems, quote
from dls_proceedings.formats.toc._lexer import (
    AuthorIndex,
    BrokenLeader,
    FrontMatterPage,
    Kind,
    Line,
    PaperPage,
    Text,
    join_lines,
    paragraphs,
    report,
)
from dls_proceedings.formats.toc._names import (
    Byline,
    Unreadable,
    looks_like_byline,
    read_byline,
    reads_as_authors,
)
from dls_proceedings.models import Author, PageRange

__all__ = [
    "MAX_PAGE_DIGITS",
    "NO_PAPER",
    "FrontMatterDraft",
    "IndexDraft",
    "PaperDraft",
    "SessionDraft",
    "Table",
    "read_table",
]

MAX_PAGE_DIGITS = 6
"""A longer page number is a problem: no volume has a million pages."""

NO_PAPER = (
    "a line that belongs to no paper (a session heading with no papers under it, "
    "or a title without its page number?)"
)
# How a line ends when a phrase runs on: a heading never ends like this, a title
# broken over lines often does. Case matters: title case writes these words in
# lower case, while "Part A" is a heading.
_RUNS_ON = re.compile(
    r"(?:[-,:/]|\b(?:a|an|the|and|or|of|for|in|on|to|with|from|by|at|via|using))$"
)


@dataclass
class PaperDraft:
    """A paper as read, before its pages and key are known."""

    line: Line  # the line with the page number
    title: str
    page: int | None
    authors: tuple[Author, ...] = ()
    keep: bool = True  # False once a problem leaves it out of the volume
    pages: PageRange | None = None  # given by the assembly
    key: str | None = None  # given by the assembly


@dataclass
class SessionDraft:
    """A session heading (``None`` before the first one) and the papers under it."""

    line: Line | None  # the heading's first line
    title: str | None
    papers: list[PaperDraft] = field(default_factory=list)


class FrontMatterDraft(NamedTuple):
    """A front-matter line: its title and its roman page, in lower case."""

    line: Line
    title: str
    page: str


class IndexDraft(NamedTuple):
    """The Author Index line and its page."""

    line: Line
    page: int


@dataclass
class Table:
    """What the table of contents lists."""

    toc: Line
    last: Line  # the last non-blank line, where a missing line was due
    affiliated: bool  # whether any line has parentheses: authors have affiliations
    front_matter: list[FrontMatterDraft] = field(default_factory=list)
    sessions: list[SessionDraft] = field(default_factory=list)
    papers: list[PaperDraft] = field(default_factory=list)  # the sessions' papers, in order
    index: IndexDraft | None = None
    index_seen: bool = False  # an Author Index line, readable or not


def page_number(line: Line, page: str, problems: Problems) -> int | None:
    """The value of a printed page number; ``None`` (and a problem) for 0 or a huge one."""
    digits = page.lstrip("0") or "0"
    if len(digits) > MAX_PAGE_DIGITS:
        report(
            problems, line, f"the page number {quote(page)} has more than {MAX_PAGE_DIGITS} digits"
        )
        return None
    number = int(digits)
    if number == 0:
        report(problems, line, "page 0: pages are numbered from 1")
        return None
    return number


def _dangling(lines: Sequence[Line], problems: Problems) -> None:
    for paragraph in paragraphs(lines):
        report(problems, paragraph[0], NO_PAPER)


def _split_gap(pending: Sequence[Line]) -> tuple[list[list[Line]], Sequence[Line]]:
    """The session headings and the start of a wrapped title before a page line.

    A title begins a paragraph: the lines after the last blank line, if any, are
    the beginning of the title. What comes before is one heading per paragraph.
    With no blank line at all, every line is a heading (titles cannot be told
    from headings there; docs/toc.md says so).
    """
    if not pending:
        return [], []
    last_blank = next(
        (i for i in reversed(range(len(pending))) if pending[i].kind is Kind.BLANK), None
    )
    if last_blank is None:
        return paragraphs(pending), []
    return paragraphs(pending[:last_blank]), pending[last_blank + 1 :]


def _block(lines: Sequence[Line], start: int) -> Iterator[str]:
    """The text lines from *start* up to the next blank line or entry line."""
    for i in range(start, len(lines)):
        line = lines[i]
        if not isinstance(line, Text):
            return
        yield line.text


def _take_byline(
    lines: Sequence[Line], start: int, affiliated: bool
) -> tuple[list[Line], Byline | None, int]:
    """The lines of the author line after a paper line, the author line, the next index."""
    taken: list[Line] = []
    byline: Byline | None = None
    i = start
    while i < len(lines):
        line = lines[i]
        if line.kind is Kind.BLANK:
            if taken:
                break  # a blank line ends the author line
            i += 1  # blank lines between the title and its authors are tolerated
            continue
        if not isinstance(line, Text):
            break  # the next page line, or the Author Index
        if byline is None:
            if not looks_like_byline(join_lines(_block(lines, i))):
                break
            byline = Byline(affiliated)
        elif not line.continues and byline.finished():
            break
        taken.append(line)
        byline.add(line.text)
        i += 1
    return taken, byline, (i if taken else start)


def _paper(
    lines: Sequence[Line],
    i: int,
    title: str,
    table: Table,
    problems: Problems,
) -> int:
    """Read the paper whose page is on line *i* and its author line; the next index."""
    line = lines[i]
    number: int | None = None
    if isinstance(line, PaperPage):
        number = page_number(line, line.page, problems)
    else:
        report(problems, line, "cannot read the page number of this paper line")
    draft = PaperDraft(line, title, number)
    if not title:
        report(problems, line, "a page number with no title before it")
        draft.keep = False
    taken, byline, after = _take_byline(lines, i + 1, table.affiliated)
    if byline is None:
        report(problems, line, "the paper has no author line after it")
    else:
        authors = read_byline(byline.text())
        if isinstance(authors, Unreadable):
            report(problems, taken[0], f"cannot read the author line: {authors.reason}")
        else:
            draft.authors = authors
    table.sessions[-1].papers.append(draft)
    table.papers.append(draft)
    return after


def _front_matter_line(line: FrontMatterPage, title: str, table: Table, problems: Problems) -> None:
    # Imported here: only reading a document needs roman.
    import roman

    page = line.page.lower()
    try:
        roman.fromRoman(page.upper())
    except roman.InvalidRomanNumeralError:
        report(problems, line, f"{quote(page)} is neither a page number nor a roman numeral")
        return
    if table.papers:
        report(problems, line, f"a front-matter page {quote(page)} after the papers")
    elif not title:
        report(problems, line, "a page number with no title before it")
    else:
        table.front_matter.append(FrontMatterDraft(line, title, page))


def _index_line(line: AuthorIndex, table: Table, problems: Problems) -> None:
    table.index_seen = True
    if line.page is None:
        report(
            problems, line, "the Author Index line has no page number, such as 'Author Index 63'"
        )
        return
    number = page_number(line, line.page, problems)
    if number is not None:
        table.index = IndexDraft(line, number)


def _headings(headings: list[list[Line]], table: Table, problems: Problems) -> None:
    for heading in headings:
        text = join_lines(x.text for x in heading)
        ending = _RUNS_ON.search(text)
        if ending:
            report(
                problems,
                heading[-1],
                f"a session heading cannot end with {ending.group(0)!r}; if this line starts a "
                "wrapped title, the title must follow a blank line and run on to its page line",
            )
        elif reads_as_authors(text):
            report(
                problems,
                heading[0],
                "this reads as an author line, not a session heading; is the author line "
                "above it cut short, or a paper line missing?",
            )
        table.sessions.append(SessionDraft(heading[0], text))


def read_table(lines: Sequence[Line], toc: Line, problems: Problems) -> Table:
    """Everything after the "Table of Contents" line *toc*."""
    last = next((x for x in reversed(lines) if x.kind is not Kind.BLANK), toc)
    table = Table(toc=toc, last=last, affiliated=any("(" in line.text for line in lines))
    pending: list[Line] = []  # lines since the last paper: headings, a title's start
    i = 0
    while i < len(lines):
        line = lines[i]
        if isinstance(line, AuthorIndex):
            _dangling(pending, problems)
            _index_line(line, table, problems)
            after = [x for x in lines[i + 1 :] if x.kind is not Kind.BLANK]
            if after:
                count = f"{len(after)} line{'s' if len(after) != 1 else ''}"
                report(problems, after[0], f"text after the Author Index line ({count})")
            return table
        if not isinstance(line, (PaperPage, FrontMatterPage, BrokenLeader)):
            pending.append(line)
            i += 1
            continue
        headings, prefix = _split_gap(pending)
        pending = []
        title = join_lines([*(x.text for x in prefix), *([line.title] if line.title else [])])
        if isinstance(line, FrontMatterPage):
            _dangling([x for heading in headings for x in heading], problems)
            _front_matter_line(line, title, table, problems)
            i += 1
            continue
        _headings(headings, table, problems)
        if not table.sessions:
            table.sessions.append(SessionDraft(None, None))
        i = _paper(lines, i, title, table, problems)
    _dangling(pending, problems)
    return table
