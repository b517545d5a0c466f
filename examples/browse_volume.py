"""Browse the DLS 2020 volume: sessions, one paper, and the author index.

Run: python examples/browse_volume.py
"""

from __future__ import annotations

import dls_proceedings as dp


def main() -> None:
    wk = dp.load()
    print(f"{wk.title}, {wk.location}, {wk.date:%Y-%m-%d}")
    for session in wk.sessions:
        print(f"\n{session.title}")
        for paper in session.papers:
            print(f"  {paper.pages}  {paper.key}")

    paper = wk.paper("cai2020deepgalaxy")
    print(f"\n{paper.title}")
    print("  by " + "; ".join(a.name for a in paper.authors))

    print("\nAuthors with more than one paper:")
    for entry in wk.author_index():
        if len(entry.pages) > 1:
            print(f"  {entry}")


if __name__ == "__main__":
    main()
