"""The ``dls-proceedings`` command-line tool: a thin layer over the public API.

Data goes to stdout (UTF-8 whatever the locale), messages to stderr, one line each.
Exit codes: 0 success, 1 the work failed (bad input, an I/O error), 2 a usage error
(unknown command, key, style or option; a bad output path), 70 a bug of this tool
(EX_SOFTWARE: one line, and the traceback only with ``--debug``).
Modules that only some commands need (citeproc, bibtexparser) are imported by the
library when those commands run, never at start-up.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import os
import stat
import sys
import traceback
import warnings
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, TextIO

import dls_proceedings as dp
from dls_proceedings.citations import OUTPUTS
from dls_proceedings.formats import FORMATS, READABLE

__all__ = ["main"]

PROG = "dls-proceedings"


class _UsageError(Exception):
    """A mistake in the command line: exit status 2."""


class _WorkFailedError(Exception):
    """The work could not be done (a file that cannot be read or written): exit status 1."""


EX_SOFTWARE = 70
"""Exit status for an internal error (sysexits.h): a bug, never the user's mistake."""


def _first_author(paper: dp.Paper) -> str:
    if not paper.authors:
        return "(no author)"
    first = paper.authors[0].family
    return f"{first} et al." if len(paper.authors) > 1 else first


def _table(rows: Sequence[tuple[str, ...]], out: TextIO) -> None:
    if out.isatty():
        widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]) - 1)]
        for row in rows:
            cells = [cell.ljust(w) for cell, w in zip(row, widths, strict=False)]
            out.write("  ".join([*cells, row[-1]]) + "\n")
    else:
        # Piped output stays machine-readable: one tab-separated record per line.
        for row in rows:
            out.write("\t".join(row) + "\n")


def _paper(wk: dp.Workshop, key: str) -> dp.Paper:
    try:
        return wk.paper(key)
    except dp.UnknownKeyError:
        # The volume's own key is a key too: list it among the close matches.
        known = (*wk._by_key, wk.key)
        raise _UsageError(str(dp.UnknownKeyError(key, known))) from None


class _VolumeReadError(Exception):
    """A --volume file that cannot be read: its problems, one per line (exit 1)."""

    def __init__(self, name: str, error: dp.InputError) -> None:
        super().__init__(name)
        self.name = name
        self.error = error


def _volume(args: argparse.Namespace) -> dp.Workshop:
    """The volume the command works on: ``--volume FILE`` (any readable format), or the bundled one."""
    path = getattr(args, "volume", None)
    if path is None:
        return dp.load()
    name = "<stdin>" if path == "-" else path
    if path == "-":
        data = _read_input(path)
        source: bytes | Path = data.encode("utf-8") if isinstance(data, str) else data
    else:
        if os.path.isdir(path):
            raise _UsageError(f"--volume: {path!r} is a directory, expected a file")
        source = Path(path)  # read by read_volume, whose guess also sees the file's name
    try:
        return dp.read_volume(source, format=args.volume_format)
    except dp.InputError as exc:
        raise _VolumeReadError(name, exc) from None
    except dp.ArgumentError as exc:
        raise _WorkFailedError(str(exc)) from None


def _cmd_list(args: argparse.Namespace, out: TextIO) -> int:
    wk = _volume(args)
    if args.session is None:
        papers = wk.papers
    elif 1 <= args.session <= len(wk.sessions):
        papers = wk.sessions[args.session - 1].papers
    else:
        raise _UsageError(
            f"unknown session {args.session}; the volume has sessions 1 to {len(wk.sessions)}"
        )
    rows = [(p.key, str(p.pages or ""), _first_author(p), p.title) for p in papers]
    _table(rows, out)
    return 0


def _show_volume(wk: dp.Workshop, out: TextIO) -> int:
    facts = [
        ("key", wk.key),
        ("title", wk.title),
        ("short", wk.short_title),
        ("place", str(wk.location) if wk.location else None),
        ("date", wk.date.isoformat() if wk.date else None),
        ("year", None if wk.date or wk.year is None else str(wk.year)),
        ("publisher", wk.publisher),
        ("published in", wk.publisher_place),
        ("isbn", wk.isbn_print),
        ("isbn (online)", wk.isbn_online),
        ("catalog", wk.ieee_catalog_number),
        ("sessions", str(len(wk.sessions))),
        ("papers", str(len(wk.papers))),
    ]
    shown = [(name, value) for name, value in facts if value is not None]
    width = max(len(name) for name, _ in shown) + 2
    out.write("".join(f"{(name + ':').ljust(width)}{value}\n" for name, value in shown))
    return 0


def _cmd_show(args: argparse.Namespace, out: TextIO) -> int:
    wk = _volume(args)
    if args.key == wk.key:
        return _show_volume(wk, out)
    paper = _paper(wk, args.key)
    session = wk.session_of(paper)
    lines = [
        f"key:      {paper.key}",
        f"title:    {paper.title}",
        f"session:  {session.title or '(untitled)'}",
        f"pages:    {paper.pages or 'unknown'}",
        f"doi:      {paper.doi or 'unknown'}",
        "authors:",
    ]
    for author in paper.authors:
        where = "; ".join(str(a) for a in author.affiliations)
        lines.append(f"  {author.name}" + (f" ({where})" if where else ""))
    out.write("\n".join(lines) + "\n")
    return 0


def _cmd_toc(args: argparse.Namespace, out: TextIO) -> int:
    from dls_proceedings.formats.toc import to_toc

    out.write(to_toc(_volume(args)))
    return 0


def _cmd_authors(args: argparse.Namespace, out: TextIO) -> int:
    for entry in _volume(args).author_index():
        out.write(f"{entry}\n")
    return 0


def _words(text: str, what: str) -> str:
    """*text*, if it has a letter or a digit to look for: otherwise it would match all."""
    if not any(c.isalnum() for c in text):
        raise _UsageError(f"{what} needs a word to look for (letters or digits), got {text!r}")
    return text


def _cmd_search(args: argparse.Namespace, out: TextIO) -> int:
    from dls_proceedings.formats.toc import byline

    found = _volume(args).search(_words(args.text, "search"))
    for paper in found:
        out.write(f"{paper.key}\t{paper.pages}\t{paper.title}\n\t{byline(paper.authors)}\n")
    if not found:
        _say(f"no paper matches {args.text!r}")
        return 1
    return 0


def _write_output(text: str, path: str | None, out: TextIO) -> None:
    """Write *text* to stdout ("-" or no path) or to the file *path*.

    A regular file, or a new one, is replaced atomically (a temporary file in the
    same directory, then a rename), so an error never leaves it truncated. A
    symbolic link is followed: its target is written, and the link stays. A device,
    a FIFO or a socket (``-o /dev/null``, a named pipe) is written to directly,
    never replaced.
    """
    if path is None or path == "-":
        out.write(text)
        return
    if not path:
        raise _UsageError("-o/--output: the file name is empty")
    target = os.path.realpath(path)
    try:
        status = os.stat(target)
    except FileNotFoundError:
        status = None
    except OSError as exc:
        raise _WorkFailedError(f"cannot write {path!r}: {exc.strerror or exc}") from None
    if status is not None and stat.S_ISDIR(status.st_mode):
        raise _UsageError(f"-o/--output: {path!r} is a directory, expected a file name")
    directory = os.path.dirname(target)
    if status is None and not os.path.isdir(directory):
        raise _UsageError(f"-o/--output: {path!r}: the directory {directory!r} does not exist")
    try:
        if status is not None and not stat.S_ISREG(status.st_mode):
            with open(target, "w", encoding="utf-8", newline="\n") as handle:
                handle.write(text)
        else:
            _replace(target, text, status)
    except OSError as exc:
        raise _WorkFailedError(f"cannot write {path!r}: {exc.strerror or exc}") from None


def _replace(target: str, text: str, status: os.stat_result | None) -> None:
    from dls_proceedings._files import write_atomically

    mode = status.st_mode & 0o777 if status is not None else None
    write_atomically(target, text.encode("utf-8"), mode)


def _selection(wk: dp.Workshop, keys: Sequence[str]) -> dp.Workshop | list[dp.Paper]:
    if not keys:
        return wk
    return [_paper(wk, key) for key in keys]


def _csl_selection(wk: dp.Workshop, keys: Sequence[str]) -> list[dict[str, Any]]:
    """The CSL-JSON items of *keys* in the order given; the volume's key is its own item."""
    from dls_proceedings.formats.csl_json import to_csl_json

    for key in keys:
        if key != wk.key:
            _paper(wk, key)  # an unknown key is a usage error naming close matches
    items = {item["id"]: item for item in to_csl_json(wk)}
    return [items[key] for key in keys]


_FLAVOURED = ("bibtex", "biblatex")
"""The export formats that take ``--flavour``."""


def _cmd_export(args: argparse.Namespace, out: TextIO) -> int:
    from dls_proceedings.formats import EXPORTERS

    wk = _volume(args)
    if args.flavour is not None and args.format not in _FLAVOURED:
        raise _UsageError(
            f"--flavour applies to --format bibtex and biblatex only, not {args.format!r}"
        )
    options = {"flavour": args.flavour} if args.flavour else {}
    if wk.key in args.keys:
        text = _export_with_volume(wk, args, options)
    else:
        text = EXPORTERS[args.format](_selection(wk, args.keys), **options)
    _write_output(text, args.output, out)
    return 0


def _export_with_volume(wk: dp.Workshop, args: argparse.Namespace, options: dict[str, str]) -> str:
    """An export whose keys name the volume itself: the papers named, then the volume's own record."""
    import json

    from dls_proceedings.formats import EXPORTERS

    fmt = args.format
    if fmt == "csl-json":
        items = _csl_selection(wk, args.keys)
        return json.dumps(items, ensure_ascii=False, indent=2) + "\n"
    papers = [_paper(wk, key) for key in dict.fromkeys(args.keys) if key != wk.key]
    if fmt == "json":
        # Our JSON's record of a volume is the volume with its papers.
        if papers:
            raise _UsageError(
                f"--format json: {wk.key!r} stands for the whole volume; name it alone, "
                "or name papers only"
            )
        return str(EXPORTERS["json"](wk))
    # The volume's own record is the last one of a whole-volume export.
    whole = EXPORTERS[fmt](wk, flavour="crossref") if fmt in _FLAVOURED else EXPORTERS[fmt](wk)
    marker = "\nTY  - BOOK\n" if fmt == "ris" else "\n@proceedings{"
    record = whole[whole.rindex(marker) + 1 :]
    if not papers:
        return record
    text = str(EXPORTERS[fmt](papers, **options))
    if record in text:  # crossref: the papers' export has the volume's entry already
        return text
    return text + "\n" + record


def _in_text(args: argparse.Namespace, wk: dp.Workshop, out: TextIO) -> int:
    """One citation cluster of the keys given (``--in-text``), as the style cites them.

    ``KEY@5`` cites page 5, ``KEY@chapter:3`` chapter 3 (any CSL locator label).
    """
    if not args.keys:
        raise dp.ArgumentError("--in-text needs at least one KEY")
    cites = []
    for spec in args.keys:
        key, _, locator = spec.partition("@")
        label = "page"
        if ":" in locator:
            label, _, locator = locator.partition(":")
        cites.append(dp.Cite(key, locator=locator or None, label=label))
    citer = dp.Citer(wk, style=args.style, locale=args.locale, output=args.format)
    _write_output(citer.cite(*cites) + "\n", args.output, out)
    return 0


def _cmd_cite(args: argparse.Namespace, out: TextIO) -> int:
    wk = _volume(args)
    if getattr(args, "in_text", False):
        return _in_text(args, wk, out)
    from dls_proceedings.citations.parallel import MIN_ITEMS
    from dls_proceedings.citations.render import render_items

    count = len(args.keys) if args.keys else len(wk.papers) + 1
    # A program may use the machine's cores where the library call would not: for a
    # large bibliography (parallel rendering pays from MIN_ITEMS entries on).
    workers = args.workers if args.workers is not None else (0 if count >= MIN_ITEMS else 1)
    if args.keys:
        # Papers and the volume (its own key) in the order given: their CSL-JSON items,
        # exactly those the whole volume's bibliography renders.
        entries = render_items(
            _csl_selection(wk, args.keys),
            args.style,
            output=args.format,
            locale=args.locale,
            workers=workers,
        )
    else:
        entries = dp.bibliography(
            wk, args.style, output=args.format, locale=args.locale, workers=workers
        )
    # Each entry as the library gives it (a line of text, or an HTML block), ending a line.
    text = "".join(entry if entry.endswith("\n") else f"{entry}\n" for entry in entries)
    _write_output(text, args.output, out)
    return 0


def _cmd_styles(args: argparse.Namespace, out: TextIO) -> int:
    from dls_proceedings.citations.styles import find_styles

    query = "" if args.query is None else _words(args.query, "styles QUERY")
    found = find_styles(query)
    for style in found:
        out.write(f"{style.name}\t{style.title}\n")
    if not found:
        _say(f"no installed style matches {args.query!r}")
        return 1
    return 0


def _positive_int(value: str) -> int:
    """argparse type for a page number: a mistake here is a usage error (exit 2)."""
    try:
        number = int(value)
    except ValueError:
        number = 0
    if number < 1:
        raise argparse.ArgumentTypeError(f"expected a page number (1 or more), got {value!r}")
    return number


def _count(value: str) -> int:
    """argparse type for a number of workers: 0 or more."""
    if not value.isdigit() or len(value) > 4:
        raise argparse.ArgumentTypeError(
            f"expected a number of processes (0 or more), got {value!r}"
        )
    return int(value)


def _read_input(path: str) -> bytes | str:
    """The bytes of *path*, or of stdin for "-" (text if stdin has no byte buffer)."""
    if path != "-":
        if os.path.isdir(path):
            raise _UsageError(f"{path!r} is a directory, expected a file")
        try:
            return Path(path).read_bytes()
        except OSError as exc:
            raise _WorkFailedError(f"cannot read {path!r}: {exc.strerror or exc}") from None
    if sys.stdin is None:  # started with its standard input closed
        raise _WorkFailedError("cannot read <stdin>: standard input is closed")
    try:
        buffer = getattr(sys.stdin, "buffer", None)
        return buffer.read() if buffer is not None else sys.stdin.read()
    except (OSError, ValueError) as exc:
        raise _WorkFailedError(f"cannot read <stdin>: {exc}") from None


def _cmd_import_toc(args: argparse.Namespace, out: TextIO) -> int:
    from dls_proceedings.formats import EXPORTERS

    name = "<stdin>" if args.file == "-" else args.file
    if args.publisher is not None and not args.publisher.strip():
        raise _UsageError(f"--publisher must name a publisher, got {args.publisher!r}")
    data = _read_input(args.file)
    try:
        volume = dp.from_toc(data, last_page=args.last_page, publisher=args.publisher)
    except dp.TocParseError as exc:
        # One line per problem, prefixed with the file, as compilers report.
        for problem in exc.problems:
            _error(f"{name}: {problem}")
        return 1
    _write_output(EXPORTERS[args.format](volume), args.output, out)
    return 0


def _cmd_site(args: argparse.Namespace, out: TextIO) -> int:
    """Write the volume's static "cite this" site into a directory (``dp.write_site``)."""
    from dls_proceedings.site import DEFAULT_STYLES, write_site

    styles: Sequence[str] = DEFAULT_STYLES
    if args.styles is not None:
        styles = [name.strip() for name in args.styles.split(",")]
        if not all(styles):
            raise _UsageError(
                f"--styles: expected style names separated by commas, e.g. 'ieee,apa', "
                f"got {args.styles!r}"
            )
    if not args.output:
        raise _UsageError("-o/--output: the directory name is empty")
    wk = _volume(args)
    try:
        write_site(wk, args.output, styles=styles, base_url=args.base_url, force=args.force)
    except dp.ArgumentError as exc:  # an unknown style is a LookupError: main() says exit 2
        message = str(exc).replace("force=True (--force on the command line)", "--force")
        raise _UsageError(message) from None
    except OSError as exc:
        raise _WorkFailedError(
            f"cannot write the site to {args.output!r}: {exc.strerror or exc}"
        ) from None
    return 0


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog=PROG,
        description="The proceedings of the 2020 IEEE/ACM Fourth Workshop on Deep Learning "
        "on Supercomputers (DLS): browse, search, cite and export.",
        epilog=f"example: {PROG} show cai2020deepgalaxy",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {dp.__version__}")
    parser.add_argument(
        "--debug",
        action="store_true",
        help="on an internal error, print the traceback (to report a bug)",
    )
    parser.add_argument(
        "--volume",
        metavar="FILE",
        help="work on the volume in FILE instead of the bundled one: our JSON, BibTeX or "
        "biblatex, CSL-JSON, RIS or a printed table of contents ('-' reads stdin)",
    )
    parser.add_argument(
        "--volume-format",
        choices=READABLE,
        metavar="FORMAT",
        help="the format of --volume FILE when its guess is wrong: " + ", ".join(READABLE),
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)

    def add(
        name: str, help_: str, example: str, func: Callable[..., int]
    ) -> argparse.ArgumentParser:
        p = sub.add_parser(name, help=help_, description=help_, epilog=f"example: {PROG} {example}")
        p.set_defaults(func=func)
        return p

    p = add(
        "list", "List the papers: key, pages, first author, title.", "list --session 2", _cmd_list
    )
    p.add_argument("--session", type=int, metavar="N", help="only session N (1 = the first)")
    p = add("show", "Show one paper in full.", "show jansen2020ddl", _cmd_show)
    p.add_argument(
        "key", metavar="KEY", help="the paper's citation key, or the volume's (e.g. dls2020)"
    )
    add("toc", "Print the table of contents as printed in the volume.", "toc", _cmd_toc)
    add("authors", "Print the author index: name and start pages.", "authors", _cmd_authors)
    p = add(
        "search",
        "Find papers by title, author or affiliation (case- and accent-insensitive).",
        "search bedorf",
        _cmd_search,
    )
    p.add_argument("text", metavar="TEXT", help="words that must all occur")
    p = add(
        "export",
        "Write the volume, or the papers KEY ..., as BibTeX, biblatex, CSL-JSON or JSON.",
        "export --format bibtex -o dls2020.bib",
        _cmd_export,
    )
    p.add_argument("--format", required=True, choices=sorted(FORMATS), help="the output format")
    p.add_argument(
        "--flavour",
        choices=["crossref", "standard", "condensed"],
        help=(
            "BibTeX/biblatex entries (default standard: each self-contained; crossref: "
            "papers plus an @proceedings entry, for citing the whole volume)"
        ),
    )
    p.add_argument(
        "keys",
        nargs="*",
        metavar="KEY",
        help="citation keys of papers, or the volume's own (default: all)",
    )
    p.add_argument(
        "-o", "--output", metavar="FILE", help="write to FILE atomically (default stdout)"
    )
    p = add(
        "cite",
        "Format the bibliography entries of the volume (papers, then the volume itself), "
        "or of the papers KEY ... in the order given, with a CSL style.",
        "cite --style apa jansen2020ddl cai2020deepgalaxy",
        _cmd_cite,
    )
    p.add_argument(
        "keys",
        nargs="*",
        metavar="KEY",
        help="citation keys of papers, or the volume's own (default: all)",
    )
    p.add_argument(
        "--style",
        default="ieee",
        metavar="NAME",
        help=f"a CSL style name (`{PROG} styles` lists them) or a path to a .csl file "
        "(default: %(default)s)",
    )
    p.add_argument(
        "--format",
        choices=OUTPUTS,
        default="text",
        help="plain text, or one HTML <div> per entry (default: %(default)s)",
    )
    p.add_argument(
        "--locale",
        metavar="L",
        help="language of the terms and dates, e.g. de-DE (default: the style's)",
    )
    p.add_argument(
        "--workers",
        type=_count,
        metavar="N",
        help="render on N processes (0: one per core; default: all cores from 1,000 entries "
        "on, else 1)",
    )
    p.add_argument(
        "--in-text",
        action="store_true",
        help="print one in-text citation (a footnote in a note style) of the KEYs instead; "
        "KEY@5 cites page 5, KEY@chapter:3 chapter 3",
    )
    p.add_argument(
        "-o", "--output", metavar="FILE", help="write to FILE atomically (default stdout)"
    )
    p = add(
        "styles",
        "List the installed CSL styles whose name or title contains QUERY (all without one).",
        "styles ieee",
        _cmd_styles,
    )
    p.add_argument("query", nargs="?", metavar="QUERY", help="words to look for (any case)")
    p = add(
        "import-toc",
        "Read a printed table of contents (UTF-8 text) into a volume and write it as JSON, "
        "BibTeX, biblatex or CSL-JSON.",
        "import-toc toc.txt --format bibtex -o volume.bib",
        _cmd_import_toc,
    )
    p.add_argument("file", metavar="FILE", help="the table of contents; '-' reads stdin")
    p.add_argument(
        "--format",
        default="json",
        choices=sorted(FORMATS),
        help="the output format (default json)",
    )
    p.add_argument(
        "--last-page",
        type=_positive_int,
        metavar="N",
        help="the page the last paper ends on, for a document without an 'Author Index' line",
    )
    p.add_argument(
        "--publisher", metavar="NAME", help="the publisher, if the document prints no copyright"
    )
    p.add_argument(
        "-o", "--output", metavar="FILE", help="write to FILE atomically (default stdout)"
    )
    p = add(
        "site",
        "Write a static website of the volume into DIR: an index, an author index and a page "
        "per paper with its citation in each style, downloads, and the metadata Google "
        "Scholar, Zotero and search engines read. Works from file:// and any static host.",
        "site -o public --styles ieee,apa --base-url https://example.org/dls2020/",
        _cmd_site,
    )
    p.add_argument("-o", "--output", required=True, metavar="DIR", help="the site's directory")
    p.add_argument(
        "--styles",
        metavar="LIST",
        help="CSL styles to cite each paper in, separated by commas (default: ieee, apa, "
        "chicago-author-date, harvard-cite-them-right, modern-language-association)",
    )
    p.add_argument(
        "--base-url",
        metavar="URL",
        help="the address the site will be served from: absolute canonical links, JSON-LD "
        "ids and a sitemap.xml (default: relative links only, no sitemap)",
    )
    p.add_argument(
        "--force",
        action="store_true",
        help="write into an existing DIR: replace or remove only the files an earlier site "
        "wrote there, never another file",
    )
    # --volume after the command too (`site -o DIR --volume toc.txt`); SUPPRESS keeps the
    # value given before the command when none is given here.
    p.add_argument(
        "--volume",
        metavar="FILE",
        default=argparse.SUPPRESS,
        help="the volume to publish, as --volume before COMMAND (default: the bundled one)",
    )
    p.add_argument(
        "--volume-format",
        choices=READABLE,
        metavar="FORMAT",
        default=argparse.SUPPRESS,
        help="the format of --volume FILE, as before COMMAND",
    )
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line *argv* (default: ``sys.argv[1:]``) and return the exit status.

    >>> main(["authors"]) == 0  # doctest: +ELLIPSIS
    Acevedo, Alberto  40
    ...
    True
    """
    out = sys.stdout
    parser = _parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:  # argparse reports usage errors (2) and --help (0) this way
        return int(exc.code or 0)
    if out is None:  # started with its standard output closed: no command can print
        _error("standard output is closed")
        return 1
    if isinstance(out, io.TextIOWrapper):
        out.reconfigure(encoding="utf-8")
    try:
        with warnings.catch_warnings():
            if not sys.warnoptions:
                # Warnings are for programmers (shown again with python -W default);
                # a shell user sees data and one-line errors only.
                warnings.simplefilter("ignore")
            code = int(args.func(args, out))
        out.flush()  # here, so that a reader gone away early is handled below
        return code
    except _UsageError as exc:
        _error(str(exc))
        return 2
    except _VolumeReadError as exc:
        # One line per problem, prefixed with the file, as compilers report.
        for problem in exc.error.problems:
            _error(f"{exc.name}: {problem}")
        return 1
    except dp.DlsProceedingsError as exc:
        _error(str(exc))
        # A name the library does not know (key, style) is the user's mistake: a usage error.
        return 2 if isinstance(exc, LookupError) else 1
    except _WorkFailedError as exc:
        _error(str(exc))
        return 1
    except BrokenPipeError:
        # `dls-proceedings styles | head` closes the pipe early; that is not a failure.
        # Point stdout at /dev/null so that the interpreter's final flush stays silent.
        _silence_stdout(out)
        return 0
    except OSError as exc:
        # Writing the output failed: a full disk (stdout to /dev/full), a closed descriptor.
        _silence_stdout(out)
        _error(f"cannot write the output: {exc.strerror or exc}")
        return 1
    except Exception as exc:
        if args.debug:
            traceback.print_exc()
        _error(
            f"internal error: {type(exc).__name__}: {exc}. This is a bug in {PROG}; "
            f"please report it with the command line and the output of `{PROG} --debug ...`",
        )
        return EX_SOFTWARE


def _error(message: str) -> None:
    """One error line on stderr."""
    _say(f"error: {message}")


def _say(message: str) -> None:
    """One line on stderr, if there is a stderr to write to."""
    if sys.stderr is None:  # started with its standard error closed
        return
    with contextlib.suppress(OSError):
        # stderr's "backslashreplace" shows characters it cannot encode (a lone surrogate
        # from an undecodable argument) as escapes instead of failing.
        print(f"{PROG}: {message}", file=sys.stderr)


def _silence_stdout(out: TextIO) -> None:
    try:
        fileno = out.fileno()
    except (OSError, ValueError):  # not a real file (a test's StringIO)
        return
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, fileno)
    os.close(devnull)
