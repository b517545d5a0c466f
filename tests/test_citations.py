"""Formatted citations: identical to citeproc-js (the committed goldens), escaped, cached."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

import dls_proceedings as dp
from dls_proceedings.citations import fixes
from dls_proceedings.citations.render import render_items
from dls_proceedings.citations.styles import parsed_style, resolve_style

from .conftest import ROOT, require

GOLDEN = ROOT / "tests" / "golden"
# The styles the citations issue names, in its order.
STYLES = [
    "apa", "ieee", "chicago-author-date", "chicago-notes-bibliography",
    "modern-language-association", "harvard-cite-them-right", "nature",
    "american-medical-association", "vancouver-nlm", "elsevier-harvard", "elsevier-with-titles",
    "springer-basic-author-date", "springer-lecture-notes-in-computer-science",
    "association-for-computing-machinery", "acm-sig-proceedings", "american-chemical-society",
    "american-sociological-association", "american-political-science-association", "the-lancet",
    "cell", "science", "plos-one", "iso690-author-date-en", "din-1505-2",
    "taylor-and-francis-chicago-author-date", "american-physics-society",
    "american-institute-of-physics", "royal-society-of-chemistry", "pnas", "bibtex",
]  # fmt: skip


def collapse(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def golden(name: str) -> Any:
    return json.loads((GOLDEN / name).read_text(encoding="utf-8"))


def test_every_style_has_a_golden() -> None:
    assert sorted(p.stem for p in GOLDEN.glob("*.json")) == sorted(
        [*STYLES, "escaping", "fixes", "input.csl"]
    )


def test_goldens_were_rendered_from_the_current_csl_json(volume: dp.Workshop) -> None:
    assert golden("input.csl.json") == dp.to_csl_json(volume)


@pytest.mark.parametrize("output", ["text", "html"])
@pytest.mark.parametrize("style", STYLES)
def test_identical_to_citeproc_js(volume: dp.Workshop, style: str, output: str) -> None:
    expected = golden(f"{style}.json")[output]
    ours = dp.bibliography(volume, style, output=output)  # type: ignore[arg-type]
    assert [collapse(e) for e in ours] == [collapse(e) for e in expected]


@pytest.mark.parametrize("output", ["text", "html"])
@pytest.mark.parametrize("style", STYLES)
def test_hostile_data_escaped_as_citeproc_js(style: str, output: str) -> None:
    data = golden("escaping.json")
    (ours,) = render_items([data["item"]], style, output=output)  # type: ignore[arg-type]
    (theirs,) = data[output][style]
    assert collapse(ours) == collapse(theirs)
    if output == "html":
        # Once the output's own markup is removed, no angle bracket is left: all data is text.
        bare = re.sub(r"</?(?:div|i|b|em|sup|sub|span)\b[^>]*>", "", ours)
        assert "<" not in bare
        assert ">" not in bare
        assert "&#60;" in bare


@pytest.mark.parametrize(
    ("where", "place"),
    [
        ("title", "title: U+E000"),
        ("family", "author[1].family: U+E003"),
        ("literal", "issued.literal: U+E0FF"),
        ("publisher", "publisher: U+E042"),
    ],
    ids=["title-mark", "name-mark", "date-literal", "entity-mark"],
)
def test_renderer_refuses_its_own_marks_in_data(where: str, place: str) -> None:
    # These private-use characters are the fixes' marks: in data they were dropped
    # ("X\ue000Y" printed "XY") or read as markup. The renderer names each place.
    item: dict[str, Any] = {
        "id": "a",
        "type": "book",
        "title": "Plain",
        "author": [{"family": "Ng", "given": "A"}, {"family": "Wu", "given": "B"}],
        "issued": {"date-parts": [[2020]]},
    }
    mark = place.rsplit("U+", 1)[1]
    value = f"X{chr(int(mark, 16))}Y"
    if where == "family":
        item["author"][1]["family"] = value
    elif where == "literal":
        item["issued"] = {"literal": value}
    else:
        item[where] = value
    clean = {"id": "b", "type": "book", "title": "Fine \ue100 after the block"}
    with pytest.raises(dp.CslJsonError) as raised:
        render_items([clean, item], "ieee")
    (problem,) = raised.value.problems
    assert problem.startswith(f"item 1 ('a'): {place} in ")
    assert "reserved" in problem
    # Private-use characters outside the block are data like any other.
    assert "\ue100" in render_items([clean], "ieee")[0]


@pytest.mark.parametrize("output", ["text", "html"])
@pytest.mark.parametrize("case", sorted(golden("fixes.json")["cases"]))
def test_each_fix_against_citeproc_js(tmp_path: Path, case: str, output: str) -> None:
    data = golden("fixes.json")["cases"][case]
    style = tmp_path / f"{case}.csl"
    style.write_text(data["style"], encoding="utf-8")
    ours = render_items(data["items"], style, output=output)  # type: ignore[arg-type]
    assert [collapse(e) for e in ours] == [collapse(e) for e in data[output]]


def test_every_fix_has_a_case() -> None:
    cases = set(golden("fixes.json")["cases"])
    assert set(fixes.FIXES) <= cases - {"seams"}


def test_goldens_are_not_stale(tmp_path: Path) -> None:
    """Re-render with citeproc-js (node) and compare with the committed files."""
    node = shutil.which("node")
    require(node is not None, "node is not installed")
    package = ROOT / "tools" / "citeproc-js" / "node_modules" / "citeproc"
    require(package.is_dir(), "citeproc-js is not installed: npm ci --prefix tools/citeproc-js")
    subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "make_goldens.py"), "--out", str(tmp_path)],
        check=True,
        timeout=900,
    )
    for fresh in sorted(tmp_path.glob("*.json")):
        committed = GOLDEN / fresh.name
        assert committed.read_bytes() == fresh.read_bytes(), f"{fresh.name} is stale"
    assert {p.name for p in tmp_path.glob("*.json")} == {p.name for p in GOLDEN.glob("*.json")}


# --------------------------------------------------------------------------- API


def test_order_given_is_citation_order(volume: dp.Workshop) -> None:
    papers = [volume.paper("cai2020deepgalaxy"), volume.paper("murai2020online")]
    entries = dp.bibliography(papers, "ieee")
    assert entries[0].startswith("[1] M. X. Cai")
    assert entries[1].startswith("[2] S. Murai")


def test_volume_order_is_papers_then_volume(volume: dp.Workshop) -> None:
    entries = dp.bibliography(volume, "ieee")
    assert len(entries) == 8
    assert entries[-1].startswith("[8] 2020 IEEE/ACM Fourth Workshop")


def test_cite_is_one_entry(volume: dp.Workshop) -> None:
    paper = volume.paper("jansen2020ddl")
    assert dp.cite(paper, "apa") == dp.bibliography([paper], "apa")[0]
    assert dp.cite(volume, "apa") == dp.bibliography(volume, "apa")[0]
    html = dp.cite(paper, "ieee", output="html")
    assert html.startswith('<div class="csl-entry">')


def test_dependent_styles_resolve_to_parent_with_locale() -> None:
    plos = resolve_style("plos-one")
    assert (plos.path.name, plos.locale) == ("plos.csl", "en-US")
    assert resolve_style("vancouver-nlm").path.name == "nlm-citation-sequence.csl"
    assert resolve_style("ieee").locale is None


def test_style_file_path(tmp_path: Path, volume: dp.Workshop) -> None:
    style = tmp_path / "my-ieee.csl"
    style.write_bytes(resolve_style("ieee").path.read_bytes())
    assert dp.bibliography(volume, style) == dp.bibliography(volume, "ieee")
    assert dp.bibliography(volume, str(style)) == dp.bibliography(volume, "ieee")


@pytest.mark.parametrize(
    ("style", "message"),
    [
        ("ieeee", "unknown style 'ieeee'; did you mean: ieee?"),
        ("APA", "unknown style 'APA'; did you mean: apa?"),
        ("no/such/file.csl", "no style file at 'no/such/file.csl'"),
    ],
)
def test_unknown_style(style: str, message: str) -> None:
    with pytest.raises(dp.UnknownStyleError) as info:
        dp.cite(dp.load().papers[0], style)
    assert isinstance(info.value, LookupError)
    assert isinstance(info.value, dp.DlsProceedingsError)
    assert str(info.value) == message


def test_locale(volume: dp.Workshop) -> None:
    english = dp.bibliography(volume, "apa")[0]
    assert english.endswith("Atlanta, Georgia, USA, November 11, 2020.")
    # A bare language resolves to its primary dialect.
    assert dp.bibliography(volume, "apa", locale="fr")[0].endswith("USA, 11 novembre 2020.")
    assert dp.bibliography(volume, "apa", locale="fr-FR")[0].endswith("USA, 11 novembre 2020.")
    with pytest.raises(dp.UnknownLocaleError, match="did you mean: de-DE"):
        dp.bibliography(volume, "apa", locale="de-de")
    with pytest.raises(LookupError, match="unknown locale 'xx-YY'"):
        dp.bibliography(volume, "apa", locale="xx-YY")


def test_unknown_output(volume: dp.Workshop) -> None:
    with pytest.raises(ValueError, match="unknown output 'pdf'; expected one of text, html"):
        dp.bibliography(volume, "apa", output="pdf")  # type: ignore[arg-type]


def test_parsed_style_is_cached_per_thread(volume: dp.Workshop) -> None:
    import threading

    from dls_proceedings.citations.styles import parsed_style_info

    dp.bibliography(volume, "nature")
    hits, misses, _ = parsed_style_info()
    dp.bibliography(volume, "nature")
    dp.cite(volume.papers[0], "nature", output="html")
    after = parsed_style_info()
    assert after[1] == misses
    assert after[0] >= hits + 2
    path = resolve_style("nature").path
    mine = parsed_style(path, None)
    assert parsed_style(path, None) is mine
    theirs: list[Any] = []
    thread = threading.Thread(target=lambda: theirs.append(parsed_style(path, None)))
    thread.start()
    thread.join()
    assert theirs[0] is not mine  # another thread parses its own


def test_a_style_file_written_anew_is_read_anew(tmp_path: Path) -> None:
    # A user editing a style between two renders in one process (a notebook) sees the
    # edit, even when the file keeps its size and its modification time but a nanosecond.
    def mini_style(layout: str) -> str:
        return (
            '<?xml version="1.0" encoding="utf-8"?>\n<style xmlns="http://purl.org/net/xbiblio/csl"'
            ' class="in-text" version="1.0"><info><title>Mine</title><id>mine</id><updated>'
            "2026-12-04T00:00:00+00:00</updated></info><citation><layout><text "
            f'variable="title"/></layout></citation><bibliography><layout>{layout}</layout>'
            "</bibliography></style>\n"
        )

    style = tmp_path / "mine.csl"
    items = [{"id": "a", "type": "book", "title": "Title", "genre": "Essay"}]
    style.write_text(mini_style('<text variable="title"/>'), encoding="utf-8")
    assert dp.render_csl_json(items, style) == ["Title"]
    before = style.stat()
    style.write_text(mini_style('<text variable="genre"/>'), encoding="utf-8")
    assert style.stat().st_size == before.st_size
    os.utime(style, ns=(before.st_atime_ns, before.st_mtime_ns + 1))
    assert dp.render_csl_json(items, style) == ["Essay"]


def test_the_collector_is_on_after_a_render(volume: dp.Workshop, tmp_path: Path) -> None:
    # A bibliography is rendered with the cyclic collector paused batch by batch; it is
    # on again afterwards, also after a render that failed half-way, and stays off if it was.
    import gc

    assert gc.isenabled()
    dp.bibliography(volume, "ieee")
    assert gc.isenabled()
    broken = tmp_path / "broken.csl"
    broken.write_text(
        "<style xmlns='http://purl.org/net/xbiblio/csl' class='in-text' version='1.0'>"
        "<info><title>Broken</title><id>broken</id><updated>2020-01-01T00:00:00+00:00</updated>"
        "</info><citation><layout><text variable='title'/></layout></citation><bibliography>"
        "<layout><text variable='title'/><text macro='no-such-macro'/></layout></bibliography>"
        "</style>",
        encoding="utf-8",
    )
    with fixes.without("undefined_macros"), pytest.raises(dp.StyleError):
        dp.bibliography(volume, broken)
    assert gc.isenabled()
    gc.disable()
    try:
        dp.bibliography(volume, "ieee")
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_rendering_twice_is_identical(volume: dp.Workshop) -> None:
    # Suppression state from one entry must not leak into the next call.
    first = dp.bibliography(volume, "chicago-author-date")
    assert dp.bibliography(volume, "chicago-author-date") == first


def test_conformance_report_is_current() -> None:
    result = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "conformance.py"), "--check"],
        capture_output=True,
        text=True,
        check=False,
        timeout=600,
    )
    assert result.returncode == 0, result.stderr
    assert "Identical: 30 of 30 styles in text, 30 of 30 in HTML." in (
        ROOT / "docs" / "conformance.md"
    ).read_text(encoding="utf-8")


def test_style_without_bibliography(volume: dp.Workshop) -> None:
    with pytest.raises(dp.DlsProceedingsError, match="style 'agora' defines no bibliography"):
        dp.bibliography(volume, "agora")


# --------------------------------------------------------------------------- speed


def _person(family: str, given: str) -> dict[str, str]:
    return {"family": family, "given": given}


def test_accented_surnames_sort_as_citeproc_js() -> None:
    # citeproc-py compared sort keys by code point: "Åström", "Çelik", "Łukasiewicz"
    # after "Zhang". citeproc-js collates them as "astrom", "celik", "lukasiewicz".
    families = ["Zhang", "Łukasiewicz", "Çelik", "Åström", "Bédorf", "Lupo", "Öztürk", "Nguyễn"]
    items = [
        {"id": f"p{i}", "type": "book", "title": f"Title {i}", "author": [_person(f, "Ann")],
         "issued": {"date-parts": [[2020]]}}
        for i, f in enumerate(families)
    ]  # fmt: skip
    entries = render_items(items, "apa")
    firsts = [e.split(",")[0] for e in entries]
    assert firsts == ["Åström", "Bédorf", "Çelik", "Łukasiewicz", "Lupo", "Nguyễn", "Öztürk",
                      "Zhang"]  # fmt: skip


def test_sort_ties_keep_citation_order() -> None:
    # Bedorf and Bédorf tie at base strength (code points put Bedorf first); equal on
    # every key, the entries keep the order they were cited in, as in citeproc-js.
    items = [
        {"id": "b", "type": "book", "title": "Same", "author": [_person("Bédorf", "J.")]},
        {"id": "a", "type": "book", "title": "Same", "author": [_person("Bedorf", "J.")]},
    ]
    entries = render_items(items, "apa")
    assert [e.split(",")[0] for e in entries] == ["Bédorf", "Bedorf"]


def _volume_items(n: int) -> list[dict[str, Any]]:
    families = ["Åström", "Zhang", "Bédorf", "García Márquez", "Garcia", "D’Aubigné", "Kim"]
    return [
        {"id": f"k{i}", "type": "paper-conference", "title": f"Paper {i % 7} on {i % 3}",
         "author": [_person(families[i % 7], "Ann"), _person(families[(i * 3) % 7], "Bo")],
         "container-title": "Proceedings & More", "issued": {"date-parts": [[2020, 11]]},
         "page": f"{i}-{i + 3}"}
        for i in range(n)
    ]  # fmt: skip


@pytest.mark.parametrize(("style", "output"), [("ieee", "text"), ("apa", "html")])
def test_parallel_rendering_is_identical(
    monkeypatch: pytest.MonkeyPatch, style: str, output: str
) -> None:
    from dls_proceedings.citations import parallel

    items = _volume_items(90)
    alone = render_items(items, style, output=output)  # type: ignore[arg-type]
    monkeypatch.setattr(parallel, "MIN_ITEMS", 20)
    if parallel.workers(len(items), 3) < 2:
        pytest.skip("no fork here, or other threads are running")
    assert render_items(items, style, output=output, workers=3) == alone  # type: ignore[arg-type]


def test_parallel_worker_failure_is_reported(monkeypatch: pytest.MonkeyPatch) -> None:
    from dls_proceedings.citations import parallel

    monkeypatch.setattr(parallel, "MIN_ITEMS", 4)
    if parallel.workers(8, 2) < 2:
        pytest.skip("no fork here, or other threads are running")

    def entries(start: int, stop: int) -> list[str]:
        if start > 0:
            raise ValueError("boom")
        return [str(i) for i in range(start, stop)]

    with pytest.raises(dp.DlsProceedingsError, match="ValueError: boom"):
        parallel.render(entries, 8, 2)
    assert parallel.render(lambda a, b: [str(i) for i in range(a, b)], 8, 2) == list("01234567")


def test_one_process_unless_asked() -> None:
    from dls_proceedings.citations import parallel

    assert parallel.workers(100 * parallel.MIN_ITEMS) == 1
    assert parallel.workers(parallel.MIN_ITEMS // 2 - 1, 8) == 1
    with pytest.raises(dp.ArgumentError, match="workers must be"):
        render_items([], "ieee", workers=-1)


def test_no_fork_while_other_threads_run() -> None:
    import threading

    from dls_proceedings.citations import parallel

    release = threading.Event()
    thread = threading.Thread(target=release.wait)
    thread.start()
    try:
        assert parallel.workers(10 * parallel.MIN_ITEMS, 2) == 1
    finally:
        release.set()
        thread.join()


def test_registration_numbers_in_order_and_ignores_repeats() -> None:
    # Numbers come from the position in the registered list (a dict now, not list.index).
    items = [
        {"id": k, "type": "book", "title": t} for k, t in [("a", "B"), ("b", "A"), ("a2", "C")]
    ]
    style = resolve_style("ieee").path  # numbered, unsorted: citation order
    assert [e.split("]")[0] for e in render_items(items, style)] == ["[1", "[2", "[3"]
    assert render_items([*items, items[0]], style) == render_items(items, style)


# --------------------------------------------------------------------------- scripts, quotes, suffixes
# Expected strings are citeproc-js 2.4.63's output for the same items (as the goldens).

_NAMES = [
    _person("Wu", "Jan"), _person("王", "小明"), _person("王", "Xiaoming"), _person("Wang", "小明"),
    {"family": '"王"', "given": ""}, _person("Ứng", "Ứng"),
]  # fmt: skip


@pytest.mark.parametrize(
    ("style", "expected"),
    [
        ("ieee", "[1] J. Wu, 王小明, 王 X., 小明 Wang, 王, and Ứng Ứng, “A title,” 2019."),
        ("apa", "Wu, J., 王小明, 王 X., Wang, 小明, 王, & Ứng, Ứng. (2019). A title."),
        ("chicago-author-date",
         "Wu, Jan, 王小明, 王 Xiaoming, 小明 Wang, 王, and Ứng Ứng. 2019. “A Title.”"),
    ],
)  # fmt: skip
def test_names_are_written_by_their_script(style: str, expected: str) -> None:
    item = {"id": "a", "type": "paper-conference", "title": "A title", "author": _NAMES,
            "issued": {"date-parts": [[2019]]}}  # fmt: skip
    (entry,) = render_items([item], style)
    assert collapse(entry) == expected


def test_japanese_and_chinese_items_keep_family_given_order() -> None:
    item = {"id": "a", "type": "book", "title": "T", "language": "ja-JP",
            "author": [_person("Suzuki", "Shigeru"), _person("鈴木", "茂")],
            "issued": {"date-parts": [[2020]]}}  # fmt: skip
    assert render_items([item], "apa") == ["Suzuki S., & 鈴木茂. (2020). T."]


def test_script_kinds() -> None:
    from dls_proceedings.citations.fixes.name_scripts import script_kind

    assert script_kind("王", "小明") == 0
    assert script_kind("", "Solo") == 1
    assert script_kind("王", "Xiaoming") == 1
    assert script_kind("Сидоров", "Иван") == 2
    assert script_kind('"王"', "小明") == 0
    assert script_kind("Smith", "Ann", "zh-CN") == 1


@pytest.mark.parametrize(
    ("text", "plain", "quoted"),
    [
        ("D'Aubigné's work", "D’Aubigné’s work", "D’Aubigné’s work"),
        ('A "quoted" title', "A “quoted” title", "A ‘quoted’ title"),
        ("A 'single' title", "A “single” title", "A ‘single’ title"),
        ("Nested \"outer 'inner' text\" end", "Nested “outer ‘inner’ text” end",
         "Nested ‘outer “inner” text’ end"),
        ("`quoted' and students' work", "`quoted’ and students’ work",
         "`quoted’ and students’ work"),
        ("'Twas the night", "’Twas the night", "’Twas the night"),
        ('Unclosed "quote here', 'Unclosed "quote here', 'Unclosed "quote here'),
        ("Mixed 'a' and \"b\"", "Mixed “a” and ‘b’", "Mixed ‘a’ and ‘b’"),
        ("“Typo” quotes and ‘single’ ones", "“Typo” quotes and ‘single’ ones",
         "‘Typo’ quotes and ‘single’ ones"),
        ("Don't 'stop'!", "Don’t ’stop’!", "Don’t ’stop’!"),
        ("a ''double'' b", "a “‘double’” b", "a ‘“double”’ b"),
        ("a \"b 'c\" d' e", "a “b 'c” d’ e", "a ‘b 'c’ d’ e"),
        ("no quotes", "no quotes", "no quotes"),
    ],
)  # fmt: skip
def test_quotes_read_as_citeproc_js(text: str, plain: str, quoted: str) -> None:
    from dls_proceedings.citations.fixes.quotes import Quoting

    reader = Quoting("“", "”", "‘", "’", "")
    assert reader.process(text, None) == plain
    assert reader.process(text, "true") == quoted


def test_quotes_take_punctuation_in_as_citeproc_js() -> None:
    item = {"id": "a", "type": "paper-conference", "title": 'End with "quote"',
            "container-title": 'Proc "X"', "author": [_person("O'Neil", "Ann")],
            "issued": {"date-parts": [[2020]]}}  # fmt: skip
    assert render_items([item], "ieee") == ["[1] A. O’Neil, “End with ‘quote,’” in Proc “X,” 2020."]
    assert render_items([item], "apa") == ["O’Neil, A. (2020). End with “quote.” Proc “X.”"]
    item["title"] = "It's 'x'."
    assert render_items([item], "chicago-author-date") == [
        "O’Neil, Ann. 2020. “It’s ‘x’.” Proc “X.”"
    ]


def test_year_suffixes_follow_the_bibliography_order() -> None:
    from dls_proceedings._text import letter_suffix

    assert [letter_suffix(i) for i in (0, 1, 25, 26, 27, 701, 702)] == [
        "a", "b", "z", "aa", "ab", "zz", "aaa"
    ]  # fmt: skip
    items = [
        {"id": "b", "type": "book", "title": "Beta", "author": [_person("Ng", "Ann")],
         "issued": {"date-parts": [[2020]]}},
        {"id": "a", "type": "book", "title": "Alpha", "author": [_person("Ng", "Ann")],
         "issued": {"date-parts": [[2020]]}},
        {"id": "p", "type": "book", "title": "Gamma", "author": [_person("Ng", "Paul")],
         "issued": {"date-parts": [[2020]]}},
        {"id": "o", "type": "book", "title": "Delta", "author": [_person("Ng", "Ann")],
         "issued": {"date-parts": [[2019]]}},
    ]  # fmt: skip
    assert render_items(items, "apa") == [
        "Ng, A. (2019). Delta.", "Ng, A. (2020a). Alpha.", "Ng, A. (2020b). Beta.",
        "Ng, P. (2020). Gamma.",
    ]  # fmt: skip
    # IEEE has no year suffixes; the references are not changed for the next rendering.
    assert all("2020a" not in e and "2020b" not in e for e in render_items(items, "ieee"))


def test_year_suffixes_per_registration_group_as_citeproc_js() -> None:
    # All five cite as "(Akiba, 2020)" when registered: one group for citeproc-js. By id
    # a Tomás (…benchmarkingj) comes first; the Toms split off, and the rest (Laura,
    # Laura, Damian), led by a clashing Laura, get one run of suffixes, Damian too.
    items = [
        {"id": key, "type": "paper-conference", "title": key, "author": [_person("Akiba", given)],
         "issued": {"date-parts": [[2020, 11]]}}
        for key, given in (("akiba2020ddlb", "Laura"), ("akiba2020benchmarkingm", "Laura"),
                           ("akiba2020benchmarkingj", "Tomás"), ("akiba2020descentd", "Tomás"),
                           ("akiba2020networks", "Damian"))
    ]  # fmt: skip

    def years() -> list[str]:
        return [
            e[e.index("(") + 1 : e.index(",", e.index("("))] for e in render_items(items, "apa")
        ]

    # In bibliography order: Damian, Laura, Laura, Tomás, Tomás.
    assert years() == ["2020a", "2020b", "2020c", "2020a", "2020b"]
    # Led by Damian, who clashes with no one, the rest gets no suffixes at all.
    items[4]["id"] = "akiba2020benchmarkingk"
    assert years() == ["2020", "2020", "2020", "2020a", "2020b"]


@pytest.mark.parametrize(
    ("style", "expected"),
    [
        ("elsevier-harvard", ["Ng, A., 2020a. Beta. X.", "Ng, A., 2020b. Gamma. J 3, 1–5."]),
        ("springer-basic-author-date", ["Ng A (2020a) Beta. X", "Ng A (2020b) Gamma. J 3:1–5"]),
        (
            "bibtex",
            [
                "@book{Ng_2020a, title={Beta}, publisher={X}, author={Ng, Ann}, year={2020} }",
                "@article{Ng_2020b, title={Gamma}, volume={3}, journal={J}, author={Ng, Ann},"
                " year={2020}, month=mar, pages={1–5} }",
            ],
        ),
    ],
)
def test_implicit_year_suffix_after_the_first_year(style: str, expected: list[str]) -> None:
    items = [
        {"id": "b", "type": "book", "title": "Beta", "author": [_person("Ng", "Ann")],
         "issued": {"date-parts": [[2020]]}, "publisher": "X"},
        {"id": "g", "type": "article-journal", "title": "Gamma", "author": [_person("Ng", "Ann")],
         "issued": {"date-parts": [[2020, 3, 4]]}, "container-title": "J", "volume": "3",
         "page": "1-5"},
    ]  # fmt: skip
    assert [collapse(e) for e in render_items(items, style)] == expected


def test_punctuation_collapses_as_citeproc_js() -> None:
    items = [
        {"id": "a", "type": "article-journal", "title": "What?", "author": [_person("Ng", "Ann")],
         "issued": {"date-parts": [[2020]]}, "container-title": "Why Not?", "volume": "3",
         "page": "1-5"},
        {"id": "b", "type": "book", "title": "Stop!", "author": [_person("Ng", "Ann")],
         "issued": {"date-parts": [[2021]]}, "publisher": "X!"},
    ]  # fmt: skip
    # The italic journal title keeps the delimiter's period; the plain title does not.
    assert [collapse(e) for e in render_items(items, "american-medical-association")] == [
        "1. Ng A. What? Why Not?. 2020;3:1-5.", "2. Ng A. Stop! X!; 2021.",
    ]  # fmt: skip
    assert render_items(items, "apa") == [
        "Ng, A. (2020). What? Why Not?, 3, 1–5.", "Ng, A. (2021). Stop! X!",
    ]  # fmt: skip


def test_title_case_on_labels_whatever_the_language() -> None:
    items = [
        {"id": "c", "type": "book", "title": "Edited", "editor": [_person("Wu", "Jan")],
         "issued": {"date-parts": [[2019]]}, "publisher": "X"},
        {"id": "b", "type": "chapter", "title": "Chap", "author": [_person("Ng", "Ann")],
         "editor": [_person("Wu", "Jan"), _person("Li", "Bo")], "language": "de",
         "issued": {"date-parts": [[2021]]}, "container-title": "Book", "publisher": "X"},
    ]  # fmt: skip
    assert render_items(items, "apa") == [
        "Ng, A. (2021). Chap. In J. Wu & B. Li (Eds.), Book. X.", "Wu, J. (Ed.). (2019). Edited. X.",
    ]  # fmt: skip


def test_name_variable_sort_key_joins_names_as_citeproc_js(tmp_path: Path) -> None:
    style = (
        '<style xmlns="http://purl.org/net/xbiblio/csl" class="in-text" version="1.0">'
        "<info><title>T</title><id>t</id><updated>2026-01-01T00:00:00+00:00</updated></info>"
        '<citation><layout><text variable="title"/></layout></citation>'
        '<bibliography><sort><key variable="author"/></sort><layout><names variable="author">'
        '<name name-as-sort-order="all" initialize-with=". "/></names></layout></bibliography>'
        "</style>"
    )
    items = [
        {"id": "anna", "type": "book", "title": "A", "author": [_person("Ng", "Anna")]},
        {"id": "ann", "type": "book", "title": "B",
         "author": [_person("Ng", "Ann"), _person("Chen", "Li")]},
    ]  # fmt: skip
    csl = tmp_path / "s.csl"
    csl.write_text(style, encoding="utf-8")
    # "Ng, Ann, Chen, L." before "Ng, Anna": the names are not run together.
    assert render_items(items, csl) == ["Ng, A., Chen, L.", "Ng, A."]


@pytest.mark.parametrize("output", ["text", "html"])
def test_narrow_no_break_spaces_exactly_as_citeproc_js(tmp_path: Path, output: str) -> None:
    # collapse() reads U+202F as a space: this case is compared as rendered.
    data = golden("fixes.json")["cases"]["narrow_spaces"]
    style = tmp_path / "narrow.csl"
    style.write_text(data["style"], encoding="utf-8")
    ours = render_items(data["items"], style, output=output)  # type: ignore[arg-type]
    assert "\u202f" in "".join(ours)
    assert [e.strip(" \n") for e in ours] == [e.strip(" \n") for e in data[output]]


def _citeproc_js(style: str, items: list[dict[str, Any]]) -> dict[str, list[str]]:
    """What citeproc-js (node, tools/citeproc-js) prints for *items* in *style*, live."""
    from citeproc import LOCALES_PATH

    require(shutil.which("node") is not None, "node is not installed")
    package = ROOT / "tools" / "citeproc-js" / "node_modules" / "citeproc"
    require(package.is_dir(), "citeproc-js is not installed: npm ci --prefix tools/citeproc-js")
    resolved = resolve_style(style)
    job = {"name": style, "style": resolved.path.read_text(encoding="utf-8"),
           "lang": resolved.locale, "items": items, "formats": ["text", "html"]}  # fmt: skip
    request = json.dumps({"jobs": [job], "locales": LOCALES_PATH})
    result = subprocess.run(
        ["node", str(ROOT / "tools" / "citeproc-js" / "render.js")],
        input=request, capture_output=True, text=True, check=True, timeout=120,
    )  # fmt: skip
    rendered: dict[str, list[str]] = json.loads(result.stdout)[style]
    return rendered


def test_text_case_on_a_name_part() -> None:
    """citeproc-py raised AttributeError ('str' object has no attribute 'capitalize_first')
    for a style with text-case on cs:name-part; citeproc-js applies it."""
    style = "monographs-of-the-palaeontographical-society"
    items = dp.to_csl_json(dp.load())
    expected = _citeproc_js(style, items)
    for output in ("text", "html"):
        ours = dp.bibliography(dp.load(), style, output=output)
        assert [" ".join(e.split()) for e in ours] == [
            " ".join(e.split()) for e in expected[output]
        ]


# --------------------------------------------------------------------------- a paper knows its volume


def _other_volume() -> dp.Workshop:
    """The bundled table of contents with another title and place: a volume not bundled."""
    text = dp.catalog.SOURCE_FILE.read_text(encoding="utf-8")
    text = text.replace("Fourth Workshop on Deep Learning", "Fifth Workshop on Deep Learning")
    text = text.replace("Atlanta, Georgia", "Savannah, Georgia")
    return dp.from_toc(text)


def test_any_subset_of_any_volume_exports_as_inside_the_whole() -> None:
    volume = _other_volume()
    assert volume.title.startswith("2020 IEEE/ACM Fifth Workshop")
    whole = {item["id"]: item for item in dp.to_csl_json(volume)}
    whole_bib = dp.to_bibtex(volume, flavour="standard").strip().split("\n\n")
    for session in volume.sessions:
        assert dp.to_csl_json(session) == [whole[p.key] for p in session.papers]
        alone = dp.to_bibtex(session, flavour="standard").strip().split("\n\n")
        assert all(entry in whole_bib for entry in alone)
    assert len(whole) == len(volume.papers) + 1


@pytest.mark.parametrize("style", ["ieee", "apa", "chicago-author-date"])
def test_a_paper_of_any_volume_is_cited_with_its_venue(style: str) -> None:
    volume = _other_volume()
    paper = volume.sessions[1].papers[0]
    entry = dp.cite(paper, style)
    facts = ["Fifth Workshop on Deep Learning", "2020", "40–47"]
    facts += ["(DLS), Piscataway, NJ: IEEE, Nov. 2020"] if style == "ieee" else []
    for fact in facts:
        assert fact in entry, (fact, entry)
    bare = paper.model_copy(update={"venue": None})
    assert "Fifth Workshop" not in dp.cite(bare, style)
