"""Home: the ranking, the excluded options and why, and how robust the recommendation is."""

from __future__ import annotations

from typing import Any, ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.widgets import DataTable, Header, Input, Static

from selector_tui.loader import robustness_dict
from selector_tui.messages import DetailRequested, OptionFocused
from selector_tui.safe_text import Text
from selector_tui.screens.base import SessionScreen
from selector_tui.screens.compare import CompareScreen
from selector_tui.session import display_path
from selector_tui.widgets.ranking_table import MARK, RankingTable, clip, score_text
from selector_tui.widgets.ranking_view import RankingView, column_title
from selector_tui.widgets.steady import KeyFooter, Spinner

COMPARE_REFUSAL = "mark 2 or 3 options with space, then press v"


def context_text(session: Any, width: int = 100, compact: bool = False) -> Text:
    """Who is choosing, for what; the method and whose weights the ranking uses."""
    result = session.result
    text = Text()
    text.append(clip(session.title(), max(20, width - 2)) if compact else session.title(), style="bold")
    if result is None:
        return text
    direction = "higher is better" if result.higher_is_better else "lower is better"
    if compact:
        text.append(f"\nMethod {result.method} ({direction}) · weights: ")
    else:
        text.append(f"\nMethod {result.method}: {result.method_title} ({direction}) · weights: ")
    if session.weights_changed:
        text.append("changed on screen", style="bold #d29922")
        text.append(" (w, then ctrl+r resets)" if compact else " (w to see them, ctrl+r there resets)")
    else:
        text.append("the assessment's" if result.assessment is not None else "the criteria set's")
    return text


def legend_text(result: Any, labels: dict[str, str], full: bool, numbers: bool = False) -> Text:
    """What the bar columns are and how much each weighs; names in full when there is room."""
    what = "Points (0-100)" if numbers else "Bars, 0-100 points,"
    text = Text(f"{what} and weights: " if full else "Weights: ", style="dim")
    for index, c in enumerate(result.criteria):
        if index:
            text.append(" · " if full else " ", style="dim")
        text.append(labels.get(c.id, c.id), style="bold")
        name = f" {c.name.split(' (')[0]}" if full else ""
        text.append(f"{name} {c.weight * 100:.0f}%")
    return text


def robustness_line(session: Any) -> Text:
    """The analysis in one line: how often the top option stays first, and how safe that is."""
    text = Text("Robustness: ", style="bold")
    data = robustness_dict(session.result)
    acceptability = data.get("acceptability") or {}
    top = data.get("top_choice")
    if not top or top not in acceptability:
        text.append(session.robustness_note, style="dim")
        return text
    samples = int(data.get("samples", 0))
    firsts = sorted(((shares[0] if shares else 0.0, oid) for oid, shares in acceptability.items()),
                    reverse=True)
    text.append(f"{clip(session.option_name(top), 34)} first in {acceptability[top][0] * 100:.0f}% of "
                f"{samples:,} samples")
    word = session.result.robustness.safety if session.result is not None else ""
    if word:
        text.append(f" ({word})", style="bold #d29922" if word == "fragile" else "bold")
    rival = next(((share, oid) for share, oid in firsts if oid != top and share > 0), None)
    if rival is not None:
        text.append(f"; next {clip(session.option_name(rival[1]), 28)} {rival[0] * 100:.0f}%")
    tops = data.get("method_top") or {}
    if tops:
        agree = sum(1 for v in tops.values() if v == top)
        text.append(f"; {agree} of {len(tops)} methods put it first")
    text.append("  (r: details)", style="dim")
    return text


def view_text(view: RankingView, result: Any, shown: int) -> Text:
    """What the table shows of the ranking: how many rows, the filter, the sort, the marks."""
    total = len(result.ranking)
    text = Text(f"{shown} of {total} shown", style="bold" if shown < total else "")
    if view.filter.strip():
        text.append(" (filter: ")
        text.append(clip(view.filter, 30), style="bold")
        text.append(")")
    if not view.default_order:
        arrow = "▲" if view.ascending(result) else "▼"
        text.append(f" · sorted by {column_title(result, view.sort)} {arrow}")
        text.append(" (ranks unchanged)", style="dim")
    if view.numbers:
        text.append(" · points as numbers")
    if view.marked:
        text.append(f" · {MARK} {len(view.marked)} marked", style="bold #3fb950")
        hint = {1: "mark 1 or 2 more, then v"}.get(len(view.marked), "at most 3: space unmarks")
        text.append(" (v compares)" if 2 <= len(view.marked) <= 3 else f" ({hint})", style="dim")
    return text


def _excluded_by(result: Any) -> str:
    return " by the assessment's constraints" if result.assessment is not None else " as retired"


class RankingScreen(SessionScreen):
    SCREEN_ID = "ranking"
    TITLE_TEXT = "Ranking"
    AUTO_FOCUS = "#ranking"

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("w", "app.goto('weights')", "Weights"),
        Binding("r", "app.goto('robustness')", "Robustness"),
        Binding("c", "app.goto('checklist')", "Checklist"),
        Binding("e", "app.goto('export')", "Export"),
        Binding("m", "app.cycle_method", "Method"),
        Binding("p", "app.goto('problems')", "Problems"),
        Binding("slash", "filter", "Filter"),
        Binding("o", "sort", "Sort", show=False),
        Binding("O", "reverse", "Reverse", show=False),
        Binding("b", "numbers", "Numbers", show=False),
        Binding("v", "compare", "Compare"),
        Binding("escape", "clear_filter", "Clear filter", show=False),
    ]

    def compose(self) -> ComposeResult:
        yield Header()
        with Vertical(id="home"):
            yield Static(id="context")
            with Vertical(id="loading"):
                yield Spinner(running=True)
                yield Static(id="loading-note")
            with Horizontal(id="view-row"):
                yield Input(id="filter", placeholder="filter: name, id, provider, route, openness")
                yield Static(id="view-line")
            yield RankingTable(id="ranking")
            yield Static(id="legend")
            yield Static(id="focus-line")
            with Vertical(id="excluded-box"):
                yield Static(id="excluded-title")
                yield DataTable(id="excluded", cursor_type="row", zebra_stripes=False)
            yield Static(id="robustness-line")
        yield KeyFooter(compact=True)

    def session_changed(self, kind: str) -> None:
        session = self.session
        loading = session.status == "loading"
        self.query_one("#loading").display = loading
        self.query_one(Spinner).run(loading)
        if loading:
            where = display_path(session.assessment) if session.assessment else "the bundled catalogue"
            self.query_one("#loading-note", Static).update(
                Text(f"Loading {where}: {session.loading_note or 'reading the profiles'}…", justify="center"))
        self.query_one("#context", Static).update(context_text(session, self.app.size.width, self._compact()))
        result = session.result
        table = self.query_one("#ranking", RankingTable)
        table.display = result is not None
        for name in ("#legend", "#focus-line", "#robustness-line"):
            self.query_one(name).display = result is not None
        if result is None:
            self.query_one("#excluded-box").display = False
            self.query_one("#view-row").display = False
            if session.status == "problems":
                self.query_one("#context", Static).update(Text.assemble(
                    (session.title(), "bold"),
                    ("\nThe inputs have problems, so nothing is ranked: press p to see them, ", "#f85149"),
                    ("ctrl+l to reload after fixing them.", "#f85149")))
            return
        if kind in ("mount", "resume", "load", "ranking"):
            table.show(result, session.base_positions() if session.weights_changed or session.method_changed
                       else {}, focus_option=self.selector_app.focus_option)
            self._fit()
            self._show_excluded(result)
            self._show_view()
        self._show_focus()
        self.query_one("#robustness-line", Static).update(robustness_line(session))

    def _compact(self) -> bool:
        return self.app.size.height < 28 or self.app.size.width < 90

    def _fit(self) -> None:
        """Tighter spacing and a short legend when the terminal is small (80x24 must work)."""
        compact = self._compact()
        self.query_one("#home").set_class(compact, "-compact")
        result = self.session.result
        if result is not None:
            table = self.query_one("#ranking", RankingTable)
            self.query_one("#legend", Static).update(legend_text(result, table.column_labels(), not compact,
                                                                 table.view.numbers))
            context = context_text(self.session, self.app.size.width, compact)
            self.query_one("#context", Static).update(context)

    def on_resize(self) -> None:
        self._fit()
        if self.session.result is not None:
            self._show_excluded(self.session.result)

    def _show_excluded(self, result: Any) -> None:
        box = self.query_one("#excluded-box")
        box.display = bool(result.excluded)
        self.query_one("#home").set_class(not result.excluded, "-roomy")
        # The table's height is set from its row count rather than left to `height: auto`: a
        # DataTable measures its rows on idle, after the layout that follows a rebuild may have
        # run, and the table could then stay laid out at height 0 (seen at 80x24 under load).
        # With nothing excluded the stylesheet's 1fr applies; max-height still caps it.
        ranking = self.query_one("#ranking", RankingTable)
        ranking.styles.height = None if not result.excluded else len(result.ranking) + 1
        if not result.excluded:
            return
        compact = self._compact()
        self.query_one("#excluded-title", Static).update(Text.assemble(
            (f"Excluded{'' if compact else _excluded_by(result)} "
             f"({len(result.excluded)})", "bold"),
            ("  enter on a row: every reason" if compact
             else "  enter on a row for every reason and the trace", "dim")))
        table = self.query_one("#excluded", DataTable)
        table.clear(columns=True)
        width = max(40, self.app.size.width - 4)
        name_width = min(30, width // 3)
        table.add_column("Option", width=name_width, key="option")
        table.add_column("Why", width=width - name_width - 4, key="why")
        for ex in result.excluded:
            first = ex.reasons[0] if ex.reasons else "-"
            more = f" (+{len(ex.reasons) - 1} more)" if len(ex.reasons) > 1 else ""
            why = clip(first, width - name_width - 4 - len(more)) + more
            table.add_row(Text(clip(ex.name, name_width)), Text(why), key=ex.id)

    def _show_focus(self, option: str | None = None) -> None:
        result = self.session.result
        option = option or self.selector_app.focus_option
        line = self.query_one("#focus-line", Static)
        row = next((r for r in result.ranking if r.id == option), None) if result else None
        if row is None:
            line.update("")
            return
        text = Text("▸ ", style="bold")
        text.append(row.name, style="bold")
        text.append(f"  {score_text(row.score, result)}")
        flags = row.evidence_flags
        counts = [f"{len(flags.get(k, ()))} {k}" for k in ("unknown", "stale", "unverified") if flags.get(k)]
        if counts:
            text.append(" · evidence: " + ", ".join(counts), style="#d29922")
        flags_of = result.review_flags.get(row.id, ()) if result else ()
        legal = [f for f in flags_of if f.legal]
        if legal:
            text.append(f" · {len(legal)} legal-review flag{'s' if len(legal) > 1 else ''}", style="#f85149")
        text.append("  (enter: why it scores so)", style="dim")
        line.update(text)

    def on_ranking_table_highlighted(self, event: RankingTable.Highlighted) -> None:
        self.post_message(OptionFocused(event.option_id))
        self._show_focus(event.option_id)

    def on_ranking_table_chosen(self, event: RankingTable.Chosen) -> None:
        self.post_message(DetailRequested(event.option_id))

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        if event.data_table.id == "excluded" and event.row_key.value is not None:
            self.post_message(DetailRequested(str(event.row_key.value)))

    # ---------------------------------------------------------------- the view: filter, sort, marks

    @property
    def table(self) -> RankingTable:
        return self.query_one("#ranking", RankingTable)

    def _show_view(self) -> None:
        """The view row: the filter field while there is one, and what the table shows."""
        result = self.session.result
        table = self.table
        view = table.view
        filter_box = self.query_one("#filter", Input)
        filtering = bool(view.filter) or filter_box.has_focus
        active = filtering or not view.default_order or view.numbers or bool(view.marked)
        self.query_one("#view-row").display = result is not None and active
        filter_box.display = filtering
        if result is not None:
            self.query_one("#view-line", Static).update(view_text(view, result, len(table.option_ids)))

    def on_ranking_table_view_changed(self, event: RankingTable.ViewChanged) -> None:
        self._show_view()

    def action_filter(self) -> None:
        if self.session.result is None:
            return
        box = self.query_one("#filter", Input)
        self.query_one("#view-row").display = True
        box.display = True
        box.focus()
        self._show_view()

    def on_input_changed(self, event: Input.Changed) -> None:
        if event.input.id != "filter":
            return
        event.stop()
        table = self.table
        if table.view.filter != event.value:
            table.view.filter = event.value
            table.refresh_view()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        if event.input.id == "filter":
            event.stop()
            self.table.focus()
            self._show_view()

    def fresh_view(self) -> None:
        """Another assessment opened: no filter, the ranking's own order, bars, no marks (its
        options are not the ones the analyst marked or filtered for)."""
        self.table.view = RankingView()
        self.query_one("#filter", Input).value = ""
        self.table.refresh_view()

    def action_clear_filter(self) -> None:
        """escape: the filter is cleared and closed (nothing else to go back to here)."""
        box = self.query_one("#filter", Input)
        if not box.display and not self.table.view.filter:
            return
        box.value = ""
        self.table.view.filter = ""
        self.table.focus()
        self.table.refresh_view()

    def action_sort(self) -> None:
        result = self.session.result
        if result is not None:
            self.table.view.next_sort(result)
            self.table.refresh_view()

    def action_reverse(self) -> None:
        if self.session.result is not None:
            self.table.view.reverse = not self.table.view.reverse
            self.table.refresh_view()

    def action_numbers(self) -> None:
        if self.session.result is not None:
            self.table.view.numbers = not self.table.view.numbers
            self.table.refresh_view()
            self._fit()

    def action_compare(self) -> None:
        result = self.session.result
        if result is None:
            return
        marked = self.table.view.marked
        if not 2 <= len(marked) <= 3:
            self.app.notify(f"{COMPARE_REFUSAL} ({len(marked)} marked now).", title="Compare",
                            severity="warning", timeout=6)
            return
        order = {row.id: row.position for row in result.ranking}
        self.app.push_screen(CompareScreen(sorted(marked, key=lambda o: order.get(o, 0))))
