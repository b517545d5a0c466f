"""Benchmarks of formatted citations, side by side with citeproc-js and pandoc.

    python benchmarks/citations.py --size 10000 --runs 3      # cases 2, 3 and 8
    python benchmarks/citations.py --cases 3 --styles ieee --size 2000 --runs 1

Cases of the performance issue:

2. Whole process: ``dls-proceedings cite --style ieee`` (the bundled volume) against
   ``pandoc --citeproc`` with the same CSL-JSON and style, and a one-shot citeproc-js run in
   node. Target: at most 200 ms.
3. In-process: the formatted bibliography of *size* synthetic papers
   (``synthetic.make_volume``), IEEE and APA, text, from CSL-JSON, against citeproc-js
   (a warm engine in node, timing only ``updateItems`` + ``makeBibliography`` inside node)
   and pandoc (a whole process, the only way to run it). Target: faster than citeproc-js
   (required) and than pandoc (the goal). Our time is ``time.perf_counter`` around
   ``render_items`` after a warm-up; it grows linearly: the exponent of a power law fitted to
   our times at 1k, 2k, 4k and 8k papers is reported (1.0 is linear).
8. Peak RSS of case 3 (*size* papers, IEEE and APA) measured with ``getrusage`` for a
   process that reads the CSL-JSON and renders it (forked workers: their own peak, reported
   apart). Target: at most 150 MiB.

Two comparisons of ours alone (``--compare-with``, ``--threads``):

- ``--compare-with TREE``: case 3 single-process, ours against the package in another
  source tree (e.g. the previous commit: ``git worktree add /tmp/prev HEAD``), each timed
  in its own fresh process, alternately, ``runs`` times (ratio: ours over theirs).
- ``--threads``: the throughput of rendering the same bibliographies (the bundled volume
  in 8 styles, repeated) from 1 thread and from 2 threads at once (ratio: 2 threads' rate
  over 1 thread's). The GIL serialises Python code, so this measures how much of the
  work overlaps (lxml and regular expressions release it) and that no lock of ours is in
  the way; it is not a reason to use threads for speed (``workers`` uses processes).

Each case runs ours and the peers alternately, ``runs`` times each, and reports the median and
the min-max; ``ratio`` is our median over the peer's (below 1: we are faster). Outputs are
checked where they should agree: our entries against citeproc-js's (whitespace runs
collapsed); entries that differ are counted and the first ones shown, never hidden.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
HERE = Path(__file__).resolve().parent
for _path in (ROOT / "src", HERE):
    if str(_path) not in sys.path:
        sys.path.insert(0, str(_path))

from synthetic import make_volume  # noqa: E402 (benchmarks/ is on the path now)

import dls_proceedings as dp  # noqa: E402
from dls_proceedings.citations.render import render_items  # noqa: E402
from dls_proceedings.citations.styles import resolve_style  # noqa: E402

__all__ = ["cases", "main"]

MiB = 1024 * 1024
PEER_JS = HERE / "citations_peer.js"
_GNU_TIME = Path("/usr/bin/time")
CITEPROC_JS = ROOT / "tools" / "citeproc-js" / "node_modules" / "citeproc"
STYLES = ("ieee", "apa")
SCALING_SIZES = (1000, 2000, 4000, 8000)
# The largest fitted exponent that counts as linear (issue 12: "stays <= 1.1").
SCALING_LIMIT = 1.1
# `python -c "from pydantic import BaseModel"` on the machine the 200 ms
# bound for case 2 was set on (the issue states it for case 1).
PYDANTIC_IMPORT_THERE = 0.076
PEER_BUDGET = 150.0  # seconds: a slower peer is timed once (citeproc-js, APA, 10k: ~10 min)

Row = dict[str, Any]


# --------------------------------------------------------------------------- helpers


def _collapse(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def _summary(times: Sequence[float]) -> dict[str, float]:
    return {"median": statistics.median(times), "min": min(times), "max": max(times)}


def _locales_dir() -> Path:
    import citeproc

    return Path(citeproc.__file__).parent / "data" / "locales"


def _ours_command() -> list[str]:
    """The installed ``dls-proceedings`` script of this Python (not a pyenv shim)."""
    script = Path(sys.executable).parent / "dls-proceedings"
    if script.is_file():
        return [str(script)]
    return [sys.executable, "-m", "dls_proceedings"]


def _run(
    command: Sequence[str],
    stdin: Path | None = None,
    env: dict[str, str] | None = None,
    rss: bool = False,
) -> tuple[float, int, str]:
    """Run *command* as a process: (wall seconds, its peak RSS in bytes, stdout).

    Linux starts a process's peak RSS at its parent's when the parent is large
    (subprocess execs from a vfork of this ~200 MB process), so with *rss* the
    command runs under GNU ``time``, a small process that forks it and reports
    its own peak (``%M``); without ``/usr/bin/time`` the peak may be this process's.
    """
    timer = _GNU_TIME if rss and _GNU_TIME.is_file() else None
    if timer is not None:
        command = [str(timer), "-f", "%M", *command]
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        source = stdin.open("rb") if stdin is not None else subprocess.DEVNULL
        try:
            start = time.perf_counter()
            process = subprocess.Popen(command, stdin=source, stdout=out, stderr=err, env=env)
            _, status, usage = os.wait4(process.pid, 0)
            seconds = time.perf_counter() - start
        finally:
            if stdin is not None:
                source.close()  # type: ignore[union-attr]
        process.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        errors = err.read().decode("utf-8", "replace")
        if process.returncode != 0:
            raise RuntimeError(f"{command[0]} failed ({process.returncode}): {errors[-2000:]}")
        peak = usage.ru_maxrss * 1024
        if timer is not None:
            peak = int(errors.strip().splitlines()[-1]) * 1024
        return seconds, peak, out.read().decode("utf-8")


def _available(tool: str) -> bool:
    if tool == "node":
        return shutil.which("node") is not None and CITEPROC_JS.is_dir()
    return shutil.which(tool) is not None


def _style_xml(style: str) -> tuple[Path, str | None]:
    resolved = resolve_style(style)
    return resolved.path, resolved.locale


def _js_request(
    folder: Path, name: str, style: str, items: list[dict[str, Any]], **options: Any
) -> Path:
    path, lang = _style_xml(style)
    request = {
        "style": path.read_text(encoding="utf-8"),
        "lang": lang,
        "items": items,
        "format": "text",
        "locales": str(_locales_dir()),
        **options,
    }
    file = folder / f"{name}.request.json"
    file.write_text(json.dumps(request, ensure_ascii=False), encoding="utf-8")
    return file


def _pandoc_inputs(folder: Path, name: str, style: str, items: list[dict[str, Any]]) -> list[str]:
    bibliography = folder / f"{name}.csl.json"
    bibliography.write_text(json.dumps(items, ensure_ascii=False), encoding="utf-8")
    document = folder / f"{name}.md"
    document.write_text("---\nnocite: '@*'\n---\n", encoding="utf-8")
    path, _ = _style_xml(style)
    return ["pandoc", "--citeproc", f"--bibliography={bibliography}", f"--csl={path}",
            "--from=markdown", "--to=plain", "--wrap=none", str(document)]  # fmt: skip


def _pandoc_entries(text: str) -> list[str]:
    return [_collapse(p) for p in text.split("\n\n") if p.strip()]


# Known differences between citeproc-py (with our fixes) and citeproc-js, each a way to
# make both sides read alike: an entry that agrees only after one of these is counted
# under that name; one that still differs is counted as "other" and shown first.
_KNOWN: tuple[tuple[str, Callable[[str], str]], ...] = (
    # citeproc-js adds a, b, c to equal author-years (disambiguation); citeproc-py does not.
    ("year-suffix", lambda s: re.sub(r"\((\d{4})[a-z]{1,2}\)", r"(\1)", s)),
    # citeproc-js prints a straight apostrophe in names as a typographic one.
    ("apostrophe", lambda s: s.replace("\u2019", "'")),
    # citeproc-js writes a CJK name family-given without separators or initials.
    ("CJK name", lambda s: re.sub(r"[ ,.]*[\u3400-\u9fff]+[ ,.]*", " ", s)),
)


def _cause(ours: str, peer: str) -> str:
    a, b = ours, peer
    used = []
    for name, normalize in _KNOWN:
        if a == b:
            break
        a2, b2 = _collapse(normalize(a)), _collapse(normalize(b))
        if (a2, b2) != (a, b):
            used.append(name)
        a, b = a2, b2
    return " + ".join(used) if a == b else "other"


def _agreement(ours: list[str], theirs: list[str], limit: int = 3) -> dict[str, Any]:
    """How many entries agree (whitespace runs collapsed); why the others differ."""
    a = [_collapse(e) for e in ours]
    b = [_collapse(e) for e in theirs]
    differing = [(i, x, y) for i, (x, y) in enumerate(zip(a, b, strict=False)) if x != y]
    causes: dict[str, int] = {}
    for _, x, y in differing:
        cause = _cause(x, y)
        causes[cause] = causes.get(cause, 0) + 1
    # Unexplained differences first.
    differing.sort(key=lambda d: _cause(d[1], d[2]) != "other")
    return {
        "entries": len(a),
        "peer_entries": len(b),
        "identical": len(a) == len(b) and not differing,
        "differing": len(differing) + abs(len(a) - len(b)),
        "causes": causes,
        "examples": [
            {"index": i, "cause": _cause(x, y), "ours": x, "peer": y}
            for i, x, y in differing[:limit]
        ],
    }


def _row(case: str, what: str, ours: dict[str, float], peer: str, theirs: dict[str, float],
         target: str, met: bool, unit: str = "s", **extra: Any) -> Row:  # fmt: skip
    return {
        "case": case,
        "what": what,
        "ours": ours,
        "peer": peer,
        "peer_result": theirs,
        "ratio": ours["median"] / theirs["median"] if theirs.get("median") else None,
        "unit": unit,
        "target": target,
        "met": met,
        **extra,
    }


# --------------------------------------------------------------------------- case 2


def case_2(runs: int) -> list[Row]:
    """``dls-proceedings cite --style ieee`` vs pandoc and one-shot citeproc-js, as processes.

    Ours runs as an installed package that has run before: its bytecode files
    exist (private to this run, written by the warm-up).
    """
    items = dp.to_csl_json(dp.load())
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
        env["PYTHONPYCACHEPREFIX"] = str(folder / "pycache")
        commands: dict[str, tuple[list[str], Path | None]] = {
            "ours": ([*_ours_command(), "cite", "--style", "ieee"], None),
            # The yardstick of the 200 ms (see PYDANTIC_IMPORT_THERE).
            "pydantic import": ([sys.executable, "-c", "from pydantic import BaseModel"], None),
        }
        if _available("node"):
            request = _js_request(folder, "volume", "ieee", items, runs=0, entries=True)
            commands["citeproc-js"] = (["node", str(PEER_JS)], request)
        if _available("pandoc"):
            commands["pandoc"] = (_pandoc_inputs(folder, "volume", "ieee", items), None)
        times: dict[str, list[float]] = {name: [] for name in commands}
        outputs: dict[str, str] = {}
        for name, (command, stdin) in commands.items():  # warm-up: file cache, imports
            outputs[name] = _run(command, stdin, env)[2]
        for _ in range(runs):
            for name, (command, stdin) in commands.items():
                times[name].append(_run(command, stdin, env)[0])
    ours = _summary(times["ours"])
    entries = outputs["ours"].splitlines()
    rows = []
    for peer in ("citeproc-js", "pandoc"):
        if peer not in times:
            continue
        theirs = _summary(times[peer])
        if peer == "citeproc-js":
            agreement = _agreement(entries, json.loads(outputs[peer])["entries"])
        else:
            agreement = _agreement(entries, _pandoc_entries(outputs[peer]))
        rows.append(
            _row(
                "2",
                "cite --style ieee, bundled volume (whole process)",
                ours,
                peer,
                theirs,
                "<= 0.200 s",
                ours["median"] <= 0.200,
                runs=runs,
                agreement=agreement,
            )
        )
    # The targets are ratios measured on its machine: 200 ms where
    # `from pydantic import BaseModel` took 76 ms. The same bound, scaled by this
    # machine's speed at that yardstick, measured in this run.
    yardstick = _summary(times["pydantic import"])
    budget = 0.200 / PYDANTIC_IMPORT_THERE
    rows.append(
        _row(
            "2",
            "cite --style ieee, bundled volume, scaled to the issue's machine",
            ours,
            "from pydantic import BaseModel",
            yardstick,
            f"<= {budget:.2f}x (0.200 s where the yardstick took 0.076 s)",
            ours["median"] / yardstick["median"] <= budget,
            runs=runs,
        )
    )
    if not rows:
        rows.append(
            _row(
                "2",
                "cite --style ieee (whole process)",
                ours,
                "-",
                {},
                "<= 0.200 s",
                ours["median"] <= 0.200,
                runs=runs,
            )
        )
    return rows


# --------------------------------------------------------------------------- case 3


def _time_ours(items: list[dict[str, Any]], style: str) -> tuple[float, list[str]]:
    start = time.perf_counter()
    entries = render_items(items, style)
    return time.perf_counter() - start, entries


def _exponent(sizes: Sequence[int], seconds: Sequence[float]) -> float:
    """The slope of log(time) against log(size): least squares."""
    xs = [math.log(s) for s in sizes]
    ys = [math.log(t) for t in seconds]
    mx, my = statistics.fmean(xs), statistics.fmean(ys)
    return sum((x - mx) * (y - my) for x, y in zip(xs, ys, strict=True)) / sum(
        (x - mx) ** 2 for x in xs
    )


def case_3(size: int, runs: int, styles: Sequence[str] = STYLES) -> list[Row]:
    """*size* synthetic papers, text: ours in-process vs citeproc-js (warm) and pandoc."""
    items = dp.to_csl_json(make_volume(size))
    rows: list[Row] = []
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        for style in styles:
            render_items(items[: min(200, size)], style)  # warm-up: parse, fill the caches
            ours_times: list[float] = []
            js_times: list[float] = []
            pandoc_times: list[float] = []
            ours_entries: list[str] = []
            js_entries: list[str] | None = None
            js = _available("node")
            pandoc = _available("pandoc")
            request = (
                _js_request(
                    folder, style, style, items, runs=1, warmup=min(size, 1000), entries=True
                )
                if js
                else None
            )
            pandoc_command = _pandoc_inputs(folder, style, style, items) if pandoc else None
            for run in range(runs):
                seconds, ours_entries = _time_ours(items, style)
                ours_times.append(seconds)
                # A peer that took longer than PEER_BUDGET once is not run again.
                if request is not None and sum(js_times) < PEER_BUDGET:
                    answer = json.loads(_run(["node", str(PEER_JS)], request)[2])
                    js_times.extend(ms / 1000 for ms in answer["ms"])
                    if run == 0:
                        js_entries = answer["entries"]
                if pandoc_command is not None and sum(pandoc_times) < PEER_BUDGET:
                    pandoc_times.append(_run(pandoc_command)[0])
            ours = _summary(ours_times)
            rate = {"items_per_s": size / ours["median"]}
            what = f"{size} synthetic papers, {style}, text"
            if js_times:
                theirs = _summary(js_times)
                rows.append(
                    _row(
                        "3",
                        what,
                        ours,
                        "citeproc-js (warm engine, in node)",
                        theirs,
                        "faster than citeproc-js (required)",
                        ours["median"] < theirs["median"],
                        runs=runs,
                        peer_runs=len(js_times),
                        ours_items_per_s=rate["items_per_s"],
                        peer_items_per_s=size / theirs["median"],
                        agreement=_agreement(ours_entries, js_entries or []),
                    )
                )
            if pandoc_times:
                theirs = _summary(pandoc_times)
                rows.append(
                    _row(
                        "3",
                        what,
                        ours,
                        "pandoc --citeproc (whole process)",
                        theirs,
                        "faster than pandoc (goal)",
                        ours["median"] < theirs["median"],
                        runs=runs,
                        peer_runs=len(pandoc_times),
                        ours_items_per_s=rate["items_per_s"],
                        peer_items_per_s=size / theirs["median"],
                    )
                )
            if not js_times and not pandoc_times:
                rows.append(
                    _row(
                        "3",
                        what,
                        ours,
                        "-",
                        {},
                        "-",
                        False,
                        runs=runs,
                        ours_items_per_s=rate["items_per_s"],
                    )
                )
    return rows


def scaling_sizes(size: int) -> tuple[int, ...]:
    """Four sizes doubling up to *size* (at least 8 papers), for a small run.

    >>> scaling_sizes(200)
    (25, 50, 100, 200)
    """
    top = max(size, 8)
    return tuple(top * k // 8 for k in (1, 2, 4, 8))


def case_3_scaling(
    styles: Sequence[str] = STYLES, sizes: Sequence[int] = SCALING_SIZES
) -> list[Row]:
    """Our time at 1k..8k papers and the fitted exponent (1.0: linear)."""
    every = dp.to_csl_json(make_volume(max(sizes)))
    rows = []
    for style in styles:
        render_items(every[:200], style)
        seconds = []
        for n in sizes:
            # The volume of n papers: its first n papers, then the volume item.
            seconds.append(min(_time_ours([*every[:n], every[-1]], style)[0] for _ in range(2)))
        exponent = _exponent(sizes, seconds)
        rows.append(
            _row(
                "3-scaling",
                f"{style}: time at {', '.join(map(str, sizes))} papers",
                {"median": exponent, "min": exponent, "max": exponent},
                "-",
                {},
                f"exponent <= {SCALING_LIMIT} (linear)",
                exponent <= SCALING_LIMIT,
                unit="exponent",
                seconds=dict(zip(map(str, sizes), seconds, strict=True)),
            )
        )
    return rows


# --------------------------------------------------------------------------- case 8

_RSS_CHILD = """
import json, resource, sys, time
from dls_proceedings.citations.render import render_items
items = json.load(open(sys.argv[1], encoding="utf-8"))
start = time.perf_counter()
entries = render_items(items, sys.argv[2])
seconds = time.perf_counter() - start
own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
try:  # this process's own peak (its ru_maxrss may start at its parent's)
    with open("/proc/self/status") as status:
        own = next(int(l.split()[1]) * 1024 for l in status if l.startswith("VmHWM:"))
except (OSError, StopIteration):
    pass
workers = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss * 1024
print(json.dumps({"rss": own, "workers_rss": workers, "seconds": seconds, "n": len(entries)}))
"""


def case_8(size: int, runs: int, styles: Sequence[str] = STYLES) -> list[Row]:
    """Peak RSS of a process rendering *size* papers, vs citeproc-js and pandoc processes."""
    items = dp.to_csl_json(make_volume(size))
    rows = []
    env = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join([str(ROOT / "src"), os.environ.get("PYTHONPATH", "")]),
    }
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        data = folder / "items.csl.json"
        data.write_text(json.dumps(items, ensure_ascii=False), encoding="utf-8")
        for style in styles:
            ours_rss: list[float] = []
            workers_rss: list[float] = []
            peers: dict[str, list[float]] = {}
            spent: dict[str, float] = {}
            request = (
                _js_request(folder, style, style, items, runs=1, warmup=min(size, 1000))
                if _available("node")
                else None
            )
            pandoc_command = (
                _pandoc_inputs(folder, style, style, items) if _available("pandoc") else None
            )
            for _ in range(max(1, min(runs, 2))):
                out = _run([sys.executable, "-c", _RSS_CHILD, str(data), style], env=env)[2]
                answer = json.loads(out)
                ours_rss.append(answer["rss"] / MiB)
                workers_rss.append(answer["workers_rss"] / MiB)
                if request is not None and spent.get("js", 0.0) < PEER_BUDGET:
                    seconds, rss, _ = _run(["node", str(PEER_JS)], request, rss=True)
                    spent["js"] = spent.get("js", 0.0) + seconds
                    peers.setdefault("citeproc-js (node)", []).append(rss / MiB)
                if pandoc_command is not None:
                    peers.setdefault("pandoc", []).append(_run(pandoc_command, rss=True)[1] / MiB)
            ours = _summary(ours_rss)
            for peer, values in peers.items() or {"-": []}.items():
                theirs = _summary(values) if values else {}
                rows.append(
                    _row(
                        "8",
                        f"peak RSS, {size} synthetic papers, {style}",
                        ours,
                        peer,
                        theirs,
                        "<= 150 MiB",
                        ours["max"] <= 150,
                        unit="MiB",
                        workers_peak_rss_mib=max(workers_rss),
                    )
                )
    return rows


# --------------------------------------------------------------------------- entry points


def cases(size: int = 10_000, runs: int = 3, which: Sequence[str] = ("2", "3", "8"),
          styles: Sequence[str] = STYLES) -> list[Row]:  # fmt: skip
    """The rows of cases 2, 3 (with the scaling exponent) and 8, as ``benchmarks/run.py`` wants."""
    rows: list[Row] = []
    if "2" in which:
        rows += case_2(runs)
    if "3" in which:
        rows += case_3(size, runs, styles)
        # 1k..8k for a full run; a small run (CI's) scales the same steps down.
        sizes = SCALING_SIZES if size >= max(SCALING_SIZES) else scaling_sizes(size)
        rows += case_3_scaling(styles, sizes)
    if "8" in which:
        rows += case_8(size, runs, styles)
    return rows


def _format(value: dict[str, float], unit: str) -> str:
    if not value:
        return "-"
    if unit == "s":
        scale, suffix = (1000, " ms") if value["median"] < 1 else (1, " s")
        return (
            f"{value['median'] * scale:.3g}{suffix} "
            f"({value['min'] * scale:.3g}-{value['max'] * scale:.3g})"
        )
    if unit == "MiB":
        return f"{value['median']:.0f} MiB ({value['min']:.0f}-{value['max']:.0f})"
    return f"{value['median']:.3f}"


def table(rows: list[Row]) -> str:
    """The rows as a Markdown table."""
    lines = [
        "| case | what | ours | peer | peer's | ratio | target | met |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for r in rows:
        ratio = f"{r['ratio']:.2f}" if r.get("ratio") is not None else "-"
        rate = ""
        runs = (
            f" [{r['peer_runs']} run]" if r.get("peer_runs", r.get("runs")) != r.get("runs") else ""
        )
        if "ours_items_per_s" in r:
            rate = f" = {r['ours_items_per_s']:.0f}/s vs {r['peer_items_per_s']:.0f}/s"
        lines.append(
            f"| {r['case']} | {r['what']} | {_format(r['ours'], r['unit'])} | {r['peer']} "
            f"| {_format(r['peer_result'], r['unit'])}{runs} | {ratio}{rate} | {r['target']} "
            f"| {'yes' if r['met'] else 'NO'} |"
        )
    return "\n".join(lines)


# --------------------------------------------------------------------------- side by side

_TIMED = """
import json, os, sys, time
sys.path[:0] = [os.path.join(sys.argv[1], "src"), os.path.join(sys.argv[1], "benchmarks")]
os.environ["DLS_PROCEEDINGS_WORKERS"] = "1"  # the previous commit forked by default
from synthetic import make_volume
import dls_proceedings as dp
from dls_proceedings.citations.render import render_items
items = dp.to_csl_json(make_volume(int(sys.argv[2])))
render_items(items[:200], sys.argv[3])
start = time.perf_counter()
entries = render_items(items, sys.argv[3])
print(json.dumps({"seconds": time.perf_counter() - start, "entries": entries}))
"""


def compare_with(tree: Path, size: int, runs: int, styles: Sequence[str] = STYLES) -> list[Row]:
    """Case 3 in one process each, ours against the package in *tree*, alternately."""
    rows: list[Row] = []
    for style in styles:
        times: dict[str, list[float]] = {"ours": [], "theirs": []}
        outputs: dict[str, list[str]] = {}
        for _ in range(runs):
            for side, root in (("ours", ROOT), ("theirs", tree)):
                done = subprocess.run(
                    [sys.executable, "-c", _TIMED, str(root), str(size), style],
                    capture_output=True, text=True, check=True,
                )  # fmt: skip
                answer = json.loads(done.stdout)
                times[side].append(answer["seconds"])
                outputs[side] = answer["entries"]
        ours, theirs = _summary(times["ours"]), _summary(times["theirs"])
        rows.append(
            _row(
                "3-compare",
                f"{size} synthetic papers, {style}, text, one process",
                ours,
                f"the package in {tree}",
                theirs,
                "<= 1.10 (at most 10 % slower)",
                ours["median"] <= 1.10 * theirs["median"],
                runs=runs,
                peer_runs=runs,
                agreement=_agreement(outputs["ours"], outputs["theirs"]),
            )
        )
    return rows


_THREAD_STYLES = ("ieee", "apa", "chicago-author-date", "modern-language-association", "nature",
                  "american-medical-association", "elsevier-harvard", "din-1505-2")  # fmt: skip


def threads(runs: int, repeat: int = 6) -> list[Row]:
    """Renders per second from 1 thread and from 2 threads at once (same total work)."""

    from concurrent.futures import ThreadPoolExecutor

    volume = dp.load()

    def work(mine: list[str]) -> None:
        for style in mine:
            dp.bibliography(volume, style)

    # Long-lived threads, as a server's pool: each keeps its own parsed styles. With
    # 2 threads each renders 4 of the styles; with 1, the one renders all 8.
    pools = {count: ThreadPoolExecutor(count) for count in (1, 2)}
    shares = {count: [list(_THREAD_STYLES[i::count]) * repeat for i in range(count)]
              for count in (1, 2)}  # fmt: skip
    renders = len(_THREAD_STYLES) * repeat

    def timed(count: int) -> float:
        start = time.perf_counter()
        for future in [pools[count].submit(work, share) for share in shares[count]]:
            future.result()
        return renders / (time.perf_counter() - start)

    for count in (1, 2):  # warm-up: each thread parses its styles once
        timed(count)
    rates: dict[int, list[float]] = {1: [], 2: []}
    for _ in range(runs):
        for count in (1, 2):
            rates[count].append(timed(count))
    for pool in pools.values():
        pool.shutdown()
    one, two = _summary(rates[1]), _summary(rates[2])
    return [
        {
            "case": "threads",
            "what": f"bundled volume, 8 styles x {repeat}, renders per second",
            "ours": two,
            "peer": "1 thread",
            "peer_result": one,
            "ratio": two["median"] / one["median"],
            "target": "2 threads > 1 thread",
            "met": two["median"] > one["median"],
            "unit": "/s",
            "runs": runs,
            "peer_runs": runs,
            "cores": len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else None,
        }
    ]


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--size", type=int, default=10_000, help="synthetic papers (case 3, 8)")
    parser.add_argument("--runs", type=int, default=3, help="timed runs of each side")
    parser.add_argument("--cases", default="2,3,8", help="comma-separated: 2, 3, 8")
    parser.add_argument("--styles", default=",".join(STYLES), help="styles of case 3 and 8")
    parser.add_argument("--json", type=Path, help="also write the rows to this file")
    parser.add_argument(
        "--compare-with",
        type=Path,
        metavar="TREE",
        help="only case 3, one process, ours against the package in TREE",
    )
    parser.add_argument(
        "--threads", action="store_true", help="only the throughput of 2 threads against 1"
    )
    args = parser.parse_args(argv)
    styles = args.styles.split(",")
    if args.compare_with is not None:
        rows = compare_with(args.compare_with, args.size, args.runs, styles)
    elif args.threads:
        rows = threads(args.runs)
    else:
        rows = cases(args.size, args.runs, args.cases.split(","), styles)
    print(table(rows))
    for r in rows:
        agreement = r.get("agreement")
        if agreement and not agreement["identical"]:
            print(
                f"\ncase {r['case']} {r['what']}: {agreement['differing']} of "
                f"{agreement['entries']} entries differ from {r['peer']}; first:"
            )
            for example in agreement["examples"]:
                print(f"  [{example['index']}] ({example['cause']}) ours: {example['ours'][:160]}")
                print(f"  [{example['index']}] peer: {example['peer'][:160]}")
    if args.json is not None:
        args.json.write_text(
            json.dumps(rows, indent=2, ensure_ascii=False) + "\n", encoding="utf-8"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
