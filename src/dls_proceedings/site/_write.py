"""Writing a built site to a directory: each file atomically, and a manifest (private).

The manifest (``.dls-proceedings-site.json`` in the site's directory) lists every
file the last run wrote. It is what makes ``force`` safe: an existing directory
is written into only when asked, a file is replaced only if a run of ours wrote
it, and a file of an earlier site that the new one lacks (a paper since removed)
is deleted only if the manifest lists it. Any other file in the directory is
never touched; one in the way of a new file stops the run before it writes.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Iterable
from pathlib import Path

from dls_proceedings._files import write_atomically
from dls_proceedings.errors import ArgumentError, ArgumentTypeError
from dls_proceedings.models import Workshop
from dls_proceedings.site._build import DEFAULT_STYLES, build_site

__all__ = ["MANIFEST", "write_site"]

MANIFEST = ".dls-proceedings-site.json"
"""The file, in the site's directory, that lists the files a run wrote."""

_GENERATOR = "dls-proceedings site"
# A path the site can have: relative, "/"-separated, made of the characters slugs use.
_PATH = re.compile(r"(?!.*(?:^|/)\.{1,2}(?:/|$))[A-Za-z0-9_.~-]+(?:/[A-Za-z0-9_.~-]+)*")


def write_site(
    volume: Workshop,
    path: str | os.PathLike[str],
    *,
    styles: Iterable[str] = DEFAULT_STYLES,
    base_url: str | None = None,
    force: bool = False,
) -> list[str]:
    """Write the volume's static site into the directory *path*; the files written, sorted.

    The site is built in memory first (``build_site``: an unknown style or a bad
    base URL fails before anything is written), then each file is written to a
    temporary file beside it and renamed over its place, so a reader never sees
    half a page. An existing *path* is refused unless *force*; with it, only
    files an earlier run wrote (its manifest lists them) are replaced or removed,
    and a file of anyone else's where a page must go stops the run before it
    writes anything. The same volume, styles and base URL give the same bytes.

    Raises:
        ArgumentError: *path* exists (without *force*) or is not a directory, or
            another file is in the way; and as ``build_site`` raises.
        UnknownStyleError: a style that is not installed.
        OSError: the directory or a file cannot be written.

    >>> import tempfile, pathlib
    >>> import dls_proceedings as dp
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     site = pathlib.Path(tmp) / "site"
    ...     files = write_site(dp.load(), site, styles=["ieee"])
    ...     write_site(dp.load(), site)
    Traceback (most recent call last):
    ...
    dls_proceedings.errors.ArgumentError: the directory ... exists; pass force=True (--force on the command line) to write the site into it: ...
    """
    if not isinstance(path, (str, os.PathLike)):
        raise ArgumentTypeError(f"path must be a directory's path, not {type(path).__name__}")
    if not isinstance(force, bool):
        raise ArgumentTypeError(f"force must be True or False, not {force!r}")
    files = build_site(volume, styles=styles, base_url=base_url)
    root = Path(path)
    _store(root, files, force=force)
    return sorted(files)


def _store(root: Path, files: dict[str, bytes], *, force: bool) -> None:
    previous: set[str] = set()
    if root.exists() or root.is_symlink():
        if not root.is_dir():
            raise ArgumentError(f"{str(root)!r} exists and is not a directory")
        if not force:
            raise ArgumentError(
                f"the directory {str(root)!r} exists; pass force=True (--force on the command "
                "line) to write the site into it: files an earlier site wrote are replaced or "
                "removed, no other file is touched"
            )
        previous = _read_manifest(root)
        in_the_way = sorted(p for p in files if _in_the_way(root, p, previous))
        if in_the_way:
            shown = ", ".join(repr(p) for p in in_the_way[:5])
            more = f" and {len(in_the_way) - 5} more" if len(in_the_way) > 5 else ""
            raise ArgumentError(
                f"{str(root)!r} has files that no earlier site wrote where the site's files go: "
                f"{shown}{more}; move them away or write the site elsewhere"
            )
    else:
        root.mkdir(parents=True)
    # The manifest names every file this run may leave behind before it writes one, so
    # that an interrupted run's files are still known as ours to the next run.
    _write_file(root / MANIFEST, _manifest(previous | set(files)))
    for relative in sorted(files):
        target = root.joinpath(*relative.split("/"))
        target.parent.mkdir(parents=True, exist_ok=True)
        _write_file(target, files[relative])
    for stale in sorted(previous - set(files), reverse=True):
        _remove(root, stale)
    _write_file(root / MANIFEST, _manifest(set(files)))


def _links_out(root: Path, parts: list[str]) -> bool:
    """Whether a directory on the way to *parts* is a symbolic link (it may lead out of *root*)."""
    return any(root.joinpath(*parts[:n]).is_symlink() for n in range(1, len(parts)))


def _in_the_way(root: Path, relative: str, ours: set[str]) -> bool:
    """Whether writing *relative* would replace or go through something not ours."""
    parts = relative.split("/")
    if _links_out(root, parts):
        return True
    for n in range(1, len(parts)):
        above = root.joinpath(*parts[:n])
        if above.exists() and not above.is_dir():
            return True
    target = root.joinpath(*parts)
    return (target.exists() or target.is_symlink()) and relative not in ours


def _manifest(paths: set[str]) -> bytes:
    data = {"generator": _GENERATOR, "files": sorted(paths)}
    return (json.dumps(data, indent=2) + "\n").encode("utf-8")


def _read_manifest(root: Path) -> set[str]:
    """The files an earlier run wrote into *root* (none without a manifest)."""
    path = root / MANIFEST
    if not path.exists():
        return set()
    problem = (
        f"{str(path)!r} is not a manifest of dls-proceedings site; remove it or write elsewhere"
    )
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (ValueError, UnicodeDecodeError):
        raise ArgumentError(problem) from None
    if not isinstance(data, dict) or data.get("generator") != _GENERATOR:
        raise ArgumentError(problem)
    listed = data.get("files")
    if not isinstance(listed, list) or not all(
        isinstance(p, str) and _PATH.fullmatch(p) and p != MANIFEST for p in listed
    ):
        # A path outside the site (../x, /etc/x) would make --force delete a stranger's file.
        raise ArgumentError(problem)
    return set(listed)


def _write_file(target: Path, data: bytes) -> None:
    """*data* into *target* atomically: a temporary file beside it, renamed over it."""
    write_atomically(target, data)


def _remove(root: Path, relative: str) -> None:
    """Delete a file an earlier run wrote, then its directories while they are empty."""
    parts = relative.split("/")
    if _links_out(root, parts):
        return  # not through a link: the file it reaches is not the one we wrote
    target = root.joinpath(*parts)
    if target.is_symlink() or target.is_file():
        target.unlink()
    for n in range(len(parts) - 1, 0, -1):
        directory = root.joinpath(*parts[:n])
        try:
            directory.rmdir()  # only an empty directory goes
        except OSError:
            break
