"""A Markdown reading list of one session of the DLS 2020 volume, with DOI links.

Run: python examples/reading_list.py [N]     (N = 1 or 2, the session; default 2)
"""

from __future__ import annotations

import sys

import dls_proceedings as dp


def main(number: str = "2") -> None:
    volume = dp.load()
    session = volume.sessions[int(number) - 1]
    print(f"# {session.title}\n")
    print(f"*{volume.title}*, {volume.location}, {volume.date:%B %Y}\n")
    for paper in session.papers:
        authors = ", ".join(author.name for author in paper.authors)
        pages = f", pp. {paper.pages}" if paper.pages else ""
        link = f"[doi:{paper.doi}](https://doi.org/{paper.doi})" if paper.doi else "DOI unknown"
        print(f"- **{paper.title}** — {authors}{pages}. {link}")


if __name__ == "__main__":
    main(*sys.argv[1:2])
