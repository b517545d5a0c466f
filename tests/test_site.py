"""The static "cite this" site (``dp.write_site``, ``dls-proceedings site``).

Three sites are built once per module: the bundled volume (with a base URL), the
volume read from the source document's table of contents through the command
line (``--volume toc.txt``: no DOIs), and a volume of hostile titles, names and
keys with hardly any facts (no date, place, publisher, ISBN). Each is checked
by real tools: headless Chromium (Debian's ``chromium``) renders every page,
and the tests assert on the DOM it built, its console and its network requests;
axe-core runs in the page at desktop and phone widths; the Nu Html Checker
(``vnu.jar``) validates every page; extruct reads the JSON-LD. The Highwire
tags and COinS are compared with the paper's data field by field.

A screenshot of the index and of one paper page at 1280 and 390 CSS pixels is
written for a person to look at (the path is printed; set SITE_SCREENSHOTS to
choose the folder).
"""

from __future__ import annotations

import itertools
import json
import os
import re
import shutil
import struct
import subprocess
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, unquote, urlsplit

import pytest

import dls_proceedings as dp
from dls_proceedings.cli import main
from dls_proceedings.site import DEFAULT_STYLES, MANIFEST, build_site, slug

from .conftest import ROOT, SOURCE, require
from .site_browser import Browser, Page, chromium

BASE = "https://example.org/dls2020/"
SITE_CHECK = ROOT / "tools" / "site-check" / "node_modules"
VNU = SITE_CHECK / "vnu-jar" / "build" / "dist" / "vnu.jar"
AXE = SITE_CHECK / "axe-core" / "axe.min.js"
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
WIDTHS = {"desktop": 1280, "phone": 390}


# ----------------------------------------------------------------------------- the volumes


def hostile_volume() -> dp.Workshop:
    """Titles, names, keys and affiliations that break careless HTML, JSON and templates,
    in a volume that holds no date, place, publisher, ISBN or catalog number."""
    lab = dp.Affiliation(
        name='<iframe src="https://example.com/"></iframe> Lab & "Co"', country="Japan"
    )
    scripted = dp.Author(
        given="<script>alert('given')</script>",
        family='O\'Neil & "Sons" </bdi>',
        affiliations=[lab],
    )
    braces = dp.Author(family="{{ 7*7 }}")
    bidi = dp.Author(given="\u202eRTL", family="Mark\u200f]]>")
    first = [
        dp.Paper(
            key="DBLP:conf/x/<y>&z?",
            title='</title><script>alert("title")</script>',
            authors=[scripted, braces],
            pages=dp.PageRange(first=1, last=4),
            doi='10.1234/<x>&"y"#z',
        ),
        dp.Paper(
            key="con",
            title="Quotes \" and ' and & and <b>bold</b> <img src=x onerror=alert(1)>",
            authors=[bidi],
            et_al=True,
        ),
    ]
    second = [
        dp.Paper(
            key=".hidden",
            title="]]> <![CDATA[ x ]]> <!-- c --> {% if x %}{{ y }}{% endif %} \u202eevil\u202c",
            pages=dp.PageRange(first=7, last=7),
        ),
        dp.Paper(
            key="</script>",
            title="</script><script>alert(1)</script> and </style>",
            authors=[scripted],
        ),
    ]
    return dp.Workshop(
        key="evil:2021",
        title="Proc. of <script>alert('volume')</script> & \"Friends\" </title>",
        year=2021,
        sessions=[
            dp.Session(title="<h1>Session</h1> & {{ s }}", papers=first),
            dp.Session(papers=second),
        ],
    )


@dataclass
class Site:
    name: str
    root: Path
    volume: dp.Workshop
    base: str | None

    def pages(self) -> list[str]:
        """The HTML pages, index first."""
        papers = sorted(
            p.relative_to(self.root).as_posix() for p in self.root.glob("papers/*.html")
        )
        return ["index.html", "authors.html", *papers]

    def page_of(self, paper: dp.Paper) -> str:
        return f"papers/{slug(paper.key)}.html"

    def url(self, relative: str) -> str:
        return (self.root / relative).as_uri()


@pytest.fixture(scope="module")
def sites(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Site]:
    made: dict[str, Site] = {}
    root = tmp_path_factory.mktemp("sites")
    dp.write_site(dp.load(), root / "bundled", base_url=BASE)
    made["bundled"] = Site("bundled", root / "bundled", dp.load(), BASE)
    # A table of contents as a user has it: the source document, through the command line.
    toc = root / "toc.txt"
    shutil.copyfile(SOURCE, toc)
    assert main(["site", "-o", str(root / "toc"), "--volume", str(toc)]) == 0
    made["toc"] = Site("toc", root / "toc", dp.read_volume(toc), None)
    dp.write_site(hostile_volume(), root / "hostile")
    made["hostile"] = Site("hostile", root / "hostile", hostile_volume(), None)
    return made


SITES = ["bundled", "toc", "hostile"]


# ----------------------------------------------------------------------------- file names


def unslug(made: str) -> str:
    """The key a slug was made from: each ~XX is one UTF-8 byte (the inverse, written here)."""
    data = bytearray()
    n = 0
    while n < len(made):
        if made[n] == "~":
            data.append(int(made[n + 1 : n + 3], 16))
            n += 3
        else:
            data.extend(made[n].encode("ascii"))
            n += 1
    return data.decode("utf-8")


@pytest.mark.parametrize(
    ("key", "expected"),
    [
        ("cai2020deepgalaxy", "cai2020deepgalaxy"),
        ("DBLP:conf/sc/CaiBSCPCQ20", "DBLP~3aconf~2fsc~2fCaiBSCPCQ20"),
        ("a/../b", "a~2f..~2fb"),
        ("Bédorf2020", "B~c3~a9dorf2020"),
        ("key<script>", "key~3cscript~3e"),
        ("x?y&z", "x~3fy~26z"),
        (".hidden", "~2ehidden"),
        ("..", "~2e."),
        ("con", "~63on"),
        ("LPT1.x", "~4cPT1.x"),
        ("😀", "~f0~9f~98~80"),
    ],
    ids=[
        "plain",
        "dblp",
        "dots",
        "accent",
        "angle",
        "query",
        "hidden",
        "dotdot",
        "device",
        "device-ext",
        "emoji",
    ],
)
def test_slug(key: str, expected: str) -> None:
    made = slug(key)
    assert made == expected
    assert unslug(made) == key
    assert re.fullmatch(r"[A-Za-z0-9_.~-]+", made)
    assert not made.startswith(".")


def test_slugs_stay_apart_on_case_insensitive_file_systems() -> None:
    # Keys that differ in more than letter case (as a volume's must) never share a slug,
    # however their characters are written.
    keys = ["a:b", "a~3ab", "a_3ab", "A:c", "é", "É", "e\u0301", "x/y", "x~2fy", "x.y", "xy"]
    keys = [k for k in keys if "~" not in k]  # a key cannot contain "~"
    made = [slug(k).casefold() for k in keys]
    assert len(set(made)) == len(keys)


def test_a_long_key_is_cut_with_its_hash() -> None:
    key = "DBLP:" + "x/" * 100
    made = slug(key)
    assert len(made) <= 120
    assert re.fullmatch(r"[A-Za-z0-9_.~-]+-[0-9a-f]{16}", made)
    assert made != slug(key + "y")


# ----------------------------------------------------------------------------- the files


def test_every_paper_has_a_page_and_every_file_is_listed(sites: dict[str, Site]) -> None:
    for site in sites.values():
        listed = json.loads((site.root / MANIFEST).read_text(encoding="utf-8"))["files"]
        on_disk = sorted(
            p.relative_to(site.root).as_posix() for p in site.root.rglob("*") if p.is_file()
        )
        assert sorted([*listed, MANIFEST]) == on_disk
        assert sorted(p for p in listed if p.startswith("papers/")) == sorted(
            site.page_of(p) for p in site.volume.papers
        )
        assert ("sitemap.xml" in listed) == (site.base is not None)


def test_rebuilding_gives_the_same_bytes(tmp_path: Path) -> None:
    volume = dp.load()
    first = build_site(volume, styles=["ieee", "apa"], base_url=BASE)
    assert build_site(dp.load(), styles=["ieee", "apa"], base_url=BASE) == first
    dp.write_site(volume, tmp_path / "a", styles=["ieee", "apa"], base_url=BASE)
    dp.write_site(volume, tmp_path / "a", styles=["ieee", "apa"], base_url=BASE, force=True)
    dp.write_site(volume, tmp_path / "b", styles=["ieee", "apa"], base_url=BASE)

    def tree(root: Path) -> dict[str, bytes]:
        return {
            p.relative_to(root).as_posix(): p.read_bytes() for p in root.rglob("*") if p.is_file()
        }

    assert tree(tmp_path / "a") == tree(tmp_path / "b")
    assert {k: v for k, v in tree(tmp_path / "a").items() if k != MANIFEST} == first
    for name, data in first.items():
        text = data.decode("utf-8")
        assert "\r" not in text, name
        assert text.endswith("\n"), name


@pytest.mark.parametrize(
    ("path", "export"),
    [
        ("downloads/bibtex/dls2020.bib", lambda v: dp.to_bibtex(v)),
        ("downloads/bibtex-crossref/dls2020.bib", lambda v: dp.to_bibtex(v, flavour="crossref")),
        ("downloads/bibtex-condensed/dls2020.bib", lambda v: dp.to_bibtex(v, flavour="condensed")),
        ("downloads/biblatex/dls2020.bib", lambda v: dp.to_biblatex(v)),
        ("downloads/csl-json/dls2020.json", lambda v: dp.dump_csl_json(v)),
        ("downloads/ris/dls2020.ris", lambda v: dp.to_ris(v)),
        (
            "downloads/bibtex/cai2020deepgalaxy.bib",
            lambda v: dp.to_bibtex(v.paper("cai2020deepgalaxy")),
        ),
        (
            "downloads/biblatex/cai2020deepgalaxy.bib",
            lambda v: dp.to_biblatex(v.paper("cai2020deepgalaxy")),
        ),
        (
            "downloads/csl-json/cai2020deepgalaxy.json",
            lambda v: dp.dump_csl_json(v.paper("cai2020deepgalaxy")),
        ),
        ("downloads/ris/cai2020deepgalaxy.ris", lambda v: dp.to_ris(v.paper("cai2020deepgalaxy"))),
    ],
    ids=[
        "bibtex",
        "crossref",
        "condensed",
        "biblatex",
        "csl-json",
        "ris",
        "paper-bibtex",
        "paper-biblatex",
        "paper-csl-json",
        "paper-ris",
    ],
)
def test_downloads_are_the_exports(sites: dict[str, Site], path: str, export: Any) -> None:
    site = sites["bundled"]
    assert (site.root / path).read_text(encoding="utf-8") == export(site.volume)


def test_missing_facts_are_left_out(sites: dict[str, Site]) -> None:
    for site in sites.values():
        for page in site.pages():
            text = (site.root / page).read_text(encoding="utf-8")
            assert "None" not in text, (site.name, page)
    hostile = (sites["hostile"].root / "index.html").read_text(encoding="utf-8")
    for label in ("<dt>Place</dt>", "<dt>Publisher</dt>", "<dt>ISBN", "<dt>IEEE", "<dt>Event"):
        assert label not in hostile
    assert "<dt>Date</dt><dd>2021</dd>" in hostile  # the year, all the volume knows
    for paper in sites["hostile"].volume.papers:
        page = (sites["hostile"].root / sites["hostile"].page_of(paper)).read_text(encoding="utf-8")
        assert "citation_isbn" not in page
        assert "citation_publisher" not in page
        assert ("<dt>Pages</dt>" in page) == (paper.pages is not None)
    toc = sites["toc"]
    for paper in toc.volume.papers:
        page = (toc.root / toc.page_of(paper)).read_text(encoding="utf-8")
        assert paper.doi is None
        for absent in ("<dt>DOI</dt>", "citation_doi", "rft_id"):
            assert absent not in page


def test_sitemap_lists_every_page_at_the_base_url(sites: dict[str, Site]) -> None:
    from lxml import etree

    site = sites["bundled"]
    tree = etree.fromstring((site.root / "sitemap.xml").read_bytes())
    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    assert tree.xpath("//s:loc/text()", namespaces=ns) == [BASE + p for p in site.pages()[:2]] + [
        BASE + site.page_of(p) for p in site.volume.papers
    ]


# ----------------------------------------------------------------------------- writing


def _tree(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in root.rglob("*") if p.is_file()}


def test_an_existing_directory_is_refused_without_force(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "mine.txt").write_text("keep", encoding="utf-8")
    with pytest.raises(dp.ArgumentError, match=r"exists; pass force=True \(--force"):
        dp.write_site(dp.load(), tmp_path, styles=["ieee"])
    assert main(["site", "-o", str(tmp_path), "--styles", "ieee"]) == 2
    err = capsys.readouterr().err
    assert f"the directory {str(tmp_path)!r} exists; pass --force" in err
    assert _tree(tmp_path) == {"mine.txt": b"keep"}


def test_force_replaces_and_removes_only_its_own_files(tmp_path: Path) -> None:
    site = tmp_path / "site"
    volume = dp.load()
    dp.write_site(volume, site, styles=["ieee"])
    (site / "notes.txt").write_text("mine", encoding="utf-8")
    (site / "papers" / "mine.html").write_text("mine", encoding="utf-8")
    (site / "index.html").write_text("edited by hand", encoding="utf-8")
    # The next volume lacks the second session: its papers' pages and files go.
    smaller = volume.model_copy(update={"sessions": volume.sessions[:1]})
    smaller = dp.Workshop.model_validate(smaller.model_dump())
    written = dp.write_site(smaller, site, styles=["ieee"], force=True)
    tree = _tree(site)
    assert tree["notes.txt"] == b"mine"
    assert tree["papers/mine.html"] == b"mine"
    assert sorted(set(tree) - {"notes.txt", "papers/mine.html", MANIFEST}) == written
    assert tree["index.html"] == build_site(smaller, styles=["ieee"])["index.html"]
    assert not (site / "papers" / "cai2020deepgalaxy.html").exists()
    assert json.loads(tree[MANIFEST])["files"] == written


def test_force_never_overwrites_a_file_it_did_not_write(tmp_path: Path) -> None:
    (tmp_path / "authors.html").write_text("my own page", encoding="utf-8")
    (tmp_path / "papers").mkdir()
    (tmp_path / "papers" / "wang2020time.html").write_text("mine", encoding="utf-8")
    with pytest.raises(dp.ArgumentError, match=r"'authors.html', 'papers/wang2020time.html'; move"):
        dp.write_site(dp.load(), tmp_path, styles=["ieee"], force=True)
    assert _tree(tmp_path) == {"authors.html": b"my own page", "papers/wang2020time.html": b"mine"}


@pytest.mark.parametrize(
    "listed",
    [["../outside.txt"], ["/etc/passwd"], ["papers/../../outside.txt"], "not a list", [3]],
    ids=["parent", "absolute", "through-parent", "not-a-list", "not-a-path"],
)
def test_a_manifest_pointing_outside_is_refused(tmp_path: Path, listed: object) -> None:
    site = tmp_path / "site"
    dp.write_site(dp.load(), site, styles=["ieee"])
    outside = tmp_path / "outside.txt"
    outside.write_text("not yours", encoding="utf-8")
    data = {"generator": "dls-proceedings site", "files": listed}
    (site / MANIFEST).write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(dp.ArgumentError, match="is not a manifest of dls-proceedings site"):
        dp.write_site(dp.load(), site, styles=["ieee"], force=True)
    assert outside.read_text(encoding="utf-8") == "not yours"


def test_a_linked_directory_is_not_written_through(tmp_path: Path) -> None:
    site, elsewhere = tmp_path / "site", tmp_path / "elsewhere"
    dp.write_site(dp.load(), site, styles=["ieee"])
    elsewhere.mkdir()
    shutil.rmtree(site / "papers")
    (site / "papers").symlink_to(elsewhere)
    with pytest.raises(dp.ArgumentError, match="papers/"):
        dp.write_site(dp.load(), site, styles=["ieee"], force=True)
    assert list(elsewhere.iterdir()) == []


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--styles", "ieeee"], "unknown style 'ieeee'; did you mean: ieee?"),
        (["--styles", "ieee,,apa"], "--styles: expected style names separated by commas"),
        (["--base-url", "ftp://example.org/"], "invalid base URL 'ftp://example.org/'"),
        (["--base-url", "https://example.org/?q=1"], "invalid base URL"),
    ],
    ids=["unknown-style", "empty-style", "not-http", "query"],
)
def test_bad_arguments_are_usage_errors(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], args: list[str], message: str
) -> None:
    assert main(["site", "-o", str(tmp_path / "site"), *args]) == 2
    assert message in capsys.readouterr().err
    assert not (tmp_path / "site").exists()


def test_unknown_style_is_the_librarys_error() -> None:
    with pytest.raises(dp.UnknownStyleError) as caught:
        build_site(dp.load(), styles=["ieee", "ieeee"])
    with pytest.raises(dp.UnknownStyleError) as direct:
        dp.cite(dp.load().papers[0], "ieeee")
    assert str(caught.value) == str(direct.value)


def test_volume_option_before_the_command_too(tmp_path: Path) -> None:
    toc = tmp_path / "toc.txt"
    shutil.copyfile(SOURCE, toc)
    assert main(["--volume", str(toc), "site", "-o", str(tmp_path / "a"), "--styles", "apa"]) == 0
    assert main(["site", "--volume", str(toc), "-o", str(tmp_path / "b"), "--styles", "apa"]) == 0
    assert _tree(tmp_path / "a") == _tree(tmp_path / "b")
    assert build_site(dp.read_volume(toc), styles=["apa"]) == {
        k: v for k, v in _tree(tmp_path / "a").items() if k != MANIFEST
    }


# ----------------------------------------------------------------------------- hostile text


def _parse(path: Path) -> Any:
    import lxml.html

    return lxml.html.fromstring(path.read_bytes(), parser=lxml.html.HTMLParser(encoding="utf-8"))


# Elements a page of ours has; any other would have come from the data.
_OUR_TAGS = {
    "html", "head", "meta", "title", "link", "script", "body", "a", "header", "nav", "ul", "ol",
    "li", "main", "article", "h1", "h2", "h3", "dl", "div", "dt", "dd", "span", "code", "bdi",
    "section", "p", "button", "footer",
}  # fmt: skip
# Inside a rendered citation: the renderer's layout and the rich text CSL allows in data.
_CITATION_TAGS = {"div", "span", "i", "b", "em", "strong", "sup", "sub"}


def test_hostile_values_render_as_text(sites: dict[str, Site]) -> None:
    site = sites["hostile"]
    volume = site.volume
    for page in site.pages():
        doc = _parse(site.root / page)
        entries = doc.xpath("//div[contains(@class, 'entry')]//*")
        others = [e for e in doc.iter() if isinstance(e.tag, str) and e not in entries]
        assert {e.tag for e in others} <= _OUR_TAGS, page
        assert {e.tag for e in entries} <= _CITATION_TAGS, page
        # Our scripts only: the JSON-LD (not on the author index) and site.js.
        scripts = [(s.get("type"), s.get("src")) for s in doc.xpath("//script")]
        prefix = "../" if page.startswith("papers/") else ""
        json_ld = [] if page == "authors.html" else [("application/ld+json", None)]
        assert scripts == [*json_ld, (None, f"{prefix}site.js")], page
        for block in doc.xpath("//script[@type='application/ld+json']"):
            json.loads(block.text)
        assert not doc.xpath("//*[@onerror or @onload or @onclick or @src][not(self::script)]")
    doc = _parse(site.root / "index.html")
    assert doc.xpath("string(//h1)") == volume.title
    assert doc.xpath("string(//title)") == volume.title
    assert [t.text_content() for t in doc.xpath("//a[@class='title']")] == [
        p.title for p in volume.papers
    ]
    assert [t.text_content() for t in doc.xpath("//main//h3")] == [volume.sessions[0].title]
    for paper in volume.papers:
        doc = _parse(site.root / site.page_of(paper))
        assert doc.xpath("string(//h1)") == paper.title
        assert doc.xpath("string(//title)") == f"{paper.title} · {volume.title}"
        assert [a.text_content() for a in doc.xpath("//ul[@class='authors']/li/a")] == [
            a.name for a in paper.authors
        ]
        data = json.loads(doc.xpath("//script[@type='application/ld+json']")[0].text)
        assert data["name"] == paper.title
        assert data["isPartOf"]["name"] == volume.title


# ----------------------------------------------------------------------------- metadata


def expected_highwire(paper: dp.Paper, volume: dp.Workshop) -> list[tuple[str, str]]:
    """Google Scholar's inclusion guidelines, applied to the paper's data."""
    tags = [("citation_title", paper.title)]
    for author in paper.authors:
        name = author.family if author.given is None else f"{author.family}, {author.given}"
        tags.append(("citation_author", name))
        for aff in author.affiliations:
            where = aff.name if aff.country is None else f"{aff.name}, {aff.country}"
            tags.append(("citation_author_institution", where))
    if volume.year:
        tags.append(("citation_publication_date", str(volume.year)))
    tags.append(("citation_conference_title", volume.title))
    if paper.pages:
        tags += [
            ("citation_firstpage", str(paper.pages.first)),
            ("citation_lastpage", str(paper.pages.last)),
        ]
    if paper.doi:
        tags.append(("citation_doi", paper.doi))
    tags += [("citation_isbn", i) for i in (volume.isbn_online, volume.isbn_print) if i]
    if volume.publisher:
        tags.append(("citation_publisher", volume.publisher))
    return tags


@pytest.mark.parametrize("name", SITES)
def test_highwire_json_ld_and_coins_are_the_papers_data(sites: dict[str, Site], name: str) -> None:
    import extruct

    site = sites[name]
    volume = site.volume
    for paper in volume.papers:
        path = site.root / site.page_of(paper)
        html = path.read_text(encoding="utf-8")
        url = (site.base or "https://localhost/") + site.page_of(paper)
        extracted = extruct.extract(html, base_url=url, syntaxes=["json-ld"], uniform=False)
        (data,) = extracted["json-ld"]

        # Highwire: the <meta name="citation_*"> tags, in document order.
        doc = _parse(path)
        tags = [
            (m.get("name"), m.get("content"))
            for m in doc.xpath("//head/meta[starts-with(@name, 'citation_')]")
        ]
        assert tags == expected_highwire(paper, volume)

        # schema.org: the paper, its authors and affiliations, the volume and its event.
        assert data["@context"] == "https://schema.org"
        assert data["@type"] == ["ScholarlyArticle", "Chapter"]
        assert data["name"] == paper.title
        assert [
            (p["name"], p.get("givenName"), p["familyName"]) for p in data.get("author", [])
        ] == [(a.name, a.given, a.family) for a in paper.authors]
        assert [
            [
                (o["name"], o.get("address", {}).get("addressCountry"))
                for o in p.get("affiliation", [])
            ]
            for p in data.get("author", [])
        ] == [[(f.name, f.country_code) for f in a.affiliations] for a in paper.authors]
        if paper.pages:
            assert (data["pageStart"], data["pageEnd"]) == (
                str(paper.pages.first),
                str(paper.pages.last),
            )
        else:
            assert "pageStart" not in data
        ids = {i["propertyID"]: i["value"] for i in data["identifier"]}
        assert ids.get("DOI") == paper.doi
        assert ids["citation key"] == paper.key
        if site.base:
            assert data["@id"] == data["url"] == url
        book = data["isPartOf"]
        assert book["@type"] == "Book"
        assert book["name"] == volume.title
        isbns = book.get("isbn", [])
        assert set([isbns] if isinstance(isbns, str) else isbns) == {
            i for i in (volume.isbn_print, volume.isbn_online) if i
        }
        assert book.get("publisher", {}).get("name") == volume.publisher
        event = book["recordedAt"]
        assert event["@type"] == "Event"
        if volume.date:
            assert event["startDate"] == volume.date.isoformat()
        if volume.location:
            assert event["location"]["address"]["addressLocality"] == volume.location.city
            assert event["location"]["address"]["addressCountry"] == volume.location.country_code
        else:
            assert "location" not in event

        # COinS: the span's ContextObject, as Zotero reads it.
        (span,) = doc.xpath("//span[@class='Z3988']")
        pairs = parse_qsl(span.get("title"), keep_blank_values=True, strict_parsing=True)
        co: dict[str, list[str]] = {}
        for key, value in pairs:
            co.setdefault(key, []).append(value)
        assert co["rft_val_fmt"] == ["info:ofi/fmt:kev:mtx:book"]
        assert co["rft.genre"] == ["proceeding"]
        assert co["rft.atitle"] == [paper.title]
        assert co["rft.btitle"] == [volume.title]
        assert co.get("rft.au", []) == [a.inverted_name for a in paper.authors]
        assert co.get("rft_id") == ([f"info:doi/{paper.doi}"] if paper.doi else None)
        assert co.get("rft.spage") == ([str(paper.pages.first)] if paper.pages else None)
        assert co.get("rft.epage") == ([str(paper.pages.last)] if paper.pages else None)
        assert co.get("rft.pub") == ([volume.publisher] if volume.publisher else None)
        # Zotero reads "+" as a space: values must not use it for one.
        assert "+" not in span.get("title")


def test_index_links_the_downloads_and_canonical(sites: dict[str, Site]) -> None:
    site = sites["bundled"]
    doc = _parse(site.root / "index.html")
    assert doc.xpath("string(//link[@rel='canonical']/@href)") == BASE + "index.html"
    alternates = doc.xpath("//link[@rel='alternate']/@href")
    assert len(alternates) == 6
    assert all((site.root / href).is_file() for href in alternates)
    paper = site.volume.paper("jansen2020ddl")
    doc = _parse(site.root / site.page_of(paper))
    assert doc.xpath("string(//link[@rel='canonical']/@href)") == BASE + site.page_of(paper)
    assert doc.xpath("//link[@rel='alternate']/@type") == [
        "application/x-bibtex",
        "application/x-bibtex",
        "application/vnd.citationstyles.csl+json",
        "application/x-research-info-systems",
    ]
    doi = doc.xpath("//dt[.='DOI']/following-sibling::dd/a")[0]
    assert doi.get("href") == f"https://doi.org/{paper.doi}"


# ----------------------------------------------------------------------------- in a browser


@dataclass
class Rendered:
    """What Chromium made of one page: events, DOM facts, axe's findings per width."""

    events: list[dict[str, Any]]
    dom: dict[str, Any]
    axe: dict[str, list[Any]] = field(default_factory=dict)
    scroll_width: dict[str, int] = field(default_factory=dict)


_DOM = """(() => ({
  links: [...document.querySelectorAll('a[href]')].map(a => a.href),
  ids: [...document.querySelectorAll('[id]')].map(e => e.id),
  people: [...document.querySelectorAll('ul.people > li[id]')].map(e => e.id),
  entries: Object.fromEntries([...document.querySelectorAll('div.entry[id]')].map(e => [e.id, e.innerHTML])),
  buttons: [...document.querySelectorAll('button[data-copy]')].map(b => !b.hidden),
  headings: [...document.querySelectorAll('h1, h2, h3, h4, h5, h6')].map(h => +h.tagName[1]),
  lang: document.documentElement.lang,
  title: document.title,
  h1: document.querySelector('h1').textContent,
}))()"""

_AXE_RUN = (
    "axe.run(document, {runOnly: {type: 'tag', values: %s}}).then(r => r.violations.map("
    "v => ({id: v.id, help: v.help, nodes: v.nodes.map(n => n.target.join(' '))})))"
)


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    executable = chromium()
    require(executable is not None, "chromium is not installed (apt-get install chromium)")
    assert executable is not None
    with Browser(executable) as started:
        yield started


@pytest.fixture(scope="module")
def rendered(sites: dict[str, Site], browser: Browser) -> dict[tuple[str, str], Rendered]:
    """Every page of every site, loaded once per width; axe run on each (one Chromium)."""
    require(AXE.is_file(), "axe-core is not installed (npm ci --prefix tools/site-check)")
    axe = AXE.read_text(encoding="utf-8")
    page = browser.new_page()
    results: dict[tuple[str, str], Rendered] = {}
    try:
        for site in sites.values():
            for relative in site.pages():
                for width_name, width in WIDTHS.items():
                    page.viewport(width, mobile=width < 600)
                    events = page.open(site.url(relative))
                    if width_name == "desktop":
                        results[site.name, relative] = Rendered(events, page.evaluate(_DOM))
                    else:
                        results[site.name, relative].events += events
                    page.evaluate(axe)
                    found = page.evaluate(_AXE_RUN % json.dumps(AXE_TAGS), await_promise=True)
                    results[site.name, relative].axe[width_name] = found
                    results[site.name, relative].scroll_width[width_name] = page.evaluate(
                        "document.documentElement.scrollWidth"
                    )
    finally:
        page.close()
    return results


def _local(url: str, site: Site) -> Path:
    parts = urlsplit(url)
    assert parts.scheme == "file", url
    return Path(unquote(parts.path))


@pytest.mark.parametrize("name", SITES)
def test_pages_make_no_console_message_and_no_request_outside_the_site(
    sites: dict[str, Site], rendered: dict[tuple[str, str], Rendered], name: str
) -> None:
    site = sites[name]
    for relative in site.pages():
        events = rendered[name, relative].events
        noise = [
            e
            for e in events
            if e["method"] in ("Runtime.consoleAPICalled", "Runtime.exceptionThrown")
            or (
                e["method"] == "Log.entryAdded"
                and e["params"]["entry"]["level"] in ("error", "warning")
            )
        ]
        assert noise == [], relative
        requests = [
            e["params"]["request"]["url"]
            for e in events
            if e["method"] == "Network.requestWillBeSent"
        ]
        assert requests, relative
        root = site.root.resolve().as_uri() + "/"
        assert [u for u in requests if not u.startswith(root)] == [], relative
        assert sorted({u[len(root) :] for u in requests}) == sorted(
            {relative, "site.css", "site.js"}
        ), relative


@pytest.mark.parametrize("name", SITES)
def test_every_link_resolves_and_every_paper_and_author_is_reachable(
    sites: dict[str, Site], rendered: dict[tuple[str, str], Rendered], name: str
) -> None:
    site = sites[name]
    ids = {relative: set(rendered[name, relative].dom["ids"]) for relative in site.pages()}
    reached: set[tuple[str, str, str]] = set()  # (from page, to page, fragment)
    for relative in site.pages():
        for link in rendered[name, relative].dom["links"]:
            parts = urlsplit(link)
            if parts.scheme == "https":
                assert parts.netloc == "doi.org", link
                continue
            target = _local(link, site).resolve()
            assert target.is_file(), (relative, link)
            inside = target.relative_to(site.root.resolve()).as_posix()
            if parts.fragment:
                assert parts.fragment in ids[inside], (relative, link)
            reached.add((relative, inside, parts.fragment))
    index_links = {
        _local(link, site).resolve().relative_to(site.root.resolve()).as_posix()
        for link in rendered[name, "index.html"].dom["links"]
        if link.startswith("file:")
    }
    assert {site.page_of(p) for p in site.volume.papers} <= index_links
    assert "authors.html" in index_links
    # Every person has an entry on the author index, linked from their papers' pages, and
    # the entry links each of their papers.
    people = site.volume.authors()
    entries = rendered[name, "authors.html"].dom["people"]
    assert len(entries) == len(set(entries)) == len(people)
    from_papers = {
        fragment
        for source, target, fragment in reached
        if source.startswith("papers/") and target == "authors.html" and fragment
    }
    assert from_papers == set(entries)
    author_links = {target for source, target, _ in reached if source == "authors.html"}
    for person in people:
        assert {site.page_of(p) for p in person.papers} <= author_links


@pytest.mark.parametrize("name", SITES)
def test_pages_are_english_with_headings_in_order(
    sites: dict[str, Site], rendered: dict[tuple[str, str], Rendered], name: str
) -> None:
    site = sites[name]
    for relative in site.pages():
        dom = rendered[name, relative].dom
        assert dom["lang"] == "en"
        levels = dom["headings"]
        assert levels[0] == 1, relative
        assert levels.count(1) == 1, relative
        assert all(b - a <= 1 for a, b in itertools.pairwise(levels)), relative
    for paper in site.volume.papers:
        assert rendered[name, site.page_of(paper)].dom["h1"] == paper.title


@pytest.mark.parametrize("name", SITES)
def test_citation_blocks_are_the_librarys_output(
    sites: dict[str, Site], rendered: dict[tuple[str, str], Rendered], browser: Browser, name: str
) -> None:
    site = sites[name]
    page = browser.new_page()
    try:
        page.open("about:blank", settle=False)
        for paper in site.volume.papers:
            expected: dict[str, str] = {}
            for n, style in enumerate(DEFAULT_STYLES, start=1):
                (entry,) = dp.bibliography([paper], style, output="html")
                in_text = dp.Citer([paper], style=style, output="html").cite(paper.key)
                expected[f"style-{n}-entry"] = entry
                expected[f"style-{n}-in-text"] = in_text
            # The browser's own serialisation of the library's HTML, as it parses it.
            normalised = page.evaluate(
                "Object.fromEntries(Object.entries("
                + json.dumps(expected)
                + ").map(([k, v]) => { const t = document.createElement('template');"
                " t.innerHTML = v; return [k, t.innerHTML]; }))"
            )
            dom = rendered[name, site.page_of(paper)].dom
            assert dom["entries"] == normalised, paper.key
            assert all(dom["buttons"])
            assert len(dom["buttons"]) == 2 * len(DEFAULT_STYLES)
    finally:
        page.close()


def test_copy_buttons_copy_and_the_text_stays_selectable_without_javascript(
    sites: dict[str, Site], browser: Browser
) -> None:
    site = sites["bundled"]
    paper = site.volume.paper("cai2020deepgalaxy")
    url = site.url(site.page_of(paper))
    page = browser.new_page()
    try:
        browser.send(
            "Browser.grantPermissions",
            {"permissions": ["clipboardReadWrite", "clipboardSanitizedWrite"]},
        )
        page.send("Emulation.setFocusEmulationEnabled", {"enabled": True})
        page.open(url)
        page.evaluate(
            "document.querySelector(\"button[data-copy='style-2-entry']\").click()", gesture=True
        )
        page.evaluate("new Promise(r => setTimeout(r, 100))", await_promise=True)
        status = page.evaluate(
            "document.querySelector(\"button[data-copy='style-2-entry']\").nextElementSibling.textContent"
        )
        copied = page.evaluate("navigator.clipboard.readText()", await_promise=True, gesture=True)
        assert status == "Copied."
        assert copied == dp.bibliography([paper], "apa")[0]
    finally:
        page.close()
    page = browser.new_page()
    try:
        page.send("Emulation.setScriptExecutionDisabled", {"value": True})
        page.open(url, settle=False)
        shown = page.evaluate(
            "[...document.querySelectorAll('button')].filter(b => b.offsetParent !== null).length"
        )
        selected = page.evaluate(
            "(() => { const r = document.createRange(); r.selectNodeContents(document.getElementById('style-2-entry'));"
            " const s = getSelection(); s.removeAllRanges(); s.addRange(r); return s.toString(); })()"
        )
        user_select = page.evaluate(
            "getComputedStyle(document.getElementById('style-2-entry')).userSelect"
        )
        assert shown == 0
        assert selected.strip() == dp.bibliography([paper], "apa")[0]
        assert user_select != "none"
    finally:
        page.close()


@pytest.mark.parametrize("name", SITES)
@pytest.mark.parametrize("width", list(WIDTHS))
def test_axe_finds_no_wcag_violation(
    sites: dict[str, Site], rendered: dict[tuple[str, str], Rendered], name: str, width: str
) -> None:
    found = {relative: rendered[name, relative].axe[width] for relative in sites[name].pages()}
    assert {k: v for k, v in found.items() if v} == {}


@pytest.mark.parametrize("name", SITES)
def test_pages_fit_a_phone_screen(
    sites: dict[str, Site], rendered: dict[tuple[str, str], Rendered], name: str
) -> None:
    widths = {
        relative: rendered[name, relative].scroll_width["phone"] for relative in sites[name].pages()
    }
    assert {k: w for k, w in widths.items() if w > WIDTHS["phone"]} == {}


def _png_size(path: Path) -> tuple[int, int]:
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = struct.unpack(">II", data[16:24])
    return width, height


def test_screenshots_for_a_person(
    sites: dict[str, Site], browser: Browser, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = (
        Path(os.environ.get("SITE_SCREENSHOTS") or tempfile.gettempdir())
        / "dls-proceedings-site-screenshots"
    )
    folder.mkdir(parents=True, exist_ok=True)
    site = sites["bundled"]
    shots = {"index": "index.html", "paper": site.page_of(site.volume.paper("cai2020deepgalaxy"))}
    page: Page = browser.new_page()
    try:
        for width_name, width in WIDTHS.items():
            page.viewport(width, mobile=width < 600)
            for shot, relative in shots.items():
                page.open(site.url(relative))
                path = folder / f"{shot}-{width_name}.png"
                page.screenshot(path)
                got_width, height = _png_size(path)
                assert got_width == width
                assert height > 600
    finally:
        page.close()
    with capsys.disabled():
        print(f"\nsite screenshots: {folder}")


# ----------------------------------------------------------------------------- the Nu Html Checker


def test_vnu_finds_no_error(sites: dict[str, Site]) -> None:
    java = shutil.which("java")
    require(java is not None, "java is not installed (apt-get install default-jre-headless)")
    require(VNU.is_file(), "vnu-jar is not installed (npm ci --prefix tools/site-check)")
    assert java is not None
    pages = [str(site.root / p) for site in sites.values() for p in site.pages()]
    css = [str(site.root / "site.css") for site in sites.values()][:1]
    done = subprocess.run(
        [
            java,
            "-jar",
            str(VNU),
            "--errors-only",
            "--format",
            "json",
            "--also-check-css",
            *pages,
            *css,
        ],
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
    )
    messages = json.loads(done.stderr or done.stdout)["messages"]
    assert [(m.get("url", "").rsplit("/", 2)[-2:], m.get("message")) for m in messages] == []
    assert done.returncode == 0
    assert len(pages) == sum(len(site.pages()) for site in sites.values()) > 20
