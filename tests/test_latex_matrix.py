"""The exports through LaTeX with the common styles: what a reader of the PDF sees.

Each style compiles two documents of the default (self-contained) export, one
citing three papers and one citing the whole volume (``\\nocite{*}``), and one
of the crossref flavour citing the whole volume: bibtex with eight ``.bst``
styles, biblatex + biber (``--validate-datamodel``) with four. On the text of
the PDF (pdftotext) every reference is one line (the page is wide enough), so
each check is per entry: only the cited papers are listed, nothing prints "See
[n]", the volume's label "DLS 2020" never appears, and the event's place and the
publisher's are each printed at most once. The ``.blg`` and the LaTeX log hold no warning, except
those ``KNOWN`` lists with the reason none can be avoided (docs/bibtex.md).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest

import dls_proceedings as dp

from . import transcription as T
from .conftest import require
from .test_bibtex_tools import _run, _style_available, _tool

SUBSET = ("murai2020online", "acevedo2020vandermonde", "cai2020deepgalaxy")
# The first author's family name marks each paper's entry in the PDF text.
FIRST_AUTHOR = {p.key: p.authors[0].family for p in dp.load().papers}

BIBTEX_STYLES = {
    "plain": "",
    "unsrt": "",
    "alpha": "",
    "abbrv": "",
    "plainnat": "\\usepackage{natbib}\n",
    "IEEEtran": "",
    # natbib and url are what acmart loads for it; the .bbl defines the rest.
    "ACM-Reference-Format": "\\usepackage{natbib}\n\\usepackage{url}\n",
    "apalike": "",
}
BIBLATEX_STYLES = ("numeric", "authoryear", "ieee", "apa")

_NO_SORT_KEY = "Warning--to sort, need editor, organization, or key in dls2020"


def no_warning(keys: list[str]) -> list[str]:
    """The warnings expected of a style and flavour with nothing in ``KNOWN``: none."""
    return []


KNOWN: dict[tuple[str, str], Callable[[list[str]], list[str]]] = {
    # An @proceedings without editor, organization or key cannot be sorted by
    # these styles; a key would be printed as text ("DLS 2020"), and the volume
    # has no editor or sponsoring organization on record.
    ("plain", "crossref"): lambda keys: [_NO_SORT_KEY],
    ("alpha", "crossref"): lambda keys: [_NO_SORT_KEY],
    ("abbrv", "crossref"): lambda keys: [_NO_SORT_KEY],
    ("plainnat", "crossref"): lambda keys: [_NO_SORT_KEY],
    ("apalike", "crossref"): lambda keys: ["Warning--to sort, need editor or key in dls2020"],
    ("ACM-Reference-Format", "crossref"): lambda keys: [
        "Warning--no key, editor or organization in dls2020",
        "Warning--no author, editor, organization, or key in dls2020",
        _NO_SORT_KEY,
        *["Warning--no key, editor or organization in dls2020"] * 3,
    ],
    # biblatex-apa reads @proceedings as a @book, whose data model requires an author.
    ("apa", "crossref"): lambda keys: ["Missing mandatory field 'author'"] * 2,
}
# ACM's style refers a crossref'd paper to its volume as "See <label>"; the
# label of a volume without editor or key is made of the entry key ("dls").
_SEES_THE_VOLUME = {"ACM-Reference-Format"}

_PREAMBLE = (
    "\\documentclass{article}\n"
    # Wide enough that every reference is one line of the PDF's text.
    "\\usepackage[paperwidth=200cm,paperheight=40cm,margin=1cm]{geometry}\n"
    "\\pagestyle{empty}\n"
)


def _document(engine: str, style: str, cites: str) -> str:
    if engine == "bibtex":
        return (
            f"{_PREAMBLE}{BIBTEX_STYLES[style]}\\begin{{document}}\n{cites}\n"
            f"\\bibliographystyle{{{style}}}\n\\bibliography{{refs}}\n\\end{{document}}\n"
        )
    return (
        f"{_PREAMBLE}\\usepackage[style={style},backend=biber]{{biblatex}}\n"
        f"\\addbibresource{{refs.bib}}\n\\begin{{document}}\n{cites}\n"
        "\\printbibliography\n\\end{document}\n"
    )


class Compiled:
    """One document compiled: the bibliography tool's warnings, LaTeX's, and the references."""

    def __init__(self, blg: list[str], log: list[str], entries: list[str]) -> None:
        self.blg = blg
        self.log = log
        self.entries = entries


def _compile(directory: Path, engine: str, style: str, bib: str, cites: str) -> Compiled:
    directory.mkdir()
    (directory / "refs.bib").write_text(bib, encoding="utf-8")
    (directory / "doc.tex").write_text(_document(engine, style, cites), encoding="utf-8")
    latex = ["pdflatex", "-interaction=nonstopmode", "-halt-on-error", "-no-shell-escape", "doc"]
    tool = ["bibtex", "doc"] if engine == "bibtex" else ["biber", "--validate-datamodel", "doc"]
    for step in (latex, tool, latex, latex):
        result = _run(step, directory)
        assert result.returncode == 0, (step, result.stdout[-3000:])
    blg = (directory / "doc.blg").read_text(encoding="utf-8", errors="replace")
    if engine == "bibtex":
        warnings = [line for line in blg.splitlines() if line.startswith("Warning--")]
    else:
        warnings = re.findall(r"(?:WARN|ERROR) - (?:Datamodel: Entry '\w+' \([^)]*\): )?(.*)", blg)
    log = (directory / "doc.log").read_text(encoding="utf-8", errors="replace")
    latex_warnings = re.findall(r"^.*Warning.*$", log, re.M)
    text = _run(["pdftotext", "-layout", "doc.pdf", "-"], directory).stdout
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    heading = lines.index("References")
    return Compiled(warnings, latex_warnings, lines[heading + 1 :])


def _check(compiled: Compiled, style: str, flavour: str, cited: tuple[str, ...]) -> None:
    expected = KNOWN.get((style, flavour), no_warning)(sorted(cited))
    assert sorted(compiled.blg) == sorted(expected)
    if expected and style in BIBLATEX_STYLES:
        # biblatex repeats that biber reported something, once per issue.
        assert set(compiled.log) == {
            "Package biblatex Warning: Biber reported the following issues"
        }
    else:
        assert compiled.log == []
    entries = compiled.entries
    volume = [e for e in entries if not any(FIRST_AUTHOR[k] in e for k in T.KEYS)]
    assert len(volume) == (1 if flavour == "crossref" else 0), entries
    papers = [e for e in entries if e not in volume]
    assert len(papers) == len(cited), entries
    for key in T.KEYS:
        listed = [e for e in papers if FIRST_AUTHOR[key] in e]
        assert len(listed) == (key in cited), (key, entries)
    for entry in entries:
        assert "DLS 2020" not in entry
        assert entry.count("Atlanta") <= 1, entry
        assert entry.count(T.PUBLISHER_PLACE) <= 1, entry
        if style not in _SEES_THE_VOLUME or flavour != "crossref":
            assert not re.search(r"\bSee\b", entry), entry


def _matrix(tmp_path: Path, engine: str, style: str) -> None:
    export = dp.to_bibtex if engine == "bibtex" else dp.to_biblatex
    volume = dp.load()
    default = export(volume)
    subset = "\\cite{" + ",".join(SUBSET) + "}"
    _check(_compile(tmp_path / "subset", engine, style, default, subset), style, "standard", SUBSET)
    whole = _compile(tmp_path / "whole", engine, style, default, "\\nocite{*}")
    _check(whole, style, "standard", T.KEYS)
    crossref = export(volume, flavour="crossref")
    whole = _compile(tmp_path / "crossref", engine, style, crossref, "\\nocite{*}")
    _check(whole, style, "crossref", T.KEYS)


@pytest.mark.parametrize("style", BIBTEX_STYLES)
def test_bibtex_styles(tmp_path: Path, style: str) -> None:
    for tool in ("pdflatex", "bibtex", "pdftotext"):
        _tool(tool)
    _style_available(style)
    _matrix(tmp_path, "bibtex", style)


@pytest.mark.parametrize("style", BIBLATEX_STYLES)
def test_biblatex_styles(tmp_path: Path, style: str) -> None:
    for tool in ("pdflatex", "biber", "pdftotext", "kpsewhich"):
        _tool(tool)
    found = _run(["kpsewhich", f"{style}.bbx"], tmp_path)
    require(found.returncode == 0, f"biblatex style {style} is not installed")
    _matrix(tmp_path, "biber", style)


# --------------------------------------------------------------------------- pybtex


@pytest.mark.parametrize("style", ["plain", "unsrt", "alpha"])
def test_pybtex_formats_the_default_export(style: str) -> None:
    import importlib.util

    require(importlib.util.find_spec("pybtex") is not None, "pybtex is not installed (pip)")
    from pybtex.database import parse_string
    from pybtex.plugin import find_plugin

    data = parse_string(dp.to_bibtex(dp.load()), "bibtex")
    # FieldIsMissing (a required field absent) would be raised here.
    formatted = find_plugin("pybtex.style.formatting", style)().format_bibliography(data)
    texts = {entry.key: entry.text.render_as("text") for entry in formatted}
    assert sorted(texts) == sorted(T.KEYS)
    for text in texts.values():
        assert "2020 IEEE/ACM Fourth Workshop on Deep Learning on Supercomputers (DLS)" in text
        # As BibTeX's plain: the publisher's place with the date, then the publisher.
        assert f"{T.PUBLISHER_PLACE}, November 2020. IEEE" in text
        assert "DLS 2020" not in text
        assert "Atlanta" not in text  # pybtex's styles have no field for the event's place
