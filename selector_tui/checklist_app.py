"""The app's side of the checklists: load them in a worker, queue edits and undo through the
saver (selector_tui.saving), and carry out what it decides (tell, write, reload, quit)."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any, cast

from textual.worker import Worker

from selector_tui import loader
from selector_tui.opening import OpeningApp
from selector_tui.saving import Effects, take_checklists
from selector_tui.screens.checklist import ChecklistScreen
from selector_tui.session import ChecklistEdit


class ChecklistApp(OpeningApp):
    """What the app provides to it: its workers, its broadcast and its error dialog."""

    if TYPE_CHECKING:  # defined by SelectorApp; declared here for the type checker only
        def _run(self, name: str, work: Callable[..., Any], *args: Any) -> Worker[Any]: ...

        def broadcast(self, kind: str) -> None: ...

        def show_error(self, title: str, message: str) -> None: ...

    def _start_checklists(self) -> None:
        session = self.session
        if session.assessment is None or session.result is None:
            session.checklist_status = "checklists belong to an assessment: open one with --assessment FILE"
            self.broadcast("checklist")
            return
        session.checklist_status = "loading"
        self.broadcast("checklist")
        self._run("checklist", loader.load_checklists, session.result, session.assessment)

    def _checklists_loaded(self, loaded: Any) -> None:
        take_checklists(self.session, loaded)
        self.session.checklist_status = "ready"
        self.broadcast("checklist")

    def queue_checklist_edit(self, edit: ChecklistEdit) -> None:
        """Edits are written one batch at a time, in order, each from the revision we last saw."""
        self._apply(self.saver.queue(edit))

    def undo_last_checklist_change(self) -> ChecklistEdit | None:
        """Queue the undo of the last change written in this session (see ChecklistSaver)."""
        effects = self.saver.request_undo()
        self._apply(effects)
        return effects.queued_undo

    def _saved(self, outcome: loader.SaveOutcome) -> None:
        self._apply(self.saver.saved(outcome), broadcast=True)

    def _apply(self, effects: Effects, *, broadcast: bool = False) -> None:
        """Carry out what the checklist saver decided: tell, show, write, reload, quit."""
        for notice in effects.notices:
            self.notify(notice.message, severity=cast(Any, notice.severity), timeout=notice.timeout)
        if effects.error is not None:
            self.show_error(*effects.error)
        if effects.reload:
            self._start_checklists()
        elif broadcast:
            self.broadcast("checklist")
        session = self.session
        if effects.batch is not None and session.result is not None and session.assessment is not None:
            self._run("save", loader.save_edits, session.result, session.assessment, effects.batch,
                      session.result.checklist_revision, loader.editor_name())
        if effects.quit:
            self.exit()

    def queue_unsent_edits(self) -> None:
        """Statuses reached with ``s`` and not yet written (see ChecklistScreen): write them now."""
        for screen in self.screen_stack:
            if isinstance(screen, ChecklistScreen):
                for edit in screen.unsent_edits():
                    self.queue_checklist_edit(edit)
