"""Print the author index of the DLS 2020 volume, as at the back of the printed book.

Run: python examples/author_index.py
"""

from __future__ import annotations

import dls_proceedings as dp


def main() -> None:
    index = dp.load().author_index()
    print(f"Author index ({len(index)} authors)")
    for entry in index:
        pages = ", ".join(str(page) for page in entry.pages)
        print(f"{entry.name}  {pages}")


if __name__ == "__main__":
    main()
