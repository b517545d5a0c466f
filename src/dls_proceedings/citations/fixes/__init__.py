"""The correctness layer: each module fixes one way citeproc-py differs from citeproc-js.

Every fix is a small patch of one citeproc-py mechanism, never a special case
for a style; the ``speed_*`` fixes change no output, only its cost.
``apply_all()`` installs them once; ``FIXES`` names them (the conformance
report lists them).
"""

from __future__ import annotations

from importlib import import_module
from threading import Lock

__all__ = ["FIXES", "apply_all"]

FIXES: dict[str, str] = {
    "variables": "CSL 1.0.2 variables citeproc-py does not know (event-title, citation-key, ...)",
    "substitution": "a variable used as a substitute is suppressed in the rest of the entry",
    "initialize": 'initialize="false" keeps given names whole (only existing initials get the mark)',
    "punctuation_in_quote": "locales with punctuation-in-quote move a following comma or period inside",
    "second_field_align": "the first field is split off: a space in text, margin divs in HTML",
    "html_output": "HTML escapes data and spells entities and markup as citeproc-js does",
    "labels": "a label needs its variable; number-of-pages gets its label",
    "seams": "duplicate punctuation merges across closing formatting tags",
    "macro_case": "text-case on a cs:text that calls a macro changes nothing",
    "name_scripts": "names are written by their script: 王小明, 王 X.; quotes in names are read",
    "name_formatting": "formatting on cs:name applies to each name, not the whole list",
    "title_case": "title case splits words at punctuation and quotes, as citeproc-js does",
    "label_case": "title case on a label, term or value applies whatever the item's language",
    "quotes": "straight quotes and apostrophes in the data are read as citeproc-js reads them",
    "year_suffix": (
        "items whose citations stay ambiguous get year suffixes (2020a, 2020b) in bibliography"
        " order, after the first year where the style does not print them"
    ),
    "speed_registration": "registering and numbering items costs O(1) per item, not O(n)",
    "speed_lookups": "a style's lookups (XPath queries, terms, name options) are answered once per style",
    "speed_records": "a reference's fields are read with dict's own lookup; a missing one still raises VariableError",
    "speed_formatting": "an element without formatting or affixes returns its text without the format steps",
    "speed_source": "equal strings and dates of the items are parsed once and shared",
    "speed_conditions": "cs:choose tests its branches without raising an exception per failed test",
    "sort_keys": "sort keys are rendered once per item, only while tied, and collated as citeproc-js does",
    # After speed_source: it reads each string as it comes, also the ones kept.
    "narrow_spaces": "a space before : ; ? ! » and after « in the data is a narrow no-break space",
    # Last: its affix step must see every element, the ones speed_formatting passes by too.
    "punctuation": 'punctuation meeting punctuation collapses by citeproc-js\'s table ("?" + "." is "?")',
}

_lock = Lock()
_applied = False


def apply_all() -> None:
    """Install every fix (idempotent, thread-safe)."""
    global _applied
    with _lock:
        if _applied:
            return
        for name in FIXES:
            import_module(f"{__name__}.{name}").apply()
        _applied = True
