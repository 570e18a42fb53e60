"""Problems: the inputs could not be read; each problem as the command line prints it."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.widgets import Header, Static

from selector_tui.safe_text import Text
from selector_tui.screens.base import SessionScreen
from selector_tui.session import display_path
from selector_tui.widgets.steady import KeyFooter


class ProblemsScreen(SessionScreen):
    SCREEN_ID = "problems"
    TITLE_TEXT = "Problems"
    AUTO_FOCUS = "#problems-scroll"

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+l", "app.reload", "Reload"),
        Binding("escape", "app.back", "Back"),
    ]

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(id="problems-intro")
        with VerticalScroll(id="problems-scroll"):
            yield Static(id="problems-list")
        yield KeyFooter(compact=True)

    def session_changed(self, kind: str) -> None:
        session = self.session
        problems = session.problems
        where = display_path(session.assessment) if session.assessment else "the bundled catalogue"
        intro = Text()
        if problems:
            count = f"{len(problems)} problem{'s' if len(problems) != 1 else ''}"
            intro.append(f"{where}: {count}; nothing was ranked.", style="bold #f85149")
            intro.append("\nEach line is file:line:column: field: message. Fix the file, then press "
                         "ctrl+l to reload (q quits).", style="dim")
        else:
            intro.append(f"{where}: no problems.", style="bold #3fb950")
        self.query_one("#problems-intro", Static).update(intro)
        lines = Text()
        for index, problem in enumerate(problems):
            if index:
                lines.append("\n")
            lines.append(problem)
        self.query_one("#problems-list", Static).update(lines)
