"""Citation clusters: ``Citer`` against citeproc-js's ``processCitationCluster``, side by side.

    python benchmarks/citer.py                    # 10,000 citations over 2,000 papers, 2 runs
    python benchmarks/citer.py --citations 1000 --papers 200 --styles apa --runs 1

A synthetic volume of *papers* papers (``synthetic.make_volume``) is cited
*citations* times in APA and IEEE: a fixed pseudo-random script of clusters of
one to three cites, a quarter of them with a page locator. ``Citer.cite`` adds
each cluster in turn, and ``citations()`` reads them all at the end; citeproc-js
(``scripts/citation_goldens.js``, node) adds the same clusters with
``processCitationCluster``, every earlier cluster as ``citationsPre``. Both times
include making the engine or ``Citer``. citeproc-js re-reads every earlier cluster
on each call, so its time grows faster than linearly with the clusters (tens of
minutes at 10,000 in APA): by default it is timed as one pass in a node process
of its own (the wall time of the process: starting node and reading the JSON are
a second or less of it), and with ``--warm`` inside node on a warm engine, after
an untimed pass (for small sizes, where the warm-up counts). Each run times ours,
then citeproc-js, style by style (side by side, so that both see the same load on
a shared machine); one line per style and run, with the load average before it,
then each style's medians. "identical" counts the clusters whose final text is
the same in both.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "benchmarks"))
sys.path.insert(0, str(ROOT / "scripts"))

from synthetic import make_volume  # noqa: E402

import dls_proceedings as dp  # noqa: E402


def script(keys: list[str], count: int, seed: int = 11) -> list[dict[str, Any]]:
    """*count* clusters of one to three cites of *keys*, a quarter with a page locator.

    >>> script(["a", "b", "c"], 1)
    [{'cites': [{'id': 'c'}, {'id': 'b'}, {'id': 'a', 'locator': '263', 'label': 'page'}]}]
    """
    rng = random.Random(seed)
    clusters = []
    for _ in range(count):
        cites = []
        for key in rng.sample(keys, rng.choice((1, 1, 2, 3))):
            cite: dict[str, Any] = {"id": key}
            if rng.random() < 0.25:
                cite["locator"], cite["label"] = str(rng.randint(1, 400)), "page"
            cites.append(cite)
        clusters.append({"cites": cites})
    return clusters


def ours(
    items: list[dict[str, Any]], style: str, clusters: list[dict[str, Any]]
) -> tuple[float, list[str]]:
    """Seconds to cite *clusters* with a new ``Citer`` and read them all, and the texts."""
    dp.Citer(items[:2], style=style)  # the style parsed (and kept) before timing
    start = time.perf_counter()
    citer = dp.Citer(items, style=style)
    for cluster in clusters:
        citer.cite(*(dp.Cite(c["id"], locator=c.get("locator")) for c in cluster["cites"]))
    texts = citer.citations()
    return time.perf_counter() - start, texts


def peer(
    items: list[dict[str, Any]], style: str, clusters: list[dict[str, Any]], warm: bool = False
) -> tuple[float, list[str]]:
    """citeproc-js's seconds for the same and its texts: one pass as a whole node process,
    or (*warm*) a pass inside node after an untimed one."""
    from make_citation_goldens import PEER
    from make_goldens import locales_dir

    from dls_proceedings.citations.styles import resolve_style

    resolved = resolve_style(style)
    job = {
        "name": style, "style": resolved.path.read_text(encoding="utf-8"),
        "lang": resolved.locale, "items": items, "clusters": clusters, "formats": ["text"],
        "runs": 1 if warm else 0, "bibliography": False,
    }  # fmt: skip
    request = json.dumps({"jobs": [job], "locales": str(locales_dir())})
    # No time limit: at 10,000 clusters citeproc-js takes minutes (see the docstring).
    start = time.perf_counter()
    result = subprocess.run(
        ["node", str(PEER)], input=request, capture_output=True, text=True,
        encoding="utf-8", check=False,
    )  # fmt: skip
    seconds = time.perf_counter() - start
    if result.returncode != 0:
        raise SystemExit(f"citeproc-js failed:\n{result.stderr}")
    out = json.loads(result.stdout)[style]["text"]
    return (out["ms"][0] / 1000 if warm else seconds), out["citations"]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--citations", type=int, default=10_000)
    parser.add_argument("--papers", type=int, default=2_000)
    parser.add_argument("--styles", nargs="*", default=["apa", "ieee"])
    parser.add_argument("--runs", type=int, default=2)
    parser.add_argument(
        "--warm", action="store_true", help="time citeproc-js inside node, after a warm-up pass"
    )
    args = parser.parse_args()
    volume = make_volume(args.papers)
    items = dp.to_csl_json(volume)[:-1]
    clusters = script([str(item["id"]) for item in items], args.citations)
    how = "warm, inside node" if args.warm else "one pass, whole node process"
    print(
        f"{args.citations} citations over {len(items)} papers, {args.runs} runs; "
        f"citeproc-js timed {how}",
        flush=True,
    )
    times: dict[str, list[tuple[float, float]]] = {style: [] for style in args.styles}
    for run in range(1, args.runs + 1):
        for style in args.styles:
            load = os.getloadavg()[0]
            ours_s, ours_texts = ours(items, style, clusters)
            js_s, js_texts = peer(items, style, clusters, args.warm)
            same = sum(a == b for a, b in zip(ours_texts, js_texts, strict=True))
            times[style].append((ours_s, js_s))
            print(
                f"run {run} {style:6} load {load:4.2f}   Citer {ours_s:7.2f} s   "
                f"citeproc-js {js_s:7.2f} s   ratio {ours_s / js_s:5.2f}   "
                f"identical {same}/{len(clusters)}",
                flush=True,
            )
    for style, pairs in times.items():
        ours_m = statistics.median(p[0] for p in pairs)
        js_m = statistics.median(p[1] for p in pairs)
        print(
            f"median {style:6} Citer {ours_m:7.2f} s   citeproc-js {js_m:7.2f} s   "
            f"ratio {ours_m / js_m:5.2f}   (final load {os.getloadavg()[0]:4.2f})"
        )


if __name__ == "__main__":
    main()
