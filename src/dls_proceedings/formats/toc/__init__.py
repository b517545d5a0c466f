"""The printed table of contents as plain text: ``to_toc`` writes it, ``from_toc`` reads it.

``to_toc`` writes a volume in the layout of the source document: title block,
"Table of Contents", front matter with roman pages, session headings, each paper
as ``Title .page.....`` followed by its byline, and the author-index line.

``from_toc`` reads that layout back into a ``Workshop``, from the bundled source
document or any volume printed the same way. The rules it follows (how lines are
recognised, how names and affiliations are split, how page ranges are derived)
are in docs/toc.md.

>>> import dls_proceedings as dp
>>> text = to_toc(dp.load())
>>> print(text.splitlines()[0])
2020 IEEE/ACM Fourth Workshop on Deep Learning on Supercomputers (DLS 2020)
>>> [p.key for p in from_toc(text, publisher="IEEE").papers[:2]]
['murai2020online', 'wang2020time']

The reading is a pipeline of private modules, each a stage: ``_lexer`` (each
line classified once), ``_front`` (title page, catalog data, copyright,
printer), ``_table`` (front matter, headings, papers and author lines, the
author index), ``_names`` (names, affiliations, bylines) and ``_assemble``
(page ranges, keys, the ``Workshop``). ``_writer`` is ``to_toc``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Literal, NamedTuple, overload

from dls_proceedings._gc import gc_paused
from dls_proceedings._lazy import attach
from dls_proceedings._problems import Problems, TooManyProblemsError
from dls_proceedings.errors import ArgumentError, ArgumentTypeError, TocParseError
from dls_proceedings.formats.toc._writer import byline, to_toc
from dls_proceedings.models import Workshop

if TYPE_CHECKING:
    from dls_proceedings.formats.toc._names import parse_byline, split_affiliations, split_name

__all__ = [
    "TocImport",
    "byline",
    "from_toc",
    "parse_byline",
    "split_affiliations",
    "split_name",
    "to_toc",
]

# The reader's modules (their patterns) load when a table is first read, or a
# name of them is first asked for: writing a table needs none of them.
__getattr__, __dir__ = attach(
    __name__,
    dict.fromkeys(("parse_byline", "split_affiliations", "split_name"), f"{__name__}._names"),
    __all__,
)


class TocImport(NamedTuple):
    """What ``from_toc(text, strict=False)`` returns: the volume and every problem.

    ``workshop`` is ``None`` when the text lacks what every volume needs (a title,
    a date, a place, a publisher, at least one paper). Otherwise it holds all that
    could be read; what could not (a paper with no start page, say) is left out
    and named in ``problems``. Unpack it as ``workshop, problems = ...``.

    >>> workshop, problems = from_toc("Table of Contents", strict=False)
    >>> workshop is None
    True
    >>> for problem in problems:
    ...     print(problem[:60])
    line 1: no date line such as '11 November 2020' comes before
    line 1: the document names no publisher (no copyright notice
    line 1: the table of contents lists no paper: 'Table of Cont
    """

    workshop: Workshop | None
    problems: tuple[str, ...]


def _check_arguments(text: object, last_page: object, publisher: object) -> None:
    # The caller's mistakes, raised at once: they are not problems of the document.
    if not isinstance(text, (str, bytes)):
        raise ArgumentTypeError(f"text must be a str or UTF-8 bytes, got {type(text).__name__}")
    if last_page is not None:
        expected = f"last_page must be a page number (an int >= 1), got {last_page!r}"
        if isinstance(last_page, bool) or not isinstance(last_page, int):
            raise ArgumentTypeError(expected)
        if last_page < 1:
            raise ArgumentError(expected)
    if publisher is not None:
        if not isinstance(publisher, str):
            raise ArgumentTypeError(f"publisher must be a str, got {type(publisher).__name__}")
        if not publisher.strip():
            raise ArgumentError(f"publisher must not be blank, got {publisher!r}")


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
    volume as far as it could be read (``None`` if not at all) and every problem;
    no content, however malformed, raises then. Reading takes time linear in the
    size of the text.

    Raises:
        TocParseError: in strict mode, for any problem of the text.
        ArgumentError: for a *last_page* below 1 or a blank *publisher* (a
            ``ValueError``); ``ArgumentTypeError``, also a ``TypeError``, for an
            argument of the wrong type, such as ``text=None``.

    >>> import dls_proceedings as dp
    >>> text = to_toc(dp.load())  # the title page, its back, and the table
    >>> wk = from_toc(text)
    >>> [p.key for p in wk.sessions[1].papers], str(wk.papers[-1].pages)
    (['acevedo2020vandermonde', 'venkataram2020topiqal', 'cai2020deepgalaxy'], '56–62')
    >>> no_index = text.replace("Author Index 63", "")
    >>> wk, problems = from_toc(no_index, strict=False)
    >>> len(wk.papers), problems[0][:70]
    (6, "line 58: no 'Author Index N' line ends the table of contents, so the p")
    >>> str(from_toc(no_index, publisher="IEEE", last_page=62).papers[-1].pages)
    '56–62'
    >>> from_toc(None)
    Traceback (most recent call last):
    ...
    dls_proceedings.errors.ArgumentTypeError: text must be a str or UTF-8 bytes, got NoneType
    """
    _check_arguments(text, last_page, publisher)
    # Imported here: the reader's patterns are compiled when a table is first
    # read, not by a program that only writes one.
    from dls_proceedings.formats.toc._assemble import read

    problems = Problems()
    with gc_paused():  # many objects, no cycles: the collector would only slow it (see _gc)
        try:
            workshop = read(text, problems, last_page, publisher)
        except TooManyProblemsError:
            workshop = None
    if not strict:
        return TocImport(workshop, problems.listed())
    problems.raise_if_any(TocParseError)
    if workshop is None:
        raise TocParseError(("line 1: the volume could not be read",))
    return workshop
