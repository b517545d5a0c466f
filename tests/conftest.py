"""Shared fixtures, the repository's test data, and the rule for tests that need an outside tool.

Everything a test reads is in the repository: the source document ships with the
package (``SOURCE``), the CSL-JSON schema is under tests/data (``CSL_SCHEMA``),
and the public-records facts are a table in docs/data.md (``PUBLIC_RECORDS``).
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

import dls_proceedings as dp
from dls_proceedings.catalog import SOURCE_FILE

ROOT = Path(__file__).resolve().parent.parent
SOURCE = SOURCE_FILE
DATA = ROOT / "tests" / "data"
CSL_SCHEMA = DATA / "csl-data.json"
PUBLIC_RECORDS = ROOT / "docs" / "data.md"
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


def installed_script() -> str | None:
    """The `dls-proceedings` script of the running interpreter's environment (a venv's
    bin/, whether or not it is on PATH), else the one on PATH."""
    import shutil
    import sysconfig

    return shutil.which("dls-proceedings", path=sysconfig.get_path("scripts")) or shutil.which(
        "dls-proceedings"
    )


def pytest_configure(config: pytest.Config) -> None:
    # Run everywhere, CI too; `-m "not slow"` leaves them out of a quick local run.
    config.addinivalue_line("markers", "slow: a test of a minute or more (every style)")


@pytest.fixture(scope="session")
def volume() -> dp.Workshop:
    return dp.load()


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    """The fuzz suite's inputs tried and time taken, in the run's log (and so in CI's)."""
    import sys

    fuzz = sys.modules.get("tests.test_fuzz")
    if fuzz is None or not fuzz.TRIED:
        return
    total, spent = sum(fuzz.TRIED.values()), sum(fuzz.SPENT.values())
    # The whole suite's time: generating the inputs and checking the results too.
    wall = sum(
        report.duration
        for reports in terminalreporter.stats.values()
        for report in reports
        if getattr(report, "when", None) == "call"
        and str(getattr(report, "nodeid", "")).startswith("tests/test_fuzz.py")
    )
    parts = ", ".join(f"{kind} {n}" for kind, n in sorted(fuzz.TRIED.items()))
    terminalreporter.write_line(
        f"fuzz: {total} inputs tried in {wall:.1f} s ({spent:.1f} s inside the importers "
        f"and the CLI): {parts}"
    )
