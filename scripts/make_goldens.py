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


def _sorted_by_names(name: str, bibliography: str, key: str) -> str:
    """A style printing its author macro (a ``cs:name`` with *name*'s attributes) and the
    title, sorted by that macro (a ``cs:key`` with *key*'s attributes) then the title;
    *bibliography* holds the ``cs:bibliography``'s attributes."""
    return (
        mini_style('<group delimiter=". "><text macro="author"/><text variable="title"/></group>',
                   macros=f'<macro name="author"><names variable="author"><name {name} '
                   'initialize-with=". " name-as-sort-order="all"/></names></macro>')
        .replace("<bibliography ><layout>",
                 f'<bibliography {bibliography}><sort><key macro="author" {key}/>'
                 '<key variable="title"/></sort><layout>')
    )  # fmt: skip


def _sorted_by_author_macro(name: str) -> str:
    """A style with demote-non-dropping-particle="sort-only" whose entries (author macro
    with *name*, then title) are sorted by that macro."""
    return (
        mini_style('<text macro="author" suffix=". "/><text variable="title"/>',
                   macros=f'<macro name="author"><names variable="author">{name}</names></macro>')
        .replace("<bibliography ><layout>",
                 '<bibliography ><sort><key macro="author"/></sort><layout>')
        .replace('class="in-text" ', 'class="in-text" demote-non-dropping-particle="sort-only" ')
    )  # fmt: skip


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
            _person("Varbanescu", "Ana-Lucia"), _person("Immel", "Ph. M.E.")]},
         {"id": "b", "type": "book", "title": "U", "author": [
             _person("Hudson", "Ph.M.E."), _person("Faquhar", "ME."), _person("Axford", "ME")]}],
    ),
    "punctuation_in_quote": (
        mini_style('<group delimiter=", "><text variable="title" quotes="true"/>'
                   '<text variable="publisher" quotes="true" suffix="."/>'
                   '<text variable="note" quotes="true" suffix="!"/></group>'),
        [{"id": "a", "type": "book", "title": "Deep Learning", "publisher": "IEEE",
          "note": "Wow"}],
    ),
    "second_field_align": (
        mini_style('<text variable="citation-number" prefix="[" suffix="]"/>'
                   '<text variable="title" suffix=". "/>', options='second-field-align="flush"'),
        [{"id": "a", "type": "book", "title": "First"}, {"id": "b", "type": "book", "title": "Second"}],
    ),
    # Punctuation the rest or a display block starts with ends the field or block
    # before it (or, doubled, is dropped); the layout's delimiter is not printed there.
    "second_field_align_punctuation": (
        mini_style('<text variable="citation-number" prefix="[" suffix="]"/>'
                   '<group delimiter=" "><text variable="author"/><text variable="title" '
                   'prefix=", "/></group>', options='second-field-align="flush"')
        .replace("<layout>", '<layout delimiter="; ">'),
        [{"id": "a", "type": "book", "title": "First"}],
    ),
    # The second field's leading space stays after a margin that ends with one.
    "second_field_align_spaces": (
        mini_style('<text variable="citation-number" prefix="[" suffix="] "/>'
                   '<text variable="title" prefix=" " suffix=". "/>',
                   options='second-field-align="flush"'),
        [{"id": "a", "type": "book", "title": "First"}],
    ),
    "display_punctuation": (
        mini_style('<group display="left-margin"><text variable="publisher"/></group>'
                   '<group display="right-inline"><text variable="title" prefix=". " suffix="."/>'
                   '</group><group display="block"><text variable="DOI" prefix=". "/></group>'),
        [{"id": "a", "type": "book", "title": "First", "publisher": "IEEE", "DOI": "10.1/x"}],
    ),
    # The entry starts with no space, nor does a block after a space; the layout's
    # suffix goes inside the block that ends the entry.
    "display_spaces": (
        mini_style('<group display="left-margin"><text variable="title" prefix=" "/></group>'
                   '<group display="indent"><text variable="publisher" prefix=" "/></group>'
                   '<group display="left-margin"><text variable="title" suffix=" "/></group>'
                   '<group display="indent"><text variable="publisher" prefix=" "/></group>')
        .replace("<layout>", '<layout suffix=".">'),
        [{"id": "a", "type": "book", "title": "First", "publisher": "IEEE"}],
    ),
    "display": (
        mini_style('<group display="block"><text variable="title"/>'
                   '<text variable="publisher" prefix=", " suffix=". "/></group>'),
        [{"id": "a", "type": "book", "title": "First", "publisher": "IEEE"}],
    ),
    "html_output": (
        mini_style('<group delimiter=". "><text variable="title" font-style="oblique"/>'
                   '<text variable="publisher" text-decoration="underline"/>'
                   '<text variable="note" font-variant="small-caps"/>'
                   '<text variable="edition" prefix="&lt;&amp;ª " suffix=" ²"/></group>'),
        [{"id": "a", "type": "book", "title": "R&D <x>  y", "publisher": "A & B",
          "note": "<script>", "edition": "1ʳᵉ"}],
    ),
    "labels": (
        mini_style('<group delimiter="; "><text variable="title"/><group><label variable="page" '
                   'form="short" suffix=" "/><text variable="page"/></group><group delimiter=" ">'
                   '<text variable="number-of-pages"/><label variable="number-of-pages" '
                   'form="short" plural="never"/></group></group>'),
        [{"id": "a", "type": "book", "title": "No Pages"},
         {"id": "b", "type": "book", "title": "Count", "number-of-pages": "63"}],
    ),
    "numeric_fields": (
        mini_style('<group delimiter=", "><text variable="title"/><text variable="volume"/>'
                   '<group delimiter=" "><label variable="page" form="short"/>'
                   '<text variable="page"/></group></group>')
        .replace('default-locale="en-US">', 'default-locale="en-US" page-range-format="chicago">'),
        [{"id": "a", "type": "article-journal", "title": "A", "volume": "3-5",
          "page": "1536-1538"},
         {"id": "b", "type": "article-journal", "title": "B", "page": "i-ix"},
         {"id": "c", "type": "article-journal", "title": "C", "page": "N110 - 5 & 235"},
         {"id": "d", "type": "article-journal", "title": "D", "page": "327\\-30"}],
    ),
    # is-numeric as citeproc-js's reading of the number finds it: ranges and lists of
    # numbers are numeric, an em dash is no range.
    "numeric_fields_is_numeric": (
        mini_style('<group delimiter=" "><text variable="title"/><choose><if '
                   'is-numeric="page"><text value="numeric"/></if><else><text '
                   'value="text"/></else></choose><text variable="page"/></group>'),
        [{"id": f"p{n}", "type": "book", "title": f"P{n}", "page": page}
         for n, page in enumerate(("40-47", "40 - 47", "pp. 40-47", "40—47", "e123",
                                   "40&47", "40, 47", "iv-x", "A-B"))],
    ),
    # A tr-TR style: "i" is "İ" in upper case, "I" is "ı" in lower case, but in an item
    # in English.
    "locale_case": (
        mini_style('<group delimiter=" "><names variable="author"><name><name-part '
                   'name="family" text-case="uppercase"/></name></names><text term="in" '
                   'text-case="capitalize-first"/><text variable="title" '
                   'text-case="lowercase"/><text variable="publisher" '
                   'text-case="uppercase"/></group>')
        .replace('default-locale="en-US"', 'default-locale="tr-TR"'),
        [{"id": "a", "type": "chapter", "title": "Istanbul İzmir", "publisher": "Bilim",
          "author": [_person("Cai", "Maxwell")]},
         {"id": "b", "type": "chapter", "title": "Istanbul İzmir", "publisher": "Bilim",
          "author": [_person("Cai", "Maxwell")], "language": "en"}],
    ),
    # A style in a bare language citeproc-js has no dialect for ("id") prints the
    # English terms (its own cs:locale still applies); one it has ("de") its dialect's.
    "locale_bare_language": (
        mini_style('<group delimiter=" "><text term="and"/><text term="in"/>'
                   '<text variable="title"/></group>')
        .replace('default-locale="en-US">', 'default-locale="id"><locale xml:lang="id">'
                 '<terms><term name="in">di</term></terms></locale>'),
        [{"id": "a", "type": "book", "title": "A"}],
    ),
    "locale_bare_language_known": (
        mini_style('<group delimiter=" "><text term="and"/><text variable="title"/></group>')
        .replace('default-locale="en-US"', 'default-locale="de"'),
        [{"id": "a", "type": "book", "title": "A"}],
    ),
    # A cs:name delimiter with "&" is escaped in HTML, as the "and" symbol is.
    "name_parts_delimiter": (
        mini_style('<group delimiter=". "><names variable="author"><name delimiter=" &amp; " '
                   'name-as-sort-order="all"/></names><names variable="editor"><name '
                   'and="symbol" delimiter=" &lt;&gt; "/></names></group>'),
        [{"id": "a", "type": "book", "author": [_person("Ng", "Ann"), _person("Oz", "Ed"),
                                                _person("Wu", "Lu")],
          "editor": [_person("Li", "Bo"), _person("Ma", "Jo"), _person("Xu", "Yi")]}],
    ),
    # An "et al." term that does not start with a romanesque letter follows the names
    # without a space ("Murai, Shogo等"); one that does keeps it.
    "name_parts_et_al_term": (
        mini_style('<group delimiter=". "><names variable="author"><name et-al-min="2" '
                   'et-al-use-first="1" name-as-sort-order="all"/></names><names '
                   'variable="editor"><name et-al-min="2" et-al-use-first="1"/><et-al '
                   'term="and others"/></names></group>')
        .replace('default-locale="en-US">', 'default-locale="en-US"><locale><terms><term '
                 'name="et-al">等</term></terms></locale>'),
        [{"id": "a", "type": "book", "author": [_person("Murai", "Shogo"), _person("Akiba", "Ken")],
          "editor": [_person("Oz", "Ed"), _person("Wu", "Lu")]}],
    ),
    # A group's suffix after its last child's own suffix that ends with the mark it
    # starts with loses its last character, and a space after it goes too
    # ("Title." + ". " + " IEEE" is "Title.IEEE"); not through a macro, which is a
    # group of its own ("Title. IEEE"); where nothing follows, the space stays ("Thesis. ").
    "punctuation_suffix_cut": (
        mini_style('<choose><if type="book"><group suffix=". "><text variable="title" '
                   'suffix="."/></group><text variable="publisher" prefix=" "/></if>'
                   '<else-if type="report"><group suffix=". "><text macro="title"/></group>'
                   '<text variable="publisher" prefix=" "/></else-if><else-if type="thesis">'
                   '<text variable="publisher" suffix=" "/><group suffix=". "><text '
                   'variable="title" suffix="."/></group></else-if><else><group suffix=", " '
                   'delimiter=" "><text variable="title"/><text variable="container-title" '
                   'suffix=","/></group><text variable="publisher"/></else></choose>',
                   macros='<macro name="title"><text variable="title" suffix="."/></macro>'),
        [{"id": "a", "type": "book", "title": "A Title", "publisher": "IEEE"},
         {"id": "b", "type": "report", "title": "A Report", "publisher": "IEEE"},
         {"id": "c", "type": "chapter", "title": "A Chapter", "container-title": "Book",
          "publisher": "IEEE"},
         {"id": "d", "type": "thesis", "title": "A Thesis", "publisher": "IEEE"}],
    ),
    # The layout's suffix after a display block that ends the entry goes into the block,
    # merged with the mark it ends with ("IEEE." + "." is "IEEE.", "Why?" + "." "Why?").
    "second_field_align_block_suffix": (
        mini_style('<text variable="publisher" suffix=" "/><group display="block" suffix="."'
                   '><text variable="title"/></group>')
        .replace("<bibliography ><layout>", '<bibliography ><layout suffix=".">'),
        [{"id": "a", "type": "book", "title": "A Title", "publisher": "IEEE"},
         {"id": "b", "type": "book", "title": "Why?", "publisher": "IEEE"}],
    ),
    # capitalize-all splits words as title case does, capitalizes only all-lowercase
    # words and keeps the text between them ("DeepGalaxy: Deducing", not "DeepGalaxy :").
    "title_case_capitalize_all": (
        mini_style('<text variable="title" text-case="capitalize-all"/>'),
        [{"id": f"t{n}", "type": "book", "title": title} for n, title in enumerate((
            '<span class="nocase">DeepGalaxy</span>: deducing the properties of iPhone data:x',
            "you're here (and there) l'école",
            "a-b c/d “quoted words” <i>italic words</i>",
        ))],
    ),
    # et-al-use-last: the ellipsis whatever the et-al term (here empty), after one name
    # with a space whatever the cs:name's delimiter, the last name formatted as the
    # others; a list cut short with an empty et-al term: the names, without "and".
    "name_parts_use_last_ellipsis": (
        mini_style('<group delimiter=". "><names variable="author"><name and="text" '
                   'delimiter=", " delimiter-precedes-last="always" et-al-min="3" '
                   'et-al-use-first="1" et-al-use-last="true" font-style="italic"/></names>'
                   '<names variable="editor"><name and="text" et-al-min="3" '
                   'et-al-use-first="2"/></names></group>')
        .replace('default-locale="en-US">', 'default-locale="en-US"><locale><terms><term '
                 'name="et-al"/></terms></locale>'),
        [{"id": "a", "type": "book", "author": [_person("One", "Ann"), _person("Two", "Bo"),
                                                _person("Three", "Cy"), _person("Four", "Di")],
          "editor": [_person("Five", "Ed"), _person("Six", "Fay"), _person("Seven", "Gus")]}],
    ),
    # A style's own term written with form="long" is the long form ("XX", not "u. a.").
    "term_forms_long": (
        mini_style('<group delimiter=" | "><names variable="author"><name et-al-min="2" '
                   'et-al-use-first="1"/></names><text term="in"/><text term="editor" '
                   'form="long"/></group>')
        .replace('default-locale="en-US">', 'default-locale="de-AT"><locale xml:lang="de-AT">'
                 '<terms><term name="et-al" form="long">et al.</term><term name="in" '
                 'form="long">bei</term></terms></locale>'),
        [{"id": "a", "type": "book", "author": [_person("Oz", "Ed"), _person("Wu", "Lu")]}],
    ),
    # With a display on the layout's first element, the layout's suffix replaces the
    # last element's own ("Title." not "Title;."), and is lost with it where that element
    # is a macro call that prints nothing (no period after "IEEE").
    "second_field_align_display_suffix": (
        mini_style('<group display="block"><text variable="title"/></group><choose><if '
                   'type="book"><text variable="publisher" prefix=" " suffix=";"/></if>'
                   '<else><text variable="publisher" prefix=" "/><text macro="access"/></else>'
                   '</choose>',
                   macros='<macro name="access"><text variable="URL" prefix=" "/></macro>')
        .replace("<bibliography ><layout>", '<bibliography ><layout suffix=".">'),
        [{"id": "a", "type": "book", "title": "A Book", "publisher": "IEEE"},
         {"id": "b", "type": "report", "title": "A Report", "publisher": "IEEE"}],
    ),
    # second-field-align: where the layout's first element prints nothing, there is no
    # margin; the entry is all right-inline, with the layout's suffix.
    "second_field_align_empty_first": (
        mini_style('<text macro="author" suffix=", "/><text variable="title"/>',
                   macros='<macro name="author"><names variable="author"/></macro>')
        .replace("<bibliography ><layout>",
                 '<bibliography second-field-align="flush"><layout suffix=".">'),
        [{"id": "a", "type": "book", "title": "A Book", "author": [_person("Oz", "Ed")]},
         {"id": "b", "type": "book", "title": "No Author"}],
    ),
    # A display inside a group or a macro is ignored; one on the layout's own element
    # (through cs:choose) is a block.
    "second_field_align_nested_display": (
        mini_style('<group delimiter=". "><group><text variable="publisher" suffix=" "/><date '
                   'variable="issued" display="left-margin"><date-part name="year"/></date>'
                   '</group><text variable="title"/></group><choose><if type="book"><text '
                   'variable="URL" display="block"/></if></choose>'),
        [{"id": "a", "type": "book", "title": "A Book", "publisher": "IEEE",
          "issued": {"date-parts": [[2020]]}, "URL": "https://example.org/a"}],
    ),
    # A family name without a romanesque letter takes neither the family name-part's
    # formatting nor its affixes ("王<b>小明</b>"); the given name keeps its own.
    "name_parts_script_family": (
        mini_style('<group delimiter=" | "><names variable="author"><name><name-part '
                   'name="family" font-style="italic" prefix="[" suffix="]"/><name-part '
                   'name="given" font-weight="bold"/></name></names><names variable="author">'
                   '<name form="short"><name-part name="family" font-style="italic" prefix="[" '
                   'suffix="]"/></name></names></group>'),
        [{"id": "a", "type": "book", "author": [{"family": "王", "given": "小明"},
                                                {"family": "王", "given": "Xiaoming"},
                                                _person("Doe", "Ann")]}],
    ),
    # Italics are not applied to text without a romanesque letter (a title, a family
    # name in Chinese); bold stays.
    "script_italics": (
        mini_style('<group delimiter=". "><names variable="author"><name><name-part '
                   'name="family" font-style="italic"/></name></names><text variable="title" '
                   'font-style="italic"/><text variable="publisher" font-style="italic" '
                   'font-weight="bold"/></group>'),
        [{"id": "a", "type": "book", "title": "深度学习", "publisher": "科学出版社",
          "author": [{"family": "王", "given": "小明"}, _person("Doe", "Ann")]},
         {"id": "b", "type": "book", "title": "Deep Learning 深度学习", "publisher": "IEEE"}],
    ),
    # An empty cs:names a substitute tries through a macro does not count as printed:
    # the term after it starts the entry ("Anon.").
    "term_capitalization_substitute_macro": (
        mini_style('<group delimiter=" "><names variable="author"><substitute><text '
                   'macro="editor"/><text term="anonymous" form="short"/></substitute>'
                   '</names><text variable="title"/></group>',
                   macros='<macro name="editor"><choose><if type="book"><names '
                   'variable="editor"/></if></choose></macro>'),
        [{"id": "a", "type": "book", "title": "Alpha"},
         {"id": "b", "type": "book", "title": "Beta", "editor": [_person("Ng", "Ann")]}],
    ),
    # text-case="title" on a macro call changes nothing, in English or not.
    "title_case_macro_call": (
        mini_style('<text macro="title" text-case="title"/>',
                   macros='<macro name="title"><text variable="title"/></macro>'),
        [{"id": "a", "type": "book", "title": "a book about the sea"},
         {"id": "b", "type": "book", "title": "um livro sobre o mar", "language": "pt"}],
    ),
    "ordinals": (
        mini_style('<group delimiter=" "><text variable="title"/>'
                   '<number variable="edition" form="ordinal"/><label variable="edition" '
                   'form="short"/></group>'),
        [{"id": n, "type": "book", "title": n.upper(), "edition": e}
         for n, e in (("a", "111"), ("b", "112"), ("c", "21"), ("d", "13"))],
    ),
    "macro_groups": (
        mini_style('<group delimiter=", "><text variable="title"/><text macro="in"/></group>',
                   macros='<macro name="in"><text term="in" suffix=" "/><text '
                   'variable="container-title" font-style="italic"/></macro>'),
        [{"id": "a", "type": "chapter", "title": "A Chapter"},
         {"id": "b", "type": "chapter", "title": "B Chapter", "container-title": "The Book"}],
    ),
    "name_parts": (
        mini_style('<names variable="author"><name and="text" delimiter=", "><name-part '
                   'name="family" text-case="uppercase" prefix="(" suffix=")"/><name-part '
                   'name="given" font-style="italic"/></name></names>'),
        [{"id": "a", "type": "book", "title": "T", "author": [
            {"family": "Meer", "given": "Gerard", "dropping-particle": "van",
             "non-dropping-particle": "der", "suffix": "III"},
            {"family": "Doe", "given": "Jeffrey", "suffix": "Jr.", "comma-suffix": True},
            {"family": "Aubignac", "given": "François Hédelin d'"}]}],
    ),
    "date_parts": (
        mini_style('<date variable="issued" form="text"/>'),
        [{"id": "a", "type": "book", "title": "A", "issued": {"date-parts": [[1999, 21], [2001, 22]]}},
         {"id": "b", "type": "book", "title": "B", "issued": {"date-parts": [[600]]}},
         {"id": "c", "type": "book", "title": "C", "issued": {"date-parts": [[1965, 13, 1]]}}],
    ),
    "seams": (
        mini_style('<names variable="author" suffix="."><name et-al-min="2" et-al-use-first="1"/>'
                   '<et-al font-style="italic"/></names><text variable="title" prefix=" "/>'),
        [{"id": "a", "type": "book", "title": "T", "author": [
            _person("Murai", "Shogo"), _person("Mikami", "Hiroaki")]}],
    ),
    "punctuation": (
        mini_style('<group delimiter=". "><text variable="title"/><text macro="italic-title"/>'
                   '<text variable="container-title" font-style="italic"/><group delimiter=", ">'
                   '<text variable="publisher"/><text variable="publisher-place" suffix=":"/>'
                   '</group><text variable="note" suffix=";"/><text variable="genre" '
                   'font-weight="bold" suffix="."/></group>',
                   macros='<macro name="italic-title"><text variable="collection-title" '
                   'font-style="italic"/></macro>',
                   options="").replace("<bibliography ><layout>",
                                       '<bibliography ><layout suffix=".">'),
        [{"id": "a", "type": "book", "title": "What?", "collection-title": "Stop!",
          "container-title": "Why Not?", "publisher": "Who?", "publisher-place": "There:",
          "note": "Note;", "genre": "Bold!"},
         {"id": "b", "type": "book", "title": "Plain", "container-title": "Really?",
          "publisher": "X!"},
         {"id": "c", "type": "book", "title": "Colon:", "collection-title": "Semi;",
          "publisher": "R&D <Ltd>", "note": "Yes!"}],
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
    # Defaults spelled out: a span where an enclosing element needs it ("et al." upright in
    # small-caps names, a publisher upright in italics), none where nothing does; the
    # whole list cut short by et al. formatted once more.
    "normal_formatting": (
        mini_style('<group delimiter=" | "><names variable="author"><name form="short" '
                   'font-variant="small-caps"/><et-al font-variant="normal"/></names>'
                   '<group font-style="italic" delimiter=", "><text variable="title"/>'
                   '<text variable="publisher" font-style="normal"/></group>'
                   '<text variable="note" font-weight="normal"/>'
                   '<text variable="genre" text-decoration="none"/>'
                   '<text variable="medium" vertical-align="baseline"/></group>',
                   options='et-al-min="3" et-al-use-first="1"'),
        [{"id": "a", "type": "book", "title": "T", "publisher": "Pub", "note": "N",
          "genre": "G", "medium": "M",
          "author": [_person("Acevedo", "Alberto"), _person("Curry", "Michael"),
                     _person("Bédorf", "Jeroen")]}],
    ),
    # A term printed first is capitalized; after a variable, or a suppressed group's
    # term given back, not / again.
    "term_capitalization": (
        mini_style('<group delimiter=" "><group delimiter=" "><text term="and"/>'
                   '<text variable="note"/></group><text term="in"/><text variable="title"/>'
                   '<text term="anonymous" form="short"/></group>'),
        [{"id": "a", "type": "book", "title": "T"},
         {"id": "b", "type": "book", "title": "U", "note": "n"}],
    ),
    # An empty macro is a suppressed group: the names it processed do not count.
    "term_capitalization_macro": (
        mini_style('<group delimiter=". "><text macro="author"/><group delimiter=" "><text '
                   'term="in"/><text variable="container-title"/></group><names '
                   'variable="editor"><name/></names><text term="and"/></group>',
                   macros='<macro name="author"><names variable="author"><name/><substitute>'
                   '<text variable="title"/></substitute></names></macro>'),
        [{"id": "a", "type": "paper-conference", "container-title": "Proc"},
         {"id": "b", "type": "paper-conference", "author": [_person("Doe", "J")]}],
    ),
    # "&amp;#160;" in an affix: a no-break space for citeproc-js.
    "style_entities": (
        mini_style('<text variable="title" prefix="«&amp;#160;" suffix="&amp;#160;» &amp;lt;'
                   '&amp;#x2014;&amp;gt;"/>'),
        [{"id": "a", "type": "book", "title": "T"}],
    ),
    # A formatted element's prefix stays outside the quotes before it.
    "punctuation_in_quote_formatted": (
        mini_style('<group suffix="."><text variable="title" quotes="true"/><text '
                   'variable="container-title" font-style="italic" prefix=", "/><text '
                   'variable="publisher" quotes="true"/><text variable="note" prefix=", "/>'
                   "</group>"),
        [{"id": "a", "type": "book", "title": "T", "container-title": "C", "publisher": "P",
          "note": "N"}],
    ),
    # A date's own formatting, inside its affixes; none on a localized date.
    "date_formatting": (
        mini_style('<group delimiter=" | "><date variable="issued" prefix="(" suffix=")" '
                   'font-weight="bold"><date-part name="month" form="short" suffix=" " '
                   'font-style="italic"/><date-part name="year"/></date><date '
                   'variable="issued" form="text" date-parts="year" font-weight="bold"/></group>'),
        [{"id": "a", "type": "book", "title": "T", "issued": {"date-parts": [[2020, 3]]}},
         {"id": "b", "type": "book", "title": "U",
          "issued": {"date-parts": [[2019, 1], [2020, 2]]}}],
    ),
    # The register of people: whole given names where the initials are the same,
    # initials where they differ (primary-name: the first name only).
    "name_register": (
        mini_style('<names variable="author"><name name-as-sort-order="all" '
                   'initialize-with=". "/></names>')
        .replace("<citation>", '<citation disambiguate-add-givenname="true" '
                 'givenname-disambiguation-rule="primary-name">')
        .replace('<text variable="title"/></layout></citation>',
                 '<names variable="author"><name form="short"/></names></layout></citation>'),
        [{"id": "a", "type": "book", "title": "T", "author": [_person("Wang", "Yan"),
                                                             _person("Li", "Hao")]},
         {"id": "b", "type": "book", "title": "U", "author": [_person("Wang", "Yunsong")]},
         {"id": "c", "type": "book", "title": "V", "author": [_person("Wang", "Li"),
                                                             _person("Li", "Bo")]}],
    ),
    # A choose is transparent: a branch whose variables are all empty is no variable
    # rendered ("in" goes with the empty editors); a branch with no variable is no call.
    "macro_groups_choose": (
        mini_style('<group delimiter=". "><text variable="title"/><group delimiter=", ">'
                   '<text macro="in"/><text variable="container-title"/></group><group '
                   'delimiter=" "><choose><if type="book"><text term="edition"/><names '
                   'variable="translator"/></if></choose></group><group><choose><if '
                   'type="chapter"><text term="volume"/></if></choose></group></group>',
                   macros='<macro name="in"><choose><if type="book chapter" match="any">'
                   '<text term="in" suffix=" "/><group delimiter=", "><names '
                   'variable="editor"/></group></if></choose></macro>'),
        [{"id": "a", "type": "book", "title": "T", "container-title": "C"},
         {"id": "b", "type": "chapter", "title": "U", "editor": [_person("Roe", "Rita")]}],
    ),
    # A label of an empty variable: its singular term, unless a group or macro that
    # calls the variable too drops it.
    "labels_empty": (
        mini_style('<group delimiter=" "><text variable="title"/><label variable="page" '
                   'form="short"/><group><label variable="volume" form="short" suffix=" "/>'
                   '<text variable="volume"/></group><label variable="locator"/></group>'),
        [{"id": "a", "type": "book", "title": "T"},
         {"id": "b", "type": "book", "title": "U", "page": "4-9", "volume": "2"}],
    ),
    # A substitute names prints with the substituted names' formatting and affixes; a
    # substitute text stands alone.
    "substitution_formatting": (
        mini_style('<names variable="translator" font-style="italic" prefix="[" suffix="]">'
                   '<name/><substitute><names variable="author" font-weight="bold" '
                   'prefix="(" suffix=")"/><names variable="editor" prefix="{" suffix="}">'
                   '<name/></names><text variable="title" prefix="&lt;" '
                   'suffix="&gt;"/></substitute></names>'),
        [{"id": "a", "type": "book", "title": "A", "author": [_person("Doe", "Jane")]},
         {"id": "b", "type": "book", "title": "B"},
         {"id": "c", "type": "book", "title": "C", "editor": [_person("Roe", "Rita")]}],
    ),
    # A names element whose substitute printed a term alone is no rendered variable (the
    # macro prints nothing); a macro that printed, terms alone too, is one.
    "macro_groups_names": (
        mini_style('<group delimiter=" | "><text macro="a"/><text macro="b"/>'
                   '<text variable="title"/></group>',
                   macros='<macro name="a"><names variable="author"><name/><substitute>'
                   '<text term="anonymous"/></substitute></names></macro><macro name="b">'
                   '<names variable="author"><name/></names><text macro="anon"/></macro>'
                   '<macro name="anon"><choose><if variable="author" match="none"><text '
                   'term="anonymous" form="short"/></if></choose></macro>'),
        [{"id": "a", "type": "book", "title": "T"},
         {"id": "b", "type": "book", "title": "U", "author": [_person("Roe", "Rita")]}],
    ),
    # A term missing in the form asked for: the next form (verb to long, symbol to short,
    # verb-short to verb to long).
    "term_forms": (
        mini_style('<group delimiter=" | "><text term="no-place" form="verb"/><text '
                   'term="editor" form="verb-short"/><text term="and" form="verb"/><text '
                   'term="no-place" form="short"/><text term="page" form="symbol"/></group>'),
        [{"id": "a", "type": "book", "title": "T"}],
    ),
    # A cs:name's "normal" is written only where something around sets the property:
    # not around a small-caps family name, not inside small-caps names.
    "normal_formatting_names": (
        mini_style('<group delimiter=" | "><names variable="author"><name form="short" '
                   'font-variant="normal" et-al-min="3" et-al-use-first="1"><name-part '
                   'name="family" font-variant="small-caps"/></name><et-al '
                   'font-style="italic"/></names><names variable="author" '
                   'font-variant="small-caps"><name font-variant="normal"/></names></group>'),
        [{"id": "a", "type": "book", "title": "T",
          "author": [_person("Acevedo", "Alberto"), _person("Curry", "Michael"),
                     _person("Bédorf", "Jeroen")]}],
    ),
    # An empty cs:names a cs:substitute tries prints nothing: the term after it is first.
    "term_capitalization_substitute": (
        mini_style('<text macro="author"/><text variable="title" prefix=" "/>',
                   macros='<macro name="author"><names variable="author"><name/><substitute>'
                   '<names variable="editor"/><text macro="anonymous"/></substitute></names>'
                   '</macro><macro name="anonymous"><text term="anonymous"/></macro>'),
        [{"id": "a", "type": "book", "title": "T"}],
    ),
    # The outermost quotes attribute around a text decides how its quotations print.
    "quotes_around": (
        mini_style('<group delimiter=" | "><text macro="t" quotes="false"/><text macro="u" '
                   'quotes="true"/><text macro="t"/></group>',
                   macros='<macro name="t"><text variable="title" quotes="true"/></macro>'
                   '<macro name="u"><text variable="title"/></macro>'),
        [{"id": "a", "type": "book", "title": 'Why "Large Batch" Training'}],
    ),
    # The substitute prints as it is: no cs:name or name-part formatting.
    "subsequent_author_substitute_plain": (
        mini_style('<names variable="author"><name font-variant="small-caps" and="text">'
                   '<name-part name="family" font-weight="bold"/></name></names>'
                   '<text variable="title" prefix=". "/>',
                   options='subsequent-author-substitute="———"'),
        [{"id": "a", "type": "book", "title": "A", "author": [_person("Doe", "Jane")]},
         {"id": "b", "type": "book", "title": "B", "author": [_person("Doe", "Jane")]}],
    ),
    "subsequent_author_substitute_plain_each": (
        mini_style('<names variable="author"><name and="text"><name-part name="family" '
                   'font-variant="small-caps"/></name></names><text variable="title" '
                   'prefix=". "/>',
                   options='subsequent-author-substitute="———" '
                   'subsequent-author-substitute-rule="partial-each"'),
        [{"id": "a", "type": "book", "title": "A", "author": [_person("Doe", "Jane"),
                                                             _person("Roe", "Rita")]},
         {"id": "b", "type": "book", "title": "B", "author": [_person("Doe", "Jane"),
                                                             _person("Poe", "Paul")]}],
    ),
    # A name list cut by et al. keeps its "normal" where its last part (an italic et al.)
    # sets the property.
    "normal_formatting_et_al": (
        mini_style('<names variable="author"><name font-style="normal" et-al-min="3" '
                   'et-al-use-first="1"/><et-al font-style="italic"/></names>'),
        [{"id": "a", "type": "book", "title": "T",
          "author": [_person("Acevedo", "Alberto"), _person("Curry", "Michael"),
                     _person("Bédorf", "Jeroen")]}],
    ),
    # Sentence case and capitalize-first capitalize the first letter the text shows,
    # past markup it starts with.
    "rich_text_sentence": (
        mini_style('<group delimiter=" | "><text variable="title" text-case="sentence"/>'
                   '<text variable="title" text-case="capitalize-first"/></group>'),
        [{"id": "a", "type": "book", "title": "<i>in situ</i> training of <span "
          'class="nocase">DNA</span>'}],
    ),
    # et-al-use-last: at most et-al-min - 2 names before the ellipsis.
    "name_parts_use_last": (
        mini_style('<group delimiter=" | "><names variable="author"><name et-al-min="6" '
                   'et-al-use-first="5" et-al-use-last="true" initialize-with="."/></names>'
                   '<names variable="author"><name et-al-min="3" et-al-use-first="1" '
                   'et-al-use-last="true" initialize-with="."/></names></group>'),
        [{"id": "a", "type": "book", "title": "T", "author": [
            _person(f, "Ann") for f in ("Cai", "Bédorf", "Saletore", "Codreanu", "Podareanu",
                                         "Chaibi", "Qian")]}],
    ),
    # A name written by its script: family and given name each with its name-part's
    # formatting, not inverted.
    "name_scripts_parts": (
        mini_style('<names variable="author"><name name-as-sort-order="all" initialize-with=". ">'
                   '<name-part name="family" font-variant="small-caps"/><name-part '
                   'name="given" font-weight="bold"/></name></names>'),
        [{"id": "a", "type": "book", "title": "T", "author": [
            _person("王", "小明"), _person("王", "Xiaoming"), _person("Doe", "Jane")]}],
    ),
    # A macro that printed nothing sets the called flag of what is around it to its own:
    # an empty editor, then an empty macro, leaves "In" standing.
    "macro_groups_failed_child": (
        mini_style('<group delimiter=" "><text term="in"/><text macro="cc"/></group>',
                   macros='<macro name="anon"><choose><if variable="author editor" '
                   'match="none"><text term="anonymous"/></if></choose></macro><macro '
                   'name="cc"><choose><if type="paper-conference"><names variable="editor"/>'
                   '<text macro="anon"/></if></choose></macro>'),
        [{"id": "a", "type": "paper-conference", "title": "A", "author": [_person("Doe", "Jane")]},
         {"id": "b", "type": "book", "title": "B", "author": [_person("Roe", "Rita")]}],
    ),
    # A macro that printed (a term) inside a choose is a success for the macro around
    # it, beside a group of empty names.
    "macro_groups_choose_macro": (
        mini_style('<group delimiter=" "><text macro="cc"/><text variable="container-title"/>'
                   '</group>',
                   macros='<macro name="prefix"><text term="in" suffix=": "/></macro><macro '
                   'name="cc"><choose><if type="chapter paper-conference" match="any"><text '
                   'macro="prefix"/><group delimiter=" "><names variable="editor"/><names '
                   'variable="translator"/></group></if></choose></macro>'),
        [{"id": "a", "type": "paper-conference", "title": "A", "container-title": "Proc"}],
    ),
    # A group that printed terms alone is a success for what is around it, read through
    # a choose in a macro too (Oxford's "n.p." beside an empty original place).
    "macro_groups_term_group": (
        mini_style('<group delimiter=". "><text variable="title"/><text macro="m"/></group>',
                   macros='<macro name="m"><choose><if variable="original-title"><text '
                   'value="x"/></if><else><group delimiter="; "><text '
                   'variable="original-publisher-place"/><group delimiter=": "><text '
                   'term="no-place" form="short"/></group></group></else></choose></macro>'),
        [{"id": "a", "type": "book", "title": "T"}],
    ),
    # cs:name's affixes go around each name, and around a list cut by et al. once more.
    "name_formatting_affixes": (
        mini_style('<group delimiter=" | "><names variable="author"><name prefix="[" suffix="]" '
                   'and="text" delimiter=", "/></names><names variable="author"><name '
                   'prefix="(" suffix=")" et-al-min="2" et-al-use-first="1"/><et-al '
                   'font-style="italic"/></names></group>'),
        [{"id": "a", "type": "book", "title": "T", "author": [_person("Doe", "Jane"),
                                                             _person("Roe", "Rita")]}],
    ),
    # An institution takes cs:name's formatting, not its affixes.
    "name_formatting_institution": (
        mini_style('<names variable="author"><name font-style="italic" prefix="[" suffix="]" '
                   'and="text"/></names>'),
        [{"id": "a", "type": "book", "title": "T", "author": [
            {"literal": "The Exascale Project"}, _person("Murai", "Carl"), {"literal": "ACME"}]}],
    ),
    # "after-inverted-name" before et al.: the delimiter where one name is shown, a
    # literal name too.
    "name_options_et_al": (
        mini_style('<names variable="author"><name name-as-sort-order="first" '
                   'delimiter-precedes-et-al="after-inverted-name" et-al-min="2" '
                   'et-al-use-first="1"/></names>'),
        [{"id": "a", "type": "book", "title": "T", "author": [{"literal": "The Project"},
                                                             _person("Roe", "Rita")]},
         {"id": "b", "type": "book", "title": "U", "author": [_person("Doe", "Jane"),
                                                             _person("Roe", "Rita")]}],
    ),
    "title_case": (
        mini_style('<text variable="title" text-case="title"/>'),
        [{"id": "a", "type": "book",
          "title": "topic-aware question answering: a study of/for the web (in 2020) and why"},
         {"id": "b", "type": "book", "title": "<script>alert(1)</script> & co"}],
    ),
    "label_case": (
        mini_style('<group delimiter=" | "><names variable="editor"><name/><label form="short" '
                   'prefix=" (" suffix=")" text-case="title"/></names><text term="editor" '
                   'form="short" text-case="title"/><text value="ed. of the thing" '
                   'text-case="title"/><text variable="title" text-case="title"/></group>'),
        [{"id": "a", "type": "book", "title": "the title", "editor": [_person("Wu", "Jan")]},
         {"id": "b", "type": "book", "title": "der titel", "language": "de",
          "editor": [_person("Wu", "Jan"), _person("Li", "Bo")]}],
    ),
    "name_scripts": (
        mini_style('<group delimiter=" | "><names variable="author"><name initialize-with=". " '
                   'name-as-sort-order="first" and="text"/></names><names variable="author">'
                   '<name name-as-sort-order="all" initialize-with=". " delimiter="; "/></names>'
                   '<names variable="author"><name form="short" and="symbol"/></names></group>'),
        [{"id": "cjk", "type": "book", "title": "T", "author": [
            _person("王", "小明"), _person("Wu", "Jan"), _person("김", "민준"),
            _person("王", "Xiaoming"), _person("Wang", "小明"), _person("Ứng", "Ứng")]},
         {"id": "quoted", "type": "book", "title": "T", "author": [
             _person('"D\'Aubigné"', "Renée"), {"family": "王小明", "given": ""},
             _person("O'Neil", "Mary Jane")]},
         {"id": "ja", "type": "book", "title": "T", "language": "ja", "author": [
             _person("Suzuki", "Shigeru"), _person("鈴木", "茂")]}],
    ),
    "quotes": (
        mini_style('<group delimiter=", "><text variable="title" quotes="true"/>'
                   '<text variable="container-title"/><text variable="publisher" suffix="."/>'
                   '</group>'),
        [{"id": "a", "type": "chapter", "title": "D'Aubigné's \"quoted\" title",
          "container-title": "Proc \"X\"", "publisher": "`quoted' and students' work"},
         {"id": "b", "type": "chapter", "title": "Nested \"outer 'inner' text\"",
          "container-title": "Mixed 'a' and \"b\"", "publisher": "Don't 'stop'"},
         {"id": "c", "type": "chapter", "title": "“Typo” and ‘single’, l’été",
          "container-title": "Unclosed \"quote and 'Twas", "publisher": "It's 'x'"}],
    ),
    "narrow_spaces": (
        mini_style('<group delimiter=" : "><text variable="title" font-style="italic"/>'
                   '<text variable="publisher" prefix=" ; "/><text variable="note" quotes="true"/>'
                   '</group>'),
        [{"id": "a", "type": "book", "title": "Qu'est-ce que c'est ? Une étude : « le cas »",
          "publisher": "Éd. X ; Y !", "note": "Pourquoi ?"},
         {"id": "b", "type": "book", "title": "No: tight, « ok", "publisher": "«tight»"}],
    ),
    "year_suffix": (
        mini_style('<group delimiter=". "><names variable="author"><name initialize-with=". " '
                   'name-as-sort-order="all"/></names><group><date variable="issued">'
                   '<date-part name="year"/></date><text variable="year-suffix"/></group>'
                   '<text variable="title"/></group>')
        .replace("<citation>", '<citation disambiguate-add-year-suffix="true" '
                 'disambiguate-add-names="true" disambiguate-add-givenname="true" '
                 'givenname-disambiguation-rule="primary-name-with-initials" et-al-min="2" '
                 'et-al-use-first="1">')
        .replace('<layout><text variable="title"/></layout></citation>',
                 '<layout><group delimiter=", "><names variable="author"><name form="short"/>'
                 '</names><date variable="issued"><date-part name="year"/></date></group>'
                 '</layout></citation>')
        .replace("<bibliography ><layout>",
                 '<bibliography ><sort><key variable="author"/><key variable="issued"/>'
                 '<key variable="title"/></sort><layout>'),
        [{"id": "ng-b", "type": "book", "title": "Beta", "author": [_person("Ng", "Ann")],
          "issued": {"date-parts": [[2020]]}},
         {"id": "ng-a", "type": "book", "title": "Alpha", "author": [_person("Ng", "Ann")],
          "issued": {"date-parts": [[2020]]}},
         {"id": "ng-p", "type": "book", "title": "Gamma", "author": [_person("Ng", "Paul")],
          "issued": {"date-parts": [[2020]]}},
         {"id": "ng-2019", "type": "book", "title": "Delta", "author": [_person("Ng", "Ann")],
          "issued": {"date-parts": [[2019]]}},
         {"id": "ng-wu-2", "type": "book", "title": "Zeta", "author": [
             _person("Ng", "Ann"), _person("Wu", "Jan")], "issued": {"date-parts": [[2020]]}},
         {"id": "ng-wu-1", "type": "book", "title": "Eta", "author": [
             _person("Ng", "Ann"), _person("Wu", "Jo")], "issued": {"date-parts": [[2020]]}},
         {"id": "ng-chen", "type": "book", "title": "Theta", "author": [
             _person("Ng", "Ann"), _person("Chen", "Li")], "issued": {"date-parts": [[2020]]}},
         {"id": "anon-1", "type": "book", "title": "Same", "issued": {"date-parts": [[2020]]}},
         {"id": "anon-2", "type": "book", "title": "Same", "issued": {"date-parts": [[2020]]}}],
    ),
    # citeproc-js disambiguates each group of equal citations (as registered: no given
    # names) as one: the list a first item without partners heads gets no suffixes (Oz:
    # Lu), a list whose first item clashes gives them to all its items (Ng: Dan).
    "year_suffix_groups": (
        mini_style('<group delimiter=". "><names variable="author"><name initialize-with=". " '
                   'name-as-sort-order="all"/></names><group><date variable="issued">'
                   '<date-part name="year"/></date><text variable="year-suffix"/></group>'
                   '<text variable="title"/></group>')
        .replace("<citation>", '<citation disambiguate-add-year-suffix="true" '
                 'disambiguate-add-names="true" disambiguate-add-givenname="true" '
                 'givenname-disambiguation-rule="primary-name-with-initials" et-al-min="3" '
                 'et-al-use-first="1">')
        .replace('<layout><text variable="title"/></layout></citation>',
                 '<layout><group delimiter=", "><names variable="author"><name form="short"/>'
                 '</names><date variable="issued"><date-part name="year"/></date></group>'
                 '</layout></citation>')
        .replace("<bibliography ><layout>",
                 '<bibliography ><sort><key variable="author"/><key variable="issued"/>'
                 '<key variable="title"/></sort><layout>'),
        [{"id": f"{family}-{n}", "type": "book", "title": f"{family.title()} {n}",
          "author": [_person(family.title(), given)], "issued": {"date-parts": [[2020]]}}
         for family, givens in (("ng", ("Lu", "Lu", "Tom", "Tom", "Dan")),
                                ("oz", ("Tom", "Dan", "Lu", "Lu", "Tom")))
         for n, given in enumerate(givens, 1)],
    ),
    # A cite's et-al options on its cs:name (not cs:citation): both cites read "Kim et
    # al., 2020", so both get suffixes.
    "year_suffix_name_options": (
        mini_style('<group delimiter=". "><names variable="author"><name initialize-with=". " '
                   'name-as-sort-order="first" et-al-min="3" et-al-use-first="1"/></names>'
                   '<group><date variable="issued"><date-part name="year"/></date>'
                   '<text variable="year-suffix"/></group><text variable="title"/></group>')
        .replace("<citation>", '<citation disambiguate-add-year-suffix="true">')
        .replace('<layout><text variable="title"/></layout></citation>',
                 '<layout><group delimiter=", "><names variable="author"><name form="short" '
                 'et-al-min="3" et-al-use-first="1"/></names><date variable="issued">'
                 '<date-part name="year"/></date></group></layout></citation>'),
        [{"id": "kim-3", "type": "book", "title": "Three", "issued": {"date-parts": [[2020]]},
          "author": [_person("Kim", "Jae"), _person("Yang", "Tao"), _person("Li", "Bo")]},
         {"id": "kim-4", "type": "book", "title": "Four", "issued": {"date-parts": [[2020]]},
          "author": [_person("Kim", "Min"), _person("Wu", "Lu"), _person("Ng", "Al"),
                     _person("Oz", "Ed")]}],
    ),
    # With disambiguate-add-givenname too, the entries show them (citeproc-js
    # asks for the cites' names in the bibliography only then): 王小明 as well.
    "name_scripts_added_names": (
        mini_style('<group delimiter=". "><names variable="author"><name initialize-with=". " '
                   'name-as-sort-order="first" et-al-min="3" et-al-use-first="1"/></names>'
                   '<text variable="title"/></group>')
        .replace("<citation>", '<citation disambiguate-add-names="true" et-al-min="3" '
                 'et-al-use-first="1" disambiguate-add-givenname="true">')
        .replace('<layout><text variable="title"/></layout></citation>',
                 '<layout><group delimiter=", "><names variable="author"><name form="short"/>'
                 '</names><date variable="issued"><date-part name="year"/></date></group>'
                 '</layout></citation>'),
        [{"id": "wang", "type": "book", "title": "Wang", "issued": {"date-parts": [[2020]]},
          "author": [_person("de la Cruz", "Ana"), {"family": "王", "given": "小明"},
                     _person("Li", "Bo")]},
         {"id": "williams", "type": "book", "title": "Williams",
          "issued": {"date-parts": [[2020]]},
          "author": [_person("de la Cruz", "Ana"), _person("Williams", "Mary"),
                     _person("Oz", "Ed")]}],
    ),
    "year_suffix_implicit": (
        mini_style('<group delimiter=" "><text variable="title"/><choose><if type="book">'
                   '<date variable="issued" prefix="[" suffix="]" delimiter=" "><date-part '
                   'name="month"/><date-part name="year" prefix="(" suffix=")" '
                   'font-weight="bold"/></date></if><else-if type="report"><date '
                   'variable="issued" delimiter=" "><date-part name="year" form="short" '
                   'text-case="uppercase"/><date-part name="month" prefix="/"/></date></else-if>'
                   '<else><date variable="accessed" form="text"/><date variable="issued" '
                   'form="text"/><date variable="issued" form="numeric"/></else></choose></group>')
        .replace("<citation>", '<citation disambiguate-add-year-suffix="true">')
        .replace('<layout><text variable="title"/></layout></citation>',
                 '<layout><group delimiter=", "><names variable="author"><name form="short"/>'
                 '</names><date variable="issued"><date-part name="year"/></date></group>'
                 '</layout></citation>'),
        [{"id": "a", "type": "book", "title": "Beta", "author": [_person("Ng", "Ann")],
          "issued": {"date-parts": [[2020, 11]]}},
         {"id": "b", "type": "report", "title": "Alpha", "author": [_person("Ng", "Ann")],
          "issued": {"date-parts": [[2020, 3]]}},
         {"id": "c", "type": "article", "title": "Gamma", "author": [_person("Ng", "Ann")],
          "issued": {"date-parts": [[2020, 5, 4]]}},
         {"id": "d", "type": "article", "title": "Delta", "author": [_person("Wu", "Jan")],
          "issued": {"date-parts": [[2020, 5, 4]]}}],
    ),
    # The speed fixes change no output: these cases exercise what they touch.
    "speed_registration": (
        mini_style('<text variable="citation-number" suffix=". "/><text variable="title"/>')
        .replace("<bibliography ><layout>",
                 '<bibliography ><sort><key variable="title" sort="descending"/></sort><layout>'),
        [{"id": "a", "type": "book", "title": "Alpha"}, {"id": "b", "type": "book", "title": "Gamma"},
         {"id": "c", "type": "book", "title": "Beta"}],
    ),
    "speed_lookups": (
        mini_style('<group delimiter=", "><text variable="title"/><text macro="outer"/><group><text term="edition" '
                   'form="short" suffix=" "/><text variable="edition"/></group>'
                   '<date variable="issued" form="text"/><text term="and"/></group>',
                   macros='<macro name="outer"><text macro="inner" prefix="(" suffix=")"/></macro>'
                   '<macro name="inner"><text variable="publisher"/></macro>'),
        [{"id": "a", "type": "book", "title": "T", "publisher": "IEEE",
          "issued": {"date-parts": [[2020, 11, 11]]}},
         {"id": "b", "type": "book", "title": "U", "edition": "2"}],
    ),
    "speed_records": (
        mini_style('<choose><if variable="publisher"><text variable="publisher" suffix=": "/>'
                   '</if><else><text value="n.p.: "/></else></choose><text variable="volume" '
                   'suffix=", "/><names variable="editor"><name/><label prefix=" (" suffix=")"/>'
                   '</names><text variable="title"/>'),
        [{"id": "a", "type": "book", "title": "T", "publisher": "IEEE", "volume": "3"},
         {"id": "b", "type": "book", "title": "U", "editor": [_person("Smith", "Ann")]}],
    ),
    "speed_formatting": (
        mini_style('<group delimiter=". "><text variable="title" font-style="italic"/>'
                   '<number variable="volume" font-weight="normal"/><choose><if type="book '
                   'report" match="any"><text value="a book" vertical-align="sup"/></if><else><text '
                   'value="other"/></else></choose></group>'),
        [{"id": "a", "type": "book", "title": "T", "volume": "3"},
         {"id": "b", "type": "article", "title": "U", "volume": "12"}],
    ),
    "speed_source": (
        mini_style('<group delimiter=". "><text variable="title"/><text '
                   'variable="container-title" font-style="italic"/><date variable="issued">'
                   '<date-part name="year"/></date></group>'),
        [{"id": "a", "type": "paper-conference", "title": "One", "container-title": "R&D <Proc>",
          "issued": {"date-parts": [[2020, 11]]}},
         {"id": "b", "type": "paper-conference", "title": "Two", "container-title": "R&D <Proc>",
          "issued": {"date-parts": [[2020, 11]]}},
         {"id": "c", "type": "paper-conference", "title": "R&D <Proc>",
          "issued": {"date-parts": [[2021]]}}],
    ),
    "speed_values": (
        mini_style('<group delimiter=". "><names variable="author"><name/></names><text '
                   'variable="title"/><text variable="container-title" font-style="italic"/>'
                   '</group>'),
        [{"id": "a", "type": "paper-conference", "title": "A <i>deep</i> study : one",
          "container-title": "R&D <Proc>",
          "author": [{"family": "Hoppel", "given": "Gustav von"}, _person("O'Neil", "Ann")]},
         {"id": "b", "type": "paper-conference", "title": "A <i>deep</i> study : one",
          "container-title": "R&D <Proc>",
          "author": [_person("O'Neil", "Ann"), {"family": "Hoppel", "given": "Gustav von"}]},
         {"id": "c", "type": "paper-conference", "title": "R&D <Proc>",
          "author": [{"family": "Hoppel", "given": "Gustav von", "parse-names": False}]}],
    ),
    "speed_conditions": (
        mini_style('<group delimiter=" / "><text variable="title"/><choose><if type="book" '
                   'variable="publisher"><text value="book with publisher"/></if><else-if '
                   'type="chapter report" match="any"><text value="chapter or report"/></else-if>'
                   '<else-if variable="volume issue" match="none"><text value="no volume"/>'
                   '</else-if><else-if is-numeric="volume"><text value="numbered"/></else-if>'
                   '<else><text value="other"/></else></choose><choose><if variable="DOI">'
                   '<text variable="DOI" prefix="doi:"/></if></choose></group>'),
        [{"id": "a", "type": "book", "title": "A", "publisher": "IEEE"},
         {"id": "b", "type": "report", "title": "B", "DOI": "10.1/x"},
         {"id": "c", "type": "book", "title": "C"},
         {"id": "d", "type": "article", "title": "D", "volume": "12"},
         {"id": "e", "type": "article", "title": "E", "volume": "XII"}],
    ),
    "speed_memo": (
        mini_style('<group delimiter=". "><text macro="author"/><text macro="container"/>'
                   '<text macro="title"/><text macro="pages"/></group>',
                   macros='<macro name="author"><names variable="author"><name/><substitute>'
                   '<text macro="title"/></substitute></names></macro><macro name="container">'
                   '<group delimiter=" "><text term="in"/><text variable="container-title" '
                   'font-style="italic"/><names variable="editor" prefix="(" suffix=")"><name/>'
                   '</names><choose><if type="book"><text value="[book]"/></if></choose></group>'
                   '</macro><macro name="title"><text variable="title" quotes="true"/></macro>'
                   '<macro name="pages"><choose><if variable="page"><text value="with pages"/>'
                   '</if><else><text variable="publisher"/></else></choose></macro>'),
        [{"id": "a", "type": "paper-conference", "title": "One", "author": [_person("Smith", "A")],
          "container-title": "Proc", "editor": [_person("Doe", "J")], "page": "1-2",
          "publisher": "IEEE"},
         {"id": "b", "type": "paper-conference", "title": "Two", "container-title": "Proc",
          "editor": [_person("Doe", "J")], "page": "3-4", "publisher": "IEEE"},
         {"id": "c", "type": "paper-conference", "title": "Three", "author": [_person("Jones", "B")],
          "container-title": "Proc", "editor": [_person("Doe", "J")], "publisher": "IEEE"},
         {"id": "d", "type": "book", "title": "Four", "author": [_person("Lee", "C")],
          "container-title": "Proc", "editor": [_person("Doe", "J")], "page": "5-6",
          "publisher": "IEEE"},
         {"id": "e", "type": "paper-conference", "container-title": "Proc",
          "editor": [_person("Doe", "J")], "publisher": "IEEE"},
         {"id": "f", "type": "paper-conference", "title": "Six", "author": [_person("Smith", "A")],
          "container-title": "Proc", "editor": [_person("Doe", "J")], "page": "7-8",
          "publisher": "IEEE"}],
    ),
    "sort_keys": (
        mini_style('<text macro="author" suffix=". "/><text variable="title"/>',
                   macros='<macro name="author"><names variable="author"><name and="symbol" '
                   'delimiter-precedes-last="always" initialize-with=". " '
                   'name-as-sort-order="all"/></names></macro><macro name="author-sort">'
                   '<text macro="author"/></macro>')
        .replace("<bibliography ><layout>",
                 '<bibliography ><sort><key macro="author-sort"/><key variable="title"/>'
                 "</sort><layout>"),
        [{"id": "zhang", "type": "book", "title": "Z", "author": [_person("Zhang", "Wei")]},
         {"id": "astrom-n", "type": "book", "title": "A", "author": [
             _person("Åström", "Ingrid"), _person("Nakamura", "Daisuke")]},
         {"id": "astrom-a", "type": "book", "title": "B", "author": [
             _person("Åström", "Ingrid"), _person("Akiba", "Peter"), _person("Novak", "Yan")]},
         {"id": "bedorf-plain", "type": "book", "title": "Second", "author": [
             _person("Bedorf", "Jeroen")]},
         {"id": "bedorf", "type": "book", "title": "First", "author": [_person("Bédorf", "Jeroen")]},
         {"id": "celik", "type": "book", "title": "C", "author": [_person("Çelik", "Ahmet")]},
         {"id": "daubigne", "type": "book", "title": "D", "author": [_person("D’Aubigné", "Renée")]},
         {"id": "cabral", "type": "book", "title": "E", "author": [_person("Cabral", "Ana")]},
         {"id": "garcia-marquez", "type": "book", "title": "F", "author": [
             _person("García Márquez", "José María")]},
         {"id": "garcia", "type": "book", "title": "G", "author": [_person("Garcia", "Maria")]},
         {"id": "lukasiewicz", "type": "book", "title": "H", "author": [
             _person("Łukasiewicz", "Jan")]},
         {"id": "lupo", "type": "book", "title": "I", "author": [_person("Lupo", "Anna")]},
         {"id": "item10", "type": "book", "title": "Item 10", "author": [_person("Oz", "Amos")]},
         {"id": "item9", "type": "book", "title": "Item 9", "author": [_person("Oz", "Amos")]},
         {"id": "anonymous", "type": "book", "title": "Anonymous"}],
    ),
    # A sort key's macro with a date is the date as a number, its text dropped: the book
    # substituted by a title macro with a date (in a branch not taken) has no author key
    # and sorts last; "November" after "March"; "n.d." is no key.
    "date_sort_keys": (
        mini_style('<group delimiter=". "><text macro="author"/><text macro="date"/></group>',
                   macros='<macro name="author"><names variable="author"><substitute><text '
                   'macro="title"/></substitute></names></macro><macro name="title"><choose>'
                   '<if type="article"><date variable="issued" form="text"/></if><else><text '
                   'variable="title"/></else></choose></macro><macro name="date"><choose><if '
                   'variable="issued"><date variable="issued" form="text" date-parts="year-month"'
                   '/></if><else><text term="no date" form="short"/></else></choose></macro>')
        .replace("<bibliography ><layout>",
                 '<bibliography ><sort><key macro="author"/><key macro="date"/></sort><layout>'),
        [{"id": "alpha", "type": "book", "title": "Alpha", "issued": {"date-parts": [[2020, 3]]}},
         {"id": "undated", "type": "book", "title": "U", "author": [_person("Zed", "Ann")]},
         {"id": "november", "type": "book", "title": "N", "author": [_person("Zed", "Ann")],
          "issued": {"date-parts": [[2020, 11]]}},
         {"id": "march", "type": "book", "title": "M", "author": [_person("Zed", "Ann")],
          "issued": {"date-parts": [[2020, 3]]}}],
    ),
    # A key's names take the bibliography's et-al options over their cs:name's own
    # (et-al-min="19"): all three keys are "Cruz, A.", and the titles decide.
    "sort_keys_et_al_inherited": (
        _sorted_by_names('et-al-min="19"', 'et-al-min="2" et-al-use-first="1"', ""),
        [{"id": "c", "type": "book", "title": "C", "author": [_person("Cruz", "Ana"),
                                                           _person("Adams", "Bo")]},
         {"id": "b", "type": "book", "title": "B", "author": [_person("Cruz", "Ana"),
                                                           _person("Codreanu", "Rafael")]},
         {"id": "a", "type": "book", "title": "A", "author": [_person("Cruz", "Ana"),
                                                           _person("Wang", "Xiao")]}],
    ),
    # names-min="0" on a key is none: the cs:name's own et-al-min="2" cuts the keys to
    # "Cruz, A." (citeproc-js reads a 0 as unset).
    "sort_keys_names_min_zero": (
        _sorted_by_names('et-al-min="2" et-al-use-first="1"', "", 'names-min="0"'),
        [{"id": "c", "type": "book", "title": "C", "author": [_person("Cruz", "Ana"),
                                                           _person("Adams", "Bo")]},
         {"id": "a", "type": "book", "title": "A", "author": [_person("Cruz", "Ana"),
                                                           _person("Wang", "Xiao")]}],
    ),
    # With et-al-use-last, a key is the first names and the last one, without the
    # "et-al-min - 2" a printed list keeps: "Berg, J., Koyama, A." before "Berg, J., Yang, Y.".
    "sort_keys_use_last": (
        _sorted_by_names('et-al-use-last="true"', "", 'names-min="1" names-use-first="1"'),
        [{"id": "a", "type": "book", "title": "A", "author": [_person("Berg", "Jan"),
                                                           _person("Yang", "Yu")]},
         {"id": "b", "type": "book", "title": "B", "author": [
             _person("Berg", "Jan"), _person("Shirzad", "Pari"), _person("Koyama", "Aki")]}],
    ),
    # demote-non-dropping-particle="sort-only": "van der Berg" printed so, sorted as "Berg".
    "sort_keys_sort_only": (
        _sorted_by_author_macro('<name name-as-sort-order="all" initialize-with=". "/>'),
        [{"id": "a", "type": "book", "title": "T", "author": [_person("van der Berg", "Jan")]},
         {"id": "b", "type": "book", "title": "U", "author": [_person("Brontë", "Zoë")]},
         {"id": "c", "type": "book", "title": "V", "author": [
             {"family": "Cruz", "given": "Ana", "non-dropping-particle": "de la"}]}],
    ),
    # A short-form name in a key: its particle demoted ("Berg van der" sorts before
    # "Brontë"), unless demote-non-dropping-particle is "never".
    "sort_keys_short_names": (
        _sorted_by_author_macro('<name form="short" and="text"/>'),
        [{"id": "a", "type": "book", "title": "T", "author": [_person("Brontë", "Zoë")]},
         {"id": "b", "type": "book", "title": "U", "author": [_person("van der Berg", "Jan")]},
         {"id": "c", "type": "book", "title": "V", "author": [
             {"family": "Cruz", "given": "Ana", "non-dropping-particle": "de la"}]}],
    ),
    # A macro key with the bibliography's et-al options, without "et al.": a list cut
    # short sorts before a longer one with the same first name.
    "sort_keys_et_al": (
        mini_style('<text macro="author"/>', options='et-al-min="4" et-al-use-first="1"',
                   macros='<macro name="author"><names variable="author"><name '
                   'name-as-sort-order="all" initialize-with=". "/></names></macro>')
        .replace('et-al-use-first="1"><layout>',
                 'et-al-use-first="1"><sort><key macro="author"/></sort><layout>'),
        [{"id": "a", "type": "book", "title": "A", "author": [
            _person("Cruz", "Ana"), _person("Codreanu", "Rafael"), _person("Lefèvre", "F.")]},
         {"id": "b", "type": "book", "title": "B", "author": [
             _person("Cruz", "Ana"), _person("Wang", "Xiao"), _person("Nakamura", "Yu"),
             _person("Rossi", "Nino")]}],
    ),
    # A language whose collation has letters of its own: Turkish "Ç" after "C".
    "sort_keys_language": (
        mini_style('<names variable="author"><name name-as-sort-order="all"/></names>')
        .replace("<bibliography ><layout>",
                 '<bibliography ><sort><key variable="author"/></sort><layout>')
        .replace('default-locale="en-US"', 'default-locale="tr-TR"'),
        [{"id": "a", "type": "book", "title": "A", "author": [_person("Çelik", "Ahmet")]},
         {"id": "b", "type": "book", "title": "B", "author": [_person("Codreanu", "Valeriu")]},
         {"id": "c", "type": "book", "title": "C", "author": [_person("Öztürk", "Ümit")]},
         {"id": "d", "type": "book", "title": "D", "author": [_person("Ozturk", "Ali")]}],
    ),
    "sort_keys_names": (
        mini_style('<names variable="author"><name name-as-sort-order="all" initialize-with=". "/>'
                   '</names><text variable="title" prefix=" "/>',
                   options='et-al-min="3" et-al-use-first="1"')
        .replace('<bibliography et-al-min="3" et-al-use-first="1"><layout>',
                 '<bibliography et-al-min="3" et-al-use-first="1"><sort><key variable="author"/>'
                 "</sort><layout>"),
        [{"id": "ng-wu-chen", "type": "book", "title": "T1", "author": [
            _person("Ng", "Ann"), _person("Wu", "Zed"), _person("Chen", "Li")]},
         {"id": "ng-chen", "type": "book", "title": "T2", "author": [
             _person("Ng", "Ann"), _person("Chen", "Li")]},
         {"id": "ng-jr", "type": "book", "title": "T3", "author": [
             {"family": "Ng", "given": "Ann", "suffix": "Jr."}]},
         {"id": "ng-ng", "type": "book", "title": "T4", "author": [
             _person("Ng", "Ann"), _person("Ng", "Al")]},
         {"id": "ng", "type": "book", "title": "T5", "author": [_person("Ng", "Ann")]},
         {"id": "anna", "type": "book", "title": "T6", "author": [_person("Ng", "Anna")]},
         {"id": "van-ng", "type": "book", "title": "T7", "author": [
             {"family": "Ng", "given": "Ann", "non-dropping-particle": "van"}]},
         {"id": "corp", "type": "book", "title": "T8", "author": [{"literal": "Ng Ann Corp"}]}],
    ),
    # citeproc-js renders a call of a macro the style does not define as nothing.
    "undefined_macros": (
        mini_style('<group delimiter=", "><text variable="title"/><text macro="no-such-macro" '
                   'prefix="(" suffix=")"/><text variable="publisher"/></group>')
        .replace("<bibliography ><layout>",
                 '<bibliography ><sort><key macro="no-such-key"/><key variable="title"/>'
                 "</sort><layout>"),
        [{"id": "a", "type": "book", "title": "Beta", "publisher": "IEEE"},
         {"id": "b", "type": "book", "title": "Alpha", "publisher": "ACM"}],
    ),
    # Name parts with affixes (turcica), text-case on a page range (econometrica).
    # The sort key renders the names the way citeproc-py does (name-part affixes).
    "mixed_text": (
        mini_style('<group delimiter=". "><text macro="author"/><text variable="page" '
                   'text-case="capitalize-first"/><number variable="volume" '
                   'text-case="capitalize-all" prefix="vol "/></group>',
                   macros='<macro name="author"><names variable="author"><name '
                   'name-as-sort-order="first" sort-separator=" " delimiter=", "><name-part '
                   'name="given" prefix="(" suffix=")"/><name-part name="family" '
                   'text-case="uppercase" suffix="!"/></name></names></macro>')
        .replace("<bibliography ><layout>",
                 '<bibliography ><sort><key macro="author"/></sort><layout>'),
        [{"id": "a", "type": "book", "title": "T", "page": "1-9", "volume": "3",
          "author": [_person("Murai", "Shogo"), _person("Mikami", "Hiroaki")]},
         {"id": "b", "type": "book", "title": "U", "page": "10-19", "volume": "4",
          "author": [_person("Murai", "Shogo"), _person("Cai", "Maxwell")]}],
    ),
    # One type test is "any of these types", whatever match says (with other tests too).
    "condition_types": (
        mini_style('<choose><if type="book report"><text variable="title" font-style="italic"/>'
                   '</if><else-if type="chapter paper-conference" variable="container-title">'
                   '<text variable="title" quotes="true"/><text variable="container-title" '
                   'prefix=", in "/></else-if><else-if type="book article" match="none"><text '
                   'value="neither: "/><text variable="title"/></else-if><else><text '
                   'variable="title"/></else></choose>'),
        [{"id": "a", "type": "book", "title": "A Book"},
         {"id": "b", "type": "paper-conference", "title": "A Paper", "container-title": "Proc."},
         {"id": "c", "type": "report", "title": "A Report"},
         {"id": "d", "type": "thesis", "title": "A Thesis"},
         {"id": "e", "type": "article", "title": "An Article"}],
    ),
    # citation_mode acts while a cite renders (tests/test_citer.py shows it): its
    # bibliography case shows only that a bibliography is rendered as before.
    "citation_mode": (
        mini_style('<choose><if position="first"><text value="first: "/></if></choose>'
                   '<names variable="author"><name et-al-min="3" et-al-use-first="1"/></names>'
                   '<text variable="title" prefix=", "/>'),
        [{"id": "a", "type": "book", "title": "A Book", "author": [
            _person("Cai", "Maxwell X."), _person("Bédorf", "Jeroen"), _person("Qian", "Penny")]}],
    ),
    # Markup in the data: formatting in text and HTML, flipped inside the same formatting.
    "rich_text": (
        mini_style('<group delimiter=" | "><text variable="title" font-style="italic"/>'
                   '<text variable="container-title" font-weight="bold" text-case="title"/>'
                   '<text variable="publisher" text-case="uppercase"/><text '
                   'variable="note" text-case="capitalize-first" suffix="."/><names '
                   'variable="author"><name initialize-with=". "/></names></group>'),
        [{"id": "a", "type": "book",
          "title": "Cats (<i>Felis</i>), <b>bold</b> x<sup>2</sup> H<sub>2</sub>O "
                   '<span style="font-variant:small-caps;">Sc</span> <sc>sc</sc> '
                   '<span class="nodecor">plain</span> <i>open',
          "container-title": 'the <span class="nocase">iPhone</span> of <b>the thing</b> '
                             "and <i>a <i>b</i> c</i> </i> <I>x</I>",
          "publisher": 'big <span class="nocase">iPhone</span> <i>x</i> <script>',
          "note": "<i>dna end.</i>",
          "author": [{"family": "<b>Doe</b>", "given": "<b>John</b>-Quincy"}]}],
    ),
}  # fmt: skip


def _sas_style(rule: str) -> str:
    """A style with subsequent-author-substitute and *rule* (None: the default)."""
    attributes = 'subsequent-author-substitute="---"' + (
        f' subsequent-author-substitute-rule="{rule}"' if rule else ""
    )
    return mini_style(
        '<group delimiter=". "><names variable="author"><name and="text" delimiter=", " '
        'name-as-sort-order="first"/><label form="short" prefix=" "/><substitute><names '
        'variable="editor"/><text variable="title" font-style="italic"/></substitute>'
        '</names><text variable="title"/></group>',
        options=attributes,
    )


_SAS_ITEMS: list[dict[str, Any]] = [
    {"id": "a", "type": "book", "title": "One", "author": [_person("Smith", "John"),
                                                           _person("Roe", "Jane")]},
    {"id": "b", "type": "book", "title": "Two", "author": [_person("Smith", "John"),
                                                           _person("Roe", "Jane")]},
    {"id": "c", "type": "book", "title": "Three", "author": [_person("Smith", "John"),
                                                             _person("Doe", "Ann")]},
    {"id": "d", "type": "book", "title": "Four", "editor": [_person("Smith", "John")]},
    {"id": "e", "type": "book", "title": "Five", "editor": [_person("Smith", "John")]},
    {"id": "f", "type": "book", "title": "Six"},
    {"id": "g", "type": "book", "title": "Six"},
]  # fmt: skip

# fmt: off
# by-cite given names for a cite whose cs:name has no initialize-with: the initial
# it asks for is the whole given name, in the entries too ("Berg, Jan" beside "Berg, P.").
FIX_CASES["given_names_whole"] = (
    mini_style('<group delimiter=". "><names variable="author"><name initialize-with=". " '
               'name-as-sort-order="all"/></names><text variable="title"/></group>')
    .replace("<citation>", '<citation disambiguate-add-givenname="true" '
             'disambiguate-add-names="true" et-al-min="3" et-al-use-first="1">')
    .replace('<layout><text variable="title"/></layout></citation>',
             '<layout><group delimiter=" "><names variable="author"><name/></names>'
             '<date variable="issued"><date-part name="year"/></date></group></layout>'
             '</citation>'),
    [{"id": "jan", "type": "book", "title": "One", "issued": {"date-parts": [[2020]]},
      "author": [_person("Berg", "Jan"), _person("Oz", "Ed"), _person("Li", "Bo")]},
     {"id": "pieter", "type": "book", "title": "Two", "issued": {"date-parts": [[2020]]},
      "author": [_person("Berg", "Pieter"), _person("Wu", "Lu"), _person("Ng", "Al")]},
     {"id": "kim", "type": "book", "title": "Three", "issued": {"date-parts": [[2021]]},
      "author": [_person("Kim", "Jae")]}],
)
# The same with a short-form cite: the whole given name it asked for (Berg), and the
# entry's own initials elsewhere.
FIX_CASES["given_names_whole_short"] = (
    FIX_CASES["given_names_whole"][0].replace(
        '<names variable="author"><name/></names>',
        '<names variable="author"><name form="short"/></names>',
    ),
    FIX_CASES["given_names_whole"][1],
)
# The levels kept with every name leave a name written by its script (王小明) and a
# name whose quotes are read (D’Aubigné) as they are, and a citation without names
# keeps none (Oz, E.: the entry's own initials).
FIX_CASES["given_names_scripts"] = (
    FIX_CASES["given_names_whole"][0].replace(
        '<names variable="author"><name/></names>',
        '<names variable="author"><name initialize-with=". "/></names>',
    ),
    [{"id": "wang", "type": "book", "title": "One", "issued": {"date-parts": [[2020]]},
      "author": [{"family": "王", "given": "小明"}, _person("D'Aubigné", "Renée")]}],
)
FIX_CASES["given_names_no_names"] = (
    FIX_CASES["given_names_whole"][0].replace(
        '<group delimiter=" "><names variable="author"><name/></names>',
        '<group delimiter=" "><text variable="title"/>',
    ),
    FIX_CASES["given_names_whole"][1],
)
# The names disambiguate-add-names adds to the two cites stay out of the entries
# without disambiguate-add-givenname.
FIX_CASES["added_names_need_givenname"] = (
    FIX_CASES["name_scripts_added_names"][0].replace(' disambiguate-add-givenname="true"', ""),
    FIX_CASES["name_scripts_added_names"][1],
)
# delimiter-precedes-et-al="after-inverted-name" with the two names disambiguation
# shows: the name before "et al." is the second, not inverted, so no delimiter.
FIX_CASES["name_options_added_names_et_al"] = (
    FIX_CASES["name_scripts_added_names"][0].replace(
        'name-as-sort-order="first" et-al-min="3"',
        'name-as-sort-order="first" delimiter-precedes-et-al="after-inverted-name" et-al-min="3"',
    ),
    FIX_CASES["name_scripts_added_names"][1],
)
FIX_CASES.update(
    {
        "subsequent_author_substitute": (_sas_style(""), _SAS_ITEMS),
        "subsequent_author_substitute_complete_each": (_sas_style("complete-each"), _SAS_ITEMS),
        "subsequent_author_substitute_partial_each": (_sas_style("partial-each"), _SAS_ITEMS),
        "subsequent_author_substitute_partial_first": (_sas_style("partial-first"), _SAS_ITEMS),
        # Particles read from the names; sorted by the family name after them.
        "name_particles": (
            mini_style(
                '<group delimiter=" | "><names variable="author"><name '
                'name-as-sort-order="all"/></names><names variable="author"><name/></names>'
                "</group>"
            ).replace(
                "<bibliography ><layout>",
                '<bibliography ><sort><key variable="author"/></sort><layout>',
            ),
            [
                {"id": "a", "type": "book", "author": [_person("al-One", "Alan")]},
                {"id": "b", "type": "book", "author": [_person("von Hoppel", "Gustav")]},
                {"id": "c", "type": "book", "author": [_person('"van Happel"', "Eduard")]},
                {"id": "d", "type": "book", "author": [_person("Marple", "Mary")]},
                {"id": "e", "type": "book", "author": [_person("Berg", "Jan van der")]},
                {"id": "f", "type": "book", "author": [_person("Doe", "John, Jr.")]},
                {"id": "g", "type": "book", "author": [_person("d'Artagnan", "Charles")]},
            ],
        ),
        "name_options": (
            mini_style(
                '<group delimiter=" | "><names variable="author"><name et-al-min="2" '
                'et-al-use-first="0"/></names><names variable="author"><name et-al-min="2"/>'
                '</names><names variable="author"><name name-as-sort-order="first" and="symbol" '
                'initialize-with=". " delimiter=", " delimiter-precedes-last='
                '"after-inverted-name"/></names><names variable="editor"><name '
                'name-as-sort-order="all" and="symbol" initialize-with=". " delimiter=", " '
                'delimiter-precedes-last="after-inverted-name"/></names></group>'
            ),
            [
                {"id": "a", "type": "book", "author": [_person("Doe", "John"),
                                                       _person("Roe", "Jane")],
                 "editor": [{"literal": "Some Commission"}, {"literal": "Other Commission"}]},
                {"id": "b", "type": "book", "author": [_person("Doe", "John"),
                                                       _person("Roe", "Jane"),
                                                       _person("Snoakes", "Richard")],
                 "editor": [_person("Weinstock", "R."), _person("Leong", "G. B.")]},
            ],
        ),
        "date_ranges": (
            mini_style(
                '<group delimiter=" | "><date variable="issued" form="text"/><date '
                'variable="issued" delimiter=" "><date-part name="day" range-delimiter="/"/>'
                '<date-part name="month" range-delimiter=" to "/><date-part name="year" '
                'range-delimiter=" until "/></date></group>'
            ).replace(
                "</info>",
                '</info><locale><date form="text" delimiter=" "><date-part name="day" '
                'range-delimiter="_d_"/><date-part name="month" range-delimiter="_m_"/>'
                '<date-part name="year" range-delimiter="_y_"/></date></locale>',
            ),
            [
                {"id": "a", "type": "book", "issued": {"date-parts": [[1999, 1, 2], [1999, 1, 4]]}},
                {"id": "b", "type": "book", "issued": {"date-parts": [[1999, 1, 2], [1999, 3, 4]]}},
                {"id": "c", "type": "book", "issued": {"date-parts": [[1999, 1, 2], [2000, 1, 4]]}},
                {"id": "d", "type": "book", "issued": {"date-parts": [[1999, 1], [1999, 3]]}},
                {"id": "e", "type": "book", "issued": {"date-parts": [[1999], [2000]]}},
            ],
        ),
        # A name list's label is left out of a sort key (sort_keys).
        "sort_keys_labels": (
            mini_style(
                '<text macro="author" suffix=". "/><text variable="title"/>',
                macros='<macro name="author"><names variable="author"><name '
                'name-as-sort-order="all"/><label form="short" prefix=" "/><substitute><names '
                'variable="editor"/></substitute></names></macro>',
            ).replace(
                "<bibliography ><layout>",
                '<bibliography ><sort><key macro="author"/></sort><layout>',
            ),
            [
                {"id": "ed", "type": "book", "title": "A", "editor": [_person("Doe", "John")]},
                {"id": "eamon", "type": "book", "title": "B", "author": [_person("Doe", "John Eamon")]},
                {"id": "au", "type": "book", "title": "C", "author": [_person("Doe", "John")]},
            ],
        ),
    }
)
# fmt: on


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
