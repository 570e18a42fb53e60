"""The ranking as a table: rank, option, openness, route, score and a bar per criterion."""

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

if TYPE_CHECKING:
    from selector.result import Result


def score_text(score: float) -> str:
    return f"{score:.2f}" if abs(score) >= 1 else f"{score:.4f}"


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

    BINDINGS: ClassVar[list[BindingType]] = [Binding("enter", "select_cursor", "Detail")]

    def __init__(self, *, compact: bool = False, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(cursor_type="row", cell_padding=0, zebra_stripes=False, id=id, classes=classes)
        self.compact = compact
        self._shape: tuple[Any, ...] = ()
        self._built_width = -1
        self._result: Result | None = None
        self._base: Mapping[str, int] = {}

    @property
    def option_ids(self) -> list[str]:
        return [str(row.key.value) for row in self.ordered_rows]

    @property
    def highlighted(self) -> str | None:
        if self.row_count == 0:
            return None
        try:
            return str(self.ordered_rows[self.cursor_row].key.value)
        except IndexError:
            return None

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
        self._rebuild(focus_option or self.highlighted)

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
        bar_width = 3 if wide else 2
        crit = [c.id for c in result.criteria]
        fixed = 4 + (4 if moved else 0) + 8 + len(crit) * (bar_width + 1)
        if not self.compact:
            fixed += 9 + 10
        option_width = max(14, width - fixed)
        return {"moved": moved, "bar": bar_width, "option": option_width, "criteria": tuple(crit),
                "wide": wide, "higher": result.higher_is_better}

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
            self._add_columns(result, layout)
            self._shape = shape
        else:
            self.clear()
        ranks = [r.rank for r in result.ranking]
        rows = []
        keys = []
        for row in result.ranking:
            tied = ranks.count(row.rank) > 1
            cells: list[Any] = [Text(f"{row.rank}{'=' if tied else ''}".rjust(3) + " ")]
            if layout["moved"]:
                cells.append(self._movement(row.id, row.position))
            cells.append(Text(clip(row.name, layout["option"] - 1).ljust(layout["option"])))
            if not self.compact:
                cells.append(Text(SHORT_OPENNESS.get(row.openness or "", row.openness or "-").ljust(9),
                                  style="dim" if row.openness == "proprietary" else ""))
                cells.append(Text(SHORT_ROUTE.get(row.route or "", row.route or "-").ljust(10)))
            cells.append(Text(score_text(row.score).rjust(7) + " ", style="bold"))
            for cid in layout["criteria"]:
                cells.append(score_bar(row.scores.get(cid, 0.0), layout["bar"]).append(" "))
            rows.append(cells)
            keys.append(row.id)
        for cells, key in zip(rows, keys, strict=True):
            self.add_row(*cells, key=key)
        if keep is not None and keep in keys:
            self.move_cursor(row=keys.index(keep), animate=False, scroll=True)
        self._built_width = self.size.width

    def _add_columns(self, result: Result, layout: Mapping[str, Any]) -> None:
        labels = self.column_labels()
        self.add_column(Text("  # "), key="rank", width=4)
        if layout["moved"]:
            self.add_column(Text("±   ", style="dim"), key="moved", width=4)
        self.add_column(Text("Option"), key="option", width=layout["option"])
        if not self.compact:
            self.add_column(Text("Openness"), key="openness", width=9)
            self.add_column(Text("Route"), key="route", width=10)
        direction = "▲" if result.higher_is_better else "▼"
        self.add_column(Text(f"{direction}Score ".rjust(8)), key="score", width=8)
        for cid in layout["criteria"]:
            width = layout["bar"] + 1
            self.add_column(Text(labels[cid].ljust(width)), key=f"c:{cid}", width=width)

    def _movement(self, option_id: str, position: int) -> Text:
        before = self._base.get(option_id)
        if before is None or before == position:
            return Text("    ")
        if before > position:
            return Text(f"▲{before - position}".ljust(4), style="#3fb950")
        return Text(f"▼{position - before}".ljust(4), style="#f85149")

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        event.stop()
        if event.row_key.value is not None:
            self.post_message(self.Highlighted(self, str(event.row_key.value)))

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        if event.row_key.value is not None:
            self.post_message(self.Chosen(self, str(event.row_key.value)))
