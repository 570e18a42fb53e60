"""How every screen looks: pytest-textual-snapshot SVGs, committed under tests/ui/__snapshots__/.

Textual is pinned exactly, the terminal size is fixed (100x30, and 80x24 for the screens that
must fit a small terminal), ``today`` and the edit clock are frozen, and the data is the frozen
fixture in tests/ui/data. After an intended change to the UI, regenerate and review:

    .venv/bin/pytest tests/ui/test_snapshots.py --snapshot-update
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Iterable
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot

pytest.importorskip("pytest_textual_snapshot", reason="pytest-textual-snapshot is a dev extra")

from selector_tui.app import SelectorApp

FIRST = "gpt-4o-azure-openai-southeast-asia"
"""Rank 1 of the frozen fixture: its unknown prices are imputed at the bound, no longer 0 points."""

TODAY = date(2026, 11, 25)
WIDE = (100, 30)
SMALL = (80, 24)
Settle = Callable[..., Awaitable[None]]
Compare = Callable[..., bool]


def steps(settle: Settle, *keys: str, focus: str | None = None, after: Iterable[str] = ()) -> Callable[
        [Pilot[None]], Awaitable[None]]:
    """Wait for the first paint's work, press ``keys``, optionally focus a widget and press more."""

    async def run_before(pilot: Pilot[None]) -> None:
        await settle(pilot)
        for key in keys:
            await pilot.press(key)
            await settle(pilot)
        if focus is not None:
            pilot.app.screen.query_one(focus).focus()
            await settle(pilot)
        for key in after:
            await pilot.press(key)
            await settle(pilot)

    return run_before


def prepare_checklist(assessment: Path) -> None:
    """Some tracked work on the first option, written the way the command line writes it."""
    from selector.assess import load_assessment
    from selector.checklist.state import set_item

    la = load_assessment(assessment)
    revision = 0
    for item, status, owner in (("DD-GOV-01", "done", "Mei Ling"), ("DD-MRM-01", "in-progress", "Model risk"),
                                ("DD-SEC-02", "blocked", None)):
        revision, _ = set_item(la.checklist_path, assessment=la.path, option=FIRST, item=item,
                               known_items={}, by="analyst", status=status, owner=owner,
                               expect_revision=revision)


def app_for(assessment: Path | str) -> SelectorApp:
    return SelectorApp(assessment, TODAY)


@pytest.mark.parametrize("size", [WIDE, SMALL], ids=["100x30", "80x24"])
def test_ranking(assessment: Path, settle: Settle, snap_compare: Compare, size: tuple[int, int]) -> None:
    assert snap_compare(app_for(assessment), terminal_size=size, run_before=steps(settle))


@pytest.mark.parametrize("size", [WIDE, SMALL], ids=["100x30", "80x24"])
def test_weights_after_a_change(assessment: Path, settle: Settle, snap_compare: Compare,
                                size: tuple[int, int]) -> None:
    run_before = steps(settle, "w", focus="#w-security", after=("5", "enter"))
    assert snap_compare(app_for(assessment), terminal_size=size, run_before=run_before)


def test_ranking_with_changed_weights(assessment: Path, settle: Settle, snap_compare: Compare) -> None:
    run_before = steps(settle, "w", focus="#w-security", after=("5", "enter", "escape"))
    assert snap_compare(app_for(assessment), terminal_size=WIDE, run_before=run_before)


def test_ranking_filtered_and_sorted(assessment: Path, settle: Settle, snap_compare: Compare) -> None:
    run_before = steps(settle, "slash", *"cloud", "enter", "o", "b", "space")
    assert snap_compare(app_for(assessment), terminal_size=WIDE, run_before=run_before)


def test_compare(assessment: Path, settle: Settle, snap_compare: Compare) -> None:
    run_before = steps(settle, "space", "down", "space", "v")
    assert snap_compare(app_for(assessment), terminal_size=WIDE, run_before=run_before)


def test_detail_trace(assessment: Path, settle: Settle, snap_compare: Compare) -> None:
    assert snap_compare(app_for(assessment), terminal_size=WIDE, run_before=steps(settle, "enter"))


def test_detail_cost(assessment: Path, settle: Settle, snap_compare: Compare) -> None:
    assert snap_compare(app_for(assessment), terminal_size=WIDE, run_before=steps(settle, "enter", "2"))


def test_detail_licence_and_flags_of_an_excluded_option(assessment: Path, settle: Settle,
                                                        snap_compare: Compare) -> None:
    run_before = steps(settle, focus="#excluded", after=("enter", "3"))
    assert snap_compare(app_for(assessment), terminal_size=WIDE, run_before=run_before)


def test_robustness(assessment: Path, settle: Settle, snap_compare: Compare) -> None:
    assert snap_compare(app_for(assessment), terminal_size=WIDE, run_before=steps(settle, "r"))


@pytest.mark.parametrize("size", [WIDE, SMALL], ids=["100x30", "80x24"])
def test_checklist(assessment: Path, settle: Settle, snap_compare: Compare, size: tuple[int, int]) -> None:
    prepare_checklist(assessment)
    assert snap_compare(app_for(assessment), terminal_size=size, run_before=steps(settle, "c"))


def test_checklist_item_editor(assessment: Path, settle: Settle, snap_compare: Compare) -> None:
    prepare_checklist(assessment)
    assert snap_compare(app_for(assessment), terminal_size=WIDE, run_before=steps(settle, "c", "enter"))


def test_export(assessment: Path, settle: Settle, snap_compare: Compare) -> None:
    assert snap_compare(app_for(assessment), terminal_size=WIDE, run_before=steps(settle, "e"))


def test_problems(tmp_path: Path, settle: Settle, snap_compare: Compare,
                  monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "broken.yaml").write_text(
        "institution:\n  name: X\n  sector: bnak\nuse_case: 3\nsurprise: 1\n", encoding="utf-8")
    assert snap_compare(app_for("broken.yaml"), terminal_size=WIDE, run_before=steps(settle))


def test_help(assessment: Path, settle: Settle, snap_compare: Compare) -> None:
    assert snap_compare(app_for(assessment), terminal_size=WIDE, run_before=steps(settle, "question_mark"))


def test_error_dialog(assessment: Path, settle: Settle, snap_compare: Compare) -> None:
    async def run_before(pilot: Pilot[Any]) -> None:
        await settle(pilot)
        app = pilot.app
        assert isinstance(app, SelectorApp)
        app.show_error("Checklist edit refused", "assessment.checklist.yaml: the checklist changed since you "
                       "loaded it (revision 2 on disk, yours was 1); reload and make the edit again")
        await settle(pilot)

    assert snap_compare(app_for(assessment), terminal_size=WIDE, run_before=run_before)


def test_open_dialog(assessment: Path, settle: Settle, snap_compare: Compare,
                     monkeypatch: pytest.MonkeyPatch) -> None:
    from selector_tui import loader

    listed = loader.assessment_candidates
    # the bundled examples are listed by absolute path, which differs between machines
    monkeypatch.setattr(loader, "assessment_candidates",
                        lambda current: [c for c in listed(current) if not c.startswith("/")])

    async def run_before(pilot: Pilot[Any]) -> None:
        await settle(pilot)
        (Path.cwd() / "bad.yaml").write_text("institution:\n  name: X\n  sector: bnak\n", encoding="utf-8")
        await pilot.press("ctrl+o")
        await settle(pilot)
        await pilot.press(*"bad.yaml", "enter")
        await settle(pilot)
        pilot.app.screen.query_one("#open-path").cursor_blink = False  # type: ignore[attr-defined]
        await settle(pilot)  # a blinking cursor is caught on or off by chance

    assert snap_compare(app_for(assessment), terminal_size=WIDE, run_before=run_before)
