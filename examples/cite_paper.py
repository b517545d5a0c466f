"""Cite one paper of the DLS 2020 volume in IEEE and in APA style.

Run: python examples/cite_paper.py [KEY]     (default: jansen2020ddl)
"""

from __future__ import annotations

import sys

import dls_proceedings as dp


def main(key: str = "jansen2020ddl") -> None:
    paper = dp.load().paper(key)  # raises dp.UnknownKeyError, naming close matches
    for style in ("ieee", "apa"):
        entry = dp.cite(paper, style).strip()  # the entry's text, without a final line break
        print(f"{style}:\n{entry}")


if __name__ == "__main__":
    main(*sys.argv[1:2])
