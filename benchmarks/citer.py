"""Citation clusters: ``Citer`` against citeproc-js's ``processCitationCluster``, side by side.

    python benchmarks/citer.py                    # 10,000 citations over 2,000 papers
    python benchmarks/citer.py --citations 1000 --papers 200 --styles apa

A synthetic volume of *papers* papers (``synthetic.make_volume``) is cited
*citations* times in APA and IEEE: a fixed pseudo-random script of clusters of
one to three cites, a quarter of them with a page locator. ``Citer.cite`` adds
each cluster in turn, and ``citations()`` reads them all at the end; citeproc-js
(``scripts/citation_goldens.js``, node) adds the same clusters with
``processCitationCluster`` on a warm engine (one untimed run first), every earlier
cluster as ``citationsPre``. Both times include making the engine or ``Citer``
(the style is parsed beforehand in both). Prints one line per style.
"""

from __future__ import annotations

import argparse
import random
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
    """*count* clusters of one to three cites of *keys*, a quarter with a page locator."""
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
    dp.Citer(items[:2], style=style)  # the style parsed (and kept) before timing
    start = time.perf_counter()
    citer = dp.Citer(items, style=style)
    for cluster in clusters:
        citer.cite(*(dp.Cite(c["id"], locator=c.get("locator")) for c in cluster["cites"]))
    texts = citer.citations()
    return time.perf_counter() - start, texts


def peer(
    items: list[dict[str, Any]], style: str, clusters: list[dict[str, Any]]
) -> tuple[float, list[str]]:
    from make_citation_goldens import run_peer

    from dls_proceedings.citations.styles import resolve_style

    resolved = resolve_style(style)
    job = {
        "name": style, "style": resolved.path.read_text(encoding="utf-8"),
        "lang": resolved.locale, "items": items, "clusters": clusters, "formats": ["text"],
        "runs": 1, "bibliography": False,
    }  # fmt: skip
    out = run_peer([job])[style]["text"]
    return out["ms"][0] / 1000, out["citations"]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--citations", type=int, default=10_000)
    parser.add_argument("--papers", type=int, default=2_000)
    parser.add_argument("--styles", nargs="*", default=["apa", "ieee"])
    args = parser.parse_args()
    volume = make_volume(args.papers)
    items = dp.to_csl_json(volume)[:-1]
    clusters = script([str(item["id"]) for item in items], args.citations)
    print(f"{args.citations} citations over {len(items)} papers")
    for style in args.styles:
        ours_s, ours_texts = ours(items, style, clusters)
        js_s, js_texts = peer(items, style, clusters)
        same = sum(a == b for a, b in zip(ours_texts, js_texts, strict=False))
        print(
            f"{style:6} Citer {ours_s:7.2f} s   citeproc-js {js_s:7.2f} s   "
            f"ratio {ours_s / js_s:5.1f}x   identical clusters {same}/{len(clusters)}"
        )


if __name__ == "__main__":
    main()
