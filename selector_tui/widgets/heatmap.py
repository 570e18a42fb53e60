"""A shares matrix (rows x columns, each 0-1) as a coloured heatmap with the percentages printed."""

from __future__ import annotations

from collections.abc import Sequence

from textual.widget import Widget

from selector_tui.safe_text import Text

# Darker to brighter green: more samples in that cell. The number is printed too, so the
# colour never carries the meaning alone.
LEVELS: tuple[tuple[float, str, str], ...] = (
    (0.50, "#39d353", "#0d1117"),
    (0.20, "#26a641", "#ffffff"),
    (0.05, "#006d32", "#ffffff"),
    (0.0, "#0e4429", "#c9d1d9"),
)


def cell_style(share: float) -> str:
    for threshold, background, foreground in LEVELS:
        if share >= threshold:
            return f"{foreground} on {background}"
    return "dim"


class Heatmap(Widget):
    """Row labels on the left, one five-cell column per column label."""

    DEFAULT_CSS = """
    Heatmap {
        height: auto;
        width: 100%;
    }
    """

    CELL = 5

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self.rows: list[str] = []
        self.columns: list[str] = []
        self.values: list[list[float]] = []
        self.extra: list[str] = []
        self.extra_label = ""

    def set_data(self, rows: Sequence[str], columns: Sequence[str], values: Sequence[Sequence[float]],
                 *, extra: Sequence[str] = (), extra_label: str = "") -> None:
        self.rows = list(rows)
        self.columns = list(columns)
        self.values = [list(v) for v in values]
        self.extra = list(extra)
        self.extra_label = extra_label
        self.refresh(layout=True)

    def get_content_height(self, container: object, viewport: object, width: int) -> int:
        return len(self.rows) + 1 if self.rows else 1

    def _label_width(self) -> int:
        room = (self.size.width or 80) - self.CELL * len(self.columns) - (len(self.extra_label) + 2)
        longest = max((len(r) for r in self.rows), default=8)
        return max(10, min(longest + 1, room))

    def render(self) -> Text:
        if not self.rows:
            return Text("nothing to show", style="dim")
        width = self._label_width()
        text = Text("".ljust(width), style="bold")
        for column in self.columns:
            text.append(column.center(self.CELL), style="bold")
        if self.extra_label:
            text.append("  " + self.extra_label, style="bold")
        for index, label in enumerate(self.rows):
            text.append("\n")
            shown = label if len(label) < width else label[: width - 2] + "…"
            text.append(shown.ljust(width))
            for share in self.values[index]:
                if share <= 0:
                    text.append("·".center(self.CELL), style="dim")
                else:
                    number = f"{share * 100:.0f}%" if share >= 0.005 else "<1%"
                    text.append(number.rjust(self.CELL - 1) + " ", style=cell_style(share))
            if index < len(self.extra):
                text.append("  " + self.extra[index])
        return text
