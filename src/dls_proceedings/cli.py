"""The ``dls-proceedings`` command-line tool: a thin layer over the public API.

Data goes to stdout (UTF-8 whatever the locale), messages to stderr. Exit codes:
0 success, 1 the work failed, 2 a usage error (unknown command, key or option).
"""

from __future__ import annotations

import argparse
import io
import sys
from collections.abc import Callable, Sequence
from typing import TextIO

import dls_proceedings as dp
from dls_proceedings.formats.toc import byline, to_toc

__all__ = ["main"]

PROG = "dls-proceedings"


class _UsageError(Exception):
    """A mistake in the command line: exit status 2."""


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
    except dp.UnknownKeyError as exc:
        raise _UsageError(str(exc)) from None


def _cmd_list(args: argparse.Namespace, out: TextIO) -> int:
    wk = dp.load()
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


def _cmd_show(args: argparse.Namespace, out: TextIO) -> int:
    wk = dp.load()
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


def _cmd_toc(_args: argparse.Namespace, out: TextIO) -> int:
    out.write(to_toc(dp.load()))
    return 0


def _cmd_authors(_args: argparse.Namespace, out: TextIO) -> int:
    for entry in dp.load().author_index():
        out.write(f"{entry}\n")
    return 0


def _cmd_search(args: argparse.Namespace, out: TextIO) -> int:
    found = dp.load().search(args.text)
    for paper in found:
        out.write(f"{paper.key}\t{paper.pages}\t{paper.title}\n\t{byline(paper.authors)}\n")
    if not found:
        print(f"{PROG}: no paper matches {args.text!r}", file=sys.stderr)
        return 1
    return 0


def _write_output(text: str, path: str | None, out: TextIO) -> None:
    """Write *text* to stdout, or atomically to *path* (a temporary file, then rename)."""
    if path is None or path == "-":
        out.write(text)
        return
    import os
    import tempfile

    target = os.path.abspath(path)
    directory = os.path.dirname(target)
    fd, temporary = tempfile.mkstemp(prefix=".dls-proceedings-", dir=directory)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as handle:
            handle.write(text)
        if os.path.exists(target):
            os.chmod(temporary, os.stat(target).st_mode & 0o777)
        else:
            umask = os.umask(0)
            os.umask(umask)
            os.chmod(temporary, 0o666 & ~umask)
        os.replace(temporary, target)
    except BaseException:
        os.unlink(temporary)
        raise


def _selection(wk: dp.Workshop, keys: Sequence[str]) -> dp.Workshop | list[dp.Paper]:
    if not keys:
        return wk
    return [_paper(wk, key) for key in keys]


def _cmd_export(args: argparse.Namespace, out: TextIO) -> int:
    from dls_proceedings.formats import EXPORTERS

    wk = dp.load()
    items = _selection(wk, args.keys)
    if args.flavour is not None and args.format != "bibtex":
        raise _UsageError(f"--flavour applies to --format bibtex only, not {args.format!r}")
    options = {"flavour": args.flavour} if args.flavour else {}
    text = EXPORTERS[args.format](items, **options)
    _write_output(text, args.output, out)
    return 0


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog=PROG,
        description="The proceedings of the 2020 IEEE/ACM Fourth Workshop on Deep Learning "
        "on Supercomputers (DLS): browse, search and export.",
        epilog=f"example: {PROG} show cai2020deepgalaxy",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {dp.__version__}")
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
    p.add_argument("key", metavar="KEY", help="the paper's citation key")
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
        "Write the volume, or the papers KEY ..., as BibTeX, biblatex or JSON.",
        "export --format bibtex -o dls2020.bib",
        _cmd_export,
    )
    p.add_argument("--format", required=True, choices=sorted(_formats()), help="the output format")
    p.add_argument(
        "--flavour",
        choices=["crossref", "standard", "condensed"],
        help="BibTeX entry style (default crossref: papers plus an @proceedings entry)",
    )
    p.add_argument("keys", nargs="*", metavar="KEY", help="citation keys (default: all)")
    p.add_argument(
        "-o", "--output", metavar="FILE", help="write to FILE atomically (default stdout)"
    )
    return parser


def _formats() -> list[str]:
    from dls_proceedings.formats import EXPORTERS

    return list(EXPORTERS)


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line *argv* (default: ``sys.argv[1:]``) and return the exit status.

    >>> main(["authors"]) == 0  # doctest: +ELLIPSIS
    Acevedo, Alberto  40
    ...
    True
    """
    out = sys.stdout
    if isinstance(out, io.TextIOWrapper):
        out.reconfigure(encoding="utf-8")
    parser = _parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:  # argparse reports usage errors (2) and --help (0) this way
        return int(exc.code or 0)
    try:
        return int(args.func(args, out))
    except _UsageError as exc:
        print(f"{PROG}: error: {exc}", file=sys.stderr)
        return 2
    except dp.DlsProceedingsError as exc:
        print(f"{PROG}: error: {exc}", file=sys.stderr)
        return 1
    except BrokenPipeError:
        # `dls-proceedings list | head` closes the pipe early; that is not a failure.
        return 0
