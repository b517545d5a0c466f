"""``cs:choose`` picks its branch without raising an exception for each failed test.

citeproc-py's ``cs:if`` raises ``ConditionFailed`` when its test fails, and
``cs:choose`` catches it to try the next branch: APA's layout fails some 60
tests per entry, and a raised and caught exception costs more than the test.
Here ``cs:choose`` runs each ``cs:if`` / ``cs:else-if`` test itself (the same
tests, in the same order, combined by ``match`` as citeproc-py combines them;
what a branch tests, read from its attributes, is kept per branch, and a
choose's branches per choose) and
renders the first branch that passes, or ``cs:else`` (a ``type`` test is one
test, any of its types, where the branch's class says so: ``condition_types``).
A ``ConditionFailed`` raised inside a branch (an ``cs:if`` misplaced outside a
``cs:choose``) still moves on to the next branch, as before.

Extends: ``Choose.render``.
"""

from __future__ import annotations

from typing import Any

from citeproc import model

from dls_proceedings.citations.fixes.speed_lookups import answers

__all__ = ["ELEMENTS", "passes"]

_OTHERS = (
    ("is-numeric", "_is_numeric"),
    ("is-uncertain-date", "_is_uncertain_date"),
    ("locator", "_locator"),
)


def _plan(branch: Any) -> tuple[Any, ...]:
    """A branch's tests as its attributes give them (kept: they never change)."""
    table = answers()
    key = (branch, "plan")
    try:
        kept: tuple[Any, ...] = table[key]
        return kept
    except KeyError:
        pass
    get = branch.get
    types = get("type")
    variables = get("variable")
    kept = table[key] = (
        None if types is None else tuple(t.lower() for t in types.split()),
        None if variables is None else tuple(v.replace("-", "_") for v in variables.split()),
        tuple(method for attribute, method in _OTHERS if get(attribute) is not None),
        get("position") is not None,
        get("match"),
        getattr(branch, "types_any_of", False),  # fixes.condition_types
    )
    return kept


def passes(branch: Any, item: Any, context: Any) -> bool:
    """If.render's test: the same results, combined by ``match`` as it combines them."""
    types, variables, other_tests, position, match, types_any_of = _plan(branch)
    results: list[Any] = []
    if types is not None:  # If._type
        item_type = item.reference.type
        if types_any_of:
            results.append(item_type in types)
        else:
            results += [t == item_type for t in types]
    if variables is not None:  # If._variable
        reference = item.reference
        results += [("locator" in item) if v == "locator" else (v in reference)
                    for v in variables]  # fmt: skip
    for method in other_tests:
        results += getattr(branch, method)(item)
    if position:
        results += branch._position(item, context)
    if match == "any":
        return any(results)
    if match == "none":
        return not any(results)
    return all(results)


class Choose:
    def render(
        self: Any, item: Any, context: Any = None, delimiter: str = "", **kwargs: Any
    ) -> Any:
        table = answers()
        branches = table.get((self, "branches"))
        if branches is None:
            # (Its branches and which are tests: the same on every render.)
            branches = table[(self, "branches")] = [
                (c, isinstance(c, model.If)) for c in self.getchildren()
            ]
        for child, test in branches:
            try:
                if test:  # cs:if, cs:else-if
                    if not passes(child, item, context):
                        continue
                    return child.render_children(
                        item, context=context, delimiter=delimiter, **kwargs
                    )
                return child.render(item, context=context, delimiter=delimiter, **kwargs)
            except model.ConditionFailed:
                continue
        return None


ELEMENTS = ((model.Choose, Choose),)
