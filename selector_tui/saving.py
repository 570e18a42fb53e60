"""Saving checklist edits, as plain Python: the queue, the undo and what each answer means.

Edits are written one batch at a time, in order, each from the revision last seen; an undo
pressed while edits are being written waits for them; a refused or failed write says why and
drops what depended on it. The app runs :func:`selector_tui.loader.save_edits` for each batch
this controller hands out and applies the :class:`Effects` it returns (notices, an error
dialog, the next batch, quitting). No Textual here, so every path is unit-tested.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from selector_tui.session import ChecklistEdit, Session, UndoStep, display_path

if TYPE_CHECKING:
    from selector_tui.loader import SaveOutcome


@dataclass(frozen=True, slots=True)
class Notice:
    message: str
    severity: str = "information"
    timeout: float | None = None


@dataclass
class Effects:
    """What the app does after a step: show these, write this batch, quit."""

    notices: list[Notice] = field(default_factory=list)
    error: tuple[str, str] | None = None
    """(title, message) of an error dialog."""
    batch: list[ChecklistEdit] | None = None
    """Edits to write now (the app starts the save worker with them)."""
    queued_undo: ChecklistEdit | None = None
    """An undo queued now, for the checklist screen to show as pending."""
    reload: bool = False
    """Read the checklists again (a write failed)."""
    quit: bool = False


def take_checklists(session: Session, loaded: Any) -> None:
    """Put freshly read checklists on both results the session holds."""
    for name in ("result", "base"):
        current = getattr(session, name)
        if current is not None:
            setattr(session, name, dataclasses.replace(
                current, checklists=loaded.checklists, checklist_revision=loaded.checklist_revision))


class ChecklistSaver:
    def __init__(self, session: Session) -> None:
        self.session = session
        self.edits: list[ChecklistEdit] = []
        """Waiting to be written."""
        self.saving: list[ChecklistEdit] = []
        """Being written now."""
        self.undo: UndoStep | None = None
        """The last change written in this session: what an undo takes back."""
        self.saved_in_burst = 0
        self.undo_after_save = False
        self.quit_after_save = False

    @property
    def busy(self) -> bool:
        return bool(self.saving or self.edits)

    def _count(self) -> None:
        self.session.saving = len(self.edits) + len(self.saving)

    def queue(self, edit: ChecklistEdit) -> Effects:
        self.edits.append(edit)
        self._count()
        return Effects() if self.saving else Effects(batch=self._next_batch())

    def _next_batch(self) -> list[ChecklistEdit] | None:
        session = self.session
        if not self.edits or session.result is None or session.assessment is None:
            return None
        self.saving, self.edits = self.edits, []
        return list(self.saving)

    def request_undo(self) -> Effects:
        """Queue the undo of the last change written in this session; say so when there is none.

        Asked while edits are still being written, the undo waits for them and takes back the
        last; if one of them is refused, it is dropped with them."""
        if self.busy:
            self.undo_after_save = True
            return Effects()
        step = self.undo
        if step is None:
            return Effects(notices=[Notice("Nothing to undo: no checklist change has been saved in this "
                                           "session (or the last one was already undone).", "warning")])
        edit = ChecklistEdit(step.option, step.item, status=step.before.status, restore=step)
        effects = self.queue(edit)
        effects.queued_undo = edit
        return effects

    def request_quit(self) -> Effects:
        if self.busy:
            self.quit_after_save = True
            return Effects(notices=[Notice("Saving the checklist edits first; quitting when they are "
                                           "written.")])
        return Effects(quit=True)

    def saved(self, outcome: SaveOutcome) -> Effects:
        """A batch was written (or partly refused): what to tell the user, and what comes next."""
        effects = Effects()
        batch, self.saving = self.saving, []
        if outcome.result is not None:
            take_checklists(self.session, outcome.result)
        path = self.session.checklist_path
        where = display_path(path) if path else "the state file"
        undo = next((e.restore for e in batch if e.restore is not None), None)
        if outcome.undo is not None:
            self.undo = outcome.undo
        elif undo is not None:
            self.undo = None  # taken back, or refused: either way it cannot be undone again
        if undo is not None and not outcome.refused:
            what = "; ".join(outcome.undone) or "it was already as before, nothing was written"
            effects.notices.append(Notice(f"Undid the last change to {undo.option} {undo.item}: {what} "
                                          f"(revision {outcome.revision}).", timeout=5))
        self.saved_in_burst += len(outcome.saved)
        if self.saved_in_burst and not self.edits:
            count, self.saved_in_burst = self.saved_in_burst, 0
            effects.notices.append(Notice(f"Saved {count} change{'s' if count > 1 else ''} to {where} "
                                          f"(revision {outcome.revision}).", timeout=3))
        refused = list(outcome.refused)
        if outcome.stale and self.edits:
            refused.extend(f"{e.option} {e.item}: not saved (made before the reload)" for e in self.edits)
            self.edits = []
        if refused:
            self.undo_after_save = False  # the change it was meant for was not written
        if refused and undo is not None:
            intro = ("The checklist file changed since your last change was saved (someone else "
                     "saved). Nothing was overwritten and the undo was dropped; the checklist has been "
                     "reloaded.\n\n" if outcome.stale else "Nothing was overwritten and the undo was "
                     "dropped.\n\n")
            effects.error = ("Undo refused", intro + "\n".join(refused))
        elif refused:
            intro = ("The checklist file changed since this screen loaded it (someone else saved). "
                     "Nothing was overwritten; the checklist has been reloaded. Make the edit again.\n\n"
                     if outcome.stale else "")
            effects.error = ("Checklist edit refused", intro + "\n".join(refused))
        self.session.saving = len(self.edits)
        return self._after(effects)

    def failed(self, message: str) -> Effects:
        """The write itself failed (a disk error, a bug): nothing of the batch was saved."""
        failed, self.saving = self.saving, []
        if any(e.restore is not None for e in failed):
            self.undo = None
        self.undo_after_save = False
        self.session.saving = len(self.edits)
        effects = Effects(error=("Checklist edits not saved", message + "\n\nNot saved:\n"
                                 + "\n".join(f"{e.option} {e.item}" for e in failed)), reload=True)
        return self._after(effects)

    def _after(self, effects: Effects) -> Effects:
        if self.edits:
            effects.batch = self._next_batch()
        elif self.undo_after_save and not self.saving:
            self.undo_after_save = False
            follow = self.request_undo()
            effects.notices.extend(follow.notices)
            effects.batch = follow.batch
        elif self.quit_after_save and not self.saving:
            effects.quit = True
        return effects
