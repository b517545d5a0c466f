"""The README's examples are real: its Python session and shell commands are run here."""

from __future__ import annotations

import doctest
import re
import shlex
import subprocess
import sys

import pytest

from .conftest import ROOT

README = (ROOT / "README.md").read_text(encoding="utf-8")
BLOCK = re.compile(r"^```(\w+)\n(.*?)^```", re.S | re.M)


def _blocks(kind: str) -> list[str]:
    return [body for lang, body in BLOCK.findall(README) if lang == kind]


def test_python_session() -> None:
    blocks = _blocks("pycon")
    assert blocks
    parser = doctest.DocTestParser()
    runner = doctest.DocTestRunner(optionflags=doctest.ELLIPSIS)
    for i, body in enumerate(blocks):
        test = parser.get_doctest(body, {}, f"README-pycon-{i}", "README.md", 0)
        runner.run(test)
    assert runner.failures == 0, "a README example no longer prints what it shows"


CONSOLE = _blocks("console")


@pytest.mark.parametrize("block", CONSOLE, ids=[b.splitlines()[0][2:] for b in CONSOLE])
def test_shell_command(block: str) -> None:
    command, _, expected = block.partition("\n")
    argv = shlex.split(command.removeprefix("$ "))
    assert argv[:3] == ["python3", "-m", "dls_proceedings"]
    result = subprocess.run(
        [sys.executable, *argv[1:]], capture_output=True, check=False, timeout=120
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.decode("utf-8") == expected


def test_two_setup_commands() -> None:
    setup = README.split("## Set-up", 1)[1].split("\n## ", 1)[0]
    assert len(_blocks_in(setup, "sh")) == 2
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert "bash scripts/test" in _blocks_in(setup, "sh")[1]
    assert "scripts/test" in ci


def _blocks_in(text: str, kind: str) -> list[str]:
    return [body for lang, body in BLOCK.findall(text) if lang == kind]
