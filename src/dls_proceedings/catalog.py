"""The bundled volume: ``load()`` and the files it comes from.

The data file is checked by the test suite (``tests/test_catalog.py`` validates
it with the models and compares the result with what ``load()`` returns), so
``load()`` does not validate it again at run time: it builds the models with
``model_construct`` straight from the JSON. That costs about a millisecond,
where validating would first build every model's pydantic validator (tens of
milliseconds on each start of a program), and it needs no cache on disk.
A volume a user reads in (``from_toc``, ``from_bibtex``, ``Workshop.model_validate``)
is always validated.
"""

from __future__ import annotations

import datetime
import json
import types
import typing
from functools import cache
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from dls_proceedings.models import Workshop, _derive_volume_facts

__all__ = ["DATA_FILE", "SOURCE_FILE", "load"]

DATA_FILE = Path(__file__).parent / "data" / "dls2020.json"
"""The bundled data file, in the ``Workshop`` model's own JSON shape."""

SOURCE_FILE = Path(__file__).parent / "data" / "dls2020-source.txt"
"""The document the data was built from: the volume's front matter and table of
contents, as text (see docs/data.md)."""


@cache
def load() -> Workshop:
    """The bundled DLS 2020 volume, read once and cached.

    Every call returns the same immutable object. Reads only installed files.

    >>> import dls_proceedings as dp
    >>> wk = dp.load()
    >>> wk is dp.load(), len(wk.papers), wk.author_index_page
    (True, 7, 63)
    """
    # Path.read_bytes rather than importlib.resources: the package is always
    # installed as files (hatchling wheel), and that import costs ~20 ms.
    data = _derive_volume_facts(json.loads(DATA_FILE.read_bytes()))
    workshop: Workshop = _construct(Workshop, data)
    problems = workshop._attach_venue()
    assert not problems, problems  # the test suite validates the file
    return workshop


def _construct(model: type[Any], data: dict[str, Any]) -> Any:
    # Only declared fields are taken: a computed one in the file (country_code)
    # is computed again by the model.
    values = {
        name: _value(field.annotation, data[name])
        for name, field in model.model_fields.items()
        if name in data
    }
    return model.model_construct(**values)


def _value(annotation: Any, value: Any) -> Any:
    if value is None:
        return None
    origin = typing.get_origin(annotation)
    if origin is typing.Annotated:
        return _value(typing.get_args(annotation)[0], value)
    if origin in (typing.Union, types.UnionType):
        # Every optional field is `X | None`: the value is an X.
        (inner,) = (a for a in typing.get_args(annotation) if a is not type(None))
        return _value(inner, value)
    if origin is tuple:
        item = typing.get_args(annotation)[0]
        return tuple(_value(item, v) for v in value)
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return _construct(annotation, value)
    if annotation is datetime.date:
        return datetime.date.fromisoformat(value)
    return value
