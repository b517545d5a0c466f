"""In-text citations and footnotes, as citeproc-js prints them: ``Cite`` and ``Citer``.

A ``Citer`` holds the items a document can cite and the citation clusters cited
so far, in order, as a word processor's citation plug-in holds them. Each
``cite()`` is one cluster (one parenthetical citation, or one footnote of a
note style), and returns its text; a later cluster can change an earlier one
(a second "Smith 2020" makes the first "Smith 2020a", a new first citation
renumbers a bibliography-sorted numeric style), so ``citations()`` gives every
cluster as it reads now. ``bibliography()`` gives the cited items' entries.

What citeproc-js does and citeproc-py does not, done here:

- numbering by first citation (or by the bibliography's sort, when it has one);
- the cites of a cluster sorted by the style's ``cs:citation/cs:sort`` (its keys
  read without year suffixes or added names), cites of the same names brought
  together, collapsing (``collapse="citation-number"``: [1]–[3]; ``"year"``:
  Doe 2019, 2020; ``"year-suffix"``: Doe 2020a, b; ``"year-suffix-ranged"``:
  Doe 2020a–c) with citeproc-js's delimiters (``cite-group-delimiter``,
  ``year-suffix-delimiter``, ``after-collapse-delimiter``, the layout's);
- positions (first, subsequent, ibid, ibid-with-locator, near-note within
  ``near-note-distance``) as citeproc-js gives them, footnotes and clusters in
  the text each a run of their own, and ``first-reference-note-number``;
- disambiguation of cites that read alike, by citeproc-js's procedure
  (``_citer_disambiguation``): more names (``disambiguate-add-names``), initials
  or given names (``disambiguate-add-givenname``, by cite or by the register of
  people each ``givenname-disambiguation-rule`` keeps), year suffixes, and
  ``disambiguate="true"`` conditions, applied to every cluster; cites are
  compared as subsequent cites read (``et-al-subsequent-*``), and the names and
  given names added show in the bibliography too, where they are more than it
  shows;
- cites that print nothing as citeproc-js prints them: an empty cluster is
  "[NO_PRINTED_FORM]", an empty first cite "[CSL STYLE ERROR: reference with no
  printed form.]", an empty cite's prefix and suffix print alone, and the
  layout's affixes are lost with the first or last cite where the last cite is
  suppress-author; an author-only cite prints without its formatting;
- prefixes and suffixes as rich text (quotes, ``<i>``, ``<sc>``, …) with
  citeproc-js's spacing (a prefix or suffix of punctuation takes the
  delimiter's place), locators, suppress-author and author-only.

The style elements read the citer's decisions through ``fixes.citation_mode``.

Cost: a cluster renders only what it has not rendered before. A cite's render is
kept under everything it depends on (its item's disambiguation, the positions
the style tests, its locator, ...), so a cite cited again, or read again by
disambiguation or ``citations()``, costs a lookup; the bibliography keeps its
order as items come (each placed by O(log n) comparisons of sort keys rendered
once per item: ``_citer_sort``); and a failed ``cite()`` is undone from a
snapshot that costs O(the cluster) unless the cluster brings a new item. Citing
*n* clusters over *m* items renders each item's keys and forms a bounded number
of times (benchmarks/citer.py).
"""

from __future__ import annotations

import copy
import os
import re
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from itertools import pairwise, zip_longest
from typing import Any, NamedTuple

from citeproc import formatter
from citeproc.source import Locator

from dls_proceedings.citations import OUTPUTS, Output, fixes
from dls_proceedings.citations._citer_disambiguation import Procedure, Setting
from dls_proceedings.citations._citer_sort import SortKeys, reads
from dls_proceedings.citations.fixes import (
    _strings,
    html_output,
    normal_formatting,
    punctuation,
    punctuation_in_quote,
    quotes,
    rich_text,
    second_field_align,
    speed_memo,
    year_suffix,
)
from dls_proceedings.citations.fixes._context import (
    ItemView,
    RenderContext,
    begin_entry,
    reference_view,
    rendering,
)
from dls_proceedings.citations.fixes.citation_mode import CiteState, citing
from dls_proceedings.citations.fixes.name_parts import LevelledName, ShownNames
from dls_proceedings.citations.fixes.name_register import (
    compared_count,
    compared_options,
    first_name,
    first_name_options,
    first_names,
    levels,
    person,
)
from dls_proceedings.citations.styles import (
    ResolvedStyle,
    forget_style,
    parsed_style,
    resolve_locale,
    resolve_style,
)
from dls_proceedings.errors import (
    ArgumentError,
    ArgumentTypeError,
    DlsProceedingsError,
    StyleError,
    UnknownKeyError,
)

__all__ = ["LOCATOR_LABELS", "Cite", "Citer"]

LOCATOR_LABELS: tuple[str, ...] = (
    "act", "appendix", "article-locator", "book", "canon", "chapter", "column", "elocation",
    "equation", "figure", "folio", "issue", "line", "note", "opus", "page", "paragraph", "part",
    "rule", "scene", "section", "sub-verbo", "table", "timestamp", "title-locator", "verse",
    "volume",
)  # fmt: skip
"""The CSL locator terms a ``Cite`` may name as its ``label``."""
# Labels as CSL 1.0.1 spelled them (citeproc-js takes both) -> the term they name now.
_LABEL_SPELLINGS = {"sub verbo": "sub-verbo"}


@dataclass(frozen=True)
class Cite:
    """One cite of a cluster: an item's key and what goes with it.

    *locator* is a place in the item (``"5"``, ``"3-7"``), of the kind *label*
    names (a CSL locator term, ``LOCATOR_LABELS``); *prefix* and *suffix* are
    text before and after the cite; *suppress_author* leaves the author out
    ("(2020)"), *author_only* prints the author alone ("Cai et al.").

    >>> Cite("jansen2020ddl", locator="5")
    Cite(key='jansen2020ddl', locator='5', label='page', prefix=None, suffix=None, suppress_author=False, author_only=False)
    >>> Cite("jansen2020ddl", locator="5", label="pages")
    Traceback (most recent call last):
    ...
    dls_proceedings.errors.ArgumentError: unknown locator label 'pages'; expected one of act, appendix, article-locator, book, canon, chapter, column, elocation, equation, figure, folio, issue, line, note, opus, page, paragraph, part, rule, scene, section, sub-verbo, table, timestamp, title-locator, verse, volume
    """

    key: str
    locator: str | None = None
    label: str = "page"
    prefix: str | None = None
    suffix: str | None = None
    suppress_author: bool = False
    author_only: bool = False

    def __post_init__(self) -> None:
        if not isinstance(self.key, str) or not self.key:
            raise ArgumentTypeError(f"a cite's key must be a non-empty string, not {self.key!r}")
        for name in ("locator", "prefix", "suffix"):
            value = getattr(self, name)
            if value is not None and not isinstance(value, str):
                if name == "locator" and isinstance(value, int) and not isinstance(value, bool):
                    object.__setattr__(self, name, str(value))
                    continue
                raise ArgumentTypeError(
                    f"a cite's {name} must be a string or None, not {type(value).__name__}: "
                    f"{value!r}"
                )
        if self.label not in LOCATOR_LABELS and self.label not in _LABEL_SPELLINGS:
            raise ArgumentError(
                f"unknown locator label {self.label!r}; expected one of {', '.join(LOCATOR_LABELS)}"
            )
        for name in ("suppress_author", "author_only"):
            if not isinstance(getattr(self, name), bool):
                raise ArgumentTypeError(f"a cite's {name} must be True or False")
        if self.suppress_author and self.author_only:
            raise ArgumentError("a cite cannot be both suppress_author and author_only")


@dataclass
class _Cluster:
    cites: tuple[Cite, ...]
    note: int
    # Per cite, in the cluster's (sorted) order: the cite and its positions.
    order: list[tuple[Cite, frozenset[str], int | None]] = field(default_factory=list)


@dataclass
class _Run:
    """Where the items of one run of clusters (in notes, or in the text) were cited."""

    first: dict[str, int] = field(default_factory=dict)
    """Each item's first note."""
    last: dict[str, int] = field(default_factory=dict)
    """Each item's last note."""
    in_note: dict[int, int] = field(default_factory=dict)
    """How many cites each note holds."""
    previous: tuple[int, tuple[Cite, ...]] | None = None
    """The last cluster's note and its cites, in order."""


@dataclass(frozen=True)
class _Disambiguation:
    """What disambiguation shows of one item in its cites (replaced, never changed:
    a snapshot of the citer is a shallow copy, and the value is part of a cite's
    render signature)."""

    names: int | None = None
    givens: tuple[int, ...] = ()
    """Per name: 0 as the style shows it, 1 with initials, 2 with the given name."""
    condition: bool = False
    suffix: int | None = None


def _items_of(items: Any) -> list[dict[str, Any]]:
    """CSL-JSON for *items*: a volume, session, paper(s), or CSL-JSON dicts as given."""
    from dls_proceedings.formats.csl_json import to_csl_json

    if isinstance(items, list) and items and all(isinstance(item, dict) for item in items):
        for n, item in enumerate(items):
            value = item.get("id")
            if not isinstance(value, (int, str)) or isinstance(value, bool) or value == "":
                raise ArgumentTypeError(f"item {n}: 'id' must be a string or number, not {value!r}")
            kind = item.get("type")
            if not isinstance(kind, str) or not kind:
                raise ArgumentTypeError(
                    f"item {n}: 'type' must be a non-empty string, not {kind!r}"
                )
        return [dict(item) for item in items]
    if isinstance(items, (str, bytes, dict)):
        raise ArgumentTypeError(
            "items must be a Workshop, Session, Paper, a list of papers or a list of CSL-JSON "
            f"dicts, not {type(items).__name__}"
        )
    try:
        return to_csl_json(items)
    except TypeError as exc:
        raise ArgumentTypeError(
            "items must be a Workshop, Session, Paper, a list of papers or a list of CSL-JSON "
            f"dicts, not {type(items).__name__}"
        ) from exc


# citeproc-js compares cites as a subsequent cite near its last reads (its
# "ambiguous cite"): the short form of a note style, et-al-subsequent.
_COMPARED = frozenset({"subsequent", "near-note"})
_NS = {"cs": "http://purl.org/net/xbiblio/csl"}
# citeproc-js's texts for a cluster, or its first cite, that prints nothing.
_NO_PRINTED_FORM = "[NO_PRINTED_FORM]"
_NO_FORM_ERROR = "[CSL STYLE ERROR: reference with no printed form.]"
# The tags of the formatting (decorations) our HTML writes.
_DECORATION_TAGS = re.compile(r"</?(?:i|b|em|sup|sub|span)(?: [^>]*)?>")


def _initialized(given: str, initialize_with: str) -> str:
    """*given* as initials, each followed by *initialize_with* (hyphenated names keep
    their hyphen), as citeproc-js initializes a given name.

    >>> _initialized("Ana-Lucia", ". "), _initialized("John Paul", ""), _initialized("Min-jun", ".")
    ('A.-L.', 'JP', 'M.')
    """
    mark = initialize_with.rstrip()
    space = initialize_with[len(mark) :]
    out = []
    for word in (w for w in re.split(r"[\s.]+", given) if w):
        # A lowercase part after a hyphen is left out ("Min-jun": "M.").
        parts = [p for n, p in enumerate(word.split("-")) if p and (n == 0 or not p[0].islower())]
        out.append("-".join(f"{p[0]}{mark}" for p in parts) + space)
    return "".join(out).strip()


class _Rendered(NamedTuple):
    text: Any
    names: Any
    variables: frozenset[str]
    """The variables the cite rendered (``_Witness``)."""


class _Witness(set[str]):
    """A frame of the render context's ``recording`` that notes every variable a render
    prints (``fixes._context.record``) and shadows none: a substitution's frames are
    asked whether they hold a variable (``fixes.substitution``); this one never does."""

    def __contains__(self, item: object) -> bool:
        return False


_NAME_VARIABLES = (
    "author", "chair", "collection-editor", "compiler", "composer", "container-author",
    "contributor", "curator", "director", "editor", "editorial-director", "editor-translator",
    "executive-producer", "guest", "host", "illustrator", "interviewer", "narrator",
    "organizer", "original-author", "performer", "producer", "recipient", "reviewed-author",
    "script-writer", "series-creator", "translator",
)  # fmt: skip
_DATE_VARIABLES = (
    "accessed", "available-date", "event-date", "issued", "original-date", "submitted",
)  # fmt: skip


def _affix_splice(previous: Cite, cite: Cite, delimiter: str) -> str:
    """The delimiter between two cites where a suffix ends, or a prefix starts, with
    punctuation of its own (as citeproc-js: the delimiter's space, or nothing)."""
    ends = bool(previous.suffix) and previous.suffix[-1:] in (";", ".", ",")  # type: ignore[index]
    starts = not previous.suffix and bool(cite.prefix) and cite.prefix[:1] in (";", ".", ",")  # type: ignore[index]
    if not (ends or starts):
        return delimiter
    space = delimiter.find(" ")
    return delimiter[space:] if space > -1 and not starts else ""


# citeproc-js's "romanesque" letters (Latin, Greek, Cyrillic, Hebrew, Arabic, Thai):
# a cite's prefix ending in one takes a space after it, a suffix starting with one
# a space before it.
_ROMANESQUE = (
    "a-zA-Z\u0e01-\u0e5b\u00c0-\u017f\u0370-\u03ff\u0400-\u052f\u0590-\u05d4"
    "\u05d6-\u05ff\u1f00-\u1fff\u0600-\u06ff\u200c\u200d\u200e\u0218-\u021b\u202a-\u202e"
)
_PREFIX_END = re.compile(f"[.;:&!?)\\],0-9{_ROMANESQUE}]$")
_SUFFIX_START = re.compile(f"^[&\\[({_ROMANESQUE}]")
_TAGS = re.compile(r"<[^>]+>")
_TRAILING_QUOTES = re.compile("[\"'\u201d\u2019\u00bb\u202f\u00a0 ]+$")


class Citer:
    """The citation clusters of one document, in one style, as citeproc-js prints them.

    *items* are what the document can cite: a ``Workshop`` (its papers and the
    volume itself), a ``Session``, a ``Paper``, a list of papers, or a list of
    CSL-JSON dicts of any type. *style* is a style name or a path to a ``.csl``
    file; *locale* overrides the style's; *output* is ``"text"`` or ``"html"``.

    >>> import dls_proceedings as dp
    >>> citer = dp.Citer(dp.load(), style="apa")
    >>> citer.cite("cai2020deepgalaxy")
    '(Cai et al., 2020)'
    >>> citer.cite(dp.Cite("jansen2020ddl", locator="5"), "cai2020deepgalaxy")
    '(Cai et al., 2020; Jansen et al., 2020, p. 5)'
    >>> citer.cite(dp.Cite("wang2020time", prefix="see ", suppress_author=True))
    '(see 2020)'
    >>> ieee = dp.Citer(dp.load(), style="ieee")
    >>> ieee.cite("wang2020time"), ieee.cite("cai2020deepgalaxy", dp.Cite("wang2020time", locator="12"))
    ('[1]', '[1, p. 12], [2]')
    >>> [entry[:40] for entry in ieee.bibliography()]
    ['[1] Y. Wang, C. Yang, S. Farrell, Y. Zha', '[2] M. X. Cai et al., “DeepGalaxy: Deduc']

    In a note style each cluster is a footnote (numbered 1, 2, …, or *note*):

    >>> notes = dp.Citer(dp.load(), style="chicago-notes-bibliography")
    >>> print(notes.cite("cai2020deepgalaxy"))  # doctest: +ELLIPSIS
    Maxwell X. Cai et al., “DeepGalaxy: ...,” 2020 IEEE/ACM ... (DLS), November 2020, 56–62, https://doi.org/10.1109/DLS51937.2020.00012.
    >>> print(notes.cite(dp.Cite("cai2020deepgalaxy", locator="58")))  # doctest: +ELLIPSIS
    Cai et al., “DeepGalaxy: Deducing ... Neural Networks,” 58.
    """

    def __init__(
        self,
        items: Any,
        style: str | os.PathLike[str] = "ieee",
        *,
        locale: str | None = None,
        output: Output = "text",
    ) -> None:
        if not isinstance(style, (str, os.PathLike)):
            raise ArgumentTypeError(
                f"style must be a style name or a path, not {type(style).__name__}: {style!r}"
            )
        if locale is not None and not isinstance(locale, str):
            raise ArgumentTypeError(
                f"locale must be a string, not {type(locale).__name__}: {locale!r}"
            )
        if not isinstance(output, str) or output not in OUTPUTS:
            raise ArgumentError(f"unknown output {output!r}; expected one of {', '.join(OUTPUTS)}")
        from dls_proceedings.citations.render import _check_ids, _check_reserved

        data = _items_of(items)
        _check_reserved(data)
        _check_ids(data)
        self._resolved = resolved = resolve_style(style)
        chosen = resolve_locale(locale) if locale is not None else resolved.locale
        composition = fixes.compose(fixes.disabled())
        try:
            csl = parsed_style(resolved.path, chosen, composition)
        except Exception as exc:
            raise self._error("cannot be read", exc) from exc
        if csl.root.citation is None:
            raise StyleError(f"style {resolved.name!r} defines no citation")
        if output == "html":
            source = composition.html_source(data)
            fmt = html_output.FORMATTER if composition.on("html_output") else formatter.html
        else:
            source, fmt = composition.source(data), formatter.plain
        context = RenderContext(
            formatter=fmt,
            answers=csl.answers,
            seam=punctuation.seam if composition.on("punctuation") else _strings.citeproc_seam,
        )
        bib = composition.bibliography(csl, source, fmt)
        self._setup(data, output, resolved, chosen, composition, csl, source, context, bib)

    def _setup(
        self, data: list[dict[str, Any]], output: Output, resolved: ResolvedStyle,
        locale: str | None, composition: fixes.Composition, csl: Any, source: Any,
        context: RenderContext, bib: Any,
    ) -> None:  # fmt: skip
        """Everything but the reading of the style and the items (``__init__``), which a
        bibliography shares (``disambiguated``)."""
        self.output = output
        self._resolved = resolved
        self._locale = locale
        self._composition = composition
        self._csl = csl
        self._citation = csl.root.citation
        self._layout = self._citation.layout
        # Whether bibliography entries show the given names of the register of people
        # (``_name_givens``; off only to measure the fix ``name_register``).
        self._register_shown = True
        self._floor: int | None = None  # (``_cited_floor``, read once)
        # The et-al options a compared cite uses (``_shown``).
        self._compared = compared_options(self._citation)
        self._source = source
        self._fmt = context.formatter
        self._context = context
        self._bib = bib
        self._keys: dict[str, str] = {str(item["id"]).lower(): str(item["id"]) for item in data}
        self._items: dict[str, Any] = {}
        self._clusters: list[_Cluster] = []
        # Positions: the clusters in notes (note > 0) and those in the text (0: an
        # in-text style's clusters, unless given a note) are two runs of their own.
        self._runs: dict[bool, _Run] = {True: _Run(), False: _Run()}
        # Disambiguation state; every value is replaced, never changed in place, so
        # that a snapshot (``_snapshot``) is a shallow copy of each dict.
        self._dis: dict[str, _Disambiguation] = {}
        self._groups: dict[str, tuple[str, ...]] = {}
        self._global: dict[str, tuple[int, ...]] = {}
        self._persons: dict[str, dict[str, frozenset[str]]] = {}
        self._base: dict[str, str] = {}
        # A cite's render, kept under everything it depends on (``_signature``).
        self._rendered: dict[tuple[Any, ...], tuple[_Rendered, tuple[Any, ...]]] = {}
        self._plain: dict[str, Cite] = {}
        self._note_style = csl.root.get("class") == "note"
        citation = self._citation
        self._options = {
            "names": citation.get("disambiguate-add-names") == "true",
            "givens": citation.get("disambiguate-add-givenname") == "true",
            "rule": citation.get("givenname-disambiguation-rule", "by-cite"),
            "suffix": citation.get("disambiguate-add-year-suffix") == "true",
            "condition": bool(csl.root.xpath_search(".//cs:*[@disambiguate]")),
            "collapse": citation.get("collapse"),
            "near": int(citation.get("near-note-distance", 5) or 5),
        }
        self._implicit = not csl.root.xpath_search(year_suffix._EXPLICIT)
        bibliography = csl.root.bibliography
        # (``Bibliography.sort`` is citeproc-py's method: the element is found.)
        bib_sort = (
            bibliography.find("cs:sort", bibliography.nsmap) if bibliography is not None else None
        )
        self._sorted_bibliography = bib_sort is not None
        # Whether a cite's text can show its number (then the number is part of what
        # its render depends on; where no bibliography sort renumbers, it never changes).
        self._numbered = self._sorted_bibliography and bool(
            csl.root.xpath_search(".//cs:*[contains(@variable, 'citation-number')]")
        )
        # Sort keys are read without year suffixes (as citeproc-js's: the suffixes go in
        # the order the keys make, and change none), so an item's keys stay what they
        # were: the bibliography's are rendered once per item (``_sort_in``), but for a
        # key of citation-number, which depends on the order itself (sorted whole).
        self._bib_sort: Any = bib_sort
        self._bib_layout: Any = getattr(bibliography, "layout", None)
        self._bib_keys: SortKeys | None = None
        if bib_sort is not None and not reads(bib_sort, "citation-number"):
            self._bib_keys = SortKeys(bib_sort, bibliography.layout, self._unsuffixed)
        # The cluster sort's keys, rendered once per cite (``_sorted``): its item, and its
        # locator or number where a key reads them.
        cite_sort = self._citation.sort
        self._cite_keys = (
            SortKeys(cite_sort, self._layout, self._sort_view) if cite_sort is not None else None
        )
        self._sort_reads = (
            cite_sort is not None and reads(cite_sort, "locator"),
            cite_sort is not None and reads(cite_sort, "citation-number"),
        )
        # The positions a cite's text can show: those the style tests, and whether it is
        # the first where et-al-subsequent options apply (``fixes.citation_mode``). Only
        # these are part of a cite's render signature (most author-date styles test none:
        # a cite renders alike wherever it stands).
        tested = {
            position
            for element in csl.root.xpath_search(".//cs:*[@position]")
            for position in element.get("position").split()
        }
        subsequent = "et-al-subsequent-min", "et-al-subsequent-use-first"
        if any(
            csl.root.xpath_search(f".//cs:*[@{name}]") or csl.root.get(name) for name in subsequent
        ):
            tested.add("first")
        self._tested_positions = frozenset(tested)
        # As citeproc-js classes the style for collapsing (its update modes): numeric
        # when the citation prints citation-number, positional when it tests positions.
        self._in_text = csl.root.get("class") == "in-text"
        self._numeric = reads(self._citation, "citation-number")
        positional = bool(tested) or any(
            csl.root.xpath_search(f".//cs:*[@{name}]") or csl.root.get(name) for name in subsequent
        )
        # What a cite may render and still collapse (citeproc-js: but a cs:text of
        # another variable): names, dates, the locator, year-suffix, citation-number
        # and citation-label (``_collapsed``).
        self._collapsing = frozenset(
            {"locator", "year_suffix", "citation_number", "citation_label"}
            | {name.replace("-", "_") for name in (*_NAME_VARIABLES, *_DATE_VARIABLES)}
        )
        group_delimiter = self._citation.get("cite-group-delimiter")
        self._grouped_sort = (self._in_text and bool(self._options["collapse"])) or (
            group_delimiter is not None and not positional and not self._numeric
        )

    # -- the public calls ---------------------------------------------------

    def cite(self, *cites: str | Cite, note: int | None = None) -> str:
        """One citation cluster of *cites* (keys or ``Cite``), as it reads when cited.

        In a note style the cluster is a footnote: numbered one after the last,
        or *note*. In an in-text style it is in the text, or in footnote *note*.
        A key that is not among the items raises ``UnknownKeyError`` and changes
        nothing.
        """
        made = self._check(cites, note)
        with self._render():
            saved = self._snapshot(made)
            try:
                cluster = self._add(made, note)
                return self._cluster_text(cluster)
            except BaseException:
                self._restore(saved)
                raise

    def citations(self) -> list[str]:
        """Every cluster cited so far, in order, as each reads now."""
        with self._render():
            return [self._cluster_text(cluster) for cluster in self._clusters]

    def bibliography(self) -> list[str]:
        """The cited items' bibliography entries, in the style's order ([] without one)."""
        if self._csl.root.bibliography is None:
            return []
        from dls_proceedings.citations.render import _entry

        with self._render():
            # Each call's entries are compared with each other only, never with the last
            # call's (subsequent-author-substitute: its first entry is no repeat).
            self._context.author_substitute = None
            bib = self._bib
            saved = bib.items
            if self._composition.on("speed_memo"):
                self._context.memo = speed_memo.enabled()
            try:
                bib.items = [self._bibliography_view(item) for item in saved]
                return [
                    _entry(str(entry), self.output, self._composition)
                    for entry in bib.bibliography()
                ]
            finally:
                bib.items = saved
                self._context.memo = None

    @property
    def _disambiguates(self) -> bool:
        """Whether the style tells cites apart at all (read from ``_options``)."""
        options = self._options
        return bool(
            options["names"] or options["givens"] or options["suffix"] or options["condition"]
        )

    def _register_sorted(self, registered: list[str], items: list[Any]) -> None:
        """Take *items*, the bibliography's (registered and sorted already), as cited:
        told apart as citeproc-js registers them, all at once in the order *registered*
        (their keys), before any cite."""
        for item in items:
            self._items[item.key.lower()] = item
        if self._disambiguates:
            self._disambiguate(registered)

    def _givens(self, key: str) -> tuple[int, ...]:
        """The given-name levels the item's names show: the register's and its cites'
        disambiguation's, the higher of each."""
        givens = self._global.get(key, ())
        dis = self._dis.get(key)
        if dis is not None and dis.givens:
            givens = tuple(max(a, b) for a, b in zip_longest(givens, dis.givens, fillvalue=0))
        return givens

    def _bibliography_view(self, item: Any) -> Any:
        """*item* as its bibliography entry shows it: citeproc-js prints there the given
        names (``disambiguate-add-givenname``) that told its cites apart, and with them
        the names (``disambiguate-add-names``), where they are more than the entry shows."""
        options = self._options
        if not options["names"] and not options["givens"]:
            return item
        key = item.key.lower()
        dis = self._dis.get(key)
        givens: tuple[int, ...] = ()
        if options["givens"]:
            if self._register_shown:
                givens = self._givens(key)
            elif dis is not None:
                givens = dis.givens
        # citeproc-js asks for the cites' names in an entry only where it asks for their
        # given names too (its bibliography's disambiguation request is set then alone).
        shown = dis.names if options["names"] and options["givens"] and dis is not None else None
        if not any(givens) and shown is None and not self._cited_floor():
            return item
        reference = self._source[key]
        found = first_names(reference)
        if found is None:
            return item
        variable, names = found
        if options["givens"]:
            givens = self._cited_levels(givens, len(names))
        changed: list[Any] = [
            LevelledName(name, givens[n]) if n < len(givens) and givens[n] else name
            for n, name in enumerate(names)
        ]
        made = ShownNames(changed, shown) if shown is not None else changed
        return ItemView(item, reference_view(reference, {variable: made}))

    def _cited_floor(self) -> int:
        """The given-name level the citation's cs:name shows by itself, which citeproc-js
        keeps with every name of an item (0: none with the short form, 1: initials with
        initialize-with, 2: the whole given name); 0 with ``all-names-with-initials``,
        where the register alone decides."""
        floor = self._floor
        if floor is None:
            floor = 0
            if (
                self._options["givens"]
                and self._options["rule"] != "all-names-with-initials"
                # (a citation without names keeps no levels)
                and first_name(self._citation, "names") is not None
            ):
                initialize_with, form = self._name_style()
                floor = 0 if form == "short" else 1 if initialize_with is not None else 2
            self._floor = floor
        return floor

    def _cited_levels(self, givens: tuple[int, ...], count: int) -> tuple[int, ...]:
        """*givens* for an item of *count* names, each at least ``_cited_floor`` (but the
        first with ``primary-name-with-initials``, which the register decides): the
        levels its entry shows."""
        floor = self._cited_floor()
        if not floor:
            return givens
        start = 1 if self._options["rule"] == "primary-name-with-initials" else 0
        levels = list(givens) + [0] * (count - len(givens))
        for n in range(start, count):
            levels[n] = max(levels[n], floor)
        return tuple(levels)

    def __repr__(self) -> str:
        return (
            f"<Citer {self._resolved.name}: {len(self._keys)} items, "
            f"{len(self._clusters)} clusters, {len(self._items)} cited>"
        )

    # -- state --------------------------------------------------------------

    def _error(self, failed: str, exc: Exception) -> StyleError:
        from dls_proceedings.citations.render import _style_error

        return _style_error(self._resolved, failed, exc)

    @contextmanager
    def _render(self) -> Iterator[None]:
        try:
            with rendering(self._context):
                yield
        except BaseException as exc:
            if isinstance(exc, Exception) and not isinstance(exc, DlsProceedingsError):
                forget_style(self._resolved.path, self._locale, self._composition)
                raise self._error("cannot be rendered", exc) from exc
            raise

    def _check(self, cites: Iterable[Any], note: int | None) -> tuple[Cite, ...]:
        if note is not None and (not isinstance(note, int) or isinstance(note, bool) or note < 1):
            raise ArgumentError(f"note must be a whole number >= 1, not {note!r}")
        made: list[Cite] = []
        for cite in cites:
            if isinstance(cite, str):
                cite = Cite(cite)
            elif not isinstance(cite, Cite):
                raise ArgumentTypeError(
                    f"a cite must be a key or a Cite, not {type(cite).__name__}: {cite!r:.80}"
                )
            if cite.key.lower() not in self._keys:
                raise UnknownKeyError(cite.key, list(self._keys.values()))
            made.append(cite)
        if not made:
            raise ArgumentError("a citation cluster needs at least one cite")
        return tuple(made)

    def _snapshot(self, cites: tuple[Cite, ...]) -> tuple[Any, ...]:
        """What ``cite`` may change, to put back if it fails: O(the cluster) unless it
        cites a new item (then shallow copies: every kept value is immutable)."""
        keys = {cite.key.lower() for cite in cites}
        runs = {
            track: (run, {k: (run.first.get(k), run.last.get(k)) for k in keys},
                    dict(run.in_note), run.previous)
            for track, run in self._runs.items()
        }  # fmt: skip
        cheap = (len(self._clusters), runs)
        if all(key in self._items for key in keys):
            return (cheap, None)
        bib = self._bib
        return (cheap, (
            bib.keys, len(bib.keys), bib.items, len(bib.items), dict(self._items),
            dict(self._dis), dict(self._groups), dict(self._base), dict(self._global),
            dict(self._persons),
        ))  # fmt: skip

    def _restore(self, saved: tuple[Any, ...]) -> None:
        (count, runs), full = saved
        del self._clusters[count:]
        for track, (run, notes, in_note, previous) in runs.items():
            self._runs[track] = run
            run.in_note, run.previous = in_note, previous
            for key, (first_note, last_note) in notes.items():
                for table, value in ((run.first, first_note), (run.last, last_note)):
                    if value is None:
                        table.pop(key, None)
                    else:
                        table[key] = value
        if full is None:
            return
        bib = self._bib
        (keys, key_count, items, item_count, self._items, self._dis, self._groups,
         self._base, self._global, self._persons) = full  # fmt: skip
        # New lists: registering appends to the old ones in place.
        bib.keys, bib.items = keys[:key_count], items[:item_count]
        for key in self._source:
            dis = self._dis.get(key)
            self._write_suffix(key, dis.suffix if dis is not None else None)

    def _add(self, cites: tuple[Cite, ...], note: int | None) -> _Cluster:
        if note is None:
            # A note style's next footnote; an in-text style's clusters are in the text.
            last = self._clusters[-1].note if self._clusters else 0
            note = last + 1 if self._note_style else 0
        new = [c.key.lower() for c in cites if c.key.lower() not in self._items]
        if new:
            fresh = list(dict.fromkeys(new))
            citation = self._source.records["Citation"]
            items = [self._composition.item(key) for key in fresh]
            self._bib.register(citation(items))
            for key, item in zip(fresh, items, strict=True):
                self._items[key] = item
            if self._sorted_bibliography:
                self._sort_in(len(fresh))
            if self._disambiguates:
                self._disambiguate(fresh)
        cluster = _Cluster(cites, note)
        # Sorted as the style says, then the positions in that order.
        ordered = self._sorted(list(cites))
        self._place(cluster, ordered)
        self._clusters.append(cluster)
        return cluster

    def _place(self, cluster: _Cluster, ordered: list[Cite]) -> None:
        """The positions of the cluster's cites (in their order), as citeproc-js gives them.

        A cite is "first" for an item not cited before in its run (notes, or the text),
        else "subsequent", and "ibid" where it follows a cite of the same item: the one
        before it in the cluster; for the cluster's first cite, the previous cluster's
        last cite when both are in one note, or the previous cluster's only cite when
        that is alone in the note just before (or in the text). The locators decide
        between "ibid" and "ibid-with-locator" (the same or none: ibid; one where there
        was none, or another: with locator; none where there was one: not ibid). Within
        ``near-note-distance`` notes of the item's last cite it is "near-note" (in the
        text: always). A note number lower than the last one starts the notes afresh.
        """
        note = cluster.note
        track = note > 0
        run = self._runs[track]
        if track and run.previous is not None and run.previous[0] > note:
            run = self._runs[track] = _Run()
        run.in_note[note] = run.in_note.get(note, 0) + len(ordered)
        previous = run.previous
        for n, cite in enumerate(ordered):
            key = cite.key.lower()
            positions: set[str] = set()
            first_note = run.first.get(key)
            shown_note: int | None = None
            if first_note is None:
                positions.add("first")
                run.first[key] = run.last[key] = note
            else:
                positions.add("subsequent")
                before: Cite | None = None  # the cite whose locator an ibid compares with
                if n:
                    if ordered[n - 1].key.lower() == key:
                        before = ordered[n - 1]
                elif previous is not None:
                    last_note, last_cites = previous
                    if last_note != note:
                        alone = run.in_note.get(last_note) == 1 or last_note == 0
                        if last_cites[0].key.lower() == key and last_note >= note - 1 and alone:
                            before = last_cites[0]
                    elif last_cites and last_cites[-1].key.lower() == key:
                        before = last_cites[0]
                if before is not None:
                    was = (before.locator, before.label) if before.locator is not None else None
                    now = (cite.locator, cite.label) if cite.locator is not None else None
                    if was is None or now is not None:
                        positions.add("ibid")
                        if now is not None and now != was:
                            positions.add("ibid-with-locator")
                if note:
                    if note - run.last[key] <= self._options["near"]:
                        positions.add("near-note")
                    run.last[key] = note
                else:
                    positions.add("near-note")
                if first_note != note:
                    shown_note = first_note
            cluster.order.append((cite, frozenset(positions), shown_note))
        run.previous = (note, tuple(ordered))

    def _sort_in(self, count: int) -> None:
        """Put the *count* items just registered (last in the bibliography) in its order.

        As a stable sort of the whole list would (the new items after the ones they tie
        with, in citing order): each new item is placed among the others with their
        cached sort keys (``SortKeys``), O(log n) comparisons; the keys are read without
        year suffixes, so an item's keys never change. A key of citation-number depends
        on the order itself: then the whole list is sorted.
        """
        bib = self._bib
        begin_entry(active=False)  # what an entry suppressed does not apply to sort keys
        keys = self._bib_keys
        if keys is None:
            views = [self._unsuffixed(item) for item in bib.items]
            order = self._bib_sort.sort(views, self._bib_layout)
            index = {id(view): n for n, view in enumerate(views)}
            bib.items = [bib.items[index[id(view)]] for view in order]
            bib.keys = [item.key for item in bib.items]
            return
        items: list[Any] = bib.items
        kept, fresh = items[: len(items) - count], items[len(items) - count :]
        names: list[str] = bib.keys[: len(bib.keys) - count]
        for item in fresh:
            at = keys.insert(kept, names, item, item.key)
            kept.insert(at, item)
            names.insert(at, item.key)
        bib.items, bib.keys = kept, names

    def _unsuffixed(self, item: Any) -> Any:
        """*item* (a citation item) as its sort keys read it: without a year suffix."""
        reference = item.reference
        if dict.get(reference, "year_suffix") is None:
            return item
        hidden = ("year_suffix", year_suffix.IMPLICIT)
        return ItemView(item, reference_view(reference, {}, hidden))

    def _citation_item(self, cite: Cite) -> Any:
        """A fresh citeproc-py citation item for *cite*: its reference and its locator."""
        key = cite.key.lower()
        fields: dict[str, Any] = {}
        if cite.locator is not None:
            fields["locator"] = Locator(_LABEL_SPELLINGS.get(cite.label, cite.label), cite.locator)
        item = self._composition.item(key, **fields)
        item.citation = self._items[key].citation
        return item

    def _sort_view(self, cite: Cite) -> Any:
        """The item the cluster sort reads for *cite*: its reference as it is (no names
        or given names added, no year suffix) and its locator."""
        item = self._citation_item(cite)
        return self._unsuffixed(item)

    def _sorted(self, cites: list[Cite]) -> list[Cite]:
        keys = self._cite_keys
        if keys is None or len(cites) < 2:
            return cites
        # As citeproc-py and citeproc-js: in bibliography order first, then by the keys.
        cites = sorted(cites, key=lambda cite: self._items[cite.key.lower()].number)
        begin_entry(active=False)  # what an entry suppressed does not apply to sort keys
        locator, number = self._sort_reads
        signatures: list[Any] = [
            (
                cite.key.lower(),
                (cite.locator, cite.label) if locator and cite.locator is not None else None,
                self._items[cite.key.lower()].number if number else None,
            )
            for cite in cites
        ]
        return [cites[n] for n in keys.sort(cites, signatures)]

    def _view(self, cite: Cite, first_note: int | None = None) -> Any:
        """The citeproc-py citation item for *cite* (its reference as disambiguation shows it)."""
        key = cite.key.lower()
        item = self._citation_item(cite)
        changes: dict[str, Any] = {}
        if first_note is not None:
            changes["first_reference_note_number"] = str(first_note)
        reference = self._source[key]
        givens = self._givens(key)
        if givens:
            changes.update(self._expanded(reference, givens))
        if changes:
            return ItemView(item, reference_view(reference, changes))
        return item

    # -- rendering ----------------------------------------------------------

    def _state(self, key: str, positions: frozenset[str]) -> CiteState:
        dis = self._dis.get(key)
        state = CiteState(positions=positions)
        if dis is not None:
            state.disambiguate = dis.condition
            if dis.names is not None:
                state.names_shown = dis.names
                state.all_names = dis.names >= self._count(key)
        return state

    def _item_signature(self, key: str) -> tuple[Any, ...]:
        """What an item's cites read of the citer's state: its disambiguation (and year
        suffix), the given names shown everywhere, and its number where it can change."""
        number = self._items[key].number if self._numbered and key in self._items else None
        return (self._dis.get(key), self._global.get(key, ()), number)

    def _view_signature(self, cite: Cite) -> tuple[Any, ...]:
        """What ``_view(cite)`` (without a note number) depends on."""
        key = cite.key.lower()
        if cite.locator is None:
            return (key, None, None, self._item_signature(key))
        return (key, cite.locator, cite.label, self._item_signature(key))

    def _one(self, cite: Cite, positions: frozenset[str], first_note: int | None,
             suppress: bool = False, leave: bool = True, leading: bool = False) -> _Rendered:  # fmt: skip
        """A cite's text (None: nothing), its first names as rendered, and the variables
        it rendered.

        Kept under everything the render depends on: a cite cited again, or an item's
        text read again by disambiguation, is not rendered again. What the render
        leaves in the render context (which the cluster's layout reads) is kept with it,
        and left there again (unless not *leave*: nothing reads it).
        """
        signature = (
            self._view_signature(cite), positions & self._tested_positions,
            first_note,
            suppress or cite.suppress_author, cite.author_only, leading,
        )  # fmt: skip
        kept = self._rendered.get(signature)
        if kept is not None:
            made, left = kept
            if leave:
                self._leave(left)
            return made
        made = self._render_one(cite, positions, first_note, suppress, leading)
        self._rendered[signature] = (made, self._left())
        return made

    # What a cite's render leaves in the render context and the layout, for the
    # cluster's layout to read as if the cite had just been rendered.
    _ENTRY_STATE = (
        "suppressed", "recording", "active", "year_suffix_pending", "year_suffix_done", "guards",
    )  # fmt: skip

    def _left(self) -> tuple[Any, ...]:
        context = self._context
        return (
            tuple(copy.copy(getattr(context, name)) for name in self._ENTRY_STATE),
            dict(self._layout.repressed),
        )

    def _leave(self, left: tuple[Any, ...]) -> None:
        context = self._context
        values, repressed = left
        for name, value in zip(self._ENTRY_STATE, values, strict=True):
            # Copies of what a later render may change in place (sets, lists).
            setattr(context, name, copy.copy(value) if isinstance(value, (set, list)) else value)
        self._layout.repressed = dict(repressed)

    def _render_one(self, cite: Cite, positions: frozenset[str], first_note: int | None,
                    suppress: bool, leading: bool = False) -> _Rendered:  # fmt: skip
        key = cite.key.lower()
        state = self._state(key, positions)
        state.suppress_names = suppress or cite.suppress_author
        state.author_only = cite.author_only
        item = self._view(cite, first_note)
        witness = _Witness()
        with citing(state):
            begin_entry()
            # Whether a term may start the cite capitalized (fixes.term_capitalization).
            self._context.term_predecessor = not leading
            # What citeproc-py's own Layout.render_citation does before each cite.
            self._layout.repressed = {}
            self._context.recording.append(witness)
            try:
                text = self._layout.render_children(item)
            finally:
                self._context.recording.remove(witness)
        if cite.author_only:
            text = state.captured
            if text is None:
                text = _strings.String(_NO_PRINTED_FORM)
        return _Rendered(text, state.captured, frozenset(witness))

    def _leading(self, cite: Cite, index: int) -> bool:
        """Whether the cite at *index* of its cluster starts afresh, so that a term it
        starts with is capitalized: in a note style, the first cite, or one whose prefix
        ends a sentence (its last mark ``.:;!?``, and a space inside it), as citeproc-js."""
        if not self._note_style:
            return False
        if cite.prefix:
            plain = _TRAILING_QUOTES.sub("", _TAGS.sub("", cite.prefix)).rstrip(" \u00a0\u202f")
            return plain[-1:] in (":", ".", ";", "!", "?") and " " in cite.prefix.strip()
        return index == 0

    def _affixed(self, cite: Cite, text: Any) -> Any:
        if text is None or str(text) == "":
            if not cite.prefix and not cite.suffix:
                return None
            # citeproc-js prints an empty cite's prefix and suffix alone: "(see )".
            text = _strings.String("")
        if cite.prefix:
            # A space after the prefix where its last letter (markup and closing
            # quotes aside) is a letter, a number or punctuation; runs of spaces as one.
            prefix = cite.prefix
            if _PREFIX_END.search(_TRAILING_QUOTES.sub("", _TAGS.sub("", prefix))):
                prefix += " "
            prefix = re.sub(r"\s+", " ", prefix)
            text = _strings.String(self._affix(prefix)) + text
        if cite.suffix:
            suffix = cite.suffix
            if _SUFFIX_START.search(suffix):
                suffix = " " + suffix
            text = text + _strings.String(self._affix(suffix))
        return text

    def _affix(self, affix: str) -> str:
        """A cite's prefix or suffix as citeproc-js reads it: rich text, whose quotes are
        typographic (``fixes.quotes``) and whose paired markup is formatting
        (``<i>``, ``<b>``, ``<sc>``, ... : ``fixes.rich_text``), escaped in HTML."""
        composition = self._composition
        if composition.on("quotes"):
            affix = quotes.quoting(self._layout).process(affix, None)
        html = self.output == "html"
        if html:
            affix = html_output.escape(affix)
        if composition.on("rich_text"):
            affix = rich_text.read(affix, html, nocase=False)
        return affix

    def _cluster_text(self, cluster: _Cluster) -> str:
        layout = self._layout
        delimiter = layout.get("delimiter", "")
        collapse = self._options["collapse"]
        citation = self._citation
        rendered = [
            (cite, *self._one(cite, positions, first_note, leading=self._leading(cite, n)))
            for n, (cite, positions, first_note) in enumerate(cluster.order)
        ]
        only = next((made for made in rendered if made[0].author_only), None)
        if only is not None:
            # As citeproc-js: an author-only cite is the cluster, alone, without the
            # layout's affixes and formatting.
            text = self._affixed(only[0], only[1])
            if text is None:
                return ""
            finished = self._finish(str(text))
            if self.output == "html":
                # citeproc-js renders an author-only cite with its decorations suppressed.
                finished = _DECORATION_TAGS.sub("", finished)
            return finished
        pieces: list[tuple[Any, str]] = []  # (text, delimiter before the next piece)
        after = citation.get("after-collapse-delimiter", delimiter)
        if collapse != "citation-number":
            pieces = self._collapsed(cluster, rendered)
        elif collapse == "citation-number":
            numbers: list[int | None] = []
            for cite, _, _, _ in rendered:
                plain = cite.locator is None and not cite.prefix and not cite.suffix
                number = self._items[cite.key.lower()].number if plain else None
                numbers.append(number)
            n = 0
            while n < len(rendered):
                m = n
                while m + 1 < len(rendered):
                    here, following = numbers[m], numbers[m + 1]
                    if here is None or following is None or following != here + 1:
                        break
                    m += 1
                if m - n >= 2:
                    first = self._affixed(rendered[n][0], rendered[n][1])
                    last = self._affixed(rendered[m][0], rendered[m][1])
                    if first is not None and last is not None:
                        pieces.append((first + _strings.String("\u2013") + last, after))
                    n = m + 1
                    continue
                text = self._affixed(rendered[n][0], rendered[n][1])
                if text is not None:
                    pieces.append((text, delimiter))
                n += 1
        # citeproc-js's way with cites that print nothing (suppress-author, or no
        # variable the citation shows): the layout's prefix and suffix go with the
        # first and the last cite, and are lost with them where the cluster's last cite
        # is suppress-author; else a first cite that prints nothing is an error text.
        empty = [self._affixed(made[0], made[1]) is None for made in rendered]
        last_suppressed = rendered[-1][0].suppress_author
        if empty[0] and not last_suppressed:
            pieces.insert(0, (_strings.String(_NO_FORM_ERROR), delimiter))
        if not pieces:
            return _NO_PRINTED_FORM
        joined = pieces[0][0]
        for (_, sep), (text, _) in pairwise(pieces):
            joined = _strings.join([joined, text], sep)
        lose_prefix = empty[0] and last_suppressed
        lose_suffix = empty[-1] and last_suppressed
        if not lose_prefix and not lose_suffix:
            return self._finish(str(layout.format(layout.wrap(joined))))
        prefix = delimiter if lose_prefix else layout.get("prefix", "")
        suffix = "" if lose_suffix else layout.get("suffix", "")
        wrapped = _strings.String(prefix) + joined + _strings.String(suffix)
        return self._finish(str(layout.format(wrapped)))

    def _collapsed(
        self, cluster: _Cluster, rendered: list[tuple[Cite, Any, Any, frozenset[str]]]
    ) -> list[tuple[Any, str]]:
        """The cluster's cites as pieces (text, delimiter after it), grouped and collapsed
        as citeproc-js groups and collapses them.

        Walking the cites in order: a cite whose names read as the previous cite's
        (with ``collapse``, or ``cite-group-delimiter``) loses them (with ``collapse``
        or suppress-author) and follows it after the ``cite-group-delimiter``; with
        ``collapse="year-suffix"`` (``-ranged``) a cite of the same names and year shows
        its year suffix alone, after the ``year-suffix-delimiter`` (else the group's,
        else the layout's), and three or more suffixes in a row become a range
        (``-ranged``: 2000a–c). Between other cites: ``after-collapse-delimiter`` after
        a cite with a locator, and where the collapsing of names starts or stops; in an
        in-text style ", " inside a collapsed group; else the layout's delimiter. A
        cite's suffix ending in punctuation, or a prefix starting with it, takes the
        delimiter's place. With a ``cs:sort`` (and ``collapse`` in an in-text style, or
        a ``cite-group-delimiter``), cites of the same names are first brought together.
        """
        citation = self._citation
        delimiter = self._layout.get("delimiter", "")
        collapse = self._options["collapse"]
        group_delimiter = citation.get("cite-group-delimiter")
        after = citation.get("after-collapse-delimiter")
        comparing = bool(collapse) or group_delimiter is not None
        by_year = collapse in ("year-suffix", "year-suffix-ranged") and self._options["suffix"]
        year_delimiter = citation.get("year-suffix-delimiter")
        successor = (
            group_delimiter if group_delimiter is not None
            else year_delimiter if year_delimiter is not None else delimiter
        )  # fmt: skip
        order = list(range(len(rendered)))
        if self._grouped_sort and citation.sort is not None and len(order) > 1:
            groups: dict[str, list[int]] = {}
            for n in order:
                names = rendered[n][2]
                label = str(names) if names is not None else f"\x00{n}"
                groups.setdefault(label, []).append(n)
            order = [n for group in groups.values() for n in group]
        # Each piece: its text, the delimiter before it, and its year suffix's index where
        # the piece ends with it (a suffix alone, or a cite a run of them may start from).
        made: list[tuple[Any, str, int | None, bool]] = []
        last_names: str | None = None
        use_group = collapsed_before = False
        previous: Cite | None = None
        previous_year: Any = None
        for n in order:
            cite, text, names, variables = rendered[n]
            _, positions, first_note = cluster.order[n]
            # citeproc-js stops collapsing a cite that renders a text variable of its own.
            collapsed = bool(collapse) and not (variables - self._collapsing)
            same = False
            if comparing and names is not None:
                label = str(names)
                if label == last_names:
                    same = True
                else:
                    last_names, collapsed = label, False
                use_group = same and group_delimiter is not None
            key = cite.key.lower()
            year, letter = self._year(key)
            dis = self._dis.get(key)
            index = dis.suffix if dis is not None and letter is not None else None
            # The same names and year: the year is left out (with a locator, what
            # follows it stays: "2001b, c, p. 4").
            yearless = (
                by_year and collapsed and previous is not None and letter is not None
                and year is not None and year == previous_year
            )  # fmt: skip
            alone = yearless and cite.locator is None
            if alone:
                text = _strings.String(letter)
            elif same and (collapse or cite.suppress_author):
                text = self._one(
                    cite, positions, first_note, suppress=True, leading=self._leading(cite, n)
                ).text
                if yearless and text is not None and str(text).startswith(str(year)):
                    text = _strings.String(str(text)[len(str(year)) :])
            if previous is None:
                sep = ""
            elif alone:
                sep = successor
            elif after is not None:
                # After a locator, where collapsing stops, and between cites that do
                # not collapse (but for year-suffix collapsing).
                stops = collapsed_before and not collapsed
                neither = not collapsed_before and not collapsed and collapse != "year-suffix"
                sep = after if previous.locator is not None or stops or neither else delimiter
            elif use_group:
                sep = group_delimiter
            elif collapsed and self._in_text and not self._numeric:
                sep = ", "
            else:
                sep = delimiter
            if previous is not None:
                sep = _affix_splice(previous, cite, sep)
            previous, previous_year, collapsed_before = cite, year, collapsed
            text = self._affixed(cite, text)
            if text is not None:
                chained = cite.locator is None and not cite.suffix
                made.append((text, sep, index if chained else None, alone))
        if collapse == "year-suffix-ranged":
            made = self._ranged(made)
        return [
            (text, made[k + 1][1] if k + 1 < len(made) else delimiter)
            for k, (text, _, _, _) in enumerate(made)
        ]

    def _ranged(
        self, made: list[tuple[Any, str, int | None, bool]]
    ) -> list[tuple[Any, str, int | None, bool]]:
        """Runs of three or more year suffixes in a row (a cite's, then suffixes alone)
        as a range: 2000a, b, c -> 2000a–c."""
        dash = self._range_delimiter()
        out: list[tuple[Any, str, int | None, bool]] = []
        k = 0
        while k < len(made):
            m = k
            while (
                m + 1 < len(made) and made[m + 1][3] and made[m][2] is not None
                and made[m + 1][2] == made[m][2] + 1  # type: ignore[operator]
            ):  # fmt: skip
                m += 1
            if m - k >= 2:
                text, sep, _, alone = made[k]
                last = made[m][0]
                out.append((text + _strings.String(dash) + last, sep, made[m][2], alone))
                k = m + 1
                continue
            out.append(made[k])
            k += 1
        return out

    def _range_delimiter(self) -> str:
        """The locale's citation-range-delimiter (an en dash without one)."""
        term = self._layout.get_term("citation-range-delimiter")
        if term is None:
            return "\u2013"
        return str(term.single if term.single is not None else term.text or "\u2013")

    def _year(self, key: str) -> tuple[Any, str | None]:
        """The year of the item's ``issued`` and its year suffix (None: none)."""
        reference = self._source[key]
        issued = dict.get(reference, "issued")
        year = None
        if isinstance(issued, dict):
            date = issued.get("begin", issued)
            year = date.get("year") if isinstance(date, dict) else None
        suffix = dict.get(reference, "year_suffix")
        return year, (str(suffix) if suffix is not None else None)

    def _finish(self, text: str) -> str:
        composition = self._composition
        if composition.on("punctuation"):
            text = punctuation.finish(text)
        if composition.on("rich_text"):
            text = rich_text.finish(text, self.output)
        if composition.on("punctuation_in_quote"):
            text = punctuation_in_quote.finish(text)
        if composition.on("second_field_align"):
            text = second_field_align.finish(text, "text")
        if self.output == "html" and composition.on("normal_formatting"):
            text = normal_formatting.finish(text)
        return text

    # -- disambiguation -----------------------------------------------------

    def _names(self, key: str) -> list[Any]:
        found = first_names(self._source[key])
        return found[1] if found is not None else []

    def _count(self, key: str) -> int:
        return len(self._names(key))

    def _expanded(self, reference: Any, givens: tuple[int, ...]) -> dict[str, Any]:
        """The reference's first names with the given names *givens* asks for (by name:
        1 initials, with the style's ``initialize-with``, else whole; 2 whole)."""
        found = first_names(reference)
        if found is None:
            return {}
        variable, changed = found
        initialize_with = self._name_style()[0]
        for n, level in enumerate(givens):
            if not level or n >= len(changed):
                continue
            name = changed[n]
            given = dict.get(name, "given")
            family = dict.get(name, "family")
            if not given or not family:
                continue
            if level == 1 and initialize_with is not None:
                given = _initialized(str(given), initialize_with)
            parts = [
                str(part)
                for part in (
                    given,
                    dict.get(name, "dropping-particle"),
                    dict.get(name, "non-dropping-particle"),
                    family,
                )
                if part
            ]
            literal = " ".join(parts)
            suffix = dict.get(name, "suffix")
            if suffix:
                comma = dict.get(name, "comma-suffix") or dict.get(name, "comma_suffix")
                literal += f"{',' if comma else ''} {suffix}"
            changed[n] = type(name)(literal=literal)
        return {variable: changed}

    def _key_text(self, key: str) -> str:
        """What the item's cites are compared by: a subsequent cite near the last (no
        locator or affixes)."""
        cite = self._plain.get(key)
        if cite is None:
            cite = self._plain[key] = Cite(self._keys[key])
        # Compared, never laid out: what the render leaves behind is not needed.
        text = self._one(cite, _COMPARED, None, leave=False).text
        return str(text) if text is not None else ""

    def _disambiguate(self, fresh: list[str]) -> None:
        touched: set[str] = set()
        for key in fresh:
            self._dis[key] = _Disambiguation()
        # A new item's cite is read before the register of people knows it (citeproc-js
        # reads its ambiguity key while registering it): without the given names the
        # register would give it, so "Doe, 2020" by J. and by K. Doe start in one group.
        fresh_bases = {key: self._key_text(key) for key in fresh}
        changed = self._name_givens(fresh) if self._options["givens"] else set()
        for key in sorted(changed - set(fresh)):
            # Its names read differently now: out of its group, and in again below,
            # with nothing its old group gave it (more names, a year suffix).
            self._dis[key] = _Disambiguation(suffix=self._dis[key].suffix)
            self._set_suffix(key, None)
            old = self._groups.get(self._base[key], ())
            if key in old:
                old = self._groups[self._base[key]] = tuple(k for k in old if k != key)
                if len(old) > 1:
                    touched.add(self._base[key])
                elif old:
                    self._resolve(list(old))
        for key in [*fresh, *sorted(changed - set(fresh))]:
            base = fresh_bases[key] if key in fresh_bases else self._key_text(key)
            self._base[key] = base
            group = self._groups[base] = (*self._groups.get(base, ()), key)
            if len(group) > 1:
                touched.add(base)
        for base in sorted(touched):
            if len(self._groups[base]) > 1:
                self._resolve(list(self._groups[base]))

    def _name_givens(self, fresh: list[str]) -> set[str]:
        """Given names shown wherever two people of one family name would read alike.

        With a ``givenname-disambiguation-rule`` other than ``by-cite``, citeproc-js
        keeps a register of the people its cites name (a family name, and the given
        names read without periods) and shows more of a person's given names wherever
        the register holds another of that family, whatever the rest of the cites:
        with ``all-names`` or ``primary-name``, initials where the initials differ
        (given names where the style has no ``initialize-with``) and given names where
        they are the same; with the ``-with-initials`` rules, initials. The
        ``primary-name`` rules change the first name of a cite only. Returns the items
        whose names this changed.
        """
        rule = self._options["rule"]
        if rule == "by-cite":
            return set()
        registered = self._registered_names

        families: set[str] = set()
        for key in fresh:
            for name in registered(key):
                found = self._person(name)
                if found is not None:
                    family, given = found
                    people = dict(self._persons.get(family, {}))
                    people[given] = people.get(given, frozenset()) | {key}
                    self._persons[family] = people
                    families.add(family)
        affected = {
            key
            for family in families
            if len(self._persons[family]) > 1
            for keys in self._persons[family].values()
            for key in keys
        }
        changed: set[str] = set()
        never = self._csl.root.get("demote-non-dropping-particle") == "never"
        for key in sorted(affected):
            made = levels(registered(key), self._persons, rule, never)
            if self._global.get(key, ()) != made:
                self._global[key] = made
                changed.add(key)
        return changed

    def _registered_names(self, key: str) -> list[Any]:
        """The names of an item in the register of ``_name_givens``: those its cites
        show (the first only, with the ``primary-name`` rules)."""
        primary = self._options["rule"].startswith("primary-name")
        return self._names(key)[: 1 if primary else self._shown(key)]

    def _person(self, name: Any) -> tuple[str, str] | None:
        """A name as citeproc-js's register of people reads it (``name_register.person``)."""
        return person(name, self._csl.root.get("demote-non-dropping-particle") == "never")

    def _name_style(self) -> tuple[str | None, str]:
        """The ``initialize-with`` (None: none) and form of the first name the citation
        prints."""
        kept = self.__dict__.get("_name_style_kept")
        if kept is None:
            kept = self.__dict__["_name_style_kept"] = first_name_options(self._citation)
        return kept

    def _resolve(self, group: list[str]) -> None:
        """Tell apart the items of *group* (cites that read alike), as citeproc-js does.

        citeproc-js's procedure (``CSL.Disambiguation``), in its order of steps: the
        items (fewest names first, then by id) are worked on as lists, all rendered
        with one setting at a time, which only ever grows: the given names of one name
        after another (the ``by-cite`` rule: initials, then whole given names), and one
        more name (``disambiguate-add-names``), up to the names of the item with the
        fewest. After each step the list's first item is compared with the others: an
        item it no longer clashes with keeps the best setting so far, and the list goes
        on with the rest; where a step helps none, the list is split into the first
        item's partners and the others. Once the names are exhausted, a list whose
        first item still clashes gets year suffixes (``disambiguate-add-year-suffix``),
        all its items in bibliography order, clashing or not; or else the
        ``disambiguate="true"`` conditions. An item keeps the setting it was last given.
        """
        if len(group) < 2:
            for key in group:
                self._dis[key] = _Disambiguation()
                self._set_suffix(key, None)
            return
        Procedure(self, group).run()

    def _probe(self, key: str, setting: Setting) -> str:
        """What the item's first cite shows with *setting* (no year suffix)."""
        kept, suffix = self._dis[key], dict.get(self._source[key], "year_suffix")
        self._dis[key] = self._as_disambiguation(key, setting, suffix=None)
        if suffix is not None:
            self._write_suffix(key, None)
        try:
            return self._key_text(key)
        finally:
            self._dis[key] = kept
            if suffix is not None:
                self._write_suffix(key, kept.suffix)

    def _as_disambiguation(self, key: str, setting: Setting, suffix: int | None) -> _Disambiguation:
        """*setting* for the item: names and given names only where they add to its own."""
        names = setting.names if setting.names > self._shown(key) else None
        givens = list(setting.givens)
        while givens and not givens[-1]:
            givens.pop()
        return _Disambiguation(names, tuple(givens), setting.condition, suffix)

    def _give(self, key: str, setting: Setting) -> None:
        """Give the item *setting* (its year suffix too)."""
        self._dis[key] = self._as_disambiguation(key, setting, setting.suffix)
        self._write_suffix(key, setting.suffix)

    def _bibliography_place(self, key: str) -> int:
        number: int = self._items[key].number
        return number

    def _shown(self, key: str) -> int:
        """How many names the item's compared cite shows (``name_register.compared_count``:
        citeproc-js compares cites as subsequent ones)."""
        return compared_count(self._count(key), self._compared)

    def _change(self, key: str, **changes: Any) -> None:
        self._dis[key] = replace(self._dis[key], **changes)

    def _set_suffix(self, key: str, index: int | None) -> None:
        self._change(key, suffix=index)
        self._write_suffix(key, index)

    def _write_suffix(self, key: str, index: int | None) -> None:
        """Show the year suffix *index* (None: none) in the item's reference."""
        from dls_proceedings._text import letter_suffix

        reference = self._source[key]
        if index is None:
            dict.pop(reference, "year_suffix", None)
            dict.pop(reference, year_suffix.IMPLICIT, None)
            return
        dict.__setitem__(reference, "year_suffix", _strings.String(letter_suffix(index)))
        if self._implicit:
            dict.__setitem__(reference, year_suffix.IMPLICIT, letter_suffix(index))


def disambiguated(
    data: list[dict[str, Any]],
    items: list[Any],
    output: Output,
    resolved: ResolvedStyle,
    locale: str | None,
    composition: fixes.Composition,
    csl: Any,
    source: Any,
    context: RenderContext,
    bib: Any,
) -> list[Any]:
    """A bibliography's *items* (registered and sorted) as their entries show them once
    their cites are told apart, as citeproc-js does when it registers items: the year
    suffixes (written into their references, which *source* holds), and the names and
    given names that disambiguation adds (``Citer._bibliography_view``).

    The bibliography of ``render_items`` and ``Citer`` is one procedure: an item's
    entry reads alike whether its volume is rendered whole or cited.
    """
    citation = csl.root.citation
    if citation is None:
        return items
    citer = Citer.__new__(Citer)
    citer._setup(data, output, resolved, locale, composition, csl, source, context, bib)
    # (Each of the two can be left out, to measure what it does: ``fixes.without``.)
    citer._options["suffix"] = citer._options["suffix"] and composition.on("year_suffix")
    citer._register_shown = composition.on("name_register")
    if not citer._disambiguates:
        return items
    registered = list(dict.fromkeys(str(item["id"]).lower() for item in data))
    begin_entry(active=False)
    citer._register_sorted(registered, items)
    return [citer._bibliography_view(item) for item in items]
