"""The ranking as a table: rank, option, openness, route, score and a bar (or number) per criterion.

What it shows of the ranking (filter, sort, bars or numbers, marks) is a
:class:`~selector_tui.widgets.ranking_view.RankingView`; the rank numbers are always the
ranking's own.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, ClassVar

from textual import events
from textual.binding import Binding, BindingType
from textual.message import Message
from textual.widgets import DataTable

from selector.render.text import inert
from selector_tui.safe_text import Text
from selector_tui.session import SHORT_OPENNESS, SHORT_ROUTE, short_labels
from selector_tui.widgets.bars import score_bar
from selector_tui.widgets.ranking_view import RankingView, points_text, score_text

if TYPE_CHECKING:
    from selector.result import Result

__all__ = ["MARK", "NONE_KEY", "RankingTable", "clip", "score_text"]

NONE_KEY = "\x00none"
"""The key of the row that says the filter matches nothing (not an option)."""
MARK = "✓"

def clip(text: str, width: int) -> str:
    """At most ``width`` characters, made inert first so a cut never splits an escape."""
    text = inert(text)
    return text if len(text) <= width else text[: max(0, width - 1)] + "…"


class RankingTable(DataTable[Any]):
    """Rows keyed by option id; the cursor stays on the same option when the order changes."""

    DEFAULT_CSS = """
    RankingTable {
        height: auto;
        max-height: 100%;
    }
    """

    class Highlighted(Message):
        """The cursor moved onto an option."""

        def __init__(self, table: RankingTable, option_id: str) -> None:
            super().__init__()
            self.table = table
            self.option_id = option_id

        @property
        def control(self) -> RankingTable:
            return self.table

    class Chosen(Message):
        """Enter (or a click on the highlighted row): the user wants this option's detail."""

        def __init__(self, table: RankingTable, option_id: str) -> None:
            super().__init__()
            self.table = table
            self.option_id = option_id

        @property
        def control(self) -> RankingTable:
            return self.table

    class ViewChanged(Message):
        """The filter, sort, numbers or marks changed (the screen's status line follows)."""

        def __init__(self, table: RankingTable) -> None:
            super().__init__()
            self.table = table

        @property
        def control(self) -> RankingTable:
            return self.table

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "select_cursor", "Detail"),
        Binding("space", "toggle_mark", "Mark", show=False),
    ]

    def __init__(self, *, compact: bool = False, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(cursor_type="row", cell_padding=0, zebra_stripes=False, id=id, classes=classes)
        self.compact = compact
        """A preview (the weights screen): no marks, the ranking's own order, bars."""
        self.view = RankingView()
        self._shape: tuple[Any, ...] = ()
        self._built_width = -1
        self._result: Result | None = None
        self._base: Mapping[str, int] = {}
        self._shown: list[str] = []

    @property
    def option_ids(self) -> list[str]:
        """The options shown, top to bottom (the no-match row is not an option)."""
        return [str(row.key.value) for row in self.ordered_rows if row.key.value != NONE_KEY]

    @property
    def highlighted(self) -> str | None:
        if self.row_count == 0:
            return None
        try:
            key = str(self.ordered_rows[self.cursor_row].key.value)
        except IndexError:
            return None
        return None if key == NONE_KEY else key

    @property
    def total(self) -> int:
        return len(self._result.ranking) if self._result is not None else 0

    def column_labels(self) -> dict[str, str]:
        """The criterion column headings as shown (three letters, two on a narrow terminal)."""
        if self._result is None:
            return {}
        layout = self._layout(self._result)
        labels = short_labels(layout["criteria"])
        return {c: (label if layout["wide"] else label[:2]) for c, label in labels.items()}

    def show(self, result: Result | None, base_positions: Mapping[str, int] | None = None,
             *, focus_option: str | None = None) -> None:
        """Show the result's ranking; movement against ``base_positions`` when they differ."""
        self._result = result
        self._base = dict(base_positions or {})
        if result is not None:
            self.view.keep_marks([r.id for r in result.ranking])
        self._rebuild(focus_option or self.highlighted)

    def refresh_view(self) -> None:
        """Show the view's new filter, sort, numbers or marks; the cursor stays on its option."""
        self._rebuild(self.highlighted)
        self.post_message(self.ViewChanged(self))

    def on_resize(self, event: events.Resize) -> None:
        """Rebuild when the width changes (columns depend on it), never for a height change:
        rebuilding clears the rows, an auto-height table then shrinks, and a rebuild on that
        resize could leave it laid out with no height at all."""
        if self._result is not None and event.size.width != self._built_width:
            self._rebuild(self.highlighted)

    def _layout(self, result: Result) -> dict[str, Any]:
        width = max(40, (self.size.width or self.app.size.width) - 2)
        moved = any(self._base.get(r.id, r.position) != r.position for r in result.ranking)
        wide = width >= 96
        numbers = self.view.numbers and not self.compact
        cell = 6 if numbers else (3 if wide else 2) + 1
        crit = [c.id for c in result.criteria]
        fixed = 4 + (4 if moved else 0) + 8 + len(crit) * cell
        details = not self.compact and width - fixed - 2 - 19 >= 14
        if not self.compact:
            fixed += 2 + (19 if details else 0)
        option_width = max(14, width - fixed)
        return {"moved": moved, "cell": cell, "numbers": numbers, "option": option_width,
                "criteria": tuple(crit), "wide": wide, "details": details,
                "higher": result.higher_is_better, "method": result.method,
                "sort": (self.view.sort, self.view.ascending(result)) if not self.compact else ()}

    def _rebuild(self, keep: str | None) -> None:
        result = self._result
        if result is None:
            self.clear(columns=True)
            self._shape = ()
            return
        layout = self._layout(result)
        shape = tuple(sorted(layout.items()))
        if shape != self._shape:
            self.clear(columns=True)
            self._add_columns(layout)
            self._shape = shape
        else:
            self.clear()
        shown = list(result.ranking) if self.compact else self.view.rows(result)
        ranks = [r.rank for r in result.ranking]
        keys = []
        for row in shown:
            self.add_row(*self._cells(row, layout, tied=ranks.count(row.rank) > 1), key=row.id)
            keys.append(row.id)
        if not shown and result.ranking:
            self.add_row(*self._nothing(layout), key=NONE_KEY)
        self._shown = keys
        if keep is not None and keep in keys:
            self.move_cursor(row=keys.index(keep), animate=False, scroll=True)
        self._built_width = self.size.width

    def _cells(self, row: Any, layout: Mapping[str, Any], *, tied: bool) -> list[Any]:
        cells: list[Any] = []
        if not self.compact:
            marked = row.id in self.view.marked
            cells.append(Text(f"{MARK} " if marked else "  ", style="bold #3fb950"))
        cells.append(Text(f"{row.rank}{'=' if tied else ''}".rjust(3) + " "))
        if layout["moved"]:
            cells.append(self._movement(row.id, row.position))
        cells.append(Text(clip(row.name, layout["option"] - 1).ljust(layout["option"])))
        if layout["details"]:
            cells.append(Text(SHORT_OPENNESS.get(row.openness or "", row.openness or "-").ljust(9),
                              style="dim" if row.openness == "proprietary" else ""))
            cells.append(Text(SHORT_ROUTE.get(row.route or "", row.route or "-").ljust(10)))
        cells.append(Text(score_text(row.score, self._result).rjust(7) + " ", style="bold"))
        for cid in layout["criteria"]:
            value = row.scores.get(cid, 0.0)
            if layout["numbers"]:
                cells.append(Text(points_text(value).rjust(layout["cell"] - 1) + " "))
            else:
                cells.append(score_bar(value, layout["cell"] - 1).append(" "))
        return cells

    def _nothing(self, layout: Mapping[str, Any]) -> list[Any]:
        """The one row of an empty match: the note runs across the cells from the option column."""
        widths = [column.width for column in self.columns.values()]
        start = 2 + (1 if layout["moved"] else 0)
        note = f'no option matches "{clip(self.view.filter, 30)}": escape clears the filter'
        cells: list[Any] = [Text("") for _ in widths]
        for index in range(start, len(widths)):
            cells[index] = Text(note[: widths[index]], style="italic #d29922")
            note = note[widths[index]:]
        return cells

    def _header(self, key: str, label: str, width: int, layout: Mapping[str, Any], *,
                right: bool = False, pad: int = 1) -> Text:
        """A column heading ``width`` cells wide (``pad`` of them blank on the right); the sorted
        column carries ▲ (its values grow downwards) or ▼, in the padding if need be."""
        sort = layout["sort"]
        if not sort or sort[0] != key:
            room = width - pad
            return Text((label.rjust(room) if right else label.ljust(room)) + " " * pad)
        mark = "▲" if sort[1] else "▼"
        label = label.rstrip()
        if len(label) + 1 > width - pad and label.startswith(" "):
            label = label[1:]  # "  #" becomes " #▲ ", the padding kept
        room = width - pad if len(label) + 1 <= width - pad else width
        core = label[: room - 1] + mark
        core = core.rjust(room) if right else core.ljust(room)
        return Text(core + " " * (width - room), style="bold")

    def _add_columns(self, layout: Mapping[str, Any]) -> None:
        labels = self.column_labels()
        if not self.compact:
            self.add_column(Text(MARK + " ", style="dim"), key="mark", width=2)
        self.add_column(self._header("rank", "  #", 4, layout), key="rank", width=4)
        if layout["moved"]:
            self.add_column(Text("±   ", style="dim"), key="moved", width=4)
        self.add_column(self._header("option", "Option", layout["option"], layout), key="option",
                        width=layout["option"])
        if layout["details"]:
            self.add_column(self._header("openness", "Openness", 9, layout), key="openness", width=9)
            self.add_column(self._header("route", "Route", 10, layout), key="route", width=10)
        self.add_column(self._header("score", "Score", 8, layout, right=True), key="score", width=8)
        for cid in layout["criteria"]:
            width = layout["cell"]
            self.add_column(self._header(f"c:{cid}", labels[cid], width, layout, right=layout["numbers"]),
                            key=f"c:{cid}", width=width)

    def _movement(self, option_id: str, position: int) -> Text:
        before = self._base.get(option_id)
        if before is None or before == position:
            return Text("    ")
        if before > position:
            return Text(f"▲{before - position}".ljust(4), style="#3fb950")
        return Text(f"▼{position - before}".ljust(4), style="#f85149")

    # ---------------------------------------------------------------- what the user does

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "toggle_mark":
            return not self.compact
        return True

    def action_toggle_mark(self) -> None:
        option = self.highlighted
        if option is None or self.compact:
            return
        self.view.toggle_mark(option)
        self.refresh_view()

    def on_data_table_header_selected(self, event: DataTable.HeaderSelected) -> None:
        """A click on a heading sorts by that column; a second click reverses."""
        event.stop()
        key = str(event.column_key.value)
        if self.compact or self._result is None or key == "mark":
            return
        self.view.sort_by("rank" if key == "moved" else key)
        self.refresh_view()

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        event.stop()
        if event.row_key.value is not None and event.row_key.value != NONE_KEY:
            self.post_message(self.Highlighted(self, str(event.row_key.value)))

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        if event.row_key.value is not None and event.row_key.value != NONE_KEY:
            self.post_message(self.Chosen(self, str(event.row_key.value)))
