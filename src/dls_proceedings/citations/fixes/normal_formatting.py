"""Formatting set to its default value ("normal", "none", "baseline") as citeproc-js writes it.

citeproc-py writes nothing for ``font-style="normal"`` and the like. citeproc-js
writes a span for each (``<span style="font-style:normal;">``) where an element
sets one, and then drops a ``normal`` span that no enclosing element makes
necessary (``normalDecorIsOrphan``): one whose property no element around it
(the citation's layout included) sets to something else — nor, for a group or
a name list cut by "et al.", its last part (citeproc-js reads the last child's
decorations there: a list in ``font-style="normal"`` ending with an italic "et
al." keeps it; each name's own ``font-variant="normal"`` around a small-caps
family name is still an orphan). ``DIN 1505-2``'s
``<et-al font-variant="normal"/>`` inside small-caps names is kept; the same
``font-style="normal"`` on a title outside any italics is not; a ``cs:name``'s
default is not written where its ``cs:names`` sets the property (small-caps names
with a ``font-variant="normal"`` name are small caps).
``text-decoration="none"`` and ``vertical-align="baseline"`` are never dropped
(citeproc-js tests only "normal"), and the latter is written as citeproc-js
writes it, ``<span style="baseline">``. Plain text is unchanged.

Extends: ``Formatted.format`` (HTML only); ``finish`` drops the orphan spans of a
finished entry or citation.
"""

from __future__ import annotations

import re
from typing import Any

from citeproc import model

from dls_proceedings.citations.fixes._context import CONTEXT
from dls_proceedings.citations.fixes.html_output import FORMATTER

__all__ = ["ELEMENTS", "finish"]

# citeproc-js's order of decorations on one element, and its HTML for each default.
_DEFAULTS = (
    ("font-style", "normal", '<span style="font-style:normal;">'),
    ("font-variant", "normal", '<span style="font-variant:normal;">'),
    ("font-weight", "normal", '<span style="font-weight:normal;">'),
    ("text-decoration", "none", '<span style="text-decoration:none;">'),
    ("vertical-align", "baseline", '<span style="baseline">'),
)


_PARTED = "\ue007"  # after the opening tag: the span's last part may keep it (finish)


class Formatted:
    def format(self: Any, string: Any) -> Any:
        text = super().format(string)  # type: ignore[misc]
        get = self.get
        if not any(get(attribute) == value for attribute, value, _ in _DEFAULTS):
            return text
        state = CONTEXT.get()
        if state is None or state.formatter is not FORMATTER or text is None or str(text) == "":
            return text
        # A group's last part may keep the span (``finish``); a text's, a date's, a
        # label's, a name's, a macro's own does not (a macro's part is its group).
        parted = isinstance(self, model.Group) or (
            isinstance(self, model.Name) and state.whole_list
        )
        # A cs:name's default where its cs:names sets that property is not written:
        # citeproc-js decorates the list with the names' own ("small-caps" names with
        # a "normal" name print the list in small caps).
        parent = self.getparent() if isinstance(self, model.Name) else None
        for attribute, value, opening in _DEFAULTS:
            if get(attribute) == value:
                if parent is not None and parent.get(attribute) not in (None, value):
                    continue
                text = f"{opening}{_PARTED if parted else ''}{text}</span>"
        return text


_TAG = re.compile(r"<(/?)([a-zA-Z]+)([^>]*)>")
_STYLE = re.compile(r'style="([^"]*)"')
_NORMAL_SPAN = re.compile(r'^ style="(font-style|font-variant|font-weight):normal;"$')
# What each tag sets (beside a span's style attribute).
_SETS = {"i": "font-style", "em": "font-style", "b": "font-weight"}


def _sets(name: str, attributes: str) -> frozenset[str]:
    """The properties an opening tag sets to something other than their default."""
    found = set()
    if name in _SETS:
        found.add(_SETS[name])
    match = _STYLE.search(attributes)
    if match:
        for declaration in match.group(1).split(";"):
            prop, _, value = declaration.partition(":")
            if value.strip() and value.strip() not in ("normal", "none", "baseline"):
                found.add(prop.strip())
    return frozenset(found)


class _Node:
    """An element of the finished HTML: its tags and its children (text or elements)."""

    __slots__ = ("children", "close", "normal", "open", "parted", "sets")

    def __init__(self, open_tag: str, name: str, attributes: str) -> None:
        self.open = open_tag
        self.close = ""
        self.children: list[str | _Node] = []
        self.sets = _sets(name, attributes)
        match = _NORMAL_SPAN.match(attributes) if name == "span" else None
        self.normal = match.group(1) if match is not None else None
        self.parted = False


def _tree(text: str) -> _Node:
    root = _Node("", "", "")
    stack = [root]
    position = 0
    for token in _TAG.finditer(text):
        closing, name, attributes = token.groups()
        if token.start() > position:
            stack[-1].children.append(text[position : token.start()])
        position = token.end()
        if closing:
            if len(stack) > 1:
                stack.pop().close = token.group(0)
            else:
                root.children.append(token.group(0))
        elif attributes.endswith("/"):
            stack[-1].children.append(token.group(0))
        else:
            node = _Node(token.group(0), name, attributes)
            stack[-1].children.append(node)
            stack.append(node)
    if position < len(text):
        stack[-1].children.append(text[position:])
    return root


def _write(node: _Node, around: frozenset[str], out: list[str]) -> None:
    keep = True
    children = node.children
    first = children[0] if children else None
    if node.normal is not None and isinstance(first, str) and first.startswith(_PARTED):
        node.parted, children = True, [first[1:], *children[1:]]
    if node.normal is not None and node.normal not in around:
        # citeproc-js keeps it where the last part of a group or name list sets the
        # property otherwise (normalDecorIsOrphan reads the last child's decorations).
        last = next((c for c in reversed(children) if c != ""), None)
        keep = node.parted and isinstance(last, _Node) and node.normal in last.sets
    if keep:
        out.append(node.open)
    inner = around | node.sets
    for child in children:
        if isinstance(child, _Node):
            _write(child, inner, out)
        else:
            out.append(child)
    if keep:
        out.append(node.close)


def finish(text: str) -> str:
    """*text* (finished HTML) without the ``normal`` spans nothing around them needs.

    >>> finish('<span style="font-style:normal;">A</span> <i>b <span style="font-style:normal;">c</span></i>')
    'A <i>b <span style="font-style:normal;">c</span></i>'
    """
    if "normal;" not in text:
        return text.replace(_PARTED, "") if _PARTED in text else text
    out: list[str] = []
    _write(_tree(text), frozenset(), out)
    return "".join(out).replace(_PARTED, "")


ELEMENTS = ((model.Formatted, Formatted),)
