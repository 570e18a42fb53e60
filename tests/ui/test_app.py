"""Behaviour of the terminal UI, driven with Textual's pilot: press, click, assert on state.

Each scenario runs in ``asyncio.run`` (no pytest async plugin needed) against the frozen
fixture in tests/ui/data, copied to a temporary folder so checklist writes stay there.
"""

from __future__ import annotations

import asyncio
import re
import subprocess
import sys
import threading
from collections.abc import Awaitable, Callable, Coroutine
from datetime import date
from pathlib import Path
from typing import Any

import pytest
import yaml

from selector_tui import loader
from selector_tui.app import SelectorApp
from selector_tui.screens.checklist import ChecklistScreen
from selector_tui.screens.detail import DetailScreen
from selector_tui.screens.dialogs import ErrorDialog
from selector_tui.screens.export import ExportScreen
from selector_tui.screens.problems import ProblemsScreen
from selector_tui.screens.ranking import RankingScreen
from selector_tui.screens.robustness import RobustnessScreen
from selector_tui.screens.weights import WeightsScreen
from selector_tui.session import set_share
from selector_tui.widgets.ranking_table import RankingTable
from selector_tui.widgets.steady import Spinner

FIRST = "gpt-4o-azure-openai-southeast-asia"
"""Rank 1 of the frozen fixture: its unknown prices are imputed at the bound, no longer 0 points."""

TODAY = date(2026, 11, 25)
ROOT = Path(__file__).resolve().parents[2]
Settle = Callable[..., Awaitable[None]]
PROBLEM_LINE = re.compile(r"^[^:\n]+:\d+:\d+: [^:]+: .+$")


def run(scenario: Coroutine[Any, Any, None]) -> None:
    asyncio.run(scenario)


def table_order(app: SelectorApp, selector: str = "#ranking") -> list[str]:
    return app.screen.query_one(selector, RankingTable).option_ids


def text_of(widget: Any) -> str:
    """What a Static shows, as plain text (rich renderables rendered at a wide width)."""
    import io

    from rich.console import Console

    console = Console(width=240, file=io.StringIO(), color_system=None)
    console.print(widget.content)
    return console.file.getvalue()  # type: ignore[attr-defined,no-any-return]


def state(assessment: Path) -> dict[str, Any]:
    path = assessment.with_name("assessment.checklist.yaml")
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert isinstance(data, dict)
    return data


def test_first_screen_paints_a_loading_state_before_the_engine_answers(
        assessment: Path, settle: Settle, monkeypatch: pytest.MonkeyPatch) -> None:
    release = threading.Event()
    real_load = loader.load

    def slow_load(path: Path | None, today: date, profiles: Any = None) -> loader.Loaded:
        release.wait(10)
        return real_load(path, today, profiles)

    monkeypatch.setattr(loader, "load", slow_load)

    async def scenario() -> None:
        app = SelectorApp(assessment, TODAY)
        async with app.run_test(size=(100, 30)) as pilot:
            await pilot.pause()
            assert isinstance(app.screen, RankingScreen)
            assert app.session.status == "loading"
            assert app.screen.query_one("#loading").display
            assert app.screen.query_one(Spinner).auto_refresh is not None  # it animates
            assert not app.screen.query_one("#ranking").display
            release.set()
            await settle(pilot)
            assert not app.screen.query_one("#loading").display
            assert app.screen.query_one(Spinner).auto_refresh is None  # and then stops its timer
            assert table_order(app) == [r.id for r in app.session.result.ranking]
            assert table_order(app)[0] == FIRST

    run(scenario())


def test_changing_a_weight_reorders_the_ranking(assessment: Path, settle: Settle) -> None:
    from selector.engine import reweight

    async def scenario() -> None:
        app = SelectorApp(assessment, TODAY)
        async with app.run_test(size=(100, 30)) as pilot:
            await settle(pilot)
            before = table_order(app)
            expected_weights = set_share(app.session.weights, "security", 0.05)
            expected = [r.id for r in reweight(app.session.base, expected_weights).ranking]
            assert expected != before
            await pilot.press("w")
            await settle(pilot)
            assert isinstance(app.screen, WeightsScreen)
            app.screen.query_one("#w-security").focus()
            await pilot.press("5", "enter")
            await settle(pilot)
            assert app.session.weights["security"] == pytest.approx(0.05)
            assert table_order(app, "#preview") == expected
            await pilot.press("escape")
            await settle(pilot)
            assert isinstance(app.screen, RankingScreen)
            assert table_order(app) == expected
            assert "changed on screen" in text_of(app.screen.query_one("#context"))

    run(scenario())


def test_arrow_keys_nudge_and_reset_restores_the_assessments_weights(assessment: Path,
                                                                     settle: Settle) -> None:
    async def scenario() -> None:
        app = SelectorApp(assessment, TODAY)
        async with app.run_test(size=(100, 30)) as pilot:
            await settle(pilot)
            base = dict(app.session.base_weights)
            await pilot.press("w")
            await settle(pilot)
            app.screen.query_one("#w-data_localisation").focus()
            await pilot.press("right", "right", "shift+right")
            await settle(pilot)
            nudged = round(base["data_localisation"], 2) + 0.07
            assert app.session.weights["data_localisation"] == pytest.approx(nudged)
            assert abs(sum(app.session.weights.values()) - 1) < 1e-9
            assert app.session.weights_changed
            await pilot.press("ctrl+r")
            await settle(pilot)
            assert not app.session.weights_changed
            assert app.session.weights == pytest.approx(base)

    run(scenario())


def test_a_preset_from_the_picker_reweighs(assessment: Path, settle: Settle) -> None:
    async def scenario() -> None:
        app = SelectorApp(assessment, TODAY)
        async with app.run_test(size=(100, 30)) as pilot:
            await settle(pilot)
            await pilot.press("w")
            await settle(pilot)
            equal = next(p for p in app.session.presets if p.id == "equal")
            from textual.widgets import Select

            app.screen.query_one("#preset", Select).value = "equal"
            await settle(pilot)
            assert app.session.weights == pytest.approx(dict(equal.weights))

    run(scenario())


def test_method_switches_with_m(assessment: Path, settle: Settle) -> None:
    async def scenario() -> None:
        app = SelectorApp(assessment, TODAY)
        async with app.run_test(size=(100, 30)) as pilot:
            await settle(pilot)
            await pilot.press("m")
            await settle(pilot)
            assert app.session.result.method == "topsis"
            assert "topsis" in text_of(app.screen.query_one("#context")).lower()
            assert table_order(app) == [r.id for r in app.session.result.ranking]

    run(scenario())


def test_detail_explains_an_option_and_marks_unknown_evidence(assessment: Path, settle: Settle) -> None:
    async def scenario() -> None:
        app = SelectorApp(assessment, TODAY)
        async with app.run_test(size=(100, 30)) as pilot:
            await settle(pilot)
            await pilot.press("enter")
            await settle(pilot)
            assert isinstance(app.screen, DetailScreen)
            assert app.screen.option_id == FIRST
            trace = text_of(app.screen.query_one("#trace-body"))
            assert "sec-red-teaming" in trace and "UNKNOWN" in trace
            await pilot.press("2")
            await settle(pilot)
            cost = text_of(app.screen.query_one("#tco-body"))
            assert "USD a year" in cost
            assert "IMPUTED: unknown accessibility.input_price_usd_per_mtok" in cost  # not shown as known
            await pilot.press("right_square_bracket")
            await settle(pilot)
            assert app.screen.option_id == "gemini-vertex-ai"
            await pilot.press("escape")
            await settle(pilot)
            assert isinstance(app.screen, RankingScreen)

    run(scenario())


def test_excluded_options_are_listed_with_reasons_and_open_in_detail(assessment: Path,
                                                                     settle: Settle) -> None:
    async def scenario() -> None:
        app = SelectorApp(assessment, TODAY)
        async with app.run_test(size=(100, 30)) as pilot:
            await settle(pilot)
            from textual.widgets import DataTable

            excluded = app.screen.query_one("#excluded", DataTable)
            assert [str(r.key.value) for r in excluded.ordered_rows] == [
                "claude-anthropic-api", "deepseek-r1-self-hosted", "qwen-2-5-72b-self-hosted"]
            excluded.focus()
            await pilot.press("down", "down", "enter")
            await settle(pilot)
            assert isinstance(app.screen, DetailScreen)
            assert app.screen.option_id == "qwen-2-5-72b-self-hosted"
            await pilot.press("3")
            await settle(pilot)
            assert "Security scores" in text_of(app.screen.query_one("#flags-body"))

    run(scenario())


def test_toggling_a_checklist_item_writes_the_state_file(assessment: Path, settle: Settle) -> None:
    async def scenario() -> None:
        app = SelectorApp(assessment, TODAY)
        async with app.run_test(size=(100, 30)) as pilot:
            await settle(pilot)
            await pilot.press("c")
            await settle(pilot)
            screen = app.screen
            assert isinstance(screen, ChecklistScreen)
            first = screen._current().item.id
            await pilot.press("space")
            await settle(pilot)
            saved = state(assessment)
            assert saved["revision"] == 1
            entry = saved["options"][FIRST][first]
            assert entry["status"] == "done"
            assert entry["history"][-1] == {"at": "2026-11-25T09:00:00Z", "by": "analyst",
                                            "change": "status open -> done"}
            assert app.session.result.checklist_revision == 1
            assert screen._current().status == "done"

    run(scenario())


def test_a_burst_of_checklist_edits_loses_none(assessment: Path, settle: Settle) -> None:
    async def scenario() -> None:
        app = SelectorApp(assessment, TODAY)
        async with app.run_test(size=(100, 30)) as pilot:
            await settle(pilot)
            await pilot.press("c")
            await settle(pilot)
            await pilot.press("space", "down", "space", "down", "s")
            await settle(pilot)
            saved = state(assessment)["options"][FIRST]
            statuses = sorted(entry["status"] for entry in saved.values())
            assert statuses == ["done", "done", "in-progress"]
            assert state(assessment)["revision"] == 3

    run(scenario())


def test_owner_and_note_are_saved_from_the_editor(assessment: Path, settle: Settle) -> None:
    async def scenario() -> None:
        app = SelectorApp(assessment, TODAY)
        async with app.run_test(size=(100, 30)) as pilot:
            await settle(pilot)
            await pilot.press("c")
            await settle(pilot)
            item = app.screen._current().item.id
            await pilot.press("o")
            await settle(pilot)
            await pilot.press("ctrl+a", *"Mei Ling")
            await pilot.press("tab", *"asked the vendor")
            await pilot.press("enter")
            await settle(pilot)
            entry = state(assessment)["options"][FIRST][item]
            assert entry["owner"] == "Mei Ling"
            assert entry["notes"] == ["asked the vendor"]

    run(scenario())


def test_a_checklist_changed_elsewhere_is_not_overwritten(assessment: Path, settle: Settle) -> None:
    from selector.assess import load_assessment
    from selector.checklist.state import set_item

    async def scenario() -> None:
        app = SelectorApp(assessment, TODAY)
        async with app.run_test(size=(100, 30)) as pilot:
            await settle(pilot)
            await pilot.press("c")
            await settle(pilot)
            item = app.screen._current().item.id
            la = load_assessment(assessment)
            set_item(la.checklist_path, assessment=la.path, option=FIRST, item=item,
                     known_items={}, by="someone-else", owner="Ops team")
            await pilot.press("space")
            await settle(pilot)
            assert isinstance(app.screen, ErrorDialog)
            assert "changed since you loaded it" in app.screen.message
            saved = state(assessment)
            assert saved["revision"] == 1
            assert saved["options"][FIRST][item].get("status", "open") == "open"
            await pilot.press("escape")
            await settle(pilot)
            assert isinstance(app.screen, ChecklistScreen)
            assert app.session.result.checklist_revision == 1
            assert app.screen._current().owner == "Ops team"
            await pilot.press("space")
            await settle(pilot)
            assert state(assessment)["options"][FIRST][item]["status"] == "done"

    run(scenario())


def test_export_writes_the_file_and_says_where(assessment: Path, settle: Settle) -> None:
    async def scenario() -> None:
        app = SelectorApp(assessment, TODAY)
        async with app.run_test(size=(100, 30)) as pilot:
            await settle(pilot)
            await pilot.press("e")
            await settle(pilot)
            assert isinstance(app.screen, ExportScreen)
            await pilot.click("#fmt-ranking-csv")
            await settle(pilot)
            from textual.widgets import Input

            assert app.screen.query_one("#export-path", Input).value == "exports/assessment-ranking.csv"
            await pilot.press("ctrl+s")
            await settle(pilot)
            target = assessment.parent / "exports" / "assessment-ranking.csv"
            assert target.is_file()
            assert target.read_text(encoding="utf-8").splitlines()[1].split(",")[2] == FIRST
            assert str(target) in text_of(app.screen.query_one("#export-status"))
            await pilot.press("ctrl+s")
            await settle(pilot)
            await pilot.press("n")  # the replace question (tests/ui/test_frictions.py): keep the file
            await settle(pilot)
            assert "already exists" in text_of(app.screen.query_one("#export-status"))

    run(scenario())


def test_export_of_the_html_report(assessment: Path, settle: Settle) -> None:
    async def scenario() -> None:
        app = SelectorApp(assessment, TODAY)
        async with app.run_test(size=(100, 30)) as pilot:
            await settle(pilot)
            await pilot.press("e")
            await settle(pilot)
            await pilot.press("ctrl+s")
            await settle(pilot)
            target = assessment.parent / "exports" / "assessment-report.html"
            assert target.is_file()
            assert "GPT-4o" in target.read_text(encoding="utf-8")

    run(scenario())


def test_invalid_inputs_open_the_problems_screen(tmp_path: Path, settle: Settle,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    bad = tmp_path / "bad.yaml"
    bad.write_text("institution:\n  name: X\n  sector: bnak\nuse_case: 3\nsurprise: 1\n", encoding="utf-8")

    async def scenario() -> None:
        app = SelectorApp("bad.yaml", TODAY)
        async with app.run_test(size=(100, 30)) as pilot:
            await settle(pilot)
            assert isinstance(app.screen, ProblemsScreen)
            problems = app.session.problems
            assert len(problems) >= 3
            assert all(PROBLEM_LINE.match(p) for p in problems), problems
            from selector.assess import run as run_assessment
            from selector.errors import InputError

            with pytest.raises(InputError) as raised:
                run_assessment("bad.yaml", today=TODAY)
            assert problems == [str(p) for p in raised.value.problems]
            assert "bad.yaml:3:3: institution.sector: must be one of" in "\n".join(problems)
            shown = text_of(app.screen.query_one("#problems-list"))
            assert all(p in shown for p in problems)
            await pilot.press("escape")
            await settle(pilot)
            assert isinstance(app.screen, RankingScreen)
            await pilot.press("w")
            await settle(pilot)
            assert isinstance(app.screen, RankingScreen)
            bad.write_text((ROOT / "tests" / "ui" / "data" / "assessment.yaml").read_text(encoding="utf-8")
                           .replace("criteria/box1.yaml", str(ROOT / "tests/ui/data/criteria/box1.yaml"))
                           .replace("profiles: profiles", f"profiles: {ROOT / 'tests/ui/data/profiles'}"),
                           encoding="utf-8")
            await pilot.press("ctrl+l")
            await settle(pilot)
            assert app.session.ready and not app.session.problems

    run(scenario())


def test_a_missing_file_is_a_problem_not_a_crash(tmp_path: Path, settle: Settle,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)

    async def scenario() -> None:
        app = SelectorApp("nowhere.yaml", TODAY)
        async with app.run_test(size=(80, 24)) as pilot:
            await settle(pilot)
            assert isinstance(app.screen, ProblemsScreen)
            assert app.session.problems and app.session.problems[0].startswith("nowhere.yaml:")

    run(scenario())


def test_a_failing_worker_becomes_a_message_not_a_crash(assessment: Path, settle: Settle,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(*args: Any) -> Any:
        raise RuntimeError("the engine fell over")

    monkeypatch.setattr(loader, "rerank", broken)

    async def scenario() -> None:
        app = SelectorApp(assessment, TODAY)
        async with app.run_test(size=(100, 30), notifications=True) as pilot:
            await settle(pilot)
            await pilot.press("m")
            await settle(pilot)
            assert app.is_running
            assert any("the engine fell over" in n.message for n in app._notifications)
            assert app.session.result.method == "wsm"

    run(scenario())


def test_robustness_screen_shows_the_analysis_of_the_ranking_on_screen(assessment: Path,
                                                                       settle: Settle) -> None:
    async def scenario() -> None:
        app = SelectorApp(assessment, TODAY)
        async with app.run_test(size=(100, 30)) as pilot:
            await settle(pilot)
            line = text_of(app.screen.query_one("#robustness-line"))
            assert "first in" in line and "samples" in line
            await pilot.press("r")
            await settle(pilot)
            assert isinstance(app.screen, RobustnessScreen)
            heatmap = app.screen.query_one("#acceptability")
            assert heatmap.rows[0].startswith("GPT-4o")
            assert len(heatmap.columns) == len(app.session.result.ranking)

    run(scenario())


@pytest.mark.parametrize("keys", [(), ("w",), ("enter",), ("r",), ("c",), ("e",), ("question_mark",)])
def test_q_quits_from_every_screen(assessment: Path, settle: Settle, keys: tuple[str, ...]) -> None:
    async def scenario() -> None:
        app = SelectorApp(assessment, TODAY)
        async with app.run_test(size=(80, 24)) as pilot:
            await settle(pilot)
            await pilot.press(*keys)
            await settle(pilot)
            await pilot.press("q")
            await settle(pilot)
            assert not app.is_running

    run(scenario())


def test_usable_at_80_by_24(assessment: Path, settle: Settle, until: Settle) -> None:
    async def scenario() -> None:
        app = SelectorApp(assessment, TODAY)
        async with app.run_test(size=(80, 24)) as pilot:
            await settle(pilot)
            table = app.screen.query_one("#ranking", RankingTable)
            await until(pilot, lambda: table.region.height > 0, "laying out the ranking")
            assert table.region.height >= len(app.session.result.ranking) + 1
            assert table.region.right <= 80
            assert table.virtual_size.width <= table.region.width
            assert app.screen.query_one("#excluded").region.height >= 2
            assert app.screen.query_one("#robustness-line").region.bottom <= 23

    run(scenario())


def test_without_an_assessment_it_ranks_the_bundled_catalogue(settle: Settle) -> None:
    async def scenario() -> None:
        app = SelectorApp(None, TODAY, use_default=False)
        async with app.run_test(size=(100, 30)) as pilot:
            await settle(pilot)
            assert app.session.ready
            # without an assessment only retired offerings are excluded
            assert all(e.reasons[0].startswith("retired") for e in app.session.result.excluded)
            assert len(table_order(app)) == len(app.session.result.ranking) > 5
            await pilot.press("c")
            await settle(pilot)
            assert "belong to an assessment" in text_of(app.screen.query_one("#checklist-progress"))

    run(scenario())


def test_the_default_assessment_is_the_bundled_example() -> None:
    found = loader.default_assessment()
    assert found is not None and found.name == "small-wealth-manager-assistant.yaml"
    assert SelectorApp().session.assessment == found


def test_import_selector_never_loads_textual() -> None:
    code = ("import sys, selector, selector.engine, selector.assess, selector.checklist.state; "
            "from selector.cli import build_parser; build_parser(); "
            "print('textual' in sys.modules, 'selector_tui' in sys.modules)")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT,
                          timeout=120, check=True)
    assert done.stdout.split() == ["False", "False"]


def test_the_loader_runs_without_textual() -> None:
    code = "import sys, selector_tui.loader, selector_tui.session; print('textual' in sys.modules)"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT,
                          timeout=120, check=True)
    assert done.stdout.strip() == "False"


def test_a_picked_preset_is_recorded_as_the_analysts_change(assessment: Path, settle: Settle) -> None:
    async def scenario() -> None:
        from textual.widgets import Select

        app = SelectorApp(assessment, TODAY)
        async with app.run_test(size=(100, 30)) as pilot:
            await settle(pilot)
            await pilot.press("w")
            await settle(pilot)
            app.screen.query_one("#preset", Select).value = "equal"
            await settle(pilot)
            (change,) = app.session.result.analyst_changes
            assert change.kind == "preset" and "Equal weights" in change.after
            assert "Changed by the analyst" in text_of(app.screen.query_one("#preview-title"))
            await pilot.press("ctrl+r")
            await settle(pilot)
            assert app.session.result.analyst_changes == ()

    run(scenario())


def test_ctrl_s_shows_the_diff_and_saves_the_weights_into_the_assessment(assessment: Path,
                                                                           settle: Settle) -> None:
    from selector_tui.screens.save_weights import SaveWeightsDialog

    async def scenario() -> None:
        app = SelectorApp(assessment, TODAY)
        async with app.run_test(size=(100, 30)) as pilot:
            await settle(pilot)
            await pilot.press("w")
            await settle(pilot)
            app.screen.query_one("#w-security").focus()
            await pilot.press("4", "5", "enter")
            await settle(pilot)
            on_screen = dict(app.session.weights)
            order = [r.id for r in app.session.result.ranking]
            assert app.session.result.analyst_changes
            before = assessment.read_text()
            await pilot.press("ctrl+s")
            await settle(pilot)
            assert isinstance(app.screen, SaveWeightsDialog)
            assert "+  preset: none" in text_of(app.screen.query_one("#save-diff"))
            await pilot.press("escape")  # cancel writes nothing
            await settle(pilot)
            assert isinstance(app.screen, WeightsScreen) and assessment.read_text() == before
            await pilot.press("ctrl+s")
            await settle(pilot)
            await pilot.click("#save")
            await settle(pilot)
            assert isinstance(app.screen, WeightsScreen)
            saved = yaml.safe_load(assessment.read_text())
            assert saved["weights"]["preset"] == "none"
            assert "# A frozen fixture for the TUI tests" in assessment.read_text()  # comments kept
            # reloaded: the assessment's weights are now the ones on screen, with no change left
            assert app.session.result.analyst_changes == ()
            assert not app.session.weights_changed
            assert app.session.base_weights == pytest.approx(on_screen, abs=1e-6)
            assert [r.id for r in app.session.result.ranking] == order

    run(scenario())


def test_saving_refuses_an_assessment_changed_on_disk(assessment: Path, settle: Settle) -> None:
    async def scenario() -> None:
        app = SelectorApp(assessment, TODAY)
        async with app.run_test(size=(100, 30)) as pilot:
            await settle(pilot)
            await pilot.press("w")
            await settle(pilot)
            assessment.write_text(assessment.read_text() + "notes: changed in an editor\n")
            edited = assessment.read_text()
            await pilot.press("ctrl+s")
            await settle(pilot)
            assert isinstance(app.screen, WeightsScreen)  # no dialog: refused first
            assert assessment.read_text() == edited
            assert any("changed on disk" in str(n.message) for n in app._notifications)

    run(scenario())


def test_the_detail_builds_its_trace_once_per_option_and_result(assessment: Path, settle: Settle,
                                                                monkeypatch: pytest.MonkeyPatch) -> None:
    import selector_tui.screens.detail as detail

    built: list[str] = []
    original = detail.trace_view

    def counted(session: Any, option_id: str) -> Any:
        built.append(option_id)
        return original(session, option_id)

    monkeypatch.setattr(detail, "trace_view", counted)

    async def scenario() -> None:
        app = SelectorApp(assessment, TODAY)
        async with app.run_test(size=(100, 30)) as pilot:
            await settle(pilot)
            await pilot.press("enter")  # mounting and resuming the screen: one build
            await settle(pilot)
            assert built == [FIRST]
            await pilot.press("question_mark")  # help over it, then back: the same result
            await settle(pilot)
            await pilot.press("escape")
            await settle(pilot)
            assert built == [FIRST]
            await pilot.press("right_square_bracket")  # another option: built for it
            await settle(pilot)
            assert built == [FIRST, "gemini-vertex-ai"]

    run(scenario())
