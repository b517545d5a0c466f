"""Formatting set to its default value ("normal", "none", "baseline") as citeproc-js writes it.

citeproc-py writes nothing for ``font-style="normal"`` and the like. citeproc-js
writes a span for each (``<span style="font-style:normal;">``) where an element
sets one, and then drops a ``normal`` span that no enclosing element makes
necessary (``normalDecorIsOrphan``): one whose property no element around it
(the citation's layout included) sets to something else. ``DIN 1505-2``'s
``<et-al font-variant="normal"/>`` inside small-caps names is kept; the same
``font-style="normal"`` on a title outside any italics is not.
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


class _Spanned(str):
    """Text already wrapped in a default-formatting span (HTML)."""


class Formatted:
    def format(self: Any, string: Any) -> Any:
        text = super().format(string)  # type: ignore[misc]
        get = self.get
        if not any(get(attribute) == value for attribute, value, _ in _DEFAULTS):
            return text
        state = CONTEXT.get()
        if state is None or state.formatter is not FORMATTER or text is None or str(text) == "":
            return text
        for attribute, value, opening in _DEFAULTS:
            if get(attribute) == value:
                text = _Spanned(f"{opening}{text}</span>")
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


def finish(text: str) -> str:
    """*text* (finished HTML) without the ``normal`` spans nothing around them needs.

    >>> finish('<span style="font-style:normal;">A</span> <i>b <span style="font-style:normal;">c</span></i>')
    'A <i>b <span style="font-style:normal;">c</span></i>'
    """
    if "normal;" not in text:
        return text
    out: list[str] = []
    # The open tags: (what it sets, whether it is dropped with its closing tag).
    stack: list[tuple[frozenset[str], bool]] = []
    position = 0
    for token in _TAG.finditer(text):
        closing, name, attributes = token.groups()
        out.append(text[position : token.start()])
        position = token.end()
        if closing:
            dropped = stack.pop()[1] if stack else False
            if not dropped:
                out.append(token.group(0))
            continue
        if attributes.endswith("/"):
            out.append(token.group(0))
            continue
        normal = _NORMAL_SPAN.match(attributes) if name == "span" else None
        if normal is not None and not any(normal.group(1) in sets for sets, _ in stack):
            stack.append((frozenset(), True))
            continue
        stack.append((_sets(name, attributes), False))
        out.append(token.group(0))
    out.append(text[position:])
    return "".join(out)


ELEMENTS = ((model.Formatted, Formatted),)
