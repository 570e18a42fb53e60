"""The checklist item editor: a due date (validated, with what to type) and an evidence link,
written like `selector checklist set --due --evidence`; undo reachable and listed."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from datetime import date
from pathlib import Path
from typing import Any

import pytest
import yaml
from textual.widgets import Input

from selector_tui.app import SelectorApp
from selector_tui.screens.checklist import ChecklistScreen
from selector_tui.screens.dialogs import ConfirmDialog, ItemEditor
from selector_tui.screens.help import KEYS
from selector_tui.session import due_date

TODAY = date(2026, 11, 25)
Settle = Callable[..., Awaitable[None]]
FIRST = "gpt-4o-azure-openai-southeast-asia"


def state(assessment: Path) -> dict[str, Any]:
    data = yaml.safe_load(assessment.with_name("assessment.checklist.yaml").read_text(encoding="utf-8"))
    assert isinstance(data, dict)
    return data


def test_a_due_date_must_be_written_yyyy_mm_dd() -> None:
    assert due_date("2026-12-31") == date(2026, 12, 31)
    assert due_date("  ") is None
    for wrong in ("2026-13-01", "20261231", "31/12/2026", "2026-2-1"):
        with pytest.raises(ValueError, match="is not a date; type it as YYYY-MM-DD"):
            due_date(wrong)


async def open_editor(app: SelectorApp, pilot: Any, settle: Settle) -> str:
    await settle(pilot)
    await pilot.press("c")
    await settle(pilot)
    screen = app.screen
    assert isinstance(screen, ChecklistScreen)
    item = str(screen._current().item.id)
    await pilot.press("enter")
    await pilot.pause()
    assert isinstance(app.screen, ItemEditor)
    return item


def test_the_editor_refuses_a_wrong_due_date_then_saves_it_with_an_evidence_link(assessment: Path,
                                                                                  settle: Settle) -> None:
    async def scenario() -> None:
        app = SelectorApp(assessment, TODAY)
        async with app.run_test(size=(100, 30)) as pilot:
            item = await open_editor(app, pilot, settle)
            editor = app.screen
            assert isinstance(editor, ItemEditor)
            editor.query_one("#editor-due", Input).value = "2026-13-01"
            editor.query_one("#editor-evidence", Input).value = "DDQ returned 2026-11-20, section 4"
            await pilot.press("ctrl+s")
            await pilot.pause()
            assert app.screen is editor  # refused: still editing, nothing written
            error = str(editor.query_one("#editor-error").content)
            assert "'2026-13-01' is not a date; type it as YYYY-MM-DD" in error
            assert editor.query_one("#editor-error").display
            assert not assessment.with_name("assessment.checklist.yaml").exists()
            editor.query_one("#editor-due", Input).value = "2026-12-31"
            await pilot.press("ctrl+s")
            await settle(pilot)
            assert isinstance(app.screen, ChecklistScreen)
            entry = state(assessment)["options"][FIRST][item]
            assert entry["due"] == "2026-12-31"
            assert entry["evidence"] == ["DDQ returned 2026-11-20, section 4"]
            assert entry["history"][-1]["change"] == "due - -> 2026-12-31; evidence 1 added"
            assert "Due: 2026-12-31" in str(app.screen.query_one("#item-detail").content)
            await pilot.press("enter")
            await pilot.pause()
            again = app.screen
            assert isinstance(again, ItemEditor)
            assert again.query_one("#editor-due", Input).value == "2026-12-31"
            assert not again.dirty  # shown as saved: nothing to change
            again.query_one("#editor-due", Input).value = ""
            await pilot.press("ctrl+s")
            await pilot.pause()
            assert app.screen is again
            assert "cannot be removed, only changed" in str(again.query_one("#editor-error").content)

    asyncio.run(scenario())


def test_quitting_with_a_wrong_due_date_typed_asks_first(assessment: Path, settle: Settle) -> None:
    async def scenario() -> None:
        app = SelectorApp(assessment, TODAY)
        async with app.run_test(size=(100, 30)) as pilot:
            await open_editor(app, pilot, settle)
            app.screen.query_one("#editor-due", Input).value = "tomorrow"
            await pilot.press("ctrl+q")
            await pilot.pause()
            assert isinstance(app.screen, ConfirmDialog) and app.is_running

    asyncio.run(scenario())


def test_undo_is_on_the_checklist_footer_in_the_help_and_in_the_command_palette(assessment: Path,
                                                                              settle: Settle) -> None:
    checklist_keys = dict(dict(KEYS)["Checklist"])
    assert "undo" in checklist_keys["u"]

    async def scenario() -> None:
        app = SelectorApp(assessment, TODAY)
        async with app.run_test(size=(100, 30)) as pilot:
            await settle(pilot)
            titles = [c.title for c in app.get_system_commands(app.screen)]
            assert "Undo the last checklist change" in titles
            await pilot.press("c")
            await settle(pilot)
            assert "u" in app.active_bindings and app.active_bindings["u"].binding.show
            await pilot.press("space")
            await settle(pilot)
            assert state(assessment)["revision"] == 1
            undo = next(c for c in app.get_system_commands(app.screen)
                        if c.title == "Undo the last checklist change")
            undo.callback()
            await settle(pilot)
            saved = state(assessment)
            assert saved["revision"] == 2
            item = app.screen._current().item.id  # type: ignore[attr-defined]
            entry = saved["options"][FIRST][item]
            assert entry["status"] == "open"
            assert entry["history"][-1]["change"] == "undo: status done -> open"

    asyncio.run(scenario())
