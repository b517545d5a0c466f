"""Write the whole DLS 2020 volume to a BibTeX file and a CSL-JSON file.

Run: python examples/write_files.py [DIRECTORY]     (default: the current directory)

Prints each file's path and how many entries it holds.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import dls_proceedings as dp


def main(directory: str = ".") -> None:
    target = Path(directory)
    target.mkdir(parents=True, exist_ok=True)
    volume = dp.load()

    bib = target / "dls2020.bib"
    bib.write_text(dp.to_bibtex(volume), encoding="utf-8")
    # Read the file back: the papers it holds, each a self-contained entry (cite any subset).
    papers = dp.from_bibtex(bib.read_text(encoding="utf-8"))
    print(f"{bib}: {len(papers)} papers")

    csl = target / "dls2020.json"
    csl.write_text(dp.dump_csl_json(volume), encoding="utf-8")
    items = json.loads(csl.read_text(encoding="utf-8"))
    print(f"{csl}: {len(items)} CSL-JSON items (the papers, then the volume)")


if __name__ == "__main__":
    main(*sys.argv[1:2])
