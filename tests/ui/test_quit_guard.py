"""Quitting with an open checklist edit asks first; nothing typed is discarded silently."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from datetime import date
from pathlib import Path

from selector_tui.app import SelectorApp
from selector_tui.screens.dialogs import ConfirmDialog, ItemEditor

TODAY = date(2026, 11, 25)
Settle = Callable[..., Awaitable[None]]


async def _open_editor(app: SelectorApp, pilot: object, settle: Settle) -> None:
    await settle(pilot)
    await pilot.press("c")  # type: ignore[attr-defined]
    await settle(pilot)
    await pilot.press("o")  # type: ignore[attr-defined]
    await pilot.pause()  # type: ignore[attr-defined]
    assert isinstance(app.screen, ItemEditor)


def test_q_with_a_changed_edit_asks_and_keeps_editing_on_no(assessment: Path, settle: Settle) -> None:
    async def scenario() -> None:
        app = SelectorApp(assessment, TODAY)
        async with app.run_test(size=(100, 30)) as pilot:
            await _open_editor(app, pilot, settle)
            await pilot.press(*"Mei")
            await pilot.press("ctrl+q")
            await pilot.pause()
            assert isinstance(app.screen, ConfirmDialog) and app.is_running
            await pilot.press("n")
            await pilot.pause()
            assert isinstance(app.screen, ItemEditor)
            assert app.screen.dirty
            await pilot.press("ctrl+q")
            await pilot.pause()
            await pilot.press("y")
            await settle(pilot)
            assert not app.is_running
        assert not assessment.with_name("assessment.checklist.yaml").exists()  # discarded, as asked

    asyncio.run(scenario())


def test_q_with_an_unchanged_edit_quits_at_once(assessment: Path, settle: Settle) -> None:
    async def scenario() -> None:
        app = SelectorApp(assessment, TODAY)
        async with app.run_test(size=(100, 30)) as pilot:
            await _open_editor(app, pilot, settle)
            await pilot.press("ctrl+q")
            await pilot.pause()
            assert not app.is_running

    asyncio.run(scenario())


def test_escape_with_a_changed_edit_asks_and_without_one_closes(assessment: Path,
                                                               settle: Settle) -> None:
    async def scenario() -> None:
        app = SelectorApp(assessment, TODAY)
        async with app.run_test(size=(100, 30)) as pilot:
            await _open_editor(app, pilot, settle)
            await pilot.press(*"Mei")
            await pilot.press("escape")
            await pilot.pause()
            assert isinstance(app.screen, ConfirmDialog)
            await pilot.press("n")  # keep editing: what was typed is still there
            await pilot.pause()
            assert isinstance(app.screen, ItemEditor) and app.screen.dirty
            await pilot.press("escape")
            await pilot.pause()
            await pilot.press("y")  # discard, as asked
            await settle(pilot)
            assert not isinstance(app.screen, (ItemEditor, ConfirmDialog))
            await pilot.press("o")
            await pilot.pause()
            assert isinstance(app.screen, ItemEditor) and not app.screen.dirty
            await pilot.press("escape")  # nothing typed: closes at once
            await pilot.pause()
            assert not isinstance(app.screen, (ItemEditor, ConfirmDialog))
        assert not assessment.with_name("assessment.checklist.yaml").exists()

    asyncio.run(scenario())
