"""The package's one way of importing a module on first use (private).

``import dls_proceedings; load()`` needs neither the exporters, nor the
citation renderer, nor the table-of-contents reader (together several times the
cost of the rest). A package lists such names with the module that defines
each, and gets a module ``__getattr__`` that imports that module when a name is
first asked for, plus a ``__dir__`` that shows the package's public names only.

>>> getattr_, dir_ = attach("json", {"dumps": "json"}, ["dumps"])
>>> getattr_("dumps")({"a": 1}), dir_()
('{"a": 1}', ['dumps'])
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterable
from importlib import import_module
from typing import Any

__all__ = ["attach"]


def attach(
    package: str, lazy: dict[str, str], public: Iterable[str]
) -> tuple[Callable[[str], Any], Callable[[], list[str]]]:
    """``(__getattr__, __dir__)`` for *package*: each name of *lazy* comes from its
    module on first access (and is then kept in the package's namespace, so the
    hook runs once per name); ``dir()`` lists *public*."""
    shown = sorted(public)

    def getattr_(name: str) -> Any:
        module = lazy.get(name)
        if module is None:
            raise AttributeError(f"module {package!r} has no attribute {name!r}")
        value = getattr(import_module(module), name)
        setattr(sys.modules[package], name, value)
        return value

    def dir_() -> list[str]:
        return list(shown)

    return getattr_, dir_
