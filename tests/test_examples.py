"""Every example runs and prints what the source document says."""

from __future__ import annotations

import itertools
import json
import subprocess
import sys
import unicodedata
from pathlib import Path

import dls_proceedings as dp

from . import transcription as T
from .conftest import ROOT

EXAMPLES = ROOT / "examples"
STARTS = [row[2] for row in T.TOC] + [T.AUTHOR_INDEX_PAGE]
PAGES = [f"{first}–{nxt - 1}" for first, nxt in itertools.pairwise(STARTS)]


def _run(name: str, *args: str, cwd: Path | None = None) -> str:
    result = subprocess.run(
        [sys.executable, str(EXAMPLES / name), *args],
        capture_output=True,
        text=True,
        encoding="utf-8",
        check=False,
        timeout=120,
        cwd=cwd,
    )
    assert (result.returncode, result.stderr) == (0, "")
    return result.stdout


def test_every_example_is_tested() -> None:
    tested = {
        "author_index.py",
        "browse_volume.py",
        "cite_paper.py",
        "reading_list.py",
        "write_files.py",
    }
    assert {p.name for p in Path(EXAMPLES).glob("*.py")} == tested


def test_browse_volume() -> None:
    out = _run("browse_volume.py").splitlines()
    assert out[0] == f"{T.TITLE}, {T.PLACE}, 2020-11-11"
    for key, pages in zip(T.KEYS, PAGES, strict=True):
        assert f"  {pages}  {key}" in out
    assert "Algorithm, Modeling, and Infrastructure" in out
    assert (
        "  by Maxwell X. Cai; Jeroen Bédorf; Vikram A. Saletore; Valeriu Codreanu; Damian "
        "Podareanu; Adel Chaibi; Penny X. Qian" in out
    )
    assert out[-2:] == ["Authors with more than one paper:", "  Codreanu, Valeriu  31, 56"]


def test_cite_paper() -> None:
    # The entries' exact text is the citation renderer's business: compare with the library.
    for args, index in [((), 3), (("cai2020deepgalaxy",), 6)]:
        paper = dp.load().paper(T.KEYS[index])
        out = _run("cite_paper.py", *args)
        ieee, apa = dp.cite(paper, "ieee").strip(), dp.cite(paper, "apa").strip()
        assert out == f"ieee:\n{ieee}\napa:\n{apa}\n"
        for entry in (ieee, apa):
            assert T.TOC[index][1].casefold() in entry.casefold()
            assert str(T.DOIS[index]) in entry


def test_write_files(tmp_path: Path) -> None:
    out = _run("write_files.py", str(tmp_path / "refs")).splitlines()
    bib, csl = tmp_path / "refs" / "dls2020.bib", tmp_path / "refs" / "dls2020.json"
    assert out == [
        f"{bib}: 7 papers",
        f"{csl}: 8 CSL-JSON items (the papers, then the volume)",
    ]
    text = bib.read_text(encoding="utf-8")
    keys = [line.split("{")[1].rstrip(",") for line in text.splitlines() if "@" in line[:1]]
    assert keys == list(T.KEYS)  # self-contained papers, no @proceedings entry
    items = json.loads(csl.read_text(encoding="utf-8"))
    assert [i["id"] for i in items[:-1]] == list(T.KEYS)
    # Sentence case in the data, the title as printed in custom.printed-title.
    printed = [i.get("custom", {}).get("printed-title", i["title"]) for i in items[:-1]]
    assert printed == [row[1] for row in T.TOC]
    assert [i.get("DOI") for i in items[:-1]] == list(T.DOIS)
    assert (items[-1]["type"], items[-1]["title"]) == ("book", T.TITLE)


def test_write_files_default_is_the_current_directory(tmp_path: Path) -> None:
    out = _run("write_files.py", cwd=tmp_path).splitlines()
    assert out == [
        "dls2020.bib: 7 papers",
        "dls2020.json: 8 CSL-JSON items (the papers, then the volume)",
    ]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["dls2020.bib", "dls2020.json"]


def _fold(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


def test_author_index() -> None:
    pages: dict[str, list[int]] = {}
    for _, _, start, byline in T.TOC:
        for name, _ in T.split_byline(byline):
            *given, family = name.split(" ")
            pages.setdefault(f"{family}, {' '.join(given)}", []).append(start)
    expected = [
        f"{name}  {', '.join(map(str, starts))}"
        for name, starts in sorted(pages.items(), key=lambda kv: _fold(kv[0]))
    ]
    out = _run("author_index.py").splitlines()
    assert out == [f"Author index ({len(expected)} authors)", *expected]
    assert len(expected) == 34
    assert "Codreanu, Valeriu  31, 56" in out


def test_reading_list() -> None:
    for args, session, rows in [((), "Applications", range(4, 7)), (("1",), None, range(4))]:
        out = _run("reading_list.py", *args).splitlines()
        assert out[0] == f"# {session or T.TOC[0][0]}"
        items = [line for line in out if line.startswith("- ")]
        assert len(items) == len(rows)
        for line, i in zip(items, rows, strict=True):
            names = ", ".join(name for name, _ in T.split_byline(T.TOC[i][3]))
            doi = T.DOIS[i]
            link = f"[doi:{doi}](https://doi.org/{doi})" if doi else "DOI unknown"
            assert line == f"- **{T.TOC[i][1]}** — {names}, pp. {PAGES[i]}. {link}"
