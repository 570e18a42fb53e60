"""One criterion's weight: a bar, its share in percent, arrows to nudge it, digits to type it."""

from __future__ import annotations

from typing import ClassVar

from textual import events
from textual.binding import Binding, BindingType
from textual.message import Message
from textual.reactive import reactive
from textual.widget import Widget

from selector_tui.safe_text import Text
from selector_tui.session import typed_share
from selector_tui.widgets.bars import share_bar

NAME_WIDTH = 34
VALUE_WIDTH = 16


class WeightRow(Widget, can_focus=True):
    """Shows a share; asks for a new one. The screen decides what the others become."""

    DEFAULT_CSS = """
    WeightRow {
        height: 1;
        width: 100%;
        padding: 0 1;
    }
    WeightRow:focus {
        background: $boost;
        text-style: bold;
    }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("right,plus,equals_sign", "nudge(1)", "+1 pt", show=True),
        Binding("left,minus", "nudge(-1)", "-1 pt", show=True),
        Binding("shift+right,greater_than_sign", "nudge(5)", "+5 pts", show=False),
        Binding("shift+left,less_than_sign", "nudge(-5)", "-5 pts", show=False),
        Binding("up", "app.focus_previous", "Up", show=False),
        Binding("down", "app.focus_next", "Down", show=False),
        Binding("enter", "commit", "Apply typed %", show=False),
        Binding("backspace", "erase", "Erase", show=False),
    ]

    share: reactive[float] = reactive(0.0)
    base: reactive[float] = reactive(0.0)
    typed: reactive[str] = reactive("")

    class Changed(Message):
        """The user asked for this criterion to take ``share`` (0-1) of the decision."""

        def __init__(self, row: WeightRow, criterion: str, share: float) -> None:
            super().__init__()
            self.row = row
            self.criterion = criterion
            self.share = share

        @property
        def control(self) -> WeightRow:
            return self.row

    def __init__(self, criterion: str, name: str, share: float, base: float, *,
                 id: str | None = None) -> None:
        super().__init__(id=id)
        self.criterion = criterion
        self.label = name
        self.set_reactive(WeightRow.share, share)
        self.set_reactive(WeightRow.base, base)

    def _bar_width(self) -> int:
        return max(4, self.size.width - 2 - NAME_WIDTH - VALUE_WIDTH)

    def render(self) -> Text:
        room = NAME_WIDTH - 2
        name = self.label if len(self.label) <= room - 1 else self.label[: room - 2] + "…"
        text = Text("▸ " if self.has_focus else "  ", style="bold #58a6ff")
        text.append(name.ljust(room))
        text.append_text(share_bar(self.share, self._bar_width()))
        if self.typed:
            text.append(f" ›{self.typed}_ %".ljust(VALUE_WIDTH), style="reverse")
            return text
        text.append(f"{self.share * 100:5.1f} %".rjust(8))
        delta = (self.share - self.base) * 100
        if abs(delta) >= 0.05:
            text.append(f" {delta:+5.1f}".ljust(VALUE_WIDTH - 8), style="#d29922")
        else:
            text.append(" " * (VALUE_WIDTH - 8))
        return text

    def action_nudge(self, points: int) -> None:
        self.typed = ""
        self._ask(round(self.share * 100) / 100 + points / 100)

    def action_commit(self) -> None:
        if not self.typed:
            return
        typed, self.typed = self.typed, ""
        try:
            share = typed_share(typed)
        except ValueError as exc:
            self.app.bell()
            self.notify(str(exc), title=self.label, severity="warning", timeout=6)
            return
        self._ask(share)

    def action_erase(self) -> None:
        self.typed = self.typed[:-1]

    def _ask(self, share: float) -> None:
        share = min(1.0, max(0.0, share))
        self.post_message(self.Changed(self, self.criterion, share))

    def on_key(self, event: events.Key) -> None:
        if event.character and (event.character.isdigit() or event.character == "."):
            if len(self.typed) < 6:
                self.typed += event.character
            event.stop()
            event.prevent_default()
        elif event.key == "escape" and self.typed:
            self.typed = ""
            event.stop()
            event.prevent_default()

    def on_focus(self) -> None:
        self.refresh()

    def on_blur(self) -> None:
        self.typed = ""
        self.refresh()

    def on_click(self, event: events.Click) -> None:
        """A click on the bar sets the share where the click landed."""
        start = 1 + NAME_WIDTH
        width = self._bar_width()
        if start <= event.x < start + width:
            self._ask((event.x - start + 1) / width)
