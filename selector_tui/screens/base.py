"""What every screen shares: access to the session and a hook the app calls when it changes."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar, cast

from textual.screen import Screen
from textual.widgets import Footer

from selector.render.text import inert

if TYPE_CHECKING:
    from selector_tui.app import SelectorApp
    from selector_tui.session import ChecklistEdit, Session


class SessionScreen(Screen[None]):
    """A screen that shows part of the session. State flows down through ``session_changed``."""

    SCREEN_ID: ClassVar[str] = ""
    TITLE_TEXT: ClassVar[str] = ""

    @property
    def selector_app(self) -> SelectorApp:
        return cast("SelectorApp", self.app)

    @property
    def session(self) -> Session:
        return self.selector_app.session

    def on_mount(self) -> None:
        where = self.session.assessment.name if self.session.assessment else "bundled catalogue"
        self.sub_title = inert(f"{self.TITLE_TEXT} · {where}")
        self.session_changed("mount")

    def on_screen_resume(self) -> None:
        self.session_changed("resume")

    def on_resize(self) -> None:
        """On a narrow terminal the footer keeps its room for this screen's keys."""
        show = self.app.size.width >= 100
        for footer in self.query(Footer):
            if footer.show_command_palette != show:
                footer.show_command_palette = show
                footer.refresh(recompose=True)

    def checklist_edit_queued(self, edit: ChecklistEdit) -> None:
        """Called by the app when it queued a checklist edit the screen did not post (an undo)."""

    def session_changed(self, kind: str) -> None:
        """Called by the app on the main thread: load, ranking, checklist, robustness, ..."""
