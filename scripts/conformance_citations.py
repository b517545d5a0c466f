"""Run the CSL test suite's citation-mode fixtures through ``Citer``; write the report.

    python scripts/conformance_citations.py --test-suite DIR   # writes docs/conformance-citations.md
    python scripts/conformance_citations.py --test-suite DIR --list   # and prints each failure

*DIR* is a local copy of the CSL processor test suite (its fixtures carry no
licence: none of them is in this repository). Every fixture of
``processor-tests/humans`` whose mode is ``citation`` is run:

- with ``CITATIONS``: each citation is cited in turn (``Citer.cite`` with its
  note number), and the result is every citation's final text, one a line (the
  suite's ``..[n]`` / ``>>[n]`` markers are dropped); a fixture that edits or
  re-orders citations already cited (a repeated ``citationID``, or
  ``citationsPre`` not the citations so far) is counted as failed, kind "edits";
- with ``CITATION-ITEMS``: each group is one cluster, one a line;
- otherwise one cluster of every input item, in order.

Output is HTML, compared after collapsing whitespace. A fixture with other
sections (``OPTIONS``, ``ABBREVIATIONS``, ``BIBENTRIES``, ...) is run as
well, without them; an item without a ``type`` (which ``Citer`` refuses) is given
the type "document". Failures are grouped by kind (what the first differing
line suggests). Plain citeproc-py 0.11 is measured the same way (its
``CitationStylesBibliography.cite`` per cluster, as its documentation drives it).
The report is generated; do not edit it by hand.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import tempfile
import warnings
from collections import Counter
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

import dls_proceedings as dp  # noqa: E402

REPORT = ROOT / "docs" / "conformance-citations.md"
_SECTION = re.compile(r">>=+ ([A-Z-]+) =+>>\n(.*?)\n<<=+ \1 =+<<", re.S)
_MARK = re.compile(r"^(?:\.\.|>>)\[\d+\] ", re.M)


def fixture(path: Path) -> dict[str, str]:
    text = path.read_text(encoding="utf-8").lstrip("\ufeff")
    return {m.group(1): m.group(2) for m in _SECTION.finditer(text)}


def _norm(text: str) -> str:
    return re.sub(r"[ \t]+", " ", text.replace("\u00a0", "\u00a0")).strip()


class UnsupportedError(Exception):
    """The fixture asks for what the citer does not take (kind in the message)."""


def _items(data: dict[str, str]) -> list[dict[str, Any]]:
    """The fixture's items; one without an id is "ITEM-n" (its place, from 1), as the
    suite's runners number them."""
    items: list[dict[str, Any]] = json.loads(data["INPUT"])
    return [
        item if "id" in item else {**item, "id": f"ITEM-{n}"} for n, item in enumerate(items, 1)
    ]


def clusters_of(data: dict[str, str]) -> list[tuple[list[dict[str, Any]], int | None]]:
    """The fixture's clusters, in citing order: (cites in citeproc-js form, note)."""
    items = _items(data)
    if "CITATIONS" in data:
        seen: list[str] = []
        made = []
        for entry in json.loads(data["CITATIONS"]):
            citation, pre = entry[0], entry[1]
            cid = citation.get("citationID")
            if cid in seen or [p[0] for p in pre] != seen:
                raise UnsupportedError("edits")
            seen.append(cid)
            note = citation.get("properties", {}).get("noteIndex") or None
            made.append((citation["citationItems"], note))
        return made
    if "CITATION-ITEMS" in data:
        return [(group, None) for group in json.loads(data["CITATION-ITEMS"])]
    return [([{"id": item["id"]} for item in items], None)]


def as_cite(spec: dict[str, Any]) -> dp.Cite:
    label = spec.get("label", "page")
    locator = spec.get("locator")
    try:
        return dp.Cite(
            str(spec["id"]),
            locator=None if locator is None else str(locator),
            label=label,
            prefix=spec.get("prefix"),
            suffix=spec.get("suffix"),
            suppress_author=bool(spec.get("suppress-author")),
            author_only=bool(spec.get("author-only")),
        )
    except dp.ArgumentError as exc:
        # Not a CSL locator term (the suite's "id"): the citer refuses it.
        raise UnsupportedError("locator label") from exc


def ours(style: Path, data: dict[str, str]) -> str:
    # An item without a type (allowed by citeproc-js, refused by Citer) is a "document".
    items = [item if item.get("type") else {**item, "type": "document"} for item in _items(data)]
    citer = dp.Citer(items, style=style, output="html")
    notes = citer._note_style  # in-text styles: citeproc-js's note numbers are 0
    for cites, note in clusters_of(data):
        citer.cite(*(as_cite(c) for c in cites), note=note if notes else None)
    return "\n".join(citer.citations())


def plain_citeproc(style: Path, data: dict[str, str]) -> str:
    from citeproc import Citation, CitationItem, CitationStylesBibliography, CitationStylesStyle
    from citeproc import formatter as citeproc_formatter
    from citeproc.source import Locator
    from citeproc.source.json import CiteProcJSON

    items = _items(data)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        csl = CitationStylesStyle(str(style), validate=False)
        bib = CitationStylesBibliography(csl, CiteProcJSON(items), citeproc_formatter.html)
        citations = []
        for cites, _ in clusters_of(data):
            made = []
            for spec in cites:
                extra: dict[str, Any] = {}
                if spec.get("locator") is not None:
                    extra["locator"] = Locator(spec.get("label", "page"), str(spec["locator"]))
                for key in ("prefix", "suffix"):
                    if spec.get(key):
                        extra[key] = spec[key]
                made.append(CitationItem(str(spec["id"]), **extra))
            citation = Citation(made)
            bib.register(citation)
            citations.append(citation)
        return "\n".join(str(bib.cite(c, lambda item: None)) for c in citations)


def kind(expected: str, got: str) -> str:
    """What the first differing line suggests went wrong."""
    want, have = expected.splitlines(), got.splitlines()
    if len(want) != len(have):
        return "number of clusters"
    for a, b in zip(want, have, strict=True):
        if a == b:
            continue
        plain_a, plain_b = re.sub(r"<[^>]+>", "", a), re.sub(r"<[^>]+>", "", b)
        if plain_a == plain_b:
            return "markup"
        if sorted(plain_a) == sorted(plain_b):
            return "order"
        if re.sub(r"\W", "", plain_a) == re.sub(r"\W", "", plain_b):
            return "punctuation or spacing"
        if re.sub(r"\d", "", plain_a) == re.sub(r"\d", "", plain_b):
            return "numbers"
        if len(plain_a) > len(plain_b):
            return "missing text"
        return "extra or different text"
    return "other"


def run(directory: Path) -> dict[str, dict[str, Any]]:
    folder = directory / "processor-tests" / "humans"
    results: dict[str, dict[str, Any]] = {}
    with tempfile.TemporaryDirectory() as tmp:
        for path in sorted(folder.glob("*.txt")):
            data = fixture(path)
            if data.get("MODE", "").strip() != "citation" or "RESULT" not in data:
                continue
            style = Path(tmp) / f"{path.stem}.csl"
            style.write_text(data["CSL"], encoding="utf-8")
            expected = _norm(_MARK.sub("", data["RESULT"]))
            row: dict[str, Any] = {}
            for name, renderer in (("ours", ours), ("citeproc-py", plain_citeproc)):
                try:
                    got = _norm(renderer(style, data))
                except UnsupportedError as exc:
                    row[name], row[f"{name}-kind"] = False, f"unsupported: {exc}"
                    continue
                except Exception as exc:
                    row[name], row[f"{name}-kind"] = False, f"raised {type(exc).__name__}"
                    continue
                row[name] = got == expected
                if not row[name]:
                    row[f"{name}-kind"] = kind(expected, got)
                    row[f"{name}-got"] = got
            row["expected"] = expected
            results[path.stem] = row
    return results


def report(results: dict[str, dict[str, Any]]) -> str:
    total = len(results)
    ours_passed = sum(1 for r in results.values() if r["ours"])
    plain_passed = sum(1 for r in results.values() if r["citeproc-py"])
    kinds = Counter(r["ours-kind"] for r in results.values() if not r["ours"])
    prefixes = Counter(name.split("_")[0] for name in results)
    passed_by = Counter(name.split("_")[0] for name, r in results.items() if r["ours"])

    def pct(n: int) -> str:
        return f"{100 * n / total:.1f}%" if total else "-"

    lines = [
        "# Citation-mode conformance with the CSL test suite",
        "",
        "Generated by `python scripts/conformance_citations.py --test-suite DIR`; do not edit.",
        "",
        f"The {total} citation-mode fixtures of the CSL processor test suite "
        "(`processor-tests/humans`, mode `citation`: with `CITATIONS`, with `CITATION-ITEMS`, "
        "or one cluster of every item), cited through `Citer` in HTML and compared with the "
        "fixture's result after collapsing runs of spaces (see the script's docstring).",
        "",
        "| renderer | passed | share |",
        "|---|---|---|",
        f"| `Citer` (this package) | {ours_passed} of {total} | {pct(ours_passed)} |",
        f"| plain citeproc-py 0.11 (`CitationStylesBibliography.cite`) | {plain_passed} of "
        f"{total} | {pct(plain_passed)} |",
        "",
        "## Failures by kind",
        "",
        "| kind | fixtures |",
        "|---|---|",
        *(f"| {name} | {count} |" for name, count in kinds.most_common()),
        "",
        "## By group of fixtures",
        "",
        "| group | passed | of |",
        "|---|---|---|",
        *(
            f"| {group} | {passed_by[group]} | {count} |"
            for group, count in sorted(prefixes.items())
        ),
        "",
        "## Failing fixtures",
        "",
        ", ".join(f"`{name}`" for name, r in sorted(results.items()) if not r["ours"]) or "none",
        "",
    ]
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--test-suite", type=Path, required=True, help="a local copy of the suite")
    parser.add_argument("--list", action="store_true", help="print each failure")
    parser.add_argument("--only", help="run only fixtures whose name contains this")
    parser.add_argument("--no-write", action="store_true", help="print the summary only")
    args = parser.parse_args()
    results = run(args.test_suite)
    if args.only:
        results = {k: v for k, v in results.items() if args.only in k}
    if args.list:
        for name, row in sorted(results.items()):
            if not row["ours"]:
                print(f"== {name} [{row['ours-kind']}]")
                print(f"  want: {row['expected'][:600]}")
                print(f"  got:  {row.get('ours-got', '')[:600]}")
    text = report(results)
    if not args.no_write and not args.only:
        REPORT.write_text(text, encoding="utf-8")
        print(f"wrote {REPORT.relative_to(ROOT)}")
    print("\n".join(text.splitlines()[8:12]))


if __name__ == "__main__":
    main()
