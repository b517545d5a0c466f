"""Re-run the shell examples of the README and the guide and write their real output back.

    python3 scripts/update_readme.py            # refresh README.md and docs/guide.md in place
    python3 scripts/update_readme.py --check    # only report: exit 1 if a block is stale
    python3 scripts/update_readme.py PAGE.md    # another page

Every ```console block whose first line is ``$ python3 -m dls_proceedings ...``
or ``$ dls-proceedings ...`` (the installed script: the same tool) is run as
``python -m dls_proceedings`` with this interpreter from the repository root, and the lines after the
command are replaced by what it prints (tests/test_readme.py checks the same
blocks the same way). Other blocks are left alone. A command that fails stops
the script and leaves the file as it was; the file is replaced atomically.
"""

from __future__ import annotations

import argparse
import os
import re
import shlex
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PAGES = (ROOT / "README.md", ROOT / "docs" / "guide.md")
PREFIXES = (["python3", "-m", "dls_proceedings"], ["dls-proceedings"])
BLOCK = re.compile(r"^```console\n(?P<command>\$ [^\n]*\n)(?P<output>.*?)^```", re.S | re.M)


class CommandError(Exception):
    """A README command exited non-zero or printed no final newline."""


def arguments(command: str) -> list[str] | None:
    """The tool's arguments in a page's *command*, or None if it runs something else.

    >>> arguments("$ dls-proceedings cite --style apa"), arguments("$ ls")
    (['cite', '--style', 'apa'], None)
    """
    argv = shlex.split(command.removeprefix("$ "))
    for prefix in PREFIXES:
        if argv[: len(prefix)] == prefix:
            return argv[len(prefix) :]
    return None


def run(command: str) -> str:
    """The stdout of a page's *command* (``$ dls-proceedings ...``)."""
    args = arguments(command)
    assert args is not None, command
    result = subprocess.run(
        [sys.executable, "-m", "dls_proceedings", *args],
        capture_output=True,
        cwd=ROOT,
        check=False,
        timeout=300,
    )
    stderr = result.stderr.decode("utf-8", "replace").strip()
    if result.returncode != 0:
        raise CommandError(f"{command!r} exited {result.returncode}: {stderr}")
    output = result.stdout.decode("utf-8")
    if output and not output.endswith("\n"):
        raise CommandError(f"{command!r}: output does not end with a newline")
    return output


def refresh(text: str) -> tuple[str, list[str]]:
    """*text* with every dls_proceedings console block's output re-run; the stale commands."""
    stale: list[str] = []

    def replace(match: re.Match[str]) -> str:
        command = match["command"].rstrip("\n")
        if arguments(command) is None:
            return match[0]
        output = run(command)
        if output != match["output"]:
            stale.append(command)
        return f"```console\n{command}\n{output}```"

    return BLOCK.sub(replace, text), stale


def write_atomically(path: Path, text: str) -> None:
    fd, temporary = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as handle:
            handle.write(text)
        os.chmod(temporary, path.stat().st_mode & 0o777)
        os.replace(temporary, path)
    except BaseException:
        os.unlink(temporary)
        raise


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="update_readme.py",
        description="Re-run the `$ dls-proceedings ...` examples of the README and the guide "
        "and write their current output back into the files.",
    )
    parser.add_argument(
        "--check", action="store_true", help="change nothing; exit 1 if any block is stale"
    )
    parser.add_argument(
        "pages",
        nargs="*",
        type=Path,
        default=list(PAGES),
        help="default: README.md and docs/guide.md",
    )
    args = parser.parse_args(argv)
    updates: list[tuple[Path, str, str]] = []
    any_stale = False
    for page in args.pages:
        text = page.read_text(encoding="utf-8")
        try:
            new, stale = refresh(text)
        except CommandError as exc:
            # Nothing is written unless every command of every page ran.
            print(f"update_readme.py: error: {exc}", file=sys.stderr)
            return 1
        for command in stale:
            print(f"{'stale' if args.check else 'updated'}: {command}", file=sys.stderr)
        any_stale = any_stale or bool(stale)
        updates.append((page, text, new))
    if args.check:
        return 1 if any_stale else 0
    for page, text, new in updates:
        if new != text:
            write_atomically(page, new)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
