"""Shared fixtures and the rule for tests that need an outside tool or file."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

import dls_proceedings as dp

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
SOURCE = SHARED / "source" / "000_9183015b0a8437f1.txt"
IN_CI = os.environ.get("CI", "").lower() == "true"


def require(condition: bool, reason: str) -> None:
    """Skip the calling test when *condition* is false, but fail it under CI=true.

    Locally a missing tool is a skip with a reason; in CI, where .ci/run installs
    every tool, the same absence is a broken set-up and must not pass silently.
    """
    if condition:
        return
    if IN_CI:
        pytest.fail(f"required in CI but missing: {reason}")
    pytest.skip(reason)


@pytest.fixture(scope="session")
def volume() -> dp.Workshop:
    return dp.load()
