"""The command line under hostile use: special output files, closed streams, odd
arguments and internal errors — one line on stderr and a meaningful exit status,
never a traceback, never a device or a link replaced.

Each case reproduces a finding of the fuzzing campaign (the hostile-input issue).
"""

from __future__ import annotations

import json
import os
import stat
import subprocess
import sys
import threading
from pathlib import Path

import pytest

import dls_proceedings as dp
from dls_proceedings.cli import main
from dls_proceedings.formats.model_json import to_json

PROG = "dls-proceedings"


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def _process(*argv: str) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(
        [sys.executable, "-m", "dls_proceedings", *argv],
        capture_output=True,
        check=False,
        timeout=120,
    )


# ------------------------------------------------------------------ -o and special files


def test_output_to_a_fifo_writes_into_it_and_keeps_it(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    received: list[bytes] = []
    reader = threading.Thread(target=lambda: received.append(fifo.read_bytes()))
    reader.start()
    result = _process("export", "--format", "json", "-o", str(fifo))
    reader.join(timeout=60)
    assert (result.returncode, result.stderr) == (0, b"")
    assert stat.S_ISFIFO(fifo.lstat().st_mode), "the FIFO was replaced"
    assert json.loads(received[0]) == json.loads(to_json(dp.load()))


def test_output_to_dev_null_keeps_the_device() -> None:
    before = os.stat("/dev/null")
    result = _process("export", "--format", "json", "-o", "/dev/null")
    assert (result.returncode, result.stderr) == (0, b"")
    after = os.stat("/dev/null")
    assert stat.S_ISCHR(after.st_mode)
    assert (after.st_rdev, after.st_mode) == (before.st_rdev, before.st_mode)


def test_output_through_a_symlink_writes_its_target(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "real.bib"
    target.write_text("old\n", encoding="utf-8")
    link = tmp_path / "link.bib"
    link.symlink_to(target.name)
    code, out, err = run(capsys, "export", "--format", "bibtex", "-o", str(link))
    assert (code, out, err) == (0, "", "")
    assert link.is_symlink()
    assert os.readlink(link) == "real.bib"
    assert target.read_text(encoding="utf-8") == dp.to_bibtex(dp.load())
    # A dangling link: its target is created.
    dangling = tmp_path / "dangling.bib"
    dangling.symlink_to("made.bib")
    assert run(capsys, "export", "--format", "bibtex", "-o", str(dangling))[0] == 0
    assert (tmp_path / "made.bib").read_text(encoding="utf-8") == dp.to_bibtex(dp.load())
    assert dangling.is_symlink()


@pytest.mark.parametrize(
    ("path", "status", "message"),
    [
        ("{tmp}", 2, "is a directory, expected a file name"),
        ("", 2, "the file name is empty"),
        ("{tmp}/nonexistent/x.bib", 2, "does not exist"),
    ],
    ids=["directory", "empty", "missing-directory"],
)
def test_bad_output_paths_are_one_line_errors(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], path: str, status: int, message: str
) -> None:
    code, out, err = run(capsys, "export", "--format", "json", "-o", path.format(tmp=tmp_path))
    assert (code, out) == (status, "")
    assert err.startswith(f"{PROG}: error: -o/--output: ")
    assert message in err
    assert err.count("\n") == 1
    assert list(tmp_path.iterdir()) == []


@pytest.mark.skipif(not os.path.exists("/dev/full"), reason="needs /dev/full")
def test_an_output_file_that_fails_is_an_io_failure(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "export", "--format", "json", "-o", "/dev/full")
    assert (code, out) == (1, "")
    assert err == f"{PROG}: error: cannot write '/dev/full': No space left on device\n"
    assert stat.S_ISCHR(os.stat("/dev/full").st_mode)


# ------------------------------------------------------------------ closed and full streams


@pytest.mark.skipif(not os.path.exists("/dev/full"), reason="needs /dev/full")
def test_stdout_to_a_full_device() -> None:
    with open("/dev/full", "wb") as full:
        result = subprocess.run(
            [sys.executable, "-m", "dls_proceedings", "export", "--format", "json"],
            stdout=full,
            stderr=subprocess.PIPE,
            check=False,
            timeout=120,
        )
    assert result.returncode == 1
    assert result.stderr == (
        f"{PROG}: error: cannot write the output: No space left on device\n".encode()
    )


@pytest.mark.parametrize(
    ("argv", "closed", "message"),
    [
        (["authors"], "stdout", "standard output is closed"),
        (["import-toc", "-"], "stdin", "cannot read <stdin>: standard input is closed"),
    ],
    ids=["stdout", "stdin"],
)
def test_closed_standard_streams(argv: list[str], closed: str, message: str) -> None:
    # A shell's `>&-` / `<&-`: the descriptor is not open when the program starts.
    fd = 1 if closed == "stdout" else 0
    code = (
        f"import os, sys, subprocess; os.close({fd}); "
        f"r = subprocess.run([sys.executable, '-m', 'dls_proceedings', *{argv!r}], "
        "stderr=subprocess.PIPE, close_fds=True); "
        "sys.stderr.write(r.stderr.decode()); sys.exit(r.returncode)"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, check=False, timeout=120
    )
    assert result.returncode == 1
    assert result.stderr.decode() == f"{PROG}: error: {message}\n"


# ------------------------------------------------------------------ arguments


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["search", ""], "search needs a word to look for (letters or digits), got ''"),
        (["search", "!!!"], "search needs a word to look for (letters or digits), got '!!!'"),
        (["styles", "\udcff"], "styles QUERY needs a word to look for"),
        (["import-toc", "-", "--publisher", ""], "--publisher must name a publisher, got ''"),
        (["import-toc", "."], "'.' is a directory, expected a file"),
    ],
    ids=["search-empty", "search-punctuation", "styles-undecodable", "empty-publisher", "dir"],
)
def test_arguments_that_would_match_everything_or_nothing(
    capsys: pytest.CaptureFixture[str], argv: list[str], message: str
) -> None:
    code, out, err = run(capsys, *argv)
    assert (code, out) == (2, "")
    assert err.startswith(f"{PROG}: error: ")
    assert message in err
    assert err.count("\n") == 1


def test_undecodable_argument_as_a_real_process() -> None:
    # The shell passes the byte 0xff; Python decodes it as a lone surrogate.
    result = subprocess.run(
        [sys.executable.encode(), b"-m", b"dls_proceedings", b"styles", b"\xff"],
        capture_output=True,
        check=False,
        timeout=120,
    )
    assert result.returncode == 2
    assert result.stdout == b""
    assert result.stderr == (
        b"dls-proceedings: error: styles QUERY needs a word to look for (letters or digits), "
        b"got '\\udcff'\n"
    )


# ------------------------------------------------------------------ hostile style files

_XXE = """<?xml version="1.0"?>
<!DOCTYPE style [<!ENTITY x SYSTEM "file:///etc/passwd">]>
<style xmlns="http://purl.org/net/xbiblio/csl" version="1.0" class="in-text">
<info><title>&x;</title></info><citation><layout><text value="x"/></layout></citation>
<bibliography><layout><text variable="title"/></layout></bibliography></style>
"""
_LAUGHS = (
    '<?xml version="1.0"?>\n<!DOCTYPE lolz [<!ENTITY a "aaaaaaaaaa">'
    + "".join(
        f'<!ENTITY {b} "{("&" + a + ";") * 10}">'
        for a, b in zip("abcdefgh", "bcdefghi", strict=False)
    )
    + ']>\n<style xmlns="http://purl.org/net/xbiblio/csl" version="1.0"><info><title>&i;'
    "</title></info></style>\n"
)


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("root:x:0:0:root:/root:/bin/bash\n", "not well-formed XML"),
        (_XXE, "document type declaration"),
        # libxml2 may refuse the expansion itself, before our check of the DOCTYPE.
        (_LAUGHS, ("document type declaration", "amplification")),
        ("<html><body/></html>", "its root element is 'html'"),
        (b"\x00\x01\xff\xfe", "not well-formed XML"),
    ],
    ids=["passwd-like", "external-entity", "billion-laughs", "html", "binary"],
)
def test_a_file_that_is_not_a_csl_style(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    content: str | bytes,
    message: str | tuple[str, ...],
) -> None:
    style = tmp_path / "house.csl"
    if isinstance(content, bytes):
        style.write_bytes(content)
    else:
        style.write_text(content, encoding="utf-8")
    code, out, err = run(capsys, "cite", "--style", str(style))
    assert (code, out) == (1, "")
    assert err.startswith(f"{PROG}: error: {str(style)!r} is not a CSL style: ")
    assert any(m in err for m in ((message,) if isinstance(message, str) else message))
    assert err.count("\n") == 1
    assert "root:x:0" not in err
    with pytest.raises(dp.StyleError, match="is not a CSL style"):
        dp.bibliography(dp.load(), style)


def test_etc_passwd_as_a_style(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "cite", "--style", "/etc/passwd")
    assert (code, out) == (1, "")
    assert err.startswith(f"{PROG}: error: '/etc/passwd' is not a CSL style: ")


# ------------------------------------------------------------------ internal errors


class _BoomError(RuntimeError):
    pass


def _explode(*_args: object, **_kwargs: object) -> list[str]:
    raise _BoomError("unexpected")


def test_internal_error_is_one_line_and_exit_70(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    # A bug inside the library, simulated in this test's own process only.
    monkeypatch.setattr(dp, "bibliography", _explode)
    code, out, err = run(capsys, "cite")
    assert (code, out) == (70, "")
    assert err == (
        f"{PROG}: error: internal error: _BoomError: unexpected. This is a bug in {PROG}; please "
        f"report it with the command line and the output of `{PROG} --debug ...`\n"
    )
    code, out, err = run(capsys, "--debug", "cite")
    assert code == 70
    assert err.startswith("Traceback (most recent call last):")
    assert "_BoomError: unexpected" in err
