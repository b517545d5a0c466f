"""The package's exceptions: one root, a few specific children.

Every error this package raises on purpose is a :class:`DlsProceedingsError`, so
``except dls_proceedings.DlsProceedingsError`` catches them all. Invalid model
data is the exception: it raises :class:`pydantic.ValidationError`, as every
pydantic model does, with the field and the bad value in its message.
"""

from __future__ import annotations

__all__ = ["BibTeXError", "DlsProceedingsError", "UnknownKeyError"]


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
