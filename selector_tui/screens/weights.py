"""Weights: every criterion's share of the decision, presets, and the ranking re-ranked live."""

from __future__ import annotations

from typing import Any, ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Header, Select, Static

from selector_tui.messages import ReloadRequested, RerankRequested
from selector_tui.safe_text import Text
from selector_tui.screens.base import SessionScreen
from selector_tui.screens.save_weights import SaveWeightsDialog
from selector_tui.session import display_path, same_weights, set_share
from selector_tui.widgets.ranking_table import RankingTable
from selector_tui.widgets.steady import KeyFooter
from selector_tui.widgets.weight_row import WeightRow

HELP = ("Each weight is a share of the decision; moving one rescales the others in proportion. "
        "←/→ ±1 point (shift ±5), digits + enter to type one, or click a bar.")
SHORT_HELP = "A share of the decision; the others rescale. ←/→ ±1, shift ±5, digits+enter, click."


class WeightsScreen(SessionScreen):
    SCREEN_ID = "weights"
    TITLE_TEXT = "Weights"
    AUTO_FOCUS = "WeightRow"

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+r", "reset", "Reset weights"),
        Binding("ctrl+s", "save_weights", "Save to assessment"),
        Binding("escape", "app.back", "Back"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.weights: dict[str, float] = {}
        self._quiet_select = False

    def compose(self) -> ComposeResult:
        yield Header()
        with Vertical(id="weights-body"):
            with Horizontal(id="weights-top"):
                yield Select[str]([], prompt="Custom weights (changed by hand)", id="preset", compact=True)
                yield Button("Reset", id="reset", compact=True, tooltip="Back to the assessment's weights")
            yield Static(Text(HELP, style="dim"), id="weights-help")
            yield Vertical(id="weights-list")
            yield Static(id="preview-title")
            yield RankingTable(compact=True, id="preview")
        yield KeyFooter(compact=True)

    def session_changed(self, kind: str) -> None:
        session = self.session
        if session.result is None:
            return
        if kind in ("mount", "load") or not self.weights:
            self.weights = dict(session.weights)
            self._build_rows()
            self._fill_presets()
        if kind == "resume" and not same_weights(self.weights, session.weights):
            self.weights = dict(session.weights)
            self._update_rows()
            self._sync_select()
        if kind not in ("mount", "load", "ranking", "resume"):
            return
        result = session.result
        compact = self.app.size.width < 100 or self.app.size.height < 28
        self.query_one("#weights-body").set_class(compact, "-compact")
        self.query_one("#weights-help", Static).update(Text(SHORT_HELP if compact else HELP, style="dim"))
        moved = "places moved" if compact else "places moved against the assessment's ranking"
        title = Text.assemble(("Ranking with these weights", "bold"),
                              (f" ({result.method}; ± = {moved})", "dim"))
        changed = changes_summary(result)
        if changed:
            hint = (" · ctrl+s saves" if compact else " · ctrl+s saves them into the assessment"
                    ) if session.assessment is not None else ""
            title.append("\nChanged by the analyst: " + changed + hint, style="#d29922")
        self.query_one("#preview-title", Static).update(title)
        self.query_one("#preview", RankingTable).show(
            result, session.base_positions(), focus_option=self.selector_app.focus_option)

    def _build_rows(self) -> None:
        box = self.query_one("#weights-list", Vertical)
        result = self.session.result
        if result is None:
            return
        base = self.session.base_weights
        rows = list(self.query(WeightRow))
        if [row.criterion for row in rows] == [c.id for c in result.criteria]:
            for row in rows:  # a reload of the same criteria (after saving): update in place
                row.share = self.weights.get(row.criterion, 0.0)
                row.base = base.get(row.criterion, 0.0)
            return
        box.remove_children()
        box.mount_all(WeightRow(c.id, c.name, self.weights.get(c.id, 0.0), base.get(c.id, 0.0),
                                id=f"w-{c.id}")
                      for c in result.criteria)

    def _update_rows(self) -> None:
        for row in self.query(WeightRow):
            row.share = self.weights.get(row.criterion, 0.0)

    def _fill_presets(self) -> None:
        select = self.query_one("#preset", Select)
        self._quiet_select = True
        select.set_options([(Text(p.label), p.id) for p in self.session.presets])
        self._quiet_select = False
        self._sync_select()

    def _sync_select(self) -> None:
        """Show the preset the weights equal, or the prompt when they were changed by hand."""
        select = self.query_one("#preset", Select)
        match = next((p.id for p in self.session.presets if same_weights(p.weights, self.weights)), None)
        current = select.value if select.value is not Select.NULL else None
        if match == current:
            return
        self._quiet_select = True
        if match is None:
            select.clear()
        else:
            select.value = match
        self.call_after_refresh(self._unquiet)

    def _unquiet(self) -> None:
        self._quiet_select = False

    def _apply(self, weights: dict[str, float], how: str = "terminal UI, weights screen",
               preset: str | None = None) -> None:
        self.weights = weights
        self._update_rows()
        self.post_message(RerankRequested(weights=weights, how=how, preset=preset))

    def on_weight_row_changed(self, event: WeightRow.Changed) -> None:
        event.stop()
        self._apply(set_share(self.weights, event.criterion, event.share))
        self._sync_select()

    def on_select_changed(self, event: Select.Changed) -> None:
        if self._quiet_select or event.select.id != "preset" or event.value is Select.NULL:
            return
        preset = next((p for p in self.session.presets if p.id == event.value), None)
        if preset is None or same_weights(preset.weights, self.weights):
            return
        self._apply(dict(preset.weights), "terminal UI, weights screen preset", preset_name(preset.label))
        self.notify(preset.why or preset.label, title=preset.label, timeout=6)

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "reset":
            self.action_reset()

    def action_reset(self) -> None:
        self._apply(dict(self.session.base_weights), "terminal UI, reset")
        self._sync_select()
        self.notify("Back to the assessment's weights.", timeout=3)

    # ---------------------------------------------------------------- saving into the assessment

    def action_save_weights(self) -> None:
        """Show the diff of writing the weights on screen (and the method, if changed) into the
        assessment as an explicit block; Save writes it and reloads."""
        from selector.errors import SelectorError
        from selector.weights.save import plan_save

        session = self.session
        if session.assessment is None or session.base is None or session.result is None:
            self.notify("No assessment file is open, so there is nothing to save the weights into: "
                        "start with selector tui --assessment FILE.", severity="warning", timeout=6)
            return
        base = session.base
        key = str((base.assessment or {}).get("path", ""))
        method = session.method if session.method_changed else None
        try:
            plan = plan_save(session.assessment, session.weights, method=method,
                             expected_sha256=base.meta.inputs.get(key), how="terminal UI, ctrl+s")
        except SelectorError as exc:
            self.notify(" ".join(str(exc).split()), title="Cannot save the weights", severity="error",
                        timeout=10)
            return
        if not plan.changed:
            self.notify("The assessment already holds these weights as an explicit block; nothing to "
                        "save.", timeout=5)
            return

        def answered(save: bool | None) -> None:
            if save:
                self._write(plan)

        self.app.push_screen(SaveWeightsDialog(display_path(plan.path), plan.diff), answered)

    def _write(self, plan: Any) -> None:
        from selector.errors import SelectorError
        from selector.weights.save import write_plan

        try:
            write_plan(plan)
        except SelectorError as exc:
            self.notify(" ".join(str(exc).split()) + " Press r to reload it.", title="Not saved",
                        severity="error", timeout=10)
            return
        self.notify(f"Saved the weights into {display_path(plan.path)}; reloading it.", timeout=5)
        self.post_message(ReloadRequested())


def preset_name(label: str) -> str:
    """The picker entry's name as the analyst's change records it: no "Preset: " prefix, no
    "(matches this assessment)" mark."""
    name = label.removeprefix("Preset: ")
    return name.removesuffix(" (matches this assessment)")


def changes_summary(result: Any) -> str:
    """The analyst's changes in one short line: the largest weight move and how many more, the
    method (the engine's words: selector.weights.changes)."""
    from selector.weights.changes import weights_words

    labels = {c.id: c.label or c.name for c in result.criteria}
    parts = []
    for change in result.analyst_changes:
        if change.kind == "method":
            parts.append(f"method {change.before} -> {change.after}")
            continue
        moves = dict(change.changes)
        top = max(moves, key=lambda c: abs(moves[c][1] - moves[c][0]))
        more = f" and {len(moves) - 1} more" if len(moves) > 1 else ""
        what = "preset, " if change.kind == "preset" else ""
        parts.append(what + weights_words({top: moves[top]}, labels) + more)
    return "; ".join(parts)
