"""The bundled volume: the data file validated into models once, then cached."""

from __future__ import annotations

from functools import cache
from pathlib import Path

from dls_proceedings.models import Workshop

__all__ = ["DATA_FILE", "load"]

DATA_FILE = Path(__file__).parent / "data" / "dls2020.json"
"""The bundled data file, in the ``Workshop`` model's own JSON shape."""


@cache
def load() -> Workshop:
    """The bundled DLS 2020 volume, validated once and cached.

    Every call returns the same immutable object. Reads only installed files.

    >>> import dls_proceedings as dp
    >>> wk = dp.load()
    >>> wk is dp.load(), len(wk.papers), wk.author_index_page
    (True, 7, 63)
    """
    # Path.read_bytes rather than importlib.resources: the package is always
    # installed as files (hatchling wheel), and the import costs ~20 ms.
    return Workshop.model_validate_json(DATA_FILE.read_bytes())
