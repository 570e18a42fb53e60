"""Robustness: rank acceptability as a heatmap, weight-stability intervals, method agreement."""

from __future__ import annotations

from typing import Any, ClassVar

from rich.console import Group, RenderableType
from rich.table import Table
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.widgets import Header, Static

from selector_tui.loader import robustness_dict
from selector_tui.safe_text import Text
from selector_tui.screens.base import SessionScreen
from selector_tui.widgets.heatmap import Heatmap
from selector_tui.widgets.steady import KeyFooter

MAX_RANKS = 12


def stability_view(data: dict[str, Any], names: dict[str, str], criteria: dict[str, str]) -> RenderableType:
    table = Table(box=None, expand=True, pad_edge=False, header_style="bold")
    table.add_column("criterion", ratio=3)
    table.add_column("now", justify="right", width=6, no_wrap=True)
    table.add_column("top holds", justify="center", width=13, no_wrap=True)
    table.add_column("below: first", ratio=3, no_wrap=True, overflow="ellipsis")
    table.add_column("above: first", ratio=3, no_wrap=True, overflow="ellipsis")
    for cid, entry in data.get("stability", {}).items():
        weight = float(entry.get("weight", 0.0))
        low, high = [*entry.get("interval", [0.0, 1.0]), 0.0, 1.0][:2]
        narrow = min(weight - low, high - weight) < 0.02
        below = entry.get("takes_over_below")
        above = entry.get("takes_over_above")
        table.add_row(
            Text(criteria.get(cid, cid)),
            Text(f"{weight * 100:.1f}%"),
            Text(f"{low * 100:.1f}-{high * 100:.1f}%", style="bold #f85149" if narrow else ""),
            Text(names.get(below, below) if below else "holds to 0%", style="" if below else "dim"),
            Text(names.get(above, above) if above else "holds to 100%", style="" if above else "dim"),
        )
    return table


def agreement_view(data: dict[str, Any], names: dict[str, str]) -> RenderableType:
    tau = data.get("method_agreement", {})
    top = data.get("method_top", {})
    methods = list(top) or sorted({m for pair in tau for m in str(pair).split("/")})
    table = Table(box=None, pad_edge=False, header_style="bold")
    table.add_column("tau")
    for method in methods:
        table.add_column(method, justify="right", width=7)
    table.add_column("puts first")
    for a in methods:
        cells: list[Any] = []
        for b in methods:
            if a == b:
                cells.append(Text("—", style="dim"))
                continue
            value = tau.get(f"{a}/{b}", tau.get(f"{b}/{a}"))
            cells.append(Text("n/a", style="dim") if value is None else
                         Text(f"{value:.2f}", style="#3fb950" if value >= 0.8 else
                              "#d29922" if value >= 0.5 else "#f85149"))
        first = top.get(a)
        cells.append(Text(names.get(first, first)) if first else Text("-", style="dim"))
        table.add_row(Text(a), *cells)
    parts: list[RenderableType] = [table]
    for method, why in data.get("methods_skipped", {}).items():
        parts.append(Text(f"{method} skipped: {why}", style="dim"))
    return Group(*parts)


MAX_LEADS = 12


def evidence_view(data: dict[str, Any], names: dict[str, str]) -> RenderableType:
    rows = data.get("evidence_to_obtain", [])
    if not rows:
        return Text("No unknown or unverified fact is left in the ranked options.", style="dim")
    table = Table(box=None, expand=True, pad_edge=False, header_style="bold")
    table.add_column("option", ratio=3)
    table.add_column("fact", ratio=3)
    table.add_column("evidence", width=10)
    table.add_column("rank now / best / worst", width=22)
    table.add_column("decides", ratio=2)
    for row in rows[:MAX_LEADS]:
        fact = " + ".join(row.get("inputs") or []) or str(row.get("fact", ""))
        decides = (Text(f"yes: {names.get(row.get('takes_over') or '', row.get('takes_over') or '')} "
                        "first", style="bold #d29922") if row.get("changes_recommendation")
                   else Text("no", style="dim"))
        table.add_row(Text(names.get(row.get("option", ""), row.get("option", ""))), Text(fact),
                      Text(str(row.get("evidence", ""))),
                      Text(f"{row.get('rank')} / {row.get('best_rank')} / {row.get('worst_rank')}"),
                      decides)
    parts: list[RenderableType] = [table]
    if len(rows) > MAX_LEADS:
        parts.append(Text(f"{len(rows) - MAX_LEADS} more open facts (selector robustness --format json "
                          "lists all).", style="dim"))
    return Group(*parts)


class RobustnessScreen(SessionScreen):
    SCREEN_ID = "robustness"
    TITLE_TEXT = "Robustness"

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "app.back", "Back")]

    def compose(self) -> ComposeResult:
        yield Header()
        with VerticalScroll(id="robustness-body"):
            yield Static(id="robustness-verdict")
            yield Static(id="acceptability-title", classes="section-title")
            yield Heatmap(id="acceptability")
            yield Static(id="stability-title", classes="section-title")
            yield Static(id="stability")
            yield Static(id="agreement-title", classes="section-title")
            yield Static(id="agreement")
            yield Static(id="stake-title", classes="section-title")
            yield Static(id="stake")
        yield KeyFooter(compact=True)

    def session_changed(self, kind: str) -> None:
        session = self.session
        data = robustness_dict(session.result)
        parts = ("acceptability-title", "acceptability", "stability-title", "stability", "agreement-title",
                 "agreement", "stake-title", "stake")
        for name in parts:
            self.query_one(f"#{name}").display = bool(data)
        verdict = self.query_one("#robustness-verdict", Static)
        if not data:
            verdict.update(Text(f"Robustness analysis: {session.robustness_note}.", style="dim"))
            return
        result = session.result
        names = {oid: session.option_name(oid) for oid in session.option_ids()}
        criteria = {c.id: c.name for c in result.criteria} if result else {}
        verdict.update(Text(str(data.get("verdict", "")), style="bold"))
        acceptability: dict[str, list[float]] = data.get("acceptability", {})
        order = [r.id for r in result.ranking if r.id in acceptability] if result else list(acceptability)
        room = max(3, (self.app.size.width - 2 - 18 - 8) // Heatmap.CELL)
        ranks = min(MAX_RANKS, room, max((len(v) for v in acceptability.values()), default=0))
        samples = int(data.get("samples", 0))
        self.query_one("#acceptability-title", Static).update(Text.assemble(
            ("Rank acceptability", "bold underline"),
            (f"  share of {samples:,} samples in which each option takes each rank (SMAA-2); "
             "conf. = confidence factor", "dim")))
        confidence = data.get("confidence", {})
        self.query_one("#acceptability", Heatmap).set_data(
            [names.get(o, o) for o in order], [str(r + 1) for r in range(ranks)],
            [acceptability[o][:ranks] for o in order],
            extra=[("-" if confidence.get(o) is None else f"{confidence[o] * 100:.0f}%") for o in order],
            extra_label="conf.")
        self.query_one("#stability-title", Static).update(Text.assemble(
            ("Weight stability", "bold underline"),
            ("  each weight's range (the others rescaled in proportion) in which the top option stays "
             "first; red: within 2 points", "dim")))
        self.query_one("#stability", Static).update(stability_view(data, names, criteria))
        self.query_one("#agreement-title", Static).update(Text.assemble(
            ("Method agreement", "bold underline"), ("  Kendall's tau between the rankings of each pair of "
                                                     "methods (1 = same order)", "dim")))
        self.query_one("#agreement", Static).update(agreement_view(data, names))
        self.query_one("#stake-title", Static).update(Text.assemble(
            ("Evidence to obtain", "bold underline"),
            ("  unknown or unverified facts, most decisive first: the option's rank now, with the fact "
             "at its best and at its worst", "dim")))
        self.query_one("#stake", Static).update(evidence_view(data, names))

