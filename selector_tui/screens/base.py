"""What every screen shares: access to the session and a hook the app calls when it changes."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar, Protocol, cast

from textual.screen import Screen
from textual.widgets import Footer

from selector.render.text import inert

if TYPE_CHECKING:
    from selector_tui.session import ChecklistEdit, Session


class SessionHost(Protocol):
    """What a screen reads from the app it runs in (state flows down); it asks for changes by
    posting messages (selector_tui.messages), so no screen knows the App class."""

    session: Session
    focus_option: str | None
    last_export_error: str


class SessionScreen(Screen[None]):
    """A screen that shows part of the session. State flows down through ``session_changed``."""

    SCREEN_ID: ClassVar[str] = ""
    TITLE_TEXT: ClassVar[str] = ""

    @property
    def selector_app(self) -> SessionHost:
        return cast("SessionHost", self.app)

    @property
    def session(self) -> Session:
        return self.selector_app.session

    def on_mount(self) -> None:
        self.retitle()
        self.session_changed("mount")

    def retitle(self) -> None:
        """The subtitle names the screen and the assessment open (another may be opened)."""
        from selector_tui.session import display_path

        where = display_path(self.session.assessment) if self.session.assessment else "bundled catalogue"
        if len(where) > 70:  # the folder that tells two examples apart is at the end
            where = "…" + where[-69:]
        self.sub_title = inert(f"{self.TITLE_TEXT} · {where}")

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
