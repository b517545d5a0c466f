"""The README's examples are real: its Python session and shell commands are run here."""

from __future__ import annotations

import doctest
import re
import shlex
import subprocess
import sys
from pathlib import Path

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
    main_job, tests = _blocks_in(setup, "sh")
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert "bash scripts/test" in tests
    assert "scripts/test" in ci
    # The main job: install, then the formatted citations of the whole volume. Its output is
    # shown (and so checked above) in a console block of the guide.
    install, _, command = main_job.strip().partition(" && ")
    assert install == "python3 -m pip install ."
    assert command.startswith("python3 -m dls_proceedings cite")
    assert f"$ {command}" in [block.splitlines()[0] for block in CONSOLE]


def test_error_examples() -> None:
    # ```text blocks of `$ python3 -m dls_proceedings ...` lines, each followed by its stderr.
    examples = [
        (line, err)
        for body in _blocks("text")
        for line, err in zip(body.splitlines()[::2], body.splitlines()[1::2], strict=True)
        if line.startswith("$ python3 -m dls_proceedings ")
    ]
    assert examples
    for command, message in examples:
        argv = shlex.split(command.removeprefix("$ "))
        result = subprocess.run(
            [sys.executable, *argv[1:]], capture_output=True, check=False, timeout=120
        )
        assert (result.returncode, result.stdout) == (2, b""), command
        assert result.stderr.decode("utf-8") == message + "\n"


UPDATE = ROOT / "scripts" / "update_readme.py"


def _update(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, str(UPDATE), *args],
        capture_output=True,
        text=True,
        encoding="utf-8",
        check=False,
        timeout=300,
    )


def test_update_script_rewrites_stale_output(tmp_path: Path) -> None:
    page = tmp_path / "README.md"
    current = "```console\n$ python3 -m dls_proceedings list --session 2\n"
    current += subprocess.run(
        [sys.executable, "-m", "dls_proceedings", "list", "--session", "2"],
        capture_output=True,
        check=True,
        timeout=60,
    ).stdout.decode("utf-8")
    current += "```\n"
    other = "```console\n$ ls\nuntouched\n```\n"
    stale = "Intro.\n\n```console\n$ python3 -m dls_proceedings authors\nstale\n```\n"
    page.write_text(stale + other + current, encoding="utf-8")

    result = _update("--check", str(page))
    assert result.returncode == 1
    assert result.stderr == "stale: $ python3 -m dls_proceedings authors\n"
    assert page.read_text(encoding="utf-8") == stale + other + current

    result = _update(str(page))
    assert (result.returncode, result.stdout) == (0, "")
    text = page.read_text(encoding="utf-8")
    assert text.startswith("Intro.\n\n```console\n$ python3 -m dls_proceedings authors\n")
    assert "Codreanu, Valeriu  31, 56\n" in text
    assert "stale" not in text
    assert text.endswith(other + current)
    assert _update("--check", str(page)).returncode == 0
    assert [p.name for p in tmp_path.iterdir()] == ["README.md"]


def test_update_script_leaves_the_file_on_a_failing_command(tmp_path: Path) -> None:
    page = tmp_path / "README.md"
    text = (
        "```console\n$ python3 -m dls_proceedings authors\nstale\n```\n"
        "```console\n$ python3 -m dls_proceedings show nosuchkey\n```\n"
    )
    page.write_text(text, encoding="utf-8")
    result = _update(str(page))
    assert result.returncode == 1
    assert "show nosuchkey" in result.stderr
    assert "unknown citation key 'nosuchkey'" in result.stderr
    assert page.read_text(encoding="utf-8") == text
    assert [p.name for p in tmp_path.iterdir()] == ["README.md"]


def _blocks_in(text: str, kind: str) -> list[str]:
    return [body for lang, body in BLOCK.findall(text) if lang == kind]
