"""Every example runs and prints what the source document says."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from . import transcription as T
from .conftest import ROOT

EXAMPLES = ROOT / "examples"


def _run(name: str) -> str:
    result = subprocess.run(
        [sys.executable, str(EXAMPLES / name)],
        capture_output=True,
        text=True,
        encoding="utf-8",
        check=True,
        timeout=120,
    )
    assert result.stderr == ""
    return result.stdout


def test_every_example_is_tested() -> None:
    tested = {"browse_volume.py"}
    assert {p.name for p in Path(EXAMPLES).glob("*.py")} == tested


def test_browse_volume() -> None:
    out = _run("browse_volume.py").splitlines()
    assert out[0] == f"{T.TITLE}, {T.PLACE}, 2020-11-11"
    starts = [row[2] for row in T.TOC] + [T.AUTHOR_INDEX_PAGE]
    for key, first, nxt in zip(T.KEYS, starts, starts[1:], strict=False):
        assert f"  {first}–{nxt - 1}  {key}" in out
    assert "Algorithm, Modeling, and Infrastructure" in out
    assert (
        "  by Maxwell X. Cai; Jeroen Bédorf; Vikram A. Saletore; Valeriu Codreanu; Damian "
        "Podareanu; Adel Chaibi; Penny X. Qian" in out
    )
    assert out[-2:] == ["Authors with more than one paper:", "  Codreanu, Valeriu  31, 56"]
