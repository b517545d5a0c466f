"""The exports through the real LaTeX tool chain: bibtex, pdflatex, biber, pdftotext.

These tests skip when a tool is missing locally and fail under CI=true, where
scripts/test installs them (texlive-publishers, texlive-bibtex-extra, biber,
poppler-utils).
"""

from __future__ import annotations

import itertools
import re
import shutil
import subprocess
from pathlib import Path

import pytest

import dls_proceedings as dp

from . import transcription as T
from .conftest import require
from .test_bibtex import HOSTILE

STYLES = ["plain", "IEEEtran", "ACM-Reference-Format"]


def _tool(name: str) -> str:
    path = shutil.which(name)
    require(
        path is not None, f"{name} is not installed (apt-get install texlive-bibtex-extra biber)"
    )
    assert path is not None
    return path


def _style_available(style: str) -> None:
    _tool("kpsewhich")
    found = subprocess.run(
        ["kpsewhich", f"{style}.bst"], capture_output=True, text=True, check=False
    )
    require(
        found.returncode == 0, f"{style}.bst is not installed (apt-get install texlive-publishers)"
    )


def _run(args: list[str], cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        args, cwd=cwd, capture_output=True, text=True, errors="replace", check=False, timeout=300
    )


def _bibtex(tmp_path: Path, style: str, bib: str, cites: list[str]) -> tuple[str, str]:
    _tool("bibtex")
    _style_available(style)
    (tmp_path / "refs.bib").write_text(bib, encoding="ascii")
    aux = "".join(f"\\citation{{{c}}}\n" for c in cites)
    (tmp_path / "doc.aux").write_text(
        f"\\relax\n{aux}\\bibstyle{{{style}}}\n\\bibdata{{refs}}\n", encoding="ascii"
    )
    result = _run(["bibtex", "doc"], tmp_path)
    blg = (tmp_path / "doc.blg").read_text(encoding="utf-8", errors="replace")
    assert result.returncode == 0, blg
    return blg, (tmp_path / "doc.bbl").read_text(encoding="utf-8", errors="replace")


def _warnings(blg: str) -> list[str]:
    return [
        line
        for line in blg.splitlines()
        if line.startswith("Warning--") or re.match(r"\(There (was|were) \d+ (warning|error)", line)
    ]


@pytest.mark.parametrize("flavour", ["crossref", "standard", "condensed"])
@pytest.mark.parametrize("style", STYLES)
def test_bibtex_has_no_warning(tmp_path: Path, style: str, flavour: str) -> None:
    from .test_latex_matrix import KNOWN, no_warning

    bib = dp.to_bibtex(dp.load(), flavour=flavour)  # type: ignore[arg-type]
    blg, bbl = _bibtex(tmp_path, style, bib, ["*"])
    if (style, flavour) == ("ACM-Reference-Format", "condensed"):
        # The condensed form leaves out publisher and address by definition, and
        # ACM's style asks for both: exactly those warnings, nothing else.
        expected = [f"Warning--empty {f} in {k}" for k in T.KEYS for f in ("publisher", "address")]
    else:
        # Only the warnings no field could avoid (tests/test_latex_matrix.py says why).
        expected = KNOWN.get((style, flavour), no_warning)(sorted(T.KEYS))
    assert sorted(w for w in _warnings(blg) if w.startswith("Warning--")) == sorted(expected)
    for key in T.KEYS:
        assert key in bbl


@pytest.mark.parametrize("style", STYLES)
def test_bibtex_resolves_crossref_when_only_papers_are_cited(tmp_path: Path, style: str) -> None:
    from .test_latex_matrix import KNOWN, no_warning

    crossref = dp.to_bibtex(dp.load(), flavour="crossref")
    # Seven papers cite the volume: bibtex adds it as an entry of its own (min-crossrefs).
    blg, bbl = _bibtex(tmp_path, style, crossref, list(T.KEYS))
    expected = KNOWN.get((style, "crossref"), no_warning)(sorted(T.KEYS))
    assert sorted(w for w in _warnings(blg) if w.startswith("Warning--")) == sorted(expected)
    assert re.search(r"\\bibitem(\[[^]]*\])?%?\s*\{dls2020\}", bbl)
    # One paper alone inherits the volume's fields into its own entry.
    blg, bbl = _bibtex(tmp_path, style, crossref, ["cai2020deepgalaxy"])
    expected = KNOWN.get((style, "standard"), no_warning)(["cai2020deepgalaxy"])
    assert sorted(w for w in _warnings(blg) if w.startswith("Warning--")) == sorted(expected)
    assert "{dls2020}" not in bbl
    flat = " ".join(bbl.split())
    assert "Fourth Workshop on Deep Learning on Supercomputers" in flat
    assert "56--62" in flat


def test_ieeetran_keeps_protected_case_and_abbreviates_names(tmp_path: Path) -> None:
    _, bbl = _bibtex(tmp_path, "IEEEtran", dp.to_bibtex(dp.load()), list(T.KEYS))
    flat = " ".join(bbl.split())
    for word in [
        "{LARS}",
        "{DDL Bench}",
        "{TopiQAL}",
        "{DeepGalaxy}",
        "{Monte Carlo}",
        "{Vandermonde}",
    ]:
        assert word in flat
    assert "H.~S. Venkataram" in flat
    assert "J.~B{\\'e}dorf" in flat
    assert "C.~A. Mattmann" in flat


def test_plain_lowercases_only_unprotected_words(tmp_path: Path) -> None:
    _, bbl = _bibtex(tmp_path, "plain", dp.to_bibtex(dp.load()), ["acevedo2020vandermonde"])
    flat = " ".join(bbl.split())
    assert "{Vandermonde} wave function ansatz for improved variational {Monte Carlo}" in flat


def _compile(tmp_path: Path, bib: str, cites: list[str]) -> str:
    _tool("pdflatex")
    _tool("bibtex")
    _style_available("IEEEtran")
    (tmp_path / "refs.bib").write_text(bib, encoding="ascii")
    (tmp_path / "doc.tex").write_text(
        "\\documentclass{article}\n\\usepackage[T1]{fontenc}\n\\begin{document}\n"
        + "".join(f"\\cite{{{c}}}\n" for c in cites)
        + "\\bibliographystyle{IEEEtran}\n\\bibliography{refs}\n\\end{document}\n",
        encoding="ascii",
    )
    latex = ["pdflatex", "-interaction=nonstopmode", "-halt-on-error", "-no-shell-escape", "doc"]
    for step in (latex, ["bibtex", "doc"], latex, latex):
        result = _run(step, tmp_path)
        assert result.returncode == 0, result.stdout[-3000:]
    log = (tmp_path / "doc.log").read_text(encoding="utf-8", errors="replace")
    assert not re.search(r"^! ", log, re.M), log[-3000:]
    assert "undefined" not in " ".join(re.findall(r"^LaTeX Warning: .*$", log, re.M))
    return (tmp_path / "doc.pdf").as_posix()


def test_pdflatex_compiles_the_volume(tmp_path: Path) -> None:
    pdf = _compile(tmp_path, dp.to_bibtex(dp.load()), list(T.KEYS))
    assert Path(pdf).stat().st_size > 1000


def _hostile_volume() -> dp.Workshop:
    data = dp.load().model_dump()
    data["sessions"][0]["papers"][0]["title"] = HOSTILE
    return dp.Workshop.model_validate(data)


def test_hostile_title_prints_literally_and_round_trips(tmp_path: Path) -> None:
    volume = _hostile_volume()
    bib = dp.to_bibtex(volume)
    assert "/etc/hostname" in bib
    pdf = _compile(tmp_path, bib, ["murai2020online"])
    _tool("pdftotext")
    text = _run(["pdftotext", "-layout", pdf, "-"], tmp_path).stdout
    flat = " ".join(text.split())
    assert HOSTILE in flat, flat
    hostname = Path("/etc/hostname")
    if hostname.is_file() and hostname.read_text().strip():
        # \input was printed, not executed: the file's content is not in the PDF.
        assert hostname.read_text().strip() not in flat.replace("/etc/hostname", "")
    (back, *_) = dp.from_bibtex(bib)
    assert back.title == HOSTILE
    (back, *_) = dp.from_bibtex(dp.to_biblatex(volume))
    assert back.title == HOSTILE


def test_biber_validates_the_biblatex_export(tmp_path: Path) -> None:
    _tool("biber")
    volumes = (("dls", dp.load()), ("hostile", _hostile_volume()))
    for (name, volume), flavour in itertools.product(volumes, ("standard", "crossref")):
        stem = f"{name}-{flavour}"
        bib = dp.to_biblatex(volume, flavour=flavour)  # type: ignore[arg-type]
        (tmp_path / f"{stem}.bib").write_text(bib, encoding="utf-8")
        result = _run(
            ["biber", "--tool", "--validate-datamodel", "--output-resolve", f"{stem}.bib"], tmp_path
        )
        output = result.stdout + result.stderr
        assert result.returncode == 0, output
        problems = [line for line in output.splitlines() if re.match(r"(WARN|ERROR)", line)]
        assert problems == []
        resolved = (tmp_path / f"{stem}_bibertool.bib").read_text(encoding="utf-8")
        # Each paper carries the volume's title as booktitle (crossref: resolved by biber).
        booktitle = "BOOKTITLE = {2020 {IEEE/ACM Fourth Workshop"
        assert resolved.count(booktitle) == len(T.KEYS)
