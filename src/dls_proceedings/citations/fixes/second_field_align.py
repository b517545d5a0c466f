"""``second-field-align`` and ``display``: the first field split off, display blocks kept.

citeproc-py ignores both. citeproc-js renders the first field of a
``second-field-align`` layout as a left margin and the rest as a right-inline
block (text: "[1] S. Murai"; HTML: ``csl-left-margin`` / ``csl-right-inline``
divs; the punctuation the rest starts with ends the margin: "[8]," | " 2020
IEEE/ACM ..."), and wraps any element with ``display`` in a ``csl-<display>`` div. The
patches mark these parts with private-use characters; ``finish`` writes them
out for the output format.

A ``display`` counts on the layout's own elements only (read through cs:choose): on
an element inside a group or a macro citeproc-js ignores it ("Nicholas 2020.", no
margin in the middle of an entry). Where the layout's first element prints nothing, citeproc-js has no margin: the
whole entry is right-inline ("No Author." in one block). And where the layout's
first element has a ``display``, citeproc-js sets the layout's suffix as the suffix
of the layout's last element (through cs:choose), in place of that element's own,
also when that element is a group or a macro call that printed nothing and is
dropped afterwards: then the entry has no suffix at all.

Extends: ``Affixed.wrap``, ``Layout.render_children``,
``Layout.render_bibliography``.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from citeproc import model
from citeproc.source import VariableError

from dls_proceedings.citations.fixes._context import CONTEXT, begin_entry, kept
from dls_proceedings.citations.fixes._strings import join
from dls_proceedings.citations.fixes.punctuation import MERGES
from dls_proceedings.citations.fixes.speed_conditions import passes

__all__ = ["ELEMENTS", "Affixed", "Layout", "finish"]

_OPEN, _SEP, _CLOSE = "\ue002", "\ue003", "\ue004"
_DISPLAY = re.compile(_OPEN + r"([a-z-]+)" + _SEP + "([^" + _OPEN + _CLOSE + "]*)" + _CLOSE)

_BLOCK_PUNCTUATION = re.compile("(" + _CLOSE + "+)(" + _OPEN + "[a-z-]+" + _SEP + ")([.,;:!?]+)")
_DOUBLED = re.compile("([.,;:!?])((?:" + _CLOSE + ")*)(" + _OPEN + "[a-z-]+" + _SEP + r")\1")
_LEADING_BLOCK_SPACE = re.compile("^((?:" + _OPEN + "[a-z-]+" + _SEP + ")+) +")
_DOUBLE_SPACE = re.compile(
    "( (?:" + _CLOSE + ")+(?:" + _OPEN + "(?!right-inline)[a-z-]+" + _SEP + ")+) "
)
_SUFFIX_AFTER_BLOCK = re.compile("([.,;:!?]?)(" + _CLOSE + "+)([.,;:!?]+)$")
_TRAILING_SPACE = re.compile(r" +(?=" + _CLOSE + "+$)")
_MARKS = ".,;:!?"

_HTML = {
    "block": '\n\n    <div class="csl-block">{}</div>\n',
    "left-margin": '\n    <div class="csl-left-margin">{}</div>',
    "right-inline": '<div class="csl-right-inline">{}</div>\n  ',
    "indent": '<div class="csl-indent">{}</div>\n  ',
}
_TEXT = {"block": "\n{}", "left-margin": "{} ", "right-inline": "{}", "indent": "\n    {}"}


def _mark(display: str, text: Any) -> Any:
    return _OPEN + display + _SEP + text + _CLOSE


def finish(text: str, output: str) -> str:
    """Write the display marks of *text* as *output* ("text" or "html") does."""
    if _OPEN not in text:
        return text  # no display block: the entry as it is (a trailing space stays)
    # (Each rewrite below is tried only where the text has what its pattern needs: an
    # entry is scanned once or twice, not eight times.)
    # citeproc-js trims the spaces (not a tab) the entry's content ends with inside a
    # display block that closes at the end; after the last block they stay.
    if text.endswith(_CLOSE) and " " + _CLOSE in text:
        text = _TRAILING_SPACE.sub("", text)
    # The entry starts with no space, inside the blocks it starts with too (an author
    # a subsequent-author-substitute left empty before " 2020b").
    if text.startswith(_OPEN):
        text = _LEADING_BLOCK_SPACE.sub(r"\1", text, count=1)
    # A block that starts with a space after text that ends with one starts without it
    # (but the right part of a second-field-align entry: "[1] " | " Murai").
    if " " + _CLOSE in text:
        text = _DOUBLE_SPACE.sub(r"\1", text)
    # The layout's suffix after a display block that ends the entry goes inside it
    # ("... IEEE." in the block, not "</div> ."), as citeproc-js appends it to the last
    # piece of the entry.
    if text[-1:] in _MARKS:
        text = _SUFFIX_AFTER_BLOCK.sub(_suffix_into_block, text)
    if any(_SEP + mark in text for mark in _MARKS):
        # A block that starts with the punctuation the text before it ends with starts
        # without it ("47." | ". https://doi.org/..." is "47." | " https://doi.org/...").
        text = _DOUBLED.sub(r"\1\2\3", text)
        # Punctuation a display block starts with ends the block before it ("2020." |
        # " Piscataway"; a second-field-align margin: "[8]," | " 2020 IEEE/ACM ..."), as
        # citeproc-js moves a prefix's punctuation onto the blob before.
        text = _BLOCK_PUNCTUATION.sub(r"\3\1\2", text)
    table = _HTML if output == "html" else _TEXT
    while True:  # innermost first, for nested displays
        written = _DISPLAY.sub(lambda m: table.get(m.group(1), "{}").format(m.group(2)), text)
        if written == text:
            return text
        text = written
        if _OPEN not in text:
            return text


def _suffix_into_block(match: re.Match[str]) -> str:
    """The layout's suffix moved into the display block before it, its first mark
    dropped where it repeats the block's last ("IEEE." + "." is "IEEE.") or merges
    into it ("?" + "." is "?"), as where any two pieces meet."""
    last, closes, suffix = match.groups()
    if last and (suffix[0] == last or (last, suffix[0]) in MERGES):
        suffix = suffix[1:]
    return last + suffix + closes


def _elements(parent: Any, item: Any) -> Iterator[Any]:
    """*parent*'s elements for *item*, a cs:choose's replaced by its branch's."""
    for child in parent.iterchildren():
        if not isinstance(child.tag, str):
            continue
        if not isinstance(child, model.Choose):
            yield child
            continue
        for branch in child.iterchildren():
            if not isinstance(branch.tag, str):
                continue
            if isinstance(branch, model.If) and not passes(branch, item, None):
                continue
            yield from _elements(branch, item)
            break


_CHOICE = frozenset(
    f"{{http://purl.org/net/xbiblio/csl}}{tag}" for tag in ("choose", "if", "else-if", "else")
)


def _top_level(element: Any) -> bool:
    """Whether *element* is one of its layout's own (read through cs:choose)."""
    parent = element.getparent()
    while parent is not None and parent.tag in _CHOICE:
        parent = parent.getparent()
    return isinstance(parent, model.Layout)


def _without_own_suffix(element: Any, text: Any) -> Any:
    """*text* without the suffix *element* put at its end (``punctuation``'s piece)."""
    if isinstance(text, list) and text:
        last = list.__getitem__(text, -1)
        if getattr(last, "owner", None) is element:
            return text.__class__(list(list.__iter__(text))[:-1])
    return text


class Affixed:
    def wrap(self: Any, string: Any) -> Any:
        text = super().wrap(string)  # type: ignore[misc]
        display = self.get("display")
        if text is None or not display or isinstance(self, model.Layout):
            return text
        # citeproc-js honours a display on the layout's own elements only (through
        # cs:choose); deeper, inside a group or a macro, it is ignored.
        table = kept("top_level")
        top = table.get(self)
        if top is None:
            top = table[self] = _top_level(self)
        return _mark(display, text) if top else text


def _suffix_replaces_last(layout: Any) -> bool:
    """Whether citeproc-js puts *layout*'s suffix in place of its last child's own: a
    bibliography layout whose first child has a ``display`` (its ``using_display``),
    without second-field-align (which has its own way)."""
    table = kept("suffix_replaces_last")
    found = table.get(layout)
    if found is None:
        bibliography = layout.getparent()
        first = next((c for c in layout.iterchildren() if isinstance(c.tag, str)), None)
        found = table[layout] = (
            isinstance(bibliography, model.Bibliography)
            and bibliography.get("second-field-align") is None
            and first is not None
            and first.get("display") is not None
        )
    return bool(found)


# Elements citeproc-js gives an output node of their own even when they print nothing.
_EMPTY_NODES = (model.Group, model.Names, model.Date)


def _empty_node(element: Any) -> bool:
    if isinstance(element, model.Text):
        return "macro" in element.attrib
    return isinstance(element, _EMPTY_NODES)


class Layout:
    def render_children(self: Any, item: Any, delimiter: str = "", **kwargs: Any) -> Any:
        # With a display first, citeproc-js sets the layout's suffix as the suffix of the
        # layout's last child (its own suffix replaced), also when that child printed
        # nothing and is dropped afterwards (an empty macro call: no suffix at all).
        state = CONTEXT.get()
        if state is None or not _suffix_replaces_last(self):
            return super().render_children(item, delimiter, **kwargs)  # type: ignore[misc]
        outputs: list[tuple[Any, Any]] = []
        # (A cs:choose is no element of its own there: its branch's elements are the
        # layout's.)
        for child in _elements(self, item):
            try:
                text = child.render(item, **kwargs)
            except VariableError:
                text = None
            outputs.append((child, text))
        if state.cut_suffix is not None and state.cut_suffix[0] is self:
            state.cut_suffix = None
        for index in range(len(outputs) - 1, -1, -1):
            child, text = outputs[index]
            if text is not None and str(text) != "":
                if child.get("suffix"):
                    outputs[index] = (child, _without_own_suffix(child, text))
                break
            if _empty_node(child):
                # (The layout's wrap reads it: ``punctuation``'s ``affixes``.)
                state.cut_suffix = (self, "")
                break
        shown = [text for _, text in outputs if text is not None]
        return join(shown, delimiter) if shown else None

    def render_bibliography(self: Any, citation_items: Any) -> Any:
        bibliography = self.getparent()
        if bibliography.get("second-field-align") is None:
            return super().render_bibliography(citation_items)  # type: ignore[misc]
        output = []
        for item in citation_items:
            begin_entry()
            self.repressed: dict[str, Any] = {}
            first = None
            rest = []
            # The first field is the layout's first element (through a cs:choose: the
            # first that prints): where it prints nothing, citeproc-js has no margin and
            # the entry is all right-inline.
            seen = False
            for child in self.iterchildren():
                try:
                    text = child.render(item)
                except VariableError:
                    text = None
                if not seen and not isinstance(child, model.Choose):
                    seen = True
                    first = text
                    continue
                if text is None:
                    continue
                if not seen:
                    seen = True
                    first = text
                else:
                    rest.append(text)
            begin_entry(active=False)
            if first is None and not rest:
                continue
            body = self.wrap(self.join(rest)) if rest else None
            if first is None:
                output.append(_mark("right-inline", self.format(body)))
                continue
            entry = _mark("left-margin", first)
            if body:
                # (Punctuation it starts with moves into the margin in ``finish``.)
                entry = entry + _mark("right-inline", self.format(body))
            output.append(entry)
        return output


ELEMENTS = ((model.Affixed, Affixed), (model.Layout, Layout))
