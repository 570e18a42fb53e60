"""The ranking screen as an analyst works in it: / filter, sort by a column, numbers or bars,
marks and the compare screen.

One app serves the whole module (loading it is the slow part): it runs in an ``asyncio.Runner``
kept open across the tests, and each test starts from the ranking with a fresh view and the
assessment's own weights and method. The data is the frozen fixture (tests/ui/data) without its
security minimum, so five options rank and marking four is possible.
"""

from __future__ import annotations

import asyncio
import io
import re
import shutil
from collections.abc import Awaitable, Callable, Iterator
from dataclasses import dataclass
from typing import Any

import pytest
from textual.pilot import Pilot
from textual.widgets import Input, Static
from ui.conftest import DATA, TODAY, wait_settled

from selector_tui.app import SelectorApp
from selector_tui.screens.compare import CompareScreen, decisive_rules
from selector_tui.screens.ranking import RankingScreen
from selector_tui.widgets.ranking_table import NONE_KEY, RankingTable
from selector_tui.widgets.ranking_view import RankingView, matches, score_text

GPT = "gpt-4o-azure-openai-southeast-asia"
GEMINI = "gemini-vertex-ai"
LLAMA = "llama-3-3-70b-self-hosted"
Scenario = Callable[[Pilot[None]], Awaitable[None]]


@dataclass
class Live:
    app: SelectorApp
    pilot: Pilot[None]
    runner: asyncio.Runner

    def run(self, scenario: Scenario) -> None:
        self.runner.run(scenario(self.pilot))

    @property
    def table(self) -> RankingTable:
        return self.app.screen.query_one("#ranking", RankingTable)


def text_of(widget: Any, width: int = 240) -> str:
    from rich.console import Console

    console = Console(width=width, file=io.StringIO(), color_system=None)
    console.print(widget.content if isinstance(widget, Static) else widget)
    return console.file.getvalue()  # type: ignore[attr-defined,no-any-return]


def cell(table: RankingTable, option: str, column: str) -> str:
    return str(table.get_cell(option, column).plain)


def header(table: RankingTable, column: str) -> str:
    return str(table.columns[column].label.plain)  # type: ignore[index]


@pytest.fixture(scope="module")
def live(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Live]:
    target = tmp_path_factory.mktemp("ranking-view") / "case"
    shutil.copytree(DATA, target)
    assessment = target / "assessment.yaml"
    text = assessment.read_text(encoding="utf-8")
    assert "  min_scores: {security: 20}\n" in text
    assessment.write_text(text.replace("  min_scores: {security: 20}\n", ""), encoding="utf-8")
    with pytest.MonkeyPatch.context() as patch:
        patch.chdir(target)
        patch.setenv("SELECTOR_NOW", "2026-11-25T09:00:00Z")
        patch.setenv("USER", "analyst")
        runner = asyncio.Runner()
        app = SelectorApp(assessment, TODAY)
        context = app.run_test(size=(100, 30), notifications=True)
        pilot = runner.run(context.__aenter__())
        runner.run(wait_settled(pilot))
        try:
            yield Live(app, pilot, runner)
        finally:
            runner.run(context.__aexit__(None, None, None))
            runner.close()


@pytest.fixture()
def ranking(live: Live) -> Live:
    """Back on the ranking, the assessment's weights and method, a view with nothing set."""

    async def reset(pilot: Pilot[None]) -> None:
        app = live.app
        app._pop_to_home()
        session = app.session
        if session.weights_changed or session.method_changed:
            assert session.base is not None
            app.request_rerank(weights=session.base_weights, method=session.base.method)
        app._notifications.clear()
        table = live.table
        table.view = RankingView()
        box = app.screen.query_one("#filter", Input)
        box.value = ""
        table.focus()
        table.refresh_view()
        await wait_settled(pilot)
        table.move_cursor(row=0)
        await wait_settled(pilot)

    live.run(reset)
    assert isinstance(live.app.screen, RankingScreen)
    assert len(live.app.session.result.ranking) == 5
    return live


def view_line(live: Live) -> str:
    return text_of(live.app.screen.query_one("#view-line")).strip()


# ------------------------------------------------------------------ the view without an app


def test_a_filter_matches_name_id_provider_route_and_openness_whatever_the_case(ranking: Live) -> None:
    rows = {r.id: r for r in ranking.app.session.result.ranking}
    assert matches(rows[GPT], "AZURE openai")  # name, two words, any case
    assert matches(rows[GPT], "microsoft")  # the provider, not in the name
    assert not matches(rows[GEMINI], "microsoft")
    assert matches(rows[LLAMA], "self-hosted") and not matches(rows[GPT], "self-hosted")  # route
    assert matches(rows[LLAMA], "open-weight") and not matches(rows[GEMINI], "open-weight")  # openness
    assert matches(rows[GEMINI], "gemini-vertex")  # the id
    assert all(matches(r, "") for r in rows.values())


def test_scores_read_as_the_command_line_and_the_reports_print_them(ranking: Live) -> None:
    """Two decimals on the 0-100 scale, four when every score is below 1, as ``selector rank``."""
    import dataclasses

    from selector.render.ranking import score_text as cli_score_text

    result = ranking.app.session.result
    for scores in ((54.8677, 8.69, 0.0), (0.67996, 0.0, 0.5), (1.70441, 0.78, 0.2)):
        rows = tuple(dataclasses.replace(row, score=v)
                     for row, v in zip(result.ranking, scores, strict=False))
        shown = dataclasses.replace(result, ranking=rows)
        for v in scores:
            assert score_text(v, shown) == cli_score_text(shown, v)
    assert score_text(54.8677, result) == "54.87" and score_text(0.0, None) == "0.00"


def test_decisive_rules_are_those_that_separate_the_options(ranking: Live) -> None:
    result = ranking.app.session.result
    rules, rest = decisive_rules(result, [GPT, GEMINI], "security")
    assert rules[0].label == "sec-red-teaming"  # 20 points against 0 (unknown)
    groups = {e.group for e in result.traces[GPT]["security"].trace}
    assert len(rules) + rest == len(groups)  # every rule is shown or counted as not shown
    red = rules[0]
    assert (red.entries[0].points, red.entries[1].points) == (20.0, 0.0)
    assert "unknown" in red.entries[1].flags
    assert all(r.spread > 0 for r in rules)
    same, _ = decisive_rules(result, [GPT, GPT], "security")
    assert same == []  # an option never differs from itself


# ------------------------------------------------------------------ filter


def test_slash_filters_live_and_says_how_many_are_shown(ranking: Live) -> None:
    async def scenario(pilot: Pilot[None]) -> None:
        table = ranking.table
        await pilot.press("slash")
        await wait_settled(pilot)
        box = ranking.app.screen.query_one("#filter", Input)
        assert box.has_focus
        await pilot.press(*"self")
        await wait_settled(pilot)
        own = [r.id for r in ranking.app.session.result.ranking if r.route == "self-hosted"]
        assert len(own) == 3 and table.option_ids == own  # in rank order
        assert view_line(ranking).startswith("3 of 5 shown (filter: self)")
        await pilot.press(*" LLAMA")  # every word must match, in any case
        await wait_settled(pilot)
        assert table.option_ids == [LLAMA]
        assert cell(table, LLAMA, "rank").strip() == "3"  # its rank, not its row
        assert view_line(ranking).startswith("1 of 5 shown (filter: self LLAMA)")
        await pilot.press("enter")  # keeps the filter, back to the table
        await wait_settled(pilot)
        assert table.has_focus and table.option_ids == [LLAMA]

    ranking.run(scenario)


def test_a_filter_that_matches_nothing_says_so_and_escape_clears_it(ranking: Live) -> None:
    async def scenario(pilot: Pilot[None]) -> None:
        table = ranking.table
        await pilot.press("slash", *"zzz")
        await wait_settled(pilot)
        assert table.option_ids == [] and table.row_count == 1
        shown = "".join(str(c.plain) for c in table.get_row(NONE_KEY))
        assert 'no option matches "zzz": escape clears the filter' in shown
        assert view_line(ranking).startswith("0 of 5 shown (filter: zzz)")
        assert table.highlighted is None
        await pilot.press("enter", "enter")  # the note is not an option: no detail opens
        await wait_settled(pilot)
        assert isinstance(ranking.app.screen, RankingScreen)
        await pilot.press("escape")
        await wait_settled(pilot)
        assert table.option_ids == [r.id for r in ranking.app.session.result.ranking]
        assert table.view.filter == ""
        assert not ranking.app.screen.query_one("#filter").display
        assert not ranking.app.screen.query_one("#view-row").display

    ranking.run(scenario)


def test_the_filter_survives_a_change_of_weights_and_of_method(ranking: Live) -> None:
    async def scenario(pilot: Pilot[None]) -> None:
        app = ranking.app
        await pilot.press("slash", *"self", "enter")
        await wait_settled(pilot)
        before = ranking.table.option_ids
        await pilot.press("m")  # topsis
        await wait_settled(pilot)
        assert app.session.result.method == "topsis"
        filtered = [r.id for r in app.session.result.ranking if "self-hosted" in r.id]
        assert ranking.table.option_ids == filtered and set(filtered) == set(before)
        assert view_line(ranking).startswith("3 of 5 shown (filter: self)")
        await pilot.press("w")
        await wait_settled(pilot)
        app.screen.query_one("#w-security").focus()
        await pilot.press("5", "enter", "escape")
        await wait_settled(pilot)
        assert isinstance(app.screen, RankingScreen) and app.session.weights_changed
        assert ranking.table.option_ids == [r.id for r in app.session.result.ranking
                                            if "self-hosted" in r.id]
        assert view_line(ranking).startswith("3 of 5 shown (filter: self)")
        assert app.screen.query_one("#filter", Input).value == "self"

    ranking.run(scenario)


# ------------------------------------------------------------------ sort


def test_o_sorts_by_the_next_column_a_second_choice_reverses_and_ranks_stay(ranking: Live) -> None:
    async def scenario(pilot: Pilot[None]) -> None:
        table = ranking.table
        result = ranking.app.session.result
        ranks = {r.id: r.rank for r in result.ranking}
        assert header(table, "rank").strip() == "#▲"  # the default: by rank
        await pilot.press("o")  # by option name, A to Z
        await wait_settled(pilot)
        names = sorted(result.ranking, key=lambda r: r.name.casefold())
        assert table.option_ids == [r.id for r in names]
        assert header(table, "option").startswith("Option▲") and "▲" not in header(table, "rank")
        assert {o: int(cell(table, o, "rank").strip("= ")) for o in table.option_ids} == ranks
        assert "sorted by option ▲ (ranks unchanged)" in view_line(ranking)
        await pilot.press("O")  # reversed: Z to A
        await wait_settled(pilot)
        assert table.option_ids == [r.id for r in reversed(names)]
        assert header(table, "option").startswith("Option▼")
        assert result.ranking == ranking.app.session.result.ranking  # a view, not a re-rank

    ranking.run(scenario)


def test_a_click_on_a_heading_sorts_by_it_and_a_second_click_reverses(ranking: Live) -> None:
    async def scenario(pilot: Pilot[None]) -> None:
        table = ranking.table
        result = ranking.app.session.result
        keys = [str(k.value) for k in table.columns]
        x = sum(c.get_render_width(table) for c in list(table.columns.values())[: keys.index("c:security")])
        await pilot.click(RankingTable, offset=(x + 1, 0))
        await wait_settled(pilot)
        most = sorted(result.ranking, key=lambda r: -r.scores["security"])  # stable: ties by rank
        assert table.view.sort == "c:security"
        assert table.option_ids == [r.id for r in most]
        assert header(table, "c:security").startswith("Sec▼")  # most points first
        await pilot.click(RankingTable, offset=(x + 1, 0))
        await wait_settled(pilot)
        assert header(table, "c:security").startswith("Sec▲")
        assert [result.option(o).scores["security"] for o in table.option_ids] == sorted(
            r.scores["security"] for r in result.ranking)

    ranking.run(scenario)


# ------------------------------------------------------------------ numbers or bars


def test_b_shows_numbers_with_one_fixed_format_per_method(ranking: Live) -> None:
    one, two, four = (re.compile(r"^\d{1,3}\.\d$"), re.compile(r"^\d{1,3}\.\d\d$"),
                      re.compile(r"^\d\.\d{4}$"))

    async def scenario(pilot: Pilot[None]) -> None:
        table = ranking.table
        app = ranking.app
        criteria = [f"c:{c.id}" for c in app.session.result.criteria]
        bars = cell(table, GPT, criteria[0])
        assert not re.search(r"\d", bars)  # bars by default
        await pilot.press("b")
        await wait_settled(pilot)
        for option in table.option_ids:
            assert two.match(cell(table, option, "score").strip())  # as selector rank prints it
            assert all(one.match(cell(table, option, c).strip()) for c in criteria)
        assert cell(table, GPT, "c:security").strip() == "90.0"
        assert "points as numbers" in view_line(ranking)
        await pilot.press("m")  # topsis: closeness 0-1, four decimals, points still one
        await wait_settled(pilot)
        assert app.session.result.method == "topsis"
        scores = [cell(table, o, "score").strip() for o in table.option_ids]
        assert all(four.match(s) for s in scores), scores
        assert all(one.match(cell(table, o, c).strip()) for o in table.option_ids for c in criteria)
        await pilot.press("b")
        await wait_settled(pilot)
        assert cell(table, GPT, criteria[0]) == bars

    ranking.run(scenario)


# ------------------------------------------------------------------ marks and compare


def test_compare_refuses_one_or_four_marked_options_in_the_tuis_terms(ranking: Live) -> None:
    async def scenario(pilot: Pilot[None]) -> None:
        app = ranking.app
        table = ranking.table
        await pilot.press("space", "v")
        await wait_settled(pilot)
        assert isinstance(app.screen, RankingScreen)
        assert table.view.marked == [GPT]
        assert cell(table, GPT, "mark") == "✓ " and cell(table, GEMINI, "mark") == "  "
        assert any("mark 2 or 3 options with space, then press v (1 marked now)" in n.message
                   for n in app._notifications)
        assert "✓ 1 marked (mark 1 or 2 more, then v)" in view_line(ranking)
        await pilot.press("down", "space", "down", "space", "down", "space", "v")
        await wait_settled(pilot)
        assert isinstance(app.screen, RankingScreen) and len(table.view.marked) == 4
        assert any("(4 marked now)" in n.message for n in app._notifications)
        assert "✓ 4 marked (at most 3: space unmarks)" in view_line(ranking)
        await pilot.press("space")  # unmark the fourth
        await wait_settled(pilot)
        assert len(table.view.marked) == 3 and "✓ 3 marked (v compares)" in view_line(ranking)

    ranking.run(scenario)


def test_compare_two_options_shows_scores_facts_with_sources_cost_flags_and_checklists(
        ranking: Live) -> None:
    async def scenario(pilot: Pilot[None]) -> None:
        app = ranking.app
        await pilot.press("space", "down", "space", "v")
        await wait_settled(pilot)
        screen = app.screen
        assert isinstance(screen, CompareScreen) and screen.option_ids == [GPT, GEMINI]
        summary = text_of(screen.query_one("#compare-summary"))
        assert "#1 of 5 · 54.87 (wsm)" in summary and "#2 of 5 · 54.82 (wsm)" in summary
        assert re.search(r"Security +30\.0% .* 90\.0 ◆ most", summary)
        assert "Microsoft (Azure OpenAI Service" in summary  # the provider
        tco = app.session.result.tco[GPT]
        assert f"{tco.annual_usd:,.0f} USD" in summary and "IMPUTED: 2 unknown inputs" in summary
        assert "? confirm: whether the provider trains on customer data is unknown" in summary
        assert "high-priority open" in summary
        facts = text_of(screen.query_one("#compare-facts"))
        # a decisive fact with its source and date, and the other option's unknown, by word
        assert "security.red_teaming = external  20/20 pts" in facts
        assert "GPT-4o System Card (external red-teaming), as of 2024-08-08 unverified" in facts
        assert "security.red_teaming = unknown  0/20 pts" in facts and "no source UNKNOWN" in facts
        await pilot.press("escape")
        await wait_settled(pilot)
        assert isinstance(app.screen, RankingScreen)
        assert ranking.table.view.marked == [GPT, GEMINI]  # the marks stay for the next compare

    ranking.run(scenario)


def test_compare_three_options_follows_a_change_of_method(ranking: Live) -> None:
    async def scenario(pilot: Pilot[None]) -> None:
        app = ranking.app
        await pilot.press("space", "down", "space", "down", "space", "v")
        await wait_settled(pilot)
        screen = app.screen
        assert isinstance(screen, CompareScreen) and screen.option_ids == [GPT, GEMINI, LLAMA]
        summary = text_of(screen.query_one("#compare-summary"))
        assert "Llama 3.3 70B" in summary and "! legal review: the licence restricts fields of use" in summary
        await pilot.press("m")
        await wait_settled(pilot)
        result = app.session.result
        assert result.method == "topsis"
        row = result.option(LLAMA)
        summary = text_of(screen.query_one("#compare-summary"))
        assert f"#{row.rank} of 5 · {score_text(row.score, result)} (topsis)" in summary

    ranking.run(scenario)
