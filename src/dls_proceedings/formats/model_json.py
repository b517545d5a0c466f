"""The models' own JSON: ``to_json`` / ``from_json`` (lossless, UTF-8, stable order)."""

from __future__ import annotations

import contextlib
import json
from functools import cache
from typing import Any

from pydantic import TypeAdapter, ValidationError

from dls_proceedings._problems import Problems, TooManyProblemsError, parse_json
from dls_proceedings.errors import ArgumentTypeError, JsonError
from dls_proceedings.formats._items import Items, papers_of
from dls_proceedings.models import Paper, Workshop

__all__ = ["from_json", "to_json"]


@cache
def _papers() -> TypeAdapter[tuple[Paper, ...]]:
    # Built on first use: building it at import would cost every program ~8 ms.
    return TypeAdapter(tuple[Paper, ...])


def to_json(items: Items) -> str:
    """The items as JSON in the models' shape: an object for a volume, else a list of papers.

    >>> import dls_proceedings as dp
    >>> print(to_json(dp.load()).splitlines()[1])
      "title": "2020 IEEE/ACM Fourth Workshop on Deep Learning on Supercomputers (DLS)",
    """
    data: Any
    if isinstance(items, Workshop):
        data = items.model_dump(mode="json")
    else:
        data = _papers().dump_python(tuple(papers_of(items)), mode="json")
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def from_json(text: str | bytes) -> Workshop | list[Paper]:
    """A volume (from a JSON object) or papers (from a JSON list), validated.

    Raises:
        JsonError: listing every problem: text that is not JSON (with its line
            and column), or every field that is not valid, with its path.
        ArgumentTypeError: *text* is neither ``str`` nor ``bytes``.

    >>> import dls_proceedings as dp
    >>> from_json(to_json(dp.load())) == dp.load()
    True
    """
    if not isinstance(text, (str, bytes)):
        raise ArgumentTypeError(
            f"expected JSON text (str or UTF-8 bytes), got {type(text).__name__}"
        )
    problems = Problems()
    data = parse_json(text, problems)
    problems.raise_if_any(JsonError)
    try:
        if isinstance(data, list):
            return list(_papers().validate_python(data))
        if isinstance(data, dict):
            return Workshop.model_validate(data)
    except ValidationError as exc:
        with contextlib.suppress(TooManyProblemsError):
            problems.add_validation(
                0, "the volume" if isinstance(data, dict) else "the papers", exc
            )
        problems.raise_if_any(JsonError)
    raise JsonError(
        [f"expected a volume (an object) or papers (an array), got {type(data).__name__}"]
    )
