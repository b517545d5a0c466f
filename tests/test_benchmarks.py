"""The benchmark suite runs at a tiny size, and the fast paths it measures are exact.

The suite (benchmarks/run.py) is run as a subprocess, as CI and a developer run
it; its agreement checks must pass, and must fail when our outputs are corrupted
(``--sabotage``). The speed work added fast paths that must give exactly what the
slow, general code gives; they are compared here on many generated inputs.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from dls_proceedings import models
from dls_proceedings.formats import _latex

from .conftest import require

ROOT = Path(__file__).resolve().parent.parent
RUN = ROOT / "benchmarks" / "run.py"
CASES = ("1", "4", "5", "6", "7", "9")


def _run_suite(tmp_path: Path, *extra: str) -> tuple[subprocess.CompletedProcess[str], str]:
    out = tmp_path / "BENCHMARKS.md"
    argv = [sys.executable, str(RUN), "--size", "50", "--runs", "1", "--cases", ",".join(CASES)]
    result = subprocess.run(
        [*argv, "--out", str(out), "--quiet", *extra],
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    return result, out.read_text(encoding="utf-8") if out.exists() else ""


def test_suite_runs_and_agrees(tmp_path: Path) -> None:
    result, report = _run_suite(tmp_path)
    assert result.returncode == 0, result.stderr
    assert "All agreement checks passed: " + "; ".join(f"case {c}" for c in CASES) in report
    for case_id in CASES:
        assert f"\n## {case_id}. " in report
    assert "- Machine: " in report
    assert "- Date: " in report
    # Every judged comparison has a ratio and a verdict in the summary.
    assert re.search(r"\| 4\. .* \| \d+\.\d\d× \| .* \| (yes|\*\*no\*\*) \|", report)


def test_citation_cases_run_and_report(tmp_path: Path) -> None:
    # Cases 2, 3 and 8 need the peers: node with citeproc-js, and pandoc.
    citeproc_js = ROOT / "tools" / "citeproc-js" / "node_modules" / "citeproc"
    require(shutil.which("node") is not None, "node (citation benchmarks' peer)")
    require(citeproc_js.is_dir(), "citeproc-js (npm ci --prefix tools/citeproc-js)")
    require(shutil.which("pandoc") is not None, "pandoc (citation benchmarks' peer)")
    out = tmp_path / "BENCHMARKS.md"
    argv = [sys.executable, str(RUN), "--size", "30", "--runs", "1", "--citation-runs", "1"]
    result = subprocess.run(
        [*argv, "--cases", "2,3,8", "--out", str(out), "--quiet"],
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    report = out.read_text(encoding="utf-8")
    assert "## 2, 3, 8. Formatted citations" in report
    rows = [line for line in report.splitlines() if line.startswith("| ")]
    for case_id, peer in [("2", "citeproc-js"), ("2", "pandoc"), ("3", "citeproc-js"),
                          ("3", "pandoc --citeproc"), ("8", "citeproc-js (node)")]:  # fmt: skip
        assert any(r.startswith(f"| {case_id} |") and f"| {peer}" in r for r in rows), (
            case_id,
            peer,
        )
    assert sum(r.startswith("| 3-scaling |") for r in rows) == 2
    # The bundled volume reads exactly as both peers print it (differences would be
    # listed under the table, case by case).
    assert "Case 2," not in report


def test_a_disagreement_fails_the_run(tmp_path: Path) -> None:
    result, report = _run_suite(tmp_path, "--sabotage")
    assert result.returncode == 1
    for case_id in CASES:
        assert f"- case {case_id}: **" in report, f"case {case_id}'s checks did not fail"


# --------------------------------------------------------------------------- exact fast paths


def test_encoded_non_ascii_letters_decode_without_parsing() -> None:
    # Every spelling encode gives a non-ASCII letter is read by the fast path.
    for code in [*range(0xC0, 0x250), 0x3B1, 0x2013]:
        latex = _latex.encode(chr(code))
        if latex != chr(code):
            assert _latex._decode_simple(latex) == chr(code), latex


@pytest.mark.parametrize("code", [*range(0x40), *range(0x7F, 0xA2), 0x2028, 0x2029, 0x3000])
def test_clean_text_fast_path_agrees(code: int) -> None:
    def slow(value: str) -> bool:
        return bool(value.strip()) and value == value.strip() and not models._CONTROL.search(value)

    for value in (chr(code), f"a{chr(code)}b", f"{chr(code)}a", f"a{chr(code)}", f"{chr(code)}x "):
        assert bool(models._CLEAN.fullmatch(value)) == slow(value), repr(value)
