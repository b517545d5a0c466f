"""`--volume FILE` on every command, and the volume's own key wherever a paper key works."""

from __future__ import annotations

import io
import json
import subprocess
import sys
from pathlib import Path

import pytest

import dls_proceedings as dp
from dls_proceedings.cli import main
from dls_proceedings.formats.model_json import to_json
from dls_proceedings.formats.toc import to_toc

from . import transcription as T
from .conftest import installed_script, require


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def _other_volume() -> dp.Workshop:
    """A volume that is not the bundled one: the source with another title, place and key."""
    text = dp.catalog.SOURCE_FILE.read_text(encoding="utf-8")
    text = text.replace("Fourth Workshop on Deep Learning", "Fifth Workshop on Deep Learning")
    text = text.replace("Atlanta, Georgia", "Savannah, Georgia")
    return dp.from_toc(text)


@pytest.fixture
def other_files(tmp_path: Path) -> dict[str, Path]:
    volume = _other_volume()
    files = {
        "json": tmp_path / "other.json",
        "toc": tmp_path / "other.txt",
    }
    files["json"].write_text(to_json(volume), encoding="utf-8")
    files["toc"].write_text(to_toc(volume), encoding="utf-8")
    return files


COMMANDS = [
    ("list",),
    ("show", "cai2020deepgalaxy"),
    ("show", "dls2020"),
    ("toc",),
    ("authors",),
    ("search", "bedorf"),
    ("export", "--format", "bibtex"),
    ("export", "--format", "csl-json", "jansen2020ddl"),
    ("cite", "--style", "apa"),
    ("cite", "--style", "ieee", "dls2020", "cai2020deepgalaxy"),
]


@pytest.mark.parametrize("fmt", ["json", "toc"])
@pytest.mark.parametrize("command", COMMANDS, ids=[" ".join(c) for c in COMMANDS])
def test_every_command_reads_another_volume(
    capsys: pytest.CaptureFixture[str],
    other_files: dict[str, Path],
    fmt: str,
    command: tuple[str, ...],
) -> None:
    code, out, err = run(capsys, "--volume", str(other_files[fmt]), *command)
    assert (code, err) == (0, "")
    assert out
    # The same command on the bundled volume says "Fourth", never "Fifth".
    code, bundled, _ = run(capsys, *command)
    assert code == 0
    if command[0] in ("show", "toc", "export", "cite") and command[1:] != ("cai2020deepgalaxy",):
        assert "Fifth Workshop" in out
        assert "Fifth Workshop" not in bundled
        assert "Fourth Workshop" in bundled


def test_cite_of_another_volume_equals_the_library(
    capsys: pytest.CaptureFixture[str], other_files: dict[str, Path]
) -> None:
    volume = _other_volume()
    code, out, _ = run(capsys, "--volume", str(other_files["json"]), "cite", "--style", "apa")
    assert code == 0
    assert out.splitlines() == dp.bibliography(volume, "apa")
    assert "Savannah" in out


def test_volume_from_stdin(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    data = to_toc(_other_volume()).encode("utf-8")
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(data), encoding="utf-8"))
    code, out, err = run(capsys, "--volume", "-", "list")
    assert (code, err) == (0, "")
    assert [line.split("\t")[0] for line in out.splitlines()] == list(T.KEYS)


def test_toc_output_reimports(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    code, toc, _ = run(capsys, "toc")
    assert code == 0
    path = tmp_path / "toc.txt"
    path.write_text(toc, encoding="utf-8")
    code, out, err = run(capsys, "import-toc", str(path))
    assert (code, err) == (0, "")
    again = dp.Workshop.model_validate_json(out)
    bundled = dp.load()
    # Everything the printed table of contents carries comes back; DOIs and the
    # spellings seen in public records are not printed in it.
    # Which words are proper names is the data's judgement, not printed either.
    facts = {"sessions", "proper_names"}
    assert again.model_dump(exclude=facts) == bundled.model_dump(exclude=facts)
    for read, paper in zip(again.papers, bundled.papers, strict=True):
        assert (read.key, read.title, read.pages) == (paper.key, paper.title, paper.pages)
        assert [a.model_dump(exclude={"name_variants"}) for a in read.authors] == [
            a.model_dump(exclude={"name_variants"}) for a in paper.authors
        ]


def test_the_volume_key_works_where_a_paper_key_does(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "show", "dls2020")
    assert (code, err) == (0, "")
    assert f"title:         {T.TITLE}" in out.splitlines()
    assert "papers:        7" in out.splitlines()
    code, out, _ = run(capsys, "cite", "--style", "apa", "dls2020")
    assert out.strip() == dp.cite(dp.load(), "apa")
    code, out, _ = run(capsys, "export", "--format", "csl-json", "dls2020", "cai2020deepgalaxy")
    items = json.loads(out)
    whole = {item["id"]: item for item in dp.to_csl_json(dp.load())}
    assert items == [whole["dls2020"], whole["cai2020deepgalaxy"]]


@pytest.mark.parametrize(
    ("argv", "code", "fragments"),
    [
        (["--volume", "/nonexistent/v.bib", "list"], 1, ["cannot read", "/nonexistent/v.bib"]),
        (["--volume", ".", "list"], 2, ["is a directory"]),
        (["show", "dls2021"], 2, ["unknown citation key 'dls2021'", "dls2020"]),
        (["--volume-format", "xml", "list"], 2, ["invalid choice: 'xml'"]),
    ],
    ids=["missing-file", "directory", "close-volume-key", "unknown-volume-format"],
)
def test_volume_errors(
    capsys: pytest.CaptureFixture[str], argv: list[str], code: int, fragments: list[str]
) -> None:
    got, out, err = run(capsys, *argv)
    assert (got, out) == (code, "")
    for fragment in fragments:
        assert fragment in err


def test_a_bad_volume_file_lists_every_problem(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    path = tmp_path / "bad.json"
    path.write_text('{"title": " ", "sessions": []}', encoding="utf-8")
    code, out, err = run(capsys, "--volume", str(path), "list")
    assert (code, out) == (1, "")
    lines = err.splitlines()
    assert len(lines) >= 2
    assert all(line.startswith(f"dls-proceedings: error: {path}: ") for line in lines)
    assert "read as json" in lines[0]


@pytest.mark.parametrize(
    ("argv", "heads"),
    [
        (["--format", "bibtex", "dls2020"], ["@proceedings{dls2020,"]),
        (["--format", "biblatex", "dls2020"], ["@proceedings{dls2020,"]),
        (["--format", "ris", "dls2020"], ["TY  - BOOK"]),
        (
            ["--format", "bibtex", "--flavour", "standard", "cai2020deepgalaxy", "dls2020"],
            ["@inproceedings{cai2020deepgalaxy,", "@proceedings{dls2020,"],
        ),
        (
            ["--format", "bibtex", "--flavour", "crossref", "cai2020deepgalaxy", "dls2020"],
            ["@inproceedings{cai2020deepgalaxy,", "@proceedings{dls2020,"],
        ),
        (["--format", "ris", "cai2020deepgalaxy", "dls2020"], ["TY  - CPAPER", "TY  - BOOK"]),
    ],
    ids=[
        "bibtex",
        "biblatex",
        "ris",
        "bibtex-standard-mixed",
        "bibtex-crossref-mixed",
        "ris-mixed",
    ],
)
def test_export_of_the_volume_key_is_its_own_record(
    capsys: pytest.CaptureFixture[str], argv: list[str], heads: list[str]
) -> None:
    code, out, err = run(capsys, "export", *argv)
    assert (code, err) == (0, "")
    found = [line for line in out.splitlines() if line.startswith(("@", "TY  - "))]
    assert found == heads
    # Read back, the volume's record names the volume.
    if argv[1] in ("bibtex", "ris"):
        assert T.TITLE in out.replace("{", "").replace("}", "")  # without case protection


def test_export_json_of_the_volume_key_is_the_volume(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "export", "--format", "json", "dls2020")
    assert code == 0
    assert dp.Workshop.model_validate_json(out) == dp.load()
    code, out, err = run(capsys, "export", "--format", "json", "dls2020", "cai2020deepgalaxy")
    assert (code, out) == (2, "")
    assert "stands for the whole volume" in err


@pytest.mark.parametrize("style", ["apa", "ieee"])
def test_a_crossref_bib_cites_as_the_same_volume_from_json(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, style: str
) -> None:
    # An @proceedings entry and crossref'd papers, as DBLP and our crossref flavour write.
    volume = _other_volume()
    bib, json_file = tmp_path / "other.bib", tmp_path / "other.json"
    bib.write_text(dp.to_bibtex(volume, flavour="crossref"), encoding="utf-8")
    json_file.write_text(to_json(volume), encoding="utf-8")
    code, from_bib, err = run(capsys, "--volume", str(bib), "cite", "--style", style)
    assert (code, err) == (0, "")
    code, from_json, _ = run(capsys, "--volume", str(json_file), "cite", "--style", style)
    assert code == 0
    papers = len(volume.papers)
    # Every paper's entry (venue, year, pages) is identical; the volume's own entry
    # differs only by what classic BibTeX cannot carry (the day, the short title).
    bib_lines, json_lines = from_bib.splitlines(), from_json.splitlines()
    assert len(bib_lines) == len(json_lines) == papers + 1
    # A paper's entry has its page range (an en dash); the volume's has none.
    bib_papers = [line for line in bib_lines if "–" in line]
    assert len(bib_papers) == papers
    assert bib_papers == [line for line in json_lines if "–" in line]
    assert all("Fifth Workshop on Deep Learning on Supercomputers" in e for e in bib_papers)


def test_toc_piped_into_import_toc() -> None:
    # `dls-proceedings toc | dls-proceedings import-toc -`, as a shell runs it.
    script = installed_script()
    require(script is not None, "the dls-proceedings script is not installed (pip install .)")
    assert script is not None
    toc = subprocess.run([script, "toc"], capture_output=True, check=True)
    read = subprocess.run(
        [script, "import-toc", "-"], input=toc.stdout, capture_output=True, check=False
    )
    assert (read.returncode, read.stderr) == (0, b"")
    again = dp.Workshop.model_validate_json(read.stdout)
    assert [p.key for p in again.papers] == list(T.KEYS)
    assert (again.title, again.publisher, again.isbn_online) == (
        T.TITLE,
        "IEEE",
        dp.load().isbn_online,
    )


def test_a_paper_read_from_our_bibtex_cites_with_its_venue() -> None:
    # Before, from_bibtex dropped booktitle and year: this printed "(n.d.)" and no venue.
    paper = dp.from_bibtex(dp.to_bibtex(dp.load()))[-1]
    entry = dp.cite(paper, "apa")
    assert entry == dp.cite(dp.load().paper(paper.key), "apa")
    assert "(2020)" in entry
    assert T.TITLE in entry
