"""The proceedings volume as frozen, validated pydantic models.

The models know no output formats: exporters read them, they never import an
exporter. Every model is immutable (``frozen=True``), rejects unknown fields
(``extra="forbid"``) and keeps sequences as tuples, so a loaded volume can be
shared, hashed and cached safely.

Derived values (``Affiliation.country_code``, ``Workshop.year``, ``Workshop.key``)
are computed fields: they appear in ``model_dump()`` and are accepted back by
``model_validate()`` only when they agree with what they derive from, so
``Workshop.model_validate(wk.model_dump()) == wk`` holds and a contradictory
dump is an error instead of being silently rewritten.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Callable
from functools import cache, cached_property, lru_cache
from typing import TYPE_CHECKING, Annotated, Any

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    PositiveInt,
    SerializerFunctionWrapHandler,
    computed_field,
    model_serializer,
    model_validator,
)

from dls_proceedings._gc import gc_paused
from dls_proceedings._text import duplicates, search_fold, sort_fold
from dls_proceedings.errors import UnknownKeyError

if TYPE_CHECKING:
    from typing_extensions import Self

__all__ = [
    "Affiliation",
    "Author",
    "AuthorIndexEntry",
    "Copyright",
    "FrontMatterItem",
    "Location",
    "PageRange",
    "Paper",
    "Person",
    "Printer",
    "Session",
    "Venue",
    "Workshop",
]


# --------------------------------------------------------------------------- field types


# Control characters, lone surrogates and line/paragraph separators have no place
# in a title or a name, and no exporter could write them faithfully.
_CONTROL_CHARS = r"\x00-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff"
_CONTROL = re.compile(f"[{_CONTROL_CHARS}]")
# Exactly the strings _clean_text accepts, in one test (re's \s is str.isspace).
_CLEAN = re.compile(rf"[^\s{_CONTROL_CHARS}](?:[^{_CONTROL_CHARS}]*[^\s{_CONTROL_CHARS}])?")


def _clean_text(value: str) -> str:
    if _CLEAN.fullmatch(value):
        return value
    if not value.strip():
        raise ValueError(f"must not be empty or blank, got {value!r}")
    if value != value.strip():
        raise ValueError(f"must not start or end with whitespace, got {value!r}")
    bad = _CONTROL.search(value)
    if bad:
        raise ValueError(
            f"must not contain control character U+{ord(bad.group(0)):04X}, got {value!r}"
        )
    return value


Text = Annotated[str, AfterValidator(_clean_text)]
"""A non-blank string without control characters or outer whitespace, kept as given."""

# Characters BibTeX, biblatex and CSL processors treat as syntax inside a key; and
# what no file format can carry faithfully or a reader could be misled by: control
# characters, lone surrogates, and the bidirectional-text controls that can make a
# key look like another.
_BIDI_CHARS = "\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069"
_BAD_KEY_CHARS = re.compile(rf"""[\s,{{}}()"#%'=\\~{_CONTROL_CHARS}{_BIDI_CHARS}]""")


def _check_key(value: str) -> str:
    bad = sorted(set(_BAD_KEY_CHARS.findall(value)))
    if not value or bad:
        shown = ", ".join(repr(c) for c in bad) if bad else "nothing"
        raise ValueError(
            f"invalid citation key {value!r}: contains {shown}; a key is a non-empty run of "
            "letters, digits and punctuation other than whitespace , { } ( ) \" # % ' = \\ ~ "
            "and control or bidirectional-text characters"
        )
    return value


CitationKey = Annotated[str, AfterValidator(_check_key)]


def _names_in_title(title: str, names: tuple[str, ...], owner: str) -> None:
    """Each proper name must be a run of whole words of *title*, as printed."""
    for name in names:
        if not re.search(rf"(?<![^\W_]){re.escape(name)}(?![^\W_])", title):
            raise ValueError(
                f"proper name {name!r} of {owner} is not a run of whole words of its title "
                f"{title!r}; give it exactly as the title prints it"
            )


_PUBLISHER_PLACE_DOC = (
    "Where the publisher is, as the volume prints it (the city, with its state or country): "
    "the place of publication a citation prints ('Piscataway, NJ'). Not the event's place."
)
_PROPER_NAMES_DOC = (
    "Names inside the title (of a tool, a method, a place, an event) whose capitals "
    "must survive any change of case, each as the title prints it: 'DDL Bench', "
    "'Monte Carlo'. Words with capitals inside them (LARS, DeepGalaxy) need no entry."
)

# The DOI Handbook's syntax: "10." + a registrant code of digit groups, "/", a
# non-empty suffix. Whitespace is not allowed anywhere. A regular expression is
# used rather than idutils because importing idutils costs about half a second.
_DOI = re.compile(rf"10\.\d{{4,9}}(?:\.\d+)*/[^\s{_CONTROL_CHARS}{_BIDI_CHARS}]+")


def _check_doi(value: str) -> str:
    if _DOI.fullmatch(value):
        return value
    if re.match(r"(?i)(https?://(dx\.)?doi\.org/|doi:)", value):
        raise ValueError(
            f"invalid DOI {value!r}: give the bare DOI without the resolver or 'doi:' prefix, "
            "e.g. '10.1109/DLS51937.2020.00008'"
        )
    raise ValueError(
        f"invalid DOI {value!r}: expected '10.<registrant>/<suffix>' with no spaces, control "
        "or bidirectional-text characters, e.g. '10.1109/DLS51937.2020.00008'"
    )


Doi = Annotated[str, AfterValidator(_check_doi)]


# python-stdnum and roman are imported when a value is first checked, not at import:
# the ISBN check digits are theirs to judge (no hand-rolled arithmetic here).


def _check_isbn(value: str) -> str:
    from stdnum import isbn
    from stdnum.exceptions import ValidationError as StdnumError

    try:
        isbn.validate(value)
    except StdnumError as exc:
        raise ValueError(
            f"invalid ISBN {value!r}: {exc}; expected a 10- or 13-digit ISBN with a correct "
            "check digit, e.g. '978-1-6654-2246-8'"
        ) from None
    return value


Isbn = Annotated[str, AfterValidator(_check_isbn)]
"""An ISBN as printed (hyphens kept), validated with python-stdnum."""


def _check_roman(value: str) -> str:
    import roman

    try:
        if value != value.lower():
            raise roman.InvalidRomanNumeralError(value)
        roman.fromRoman(value.upper())
    except roman.InvalidRomanNumeralError:
        raise ValueError(
            f"invalid front-matter page {value!r}: expected a lower-case roman numeral "
            "such as 'iii', 'v' or 'xiv'"
        ) from None
    return value


RomanPage = Annotated[str, AfterValidator(_check_roman)]

# Short English country names and abbreviations that ISO 3166's official names
# do not cover. Keys are folded with _fold_country.
_COUNTRY_ALIASES = {
    "united states": "US",
    "america": "US",
    "uk": "GB",
    "united kingdom": "GB",
    "great britain": "GB",
    "england": "GB",
    "scotland": "GB",
    "wales": "GB",
    "south korea": "KR",
    "korea": "KR",
    "north korea": "KP",
    "russia": "RU",
    "taiwan": "TW",
    "iran": "IR",
    "vietnam": "VN",
    "czech republic": "CZ",
    "bolivia": "BO",
    "venezuela": "VE",
    "tanzania": "TZ",
    "syria": "SY",
    "laos": "LA",
    "moldova": "MD",
    "prc": "CN",
}


def _fold_country(name: str) -> str:
    folded = search_fold(name.replace(".", ""))
    return folded[4:] if folded.startswith("the ") else folded


def country_code(name: str) -> str:
    """The ISO 3166-1 alpha-2 code of a country as printed.

    Dots, case and a leading "The" are ignored, so "U.S.A.", "USA" and
    "The Netherlands" resolve.

    >>> [country_code(c) for c in ("Japan", "U.S.A.", "The Netherlands", "Canada")]
    ['JP', 'US', 'NL', 'CA']
    """
    folded = _fold_country(name)
    codes = _country_codes()
    code = codes.get(folded)
    if code is None and len(folded) <= 5:
        code = codes.get(folded.replace(" ", ""))  # "U S A"
    if code is None:
        raise ValueError(
            f"unknown country {name!r}: expected an English country name or an ISO 3166 code, "
            "e.g. 'Japan', 'USA', 'U.S.A.', 'The Netherlands'"
        )
    return code


@cache
def _country_codes() -> dict[str, str]:
    """Every folded spelling -> its code: built once, so a miss costs one lookup too."""
    # Imported on first use: load() never resolves a name, and iso3166 costs ~2 ms.
    from iso3166 import countries

    codes: dict[str, str] = {}
    for country in countries:
        spellings = (country.alpha2, country.alpha3, country.numeric, country.name)
        for spelling in (*spellings, country.apolitical_name):
            codes.setdefault(_fold_country(spelling), country.alpha2)
    codes.update(_COUNTRY_ALIASES)
    return codes


# --------------------------------------------------------------------------- base


def _short(text: str, width: int = 48) -> str:
    """*text* quoted, cut to *width* characters: a title inside a one-line repr."""
    return repr(text if len(text) <= width else text[: width - 1] + "…")


class _Model(BaseModel):
    """Frozen, strict base; bulk validation runs with the garbage collector paused."""

    # defer_build: a model's validator is built when it is first used, not at
    # import; load() builds the volume's, and Person's waits until authors().
    model_config = ConfigDict(frozen=True, extra="forbid", defer_build=True)

    # A volume of thousands of papers is millions of objects and no cycles: with
    # the collector running, validation time grows faster than the volume (see
    # dls_proceedings._gc). Keyword arguments pass through to pydantic unchanged.

    @classmethod
    def model_validate(cls, obj: Any, **kwargs: Any) -> Self:
        with gc_paused():
            return super().model_validate(obj, **kwargs)

    @classmethod
    def model_validate_json(cls, json_data: str | bytes | bytearray, **kwargs: Any) -> Self:
        with gc_paused():
            return super().model_validate_json(json_data, **kwargs)


class _DerivedModel(_Model):
    """A model with computed fields: accepts them back when they agree.

    Only the models that have computed fields carry this wrap validator: it runs
    in Python for every instance, so the others (authors, pages, papers: most of
    a large volume) are spared it.
    """

    @model_validator(mode="wrap")
    @classmethod
    def _derived_fields_agree(cls, data: Any, handler: Callable[[Any], Any]) -> Any:
        if not isinstance(data, dict):
            return handler(data)
        names = cls.__pydantic_computed_fields__.keys() & data.keys()
        if not names:
            return handler(data)
        given = {name: data[name] for name in names}
        model = handler({k: v for k, v in data.items() if k not in names})
        for name, value in given.items():
            actual = getattr(model, name)
            if actual != value:
                raise ValueError(
                    f"{name} {value!r} contradicts the value derived from the other fields, "
                    f"{actual!r}; omit it or correct it"
                )
        return model


# --------------------------------------------------------------------------- leaves


class PageRange(_Model):
    """The pages a paper occupies, first and last inclusive.

    >>> p = PageRange(first=1, last=9)
    >>> str(p), p.count
    ('1–9', 9)
    """

    first: PositiveInt
    last: PositiveInt

    @model_validator(mode="after")
    def _ordered(self) -> PageRange:
        if self.first > self.last:
            raise ValueError(
                f"page range {self.first}-{self.last} runs backwards: first page {self.first} "
                f"must be <= last page {self.last}"
            )
        return self

    @property
    def count(self) -> int:
        """The number of pages."""
        return self.last - self.first + 1

    def __str__(self) -> str:
        return f"{self.first}–{self.last}" if self.first != self.last else str(self.first)


class FrontMatterItem(_Model):
    """An entry of the front matter in the table of contents, with its roman page.

    >>> item = FrontMatterItem(title="Workshop Organization", page="vi")
    >>> item.page_number
    6
    """

    title: Text
    page: RomanPage

    @property
    def page_number(self) -> int:
        """The page as an integer ("vi" -> 6)."""
        import roman

        return int(roman.fromRoman(self.page.upper()))


class _Placed(_DerivedModel):
    """A model with a ``country`` as printed, and its derived ISO 3166 code."""

    if TYPE_CHECKING:
        # Declared by each subclass, in its place among the other fields.
        country: str | None

    @computed_field  # type: ignore[prop-decorator]
    @property
    def country_code(self) -> str | None:
        """ISO 3166-1 alpha-2 code of ``country`` ("U.S.A." -> "US"), or ``None``."""
        return None if self.country is None else country_code(self.country)

    @model_validator(mode="after")
    def _country_known(self) -> Self:
        # Resolve now, so that an unknown country fails validation, not a later access.
        if self.country is not None:
            country_code(self.country)
        return self


class Affiliation(_Placed):
    """An organisation an author was affiliated with, and its country if printed.

    ``country`` is kept exactly as printed ("U.S.A.", "USA", "The Netherlands")
    and is ``None`` where the document prints none; ``country_code`` is its ISO
    3166-1 alpha-2 code.

    >>> a = Affiliation(name="Louisiana State University", country="U.S.A.")
    >>> a.country_code, str(a)
    ('US', 'Louisiana State University, U.S.A.')
    """

    name: Text
    country: Text | None = None

    def __str__(self) -> str:
        return self.name if self.country is None else f"{self.name}, {self.country}"


# Affiliations repeat across the bylines of a volume: fold each text once.
@lru_cache(maxsize=4096)
def _folded_words(text: str) -> frozenset[str]:
    return frozenset(search_fold(text).split())


class Author(_Model):
    """One author of one paper (a byline), with the affiliations printed for them.

    ``printed_affiliation`` keeps the parenthesised text of the table of contents
    verbatim; when present, every word of it must appear in ``affiliations`` and
    vice versa, so the structured form neither loses nor invents a word.

    >>> a = Author(given="Jeroen", family="Bédorf", affiliations=[Affiliation(name="minds.ai")])
    >>> a.name, a.inverted_name
    ('Jeroen Bédorf', 'Bédorf, Jeroen')
    >>> print(a), a
    Jeroen Bédorf
    (None, <Author 'Jeroen Bédorf'>)
    """

    given: Text | None = None
    family: Text
    affiliations: tuple[Affiliation, ...] = ()
    printed_affiliation: Text | None = None
    name_variants: tuple[Text, ...] = ()

    @model_validator(mode="after")
    def _affiliations_match_print(self) -> Author:
        if self.printed_affiliation is None:
            return self
        printed = _folded_words(self.printed_affiliation)
        structured: set[str] = set()
        for aff in self.affiliations:
            structured.update(_folded_words(str(aff)))
        missing, invented = sorted(printed - structured), sorted(structured - printed)
        if missing or invented:
            raise ValueError(
                f"affiliations of {self.name!r} do not match the printed text "
                f"{self.printed_affiliation!r}: words printed but not kept {missing}, "
                f"words kept but not printed {invented}"
            )
        return self

    @property
    def name(self) -> str:
        """The name in reading order, as printed ("Maxwell X. Cai")."""
        return self.family if self.given is None else f"{self.given} {self.family}"

    @property
    def inverted_name(self) -> str:
        """The name as an index prints it ("Cai, Maxwell X.")."""
        return self.family if self.given is None else f"{self.family}, {self.given}"

    def __str__(self) -> str:
        return self.name

    def __repr__(self) -> str:
        return f"<Author {self.name!r}>"

    @property
    def identity(self) -> tuple[str, str]:
        """What makes two bylines the same person: the folded family and given names.

        Case, accents and punctuation are ignored ("Chris A" and "Chris A." match).
        """
        return (search_fold(self.family), search_fold(self.given or ""))


class Paper(_Model):
    """A paper in the volume.

    >>> import dls_proceedings as dp
    >>> p = dp.load().paper("jansen2020ddl")
    >>> p.title
    'DDL Bench: Towards a Scalable Benchmarking Infrastructure for Distributed Deep Learning'
    >>> str(p.pages), p.doi
    ('31–39', '10.1109/DLS51937.2020.00009')
    >>> p
    <Paper jansen2020ddl 'DDL Bench: Towards a Scalable Benchmarking Infr…', pp. 31–39>
    """

    key: CitationKey
    title: Text
    authors: tuple[Author, ...] = ()
    et_al: bool = Field(
        default=False,
        description=(
            "The author list is not complete: more authors than those listed "
            "(BibTeX's 'and others'). Never an author of its own."
        ),
    )
    pages: PageRange | None = None
    doi: Doi | None = None
    title_variants: tuple[Text, ...] = Field(
        default=(),
        description="Other spellings of the title seen in public records (for search only).",
    )
    proper_names: tuple[Text, ...] = Field(default=(), description=_PROPER_NAMES_DOC)
    venue: Venue | None = Field(
        default=None,
        description=(
            "The proceedings volume the paper appears in. A paper of a Workshop always "
            "carries the Workshop's venue (the Workshop fills it in), so a paper taken "
            "out of its volume is still cited and exported with its venue."
        ),
    )

    @model_validator(mode="after")
    def _proper_names_in_title(self) -> Paper:
        if self.proper_names:
            _names_in_title(self.title, self.proper_names, f"paper {self.key!r}")
        return self

    def __str__(self) -> str:
        return self.title

    def __repr__(self) -> str:
        pages = f", pp. {self.pages}" if self.pages is not None else ""
        return f"<Paper {self.key} {_short(self.title)}{pages}>"

    def _repr_html_(self) -> str:
        """The paper as Jupyter shows it: title, authors, pages and DOI link."""
        from html import escape

        authors = ", ".join(escape(a.name) for a in self.authors)
        parts = [f"<strong>{escape(self.title)}</strong>"]
        if authors:
            parts.append(authors)
        details = [f"key <code>{escape(self.key)}</code>"]
        if self.pages is not None:
            details.append(f"pp. {self.pages}")
        if self.doi is not None:
            url = escape(f"https://doi.org/{self.doi}")
            details.append(f'<a href="{url}">doi:{escape(self.doi)}</a>')
        parts.append(" · ".join(details))
        return "<div>" + "<br>".join(parts) + "</div>"

    def _haystack(self) -> str:
        parts = [self.title, *self.title_variants]
        for author in self.authors:
            parts.append(author.name)
            parts.extend(author.name_variants)
            parts.extend(str(aff) for aff in author.affiliations)
        return " | ".join(search_fold(p) for p in parts)

    def matches(self, text: str) -> bool:
        """Whether every word of *text* occurs in the title, an author or an affiliation.

        Matching ignores case, accents and punctuation.

        >>> import dls_proceedings as dp
        >>> dp.load().paper("cai2020deepgalaxy").matches("bedorf minds")
        True
        """
        haystack = self._haystack()
        return all(word in haystack for word in search_fold(text).split())


class Session(_Model):
    """A session of the workshop and its papers, in printed order.

    ``title`` is ``None`` for a volume that prints no session headings.
    """

    title: Text | None = None
    papers: tuple[Paper, ...] = Field(min_length=1)

    def __str__(self) -> str:
        return self.title or "(untitled session)"

    def __repr__(self) -> str:
        count = len(self.papers)
        return f"<Session {self.title!r}: {count} paper{'s' if count != 1 else ''}>"


class Location(_Placed):
    """Where the workshop took place.

    >>> str(Location(city="Atlanta", region="Georgia", country="USA"))
    'Atlanta, Georgia, USA'
    """

    city: Text
    region: Text | None = None
    country: Text | None = None

    def __str__(self) -> str:
        return ", ".join(p for p in (self.city, self.region, self.country) if p is not None)


class Printer(_Model):
    """The printer and distributor of the print-on-demand volume, as printed."""

    name: Text
    address: tuple[Text, ...] = ()
    phone: Text | None = None
    fax: Text | None = None
    email: Text | None = None
    web: Text | None = None
    heading: Text | None = Field(
        default=None, description="The line printed above the block, if any."
    )
    logo_text: Text | None = Field(
        default=None, description="The printer's logo, as its text reads."
    )


class Copyright(_Model):
    """The copyright notice and the permissions printed with it."""

    notice: Text
    rights: Text | None = None
    permissions: tuple[Text, ...] = ()

    def __str__(self) -> str:
        return self.notice


# --------------------------------------------------------------------------- the venue

Month = Annotated[int, Field(ge=1, le=12)]
"""A month number, 1 (January) to 12 (December)."""


def _derive_volume_facts(data: dict[str, Any]) -> dict[str, Any]:
    """*data* with ``year`` and ``month`` (from ``date``) and ``key`` filled in where absent.

    The derived values are what a volume's other fields imply: the year and month
    of its date, and the key made of its acronym and year ("dls2020"). Given values
    are kept; whether they agree with the date is checked after validation.
    """
    date = data.get("date")
    if isinstance(date, str):
        try:
            date = datetime.date.fromisoformat(date)
        except ValueError:
            date = None  # validation reports it
    if isinstance(date, datetime.date):
        if data.get("year") is None:
            data = {**data, "year": date.year}
        if data.get("month") is None:
            data = {**data, "month": date.month}
    acronym, year = data.get("acronym"), data.get("year")
    if data.get("key") is None and isinstance(acronym, str) and isinstance(year, int):
        stem = "".join(c for c in acronym.lower() if c.isalnum())
        if stem:
            data = {**data, "key": f"{stem}{year}"}
    return data


class _VolumeFacts(_Model):
    """What a volume's date fields must satisfy, shared by ``Venue`` and ``Workshop``."""

    if TYPE_CHECKING:
        title: str
        proper_names: tuple[str, ...]
        date: datetime.date | None
        year: int | None
        month: int | None

    @model_validator(mode="before")
    @classmethod
    def _derive(cls, data: Any) -> Any:
        return _derive_volume_facts(data) if isinstance(data, dict) else data

    @model_validator(mode="after")
    def _dates_agree(self) -> Self:
        if self.date is not None:
            for name, derived in (("year", self.date.year), ("month", self.date.month)):
                given = getattr(self, name)
                if given != derived:
                    raise ValueError(
                        f"{name} {given!r} contradicts the date {self.date.isoformat()} "
                        f"({name} {derived}); omit it or correct it"
                    )
        if self.month is not None and self.year is None:
            raise ValueError(f"month {self.month} is given without a year")
        if self.proper_names:
            _names_in_title(self.title, self.proper_names, "the volume")
        return self


class Venue(_VolumeFacts):
    """The proceedings volume a paper appears in: what a citation of the paper needs.

    Every paper of a ``Workshop`` carries the Workshop's venue, so a paper (or a
    session) taken out of its volume exports and cites exactly as it does inside
    it. Papers read from BibTeX, CSL-JSON or RIS carry the venue their entry
    names (its ``booktitle`` or container, year, publisher, place, ISBN).

    Dates may be partial: ``year`` alone, ``year`` and ``month``, or a full
    ``date`` (whose year and month are then filled in and must agree).

    >>> import dls_proceedings as dp
    >>> v = dp.load().paper("cai2020deepgalaxy").venue
    >>> v.key, v.year, v.month, v.publisher, str(v.location)
    ('dls2020', 2020, 11, 'IEEE', 'Atlanta, Georgia, USA')
    >>> Venue(title="Proc. of X", year=2021)
    <Venue None 'Proc. of X', 2021>
    """

    key: CitationKey | None = Field(
        default=None, description="The volume's own citation key, if it has one ('dls2020')."
    )
    title: Text
    proper_names: tuple[Text, ...] = Field(default=(), description=_PROPER_NAMES_DOC)
    short_title: Text | None = None
    acronym: Text | None = None
    ordinal: PositiveInt | None = None
    date: datetime.date | None = None
    year: PositiveInt | None = None
    month: Month | None = None
    location: Location | None = None
    publisher: Text | None = None
    publisher_place: Text | None = Field(default=None, description=_PUBLISHER_PLACE_DOC)
    isbn_print: Isbn | None = None
    isbn_online: Isbn | None = None
    ieee_catalog_number: Text | None = None

    def __str__(self) -> str:
        return self.title

    def __repr__(self) -> str:
        when = f", {self.date or self.year}" if (self.date or self.year) else ""
        return f"<Venue {self.key} {_short(self.title)}{when}>"


class Person(_Model):
    """A distinct author of the volume, with every paper they appear in (page order)."""

    given: Text | None = None
    family: Text
    affiliations: tuple[Affiliation, ...] = ()
    papers: tuple[Paper, ...] = Field(min_length=1)

    @property
    def name(self) -> str:
        """The name in reading order."""
        return self.family if self.given is None else f"{self.given} {self.family}"

    @property
    def inverted_name(self) -> str:
        """The name as an index prints it, family name first."""
        return self.family if self.given is None else f"{self.family}, {self.given}"

    def __str__(self) -> str:
        return self.name

    def __repr__(self) -> str:
        count = len(self.papers)
        return f"<Person {self.name!r}: {count} paper{'s' if count != 1 else ''}>"


class AuthorIndexEntry(_Model):
    """One line of the author index: "Codreanu, Valeriu" and the pages (31, 56)."""

    name: Text
    pages: tuple[PositiveInt, ...] = Field(min_length=1)

    def __str__(self) -> str:
        return f"{self.name}  {', '.join(map(str, self.pages))}"


# --------------------------------------------------------------------------- the volume


class Workshop(_VolumeFacts):
    """A proceedings volume: front matter, sessions and their papers.

    ``key`` is the volume's citation key; when not given it is made of the
    acronym and the year ("dls2020"). ``year`` and ``month`` are filled in from
    ``date`` when not given, and must agree with it. Every paper of the volume
    carries the volume's ``venue`` (filled in on validation), so a paper taken out
    of the volume still knows where it appeared.

    >>> import dls_proceedings as dp
    >>> wk = dp.load()
    >>> wk.title
    '2020 IEEE/ACM Fourth Workshop on Deep Learning on Supercomputers (DLS)'
    >>> str(wk.location), wk.date.isoformat(), wk.key
    ('Atlanta, Georgia, USA', '2020-11-11', 'dls2020')
    >>> [s.title for s in wk.sessions]
    ['Algorithm, Modeling, and Infrastructure', 'Applications']
    >>> wk.sessions[1].papers[0].venue == wk.venue
    True
    >>> wk
    <Workshop dls2020 '2020 IEEE/ACM Fourth Workshop on Deep Learning …': 2 sessions, 7 papers, Atlanta, Georgia, USA, 2020-11-11>
    """

    title: Text
    proper_names: tuple[Text, ...] = Field(default=(), description=_PROPER_NAMES_DOC)
    short_title: Text | None = None
    title_variants: tuple[Text, ...] = ()
    acronym: Text | None = None
    ordinal: PositiveInt | None = None
    date: datetime.date | None = None
    location: Location | None = None
    publisher: Text | None = None
    publisher_place: Text | None = Field(default=None, description=_PUBLISHER_PLACE_DOC)
    isbn_print: Isbn | None = None
    isbn_online: Isbn | None = None
    ieee_catalog_number: Text | None = None
    printer: Printer | None = None
    copyright: Copyright | None = None
    print_note: Text | None = None
    front_matter: tuple[FrontMatterItem, ...] = ()
    author_index_page: PositiveInt | None = None
    sessions: tuple[Session, ...] = Field(min_length=1)
    year: PositiveInt | None = Field(
        default=None, description="The year of the volume; from ``date`` when not given."
    )
    month: Month | None = Field(
        default=None, description="The month of the volume; from ``date`` when not given."
    )
    key: CitationKey = Field(
        description=(
            "The volume's citation key; when not given, the acronym and year ('dls2020'). "
            "A volume with neither a key nor an acronym and a year is an error."
        )
    )

    @cached_property
    def venue(self) -> Venue:
        """The volume as its papers' venue: what a citation of one of them needs.

        >>> import dls_proceedings as dp
        >>> dp.load().venue.isbn_online
        '978-1-6654-2245-1'
        """
        values = {name: getattr(self, name) for name in Venue.model_fields}
        return Venue.model_construct(_fields_set=set(values), **values)

    @model_validator(mode="after")
    def _consistent(self) -> Workshop:
        problems: list[str] = []
        keys = [p.key for s in self.sessions for p in s.papers]
        repeated = duplicates([*keys, self.key])
        if repeated:
            problems.append(f"citation keys must be unique; repeated: {', '.join(repeated)}")
        # BibTeX and biber match keys case-insensitively, so these would be one entry.
        folded: dict[str, list[str]] = {}
        for key in dict.fromkeys([*keys, self.key]):
            folded.setdefault(key.casefold(), []).append(key)
        clashes = [" and ".join(map(repr, same)) for same in folded.values() if len(same) > 1]
        if clashes:
            problems.append(
                "citation keys must differ in more than letter case (BibTeX treats them as "
                f"one): {'; '.join(clashes)}"
            )
        previous: Paper | None = None
        for paper in (p for s in self.sessions for p in s.papers):
            if paper.pages is None:
                continue
            if (
                previous is not None
                and previous.pages is not None
                and paper.pages.first <= previous.pages.last
            ):
                problems.append(
                    f"paper {paper.key!r} starts on page {paper.pages.first}, not after "
                    f"{previous.key!r} which ends on page {previous.pages.last}: papers must "
                    "be in page order and must not overlap"
                )
            previous = paper
        if (
            self.author_index_page is not None
            and previous is not None
            and previous.pages is not None
            and previous.pages.last >= self.author_index_page
        ):
            problems.append(
                f"the author index on page {self.author_index_page} must come after the last "
                f"paper {previous.key!r}, which ends on page {previous.pages.last}"
            )
        numbers = [item.page_number for item in self.front_matter]
        if numbers != sorted(numbers):
            problems.append(
                f"front matter pages must ascend: {[i.page for i in self.front_matter]}"
            )
        problems += self._attach_venue()
        if problems:
            raise ValueError("; ".join(problems))
        return self

    def _attach_venue(self) -> list[str]:
        """Give every paper the volume's venue; the papers that name another are problems.

        Called once while the volume is being built (by validation, or by
        ``load()`` after ``model_construct``): the sessions are replaced before
        anyone can see them.
        """
        venue = self.venue
        problems: list[str] = []
        sessions: list[Session] = []
        changed = False
        for session in self.sessions:
            papers: list[Paper] = []
            for paper in session.papers:
                if paper.venue is None:
                    paper = paper.model_copy(update={"venue": venue})
                    changed = True
                elif paper.venue != venue:
                    problems.append(
                        f"paper {paper.key!r} names another venue ({paper.venue.title!r}, key "
                        f"{paper.venue.key!r}) than this volume ({self.title!r}, key "
                        f"{self.key!r}); give it no venue, or this volume's"
                    )
                papers.append(paper)
            sessions.append(session.model_copy(update={"papers": tuple(papers)}))
        if changed and not problems:
            object.__setattr__(self, "sessions", tuple(sessions))
        return problems

    @model_serializer(mode="wrap")
    def _venue_once(self, handler: SerializerFunctionWrapHandler) -> Any:
        # Inside a volume every paper's venue is the volume itself: a dump says it once.
        data = handler(self)
        if isinstance(data, dict):
            for session in data.get("sessions") or ():
                for paper in session.get("papers") or ():
                    if isinstance(paper, dict):
                        paper.pop("venue", None)
        return data

    def __str__(self) -> str:
        return self.title

    def __repr__(self) -> str:
        sessions, papers = len(self.sessions), len(self.papers)
        return (
            f"<Workshop {self.key} {_short(self.title)}: "
            f"{sessions} session{'s' if sessions != 1 else ''}, "
            f"{papers} paper{'s' if papers != 1 else ''}"
            + "".join(f", {fact}" for fact in (self.location, self.date or self.year) if fact)
            + ">"
        )

    def _repr_html_(self) -> str:
        """The volume as Jupyter shows it: title, event, publisher, sessions and papers."""
        from html import escape

        when = f"{self.date:%d %B %Y}" if self.date else (str(self.year) if self.year else "")
        place = ", ".join(escape(str(x)) for x in (self.location, when) if x)
        facts = [x for x in (place, escape(self.publisher or "")) if x]
        facts += [f"ISBN {escape(i)}" for i in (self.isbn_print, self.isbn_online) if i]
        rows = [f"<h3>{escape(self.title)}</h3>", f"<p>{' · '.join(facts)}</p>"]
        for session in self.sessions:
            rows.append(f"<h4>{escape(str(session))}</h4><ol>")
            rows.extend(f"<li>{paper._repr_html_()}</li>" for paper in session.papers)
            rows.append("</ol>")
        return "<div>" + "".join(rows) + "</div>"

    # ----------------------------------------------------------------- queries

    @cached_property
    def papers(self) -> tuple[Paper, ...]:
        """Every paper of the volume, in page order."""
        return tuple(p for s in self.sessions for p in s.papers)

    @cached_property
    def _by_key(self) -> dict[str, Paper]:
        return {p.key: p for p in self.papers}

    @cached_property
    def _session_by_key(self) -> dict[str, Session]:
        return {p.key: s for s in self.sessions for p in s.papers}

    def paper(self, key: str) -> Paper:
        """The paper with citation key *key*.

        Raises:
            UnknownKeyError: (a ``KeyError``) naming close matches.

        >>> import dls_proceedings as dp
        >>> dp.load().paper("cai2020deepgalaxy").authors[1].family
        'Bédorf'
        """
        try:
            return self._by_key[key]
        except KeyError:
            raise UnknownKeyError(key, tuple(self._by_key)) from None

    def session_of(self, paper: Paper | str) -> Session:
        """The session that holds *paper* (a ``Paper`` or its key).

        >>> import dls_proceedings as dp
        >>> dp.load().session_of("cai2020deepgalaxy").title
        'Applications'
        """
        key = paper if isinstance(paper, str) else paper.key
        session = self._session_by_key.get(key)
        if session is None or (not isinstance(paper, str) and self._by_key[key] != paper):
            raise UnknownKeyError(key, tuple(self._by_key))
        return session

    def search(self, text: str) -> tuple[Paper, ...]:
        """Papers whose title, authors or affiliations contain every word of *text*.

        Case, accents and punctuation are ignored; title spellings seen in public
        records match too. Papers come in page order; empty text matches all.

        >>> import dls_proceedings as dp
        >>> [p.key for p in dp.load().search("lawrence berkeley")]
        ['wang2020time']
        >>> [p.key for p in dp.load().search("DDLBench")]
        ['jansen2020ddl']
        """
        return tuple(p for p in self.papers if p.matches(text))

    def authors(self) -> tuple[Person, ...]:
        """Each distinct person once, with their papers, in author-index order.

        Bylines are the same person when their folded names agree (see
        ``Author.identity``); affiliations are merged in order of appearance.

        >>> import dls_proceedings as dp
        >>> people = dp.load().authors()
        >>> len(people), [[p.key for p in x.papers] for x in people if x.family == "Codreanu"]
        (34, [['jansen2020ddl', 'cai2020deepgalaxy']])
        """
        return self._people

    @cached_property
    def _people(self) -> tuple[Person, ...]:
        grouped: dict[tuple[str, str], tuple[Author, list[Paper], list[Affiliation]]] = {}
        for paper in self.papers:
            for author in paper.authors:
                _, papers, affs = grouped.setdefault(author.identity, (author, [], []))
                if paper not in papers:
                    papers.append(paper)
                affs.extend(a for a in author.affiliations if a not in affs)
        people = [
            Person(given=a.given, family=a.family, affiliations=tuple(affs), papers=tuple(papers))
            for a, papers, affs in grouped.values()
        ]
        people.sort(key=_person_order)
        return tuple(people)

    def author_index(self) -> tuple[AuthorIndexEntry, ...]:
        """The author index as printed at the back of a volume: name and start pages.

        Sorted case- and accent-insensitively ("Bédorf" files as "Bedorf").

        >>> import dls_proceedings as dp
        >>> [str(e) for e in dp.load().author_index() if e.name.startswith("Codreanu")]
        ['Codreanu, Valeriu  31, 56']
        """
        return tuple(
            AuthorIndexEntry(
                name=person.inverted_name,
                pages=tuple(p.pages.first for p in person.papers if p.pages is not None),
            )
            for person in self._people
        )


def _person_order(person: Person) -> tuple[str, str, str, str]:
    return (
        sort_fold(person.family),
        sort_fold(person.given or ""),
        person.family,
        person.given or "",
    )
