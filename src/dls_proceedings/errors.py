"""The package's exceptions: one root, a few specific children.

Every error this package raises on purpose is a :class:`DlsProceedingsError`, so
``except dls_proceedings.DlsProceedingsError`` catches them all. Invalid model
data is the exception: it raises :class:`pydantic.ValidationError`, as every
pydantic model does, with the field and the bad value in its message.
"""

from __future__ import annotations

__all__ = [
    "BibTeXError",
    "CslJsonError",
    "DlsProceedingsError",
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
    """Up to three choices: those containing *word* first, then similar spellings."""
    import difflib

    folded = word.casefold()
    found = [c for c in sorted(choices) if folded and folded in c.casefold()]
    found += difflib.get_close_matches(word, list(choices), n=3, cutoff=0.6)
    return list(dict.fromkeys(found))[:3]


class BibTeXError(DlsProceedingsError, ValueError):
    r"""BibTeX input that cannot be read; ``problems`` lists every one, with its line.

    Example:
        >>> import dls_proceedings as dp
        >>> try:
        ...     dp.from_bibtex("@article{a,\n  title = {T}\n\n@misc{b, title = {x}")
        ... except dp.BibTeXError as exc:
        ...     print(len(exc.problems) >= 1, exc.problems[0].startswith("line 1:"))
        True True
    """

    def __init__(self, problems: list[str] | tuple[str, ...]) -> None:
        self.problems: tuple[str, ...] = tuple(problems)
        count = len(self.problems)
        head = f"{count} problem{'s' if count != 1 else ''} in the BibTeX input"
        super().__init__(head + ":\n" + "\n".join(f"  {p}" for p in self.problems))


class CslJsonError(DlsProceedingsError, ValueError):
    """CSL-JSON input that cannot be read; ``problems`` lists every bad item.

    Example:
        >>> import dls_proceedings as dp
        >>> try:
        ...     dp.from_csl_json('[{"id": "a", "type": "paper-conference", "title": " "}]')
        ... except dp.CslJsonError as exc:
        ...     print(exc.problems[0])
        item 0 ('a'): title: Value error, must not be empty or blank, got ' '
    """

    def __init__(self, problems: list[str] | tuple[str, ...]) -> None:
        self.problems: tuple[str, ...] = tuple(problems)
        count = len(self.problems)
        head = f"{count} problem{'s' if count != 1 else ''} in the CSL-JSON input"
        super().__init__(head + ":\n" + "\n".join(f"  {p}" for p in self.problems))


class UnknownStyleError(DlsProceedingsError, LookupError):
    """A CSL style name or file that cannot be found; the message names close matches.

    Example:
        >>> import dls_proceedings as dp
        >>> dp.cite(dp.load().papers[0], style="ieeee")
        Traceback (most recent call last):
        ...
        dls_proceedings.errors.UnknownStyleError: unknown style 'ieeee'; did you mean: ieee?
    """

    def __init__(self, style: str, known: tuple[str, ...], reason: str | None = None) -> None:
        self.style = style
        self.suggestions: tuple[str, ...] = tuple(_style_matches(style, known)) if known else ()
        if reason is not None:
            message = reason
        elif self.suggestions:
            message = f"unknown style {style!r}; did you mean: {', '.join(self.suggestions)}?"
        else:
            message = f"unknown style {style!r}; `dls-proceedings styles` lists the installed ones"
        super().__init__(message)

    def __str__(self) -> str:
        return str(self.args[0]) if self.args else ""


class UnknownLocaleError(DlsProceedingsError, LookupError):
    """A CSL locale that is not installed; the message names close matches.

    Example:
        >>> import dls_proceedings as dp
        >>> dp.bibliography(dp.load(), "apa", locale="xx-YY")
        Traceback (most recent call last):
        ...
        dls_proceedings.errors.UnknownLocaleError: unknown locale 'xx-YY'; installed locales are codes such as en-US, de-DE, fr-FR
    """

    def __init__(self, locale: str, known: tuple[str, ...], reason: str | None = None) -> None:
        self.locale = locale
        self.suggestions: tuple[str, ...] = tuple(_style_matches(locale, known)) if known else ()
        if reason is not None:
            message = reason
        elif self.suggestions:
            message = f"unknown locale {locale!r}; did you mean: {', '.join(self.suggestions)}?"
        else:
            message = f"unknown locale {locale!r}; installed locales are codes such as en-US, de-DE, fr-FR"
        super().__init__(message)

    def __str__(self) -> str:
        return str(self.args[0]) if self.args else ""


def _style_matches(word: str, choices: tuple[str, ...]) -> list[str]:
    """Similar spellings first (ieeee -> ieee), then names that contain *word*."""
    import difflib

    same = [c for c in choices if c.casefold() == word.casefold()]
    if same:
        return same[:3]
    close = difflib.get_close_matches(word, choices, n=3, cutoff=0.75)
    if close:
        return close
    folded = word.casefold()
    return sorted((c for c in choices if folded and folded in c), key=len)[:3]


class TocParseError(DlsProceedingsError, ValueError):
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
          line 34: the Author Index on page 50 does not come after the last paper, which starts on page 56 (line 31): 'Author Index 50'
    """

    def __init__(self, problems: list[str] | tuple[str, ...]) -> None:
        self.problems: tuple[str, ...] = tuple(problems)
        count = len(self.problems)
        head = f"{count} problem{'s' if count != 1 else ''} in the table of contents"
        super().__init__(head + ":\n" + "\n".join(f"  {p}" for p in self.problems))
