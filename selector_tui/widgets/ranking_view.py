"""How the ranking table shows a ranking: a filter, a sort column, bars or numbers, marked rows.

A view, not a re-rank: it hides and reorders the ranking's rows and never changes a rank. The
state outlives a re-rank (new weights, another method), so the analyst's filter, sort and marks
stay while the numbers move. Plain Python: no Textual, no engine imports.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from selector.result import RankedOption, Result

POINTS_DECIMALS = 1
"""A criterion's points (0-100) as a number."""

SORT_KEYS = ("rank", "option", "openness", "route", "score")
"""The columns a sort can use, before the criteria (``c:<id>``)."""


def score_text(score: float, result: Result | None) -> str:
    """A ranking score as ``selector rank``, ``explain`` and the reports print it: two decimals
    on the 0-100 scale, four when every score of the ranking is below 1 (the rule of
    ``selector.render.ranking.score_text``, kept here so this module imports no engine)."""
    small = result is not None and all(abs(r.score) < 1 for r in result.ranking)
    return f"{score:.4f}" if small else f"{score:.2f}"


def points_text(value: float) -> str:
    return f"{value:.{POINTS_DECIMALS}f}"


def haystack(row: RankedOption) -> str:
    """What a filter is matched against: name, id, provider, route and openness."""
    return " ".join(part for part in (row.name, row.id, row.provider or "", row.route or "",
                                      row.openness or "") if part).casefold()


def matches(row: RankedOption, text: str) -> bool:
    """Every word of the filter occurs in the row (case-insensitive); an empty filter keeps all."""
    words = text.casefold().split()
    found = haystack(row)
    return all(word in found for word in words)


def sort_columns(result: Result) -> tuple[str, ...]:
    return (*SORT_KEYS, *(f"c:{c.id}" for c in result.criteria))


def column_title(result: Result, key: str) -> str:
    """The column's name in words, for the status line."""
    if key.startswith("c:"):
        cid = key[2:]
        info = next((c for c in result.criteria if c.id == cid), None)
        return info.name.split(" (")[0] if info is not None else cid
    return {"rank": "rank", "option": "option", "openness": "openness", "route": "route",
            "score": "score"}.get(key, key)


@dataclass
class RankingView:
    filter: str = ""
    sort: str = "rank"
    """A key of :func:`sort_columns`; ``rank`` is the ranking's own order."""
    reverse: bool = False
    """Against the column's natural order (rank 1 first, names A-Z, best score and most points
    first)."""
    numbers: bool = False
    """Criterion cells as numbers (one decimal) instead of bars."""
    marked: list[str] = field(default_factory=list)
    """Option ids marked for comparison, in the order they were marked."""

    @property
    def default_order(self) -> bool:
        return self.sort == "rank" and not self.reverse

    def toggle_mark(self, option_id: str) -> bool:
        """Mark or unmark; returns whether the option is now marked."""
        if option_id in self.marked:
            self.marked.remove(option_id)
            return False
        self.marked.append(option_id)
        return True

    def keep_marks(self, option_ids: Sequence[str]) -> None:
        """Drop marks on options the ranking no longer has (a reload)."""
        self.marked = [o for o in self.marked if o in option_ids]

    def sort_by(self, key: str) -> None:
        """A column chosen again reverses; a new column starts in its natural order."""
        if key == self.sort:
            self.reverse = not self.reverse
        else:
            self.sort, self.reverse = key, False

    def next_sort(self, result: Result) -> None:
        """The next column, in its natural order (after the last criterion: back to rank)."""
        keys = sort_columns(result)
        index = keys.index(self.sort) if self.sort in keys else -1
        self.sort, self.reverse = keys[(index + 1) % len(keys)], False

    def ascending(self, result: Result) -> bool:
        """Whether the column's values grow down the table as shown (for the ▲/▼ mark)."""
        natural = True
        if self.sort == "score":
            natural = not result.higher_is_better
        elif self.sort.startswith("c:"):
            natural = False
        return natural != self.reverse

    def rows(self, result: Result) -> list[RankedOption]:
        """The ranking's rows this view shows, in its order (ties keep the ranking's order)."""
        shown = [row for row in result.ranking if matches(row, self.filter)]
        if self.sort not in sort_columns(result):
            self.sort, self.reverse = "rank", False
        # A stable sort of rows already in rank order: ties keep the ranking's order both ways.
        shown.sort(key=lambda row: _key(row, self.sort, result.higher_is_better), reverse=self.reverse)
        return shown


def _key(row: RankedOption, sort: str, higher_is_better: bool) -> Any:
    if sort == "rank":
        return row.position
    if sort == "option":
        return row.name.casefold()
    if sort == "openness":
        return (row.openness or "~").casefold()
    if sort == "route":
        return (row.route or "~").casefold()
    if sort == "score":
        return -row.score if higher_is_better else row.score
    return -row.scores.get(sort[2:], 0.0)
