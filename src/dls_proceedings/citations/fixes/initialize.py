"""Given names initialized as citeproc-js initializes them, ``initialize="false"`` too.

citeproc-py ignores ``initialize="false"`` and initializes whenever
``initialize-with`` is set, so Chicago, MLA and ASA print "Murai, S." for
"Murai, Shogo". And it reads every word of a given name as a name to cut to
its first letter: "Ph. M.E." becomes "P. M. E." and "ME." becomes "M.".

citeproc-js first spaces the periods inside the name ("M.E" is "M. E") and
reads it as words between spaces and hyphens, then

- initializing (``initialize`` true, the default): each capitalized word
  becomes its first letter, the mark after it (``initialize-with``), a hyphen
  kept ("J.-P."). A word that ends in a period and has more letters than one
  ("Ph.", "Me.") is an abbreviation and stays as it is, with the mark; a
  word all capitals is its first letter ("ME": "M."), a word whose first
  letters are capitals keeps them, lowercased ("THomas": "Th."); a
  lowercase word stays whole ("Jean de" as it is); a lowercase word after a
  hyphen belongs to the word before ("G-ping": "G.");
- with ``initialize="false"``: words stay whole; only abbreviations (a word
  ending in a period, or one capital letter) get the mark, their own period
  dropped ("M.E" with ". " is "M. E.", with "" is "ME").

A given name that is "Lord" or "Lady" stays whole.

Extends: ``Name.initialize``.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

from citeproc import model

from dls_proceedings.citations.fixes._context import kept

__all__ = ["ELEMENTS", "Name", "initialize_given"]

# JavaScript's \s, which citeproc-js's patterns use (Python's differs at its edges).
_JS_SPACE = "\t\n\v\f\r \u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000\ufeff"
_SPACE_RUN = re.compile(f"[{_JS_SPACE}]+")
_HYPHEN = re.compile(f"[{_JS_SPACE}]*-[{_JS_SPACE}]*")
_LOWER_AFTER_HYPHEN = re.compile("-([a-z])")
_EN_DASH_LOWER = re.compile("\u2013([a-z])")
_SEPARATOR = re.compile(f"([-{_JS_SPACE}]+)")
_ASCII_SPACE_RUN = re.compile("[\t\n\v\f\r ]+")
_TRAILING = re.compile("[\t\n\v\f\r \ufeff\u00a0]+$")
# citeproc-js's CSL.NAME_INITIAL_REGEXP: a capital, its word's letters, its periods.
_INITIAL = re.compile(
    "^([A-Z\u0e01-\u0e5b\u00c0-\u017f\u0400-\u042f\u0590-\u05d4\u05d6-\u05ff\u0600-\u06ff"
    "\u0370\u0372\u0376\u0386\u0388-\u03ab\u03e2\u03e4\u03e6\u03e8\u03ea\u03ec\u03ee\u03f4"
    "\u03f7\u03fd-\u03ff])"
    "([a-zA-Z\u0e01-\u0e5b\u00c0-\u017f\u0400-\u052f\u0600-\u06ff\u0370-\u03ff\u1f00-\u1fff]*|)"
    "(\\.)*"
)
_ROMANESQUE = re.compile(
    "[-0-9a-zA-Z\u0e01-\u0e5b\u00c0-\u017f\u0370-\u03ff\u0400-\u052f\u0590-\u05d4\u05d6-\u05ff"
    "\u1f00-\u1fff\u0600-\u06ff\u200c\u200d\u200e\u0218\u0219\u021a\u021b\u202a-\u202e]"
)
_STARTS_ROMANESQUE = re.compile(
    "[&a-zA-Z\u0e01-\u0e5b\u00c0-\u017f\u0370-\u03ff\u0400-\u052f\u0590-\u05d4\u05d6-\u05ff"
    "\u1f00-\u1fff\u0600-\u06ff\u200c\u200d\u200e\u0218\u0219\u021a\u021b\u202a-\u202e]"
)
_LAST_CHUNK = re.compile(r"[^.]+$")
_PERIOD = re.compile(r"\.(?=[^ ])")
_LEADING_TAGS = re.compile(r"^(?:<[^>]+>)*")
_INHERITED = "./ancestor::*[self::cs:citation or self::cs:bibliography][1]"


def _words(given: str, hyphen: bool) -> list[str]:
    """*given* as [word, separator, word, ...], its periods spaced ("M.E" is "M. E")."""
    if not hyphen:
        given = given.replace("-", " ")
    given = _SPACE_RUN.sub(" ", _HYPHEN.sub("-", given))
    # A lowercase word after a hyphen is part of the word before (restored at the end).
    given = _LOWER_AFTER_HYPHEN.sub("\u2013\\1", given)
    given = _PERIOD.sub(". ", given)
    words = _SEPARATOR.split(given)
    if len(words) == 1:
        last = _LAST_CHUNK.search(words[0])
        if last and len(last.group()) == 1 and last.group() != last.group().lower():
            words[0] += "."
    return words


def _initialized(words: list[str], mark: str) -> str:
    """citeproc-js's initializing of *words*: each capitalized word to its initial."""
    count = len(words)
    for i in range(0, count, 2):
        word = words[i]
        if not word:
            continue
        match = _INITIAL.match(word)
        if match is not None:
            initial, rest, period = match.group(1), match.group(2), match.group(3)
            if rest and period:  # an abbreviation ("Ph."): kept as it is
                initial, rest = initial + rest, ""
            if initial[:1] == initial[:1].upper():
                leading = ""
                for char in rest:
                    if char != char.upper():
                        break
                    leading += char
                extra = leading.lower() if len(leading) < len(rest) else ""
                words[i] = initial + extra
                if i < count - 1:
                    separator = words[i + 1]
                    words[i + 1] = mark + "-" if "-" in separator else mark
                else:
                    words.append(mark)
                continue
        if _ROMANESQUE.search(word) and (match is None or not match.group(3)):
            words[i] = " " + word
    return _finished("".join(words))


def _normalized(words: list[str], mark: str) -> str:
    """citeproc-js's ``initialize="false"``: only abbreviations (and initials) get *mark*."""
    abbreviation = []
    for i, word in enumerate(words):
        if len(word) > 1 and word.endswith("."):
            cut = word.rfind(".")
            words[i] = word[:cut] + word[cut + 1 :]
            abbreviation.append(True)
        else:
            abbreviation.append(len(word) == 1 and word.upper() == word)
    count = len(words)
    for i in range(0, count, 2):
        if not abbreviation[i]:
            continue
        if i < count - 2:
            if not abbreviation[i + 2]:
                words[i + 1] += " "
            if len(words[i + 2]) > 1:
                words[i + 1] = mark.removesuffix("\ufeff") + words[i + 1]
            else:
                words[i + 1] = mark
        if i == count - 1:
            words[i] += mark
    return _finished("".join(words))


def _finished(text: str) -> str:
    text = _TRAILING.sub("", text)
    return _ASCII_SPACE_RUN.sub(" ", _HYPHEN.sub("-", text))


@lru_cache(maxsize=8192)
def initialize_given(given: str, mark: str, initialize: bool = True, hyphen: bool = True) -> str:
    """*given* initialized with *mark* as citeproc-js does it (*initialize*: the attribute
    ``initialize``; *hyphen*: ``initialize-with-hyphen``).

    >>> initialize_given("Jean-Paul", ". "), initialize_given("Ph. M.E.", ".")
    ('J.-P.', 'Ph.M.E.')
    >>> initialize_given("John M.E.", ". ", initialize=False)
    'John M. E.'
    """
    if (
        not given
        or given in ("Lord", "Lady")
        or not _STARTS_ROMANESQUE.match(_LEADING_TAGS.sub("", given))
    ):
        return given
    words = _words(given, hyphen)
    text = _initialized(words, mark) if initialize else _normalized(words, mark)
    return _EN_DASH_LOWER.sub("-\\1", text)


def _initializes(element: Any, context: Any) -> bool:
    """The ``initialize`` option: on cs:name, else its citation or bibliography, else the style."""
    value = element.get("initialize")
    if value is None:
        found = (context if context is not None else element).xpath_search(_INHERITED)
        value = found[0].get("initialize") if found else None
    if value is None:
        value = element.get_root().get("initialize", "true")
    return str(value).lower() != "false"


class Name:
    def initialize(self: Any, given: Any, mark: Any, context: Any) -> Any:
        table = kept("initialize")
        key = (self, context)
        options = table.get(key)
        if options is None:
            hyphen = bool(self.get_option("initialize-with-hyphen", context))
            options = table[key] = (_initializes(self, context), hyphen)
        text = initialize_given(str(given), str(mark), *options)
        return text if type(given) is str else type(given)(text)


ELEMENTS = ((model.Name, Name),)
