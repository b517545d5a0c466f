"""``render_csl_json`` (any CSL-JSON items) and the fixes for rich text, subsequent-author-
substitute, name particles and options and date ranges: expectations are citeproc-js's
(``tests/golden/fixes.json``, rendered by scripts/make_goldens.py)."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

import dls_proceedings as dp
from dls_proceedings.citations.fixes import rich_text
from dls_proceedings.citations.fixes.name_particles import parse_particles
from dls_proceedings.citations.render import render_items

from .conftest import ROOT, require

GOLDEN = ROOT / "tests" / "golden"


def _cases() -> dict[str, Any]:
    cases: dict[str, Any] = json.loads((GOLDEN / "fixes.json").read_text(encoding="utf-8"))["cases"]
    return cases


def _collapse(text: str) -> str:
    return re.sub(r"[ \t\r\n]+", " ", text).strip()


_NEW_CASES = sorted(
    name
    for name in _cases()
    if name.startswith(("rich_text", "subsequent_author_substitute", "name_particles",
                        "name_options", "date_ranges", "sort_keys_labels"))
)  # fmt: skip


@pytest.mark.parametrize("output", ["text", "html"])
@pytest.mark.parametrize("case", _NEW_CASES)
def test_render_csl_json_prints_what_citeproc_js_prints(
    tmp_path: Path, case: str, output: str
) -> None:
    data = _cases()[case]
    style = tmp_path / f"{case}.csl"
    style.write_text(data["style"], encoding="utf-8")
    ours = dp.render_csl_json(data["items"], style, output=output)  # type: ignore[arg-type]
    assert [_collapse(e) for e in ours] == [_collapse(e) for e in data[output]]


def test_every_rule_of_subsequent_author_substitute_has_a_case() -> None:
    # (The "_plain" cases show how the substitute prints, not a rule.)
    rules = {
        n for n in _NEW_CASES if n.startswith("subsequent_author_substitute") and "plain" not in n
    }
    assert len(rules) == 4
    outputs = {tuple(_cases()[n]["text"]) for n in rules}
    assert len(outputs) == 4, "each rule prints its own bibliography"


def test_render_csl_json_is_bibliography_for_the_volume() -> None:
    items = dp.to_csl_json(dp.load())
    for output in ("text", "html"):
        assert dp.render_csl_json(items, "ieee", output=output) == dp.bibliography(
            dp.load(),
            "ieee",
            output=output,
        )


@pytest.mark.parametrize(
    "kind",
    ["article-journal", "book", "chapter", "dataset", "software", "thesis", "webpage",
     "legal_case", "patent", "report", "map", "motion_picture"],
)  # fmt: skip
def test_render_csl_json_takes_any_type(kind: str) -> None:
    item = {"id": "x", "type": kind, "title": "A <i>Title</i>",
            "author": [{"family": "Ng", "given": "Ann"}], "issued": {"date-parts": [[2020]]}}  # fmt: skip
    (text,) = dp.render_csl_json([item], "apa")
    assert "A Title" in text
    assert "<i>" not in text
    (html,) = dp.render_csl_json([item], "apa", output="html")
    assert html.startswith('<div class="csl-entry">')


_BAD_ARGUMENTS = [
    pytest.param(("x", "apa"), {}, "items must be a list.*'x'", id="items-not-a-list"),
    pytest.param(({"id": "a"}, "apa"), {}, "items must be a list", id="items-a-dict"),
    pytest.param((["a"], "apa"), {}, "item 0 must be a CSL-JSON dict.*'a'", id="item-not-a-dict"),
    pytest.param(([{"type": "book"}], "apa"), {}, "item 0: 'id' .* None", id="no-id"),
    pytest.param(([{"id": True, "type": "book"}], "apa"), {}, "'id' .* True", id="bool-id"),
    pytest.param(([{"id": "a"}], "apa"), {}, "item 0: 'type' .* None", id="no-type"),
    pytest.param(([{"id": "a", "type": 3}], "apa"), {}, "'type' .* 3", id="type-not-a-string"),
    pytest.param(([], 3), {}, "style must be .* 3", id="style-not-a-string"),
    pytest.param(([], "apa"), {"output": 1}, "output must be a string.* 1", id="output-type"),
    pytest.param(([], "apa"), {"locale": 5}, "locale must be a string.* 5", id="locale-type"),
]


@pytest.mark.parametrize(("args", "kwargs", "message"), _BAD_ARGUMENTS)
def test_render_csl_json_names_the_bad_argument(
    args: tuple[Any, ...], kwargs: dict[str, Any], message: str
) -> None:
    with pytest.raises(dp.ArgumentTypeError, match=message):
        dp.render_csl_json(*args, **kwargs)


_SAME_ERRORS = [
    pytest.param({"style": "no-such-style"}, dp.UnknownStyleError, id="unknown-style"),
    pytest.param({"output": "pdf"}, dp.ArgumentError, id="unknown-output"),
    pytest.param({"locale": "xx-XX"}, dp.UnknownLocaleError, id="unknown-locale"),
]


@pytest.mark.parametrize(("change", "error"), _SAME_ERRORS)
def test_render_csl_json_raises_what_bibliography_raises(
    change: dict[str, Any], error: type[Exception]
) -> None:
    arguments: dict[str, Any] = {"style": "apa", "output": "text", "locale": None, **change}
    style = arguments.pop("style")
    with pytest.raises(error):
        dp.bibliography(dp.load(), style, **arguments)
    with pytest.raises(error):
        dp.render_csl_json(dp.to_csl_json(dp.load()), style, **arguments)


def test_render_csl_json_refuses_reserved_characters() -> None:
    with pytest.raises(dp.CslJsonError):
        dp.render_csl_json([{"id": "a", "type": "book", "title": "x\ue010y"}], "apa")


def test_render_csl_json_is_exported_lazily() -> None:
    assert "render_csl_json" in dp.__all__
    assert dp.__all__ == sorted(dp.__all__)
    code = (
        "import sys, dls_proceedings as dp; loaded = 'dls_proceedings.citations.render' in "
        "sys.modules; dp.render_csl_json; print(loaded, 'dls_proceedings.citations.render' "
        "in sys.modules)"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT,
        env={"PYTHONPATH": str(ROOT / "src"), "PATH": ""},
    )  # fmt: skip
    assert done.stdout.split() == ["False", "True"]


# --------------------------------------------------------------------------- rich text

_READS = [
    pytest.param("a <i>b</i> c", "a \ue010b\ue011 c", id="italic"),
    pytest.param("<b>x</b><sup>2</sup>", "\ue012x\ue013\ue0142\ue015", id="bold-sup"),
    pytest.param("<sc>s</sc>", "\ue018s\ue019", id="sc"),
    pytest.param('<span style="font-variant: small-caps;">s</span>', "\ue018s\ue019", id="sc-span"),
    pytest.param('<span class="nodecor">n</span>', "\ue01an\ue01b", id="nodecor"),
    pytest.param(
        '<span class="nocase">iPhone</span>',
        '<span class="nocase">iPhone</span>',
        id="nocase-kept-for-the-source",
    ),
    pytest.param("<i>open", "<i>open", id="unclosed"),
    pytest.param("a </i> <i>c</i>", "a </i> \ue010c\ue011", id="stray-closer"),
    pytest.param("<I>x</I> <i class='y'>z</i>", "<I>x</I> <i class='y'>z</i>", id="other-tags"),
]


@pytest.mark.parametrize(("data", "read"), _READS)
def test_rich_text_reads_paired_markup(data: str, read: str) -> None:
    assert rich_text.read(data, escaped=False) == read


def test_rich_text_reads_escaped_data_and_keeps_the_rest_escaped() -> None:
    escaped = "&#60;i&#62;a&#60;/i&#62; &#60;script&#62;"
    assert rich_text.read(escaped, escaped=True) == "\ue010a\ue011 &#60;script&#62;"


_FINISHED = [
    pytest.param("\ue010a\ue011", "text", "a", id="text"),
    pytest.param(
        "<i>x \ue010a\ue011</i>",
        "html",
        '<i>x <span style="font-style:normal;">a</span></i>',
        id="flip-italic",
    ),
    pytest.param(
        "<b>\ue012a\ue013</b>",
        "html",
        '<b><span style="font-weight:normal;">a</span></b>',
        id="flip-bold",
    ),
    pytest.param(
        "\ue010a \ue010b\ue011\ue011",
        "html",
        '<i>a <span style="font-style:normal;">b</span></i>',
        id="nested",
    ),
    pytest.param("\ue01an\ue01b", "html", "n", id="nodecor-plain"),
    pytest.param("<sup>\ue014a\ue015</sup>", "html", "<sup><sup>a</sup></sup>", id="sup-in-sup"),
    pytest.param(
        "<i>\ue010a</i>", "html", '<i><span style="font-style:normal;">a</span></i>', id="cut-short"
    ),
]


@pytest.mark.parametrize(("text", "output", "finished"), _FINISHED)
def test_rich_text_finish(text: str, output: str, finished: str) -> None:
    assert rich_text.finish(text, output) == finished


# --------------------------------------------------------------------------- names

_PARTICLES = [
    pytest.param({"family": "von Hoppel", "given": "Gustav"},
                 {"family": "Hoppel", "given": "Gustav", "non-dropping-particle": "von"},
                 id="non-dropping"),
    pytest.param({"family": "al-One", "given": "Alan"},
                 {"family": "One", "given": "Alan", "non-dropping-particle": "al-"},
                 id="hyphenated"),
    pytest.param({"family": "Berg", "given": "Jan van der"},
                 {"family": "Berg", "given": "Jan", "dropping-particle": "van der"},
                 id="dropping"),
    pytest.param({"family": "Doe", "given": "John, Jr."},
                 {"family": "Doe", "given": "John", "suffix": "Jr."}, id="suffix"),
    pytest.param({"family": '"van Happel"', "given": "Eduard"},
                 {"family": '"van Happel"', "given": "Eduard"}, id="quoted"),
    pytest.param({"family": "Happel", "given": "Ed", "non-dropping-particle": "van"},
                 {"family": "Happel", "given": "Ed", "non-dropping-particle": "van"},
                 id="given-fields"),
    pytest.param({"family": "Murai", "given": "Shogo"}, {"family": "Murai", "given": "Shogo"},
                 id="none"),
]  # fmt: skip


@pytest.mark.parametrize(("name", "parsed"), _PARTICLES)
def test_particles_are_read_as_citeproc_js_reads_them(
    name: dict[str, str], parsed: dict[str, str]
) -> None:
    assert parse_particles(name) == parsed


# --------------------------------------------------------------------------- parallel


def test_subsequent_author_substitute_across_worker_slices(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Each worker's slice compares its first entry with the entry before the slice."""
    from dls_proceedings.citations import parallel

    data = _cases()["subsequent_author_substitute"]
    items = [dict(item, id=f"{item['id']}{n}") for n in range(200) for item in data["items"]]
    style = tmp_path / "sas.csl"
    style.write_text(data["style"], encoding="utf-8")
    serial = dp.render_csl_json(items, style)
    monkeypatch.setattr(parallel, "MIN_ITEMS", 10)
    require(parallel.workers(len(items), 4) == 4, "this process cannot fork workers")
    assert render_items(items, style, workers=4) == serial
    assert serial[:7] == [_collapse(e) for e in data["text"]]


def test_two_different_items_under_one_id_are_refused() -> None:
    paper = dp.load().papers[0]
    other = paper.model_copy(update={"title": "Another Paper"})
    with pytest.raises(dp.ArgumentError, match=r"1 id\(s\) name two different items: 'murai"):
        dp.bibliography([paper, other], "ieee")
    items = dp.to_csl_json([paper])
    with pytest.raises(dp.ArgumentError, match="two different items"):
        dp.render_csl_json([*items, {**items[0], "title": "X"}], "apa")
    # The same item twice is one entry, as citeproc-js registers it once.
    assert dp.bibliography([paper, paper], "ieee") == dp.bibliography([paper], "ieee")


@pytest.mark.parametrize("style", ["apa", "ieee"])
def test_ids_that_differ_only_in_case_are_refused(style: str) -> None:
    # The renderer reads ids without case: "A" and "a" would be one entry, the other
    # item dropped without a word (before, APA and IEEE printed "Second" alone).
    items = [
        {"id": "A", "type": "book", "title": "First", "issued": {"date-parts": [[2020]]}},
        {"id": "a", "type": "book", "title": "Second", "issued": {"date-parts": [[2020]]}},
    ]
    with pytest.raises(dp.ArgumentError, match=r"1 id\(s\) name two different items: 'A' and 'a'"):
        dp.render_csl_json(items, style)
    with pytest.raises(dp.ArgumentError, match="'A' and 'a'"):
        dp.Citer(items, style=style)  # whose keys are read without case too
    # With ids of their own, both are entries.
    renamed = [items[0], {**items[1], "id": "b"}]
    assert [e.count("Second") for e in dp.render_csl_json(renamed, style)].count(1) == 1
