"""Each distinct string and name of the items is read once, by every reading layer.

The items of a volume repeat their container, conference, place, publisher and
ISBN, and their authors; each string passes through the layers that read data
(markup, narrow spaces, quotes in names, particles, scripts) before the source
shares the parsed value (``speed_source``). Here the outermost reading keeps what
the layers made of each raw string, and of each name, for the source object (one
render): the layers run once per distinct value, and the items share the parsed
value, as ``speed_source`` shares its own (rendering never changes a parsed value).
A name list is read name by name (each layer reads one name at a time); a list
with anything but a name (a dict of parts) is read whole, as before.

Extends: ``CiteProcJSON.parse_string``, ``CiteProcJSON.parse_names`` (outermost).
"""

from __future__ import annotations

from typing import Any

from dls_proceedings.citations.fixes.speed_source import read_table

__all__ = ["SOURCE"]


class Source:
    def parse_string(self, value: Any) -> Any:
        if type(value) is not str:
            return super().parse_string(value)  # type: ignore[misc]
        table = read_table(self, "_read_strings")
        found = table.get(value)
        if found is None:
            found = table[value] = super().parse_string(value)  # type: ignore[misc]
        return found

    def parse_names(self, json_data: Any) -> Any:
        if type(json_data) is not list:
            return super().parse_names(json_data)  # type: ignore[misc]
        table = read_table(self, "_read_names")
        parsed = []
        for name in json_data:
            if type(name) is not dict:
                return super().parse_names(json_data)  # type: ignore[misc]
            try:
                # (Typed: true and 1 are equal keys, but not the same part.)
                key = tuple(sorted((k, type(v), v) for k, v in name.items()))
                found = table.get(key)
            except TypeError:  # a part that is a list or a dict: read the list whole
                return super().parse_names(json_data)  # type: ignore[misc]
            if found is None:
                one = super().parse_names([name])  # type: ignore[misc]
                if len(one) != 1:
                    return super().parse_names(json_data)  # type: ignore[misc]
                found = table[key] = one[0]
            parsed.append(found)
        return parsed


SOURCE = (Source,)
