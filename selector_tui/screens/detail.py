"""Option detail: every rule that fired, its fact, source, date and confidence; costs; flags."""

from __future__ import annotations

from typing import Any, ClassVar

from rich.console import Group, RenderableType
from rich.table import Table
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.widgets import Header, Static, TabbedContent, TabPane

from selector.scoring.lifecycle import describe
from selector_tui.messages import OptionFocused
from selector_tui.safe_text import Text
from selector_tui.screens.base import SessionScreen
from selector_tui.widgets.bars import score_bar
from selector_tui.widgets.ranking_table import score_text
from selector_tui.widgets.steady import KeyFooter

UNKNOWN_STYLE = "bold #f85149"
STALE_STYLE = "bold #d29922"
UNVERIFIED_STYLE = "#d2a8ff"
LIABILITY_FACTS = ("licence.", "service_terms.", "data_localisation.trains_on_customer_data",
                   "data_localisation.ownership_restrictions")


def flag_text(flags: tuple[str, ...]) -> Text:
    text = Text()
    if "unknown" in flags:
        text.append("UNKNOWN ", style=UNKNOWN_STYLE)
    if "stale" in flags:
        text.append("STALE ", style=STALE_STYLE)
    if "unverified" in flags:
        text.append("unverified", style=UNVERIFIED_STYLE)
    return text


def points_text(value: float) -> str:
    return f"{value:.0f}" if float(value).is_integer() else f"{value:.1f}"


def rule_mark(entry: Any) -> Text:
    """! unknown, ● full points, ◐ some, ○ none, · an alternative that did not count."""
    if "unknown" in entry.flags:
        return Text("!", style=UNKNOWN_STYLE)
    if not entry.counted:
        return Text("·", style="dim")
    if entry.max_points <= 0:
        return Text("i", style="dim")
    if entry.points >= entry.max_points:
        return Text("●", style="#3fb950")
    if entry.points > 0:
        return Text("◐", style="#d29922")
    return Text("○", style="#f85149")


def entry_rows(entries: Any) -> Table:
    table = Table(box=None, show_header=False, expand=True, pad_edge=False, padding=(0, 1, 0, 0))
    table.add_column(width=1, no_wrap=True)
    table.add_column(ratio=5)
    table.add_column(ratio=4)
    table.add_column(width=9, justify="right", no_wrap=True)
    for entry in entries:
        dim = "" if entry.counted else "dim"
        unknown = "unknown" in entry.flags
        mark = rule_mark(entry)
        what = Text(entry.rule, style=f"bold {dim}".strip())
        what.append(f"  {entry.fact} = ", style=dim)
        what.append(entry.value, style=UNKNOWN_STYLE if unknown else dim)
        if not entry.counted:
            what.append(f"  (not counted: {entry.outcome.split('; ')[-1]})", style="dim")
        elif entry.note and unknown:
            what.append(f"\nask: {entry.note}", style="italic")
        source = Text(style=dim)
        if entry.source_title or entry.source:
            source.append(entry.source_title or entry.source or "")
        elif entry.fact == "tco" or entry.fact.startswith("assessment."):
            source.append("from the assessment (and criteria/costs.yaml)", style="dim")
        else:
            source.append("no source", style=UNKNOWN_STYLE if "unsourced" in entry.flags else "dim")
        if entry.as_of:
            source.append(f" · as of {entry.as_of}")
        shown_flags = tuple(entry.flags)
        if entry.confidence:
            unverified = entry.confidence == "unverified"
            source.append(f" · {entry.confidence}", style=UNVERIFIED_STYLE if unverified else "")
            if unverified:
                shown_flags = tuple(f for f in shown_flags if f != "unverified")
        flags = flag_text(shown_flags)
        if flags.plain:
            source.append(" ")
            source.append_text(flags)
        points = Text(f"{points_text(entry.points)}/{points_text(entry.max_points)}", style=dim)
        table.add_row(mark, what, source, points)
    return table


def trace_view(session: Any, option_id: str) -> RenderableType:
    result = session.result
    trace = result.traces.get(option_id, {})
    parts: list[RenderableType] = []
    for info in result.criteria:
        score = trace.get(info.id)
        if score is None:
            continue
        head = Text()
        head.append(info.name, style="bold underline")
        head.append(f"  {score.value:.1f}/100 ")
        head.append_text(score_bar(score.value, 10))
        head.append(f"  × weight {info.weight * 100:.1f}%")
        if result.method == "wsm":
            head.append(f" = {score.value * info.weight:.2f} points", style="dim")
        parts.append(head)
        if score.trace:
            parts.append(entry_rows(score.trace))
        else:
            parts.append(Text("  scored directly by the profile (no rubric)", style="dim"))
        parts.append(Text(""))
    return Group(*parts)


def tco_view(session: Any, option_id: str) -> RenderableType:
    result = session.result
    tco = result.tco.get(option_id)
    if tco is None:
        return Text("No cost of ownership: the ranking was made without an assessment "
                    "(its volumes, horizon and environment drive the TCO).", style="dim")
    parts: list[RenderableType] = []
    annual = tco.annual_usd
    head = Text("Total cost of ownership", style="bold underline")
    head.append(f"  {annual:,.0f} USD a year · {tco.horizon_usd:,.0f} USD over {tco.horizon_years} years")
    parts.append(head)
    if tco.imputed:
        parts.append(Text(
            "IMPUTED: unknown " + ", ".join(i.fact for i in tco.imputed) + " counted at the "
            f"pessimistic bound (costs.yaml imputation); {tco.favourable_annual_usd:,.0f} USD a year "
            "at the favourable end. Obtain the figure.", style=UNKNOWN_STYLE))
    table = Table(box=None, expand=True, pad_edge=False, header_style="bold")
    table.add_column("item", ratio=2)
    table.add_column("USD a year", justify="right", width=12, no_wrap=True)
    table.add_column("working", ratio=5)
    for line in tco.lines:
        style = UNKNOWN_STYLE if line.imputed else ""
        table.add_row(Text(line.item + (" (imputed)" if line.imputed else ""), style=style),
                      Text(f"{line.annual_usd:,.0f}", style=style), Text(line.working, style="dim"))
    parts.append(table)
    switching = [e for s in result.traces.get(option_id, {}).values() for e in s.trace
                 if e.rule == "lck-switching-cost"]
    for entry in switching:
        parts.append(Text(""))
        parts.append(Text.assemble(("Switching-cost estimate ", "bold"), (entry.value, "bold"),
                                   (f"  {entry.outcome}", "dim")))
    return Group(*parts)


def flags_view(session: Any, option_id: str) -> RenderableType:
    result = session.result
    parts: list[RenderableType] = []
    excluded = next((e for e in result.excluded if e.id == option_id), None)
    if excluded is not None:
        parts.append(Text("Excluded by the assessment's constraints" if session.result.assessment
                          is not None else "Excluded as retired", style="bold #f85149"))
        parts.extend(Text(f"  • {reason}") for reason in excluded.reasons)
        if excluded.evidence:
            parts.append(Text("  Evidence the reasons cite:", style="dim"))
            parts.extend(Text(f"    {fact}", style="dim") for fact in excluded.evidence)
        parts.append(Text(""))
    review = result.review_flags.get(option_id, ())
    parts.append(Text("Review flags (they never exclude; a person must decide)", style="bold underline"))
    if review:
        parts.extend(Text(f"  • {flag.text}", style="#d29922" if flag.legal else "")
                     for flag in review)
    else:
        parts.append(Text("  none", style="dim"))
    parts.append(Text(""))
    parts.append(Text("Licence and terms", style="bold underline"))
    entries = [e for s in result.traces.get(option_id, {}).values() for e in s.trace
               if e.fact.startswith(LIABILITY_FACTS)]
    unique: list[Any] = []
    for entry in entries:
        if all(entry.fact != u.fact for u in unique):
            unique.append(entry)
    parts.append(entry_rows(unique) if unique else Text("  no licence facts in the trace", style="dim"))
    parts.append(Text(""))
    parts.append(Text("Evidence to obtain or re-check", style="bold underline"))
    flags = _evidence(result, option_id)
    for name, style in (("unknown", UNKNOWN_STYLE), ("stale", STALE_STYLE), ("unverified", UNVERIFIED_STYLE)):
        facts = flags.get(name, ())
        line = Text(f"  {name} ({len(facts)}): ", style=style)
        line.append(", ".join(facts) if facts else "none", style="" if facts else "dim")
        parts.append(line)
    return Group(*parts)


def _evidence(result: Any, option_id: str) -> dict[str, tuple[str, ...]]:
    row = next((r for r in result.ranking if r.id == option_id), None)
    if row is not None:
        return dict(row.evidence_flags)
    found: dict[str, list[str]] = {"unknown": [], "stale": [], "unverified": []}
    for score in result.traces.get(option_id, {}).values():
        for entry in score.trace:
            for flag in entry.flags:
                if flag in found and entry.fact not in found[flag]:
                    found[flag].append(entry.fact)
    return {k: tuple(v) for k, v in found.items()}


def head_text(session: Any, option_id: str) -> Text:
    result = session.result
    row = next((r for r in result.ranking if r.id == option_id), None)
    text = Text()
    if row is not None:
        text.append(f"#{row.rank} of {len(result.ranking)}  ", style="bold")
        text.append(row.name, style="bold")
        text.append(f"  {score_text(row.score, result)} ({result.method})")
        text.append(f"\n{row.openness or '-'} · {row.route or '-'}")
        text.append(f" · lifecycle: {describe(result.lifecycle.get(option_id))}")
        flags = row.evidence_flags
    else:
        text.append("EXCLUDED  ", style="bold #f85149")
        text.append(session.option_name(option_id), style="bold")
        text.append(f"\nnot ranked: see Licence & flags for why · lifecycle: "
                    f"{describe(result.lifecycle.get(option_id))}")
        flags = _evidence(result, option_id)
    where = result.processing.get(option_id, ())
    text.append(f" · processing {', '.join(where) if where else 'unknown'}")
    counts = [(f"{len(flags.get(k, ()))} {k}", style) for k, style in
              (("unknown", UNKNOWN_STYLE), ("stale", STALE_STYLE), ("unverified", UNVERIFIED_STYLE))
              if flags.get(k)]
    if counts:
        text.append(" · evidence: ")
        for index, (label, style) in enumerate(counts):
            text.append(("" if index == 0 else ", ") + label, style=style)
    return text


class DetailScreen(SessionScreen):
    SCREEN_ID = "detail"
    TITLE_TEXT = "Option detail"

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("1", "tab('trace')", "Trace"),
        Binding("2", "tab('tco')", "Cost"),
        Binding("3", "tab('flags')", "Licence & flags"),
        Binding("right_square_bracket", "step(1)", "Next option"),
        Binding("left_square_bracket", "step(-1)", "Previous"),
        Binding("x", "questionnaire", "Questionnaire"),
        Binding("escape", "app.back", "Back"),
    ]

    def __init__(self, option_id: str) -> None:
        super().__init__()
        self.option_id = option_id
        self._shown: tuple[str, Any] | None = None
        """The option and result the three panes show: mounting and resuming the screen ask
        again, and rebuilding a long trace for the same result was half the cost of opening."""

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(id="detail-head")
        with TabbedContent(id="detail-tabs", initial="trace"):
            with TabPane("Trace", id="trace"), VerticalScroll(id="trace-scroll"):
                yield Static(id="trace-body")
            with TabPane("Cost (TCO)", id="tco"), VerticalScroll(id="tco-scroll"):
                yield Static(id="tco-body")
            with TabPane("Licence & flags", id="flags"), VerticalScroll(id="flags-scroll"):
                yield Static(id="flags-body")
        yield KeyFooter(compact=True)

    def show_option(self, option_id: str) -> None:
        self.option_id = option_id
        self.session_changed("option")

    def session_changed(self, kind: str) -> None:
        session = self.session
        if session.result is None:
            return
        if self.option_id not in session.option_ids():
            missing = Text(f"No option '{self.option_id}' in this result.")
            self.query_one("#detail-head", Static).update(missing)
            return
        self.query_one("#detail-head", Static).update(head_text(session, self.option_id))
        shown = (self.option_id, session.result)
        if kind in ("mount", "option", "load", "ranking", "resume") and (
                self._shown is None or shown[0] != self._shown[0] or shown[1] is not self._shown[1]):
            self._shown = shown
            self.query_one("#trace-body", Static).update(trace_view(session, self.option_id))
            self.query_one("#tco-body", Static).update(tco_view(session, self.option_id))
            self.query_one("#flags-body", Static).update(flags_view(session, self.option_id))

    def action_tab(self, tab: str) -> None:
        self.query_one(TabbedContent).active = tab
        self._focus_pane(tab)

    def _focus_pane(self, tab: str) -> None:
        """The pane's scroll takes the keys, so arrows and page keys scroll what is shown."""
        self.query_one(f"#{tab}-scroll", VerticalScroll).focus()

    def on_mount(self) -> None:
        self._focus_pane("trace")

    def on_tabbed_content_tab_activated(self, event: TabbedContent.TabActivated) -> None:
        if event.pane.id:
            self.call_after_refresh(self._focus_pane, event.pane.id)

    def action_questionnaire(self) -> None:
        """Write this option's vendor questionnaire (XLSX) beside the assessment, in a worker."""
        from functools import partial

        from selector_tui import loader

        session = self.session
        if session.result is None or session.assessment is None or self.option_id is None:
            self.app.notify("A questionnaire needs an assessment: open one with --assessment.",
                            severity="warning", timeout=6)
            return
        self.app.notify(f"Writing the questionnaire for {self.option_id}…", timeout=3)
        self.run_worker(partial(loader.export_questionnaire, session.result, session.assessment,
                                self.option_id, session.profiles), name="questionnaire",
                        group="questionnaire", description="questionnaire", thread=True, exit_on_error=False)

    def on_worker_state_changed(self, event: Any) -> None:
        from textual.worker import WorkerState

        worker = event.worker
        if worker.name != "questionnaire" or event.state not in (WorkerState.SUCCESS, WorkerState.ERROR):
            return
        if event.state == WorkerState.SUCCESS:
            path, questions = worker.result
            self.app.notify(f"Wrote {path} ({questions} questions): send it to the vendor, then "
                            "`selector questionnaire import` the answers.", title="Questionnaire",
                            timeout=10)
        else:
            from selector_tui import loader

            message = "; ".join(loader.problem_lines(worker.error)) if worker.error else "unknown error"
            self.app.notify(message, title="Questionnaire not written", severity="error", timeout=10)

    def action_step(self, delta: int) -> None:
        ids = self.session.option_ids()
        if not ids:
            return
        index = ids.index(self.option_id) if self.option_id in ids else 0
        self.show_option(ids[(index + delta) % len(ids)])
        if self.option_id is not None:
            self.post_message(OptionFocused(self.option_id))
        for scroll in self.query(VerticalScroll):
            scroll.scroll_home(animate=False)
