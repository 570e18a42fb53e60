"""Open another assessment and add a profile folder without leaving the TUI; `selector tui
--profiles`. A bad file shows its located lines and the assessment on screen stays open."""

from __future__ import annotations

import asyncio
import re
import shutil
from collections.abc import Awaitable, Callable
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from textual.widgets import Input

from selector.cli import build_parser
from selector_tui.app import SelectorApp
from selector_tui.loader import assessment_candidates, profile_folder_candidates
from selector_tui.screens.checklist import ChecklistScreen
from selector_tui.screens.open import OpenDialog, complete_path
from selector_tui.screens.ranking import RankingScreen

TODAY = date(2026, 11, 25)
Settle = Callable[..., Awaitable[None]]
MOVED = "claude-anthropic-api"
LOCATED = re.compile(r"^\S+:\d+:\d+: \S+: .+$", re.MULTILINE)


def option_ids(app: SelectorApp) -> set[str]:
    return set(app.session.option_ids())


def split_folders(assessment: Path) -> Path:
    """One profile moved out of the fixture's folder into ``more/``."""
    more = assessment.parent / "more"
    more.mkdir()
    (assessment.parent / "profiles" / f"{MOVED}.yaml").rename(more / f"{MOVED}.yaml")
    return more


def test_the_cli_passes_repeated_profiles_to_the_tui() -> None:
    args = build_parser().parse_args(["tui", "--profiles", "a", "--profiles", "b"])
    assert args.profiles == ["a", "b"]
    assert build_parser().parse_args(["tui"]).profiles is None


def test_candidates_and_completion(assessment: Path) -> None:
    (assessment.parent / "other.yaml").write_text("x: 1\n", encoding="utf-8")
    (assessment.parent / "assessment.checklist.yaml").write_text("x: 1\n", encoding="utf-8")
    listed = assessment_candidates(assessment)
    assert "other.yaml" in listed and "assessment.yaml" not in listed
    assert "assessment.checklist.yaml" not in listed
    assert any(c.endswith("small-wealth-manager-assistant.yaml") for c in listed)  # the bundled examples
    more = split_folders(assessment)
    folders = profile_folder_candidates(assessment, [assessment.parent / "profiles"])
    assert "more/" in folders and "profiles/" not in folders
    assert complete_path("mo", folders_only=True) == "more/"
    assert complete_path("more/cla") == f"more/{MOVED}.yaml"
    assert complete_path("more/cla", folders_only=True) is None
    assert more.is_dir()


def test_with_profiles_the_tui_ranks_those_folders(assessment: Path, settle: Settle) -> None:
    more = split_folders(assessment)

    async def scenario() -> None:
        app = SelectorApp(assessment, TODAY, profiles=[assessment.parent / "profiles", more])
        async with app.run_test(size=(100, 30)) as pilot:
            await settle(pilot)
            assert MOVED in option_ids(app)
            assert app.session.profile_sources == (assessment.parent / "profiles", more)

    asyncio.run(scenario())


def test_a_bad_assessment_shows_its_lines_and_keeps_the_current_one_open_then_a_good_one_opens(
        assessment: Path, settle: Settle, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(ChecklistScreen, "CYCLE_DELAY", 600.0)
    original = SelectorApp.notify

    def notify(self: SelectorApp, message: str, **kwargs: Any) -> None:
        self.__dict__.setdefault("_shown_messages", []).append(message)
        original(self, message, **kwargs)

    monkeypatch.setattr(SelectorApp, "notify", notify)
    bad = assessment.parent / "bad.yaml"
    bad.write_text("institution:\n  name: X\n  sector: bnak\nuse_case: 3\n", encoding="utf-8")
    other = assessment.parent / "other.yaml"
    text = assessment.read_text(encoding="utf-8")
    other.write_text(text.replace("Claims triage with deepfake exposure", "Second use case"),
                     encoding="utf-8")

    async def scenario() -> None:
        app = SelectorApp(assessment, TODAY)
        async with app.run_test(size=(100, 30)) as pilot:
            await settle(pilot)
            await pilot.press("c")
            await settle(pilot)
            await pilot.press("s")  # a status reached and not written yet: opening writes it first
            await pilot.press("ctrl+o")
            assert not isinstance(app.screen, OpenDialog)  # not while it is being written
            await settle(pilot)
            assert assessment.with_name("assessment.checklist.yaml").is_file()
            assert any("still being saved; open another assessment when they are done" in m
                       for m in app.__dict__.get("_shown_messages", []))
            before = app.session.result
            await pilot.press("ctrl+o")
            await settle(pilot)
            dialog = app.screen
            assert isinstance(dialog, OpenDialog)
            dialog.query_one("#open-path", Input).value = "nowhere.yaml"
            await pilot.press("enter")
            await settle(pilot)
            assert "does not exist" in str(dialog.query_one("#open-status").content)
            dialog.query_one("#open-path", Input).value = "bad.yaml"
            await pilot.press("enter")
            await settle(pilot)
            assert app.screen is dialog
            shown = str(dialog.query_one("#open-status").content)
            assert "Not opened" in shown and "bad.yaml:3:3: institution.sector:" in shown
            assert LOCATED.search(shown)
            assert app.session.result is before and app.session.assessment == assessment
            dialog.query_one("#open-path", Input).value = "other.yaml"
            await pilot.press("enter")
            await settle(pilot)
            assert isinstance(app.screen, RankingScreen)
            assert app.session.assessment == Path("other.yaml")
            assert "Second use case" in app.session.title()
            assert app.session.checklist_path is not None
            assert app.session.checklist_path.name == "other.checklist.yaml"
            assert app.session.ready and not app.session.problems
            await pilot.press("c")
            await settle(pilot)
            assert isinstance(app.screen, ChecklistScreen)
            assert app.screen.sub_title.endswith("other.yaml")

    asyncio.run(scenario())


def test_adding_a_profile_folder_reranks_with_it_and_a_duplicate_id_is_refused(assessment: Path,
                                                                              settle: Settle) -> None:
    more = split_folders(assessment)
    clash = assessment.parent / "clash"
    clash.mkdir()
    shutil.copy(more / f"{MOVED}.yaml", clash)

    async def scenario() -> None:
        app = SelectorApp(assessment, TODAY)
        async with app.run_test(size=(100, 30)) as pilot:
            await settle(pilot)
            assert MOVED not in option_ids(app)
            await pilot.press("ctrl+f")
            await settle(pilot)
            dialog = app.screen
            assert isinstance(dialog, OpenDialog)
            dialog.query_one("#open-path", Input).value = "profiles"
            await pilot.press("enter")
            await settle(pilot)
            assert "already ranked" in str(dialog.query_one("#open-status").content)
            dialog.query_one("#open-path", Input).value = "more"
            await pilot.press("enter")
            await settle(pilot)
            assert isinstance(app.screen, RankingScreen)
            assert MOVED in option_ids(app)
            assert [p.name for p in app.session.profile_sources] == ["profiles", "more"]
            await pilot.press("ctrl+f")
            await settle(pilot)
            dialog = app.screen
            assert isinstance(dialog, OpenDialog)
            dialog.query_one("#open-path", Input).value = "clash"
            await pilot.press("enter")
            await settle(pilot)
            shown = str(dialog.query_one("#open-status").content)
            assert app.screen is dialog
            assert f"clash/{MOVED}.yaml:" in shown and "is also used by" in shown
            assert f"more/{MOVED}.yaml:" in shown
            await pilot.press("escape")
            await settle(pilot)
            assert [p.name for p in app.session.profile_sources] == ["profiles", "more"]
            assert MOVED in option_ids(app)

    asyncio.run(scenario())


def test_another_assessment_opens_with_a_fresh_view_and_its_path_in_the_header(
        assessment: Path, settle: Settle) -> None:
    folder = assessment.parent / "second"
    folder.mkdir()
    text = assessment.read_text(encoding="utf-8")
    text = text.replace("profiles: profiles", "profiles: ../profiles")
    (folder / "other.yaml").write_text(text.replace("criteria: criteria/", "criteria: ../criteria/"),
                                       encoding="utf-8")

    async def scenario() -> None:
        app = SelectorApp(assessment, TODAY)
        async with app.run_test(size=(120, 30)) as pilot:
            await settle(pilot)
            screen = app.screen
            assert isinstance(screen, RankingScreen)
            await pilot.press("space", "down", "space", "o")  # two marks and a sort
            await settle(pilot)
            view = screen.table.view
            assert len(view.marked) == 2 and not view.default_order
            before = [r.id for r in app.session.result.ranking]
            await pilot.press("ctrl+o")
            await settle(pilot)
            dialog = app.screen
            assert isinstance(dialog, OpenDialog)
            dialog.query_one("#open-path", Input).value = "second/other.yaml"
            await pilot.press("enter")
            await settle(pilot)
            assert app.screen is screen and app.session.assessment == Path("second/other.yaml")
            fresh = screen.table.view
            assert fresh.marked == [] and fresh.default_order and not fresh.filter
            assert screen.table.option_ids == [r.id for r in app.session.result.ranking]
            assert set(screen.table.option_ids) == set(before)  # the same catalogue, unmarked
            assert screen.sub_title.endswith("second/other.yaml")

    asyncio.run(scenario())
