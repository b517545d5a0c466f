"""Render the golden bibliographies with citeproc-js, the reference CSL processor.

    npm ci --prefix tools/citeproc-js        # once: the pinned citeproc package
    python scripts/make_goldens.py           # writes tests/golden/

Each style in STYLES is rendered from the volume's CSL-JSON (``dump_csl_json``),
every item registered in order with ``updateItems``, in text and in HTML, with
citeproc-py's own locale files. Dependent styles are rendered with their
independent parent and the dependent's default locale, as ``bibliography()``
does. The files are written only by this script, never by hand.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

import dls_proceedings as dp  # noqa: E402
from dls_proceedings.citations.styles import resolve_style  # noqa: E402

NODE_DIR = ROOT / "tools" / "citeproc-js"
GOLDEN = ROOT / "tests" / "golden"

STYLES = (
    "apa", "ieee", "chicago-author-date", "chicago-notes-bibliography",
    "modern-language-association", "harvard-cite-them-right", "nature",
    "american-medical-association", "vancouver-nlm", "elsevier-harvard", "elsevier-with-titles",
    "springer-basic-author-date", "springer-lecture-notes-in-computer-science",
    "association-for-computing-machinery", "acm-sig-proceedings", "american-chemical-society",
    "american-sociological-association", "american-political-science-association", "the-lancet",
    "cell", "science", "plos-one", "iso690-author-date-en", "din-1505-2",
    "taylor-and-francis-chicago-author-date", "american-physics-society",
    "american-institute-of-physics", "royal-society-of-chemistry", "pnas", "bibtex",
)  # fmt: skip

# A paper whose title and names are markup: the HTML must show them, not run them.
HOSTILE_ITEM: dict[str, Any] = {
    "id": "hostile",
    "type": "paper-conference",
    "title": "<script>alert(1)</script> & Co",
    "author": [{"family": "Smith & <Sons>", "given": "Ann"}],
    "container-title": "Proceedings of <Tags> & Ampersands",
    "publisher": "A & B",
    "issued": {"date-parts": [[2020, 11]]},
    "page": "1-2",
}
ESCAPING_STYLES = STYLES


def mini_style(bibliography: str, macros: str = "", options: str = "") -> str:
    """A minimal independent CSL style whose bibliography layout is *bibliography*."""
    return (
        '<?xml version="1.0" encoding="utf-8"?>\n'
        '<style xmlns="http://purl.org/net/xbiblio/csl" class="in-text" version="1.0" '
        'default-locale="en-US">\n'
        "  <info><title>Fix case</title><id>fix-case</id><updated>2026-11-27T00:00:00+00:00</updated></info>\n"
        f"  {macros}\n"
        '  <citation><layout><text variable="title"/></layout></citation>\n'
        f"  <bibliography {options}><layout>{bibliography}</layout></bibliography>\n"
        "</style>\n"
    )


def _person(family: str, given: str) -> dict[str, str]:
    return {"family": family, "given": given}


# One small case per fix in citations/fixes: a style that exercises the mechanism
# and items that show it. The test renders each with bibliography() and compares.
FIX_CASES: dict[str, tuple[str, list[dict[str, Any]]]] = {
    "variables": (
        mini_style('<group delimiter=", "><text variable="title"/><text variable="event-title"/></group>'),
        [{"id": "a", "type": "paper-conference", "title": "A Paper", "event-title": "DLS 2020"}],
    ),
    "substitution": (
        mini_style(
            '<group delimiter=". "><names variable="author"><substitute><text macro="title"/>'
            '</substitute></names><text macro="title"/><text variable="publisher"/></group>',
            macros='<macro name="title"><text variable="title" font-style="italic"/></macro>',
        ),
        [{"id": "a", "type": "book", "title": "A Volume", "publisher": "IEEE"},
         {"id": "b", "type": "book", "title": "A Book", "author": [_person("Smith", "Ann")]}],
    ),
    "initialize": (
        mini_style('<names variable="author"><name initialize="false" initialize-with=". " '
                   'name-as-sort-order="first"/></names>'),
        [{"id": "a", "type": "book", "title": "T", "author": [
            _person("Mattmann", "Chris A"), _person("Venkataram", "Hamsa Shwetha"),
            _person("Varbanescu", "Ana-Lucia")]}],
    ),
    "punctuation_in_quote": (
        mini_style('<group delimiter=", "><text variable="title" quotes="true"/>'
                   '<text variable="publisher" quotes="true" suffix="."/></group>'),
        [{"id": "a", "type": "book", "title": "Deep Learning", "publisher": "IEEE"}],
    ),
    "second_field_align": (
        mini_style('<text variable="citation-number" prefix="[" suffix="]"/>'
                   '<text variable="title" suffix=". "/>', options='second-field-align="flush"'),
        [{"id": "a", "type": "book", "title": "First"}, {"id": "b", "type": "book", "title": "Second"}],
    ),
    "display": (
        mini_style('<group display="block"><text variable="title"/>'
                   '<text variable="publisher" prefix=", " suffix=". "/></group>'),
        [{"id": "a", "type": "book", "title": "First", "publisher": "IEEE"}],
    ),
    "html_output": (
        mini_style('<group delimiter=". "><text variable="title" font-style="oblique"/>'
                   '<text variable="publisher" text-decoration="underline"/>'
                   '<text variable="note" font-variant="small-caps"/></group>'),
        [{"id": "a", "type": "book", "title": "R&D <x>  y", "publisher": "A & B",
          "note": "<script>"}],
    ),
    "labels": (
        mini_style('<group delimiter="; "><text variable="title"/><group><label variable="page" '
                   'form="short" suffix=" "/><text variable="page"/></group><group delimiter=" ">'
                   '<text variable="number-of-pages"/><label variable="number-of-pages" '
                   'form="short" plural="never"/></group></group>'),
        [{"id": "a", "type": "book", "title": "No Pages"},
         {"id": "b", "type": "book", "title": "Count", "number-of-pages": "63"}],
    ),
    "seams": (
        mini_style('<names variable="author" suffix="."><name et-al-min="2" et-al-use-first="1"/>'
                   '<et-al font-style="italic"/></names><text variable="title" prefix=" "/>'),
        [{"id": "a", "type": "book", "title": "T", "author": [
            _person("Murai", "Shogo"), _person("Mikami", "Hiroaki")]}],
    ),
    "macro_case": (
        mini_style('<text macro="key" text-case="lowercase"/>',
                   macros='<macro name="key"><group delimiter="_"><names variable="author">'
                   '<name form="short" delimiter="_"/><substitute><text variable="title"/>'
                   '</substitute></names><text variable="title"/></group></macro>'),
        [{"id": "a", "type": "book", "title": "Some Title", "author": [
            _person("Acevedo", "Alberto"), _person("Curry", "Michael")]},
         {"id": "b", "type": "book", "title": "IEEE Volume"}],
    ),
    "name_formatting": (
        mini_style('<names variable="author"><name name-as-sort-order="all" delimiter=" ; " '
                   'delimiter-precedes-last="always" font-variant="small-caps"/></names>'),
        [{"id": "a", "type": "book", "title": "T", "author": [
            _person("Acevedo", "Alberto"), _person("Curry", "Michael"), _person("Bédorf", "Jeroen")]}],
    ),
    "title_case": (
        mini_style('<text variable="title" text-case="title"/>'),
        [{"id": "a", "type": "book",
          "title": "topic-aware question answering: a study of/for the web (in 2020) and why"},
         {"id": "b", "type": "book", "title": "<script>alert(1)</script> & co"}],
    ),
}  # fmt: skip


def locales_dir() -> Path:
    import citeproc

    return Path(citeproc.__file__).parent / "data" / "locales"


def citeproc_js_version() -> str:
    package = NODE_DIR / "node_modules" / "citeproc" / "package.json"
    return str(json.loads(package.read_text(encoding="utf-8"))["version"])


def job(name: str, style: str, items: list[dict[str, Any]], formats: list[str]) -> dict[str, Any]:
    if style.lstrip().startswith("<"):
        xml, lang = style, None
    else:
        resolved = resolve_style(style)
        xml, lang = resolved.path.read_text(encoding="utf-8"), resolved.locale
    return {"name": name, "style": xml, "lang": lang, "items": items, "formats": formats}


def render(jobs: list[dict[str, Any]]) -> dict[str, Any]:
    request = json.dumps({"jobs": jobs, "locales": str(locales_dir())})
    result = subprocess.run(
        ["node", str(NODE_DIR / "render.js")],
        input=request,
        capture_output=True,
        text=True,
        encoding="utf-8",
        check=False,
        timeout=600,
    )
    if result.returncode != 0:
        raise SystemExit(f"citeproc-js failed:\n{result.stderr}")
    rendered: dict[str, Any] = json.loads(result.stdout)
    return rendered


def write(path: Path, data: Any) -> None:
    path.write_text(json.dumps(data, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")


def make(out: Path) -> None:
    out.mkdir(parents=True, exist_ok=True)
    items = dp.to_csl_json(dp.load())
    jobs = [job(style, style, items, ["text", "html"]) for style in STYLES]
    jobs += [job(f"escaping-{s}", s, [HOSTILE_ITEM], ["text", "html"]) for s in ESCAPING_STYLES]
    jobs += [
        job(f"fix-{n}", xml, items_, ["text", "html"]) for n, (xml, items_) in FIX_CASES.items()
    ]
    rendered = render(jobs)
    version = citeproc_js_version()
    write(out / "input.csl.json", items)
    for style in STYLES:
        resolved = resolve_style(style)
        write(
            out / f"{style}.json",
            {
                "style": style,
                "rendered-with": resolved.path.stem,
                "locale": resolved.locale,
                "citeproc-js": version,
                "text": rendered[style]["text"],
                "html": rendered[style]["html"],
            },
        )
    write(
        out / "escaping.json",
        {
            "citeproc-js": version,
            "item": HOSTILE_ITEM,
            "text": {s: rendered[f"escaping-{s}"]["text"] for s in ESCAPING_STYLES},
            "html": {s: rendered[f"escaping-{s}"]["html"] for s in ESCAPING_STYLES},
        },
    )

    write(
        out / "fixes.json",
        {
            "citeproc-js": version,
            "cases": {
                name: {
                    "style": xml,
                    "items": items_,
                    "text": rendered[f"fix-{name}"]["text"],
                    "html": rendered[f"fix-{name}"]["html"],
                }
                for name, (xml, items_) in FIX_CASES.items()
            },
        },
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--out", type=Path, default=GOLDEN, help="output folder (default tests/golden)"
    )
    args = parser.parse_args()
    make(args.out)


if __name__ == "__main__":
    main()
