"""The small frictions of issue 20: each refusal says what to do in the TUI's own terms, and
nothing happens silently or is written without a change."""

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
from selector_tui.screens.dialogs import ConfirmDialog
from selector_tui.screens.export import ExportScreen
from selector_tui.screens.problems import ProblemsScreen
from selector_tui.screens.ranking import RankingScreen
from selector_tui.screens.weights import WeightsScreen
from selector_tui.session import typed_share
from selector_tui.widgets.toggles import SymbolCheckbox, SymbolRadioButton

TODAY = date(2026, 11, 25)
Settle = Callable[..., Awaitable[None]]
FIRST = "gpt-4o-azure-openai-southeast-asia"


@pytest.fixture(autouse=True)
def _record_notifications(monkeypatch: pytest.MonkeyPatch) -> None:
    """Keep every message shown (Textual drops one when its timeout passes)."""
    original = SelectorApp.notify

    def notify(self: SelectorApp, message: str, **kwargs: Any) -> None:
        self.__dict__.setdefault("_shown_messages", []).append(message)
        original(self, message, **kwargs)

    monkeypatch.setattr(SelectorApp, "notify", notify)


def messages(app: SelectorApp) -> list[str]:
    return list(app.__dict__.get("_shown_messages", []))


def state_file(assessment: Path) -> Path:
    return assessment.with_name("assessment.checklist.yaml")


def test_typed_share_refuses_more_than_the_whole_decision() -> None:
    assert typed_share("50") == pytest.approx(0.5)
    assert typed_share("100") == pytest.approx(1.0)
    assert typed_share("0") == 0.0
    with pytest.raises(ValueError, match=r"150 % is refused: .* from 0 to 100 %"):
        typed_share("150")
    with pytest.raises(ValueError, match="not a number"):
        typed_share("1.2.3")


def test_p_says_no_problems_and_a_weight_of_150_is_refused_with_a_message(assessment: Path,
                                                                          settle: Settle) -> None:
    async def scenario() -> None:
        app = SelectorApp(assessment, TODAY)
        async with app.run_test(size=(100, 30)) as pilot:
            await settle(pilot)
            await pilot.press("p")
            await settle(pilot)
            assert isinstance(app.screen, RankingScreen)
            assert any(m.startswith("No problems:") for m in messages(app))
            await pilot.press("w")
            await settle(pilot)
            assert isinstance(app.screen, WeightsScreen)
            before = app.session.weights["security"]
            app.screen.query_one("#w-security").focus()
            await pilot.press("1", "5", "0", "enter")
            await settle(pilot)
            assert app.session.weights["security"] == before  # refused, not clamped to 100 %
            assert any("150 % is refused" in m for m in messages(app))
            await pilot.press("4", "0", "enter")
            await settle(pilot)
            assert app.session.weights["security"] == pytest.approx(0.40)
            assert sum("refused" in m for m in messages(app)) == 1

    asyncio.run(scenario())


def test_p_opens_the_problems_when_there_are_some(tmp_path: Path, settle: Settle,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "bad.yaml").write_text("institution: 3\n", encoding="utf-8")

    async def scenario() -> None:
        app = SelectorApp("bad.yaml", TODAY)
        async with app.run_test(size=(100, 30)) as pilot:
            await settle(pilot)
            assert isinstance(app.screen, ProblemsScreen)
            await pilot.press("escape")
            await settle(pilot)
            assert isinstance(app.screen, RankingScreen)
            await pilot.press("p")
            await settle(pilot)
            assert isinstance(app.screen, ProblemsScreen)
            assert not any(m.startswith("No problems") for m in messages(app))

    asyncio.run(scenario())


def test_an_existing_export_file_is_offered_for_replacing_not_refused_with_a_cli_flag(
        assessment: Path, settle: Settle) -> None:
    async def scenario() -> None:
        app = SelectorApp(assessment, TODAY)
        async with app.run_test(size=(100, 30)) as pilot:
            await settle(pilot)
            await pilot.press("e")
            await settle(pilot)
            await pilot.click("#fmt-ranking-csv")
            await settle(pilot)
            target = assessment.parent / "exports" / "assessment-ranking.csv"
            target.parent.mkdir()
            target.write_text("old\n", encoding="utf-8")
            await pilot.press("ctrl+s")
            await settle(pilot)
            assert isinstance(app.screen, ConfirmDialog)
            assert "--force" not in app.last_export_error
            assert "ctrl+s" in app.last_export_error
            await pilot.press("n")  # keep it
            await settle(pilot)
            assert isinstance(app.screen, ExportScreen)
            assert target.read_text(encoding="utf-8") == "old\n"
            status = str(app.screen.query_one("#export-status").content)
            assert "Not written" in status and "kept" in status and "--force" not in status
            await pilot.press("ctrl+s")
            await settle(pilot)
            assert isinstance(app.screen, ConfirmDialog)
            await pilot.press("y")  # replace
            await settle(pilot)
            assert isinstance(app.screen, ExportScreen)
            assert target.read_text(encoding="utf-8").splitlines()[1].split(",")[2] == FIRST
            assert "Wrote" in str(app.screen.query_one("#export-status").content)

    asyncio.run(scenario())


def test_radio_buttons_and_the_checkbox_show_their_state_by_symbol(assessment: Path, settle: Settle) -> None:
    async def scenario() -> None:
        app = SelectorApp(assessment, TODAY)
        async with app.run_test(size=(100, 30)) as pilot:
            await settle(pilot)
            await pilot.press("e")
            await settle(pilot)
            screen = app.screen

            def shown(selector: str) -> str:
                return screen.query_one(selector).render().plain  # type: ignore[attr-defined,no-any-return]

            assert isinstance(screen.query_one("#fmt-html"), SymbolRadioButton)
            assert shown("#fmt-html").startswith("▐●▌") and shown("#fmt-md").startswith("▐○▌")
            await pilot.click("#fmt-md")
            await settle(pilot)
            assert shown("#fmt-html").startswith("▐○▌") and shown("#fmt-md").startswith("▐●▌")
            assert isinstance(screen.query_one("#export-force"), SymbolCheckbox)
            assert shown("#export-force").startswith("[ ]")
            await pilot.click("#export-force")
            await settle(pilot)
            assert shown("#export-force").startswith("[X]")

    asyncio.run(scenario())


def test_cycling_the_status_with_s_writes_one_change_and_none_when_it_comes_back(
        assessment: Path, settle: Settle, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(ChecklistScreen, "CYCLE_DELAY", 600.0)  # only moving on, or quitting, writes

    async def scenario() -> None:
        app = SelectorApp(assessment, TODAY)
        async with app.run_test(size=(100, 30)) as pilot:
            await settle(pilot)
            await pilot.press("c")
            await settle(pilot)
            screen = app.screen
            assert isinstance(screen, ChecklistScreen)
            item = screen._current().item.id
            await pilot.press("s", "s")  # open -> in-progress -> done, not written yet
            await pilot.pause()
            assert screen._status(screen._current()) == "done"
            assert not state_file(assessment).exists()
            await pilot.press("down")  # moving to another item writes what the status reached
            await settle(pilot)
            saved = yaml.safe_load(state_file(assessment).read_text(encoding="utf-8"))
            assert saved["revision"] == 1
            assert [h["change"] for h in saved["options"][FIRST][item]["history"]] == ["status open -> done"]
            await pilot.press("up", *"sssss", "down")  # all the way round: done again, nothing written
            await settle(pilot)
            assert yaml.safe_load(state_file(assessment).read_text(encoding="utf-8"))["revision"] == 1
            await pilot.press("up", "s")  # done -> not-applicable, then quit at once
            await pilot.press("q")
            await settle(pilot)
            assert not app.is_running
        final = yaml.safe_load(state_file(assessment).read_text(encoding="utf-8"))
        assert final["revision"] == 2
        assert final["options"][FIRST][item]["status"] == "not-applicable"

    asyncio.run(scenario())


def test_a_status_reached_with_s_is_written_after_a_pause(assessment: Path, settle: Settle,
                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(ChecklistScreen, "CYCLE_DELAY", 0.2)

    async def scenario() -> None:
        app = SelectorApp(assessment, TODAY)
        async with app.run_test(size=(100, 30)) as pilot:
            await settle(pilot)
            await pilot.press("c")
            await settle(pilot)
            await pilot.press("s")
            await settle(pilot)  # the app counts an unwritten status as work still to do
            saved = yaml.safe_load(state_file(assessment).read_text(encoding="utf-8"))
            assert saved["revision"] == 1
            assert app.screen.cycling == {}  # type: ignore[attr-defined]

    asyncio.run(scenario())
