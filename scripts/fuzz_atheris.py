"""Long, coverage-guided fuzzing of one importer with atheris (libFuzzer for Python).

    python3 -m pip install atheris
    python3 scripts/fuzz_atheris.py bibtex -max_total_time=3600 corpus-bibtex/
    python3 scripts/fuzz_atheris.py toc|csl-json|json [libFuzzer options] [CORPUS_DIR]

The bounded suite in tests/test_fuzz.py runs on every test run; this entry point
is for long runs on a spare machine. It starts from the reproducers in
tests/data/fuzz/<importer>/ (copy them into CORPUS_DIR to seed it) and fails on
what the suite forbids: any exception that is not a DlsProceedingsError, or
``from_toc(strict=False)`` raising at all. A hang shows as libFuzzer's timeout
(``-timeout=2`` matches the suite's per-input limit). Add what it finds to the
corpus folder as a new file.
"""

from __future__ import annotations

import contextlib
import sys
from collections.abc import Callable
from typing import Any

IMPORTERS = ("bibtex", "toc", "csl-json", "json")


def readers() -> dict[str, Callable[[str], Any]]:
    """Importer name -> a function reading text (imported here, so atheris can instrument)."""
    import dls_proceedings as dp
    from dls_proceedings.formats.model_json import from_json

    def toc(text: str) -> Any:
        dp.from_toc(text, strict=False)  # must never raise
        return dp.from_toc(text)

    return {"bibtex": dp.from_bibtex, "toc": toc, "csl-json": dp.from_csl_json, "json": from_json}


def one_input(read: Callable[[str], Any], data: bytes) -> None:
    """Feed *data* (decoded as the suite reads its corpus) to *read*; package errors are fine."""
    from dls_proceedings import DlsProceedingsError

    try:
        text = data.decode("utf-8", "surrogatepass")
    except UnicodeDecodeError:
        text = data.decode("utf-8", "replace")
    with contextlib.suppress(DlsProceedingsError):
        read(text)


def main(argv: list[str]) -> None:
    if len(argv) < 2 or argv[1] not in IMPORTERS:
        raise SystemExit(f"usage: fuzz_atheris.py {{{'|'.join(IMPORTERS)}}} [libFuzzer options]")
    import atheris

    # Coverage of this package's code (and of the parsers it uses) guides the fuzzer.
    with atheris.instrument_imports():
        read = readers()[argv[1]]
    atheris.Setup([argv[0], *argv[2:]], lambda data: one_input(read, data))
    atheris.Fuzz()


if __name__ == "__main__":
    main(sys.argv)
