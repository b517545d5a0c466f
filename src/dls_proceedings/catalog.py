"""The bundled volume: the data file validated into models once, then cached.

Validating the data file builds the models' pydantic validators, which costs far
more than the rest of ``import dls_proceedings; load()`` together (see
BENCHMARKS.md, case 1). So the first ``load()`` on a machine validates the file
and keeps the validated volume in a per-user cache; later processes read it back
in about a millisecond. The cache entry is named by a fingerprint of everything
that decides the validated result — the data file's bytes, the source of the
modules that validate it, and the versions of Python and pydantic — so an edit
or an upgrade of any of them validates afresh. Nothing else ever reads or writes
it, and any problem with it (missing, unreadable, truncated, foreign, from
another version) falls back to validating the file: the cache can make
``load()`` faster, never different.

Where it lives: ``$DLS_PROCEEDINGS_CACHE_DIR`` if set, otherwise
``dls_proceedings`` under ``$XDG_CACHE_HOME`` (default ``~/.cache``; on Windows
``%LOCALAPPDATA%``). ``DLS_PROCEEDINGS_CACHE_DIR=""`` (empty) turns it off.
"""

from __future__ import annotations

import os
import pickle
import sys
import tempfile
from functools import cache
from pathlib import Path

import pydantic
import pydantic_core

from dls_proceedings.models import Workshop

try:
    # CPython's built-in BLAKE2: importing hashlib would also load OpenSSL (~3 ms).
    from _blake2 import blake2b
except ImportError:  # pragma: no cover - interpreters without the module
    from hashlib import blake2b

__all__ = ["DATA_FILE", "cache_file", "load"]

DATA_FILE = Path(__file__).parent / "data" / "dls2020.json"
"""The bundled data file, in the ``Workshop`` model's own JSON shape."""

# The modules whose code decides what validating the data file produces.
_VALIDATING_MODULES = ("models.py", "_text.py", "_gc.py", "errors.py")
_CACHE_ENV = "DLS_PROCEEDINGS_CACHE_DIR"


@cache
def load() -> Workshop:
    """The bundled DLS 2020 volume, validated once and cached.

    Every call returns the same immutable object. Reads only installed files
    (and the validated-volume cache described in this module's docstring).

    >>> import dls_proceedings as dp
    >>> wk = dp.load()
    >>> wk is dp.load(), len(wk.papers), wk.author_index_page
    (True, 7, 63)
    """
    # Path.read_bytes rather than importlib.resources: the package is always
    # installed as files (hatchling wheel), and the import costs ~20 ms.
    data = DATA_FILE.read_bytes()
    path = cache_file(data)
    if path is not None:
        cached = _read(path)
        if cached is not None:
            return cached
    workshop = Workshop.model_validate_json(data)
    if path is not None:
        _write(path, workshop)
    return workshop


def cache_file(data: bytes | None = None) -> Path | None:
    """Where ``load()`` keeps the validated volume for *data*, or None if off.

    *data* defaults to the bundled data file's bytes. The name is a fingerprint
    of the data and of the code that validates it, so it changes with either.

    >>> import dls_proceedings.catalog as catalog
    >>> path = catalog.cache_file()
    >>> path is None or path.name.startswith("dls2020-")
    True
    """
    directory = _cache_dir()
    if directory is None:
        return None
    digest = blake2b(digest_size=16)
    try:
        digest.update(DATA_FILE.read_bytes() if data is None else data)
        here = Path(__file__).parent
        for name in _VALIDATING_MODULES:
            digest.update(name.encode())
            digest.update((here / name).read_bytes())
    except OSError:
        # Installed without sources (bytecode only): no trustworthy fingerprint.
        return None
    digest.update(f"{sys.version_info[:2]}|{pydantic.VERSION}|{pydantic_core.__version__}".encode())
    return directory / f"dls2020-{digest.hexdigest()}.pickle"


def _cache_dir() -> Path | None:
    configured = os.environ.get(_CACHE_ENV)
    if configured is not None:
        return Path(configured) if configured else None
    if sys.platform == "win32":
        base = os.environ.get("LOCALAPPDATA")
        return Path(base) / "dls_proceedings" if base else None
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    # expanduser leaves "~" when there is no home directory: no cache then.
    return None if base.startswith("~") else Path(base) / "dls_proceedings"


def _read(path: Path) -> Workshop | None:
    try:
        with path.open("rb") as stream:
            if not _trusted(os.fstat(stream.fileno())):
                return None
            workshop = pickle.load(stream)
    except Exception:
        # A damaged or stale entry is a cache miss, whatever unpickling raised.
        return None
    return workshop if type(workshop) is Workshop else None


def _trusted(stat: os.stat_result) -> bool:
    # Unpickling runs code named in the file, so read only a file this user
    # owns and nobody else may write — the trust given to one's own ~/.cache.
    if sys.platform == "win32" or not hasattr(os, "getuid"):
        return True
    return stat.st_uid == os.getuid() and not stat.st_mode & 0o022


def _write(path: Path, workshop: Workshop) -> None:
    try:
        path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        # Write then rename, so a concurrent load() never reads half a file.
        fd, temp = tempfile.mkstemp(prefix=".tmp-", dir=path.parent)
        try:
            with os.fdopen(fd, "wb") as stream:
                pickle.dump(workshop, stream, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(temp, path)
        except BaseException:
            os.unlink(temp)
            raise
    except (OSError, pickle.PicklingError):
        # A read-only home or a full disk costs speed, not correctness.
        return
