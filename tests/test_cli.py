"""The command-line tool, in-process through main() and as the installed script."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from dls_proceedings.cli import main

from . import transcription as T
from .conftest import require


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_list(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "list")
    assert (code, err) == (0, "")
    rows = [line.split("\t") for line in out.splitlines()]
    assert [r[0] for r in rows] == list(T.KEYS)
    assert [r[3] for r in rows] == [row[1] for row in T.TOC]
    assert rows[0][1:3] == ["1–9", "Murai et al."]


def test_list_session(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "list", "--session", "2")
    assert code == 0
    assert [line.split("\t")[0] for line in out.splitlines()] == list(T.KEYS[4:])


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["list", "--session", "3"], "unknown session 3; the volume has sessions 1 to 2"),
        (["show", "cai2020"], "unknown citation key 'cai2020'; did you mean: cai2020deepgalaxy?"),
        (["frobnicate"], "invalid choice: 'frobnicate'"),
        (["list", "--session", "two"], "invalid int value: 'two'"),
    ],
    ids=["bad-session", "bad-key", "bad-command", "bad-int"],
)
def test_usage_errors_exit_2(
    capsys: pytest.CaptureFixture[str], argv: list[str], message: str
) -> None:
    code, out, err = run(capsys, *argv)
    assert code == 2
    assert out == ""
    assert message in err
    assert "Traceback" not in err


def test_show(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "show", "jansen2020ddl")
    assert code == 0
    assert "title:    " + T.TOC[3][1] in out
    assert "doi:      10.1109/DLS51937.2020.00009" in out
    assert "session:  Algorithm, Modeling, and Infrastructure" in out
    assert (
        "  Matthijs Jansen (SURFsara, The Netherlands; University of Amsterdam, The Netherlands)"
        in out
    )


def test_show_unknown_doi_says_so(capsys: pytest.CaptureFixture[str]) -> None:
    _, out, _ = run(capsys, "show", "murai2020online")
    assert "doi:      unknown" in out


def test_authors(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "authors")
    assert code == 0
    lines = out.splitlines()
    assert len(lines) == 34
    assert "Codreanu, Valeriu  31, 56" in lines


def test_search(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "search", "bedorf")
    assert code == 0
    assert out.startswith("cai2020deepgalaxy\t56–62\tDeepGalaxy")
    code, out, err = run(capsys, "search", "quantum chromodynamics")
    assert (code, out) == (1, "")
    assert "no paper matches 'quantum chromodynamics'" in err


def test_toc(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "toc")
    assert code == 0
    assert out.splitlines()[0] == T.TITLE
    assert T.TOC[6][3] in out


def test_help_has_examples(capsys: pytest.CaptureFixture[str]) -> None:
    for command in ["list", "show", "toc", "authors", "search", "export"]:
        code, out, _ = run(capsys, command, "--help")
        assert code == 0
        assert f"example: dls-proceedings {command}" in out
    code, out, _ = run(capsys, "--version")
    assert (code, out.strip()) == (0, "dls-proceedings 0.1.0")


def test_installed_script_writes_utf8_whatever_the_locale() -> None:
    script = shutil.which("dls-proceedings")
    require(script is not None, "the dls-proceedings script is not installed (pip install -e .)")
    assert script is not None
    env = {**os.environ, "LC_ALL": "C", "LANG": "C", "PYTHONIOENCODING": "ascii"}
    result = subprocess.run(
        [script, "search", "bedorf"], capture_output=True, env=env, check=False, timeout=60
    )
    assert result.returncode == 0, result.stderr
    assert "Jeroen Bédorf (minds.ai)".encode() in result.stdout


def test_python_dash_m() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "dls_proceedings", "show", "nosuchkey"],
        capture_output=True,
        text=True,
        check=False,
        timeout=60,
    )
    assert result.returncode == 2
    assert result.stdout == ""
    assert result.stderr.startswith("dls-proceedings: error: unknown citation key 'nosuchkey'")


@pytest.mark.parametrize("fmt", ["bibtex", "biblatex", "json"])
def test_export_matches_library(capsys: pytest.CaptureFixture[str], fmt: str) -> None:
    import dls_proceedings as dp
    from dls_proceedings.formats import EXPORTERS

    code, out, err = run(capsys, "export", "--format", fmt)
    assert (code, err) == (0, "")
    assert out == EXPORTERS[fmt](dp.load())


def test_export_selected_keys_with_flavour(capsys: pytest.CaptureFixture[str]) -> None:
    import dls_proceedings as dp

    code, out, _ = run(
        capsys, "export", "--format", "bibtex", "--flavour", "standard", "wang2020time"
    )
    assert code == 0
    assert out == dp.to_bibtex([dp.load().paper("wang2020time")], flavour="standard")
    assert out.startswith("@inproceedings{wang2020time,")


def test_export_to_file_is_atomic(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    target = tmp_path / "refs.bib"
    target.write_text("precious\n", encoding="utf-8")
    code, out, err = run(capsys, "export", "--format", "bibtex", "nosuchkey", "-o", str(target))
    assert code == 2
    assert "unknown citation key 'nosuchkey'" in err
    assert target.read_text(encoding="utf-8") == "precious\n"
    code, out, _ = run(capsys, "export", "--format", "bibtex", "-o", str(target))
    assert (code, out) == (0, "")
    assert target.read_text(encoding="utf-8").startswith("@inproceedings{murai2020online,")
    assert [p.name for p in tmp_path.iterdir()] == ["refs.bib"], "no temporary file left behind"


def test_export_usage_errors(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "export", "--format", "biblatex", "--flavour", "standard")
    assert code == 2
    assert "--flavour applies to --format bibtex only" in err
    code, _, err = run(capsys, "export", "--format", "docx")
    assert code == 2
    assert "invalid choice: 'docx'" in err
