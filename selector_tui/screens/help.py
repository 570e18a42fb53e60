"""Help: every key, what each screen is for, and how to read the marks."""

from __future__ import annotations

from typing import ClassVar

from rich.table import Table
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

from selector_tui.safe_text import Text

KEYS: tuple[tuple[str, tuple[tuple[str, str], ...]], ...] = (
    ("Anywhere", (
        ("?", "this help"),
        ("q / ctrl+q", "quit (inside a text field q is a letter: use ctrl+q there)"),
        ("escape", "back to the previous screen"),
        ("ctrl+p", "command palette: every screen, method and action by name"),
        ("w", "weights"),
        ("enter / d", "detail of the highlighted option"),
        ("r", "robustness"),
        ("c", "checklist of the highlighted option"),
        ("e", "export"),
        ("m", "next ranking method (wsm, topsis, wpm, waspas, vikor)"),
        ("p", "problems with the inputs (a notification when there are none)"),
        ("ctrl+l", "reload the assessment from disk"),
        ("ctrl+o", "open another assessment (a path, → completes, or one from the list)"),
        ("ctrl+f", "add a profile folder: ranked with the ones on screen"),
        ("tab / shift+tab", "move between parts of a screen; the mouse works too"),
    )),
    ("Ranking", (
        ("/", "filter the rows as you type (name, id, provider, route, openness); enter keeps it"),
        ("escape", "clear the filter"),
        ("o / O", "sort by the next column / reverse it (or click a heading; again reverses)"),
        ("b", "criterion points as numbers (one decimal) or as bars"),
        ("space", "mark the option for comparison (✓)"),
        ("v", "compare the 2 or 3 marked options side by side"),
    )),
    ("Weights", (
        ("↑ ↓", "choose a criterion"),
        ("← → or - +", "one point less / more (shift: five)"),
        ("digits, enter", "type a share in percent, 0-100 (more is refused, with a message)"),
        ("ctrl+r", "reset to the assessment's weights"),
    )),
    ("Option detail", (
        ("1 2 3", "trace, cost of ownership, licence and flags"),
        ("[ ]", "previous / next option"),
    )),
    ("Checklist", (
        ("space", "done <-> open"),
        ("s", "next status (written once you stop: moving on, a pause, or leaving)"),
        ("enter, o, n", "edit status and due date, owner, add a note or an evidence link"),
        ("u", "undo the last checklist change made in this session (itself recorded in the history)"),
    )),
)

MARKS = (
    ("UNKNOWN", "bold #f85149", "the fact is not known: it earns 0 points and becomes a due-diligence item"),
    ("STALE", "bold #d29922", "past its review date: it still counts; re-check it"),
    ("unverified", "#d2a8ff", "the source is not confirmed: it counts; confirm it"),
    ("● ◐ ○", "#3fb950", "a rule earned its full points, some, none"),
    ("!", "bold #f85149", "the rule's fact is unknown (0 points); · an alternative that did not count"),
    ("▲2 ▼1", "", "places moved against the assessment's own ranking"),
    ("Sec▼ #▲", "bold", "the column the ranking is sorted by: ▼ values fall down the table, ▲ they grow"),
    ("✓", "bold #3fb950", "an option marked for comparison (space)"),
    ("◆ most", "bold", "compare: the most points among the options compared"),
    ("█▌", "#3fb950", "a criterion's points: green from 70, amber from 40, red below"),
)


def help_body() -> Table:
    table = Table(box=None, show_header=False, pad_edge=False, expand=True)
    table.add_column(width=16, style="bold", no_wrap=True)
    table.add_column(ratio=1)
    for section, keys in KEYS:
        table.add_row(Text(section, style="bold #58a6ff"), "")
        for key, what in keys:
            table.add_row(key, what)
        table.add_row("", "")
    table.add_row(Text("Marks", style="bold #58a6ff"), "")
    for mark, style, what in MARKS:
        table.add_row(Text(mark, style=style), what)
    return table


class HelpScreen(ModalScreen[None]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,question_mark", "dismiss", "Close"),
        Binding("q", "app.quit", "Quit"),
    ]

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog", classes="help-dialog"):
            yield Static(Text("selector: keys and marks", style="bold"), id="dialog-title")
            with VerticalScroll(id="help-scroll"):
                yield Static(help_body())
            yield Static(Text("escape closes", style="dim"))
