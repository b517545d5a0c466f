"""The examples of the README and the guide are real: their Python sessions and shell
commands are run here, and the README's two set-up commands are the ones CI runs."""

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
GUIDE = (ROOT / "docs" / "guide.md").read_text(encoding="utf-8")
PAGES = {"README.md": README, "docs/guide.md": GUIDE}
BLOCK = re.compile(r"^```(\w+)\n(.*?)^```", re.S | re.M)


def _blocks(kind: str, page: str | None = None) -> list[str]:
    texts = PAGES.values() if page is None else [PAGES[page]]
    return [body for text in texts for lang, body in BLOCK.findall(text) if lang == kind]


def _tool_args(command: str) -> list[str]:
    """The tool's arguments of ``$ dls-proceedings ...`` or ``$ python3 -m dls_proceedings ...``."""
    argv = shlex.split(command.removeprefix("$ "))
    for prefix in (["python3", "-m", "dls_proceedings"], ["dls-proceedings"]):
        if argv[: len(prefix)] == prefix:
            return argv[len(prefix) :]
    raise AssertionError(f"not a dls-proceedings command: {command}")


@pytest.mark.parametrize("page", PAGES)
def test_python_session(page: str) -> None:
    blocks = _blocks("pycon", page)
    assert blocks
    parser = doctest.DocTestParser()
    runner = doctest.DocTestRunner(optionflags=doctest.ELLIPSIS)
    names: dict[str, object] = {}  # a page's sessions go on from one block to the next
    for i, body in enumerate(blocks):
        test = parser.get_doctest(body, names, f"{page}-pycon-{i}", page, 0)
        runner.run(test, clear_globs=False)
        names = test.globs
    assert runner.failures == 0, f"an example of {page} no longer prints what it shows"


CONSOLE = _blocks("console")


@pytest.mark.parametrize("block", CONSOLE, ids=[b.splitlines()[0][2:] for b in CONSOLE])
def test_shell_command(block: str) -> None:
    command, _, expected = block.partition("\n")
    result = subprocess.run(
        [sys.executable, "-m", "dls_proceedings", *_tool_args(command)],
        capture_output=True,
        check=False,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.decode("utf-8") == expected


def test_two_setup_commands() -> None:
    setup = README.split("## Set-up", 1)[1].split("\n## ", 1)[0]
    main_job, tests = _blocks_in(setup, "sh")
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert "bash scripts/test" in tests
    assert "scripts/test" in ci
    # The main job: a virtual environment (PEP 668: Debian's python3 refuses system-wide
    # installs), the package in it, then the formatted citations of the whole volume. Its
    # output is shown (and so checked above) in a console block.
    venv, install, command = main_job.strip().split(" && ")
    assert venv == "python3 -m venv .venv"
    assert install == ".venv/bin/pip install ."
    assert command.startswith(".venv/bin/dls-proceedings cite")
    shown = f"$ {command.removeprefix('.venv/bin/')}"
    assert shown in [block.splitlines()[0] for block in _blocks("console", "README.md")]


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
