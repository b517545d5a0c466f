"""Render the golden citation clusters with citeproc-js, the reference CSL processor.

    npm ci --prefix tools/citeproc-js        # once: the pinned citeproc package
    python scripts/make_citation_goldens.py  # writes tests/golden/citer/clusters.json
    python scripts/make_citation_goldens.py --check   # exit 1 if ours differ (no write)

For each style of ``make_goldens.STYLES`` a fixed script of citation clusters
(``CLUSTERS``) is cited over the bundled volume's CSL-JSON and a few added items
(``EXTRA_ITEMS``: a second paper by the same authors, one whose authors share
the first author, and one by another "Y. Wang", so that the cites need
disambiguation). citeproc-js adds the clusters one after another with
``processCitationCluster`` (every earlier cluster as ``citationsPre``), as a word
processor plug-in adds them: note styles get footnotes 1, 2, …; the file keeps
each cluster's final text (a later cluster can change an earlier one) and the
bibliography of the cited items, in text and in HTML (``scripts/citation_goldens.js``).
Dependent styles are rendered with their independent parent and the dependent's
default locale, as ``Citer`` does. ``tests/test_citer.py`` asserts that ``Citer``
prints exactly these. The file is written only by this script, never by hand.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "scripts"))

import dls_proceedings as dp  # noqa: E402
from dls_proceedings.citations.styles import resolve_style  # noqa: E402

GOLDEN = ROOT / "tests" / "golden" / "citer" / "clusters.json"
PEER = ROOT / "scripts" / "citation_goldens.js"
FORMATS = ("text", "html")


def _person(family: str, given: str) -> dict[str, str]:
    return {"family": family, "given": given}


_VENUE = "2020 IEEE/ACM Fourth Workshop on Deep Learning on Supercomputers (DLS)"
EXTRA_ITEMS: list[dict[str, Any]] = [
    {
        "id": "jansen2020second", "type": "paper-conference",
        "title": "Scaling Benchmarks for Distributed Training",
        "author": [_person("Jansen", "Matthijs"), _person("Codreanu", "Valeriu"),
                   _person("Varbanescu", "Ana-Lucia")],
        "container-title": _VENUE, "publisher": "IEEE", "page": "80-88",
        "issued": {"date-parts": [[2020, 11]]},
    },
    {
        "id": "cai2020other", "type": "paper-conference",
        "title": "Galaxy Morphology at Scale",
        "author": [_person("Cai", "Maxwell X."), _person("Podareanu", "Damian"),
                   _person("Qian", "Penny X.")],
        "container-title": _VENUE, "publisher": "IEEE", "page": "89-95",
        "issued": {"date-parts": [[2020, 11]]},
    },
    {
        "id": "wang2020other", "type": "article-journal",
        "title": "Roofline Models for Accelerators",
        "author": [_person("Wang", "Yu"), _person("Li", "Hong"), _person("Zhou", "Min")],
        "container-title": "Journal of Parallel Computing", "volume": "12", "issue": "3",
        "page": "100-120", "issued": {"date-parts": [[2020, 3]]},
    },
]  # fmt: skip


def cite(key: str, **options: Any) -> dict[str, Any]:
    return {"id": key, **options}


# The fixed script: each entry one cluster (a parenthetical citation or a footnote).
CLUSTERS: list[dict[str, Any]] = [
    {"cites": [cite("cai2020deepgalaxy")]},
    {"cites": [cite("jansen2020ddl", locator="5", label="page"), cite("cai2020deepgalaxy")]},
    {"cites": [cite("wang2020time", prefix="see ", **{"suppress-author": True})]},
    {"cites": [cite("wang2020time", **{"author-only": True})]},
    {"cites": [cite("murai2020online"), cite("wang2020time"), cite("hasheminezhad2020towards")]},
    {"cites": [cite("wang2020time", locator="3", label="page")]},
    {"cites": [cite("wang2020time", locator="3", label="page")]},
    {"cites": [cite("wang2020time", locator="4-6", label="page")]},
    {"cites": [cite("wang2020time")]},
    {"cites": [cite("acevedo2020vandermonde", locator="2", label="chapter"),
               cite("venkataram2020topiqal", locator="3", label="figure", suffix=", table 2")]},
    {"cites": [cite("dls2020", locator="4", label="section", prefix="cf. ")]},
    {"cites": [cite("jansen2020second")]},
    {"cites": [cite("cai2020other", locator="7", label="paragraph")]},
    {"cites": [cite("wang2020other", locator="12", label="line")]},
    {"cites": [cite("murai2020online"), cite("wang2020time"), cite("hasheminezhad2020towards"),
               cite("jansen2020ddl")]},
    {"cites": [cite("jansen2020ddl"), cite("jansen2020second", suffix="and passim")]},
    {"cites": [cite("venkataram2020topiqal", locator="2", label="volume")]},
    {"cites": [cite("cai2020deepgalaxy", locator="9", label="note")]},
]  # fmt: skip


def items() -> list[dict[str, Any]]:
    """The items the script cites: the bundled volume's CSL-JSON and ``EXTRA_ITEMS``."""
    return [*dp.to_csl_json(dp.load()), *EXTRA_ITEMS]


def as_cite(spec: dict[str, Any]) -> dp.Cite:
    """A cluster script's cite (citeproc-js's form) as a ``Cite``."""
    return dp.Cite(
        spec["id"],
        locator=spec.get("locator"),
        label=spec.get("label", "page"),
        prefix=spec.get("prefix"),
        suffix=spec.get("suffix"),
        suppress_author=bool(spec.get("suppress-author")),
        author_only=bool(spec.get("author-only")),
    )


def ours(style: str, output: str, clusters: list[dict[str, Any]] | None = None) -> dict[str, Any]:
    """What ``Citer`` prints for the script: every cluster's final text, the bibliography."""
    citer = dp.Citer(items(), style=style, output=output)  # type: ignore[arg-type]
    for cluster in clusters if clusters is not None else CLUSTERS:
        citer.cite(*(as_cite(spec) for spec in cluster["cites"]), note=cluster.get("note"))
    return {"citations": citer.citations(), "bibliography": citer.bibliography()}


def run_peer(jobs: list[dict[str, Any]]) -> dict[str, Any]:
    from make_goldens import locales_dir

    request = json.dumps({"jobs": jobs, "locales": str(locales_dir())})
    result = subprocess.run(
        ["node", str(PEER)], input=request, capture_output=True, text=True,
        encoding="utf-8", check=False, timeout=900,
    )  # fmt: skip
    if result.returncode != 0:
        raise SystemExit(f"citeproc-js failed:\n{result.stderr}")
    rendered: dict[str, Any] = json.loads(result.stdout)
    return rendered


def job(style: str, clusters: list[dict[str, Any]], data: list[dict[str, Any]]) -> dict[str, Any]:
    resolved = resolve_style(style)
    return {
        "name": style, "style": resolved.path.read_text(encoding="utf-8"),
        "lang": resolved.locale, "items": data, "clusters": clusters, "formats": list(FORMATS),
    }  # fmt: skip


def render() -> dict[str, Any]:
    from make_goldens import STYLES, citeproc_js_version

    data = items()
    rendered = run_peer([job(style, CLUSTERS, data) for style in STYLES])
    styles = {}
    for style in STYLES:
        styles[style] = {
            fmt: {
                "citations": rendered[style][fmt]["citations"],
                "bibliography": [e.strip() for e in rendered[style][fmt]["bibliography"] or []],
            }
            for fmt in FORMATS
        }
    return {
        "generator": "scripts/make_citation_goldens.py",
        "citeproc-js": citeproc_js_version(),
        "clusters": CLUSTERS,
        "extra_items": EXTRA_ITEMS,
        "styles": styles,
    }


def compare(golden: dict[str, Any]) -> list[str]:
    """Where ``Citer`` differs from *golden* (one line per differing cluster or entry)."""
    problems = []
    for style, formats in golden["styles"].items():
        for fmt, expected in formats.items():
            got = ours(style, fmt, golden["clusters"])
            for n, (want, have) in enumerate(
                zip(expected["citations"], got["citations"], strict=False)
            ):
                if want != have:
                    problems.append(f"{style} {fmt} cluster {n}:\n  js: {want}\n  py: {have}")
            for n, (want, have) in enumerate(
                zip(expected["bibliography"], got["bibliography"], strict=False)
            ):
                if " ".join(want.split()) != " ".join(have.split()):
                    problems.append(f"{style} {fmt} entry {n}:\n  js: {want}\n  py: {have}")
            if len(expected["bibliography"]) != len(got["bibliography"]):
                problems.append(f"{style} {fmt}: bibliography lengths differ")
    return problems


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--check", action="store_true", help="compare Citer with the goldens; write nothing"
    )
    args = parser.parse_args()
    if args.check:
        problems = compare(json.loads(GOLDEN.read_text(encoding="utf-8")))
        print("\n".join(problems) or "Citer prints every golden cluster")
        raise SystemExit(1 if problems else 0)
    golden = render()
    GOLDEN.write_text(json.dumps(golden, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(f"wrote {GOLDEN.relative_to(ROOT)} ({len(golden['styles'])} styles)")


if __name__ == "__main__":
    main()
