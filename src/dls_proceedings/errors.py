"""The package's exceptions: one root, a few specific children.

Every error this package raises on purpose is a :class:`DlsProceedingsError`, so
``except dls_proceedings.DlsProceedingsError`` catches them all. Invalid model
data is the exception: it raises :class:`pydantic.ValidationError`, as every
pydantic model does, with the field and the bad value in its message.
"""

from __future__ import annotations

__all__ = [
    "ArgumentError",
    "ArgumentTypeError",
    "BibTeXError",
    "CslJsonError",
    "DlsProceedingsError",
    "InputError",
    "JsonError",
    "RisError",
    "StyleError",
    "TocParseError",
    "UnknownKeyError",
    "UnknownLocaleError",
    "UnknownStyleError",
]


class DlsProceedingsError(Exception):
    """Root of every error raised by ``dls_proceedings``.

    Example:
        >>> import dls_proceedings as dp
        >>> try:
        ...     dp.load().paper("nosuchkey")
        ... except dp.DlsProceedingsError as exc:
        ...     print(type(exc).__name__)
        UnknownKeyError
    """


class UnknownKeyError(DlsProceedingsError, KeyError):
    """A citation key that is not in the volume; the message names close matches.

    It is also a :class:`KeyError`, so code written for mappings keeps working.

    Example:
        >>> import dls_proceedings as dp
        >>> dp.load().paper("murai2020onlin")
        Traceback (most recent call last):
        ...
        dls_proceedings.errors.UnknownKeyError: unknown citation key 'murai2020onlin'; did you mean: murai2020online?
    """

    def __init__(self, key: str, known: list[str] | tuple[str, ...]) -> None:
        self.key = key
        self.suggestions: tuple[str, ...] = tuple(_close_matches(key, known))
        message = f"unknown citation key {key!r}"
        if self.suggestions:
            message += f"; did you mean: {', '.join(self.suggestions)}?"
        else:
            message += f"; the volume has {len(known)} keys, e.g. {', '.join(sorted(known)[:3])}"
        super().__init__(message)

    def __str__(self) -> str:
        # KeyError.__str__ repr()s its argument; a message reads better quoted once.
        return str(self.args[0]) if self.args else ""


def _close_matches(word: str, choices: list[str] | tuple[str, ...]) -> list[str]:
    """Up to three suggestions: the same name in another case, similar spellings
    ("ieeee" -> "ieee"), then the shortest names that contain *word* ("cai2020")."""
    import difflib

    folded = word.casefold()
    found = [c for c in choices if c.casefold() == folded]
    if found:
        return found[:3]
    found += difflib.get_close_matches(word, list(choices), n=3, cutoff=0.75)
    found += sorted((c for c in choices if folded and folded in c.casefold()), key=len)
    return list(dict.fromkeys(found))[:3]


class ArgumentError(DlsProceedingsError, ValueError):
    """An argument of a library call that is not one of the accepted values or types.

    It is a ``ValueError``; a wrong *type* of argument raises :class:`ArgumentTypeError`,
    which is also a ``TypeError``. The message names the argument, the value given
    and what is accepted.

    Example:
        >>> import dls_proceedings as dp
        >>> dp.bibliography(dp.load(), "ieee", output="pdf")
        Traceback (most recent call last):
        ...
        dls_proceedings.errors.ArgumentError: unknown output 'pdf'; expected one of text, html
    """


class ArgumentTypeError(ArgumentError, TypeError):
    """An argument of the wrong type, e.g. ``from_toc(None)``; also a ``TypeError``.

    Example:
        >>> import dls_proceedings as dp
        >>> dp.to_bibtex([dp.load()])
        Traceback (most recent call last):
        ...
        dls_proceedings.errors.ArgumentTypeError: item 0 is a Workshop, expected a Paper (items is a Workshop, a Session, a Paper or an iterable of papers)
    """


class InputError(DlsProceedingsError, ValueError):
    """Input that cannot be read: ``problems`` lists every problem found, in order.

    The parent of :class:`BibTeXError`, :class:`CslJsonError`, :class:`RisError`,
    :class:`JsonError` and :class:`TocParseError`: ``except dp.InputError`` catches a
    bad file of any format.
    """

    _input = "the input"

    def __init__(self, problems: list[str] | tuple[str, ...]) -> None:
        self.problems: tuple[str, ...] = tuple(problems)
        count = len(self.problems)
        head = f"{count} problem{'s' if count != 1 else ''} in {self._input}"
        super().__init__(head + ":\n" + "\n".join(f"  {p}" for p in self.problems))


class _UnknownNameError(DlsProceedingsError, LookupError):
    """A name (of a style, a locale) that is not installed; suggests close matches."""

    _kind = "name"
    _hint = ""

    def __init__(self, name: str, known: tuple[str, ...], reason: str | None = None) -> None:
        self.name = name
        self.suggestions: tuple[str, ...] = tuple(_close_matches(name, known)) if known else ()
        if reason is not None:
            message = reason
        elif self.suggestions:
            message = f"unknown {self._kind} {name!r}; did you mean: {', '.join(self.suggestions)}?"
        else:
            message = f"unknown {self._kind} {name!r}; {self._hint}"
        super().__init__(message)

    def __str__(self) -> str:
        return str(self.args[0]) if self.args else ""


class BibTeXError(InputError):
    r"""BibTeX input that cannot be read; ``problems`` lists every one, with its line.

    Example:
        >>> import dls_proceedings as dp
        >>> try:
        ...     dp.from_bibtex("@article{a,\n  title = {T}\n\n@misc{b, title = {x}")
        ... except dp.BibTeXError as exc:
        ...     print(len(exc.problems) >= 1, exc.problems[0].startswith("line 1:"))
        True True
    """

    _input = "the BibTeX input"


class CslJsonError(InputError):
    """CSL-JSON input that cannot be read; ``problems`` lists every bad item.

    Example:
        >>> import dls_proceedings as dp
        >>> try:
        ...     dp.from_csl_json('[{"id": "a", "type": "paper-conference", "title": " "}]')
        ... except dp.CslJsonError as exc:
        ...     print(exc.problems[0])
        item 0 ('a'): title: Value error, must not be empty or blank, got ' '
    """

    _input = "the CSL-JSON input"


class RisError(InputError):
    r"""RIS input that cannot be read; ``problems`` lists every bad record.

    Example:
        >>> import dls_proceedings as dp
        >>> try:
        ...     dp.from_ris("TY  - CPAPER\nAU  - Cai, Maxwell X.\nER  - \n")
        ... except dp.RisError as exc:
        ...     print(exc.problems[0])
        line 1: record 1: no title (TI or T1)
    """

    _input = "the RIS input"


class StyleError(DlsProceedingsError):
    """A style that is found but cannot be used, e.g. one without a bibliography,
    a file that is not a CSL style, or one citeproc-py fails on (the message names the
    style and what citeproc-py raised; that exception is the ``__cause__``).

    Example:
        >>> import dls_proceedings as dp
        >>> isinstance(dp.StyleError("x"), dp.DlsProceedingsError)
        True
    """


class JsonError(InputError):
    """The package's own JSON (``from_json``) that cannot be read; ``problems`` lists every one.

    Example:
        >>> from dls_proceedings.formats.model_json import from_json
        >>> try:
        ...     from_json('{"title": "T"')
        ... except JsonError as exc:
        ...     print(exc.problems[0])
        line 1: not JSON: Expecting ',' delimiter (column 14)
    """

    _input = "the JSON input"


class UnknownStyleError(_UnknownNameError):
    """A CSL style name or file that cannot be found; the message names close matches.

    Example:
        >>> import dls_proceedings as dp
        >>> dp.cite(dp.load().papers[0], style="ieeee")
        Traceback (most recent call last):
        ...
        dls_proceedings.errors.UnknownStyleError: unknown style 'ieeee'; did you mean: ieee?
    """

    _kind = "style"
    _hint = "`dls-proceedings styles` lists the installed ones"


class UnknownLocaleError(_UnknownNameError):
    """A CSL locale that is not installed; the message names close matches.

    Example:
        >>> import dls_proceedings as dp
        >>> dp.bibliography(dp.load(), "apa", locale="xx-YY")
        Traceback (most recent call last):
        ...
        dls_proceedings.errors.UnknownLocaleError: unknown locale 'xx-YY'; installed locales are codes such as en-US, de-DE, fr-FR
    """

    _kind = "locale"
    _hint = "installed locales are codes such as en-US, de-DE, fr-FR"


class TocParseError(InputError):
    r"""A table of contents that cannot be read; ``problems`` lists every one.

    Each problem names the line (``line N:``) and ends with that line, quoted, so
    it can be found in the file. ``from_toc(text, strict=False)`` returns the same
    problems instead of raising.

    Example:
        >>> import dls_proceedings as dp
        >>> from dls_proceedings.formats.toc import from_toc, to_toc
        >>> text = to_toc(dp.load()).replace("Author Index 63", "Author Index 50")
        >>> try:
        ...     from_toc(text, publisher="IEEE")
        ... except TocParseError as exc:
        ...     print(exc)
        1 problem in the table of contents:
          line 60: the Author Index on page 50 does not come after the last paper, which starts on page 56 (line 57): 'Author Index 50'
    """

    _input = "the table of contents"
