"""Moving between screens: one of each kind on the stack, escape goes back, modals block."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from textual.app import App
from textual.screen import ModalScreen, Screen

from selector_tui.screens.checklist import ChecklistScreen
from selector_tui.screens.detail import DetailScreen
from selector_tui.screens.export import ExportScreen
from selector_tui.screens.help import HelpScreen
from selector_tui.screens.problems import ProblemsScreen
from selector_tui.screens.ranking import RankingScreen
from selector_tui.screens.robustness import RobustnessScreen
from selector_tui.screens.weights import WeightsScreen

if TYPE_CHECKING:
    from selector_tui.session import Session


class NavigationApp(App[None]):
    """Going to a screen already on the stack returns to it; otherwise it is pushed."""

    session: Session
    focus_option: str | None

    def _home(self) -> Screen[Any] | None:
        return next((s for s in self.screen_stack if isinstance(s, RankingScreen)), None)

    def _pop_to_home(self) -> None:
        home = self._home()
        if home is None:
            return
        while self.screen is not home and len(self.screen_stack) > 1:
            self.pop_screen()

    def _make(self, name: str) -> Screen[Any] | None:
        if name == "weights":
            return WeightsScreen()
        if name == "detail":
            return DetailScreen(self.focus_option) if self.focus_option else None
        if name == "robustness":
            return RobustnessScreen()
        if name == "checklist":
            return ChecklistScreen(self.focus_option)
        if name == "export":
            return ExportScreen()
        if name == "problems":
            return ProblemsScreen()
        return None

    def action_goto(self, name: str) -> None:
        if isinstance(self.screen, ModalScreen):
            return
        if name == "ranking":
            self._pop_to_home()
            return
        for screen in reversed(self.screen_stack):
            if getattr(screen, "SCREEN_ID", "") == name:
                while self.screen is not screen:
                    self.pop_screen()
                if isinstance(screen, DetailScreen) and self.focus_option:
                    screen.show_option(self.focus_option)
                if isinstance(screen, ChecklistScreen) and self.focus_option:
                    screen.option_id = self.focus_option
                    screen.session_changed("resume")
                return
        screen = self._make(name)
        if screen is not None:
            self.push_screen(screen)

    def action_problems(self) -> None:
        """``p``: the problems screen, or a notification saying there are none (never silence)."""
        if self.session.problems:
            self.action_goto("problems")
        elif self.session.status == "loading":
            self.notify("No problems so far: the assessment is still loading.", timeout=4)
        else:
            self.notify("No problems: the assessment and every input it names were read without "
                        "an error.", title="Problems", timeout=4)

    def open_detail(self, option_id: str) -> None:
        self.focus_option = option_id
        self.action_goto("detail")

    def action_detail(self) -> None:
        if self.focus_option:
            self.open_detail(self.focus_option)

    async def action_back(self) -> None:
        if len(self.screen_stack) > 2 and not isinstance(self.screen, RankingScreen):
            self.pop_screen()

    def action_help(self) -> None:
        if isinstance(self.screen, HelpScreen):
            self.pop_screen()
        elif not isinstance(self.screen, ModalScreen):
            self.push_screen(HelpScreen())

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        modal = isinstance(self.screen, ModalScreen)
        if action in ("goto", "detail", "cycle_method", "reload", "problems", "open_assessment",
                      "add_profiles") and modal:
            return False
        if action == "goto" and parameters and parameters[0] == "problems":
            return bool(self.session.problems)
        if action in ("goto", "detail", "cycle_method") and not self.session.ready:
            return None
        return True
