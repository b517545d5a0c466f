"""Particles in names: read from the name as citeproc-js reads them, and joined as it joins them.

citeproc-js parses a personal name given without particle fields: the leading
lowercase words of the family name ("von Hoppel", "al-One", "d'Artagnan") are
its non-dropping particle, the trailing lowercase words of the given name
("Gustav von") its dropping particle, and a given name with a comma
("John, Jr.") has a suffix (printed after a comma too for "John,! Jr.").
A family name in double quotes, or any particle field already set, is taken
as it is. A particle that ends in a hyphen or an
apostrophe is joined to the family name without a space ("al-One"), as is such a
dropping particle (other than "de'") where there is no non-dropping one.
citeproc-py reads the fields only, so "von Hoppel, Gustav" sorts and prints
under V where citeproc-js prints "Hoppel, Gustav von" (``demote-non-dropping-
particle="display-and-sort"``, the default).

Extends: ``CiteProcJSON.parse_names`` (the source), ``Name.process``.
"""

from __future__ import annotations

import re
from typing import Any

from citeproc import model

from dls_proceedings.citations.fixes._records import keep_data_key

__all__ = ["ELEMENTS", "SOURCE", "parse_particles"]

# citeproc-js's CSL.PARTICLE_FAMILY_REGEXP and CSL.PARTICLE_GIVEN_REGEXP.
_FAMILY = re.compile(r"^([^ ]+(?:-|\u02bb|\u2019| |') *)(.+)$", re.S)
_GIVEN = re.compile(r"^([^ ]+(?:\u02bb |\u2019 | |' ) *)(.+)$", re.S)
_LEADING = re.compile(r"^[-'\u02bb\u2019\s]*(.)", re.S)
_SUFFIX = re.compile(r"(\s*,!*\s*)")
_JOINING = ("-", "'", "\u2019")
_WORDS = re.compile(r"[\s\-'\u2019\u02bb]+")
_PARTICLE_FIELDS = ("non-dropping-particle", "dropping-particle")


def _split(value: str, given: bool) -> tuple[str, list[str]]:
    """(*value* without its particles, the particles), as citeproc-js's splitParticles."""
    original = value
    text = value[::-1] if given else value
    rex = _GIVEN if given else _FAMILY
    particles: list[str] = []
    match = rex.match(text)
    while match:
        found = match.group(1)[::-1] if given else match.group(1)
        first = _LEADING.match(found)
        if first is None or first.group(1).upper() == first.group(1):
            break
        if given:
            particles.append(original[-len(found) :])
            original = original[: -len(found)]
        else:
            particles.append(original[: len(found)])
            original = original[len(found) :]
        text = match.group(2)
        match = rex.match(text)
    if given:
        text = text[::-1]
        particles.reverse()
        for i in range(1, len(particles)):
            if particles[i][:1] == " ":
                particles[i - 1] += " "
        particles = [p[1:] if p[:1] == " " else p for p in particles]
        return original[: len(text)], particles
    return original[len(original) - len(text) :], particles


def _trim_last(text: str) -> str:
    last = text[-1:]
    text = text.strip()
    if last == " " and text[-1:] in ("'", "\u2019"):
        text += " "
    return text


def parse_particles(name: dict[str, Any]) -> dict[str, Any]:
    """*name* (CSL-JSON) with its particles and suffix read out of its family and given name.

    >>> parse_particles({"family": "von Hoppel", "given": "Gustav"})
    {'family': 'Hoppel', 'given': 'Gustav', 'non-dropping-particle': 'von'}
    >>> parse_particles({"family": "One", "given": "Alan al-"})["dropping-particle"]
    'al-'
    """
    family, given = name.get("family"), name.get("given")
    if (
        not isinstance(family, str)
        or not isinstance(given, str)
        or not family
        or not given
        or family[:1] == '"'
        or any(name.get(f) for f in _PARTICLE_FIELDS)
        or name.get("static-particles")
        or name.get("parse-names") in (False, 0, "false")
    ):
        return name
    out = dict(name)
    rest, particles = _split(family, given=False)
    particle = _trim_last("".join(particles))
    out["family"] = rest
    if particle:
        out["non-dropping-particle"] = particle
    if not out.get("suffix"):
        match = _SUFFIX.search(given)
        if match:
            start = match.start(1)
            possible = given[start + len(match.group(1)) :]
            if possible.replace(".", "") == "et al":
                out["dropping-particle"] = possible
            else:
                out["suffix"] = possible
                if len(match.group(1).replace(" ", "")) == 2:
                    out["comma-suffix"] = True  # "John,! Jr.": "John Doe, Jr."
            given = given[:start]
    rest, particles = _split(given, given=True)
    out["given"] = rest
    dropping = "".join(particles).strip()
    if dropping:
        out["dropping-particle"] = dropping
    return out


def _needs_parsing(name: Any) -> bool:
    """A cheap first test: a family and a given name, one with a lowercase word or a comma."""
    if not isinstance(name, dict):
        return False
    family, given = name.get("family"), name.get("given")
    if not isinstance(family, str) or not isinstance(given, str):
        return False
    return "," in given or _has_lower_word(family) or _has_lower_word(given)


def _has_lower_word(text: str) -> bool:
    return any(word[:1].islower() for word in _WORDS.split(text))


class Source:
    def parse_names(self: Any, json_data: Any) -> Any:
        if not isinstance(json_data, list) or not any(_needs_parsing(n) for n in json_data):
            return super().parse_names(json_data)  # type: ignore[misc]
        parsed = [parse_particles(n) if _needs_parsing(n) else n for n in json_data]
        names = super().parse_names(parsed)  # type: ignore[misc]
        if len(names) == len(json_data):
            for data, read, name in zip(json_data, parsed, names, strict=True):
                if read is not data:
                    # citeproc-js compares names by their parts as given (its
                    # subsequent-author-substitute): "de la Cruz" is not "de la" + "Cruz".
                    keep_data_key(name, data)
        return names


def _joined(name: Any) -> list[tuple[str, str]]:
    """(as citeproc-py prints it, as citeproc-js prints it) for *name*'s joining particles."""
    if not hasattr(name, "get"):
        return []
    family = name.get("family")
    ndp, dp = name.get("non-dropping-particle"), name.get("dropping-particle")
    out: list[tuple[str, str]] = []
    if family and ndp and str(ndp)[-1:] in _JOINING:
        particle = str(ndp)
    elif family and dp and not ndp and str(dp)[-1:] in _JOINING and str(dp)[:-1] != "de":
        particle = str(dp)
    else:
        return out
    out.append((f"{particle} {family}", f"{particle}{family}"))
    # As the quotes of names print it (name_scripts): "d'" is "d’".
    curly = particle.replace("'", "\u2019")
    if curly != particle:
        out.append((f"{curly} {family}", f"{curly}{family}"))
    return out


class Name:
    def process(self: Any, item: Any, variable: Any, *args: Any, **kw: Any) -> Any:
        text = super().process(item, variable, *args, **kw)  # type: ignore[misc]
        if not text or isinstance(text, int):
            return text
        names = item.reference.get(variable.replace("-", "_")) or []
        for name in names:
            for plain, joined in _joined(name):
                if plain in str(text):
                    text = text.replace(plain, joined)
        return text


SOURCE = (Source,)
ELEMENTS = ((model.Name, Name),)
