"""Keeps the whole test run (tests/ and the doctests in src/) out of the user's cache.

``dls_proceedings.load()`` keeps the validated volume in a per-user cache. The
suite points that cache at a fresh directory of its own, so the first load() of
a run validates the data file for real and nothing is written to ~/.cache;
subprocesses the tests start inherit the same directory.
"""

from __future__ import annotations

import os
import shutil
import tempfile

import pytest


def pytest_configure(config: pytest.Config) -> None:
    directory = tempfile.mkdtemp(prefix="dls-proceedings-cache-")
    os.environ["DLS_PROCEEDINGS_CACHE_DIR"] = directory
    config.add_cleanup(lambda: shutil.rmtree(directory, ignore_errors=True))
