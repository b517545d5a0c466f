"""citeproc-js's disambiguation procedure, for one group of cites that read alike (``Citer``).

The items of a group (their cites read alike as first cited) are worked on as
*lists*, each with a *setting*: how many names each cite shows, which given names
(by name: 0 as the style shows it, 1 with initials, 2 whole), whether
``disambiguate="true"`` conditions hold, and a year suffix. One setting, ``base``,
only ever grows, a step at a time; ``better`` keeps the best setting found so far.
After each step the first item of the list is compared with the others, all
rendered with ``base``: its *partners* still read as it does, the *others* do not.
The outcomes (a lone item, a lone other, fewer clashes than before, none better)
decide which items are given ``better`` and how the list is split. The steps
come in modes: names (given names and added names), then year suffixes, then the
``disambiguate`` conditions, each as the style asks for it.

This follows the order of steps of citeproc-js 2.4 (``CSL.Disambiguation``),
down to its details (a list's year suffixes go to all its items; an item not
given a new setting keeps its last one), so that cites read as citeproc-js prints
them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from dls_proceedings.citations.citer import Citer

__all__ = ["Procedure", "Setting"]


@dataclass
class Setting:
    """How a group's cites are rendered while they are told apart.

    >>> s = Setting(names=1, givens=[0, 0])
    >>> t = s.copy(); t.givens[0] = 1
    >>> s.givens, t.givens
    ([0, 0], [1, 0])
    """

    names: int
    givens: list[int] = field(default_factory=list)
    condition: bool = False
    suffix: int | None = None

    def copy(self) -> Setting:
        """A copy that changes independently."""
        return Setting(self.names, list(self.givens), self.condition, self.suffix)


class Procedure:
    """One run of the procedure over *group* (item keys) of *citer*; ``run()`` gives
    each item its setting through ``Citer._give``.

    ``Citer`` runs it for each group of cites that read alike, as here (Chicago:
    whole given names, then year suffixes for the two books only they tell apart):

    >>> import dls_proceedings as dp
    >>> items = [
    ...     {"id": key, "type": "book", "title": key, "author": [{"family": "Doe", "given": given}],
    ...      "issued": {"date-parts": [[2020]]}}
    ...     for key, given in (("a", "Jane"), ("b", "Jane"), ("c", "John"))
    ... ]
    >>> dp.Citer(items, style="chicago-author-date").cite("a", "b", "c")
    '(Jane Doe 2020a, 2020b; John Doe 2020)'
    """

    def __init__(self, citer: Citer, group: list[str]) -> None:
        self.citer = citer
        options = citer._options
        self.modes: list[str] = []
        by_cite = options["givens"] and options["rule"] == "by-cite"
        if options["names"] or by_cite:
            self.modes.append("names")
        if options["suffix"]:
            self.modes.append("years")
        if options["condition"]:
            self.modes.append("condition")
        self.add_names = bool(options["names"])
        counts = {key: citer._count(key) for key in group}
        # Fewest names first, then by id: items with more names would never end.
        items = sorted(group, key=lambda key: (counts[key], citer._keys[key]))
        width = max(counts.values())
        self.base = Setting(max(citer._shown(key) for key in group), [0] * width)
        self.better = self.base.copy()
        self.names_max = counts[items[0]]
        self.givens_max = 2 if by_cite else None
        # citeproc-js renders a requested initial (level 1) of a cite whose cs:name has
        # no initialize-with as the whole given name, and writes that level (2) back into
        # the setting it renders with: the step goes to 2 at once, and the entries show
        # the whole given name too.
        self.whole_at_once = by_cite and citer._name_style()[0] is None
        self.lists: list[list[Any]] = [[self.base, items]]
        self.mode = 0
        self.gname = 0
        self.clashes = [1, 0]
        self.fresh = True  # the first scan of a list is at its setting as it is
        self.partners: list[str] = []
        self.others: list[str] = []

    def run(self) -> None:
        """Work through the lists until every item has its setting."""
        if not self.modes:
            return
        while self.lists:
            self.gname = 0
            self.clashes = [1, 0]
            while self.lists[0][1]:
                maxed = self._increment()
                self._scan(self.lists[0][1])
                getattr(self, f"_{self.modes[self.mode]}")(maxed)
                if maxed:
                    if self.mode < len(self.modes) - 1:
                        self.mode += 1
                    elif len(self.lists) > 1:
                        self.lists[1] = [self.base, []]
                    else:
                        self.lists.append([self.base, []])
            self.lists = self.lists[1:]

    def _increment(self) -> bool:
        """One step forward of ``base``; whether every step of the mode is taken."""
        if self.fresh:
            self.fresh = False
            return False
        mode = self.modes[self.mode]
        if mode == "condition":
            # The conditions hold from now on, for the step and the best setting.
            self.base.condition = self.better.condition = True
            return False
        if mode != "names":
            return False
        base = self.base
        more_names = self.givens_max is None
        if self.givens_max is not None:
            if self.gname < len(base.givens) and base.givens[self.gname] < self.givens_max:
                base.givens[self.gname] += 1
                if self.whole_at_once:
                    base.givens[self.gname] = self.givens_max
            else:
                more_names = True
        if more_names and self.add_names and self.gname < self.names_max:
            base.names += 1
            self.gname += 1
        names_done = not self.add_names or self.gname == self.names_max
        givens_done = (
            self.givens_max is None
            or self.gname >= len(base.givens)
            or base.givens[self.gname] == self.givens_max
        )
        return names_done and givens_done

    def _scan(self, items: list[str]) -> None:
        """Compare the list's first item with the others, all rendered with ``base``."""
        first = self.citer._probe(items[0], self.base)
        self.partners, self.others = [items[0]], []
        for key in items[1:]:
            (self.partners if self.citer._probe(key, self.base) == first else self.others).append(
                key
            )
        self.clashes = [self.clashes[1], len(self.partners) - 1]

    def _capture(self) -> None:
        """``better`` takes the step just taken."""
        if self.givens_max is not None and self.gname < len(self.base.givens):
            while len(self.better.givens) <= self.gname:
                self.better.givens.append(0)
            self.better.givens[self.gname] = self.base.givens[self.gname]
        self.better.names = self.base.names

    def _give(self, key: str, setting: Setting) -> None:
        self.citer._give(key, setting)

    def _names(self, maxed: bool) -> None:
        better, clashes = self.better, self.clashes
        if clashes[1] == 0 and len(self.others) == 1:
            self._capture()
            self._give(self.others[0], better)
            self._give(self.partners[0], better)
            self.lists[0] = [better, []]
        elif clashes[1] == 0:
            self._capture()
            self._give(self.partners[0], better)
            self.lists[0] = [better, self.others]
            if self.others:
                self.fresh = True
        elif len(self.others) == 1:
            self._capture()
            self._give(self.others[0], better)
            self.lists[0] = [better, self.partners]
        elif clashes[1] < clashes[0]:
            self._capture()
            self.lists[0] = [better, self.partners]
            self.lists.append([better, self.others])
        elif maxed:
            self.lists[0] = [better, self.others]
            self.lists.append([better, self.partners])
            if self.mode == len(self.modes) - 1:
                # No step left: they keep the best setting found, and clash.
                for key in self.partners:
                    self._give(key, better)
                self.lists[0] = [better, []]

    def _years(self, maxed: bool) -> None:
        setting, items = self.lists[0]
        if self.clashes[1]:
            # All the list's items, in bibliography order.
            for index, key in enumerate(sorted(items, key=self.citer._bibliography_place)):
                given = setting.copy()
                given.suffix = index
                self._give(key, given)
        self.lists[0] = [self.better, []]

    def _condition(self, maxed: bool) -> None:
        done = self.clashes[1] == 0 and len(self.others) < 2
        if not done and not self.base.condition:
            # The conditions hold from now on; this scan is weighed as a names step.
            self.mode = 0
            self.base.condition = self.better.condition = True
            self._names(False)
            return
        # The list's items take its setting (with the conditions), told apart or not.
        setting, items = self.lists[0]
        if done or self.mode == len(self.modes) - 1:
            for key in items:
                self._give(key, setting)
            self.lists[0] = [self.better, []]
        else:
            self.mode = len(self.modes) - 1
            setting.condition = True
            for key in items:
                self._give(key, setting)
