"""Saving checklist edits as plain Python (ChecklistSaver): the queue, the undo, refusals,
failures and quitting, with no App and no Pilot."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from selector.checklist.state import ItemValues
from selector_tui.loader import SaveOutcome
from selector_tui.saving import ChecklistSaver
from selector_tui.session import ChecklistEdit, Session, UndoStep


class FakeResult:
    """The saver only checks that something is ranked; it never reads the result."""

    def __init__(self) -> None:
        self.checklists: dict[str, Any] = {}
        self.checklist_revision = 1


def saver() -> tuple[ChecklistSaver, Session]:
    session = Session(assessment=Path("a.yaml"), today=date(2026, 11, 25))
    session.result = FakeResult()  # type: ignore[assignment]
    return ChecklistSaver(session), session


def edit(item: str = "DD-01", status: str = "done") -> ChecklistEdit:
    return ChecklistEdit("opt", item, status=status)


def test_edits_are_written_one_batch_at_a_time_in_order() -> None:
    flow, session = saver()
    first = flow.queue(edit("A"))
    assert first.batch == [edit("A")] and flow.busy
    assert flow.queue(edit("B")).batch is None and flow.queue(edit("C")).batch is None
    assert session.saving == 3
    after = flow.saved(SaveOutcome(saved=("opt A: status open -> done",), revision=2))
    assert after.batch == [edit("B"), edit("C")] and after.notices == []
    done = flow.saved(SaveOutcome(saved=("opt B: ...", "opt C: ..."), revision=4))
    assert done.batch is None and not flow.busy and session.saving == 0
    assert [n.message for n in done.notices] == ["Saved 3 changes to the state file (revision 4)."]


def test_nothing_to_undo_says_so() -> None:
    flow, _ = saver()
    effects = flow.request_undo()
    assert effects.batch is None and effects.notices[0].severity == "warning"


def test_an_undo_asked_while_saving_waits_and_takes_back_the_last_change() -> None:
    flow, _ = saver()
    flow.queue(edit("A"))
    assert flow.request_undo().batch is None and flow.undo_after_save
    step = UndoStep("opt", "A", ItemValues(status="open"), 2)
    effects = flow.saved(SaveOutcome(saved=("opt A: status open -> done",), revision=2, undo=step))
    assert effects.batch is not None and effects.batch[0].restore == step
    assert effects.batch[0].status == "open"
    undone = flow.saved(SaveOutcome(revision=3, undone=("status done -> open",)))
    assert flow.undo is None
    assert any(n.message.startswith("Undid the last change to opt A") for n in undone.notices)


def test_a_stale_refusal_drops_the_waiting_edits_and_says_why() -> None:
    flow, _ = saver()
    flow.queue(edit("A"))
    flow.queue(edit("B"))
    effects = flow.saved(SaveOutcome(refused=("opt A: not saved: changed since you loaded it",),
                                     revision=5, stale=True))
    assert effects.error is not None and effects.error[0] == "Checklist edit refused"
    assert "opt B: not saved (made before the reload)" in effects.error[1]
    assert effects.batch is None and not flow.busy


def test_a_failed_write_reloads_and_drops_an_undo() -> None:
    flow, _ = saver()
    flow.undo = UndoStep("opt", "A", ItemValues(), 2)
    flow.request_undo()
    effects = flow.failed("disk full")
    assert effects.reload and effects.error is not None and "disk full" in effects.error[1]
    assert flow.undo is None and not flow.busy


def test_quitting_waits_for_the_edits() -> None:
    flow, _ = saver()
    assert flow.request_quit().quit
    flow.queue(edit("A"))
    waiting = flow.request_quit()
    assert not waiting.quit and waiting.notices
    assert flow.saved(SaveOutcome(saved=("opt A: ...",), revision=2)).quit
