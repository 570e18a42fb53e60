"""Opening another assessment, or adding a profile folder, from inside the app (ctrl+o, ctrl+f).

The dialog (selector_tui.screens.open) ranks the new inputs in a worker and returns them only
when they ranked; this mixin guards unsaved checklist work first (as quit and reload do) and
adopts what the dialog returns. The assessment on screen is never replaced by a failure.
"""

from __future__ import annotations

from datetime import date
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from selector_tui import loader
from selector_tui.navigation import NavigationApp
from selector_tui.saving import ChecklistSaver
from selector_tui.screens.base import SessionScreen
from selector_tui.screens.open import OpenDialog
from selector_tui.screens.ranking import RankingScreen
from selector_tui.session import display_path

if TYPE_CHECKING:
    from selector_tui.controllers import RerankController, RobustnessController


class OpeningApp(NavigationApp):
    """What the app provides to it: the session's controllers and how a load is applied."""

    saver: ChecklistSaver
    reranking: RerankController
    robustness_controller: RobustnessController
    _generation: int

    if TYPE_CHECKING:  # defined by the app (ChecklistApp, SelectorApp); for the type checker only
        def queue_unsent_edits(self) -> None: ...

        def _loaded(self, loaded: loader.Loaded) -> None: ...

    def _may_switch(self, what: str) -> bool:
        """The guard of quit and reload: unwritten statuses are written first; while checklist
        edits are being written, nothing else is opened (they belong to this assessment)."""
        if self.session.status == "loading":
            self.notify(f"Still loading; {what} when it is done.", severity="warning", timeout=4)
            return False
        self.queue_unsent_edits()
        if self.saver.busy:
            self.notify(f"Checklist edits are still being saved; {what} when they are done.",
                        severity="warning")
            return False
        return True

    def action_open_assessment(self) -> None:
        if not self._may_switch("open another assessment"):
            return
        session = self.session

        def check(path: Path) -> str:
            if path.is_dir():
                return f"{path} is a folder: give an assessment file (YAML)"
            if not path.is_file():
                return f"{path} does not exist: type a path (→ completes) or pick one from the list"
            return ""

        hint = ("An assessment YAML. It is ranked over its own profiles: folders; the one on screen "
                "stays open until the new one has ranked. Unsaved checklist work is written first.")
        dialog = OpenDialog("Open another assessment", hint, loader.assessment_candidates(session.assessment),
                            partial(_attempt, session.today, None), check)
        self.push_screen(dialog, partial(self._opened, None))

    def action_add_profiles(self) -> None:
        if not self._may_switch("add a profile folder"):
            return
        session = self.session
        sources = list(session.profile_sources)
        used = {s.resolve() for s in sources}

        def check(path: Path) -> str:
            if not path.exists():
                return f"{path} does not exist: type a folder (→ completes) or pick one from the list"
            if path.resolve() in used:
                return f"{path} is already ranked: it is one of the profile folders on screen"
            return ""

        shown = "; ".join(display_path(s) for s in sources) or "none"
        hint = (f"A folder of offering profiles (or one profile file), ranked with the ones on screen "
                f"({shown}). The same id in two folders is refused, naming both files.")
        dialog = OpenDialog("Add a profile folder", hint,
                            loader.profile_folder_candidates(session.assessment, sources),
                            lambda path: loader.load(session.assessment, session.today, [*sources, path]),
                            check, folders=True)
        self.push_screen(dialog, partial(self._opened, sources))

    def _opened(self, sources: list[Path] | None, opened: tuple[Path, loader.Loaded] | None) -> None:
        """Adopt what the dialog ranked: the new assessment (``sources`` None) or the same one
        over one more profile folder."""
        if opened is None:
            return
        path, loaded = opened
        session = self.session
        if sources is None:
            session.assessment, session.profiles = path, None
            what = f"Opened {display_path(path)}"
        else:
            session.profiles = [*sources, path]
            what = f"Added {display_path(path)}: {len(loaded.profile_sources)} profile sources ranked"
        self._generation += 1
        self.reranking.reset()
        self.robustness_controller.reset()
        self.saver = ChecklistSaver(session)  # an undo belongs to the assessment it was made in
        session.checklist_status = "not loaded"
        session.last_export = None
        self._pop_to_home()
        for screen in self.screen_stack:
            if isinstance(screen, SessionScreen):
                screen.retitle()
            if sources is None and isinstance(screen, RankingScreen):
                screen.fresh_view()
        self._loaded(loaded)
        self.notify(what, timeout=5)


def _attempt(today: date, profiles: list[Path] | None, path: Path) -> loader.Loaded:
    return loader.load(path, today, profiles)
