"""``text-case="title"`` splits words as citeproc-js does.

citeproc-py title-cases whitespace-separated words, so a word that begins with
punctuation or markup is never capitalized and words after ``/``, ``-``,
``(`` or quotes are treated as the middle of a word. citeproc-js splits the
text at punctuation and quotes first, then at spaces, capitalizes each
all-lowercase word longer than one letter that is not a stop word (its
locale's skip words), the first word, a word after ``:``, ``?`` or ``!``, a
word before a hyphen at the very start ("Out-of-Fashion": only there), and
the last word even if it is a stop word ("Research For"); an apostrophe
before text is part of that text ("You're" stays as it is); text inside
``nocase`` spans is left alone. This fix follows that algorithm (the
quote-repair step for apostrophes inside words included in the splitting
only, which gives the same result for them).

``text-case="capitalize-all"`` splits the text the same way and capitalizes every
all-lowercase word (citeproc-py capitalized each whitespace-separated word and
joined them with spaces: a nocase "DeepGalaxy" before ": deducing" printed
"DeepGalaxy : Deducing", and "iPhone" became "IPhone").

Extends: ``TextCased.case``.
"""

from __future__ import annotations

import re
from typing import Any

from citeproc import model
from citeproc.string import MixedString, NoCase

from dls_proceedings.citations.fixes._strings import MixedString as _MixedString
from dls_proceedings.citations.fixes._strings import NoCase as _NoCase
from dls_proceedings.citations.fixes._strings import String

__all__ = ["ELEMENTS", "TextCased", "capitalize_all", "title_case"]

# citeproc-js's CSL.SKIP_WORDS (its default "skip-words" for every locale).
_SKIP_WORDS = [
    "about",
    "above",
    "across",
    "afore",
    "after",
    "against",
    "al",
    "along",
    "alongside",
    "amid",
    "amidst",
    "among",
    "amongst",
    "anenst",
    "apropos",
    "apud",
    "around",
    "as",
    "aside",
    "astride",
    "at",
    "athwart",
    "atop",
    "barring",
    "before",
    "behind",
    "below",
    "beneath",
    "beside",
    "besides",
    "between",
    "beyond",
    "but",
    "by",
    "circa",
    "despite",
    "down",
    "during",
    "et",
    "except",
    "for",
    "forenenst",
    "from",
    "given",
    "in",
    "inside",
    "into",
    "lest",
    "like",
    "modulo",
    "near",
    "next",
    "notwithstanding",
    "of",
    "off",
    "on",
    "onto",
    "out",
    "over",
    "per",
    "plus",
    "pro",
    "qua",
    "sans",
    "since",
    "than",
    "through",
    "thru",
    "throughout",
    "thruout",
    "till",
    "to",
    "toward",
    "towards",
    "under",
    "underneath",
    "until",
    "unto",
    "up",
    "upon",
    "versus",
    "vs.",
    "v.",
    "vs",
    "v",
    "via",
    "vis-à-vis",
    "with",
    "within",
    "without",
    "or",
    "yet",
    "so",
    "and",
    "nor",
    "a",
    "an",
    "the",
    "de",
    "d'",
    "von",
    "van",
    "c",
    "ca",
]
_SKIP_PHRASES = (
    "according to", "ahead of", "apart from", "as for", "as of", "as per", "as regards",
    "aside from", "back to", "because of", "close to", "due to", "except for", "far from",
    "inside of", "instead of", "near to", "next to", "on to", "out from", "out of", "outside of",
    "prior to", "pursuant to", "rather than", "regardless of", "such as", "that of", "up to",
    "where as",
)  # fmt: skip
# As citeproc-js builds it: the words are regular-expression alternatives, unescaped.
_SKIP = re.compile(
    r"(?:(?:[?!:]*\s+|-|^)(?:" + "|".join([*_SKIP_WORDS, *_SKIP_PHRASES]) + r")(?=[!?:]*\s+|-|$))"
)
_NOCASE_OPEN, _NOCASE_CLOSE = "\ue01c", "\ue01d"
_TAGS = re.compile(
    "(\u2018|\u2019|\u201c|\u201d| \"| '|\"|'|[-\u2013\u2014/.,;?!:]|\\[|\\]|\\(|\\)"
    '|<span style="font-variant: small-caps;">|<span class="no(?:case|decor)">|</span>'
    # Formatting our HTML writes (normal_formatting's spans): tags, not words.
    '|<span style="[a-z-]+:[a-z-]+;">|<span style="baseline">'
    "|</?(?:i|sc|b|sub|sup)>|[\ue010-\ue01d]"
    # The same tags escaped (HTML output; see _ENTITIES): tags, not words, as in text.
    "|\ue040/?(?:i|sc|b|sub|sup)\ue041)"
)
_OPENERS = {
    '<span style="font-variant: small-caps;">': "</span>",
    '<span class="nocase">': "</span>",
    '<span class="nodecor">': "</span>",
    "<sc>": "</sc>",
    "<sub>": "</sub>",
    "<sup>": "</sup>",
    # The marks of rich_text for the same markup, and of a nocase piece (TextCased).
    "\ue014": "\ue015",
    "\ue016": "\ue017",
    "\ue018": "\ue019",
    "\ue01a": "\ue01b",
    _NOCASE_OPEN: _NOCASE_CLOSE,
}
_SPACE = re.compile("([\u00a0\u0020\u2000-\u200b\u205f\u3000]+)")
# Escaped data (HTML output) must not be split at the ';' and '#' of its entities.
_ENTITIES = {"&#38;": "\ue042", "&#60;": "\ue040", "&#62;": "\ue041"}


def _capitalise(word: str) -> str:
    match = re.match(r"(\s*)(.)(.*)", word, re.S)
    if match is None:
        return word
    lead, first, rest = match.groups()
    if "\u0370" <= first <= "\u03ff" and not rest:  # a lone Greek letter stays as it is
        return word
    return lead + first.upper() + rest


def _split(text: str) -> tuple[list[str], list[str]]:
    """*text*'s strings and the tags between them (punctuation, quotes, markup), as
    citeproc-js splits text for its text cases; an apostrophe before text belongs to that
    text ("You're": "You" and "'re")."""
    for entity, mark in _ENTITIES.items():
        text = text.replace(entity, mark)
    parts = _TAGS.split(text)
    strings, tags = parts[0::2], parts[1::2]
    for i, tag in enumerate(tags):
        if tag == "'" and strings[i + 1]:
            strings[i + 1] = tag + strings[i + 1]
            tags[i] = ""
    return strings, tags


def _joined(strings: list[str], tags: list[str]) -> str:
    """The text ``_split`` split, put back together."""
    out = "".join(s + (tags[i] if i < len(tags) else "") for i, s in enumerate(strings))
    for entity, mark in _ENTITIES.items():
        out = out.replace(mark, entity)
    return out


def title_case(text: str) -> str:
    """Title-case *text* as citeproc-js does.

    >>> title_case("topic-aware question answering using scalable domain-specific supercomputers")
    'Topic-Aware Question Answering Using Scalable Domain-Specific Supercomputers'
    >>> title_case("<script>alert(1)</script> & co")
    '<script>alert(1)</Script> & Co'
    """
    strings, tags = _split(text)
    state: dict[str, Any] = {"first": True, "after_punct": False, "last": None}

    def words(segment: str, position: int, following: str | None) -> str:
        if not segment.strip():
            return segment
        pieces = _SPACE.split(segment)
        indexes = [i for i in range(0, len(pieces), 2) if pieces[i]]
        for n, i in enumerate(indexes):
            word = pieces[i]
            lower = word.lower()
            capitalize = (
                (len(word) > 1 and not _SKIP.search(lower))
                or (n == len(indexes) - 1 and following == "-")
                or state["first"]
                or state["after_punct"]
            )
            if capitalize and word == lower:
                pieces[i] = _capitalise(word)
            state["first"] = state["after_punct"] = False
            state["last"] = (position, i)
        return "".join(pieces)

    strings[0] = words(strings[0], 0, tags[0] if tags else None)
    open_tags: list[str] = []
    for i, tag in enumerate(tags):
        if tag in _OPENERS:
            open_tags.append(_OPENERS[tag])
        elif open_tags and tag == open_tags[-1]:
            open_tags.pop()
        if tag[-1:] in "!?:":
            state["after_punct"] = True
        segment = strings[i + 1]
        if not open_tags:
            # (citeproc-js hands the word-before-a-hyphen rule the following tag for
            # the first segment only.)
            strings[i + 1] = words(segment, i + 1, None)
        elif segment.strip():
            state["last"] = None
        if segment.strip():
            state["first"] = state["after_punct"] = False
    if state["last"] is not None:
        # The last word is capitalized even when it is a stop word ("Research For").
        position, index = state["last"]
        pieces = _SPACE.split(strings[position])
        word = pieces[index]
        if len(word) > 1 and _SKIP.search(word.lower()):
            pieces[index] = _capitalise(word)
            strings[position] = "".join(pieces)
    return _joined(strings, tags)


def capitalize_all(text: str) -> str:
    """``text-case="capitalize-all"`` as citeproc-js applies it: the first letter of each
    all-lowercase word, words split at spaces and at punctuation, quotes and markup
    (a word with a capital already stays as it is; an apostrophe is inside a word).

    >>> capitalize_all("DeepGalaxy: deducing the properties of iPhone data:x")
    'DeepGalaxy: Deducing The Properties Of iPhone Data:X'
    """
    strings, tags = _split(text)

    def words(segment: str) -> str:
        pieces = _SPACE.split(segment)
        for i in range(0, len(pieces), 2):
            word = pieces[i]
            if word and word == word.lower():
                pieces[i] = _capitalise(word)
        return "".join(pieces)

    strings[0] = words(strings[0])
    open_tags: list[str] = []
    for i, tag in enumerate(tags):
        if tag in _OPENERS:
            open_tags.append(_OPENERS[tag])
        elif open_tags and tag == open_tags[-1]:
            open_tags.pop()
        if not open_tags:
            strings[i + 1] = words(strings[i + 1])
    return _joined(strings, tags)


class TextCased:
    def case(self: Any, text: Any, language: Any = None) -> Any:
        text_case = self.get("text-case")
        if ((text_case != "title" or language != "en") and text_case != "capitalize-all") or (
            # A macro call's text-case changes nothing (``macro_case``).
            isinstance(self, model.Text) and "macro" in self.attrib
        ):
            return super().case(text, language)  # type: ignore[misc]
        cased = title_case if text_case == "title" else capitalize_all
        segments = list(text) if isinstance(text, MixedString) else [text]
        if any(isinstance(s, NoCase) for s in segments):
            # The nocase pieces are marked, left alone by title_case, and kept as pieces.
            marked = "".join(
                f"{_NOCASE_OPEN}{s}{_NOCASE_CLOSE}" if isinstance(s, NoCase) else str(s)
                for s in segments
            )
            parts = re.split(f"({_NOCASE_OPEN}.*?{_NOCASE_CLOSE})", cased(marked), flags=re.S)
            pieces = [
                _NoCase(part[1:-1]) if part.startswith(_NOCASE_OPEN) else String(part)
                for part in parts
                if part
            ]
            return _MixedString(pieces)
        return String(cased(str(text)))


ELEMENTS = ((model.TextCased, TextCased),)
