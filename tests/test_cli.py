"""The command-line tool, in-process through main() and as the installed script."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path

import pytest

import dls_proceedings as dp
from dls_proceedings.citations.styles import available_styles, resolve_style
from dls_proceedings.cli import main
from dls_proceedings.formats import EXPORTERS

from . import transcription as T
from .conftest import CSL_SCHEMA, installed_script, require


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


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_list_on_a_terminal_has_aligned_columns(monkeypatch: pytest.MonkeyPatch) -> None:
    terminal = _Terminal()
    monkeypatch.setattr(sys, "stdout", terminal)
    assert main(["list"]) == 0
    lines = terminal.getvalue().splitlines()
    assert [line.split(" ")[0] for line in lines] == list(T.KEYS)
    assert "\t" not in terminal.getvalue()
    # Every column starts at the same offset on every line, two spaces after the widest cell.
    titles = {line.index(row[1]) for line, row in zip(lines, T.TOC, strict=True)}
    authors = {
        line.index(f"{T.split_byline(row[3])[0][0].split()[-1]} et al.")
        for line, row in zip(lines, T.TOC, strict=True)
    }
    pages = {line.index(f"{row[2]}–") for line, row in zip(lines, T.TOC, strict=True)}
    width = max(len(key) for key in T.KEYS)
    assert pages == {width + 2}
    assert len(authors) == 1
    assert len(titles) == 1
    assert authors.pop() < titles.pop()


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
    assert out.splitlines()[0] == T.TITLE_PAGE_TITLE
    assert T.TOC[6][3] in out


def test_help_has_examples(capsys: pytest.CaptureFixture[str]) -> None:
    for command in ["list", "show", "toc", "authors", "search", "export", "cite", "styles"]:
        code, out, _ = run(capsys, command, "--help")
        assert code == 0
        assert f"example: dls-proceedings {command}" in out
    code, out, _ = run(capsys, "--version")
    assert (code, out.strip()) == (0, "dls-proceedings 0.1.0")


def test_installed_script_writes_utf8_whatever_the_locale() -> None:
    script = installed_script()
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


@pytest.mark.parametrize("fmt", ["bibtex", "biblatex", "csl-json", "json", "ris"])
def test_export_matches_library(capsys: pytest.CaptureFixture[str], fmt: str) -> None:
    code, out, err = run(capsys, "export", "--format", fmt)
    assert (code, err) == (0, "")
    assert out == EXPORTERS[fmt](dp.load())


def test_export_selected_keys_with_flavour(capsys: pytest.CaptureFixture[str]) -> None:
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


@pytest.mark.parametrize("fmt", ["bibtex", "biblatex"])
def test_export_flavour_applies_to_bibtex_and_biblatex(
    capsys: pytest.CaptureFixture[str], fmt: str
) -> None:
    exporter = dp.to_bibtex if fmt == "bibtex" else dp.to_biblatex
    code, out, _ = run(capsys, "export", "--format", fmt)
    assert (code, out) == (0, exporter(dp.load()))
    assert "crossref" not in out  # the default: self-contained entries
    code, out, _ = run(capsys, "export", "--format", fmt, "--flavour", "crossref")
    assert (code, out) == (0, exporter(dp.load(), flavour="crossref"))


def test_export_usage_errors(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "export", "--format", "csl-json", "--flavour", "standard")
    assert code == 2
    assert "--flavour applies to --format bibtex and biblatex only" in err
    code, _, err = run(capsys, "export", "--format", "docx")
    assert code == 2
    assert "invalid choice: 'docx'" in err


def test_export_csl_json_is_valid_csl_data(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    import jsonschema

    schema = json.loads(CSL_SCHEMA.read_text(encoding="utf-8"))
    target = tmp_path / "dls2020.json"
    code, out, err = run(capsys, "export", "--format", "csl-json", "-o", str(target))
    assert (code, out, err) == (0, "", "")
    text = target.read_text(encoding="utf-8")
    assert text == dp.dump_csl_json(dp.load())
    items = json.loads(text)
    jsonschema.validate(items, schema)
    assert [i["id"] for i in items] == [*T.KEYS, "dls2020"]
    code, out, _ = run(
        capsys, "export", "--format", "csl-json", "cai2020deepgalaxy", "wang2020time"
    )
    assert code == 0
    assert out == dp.dump_csl_json(
        [dp.load().paper(k) for k in ("cai2020deepgalaxy", "wang2020time")]
    )
    jsonschema.validate(json.loads(out), schema)


# ---------------------------------------------------------------------------- cite
# The entries' text belongs to the citation renderer (and is being made to match
# citeproc-js), so these tests compare with the library, never with literal entries.


def _printed(entries: Sequence[str]) -> str:
    """What the CLI prints for *entries*: each as the library gives it, ending a line."""
    return "".join(e if e.endswith("\n") else e + "\n" for e in entries)


def _titles_in_order(out: str, indexes: Sequence[int]) -> None:
    folded = out.casefold()
    positions = [folded.index(T.TOC[i][1].casefold()) for i in indexes]
    assert positions == sorted(positions)


def test_cite_whole_volume_defaults_to_ieee(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "cite")
    assert (code, err) == (0, "")
    entries = dp.bibliography(dp.load(), "ieee")
    assert out == _printed(entries)
    lines = out.splitlines()
    assert len(lines) == len(entries) == len(T.KEYS) + 1  # the papers, then the volume
    for line, row in zip(lines, T.TOC, strict=False):
        assert row[1].casefold() in line.casefold()
    assert T.TITLE.casefold() in lines[-1].casefold()
    assert run(capsys, "cite", "--style", "ieee")[1] == out


def test_cite_keys_in_the_order_given(capsys: pytest.CaptureFixture[str]) -> None:
    wk = dp.load()
    keys = ["cai2020deepgalaxy", "murai2020online", "jansen2020ddl"]
    code, out, err = run(capsys, "cite", *keys, "--style", "ieee")
    assert (code, err) == (0, "")
    assert out == _printed(dp.bibliography([wk.paper(k) for k in keys], "ieee"))
    assert len(out.splitlines()) == 3
    _titles_in_order(out, [6, 0, 3])  # IEEE numbers the entries in citation order
    code, out, _ = run(capsys, "cite", "--style", "apa", *keys)
    assert code == 0
    assert out == _printed(dp.bibliography([wk.paper(k) for k in keys], "apa"))
    assert len(out.splitlines()) == 3
    _titles_in_order(out, [6, 3, 0])  # APA sorts by author: Cai, Jansen, Murai


def test_cite_html(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "cite", "--format", "html")
    assert (code, err) == (0, "")
    entries = dp.bibliography(dp.load(), "ieee", output="html")
    assert out == _printed(entries)
    assert out.count('<div class="csl-entry">') == len(entries) == len(T.KEYS) + 1
    for entry in entries:
        block = entry.strip()
        assert block.startswith('<div class="csl-entry">')
        assert block.endswith("</div>")
    _titles_in_order(out, range(len(T.TOC)))


def test_cite_locale(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "cite", "--locale", "de-DE", "murai2020online")
    assert (code, err) == (0, "")
    paper = dp.load().paper("murai2020online")
    assert out == _printed(dp.bibliography([paper], "ieee", locale="de-DE"))
    assert out != _printed(dp.bibliography([paper], "ieee")), "the locale changes the terms"


def test_cite_unknown_locale_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "cite", "--locale", "xx-XX", "jansen2020ddl")
    assert (code, out) == (2, "")
    assert "xx-XX" in err


def test_cite_unknown_style_suggests(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "cite", "--style", "ieeee")
    assert (code, out) == (2, "")
    assert err == "dls-proceedings: error: unknown style 'ieeee'; did you mean: ieee?\n"


def test_cite_style_from_a_csl_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    house = tmp_path / "house-style.csl"
    house.write_bytes(resolve_style("ieee").path.read_bytes())
    code, out, err = run(capsys, "cite", "--style", str(house), "wang2020time")
    assert (code, err) == (0, "")
    assert out == _printed(dp.bibliography([dp.load().paper("wang2020time")], house))
    assert out == run(capsys, "cite", "--style", "ieee", "wang2020time")[1]
    code, out, err = run(capsys, "cite", "--style", str(tmp_path / "missing.csl"))
    assert (code, out) == (2, "")
    assert "missing.csl" in err
    assert len(err.splitlines()) == 1


def test_cite_usage_errors(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "cite", "jansen2020dl")
    assert (code, out) == (2, "")
    assert err == (
        "dls-proceedings: error: unknown citation key 'jansen2020dl'; "
        "did you mean: jansen2020ddl?\n"
    )
    code, out, err = run(capsys, "cite", "--format", "pdf")
    assert (code, out) == (2, "")
    assert "invalid choice: 'pdf'" in err


def test_cite_to_file_is_atomic(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    target = tmp_path / "refs.txt"
    target.write_text("precious\n", encoding="utf-8")
    code, _, _ = run(capsys, "cite", "--style", "ieeee", "-o", str(target))
    assert code == 2
    assert target.read_text(encoding="utf-8") == "precious\n"
    code, out, _ = run(capsys, "cite", "--style", "apa", "-o", str(target))
    assert (code, out) == (0, "")
    assert target.read_text(encoding="utf-8") == _printed(dp.bibliography(dp.load(), "apa"))
    assert [p.name for p in tmp_path.iterdir()] == ["refs.txt"]


# ---------------------------------------------------------------------------- styles


def test_styles_query(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "styles", "IEEE")
    assert (code, err) == (0, "")
    rows = [line.split("\t") for line in out.splitlines()]
    assert all(len(row) == 2 for row in rows)
    names = [row[0] for row in rows]
    assert names == sorted(names)
    assert {"ieee", "ieee-access"} <= set(names)
    titles = {s.name: s.title for s in available_styles()}
    for name, title in rows:
        assert titles[name] == title
        assert "ieee" in name or "ieee" in title.casefold()
    expected = {n for n, t in titles.items() if "ieee" in n or "ieee" in t.casefold()}
    assert set(names) == expected


def test_styles_without_query_lists_all(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "styles")
    assert code == 0
    assert [line.split("\t")[0] for line in out.splitlines()] == [
        s.name for s in available_styles()
    ]


def test_styles_no_match_exits_1(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "styles", "no such style anywhere")
    assert (code, out) == (1, "")
    assert err == "dls-proceedings: no installed style matches 'no such style anywhere'\n"


# ---------------------------------------------------------------------------- start-up


# Runs the tool as ``python -m dls_proceedings`` does, then lists sys.modules:
# -X importtime would miss what importlib.import_module loads (the lazy exports).
_RUN_AND_LIST = """
import runpy, sys
sys.argv = ["dls-proceedings", *sys.argv[1:]]
try:
    runpy.run_module("dls_proceedings", run_name="__main__", alter_sys=True)
except SystemExit as exc:
    code = exc.code
else:
    code = 0
print("\\0".join(sorted(sys.modules)), file=sys.stderr)
sys.exit(code)
"""


def _imported(*argv: str, full: bool = False) -> set[str]:
    """Modules that ``python -m dls_proceedings ARGV`` has imported when it ends.

    Top-level package names, or with *full* the dotted names.
    """
    result = subprocess.run(
        [sys.executable, "-c", _RUN_AND_LIST, *argv],
        capture_output=True,
        text=True,
        check=False,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    names = set(result.stderr.splitlines()[-1].split("\0"))
    assert "dls_proceedings.cli" in names, result.stderr[-500:]
    return names if full else {name.split(".")[0] for name in names}


HEAVY = {"citeproc", "lxml", "bibtexparser", "pylatexenc"}


@pytest.mark.parametrize(
    "argv", [["--version"], ["list"], ["show", "cai2020deepgalaxy"], ["styles", "ieee"]]
)
def test_start_up_imports_no_heavy_module(argv: list[str]) -> None:
    assert _imported(*argv) & HEAVY == set()
    # Nor the renderer or a format module, which only cite and export need.
    modules = _imported(*argv, full=True)
    assert not {m for m in modules if m.startswith("dls_proceedings.formats.")}
    if argv[0] != "styles":
        assert not {m for m in modules if m.startswith("dls_proceedings.citations.")}


def test_cite_imports_only_what_citing_needs() -> None:
    dp.load()  # the validated volume is in the run's cache now: nothing to validate
    imported = _imported("cite", "--style", "ieee", full=True)
    assert {"citeproc", "dls_proceedings.citations.render"} <= imported
    unneeded = {
        "bibtexparser",
        "pylatexenc",
        "dls_proceedings.formats.bibtex",
        "dls_proceedings.formats.toc",
        "stdnum",  # ISBN checks and roman numerals run only when validating
        "roman",
    }
    assert imported & unneeded == set()


def test_heavy_modules_load_when_needed() -> None:
    # The check above can see these modules: `cite` imports citeproc when it renders.
    assert {"citeproc", "lxml"} <= _imported("cite", "wang2020time")


# ---------------------------------------------------------------------------- the script


def _script() -> str:
    script = installed_script()
    require(script is not None, "the dls-proceedings script is not installed (pip install -e .)")
    assert script is not None
    return script


def test_installed_script_cites_in_utf8_whatever_the_locale() -> None:
    env = {**os.environ, "LC_ALL": "C", "LANG": "C", "PYTHONIOENCODING": "ascii"}
    argv = [_script(), "cite", "--style", "apa", "cai2020deepgalaxy", "jansen2020ddl"]
    result = subprocess.run(argv, capture_output=True, env=env, check=False, timeout=120)
    assert (result.returncode, result.stderr) == (0, b"")
    wk = dp.load()
    papers = [wk.paper("cai2020deepgalaxy"), wk.paper("jansen2020ddl")]
    assert result.stdout == _printed(dp.bibliography(papers, "apa")).encode("utf-8")
    assert "Bédorf".encode() in result.stdout

    result = subprocess.run(
        [_script(), "cite", "--style", "ieeee"], capture_output=True, check=False, timeout=120
    )
    assert (result.returncode, result.stdout) == (2, b"")
    assert result.stderr == b"dls-proceedings: error: unknown style 'ieeee'; did you mean: ieee?\n"


@pytest.mark.parametrize("argv", [["authors"], ["styles"]], ids=["short", "long"])
def test_installed_script_into_a_closed_pipe(argv: list[str]) -> None:
    # `dls-proceedings styles | head -1`: the reader goes away early. No error, no traceback,
    # whether the write fails midway (long output) or at the final flush (short output).
    env = {k: v for k, v in os.environ.items() if k != "PYTHONUNBUFFERED"}
    with subprocess.Popen(
        [_script(), *argv], stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env
    ) as proc:
        assert proc.stdout is not None
        assert proc.stderr is not None
        proc.stdout.close()  # before the script has started writing
        err = proc.stderr.read()
        code = proc.wait(timeout=120)
    assert (code, err) == (0, b"")
