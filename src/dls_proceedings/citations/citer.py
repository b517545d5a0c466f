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
- the cites of a cluster sorted by the style's ``cs:citation/cs:sort``, cite
  grouping and collapsing (``collapse="citation-number"``: [1]–[3];
  ``"year"``, ``"year-suffix"``, ``"year-suffix-ranged"``: Doe 2019, 2020);
- positions (first, subsequent, ibid, ibid-with-locator, near-note within
  ``near-note-distance``) and ``first-reference-note-number`` for footnotes
  (numbered 1, 2, … or as given);
- disambiguation of clusters that read alike: more names
  (``disambiguate-add-names``), initials or given names
  (``disambiguate-add-givenname``), ``disambiguate="true"`` conditions, and
  year suffixes, applied to every cluster;
- prefixes, suffixes, locators, suppress-author and author-only.

The style elements read the citer's decisions through ``fixes.citation_mode``.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from itertools import pairwise, zip_longest
from typing import Any

from citeproc import formatter
from citeproc.source import Locator

from dls_proceedings.citations import OUTPUTS, Output, fixes
from dls_proceedings.citations.fixes import (
    _strings,
    html_output,
    punctuation,
    punctuation_in_quote,
    rich_text,
    second_field_align,
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
from dls_proceedings.citations.styles import (
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
        if self.label not in LOCATOR_LABELS:
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
class _Disambiguation:
    """What disambiguation shows of one item in its cites."""

    names: int | None = None
    givens: tuple[int, ...] = ()
    """Per name: 0 as the style shows it, 1 with initials, 2 with the given name."""
    condition: bool = False
    suffix: int | None = None

    def copy(self) -> _Disambiguation:
        return _Disambiguation(self.names, self.givens, self.condition, self.suffix)


def _initials(given: str) -> str:
    return "".join(w[0] for w in re.split(r"[\s.\-]+", given) if w)


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


_WORD_END = re.compile(r"[\w\]\)\.,;:!?]$")


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
        from dls_proceedings.citations.render import _check_reserved

        data = _items_of(items)
        _check_reserved(data)
        self.output: Output = output
        self._resolved = resolved = resolve_style(style)
        self._locale = resolve_locale(locale) if locale is not None else resolved.locale
        self._composition = composition = fixes.compose(fixes.disabled())
        try:
            self._csl = csl = parsed_style(resolved.path, self._locale, composition)
        except Exception as exc:
            raise self._error("cannot be read", exc) from exc
        self._citation = csl.root.citation
        if self._citation is None:
            raise StyleError(f"style {resolved.name!r} defines no citation")
        self._layout = self._citation.layout
        if output == "html":
            self._source = composition.html_source(data)
            fmt = html_output.FORMATTER if composition.on("html_output") else formatter.html
        else:
            self._source, fmt = composition.source(data), formatter.plain
        self._fmt = fmt
        self._context = RenderContext(
            formatter=fmt,
            answers=csl.answers,
            seam=punctuation.seam if composition.on("punctuation") else _strings.citeproc_seam,
        )
        self._bib = composition.bibliography(csl, self._source, fmt)
        self._keys: dict[str, str] = {str(item["id"]).lower(): str(item["id"]) for item in data}
        self._items: dict[str, Any] = {}
        self._clusters: list[_Cluster] = []
        self._first_note: dict[str, int] = {}
        self._notes: dict[str, int] = {}
        self._last: tuple[Cite, ...] = ()
        self._dis: dict[str, _Disambiguation] = {}
        self._groups: dict[str, list[str]] = {}
        self._global: dict[str, tuple[int, ...]] = {}
        self._persons: dict[str, dict[str, set[str]]] = {}
        self._base: dict[str, str] = {}
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
        self._disambiguates = any(
            self._options[k] for k in ("names", "givens", "suffix", "condition")
        )
        self._implicit = not csl.root.xpath_search(year_suffix._EXPLICIT)
        self._sorted_bibliography = (
            csl.root.bibliography is not None and csl.root.bibliography.sort is not None
        )

    # -- the public calls ---------------------------------------------------

    def cite(self, *cites: str | Cite, note: int | None = None) -> str:
        """One citation cluster of *cites* (keys or ``Cite``), as it reads when cited.

        In a note style the cluster is a footnote: numbered one after the last,
        or *note*. A key that is not among the items raises ``UnknownKeyError``
        and changes nothing.
        """
        made = self._check(cites, note)
        with self._render():
            saved = self._snapshot()
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
            bib = self._bib
            saved = bib.items
            try:
                bib.items = list(saved)
                return [
                    _entry(str(entry), self.output, self._composition)
                    for entry in bib.bibliography()
                ]
            finally:
                bib.items = saved

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

    def _snapshot(self) -> tuple[Any, ...]:
        bib = self._bib
        suffixes = {
            key: (dict.get(ref, "year_suffix"), dict.get(ref, year_suffix.IMPLICIT))
            for key in self._items
            for ref in (self._source[key],)
        }
        return (
            list(bib.keys), list(bib.items), dict(self._items), len(self._clusters),
            dict(self._first_note), dict(self._notes), self._last,
            {k: v.copy() for k, v in self._dis.items()},
            {k: list(v) for k, v in self._groups.items()}, dict(self._base), suffixes,
            dict(self._global), {f: {g: set(k) for g, k in v.items()} for f, v in self._persons.items()},
        )  # fmt: skip

    def _restore(self, saved: tuple[Any, ...]) -> None:
        bib = self._bib
        (keys, items, self._items, count, self._first_note, self._notes, self._last,
         self._dis, self._groups, self._base, suffixes, self._global, self._persons) = saved  # fmt: skip
        bib.keys, bib.items = keys, items
        del self._clusters[count:]
        for key in list(self._source):
            reference = self._source[key]
            kept = suffixes.get(key, (None, None))
            for name, value in zip(("year_suffix", year_suffix.IMPLICIT), kept, strict=True):
                if value is None:
                    dict.pop(reference, name, None)
                else:
                    dict.__setitem__(reference, name, value)

    def _add(self, cites: tuple[Cite, ...], note: int | None) -> _Cluster:
        if note is None:
            note = (self._clusters[-1].note + 1) if self._clusters else 1
        new = [c.key.lower() for c in cites if c.key.lower() not in self._items]
        if new:
            fresh = list(dict.fromkeys(new))
            citation = self._source.records["Citation"]
            items = [self._composition.item(key) for key in fresh]
            self._bib.register(citation(items))
            for key, item in zip(fresh, items, strict=True):
                self._items[key] = item
            if self._sorted_bibliography:
                begin_entry(active=False)
                self._bib.sort()
            if self._disambiguates:
                self._disambiguate(fresh)
        cluster = _Cluster(cites, note)
        # Sorted as the style says, then the positions in that order.
        ordered = self._sorted(list(cites))
        previous_cluster = self._last
        for n, cite in enumerate(ordered):
            key = cite.key.lower()
            positions: set[str] = set()
            first_note = self._first_note.get(key)
            if first_note is None:
                positions.add("first")
            else:
                positions.add("subsequent")
                before: tuple[Cite, ...] = (ordered[n - 1],) if n else previous_cluster
                if before and all(b.key.lower() == key for b in before):
                    last = before[-1]
                    if cite.locator is None:
                        if last.locator is None:
                            positions.add("ibid")
                    else:
                        positions.add("ibid")
                        if (last.locator, last.label) != (cite.locator, cite.label):
                            positions.add("ibid-with-locator")
                last_note = self._notes.get(key)
                if last_note is not None and note - last_note <= self._options["near"]:
                    positions.add("near-note")
            cluster.order.append((cite, frozenset(positions), first_note))
            self._first_note.setdefault(key, note)
            self._notes[key] = note
        self._last = tuple(ordered)
        self._clusters.append(cluster)
        return cluster

    def _sorted(self, cites: list[Cite]) -> list[Cite]:
        sort = self._citation.sort
        if sort is None or len(cites) < 2:
            return cites
        # As citeproc-py and citeproc-js: in bibliography order first, then by the keys.
        cites = sorted(cites, key=lambda cite: self._items[cite.key.lower()].number)
        views = [self._view(cite) for cite in cites]
        begin_entry(active=False)  # what an entry suppressed does not apply to sort keys
        order = sort.sort(views, self._layout)
        index = {id(view): n for n, view in enumerate(views)}
        return [cites[index[id(view)]] for view in order]

    def _view(self, cite: Cite, first_note: int | None = None) -> Any:
        """The citeproc-py citation item for *cite* (its reference as disambiguation shows it)."""
        key = cite.key.lower()
        fields: dict[str, Any] = {}
        if cite.locator is not None:
            fields["locator"] = Locator(cite.label, cite.locator)
        item = self._composition.item(key, **fields)
        item.citation = self._items[key].citation
        changes: dict[str, Any] = {}
        if first_note is not None and self._note_style:
            changes["first_reference_note_number"] = str(first_note)
        dis = self._dis.get(key)
        reference = self._source[key]
        givens = self._global.get(key, ())
        if dis is not None and dis.givens:
            givens = tuple(max(a, b) for a, b in zip_longest(givens, dis.givens, fillvalue=0))
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

    def _one(self, cite: Cite, positions: frozenset[str], first_note: int | None,
             suppress: bool = False) -> tuple[Any, Any]:  # fmt: skip
        """A cite's text (None: nothing) and its first names as rendered."""
        key = cite.key.lower()
        state = self._state(key, positions)
        state.suppress_names = suppress or cite.suppress_author
        state.author_only = cite.author_only
        item = self._view(cite, first_note)
        with citing(state):
            begin_entry()
            # What citeproc-py's own Layout.render_citation does before each cite.
            self._layout.repressed = {}
            text = self._layout.render_children(item)
        if cite.author_only:
            text = state.captured
            if text is None:
                text = _strings.String("[NO_PRINTED_FORM]")
        return text, state.captured

    def _affixed(self, cite: Cite, text: Any) -> Any:
        if text is None:
            return None
        escape = html_output.escape if self.output == "html" else str
        if cite.prefix:
            prefix = cite.prefix
            if _WORD_END.search(prefix):
                prefix += " "
            text = _strings.String(escape(prefix)) + text
        if cite.suffix:
            suffix = cite.suffix
            if re.match(r"\w", suffix):
                suffix = " " + suffix
            text = text + _strings.String(escape(suffix))
        return text

    def _cluster_text(self, cluster: _Cluster) -> str:
        layout = self._layout
        delimiter = layout.get("delimiter", "")
        collapse = self._options["collapse"]
        citation = self._citation
        rendered = [
            (cite, *self._one(cite, positions, first_note))
            for cite, positions, first_note in cluster.order
        ]
        if all(cite.author_only for cite, _, _ in rendered):
            parts = [self._affixed(cite, text) for cite, text, _ in rendered]
            joined = _strings.join([p for p in parts if p is not None], delimiter)
            return self._finish(str(joined))
        group_delimiter = citation.get("cite-group-delimiter")
        grouping = collapse in ("year", "year-suffix", "year-suffix-ranged") or (
            group_delimiter is not None
        )
        pieces: list[tuple[Any, str]] = []  # (text, delimiter before the next piece)
        after = citation.get("after-collapse-delimiter", delimiter)
        if grouping:
            order = list(range(len(rendered)))
            groups: list[list[int]] = []
            by_names: dict[str, list[int]] = {}
            for n in order:
                names = rendered[n][2]
                label = str(names) if names is not None else None
                if label is not None and label in by_names and not rendered[n][0].author_only:
                    by_names[label].append(n)
                else:
                    group = [n]
                    groups.append(group)
                    if label is not None:
                        by_names.setdefault(label, group)
            cite_delimiter = group_delimiter if group_delimiter is not None else ", "
            suffix_delimiter = citation.get("year-suffix-delimiter", cite_delimiter)
            for group in groups:
                previous_year: Any = None
                for at, n in enumerate(group):
                    cite, text, _ = rendered[n]
                    key = cite.key.lower()
                    year, letter = self._year(key)
                    sep_before = cite_delimiter
                    if at:
                        _, positions, first_note = cluster.order[n]
                        if (
                            collapse in ("year-suffix", "year-suffix-ranged")
                            and letter is not None
                            and year == previous_year
                            and cite.locator is None
                        ):
                            text = _strings.String(letter)
                            sep_before = suffix_delimiter
                        else:
                            text, _ = self._one(cite, positions, first_note, suppress=True)
                    previous_year = year
                    text = self._affixed(cite, text)
                    if text is not None:
                        if pieces and at:
                            pieces[-1] = (pieces[-1][0], sep_before)
                        last = at == len(group) - 1
                        sep = after if len(group) > 1 and collapse and last else delimiter
                        pieces.append((text, sep))
        elif collapse == "citation-number":
            numbers: list[int | None] = []
            for cite, _, _ in rendered:
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
        else:
            for cite, text, _ in rendered:
                text = self._affixed(cite, text)
                if text is not None:
                    pieces.append((text, delimiter))
        if not pieces:
            return ""
        joined = pieces[0][0]
        for (_, sep), (text, _) in pairwise(pieces):
            joined = _strings.join([joined, text], sep)
        return self._finish(str(layout.format(layout.wrap(joined))))

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
        return text

    # -- disambiguation -----------------------------------------------------

    def _names(self, key: str) -> list[Any]:
        reference = self._source[key]
        for variable in ("author", "editor", "translator"):
            names = dict.get(reference, variable)
            if names:
                return list(names)
        return []

    def _count(self, key: str) -> int:
        return len(self._names(key))

    def _expanded(self, reference: Any, givens: tuple[int, ...]) -> dict[str, Any]:
        for variable in ("author", "editor", "translator"):
            names = dict.get(reference, variable)
            if names:
                break
        else:
            return {}
        changed = list(names)
        for n, level in enumerate(givens):
            if not level or n >= len(changed):
                continue
            name = changed[n]
            given = dict.get(name, "given")
            family = dict.get(name, "family")
            if not given or not family:
                continue
            if level == 1:
                words = re.split(r"[\s.]+", str(given))
                given = " ".join(f"{w[0]}." for w in words if w)
            particle = dict.get(name, "non-dropping-particle")
            if particle:
                family = f"{particle} {family}"
            changed[n] = type(name)(literal=f"{given} {family}")
        return {variable: changed}

    def _key_text(self, key: str) -> str:
        """What the item's first cite shows (no locator, affixes or position)."""
        text, _ = self._one(Cite(self._keys[key]), frozenset({"first"}), None)
        return str(text) if text is not None else ""

    def _disambiguate(self, fresh: list[str]) -> None:
        touched: set[str] = set()
        for key in fresh:
            self._dis[key] = _Disambiguation()
        changed = self._name_givens(fresh) if self._options["givens"] else set()
        for key in changed - set(fresh):
            # Its names read differently now: out of its group, and in again below.
            old = self._groups.get(self._base[key], [])
            if key in old:
                old.remove(key)
                if len(old) > 1:
                    touched.add(self._base[key])
                elif old:
                    self._resolve(old)
        for key in [*fresh, *sorted(changed - set(fresh))]:
            base = self._key_text(key)
            self._base[key] = base
            group = self._groups.setdefault(base, [])
            group.append(key)
            if len(group) > 1:
                touched.add(base)
        for base in touched:
            if len(self._groups[base]) > 1:
                self._resolve(self._groups[base])

    def _name_givens(self, fresh: list[str]) -> set[str]:
        """Given names shown wherever two people of one family name would read alike.

        With a ``givenname-disambiguation-rule`` other than ``by-cite``, citeproc-js
        tells apart the people its cites name (all of them, or the first of each
        cite with the ``primary-name`` rules), whatever the rest of the cites: with
        initials where they differ, else (unless ``-with-initials``) given names.
        Returns the items whose names this changed.
        """
        rule = self._options["rule"]
        if rule == "by-cite":
            return set()
        primary = rule.startswith("primary-name")
        initials_only = rule.endswith("with-initials")

        def shown(key: str) -> list[Any]:
            names = self._names(key)
            return names[: 1 if primary else self._shown(key)]

        def person(name: Any) -> tuple[str, str] | None:
            family, given = dict.get(name, "family"), dict.get(name, "given")
            if not family or not given:
                return None
            return str(family), str(given)

        families: set[str] = set()
        for key in fresh:
            for name in shown(key):
                found = person(name)
                if found is not None:
                    self._persons.setdefault(found[0], {}).setdefault(found[1], set()).add(key)
                    families.add(found[0])
        affected = {
            key
            for family in families
            if len(self._persons[family]) > 1
            for keys in self._persons[family].values()
            for key in keys
        }
        changed: set[str] = set()
        for key in affected:
            levels = []
            for name in shown(key):
                found = person(name)
                givens = self._persons.get(found[0], {}) if found else {}
                if found is None or len(givens) < 2:
                    levels.append(0)
                    continue
                mine = _initials(found[1])
                clash = any(_initials(g) == mine for g in givens if g != found[1])
                levels.append(0 if clash and initials_only else 2 if clash else 1)
            made = tuple(levels) if any(levels) else ()
            if self._global.get(key, ()) != made:
                self._global[key] = made
                changed.add(key)
        return changed

    def _resolve(self, group: list[str]) -> None:
        options = self._options
        for key in group:
            dis = self._dis[key]
            dis.names, dis.givens, dis.condition = None, (), False
            self._set_suffix(key, None)
        texts = {key: self._base[key] for key in group}

        def clashing() -> list[str]:
            seen: dict[str, int] = {}
            for text in texts.values():
                seen[text] = seen.get(text, 0) + 1
            return [key for key in group if seen[texts[key]] > 1]

        clash = clashing()
        if (options["names"] or options["givens"]) and clash:
            # citeproc-js tries the given names at each count of names before adding one.
            start = self._shown(clash[0])
            most = max(self._count(key) for key in clash) if options["names"] else start
            primary = options["rule"].startswith("primary-name")
            levels = [1] if options["rule"].endswith("with-initials") else [1, 2]
            if not options["givens"]:
                levels = []
            resolved = False
            for count in range(start, max(start, most) + 1):
                if count > start:
                    for key in clash:
                        self._dis[key].names = min(count, self._count(key))
                        texts[key] = self._key_text(key)
                    if not clashing():
                        break
                for level in levels:
                    for key in clash:
                        dis = self._dis[key]
                        shown = dis.names or self._shown(key)
                        dis.givens = (level,) * (1 if primary else shown)
                        texts[key] = self._key_text(key)
                    if not clashing():
                        resolved = True
                        break
                if resolved:
                    break
                for key in clash:
                    if self._dis[key].givens:
                        self._dis[key].givens = ()
                        texts[key] = self._key_text(key)
            clash = clashing()
            for key in clash:
                if self._dis[key].names is not None or self._dis[key].givens:
                    self._dis[key].names, self._dis[key].givens = None, ()
                    texts[key] = self._key_text(key)
            clash = clashing()
        if options["condition"] and clash:
            for key in clash:
                self._dis[key].condition = True
                texts[key] = self._key_text(key)
            clash = clashing()
        if options["suffix"] and clash:
            order = {key: n for n, key in enumerate(self._bib.keys)}
            by_text: dict[str, list[str]] = {}
            for key in clash:
                by_text.setdefault(texts[key], []).append(key)
            for keys in by_text.values():
                for n, key in enumerate(sorted(keys, key=order.__getitem__)):
                    self._set_suffix(key, n)

    def _shown(self, key: str) -> int:
        count = self._count(key)
        citation = self._citation
        minimum = int(citation.get("et-al-min", 0) or 0)
        first = int(citation.get("et-al-use-first", 0) or 0)
        if minimum and count >= minimum and first:
            return first
        return count

    def _set_suffix(self, key: str, index: int | None) -> None:
        from dls_proceedings._text import letter_suffix

        reference = self._source[key]
        self._dis[key].suffix = index
        if index is None:
            dict.pop(reference, "year_suffix", None)
            dict.pop(reference, year_suffix.IMPLICIT, None)
            return
        dict.__setitem__(reference, "year_suffix", _strings.String(letter_suffix(index)))
        if self._implicit:
            dict.__setitem__(reference, year_suffix.IMPLICIT, letter_suffix(index))
