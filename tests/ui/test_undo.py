"""Undo of the last checklist change: written like any edit, refused when the file moved on."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from datetime import date
from pathlib import Path
from typing import Any

import pytest
import yaml

from selector_tui.app import SelectorApp
from selector_tui.screens.checklist import ChecklistScreen
from selector_tui.screens.dialogs import ErrorDialog

TODAY = date(2026, 11, 25)
Settle = Callable[..., Awaitable[None]]
OPTION = "gpt-4o-azure-openai-southeast-asia"


def state_path(assessment: Path) -> Path:
    return assessment.with_name("assessment.checklist.yaml")


def state(assessment: Path) -> dict[str, Any]:
    data = yaml.safe_load(state_path(assessment).read_text(encoding="utf-8"))
    assert isinstance(data, dict)
    return data


@pytest.fixture(autouse=True)
def _record_notifications(monkeypatch: pytest.MonkeyPatch) -> None:
    """Keep every message the app shows: Textual drops a notification once its timeout has
    passed, so counting the live ones made these tests depend on how fast the machine is."""
    original = SelectorApp.notify

    def notify(self: SelectorApp, message: str, **kwargs: Any) -> None:
        self.__dict__.setdefault("_shown_messages", []).append(message)
        original(self, message, **kwargs)

    monkeypatch.setattr(SelectorApp, "notify", notify)


def messages(app: SelectorApp) -> list[str]:
    return list(app.__dict__.get("_shown_messages", []))


async def open_checklist(app: SelectorApp, pilot: Any, settle: Settle) -> str:
    await settle(pilot)
    await pilot.press("c")
    await settle(pilot)
    assert isinstance(app.screen, ChecklistScreen)
    return str(app.screen._current().item.id)


def test_undo_puts_the_status_back_and_records_it(assessment: Path, settle: Settle) -> None:
    async def scenario() -> None:
        app = SelectorApp(assessment, TODAY)
        async with app.run_test(size=(100, 30), notifications=True) as pilot:
            item = await open_checklist(app, pilot, settle)
            await pilot.press("space")
            await settle(pilot)
            assert state(assessment)["options"][OPTION][item]["status"] == "done"
            await pilot.press("u")
            await settle(pilot)
            saved = state(assessment)
            entry = saved["options"][OPTION][item]
            assert saved["revision"] == 2
            assert entry["status"] == "open"
            assert [h["change"] for h in entry["history"]] == ["status open -> done",
                                                               "undo: status done -> open"]
            assert entry["history"][-1]["by"] == "analyst"
            assert app.session.result.checklist_revision == 2
            assert app.screen._current().status == "open"
            assert any(m.startswith(f"Undid the last change to {OPTION} {item}: status done -> open")
                       for m in messages(app))

    asyncio.run(scenario())


def test_undo_removes_the_note_and_owner_the_editor_added(assessment: Path, settle: Settle) -> None:
    async def scenario() -> None:
        app = SelectorApp(assessment, TODAY)
        async with app.run_test(size=(100, 30)) as pilot:
            item = await open_checklist(app, pilot, settle)
            await pilot.press("o")
            await settle(pilot)
            await pilot.press("ctrl+a", *"Mei Ling")
            await pilot.press("tab", *"asked the vendor")
            await pilot.press("enter")
            await settle(pilot)
            assert state(assessment)["options"][OPTION][item]["notes"] == ["asked the vendor"]
            await pilot.press("u")
            await settle(pilot)
            entry = state(assessment)["options"][OPTION][item]
            assert "owner" not in entry and "notes" not in entry
            assert "asked the vendor" not in state_path(assessment).read_text(encoding="utf-8")
            assert entry["history"][-1]["change"] == "undo: owner Mei Ling -> -; note 1 removed"
            assert app.screen._current().owner is None and app.screen._current().notes == ()

    asyncio.run(scenario())


def test_nothing_to_undo_is_said_not_silent(assessment: Path, settle: Settle) -> None:
    async def scenario() -> None:
        app = SelectorApp(assessment, TODAY)
        async with app.run_test(size=(100, 30), notifications=True) as pilot:
            await open_checklist(app, pilot, settle)
            await pilot.press("u")
            await settle(pilot)
            assert not state_path(assessment).exists()
            assert sum(m.startswith("Nothing to undo") for m in messages(app)) == 1
            await pilot.press("space")  # one change, one undo, and then nothing is left
            await settle(pilot)
            await pilot.press("u")
            await settle(pilot)
            assert state(assessment)["revision"] == 2
            await pilot.press("u")
            await settle(pilot)
            assert state(assessment)["revision"] == 2
            assert sum(m.startswith("Nothing to undo") for m in messages(app)) == 2

    asyncio.run(scenario())


def test_undo_pressed_while_the_change_is_being_written_waits_for_it(assessment: Path,
                                                                    settle: Settle) -> None:
    async def scenario() -> None:
        app = SelectorApp(assessment, TODAY)
        async with app.run_test(size=(100, 30)) as pilot:
            item = await open_checklist(app, pilot, settle)
            screen = app.screen
            assert isinstance(screen, ChecklistScreen)
            screen.action_toggle_done()
            screen.action_undo()  # same tick: the save has not been answered yet
            # Both requests are messages to the app, handled in order before the save's answer
            # (a later message) arrives: the undo always finds the change still being written.
            assert screen.pending
            await settle(pilot)
            saved = state(assessment)
            assert saved["revision"] == 2
            assert [h["change"] for h in saved["options"][OPTION][item]["history"]] == [
                "status open -> done", "undo: status done -> open"]

    asyncio.run(scenario())


def test_undo_is_refused_when_the_file_changed_elsewhere(assessment: Path, settle: Settle) -> None:
    from selector.assess import load_assessment
    from selector.checklist.state import set_item

    async def scenario() -> None:
        app = SelectorApp(assessment, TODAY)
        async with app.run_test(size=(100, 30), notifications=True) as pilot:
            item = await open_checklist(app, pilot, settle)
            await pilot.press("space")
            await settle(pilot)
            la = load_assessment(assessment)
            set_item(la.checklist_path, assessment=la.path, option=OPTION, item=item,
                     known_items={}, by="someone-else", owner="Ops team")
            before = state_path(assessment).read_bytes()
            await pilot.press("u")
            await settle(pilot)
            assert isinstance(app.screen, ErrorDialog)
            assert app.screen.title_text == "Undo refused"
            assert "changed since you loaded it" in app.screen.message
            assert state_path(assessment).read_bytes() == before  # nothing overwritten
            await pilot.press("escape")
            await settle(pilot)
            assert app.screen._current().owner == "Ops team"  # reloaded
            await pilot.press("u")
            await settle(pilot)
            assert state_path(assessment).read_bytes() == before
            assert any(m.startswith("Nothing to undo") for m in messages(app))

    asyncio.run(scenario())
