"""Compare two or three options side by side: scores and weights, the decisive facts with their
sources, cost of ownership, gates and review flags, checklist progress.

Everything comes from the result on screen (its traces, TCO, review flags, lifecycle and
checklists); nothing is computed but differences between what the result already says.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, ClassVar

from rich.console import Group, RenderableType
from rich.table import Table
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.widgets import Header, Static

from selector.scoring.lifecycle import describe
from selector_tui.safe_text import Text
from selector_tui.screens.base import SessionScreen
from selector_tui.screens.detail import STALE_STYLE, UNKNOWN_STYLE, UNVERIFIED_STYLE, points_text
from selector_tui.widgets.bars import score_bar
from selector_tui.widgets.ranking_view import points_text as score_points
from selector_tui.widgets.ranking_view import score_text
from selector_tui.widgets.steady import KeyFooter

DECISIVE_PER_CRITERION = 3
"""Rules shown per criterion: those whose points differ most between the compared options."""
FLAG_WORDS = (("unknown", "UNKNOWN", UNKNOWN_STYLE), ("stale", "STALE", STALE_STYLE),
              ("unverified", "unverified", UNVERIFIED_STYLE))
REVIEW_MARKS = {"legal-review": "! ", "confirm": "? confirm: ", "lifecycle": "~ "}
"""Before a review flag's sentence (a legal or lifecycle one names itself): its kind by symbol."""


@dataclass(frozen=True, slots=True)
class DecisiveRule:
    """One rubric rule of one criterion, as each compared option's trace has it."""

    label: str
    entries: tuple[Any, ...]
    """Per option (in the compared order): its TraceEntry for the rule, or None."""
    spread: float
    """Best minus worst points among the options: how much the rule separates them."""


def _rule_entries(score: Any) -> dict[Any, Any]:
    """The entry that counted for each rule (a ``best_of`` rule's alternatives share ``group``;
    an unknown alternative that could have raised the score stands in when none counted)."""
    found: dict[Any, Any] = {}
    for entry in score.trace if score is not None else ():
        key = ("g", entry.group) if entry.group is not None else ("r", entry.rule)
        held = found.get(key)
        if held is None or (entry.counted and not held.counted):
            found[key] = entry
    return found


def decisive_rules(result: Any, option_ids: Sequence[str], criterion: str,
                   limit: int = DECISIVE_PER_CRITERION) -> tuple[list[DecisiveRule], int]:
    """The rules of ``criterion`` whose points differ most between the options (ties: the rule
    worth most), at most ``limit``; and how many rules score the same for all of them."""
    per_option = [_rule_entries(result.traces.get(o, {}).get(criterion)) for o in option_ids]
    keys: list[Any] = []
    for found in per_option:
        keys.extend(k for k in found if k not in keys)
    rules: list[DecisiveRule] = []
    same = 0
    for key in keys:
        entries = tuple(found.get(key) for found in per_option)
        points = [e.points if e is not None and e.counted else 0.0 for e in entries]
        spread = max(points) - min(points)
        if spread <= 0:
            same += 1
            continue
        names: list[str] = []
        for entry in entries:
            if entry is not None and entry.rule not in names:
                names.append(entry.rule)
        rules.append(DecisiveRule(" / ".join(names), entries, spread))
    rules.sort(key=lambda r: (-r.spread, -max((e.max_points for e in r.entries if e is not None), default=0)))
    return rules[:limit], same + max(0, len(rules) - limit)


def fact_cell(entry: Any) -> Text:
    """A rule's fact for one option: value and points, then its source, date and flags."""
    if entry is None:
        return Text("not in this option's trace", style="dim")
    unknown = "unknown" in entry.flags
    text = Text(f"{entry.fact} = ", style="dim")
    text.append(entry.value, style=UNKNOWN_STYLE if unknown else "bold")
    counted = entry.points if entry.counted else 0.0
    text.append(f"  {points_text(counted)}/{points_text(entry.max_points)} pts")
    if not entry.counted:
        text.append(" (not counted)", style="dim")
    text.append("\n")
    if entry.source_title or entry.source:
        text.append(entry.source_title or entry.source or "", style="italic")
    elif entry.fact == "tco" or entry.fact.startswith("assessment."):
        text.append("from the assessment (and criteria/costs.yaml)", style="dim")
    else:
        text.append("no source", style=UNKNOWN_STYLE if unknown or "unsourced" in entry.flags else "dim")
    if entry.as_of:
        text.append(f", as of {entry.as_of}")
    if entry.confidence and entry.confidence != "unverified":
        text.append(f", {entry.confidence}", style="dim")
    for flag, word, style in FLAG_WORDS:
        if flag in entry.flags or (flag == "unverified" and entry.confidence == "unverified"):
            text.append(f" {word}", style=style)
    return text


def _table(names: Sequence[str], label_width: int, *, weight: bool = False) -> Table:
    table = Table(box=None, expand=True, pad_edge=False, padding=(0, 1, 0, 0), header_style="bold")
    table.add_column("", width=label_width, no_wrap=False)
    if weight:
        table.add_column(Text("weight", style="dim"), width=6, justify="right", no_wrap=True)
    for name in names:
        table.add_column(Text(name, style="bold"), ratio=1)
    return table


def summary_table(session: Any, option_ids: Sequence[str]) -> Table:
    """One column per option: rank and score, route, lifecycle, the points per criterion with
    its weight, TCO, evidence, gates and review flags, checklist progress."""
    result = session.result
    rows = {r.id: r for r in result.ranking}
    table = _table([session.option_name(o) for o in option_ids], 20, weight=True)

    def add(label: str, cells: Any, weight: str = "", style: str = "bold") -> None:
        table.add_row(Text(label, style=style), Text(weight, style="dim"), *cells)

    add("Rank, score", (Text(f"#{rows[o].rank} of {len(result.ranking)} · "
                             f"{score_text(rows[o].score, result)} ({result.method})")
                        for o in option_ids))
    add("Provider, route", (Text(f"{rows[o].provider or '-'} · {rows[o].openness or '-'} · "
                                 f"{rows[o].route or '-'}") for o in option_ids))
    add("Lifecycle", (Text(describe(result.lifecycle.get(o))) for o in option_ids))
    for info in result.criteria:
        values = [rows[o].scores.get(info.id, 0.0) for o in option_ids]
        best = max(values)
        cells = []
        for value in values:
            cell = score_bar(value, 8)
            cell.append(f" {score_points(value)}")
            if value == best and values.count(best) < len(values):
                cell.append(" ◆ most", style="bold")
            cells.append(cell)
        add(info.name.split(" (")[0], cells, f"{info.weight * 100:.1f}%", style="")
    add("TCO a year", (tco_cell(result, o) for o in option_ids))
    add("Open evidence", (evidence_cell(rows[o]) for o in option_ids))
    gates = ("passed the assessment's gates" if result.assessment is not None
             else "no assessment: only the retired check")
    add("Gates", (Text(f"✓ {gates}") for _ in option_ids))
    add("Review flags", (flags_cell(result, o) for o in option_ids))
    add("Checklist", (checklist_cell(session, o) for o in option_ids))
    return table


def tco_cell(result: Any, option_id: str) -> Text:
    tco = result.tco.get(option_id)
    if tco is None:
        return Text("no TCO (ranked without an assessment)", style="dim")
    text = Text(f"{tco.annual_usd:,.0f} USD")
    if tco.imputed:
        text.append(f"\nIMPUTED: {len(tco.imputed)} unknown input{'s' if len(tco.imputed) != 1 else ''} at "
                    f"the pessimistic bound ({tco.favourable_annual_usd:,.0f} at the favourable end)",
                    style=UNKNOWN_STYLE)
    return text


def evidence_cell(row: Any) -> Text:
    flags = row.evidence_flags
    text = Text()
    for flag, word, style in FLAG_WORDS:
        count = len(flags.get(flag, ()))
        if text.plain:
            text.append(" · ")
        text.append(f"{count} {word.lower()}", style=style if count else "dim")
    return text


def flags_cell(result: Any, option_id: str) -> Text:
    flags = result.review_flags.get(option_id, ())
    if not flags:
        return Text("none", style="dim")
    text = Text()
    for index, flag in enumerate(flags):
        if index:
            text.append("\n")
        mark = REVIEW_MARKS.get(flag.kind, f"{flag.kind}: ")
        text.append(mark, style="bold #d29922" if flag.legal else "bold")
        text.append(flag.text)
    return text


def checklist_cell(session: Any, option_id: str) -> Text:
    checklist = session.result.checklists.get(option_id)
    if checklist is None:
        status = session.checklist_status
        return Text("loading…" if status == "loading" else f"none: {status}", style="dim")
    progress = checklist.progress()
    done, total = progress["all"]["done"], progress["all"]["total"]
    high = progress.get("high", {"done": 0, "total": 0})
    high_open = high["total"] - high["done"]
    text = Text(f"{done} of {total} done · {total - done} open · ")
    text.append(f"{high_open} high-priority open", style="bold #f85149" if high_open else "dim")
    return text


def decisive_view(session: Any, option_ids: Sequence[str]) -> RenderableType:
    result = session.result
    names = [session.option_name(o) for o in option_ids]
    parts: list[RenderableType] = [Text.assemble(
        ("Decisive facts", "bold underline"),
        (f"  per criterion, the rules whose points differ most between these options (at most "
         f"{DECISIVE_PER_CRITERION}), each with its fact, source and date", "dim"))]
    for info in result.criteria:
        rules, same = decisive_rules(result, option_ids, info.id)
        head = Text(f"\n{info.name}", style="bold")
        head.append(f" · weight {info.weight * 100:.1f}%", style="dim")
        parts.append(head)
        if not rules:
            parts.append(Text("  every rule gives these options the same points", style="dim"))
            continue
        table = _table(names, 22)
        for rule in rules:
            table.add_row(Text(rule.label, style="bold"), *(fact_cell(e) for e in rule.entries))
        parts.append(table)
        if same:
            parts.append(Text(f"  {same} more rule{'s' if same != 1 else ''} not shown: same points, or a "
                              "smaller difference (enter on the ranking: the whole trace)", style="dim"))
    return Group(*parts)


class CompareScreen(SessionScreen):
    SCREEN_ID = "compare"
    TITLE_TEXT = "Compare"
    AUTO_FOCUS = "#compare-scroll"

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "app.back", "Back")]

    def __init__(self, option_ids: Sequence[str]) -> None:
        super().__init__()
        self.option_ids = list(option_ids)

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(id="compare-head")
        with VerticalScroll(id="compare-scroll"):
            yield Static(id="compare-summary")
            yield Static(id="compare-facts")
        yield KeyFooter(compact=True)

    def session_changed(self, kind: str) -> None:
        session = self.session
        result = session.result
        head = self.query_one("#compare-head", Static)
        if result is None:
            head.update(Text("Nothing is ranked now (reloading?): escape goes back.", style="dim"))
            return
        ranked = {r.id for r in result.ranking}
        missing = [o for o in self.option_ids if o not in ranked]
        if missing:
            head.update(Text(f"No longer ranked: {', '.join(missing)}. Escape, then mark 2 or 3 options "
                             "with space and press v.", style="bold #f85149"))
            self.query_one("#compare-summary", Static).update("")
            self.query_one("#compare-facts", Static).update("")
            return
        direction = "higher is better" if result.higher_is_better else "lower is better"
        text = Text(f"Comparing {len(self.option_ids)} options · method {result.method} ({direction})",
                    style="bold")
        text.append("\nPoints 0-100 per criterion, ◆ most of the options compared; escape: back to the "
                    "ranking", style="dim")
        head.update(text)
        self.query_one("#compare-summary", Static).update(summary_table(session, self.option_ids))
        if kind in ("mount", "resume", "load", "ranking"):
            self.query_one("#compare-facts", Static).update(decisive_view(session, self.option_ids))
