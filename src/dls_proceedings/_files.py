"""Writing a file so that a reader never sees it half written."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

__all__ = ["write_atomically"]


def write_atomically(target: str | Path, data: bytes, mode: int | None = None) -> None:
    """*data* into *target*: a temporary file beside it, renamed over it.

    The file gets *mode* (an existing file's permission bits, kept), else what the
    umask allows a new file.
    """
    fd, temporary = tempfile.mkstemp(prefix=".dls-proceedings-", dir=os.path.dirname(target))
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        if mode is None:
            umask = os.umask(0)
            os.umask(umask)
            mode = 0o666 & ~umask
        os.chmod(temporary, mode)
        os.replace(temporary, target)
    except BaseException:
        os.unlink(temporary)
        raise
