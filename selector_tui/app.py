"""The selector terminal UI: the app owns the session and runs every slow step in a worker.

Screens show parts of the session and ask the app for changes (re-weigh, switch method, save a
checklist edit, export); the app runs the engine in thread workers and tells every screen on
the stack what changed. Nothing is ranked or scored here.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Sequence
from datetime import date
from functools import partial
from pathlib import Path
from typing import Any, ClassVar

from textual.app import SystemCommand
from textual.binding import Binding, BindingType
from textual.screen import Screen
from textual.timer import Timer
from textual.worker import Worker, WorkerState

from selector.render.text import inert
from selector_tui import loader, palette
from selector_tui.checklist_app import ChecklistApp
from selector_tui.controllers import COMPUTING, RerankController, RerankJob, RobustnessController
from selector_tui.messages import (
    ChecklistEditRequested,
    ChecklistUndoRequested,
    DetailRequested,
    ExportRequested,
    OptionFocused,
    ReloadRequested,
    RerankRequested,
)
from selector_tui.saving import ChecklistSaver
from selector_tui.screens.base import SessionScreen
from selector_tui.screens.checklist import ChecklistScreen
from selector_tui.screens.dialogs import ConfirmDialog, ErrorDialog, ItemEditor
from selector_tui.screens.export import ExportScreen
from selector_tui.screens.ranking import RankingScreen
from selector_tui.session import METHOD_IDS, METHODS, Session, display_path


class SelectorApp(ChecklistApp):
    """``SelectorApp(assessment_path, today=None)``; no path opens the bundled example."""

    CSS_PATH = "app.tcss"
    TITLE = "selector"

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("q", "quit", "Quit"),
        Binding("question_mark", "help", "Help"),
        Binding("w", "goto('weights')", "Weights", show=False),
        Binding("d", "detail", "Detail", show=False),
        Binding("r", "goto('robustness')", "Robustness", show=False),
        Binding("c", "goto('checklist')", "Checklist", show=False),
        Binding("e", "goto('export')", "Export", show=False),
        Binding("m", "cycle_method", "Method", show=False),
        Binding("p", "problems", "Problems", show=False),  # the screens' p falls through to it
        Binding("ctrl+l", "reload", "Reload", show=False),
        Binding("ctrl+o", "open_assessment", "Open", show=False),
        Binding("ctrl+f", "add_profiles", "Add profiles", show=False),
    ]

    def __init__(self, assessment_path: str | os.PathLike[str] | None = None, today: date | None = None,
                 *, use_default: bool = True,
                 profiles: Sequence[str | os.PathLike[str]] | None = None) -> None:
        super().__init__()
        if assessment_path is not None:
            path: Path | None = Path(assessment_path)
        else:
            path = loader.default_assessment() if use_default else None
        self.session = Session(assessment=path, today=today or date.today(),
                               profiles=[Path(p) for p in profiles] if profiles else None)
        self.focus_option: str | None = None
        self.last_export_error = ""
        self.reranking = RerankController(self.session)
        self.saver = ChecklistSaver(self.session)
        self._robust_timer: Timer | None = None
        self.robustness_controller = RobustnessController(self.session)
        self._generation = 0
        self._generations: dict[Worker[Any], int] = {}

    def notify(self, message: str, *, title: str = "", severity: Any = "information",
               timeout: float | None = None, markup: bool = True) -> None:
        """Notifications carry data (paths, error lines, labels): never markup, always inert."""
        super().notify(inert(message, newlines=True), title=inert(title), severity=severity,
                       timeout=timeout, markup=False)

    # ---------------------------------------------------------------- lifecycle and loading

    def on_mount(self) -> None:
        self.push_screen(RankingScreen())
        self.start_load()

    def start_load(self) -> None:
        self._generation += 1
        self.reranking.reset()
        self.robustness_controller.reset()
        session = self.session
        session.status = "loading"
        session.loading_note = "importing the ranking engine and scoring every offering"
        session.problems = []
        where = display_path(session.assessment) if session.assessment else "bundled catalogue"
        self.sub_title = inert(where)
        self.broadcast("load")
        self._run("load", loader.load, session.assessment, session.today, session.profiles)

    def _loaded(self, loaded: loader.Loaded) -> None:
        session = self.session
        if loaded.result is None:
            session.status = "problems"
            session.problems = list(loaded.problems)
            session.base = session.result = None
            self.broadcast("load")
            self.action_goto("problems")
            return
        session.status = "ready"
        session.base = session.result = loaded.result
        session.presets = list(loaded.presets)
        session.checklist_path = loaded.checklist_path
        session.profile_sources = loaded.profile_sources
        ids = session.option_ids()
        if self.focus_option not in ids:
            self.focus_option = ids[0] if ids else None
        self.sub_title = inert(session.title())
        for note in loaded.notes:
            self.notify(note, severity="warning", timeout=8)
        self.broadcast("load")
        self._start_checklists()
        self._schedule_robustness(now=True)

    def action_reload(self) -> None:
        if self.session.status == "loading":
            return
        self.queue_unsent_edits()
        if self.saver.busy:
            self.notify("Checklist edits are still being saved; reload when they are done.",
                        severity="warning")
            return
        self._pop_to_home()
        if self.session.weights_changed:
            self.notify("Reloaded: the weights are the assessment's again.", timeout=4)
        self.start_load()

    @property
    def busy(self) -> bool:
        """Something is still being computed or written (tests and benchmarks wait on this)."""
        session = self.session
        return (session.status == "loading" or self.reranking.busy
                or self.saver.busy or session.checklist_status == "loading"
                or session.robustness_note == COMPUTING
                or any(w.is_running for w in self.workers)
                or any(isinstance(s, ChecklistScreen) and s.cycling for s in self.screen_stack))

    # ---------------------------------------------------------------- workers

    def _run(self, name: str, work: Callable[..., Any], *args: Any) -> Worker[Any]:
        # An explicit description: the default is repr(work), which would print the whole result.
        worker: Worker[Any] = self.run_worker(partial(work, *args), name=name, group=name, description=name,
                                              thread=True, exit_on_error=False)
        self._generations[worker] = self._generation
        return worker

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        worker = event.worker
        if event.state not in (WorkerState.SUCCESS, WorkerState.ERROR):
            return
        generation = self._generations.pop(worker, self._generation)
        if generation != self._generation and worker.name not in ("save", "export"):
            return  # computed from inputs that a reload has replaced since
        if event.state == WorkerState.ERROR:
            self._failed(worker.name, worker.error)
            return
        handlers: dict[str, Callable[[Any], None]] = {
            "load": self._loaded,
            "checklist": self._checklists_loaded,
            "rerank": self._reranked,
            "robustness": self._robustness_done,
            "save": self._saved,
            "export": self._exported,
        }
        handler = handlers.get(worker.name)
        if handler is not None:
            handler(worker.result)

    def _failed(self, name: str, error: BaseException | None) -> None:
        from selector.errors import SelectorError

        message = "; ".join(loader.problem_lines(error)) if error is not None else "unknown error"
        expected = isinstance(error, SelectorError | loader.NotAvailable | loader.ExportExists | OSError)
        if not expected:
            message = f"{type(error).__name__}: {message}\nThis is a bug in selector; please report it."
        if name == "load":
            self.session.status = "problems"
            lines = loader.problem_lines(error) if error is not None and expected else [message]
            self.session.problems = lines
            self.broadcast("load")
            self.action_goto("problems")
        elif name == "checklist":
            self.session.checklist_status = message
            self.broadcast("checklist")
        elif name == "rerank":
            self.notify(message, title="Could not re-rank", severity="error")
            self._start_rerank(self.reranking.failed())
            return
        elif name == "robustness":
            self.robustness_controller.failed(message)
            self.broadcast("robustness")
            return
        elif name == "save":
            self._apply(self.saver.failed(message))
            return
        elif name == "export":
            self.last_export_error = message
            if isinstance(error, loader.ExportExists):
                self.broadcast("export-exists")  # the export screen offers to replace it
                if not isinstance(self.screen, ExportScreen):
                    self.notify(message, title="Not exported", severity="warning", timeout=8)
                return
            self.broadcast("export-failed")
            self.notify(message, title="Export failed", severity="error", timeout=8)
            return
        if not expected:
            self.show_error(f"Something went wrong ({name})", message)

    def show_error(self, title: str, message: str) -> None:
        if isinstance(self.screen, ErrorDialog):
            self.notify(message, title=title, severity="error", timeout=10)
            return
        self.push_screen(ErrorDialog(title, message))

    def broadcast(self, kind: str) -> None:
        """Tell the screen on top that part of the session changed; the others catch up when
        they are shown again (their resume refreshes them), so hidden tables are not rebuilt."""
        top = next((s for s in reversed(self.screen_stack) if isinstance(s, SessionScreen)), None)
        if top is not None and top.is_mounted:
            top.session_changed(kind)
        self.refresh_bindings()

    # ---------------------------------------------------------------- what the screens ask for

    def on_rerank_requested(self, message: RerankRequested) -> None:
        self.request_rerank(message.weights, message.method, how=message.how, preset=message.preset)

    def on_reload_requested(self, message: ReloadRequested) -> None:
        if self.saver.busy:
            self.notify("Checklist edits are still being saved; reload (r) when they are done.",
                        severity="warning")
        elif self.session.status != "loading":
            self.start_load()

    def on_option_focused(self, message: OptionFocused) -> None:
        self.focus_option = message.option_id

    def on_detail_requested(self, message: DetailRequested) -> None:
        self.open_detail(message.option_id)

    def on_checklist_edit_requested(self, message: ChecklistEditRequested) -> None:
        self.queue_checklist_edit(message.edit)

    def on_checklist_undo_requested(self, message: ChecklistUndoRequested) -> None:
        edit = self.undo_last_checklist_change()
        screen = self.screen
        if edit is not None and isinstance(screen, SessionScreen):
            screen.checklist_edit_queued(edit)

    def on_export_requested(self, message: ExportRequested) -> None:
        self.start_export(message.format_id, message.path, message.force)

    # ---------------------------------------------------------------- re-ranking

    def request_rerank(self, weights: dict[str, float] | None = None, method: str | None = None, *,
                       how: str | None = None, preset: str | None = None) -> None:
        """Re-rank with these weights and method; bursts collapse to the latest request."""
        self._start_rerank(self.reranking.request(weights, method, how=how, preset=preset))

    def _start_rerank(self, job: RerankJob | None) -> None:
        if job is not None:
            self._run("rerank", _rerank_job, *job, *self.reranking.origin)

    def _reranked(self, outcome: tuple[int, Any]) -> None:
        _, result = outcome
        job = self.reranking.finished(result)
        self.broadcast("ranking")
        if job is not None:
            self._start_rerank(job)
        else:
            self._schedule_robustness()

    def set_method(self, method: str) -> None:
        if self.session.result is None or method == self.session.method:
            return
        self.request_rerank(method=method, how="terminal UI, method")
        title = dict(METHODS).get(method, method)
        self.notify(f"Method {method}: {title}", timeout=3)

    def action_cycle_method(self) -> None:
        current = self.session.method
        index = METHOD_IDS.index(current) if current in METHOD_IDS else -1
        self.set_method(METHOD_IDS[(index + 1) % len(METHOD_IDS)])

    def reset_weights(self) -> None:
        if self.session.base is not None:
            self.request_rerank(weights=self.session.base_weights, how="terminal UI, reset")

    # ---------------------------------------------------------------- robustness

    def _schedule_robustness(self, *, now: bool = False) -> None:
        """Analyse the result on screen: after a pause (moves of a weight come in bursts), or
        ``now`` (a freshly loaded assessment: nothing else is coming)."""
        if not self.robustness_controller.wanted():
            return
        self.broadcast("robustness")
        if self._robust_timer is not None:
            self._robust_timer.stop()
            self._robust_timer = None
        if now:
            self._start_robustness()
            return
        self._robust_timer = self.set_timer(0.3, self._start_robustness)

    def _start_robustness(self) -> None:
        """One analysis at a time; a newer request waits for the running one, then starts."""
        result = self.robustness_controller.start()
        if result is not None:
            self._run("robustness", loader.analyse_robustness, result)

    def _robustness_done(self, analysed: Any) -> None:
        if self.robustness_controller.finished(analysed):
            self._start_robustness()
            return
        self.broadcast("robustness")

    # ---------------------------------------------------------------- export

    def start_export(self, format_id: str, path: str, force: bool) -> None:
        session = self.session
        if session.result is None:
            self.last_export_error = "nothing is ranked yet"
            self.broadcast("export-failed")
            return
        self.broadcast("export-started")
        self._run("export", loader.export, format_id, session.result, path, force)

    def _exported(self, outcome: tuple[Path, int]) -> None:
        path, size = outcome
        self.session.last_export = path
        self.broadcast("export-done")
        self.notify(f"Wrote {path} ({size:,} bytes)", title="Exported", timeout=6)

    async def action_quit(self) -> None:
        editor = self.screen
        if isinstance(editor, ItemEditor) and editor.dirty:
            def answered(discard: bool | None) -> None:
                if discard:
                    editor.dismiss(None)
                    self.call_later(self._quit_now)

            self.push_screen(ConfirmDialog("Discard the edit?", "The checklist item has changes that are "
                                           "not saved. Quit and discard them?", yes="Discard and quit",
                                           no="Keep editing"), answered)
            return
        self._quit_now()

    def _quit_now(self) -> None:
        self.queue_unsent_edits()
        self._apply(self.saver.request_quit())

    def get_system_commands(self, screen: Screen[Any]) -> Iterable[SystemCommand]:
        yield from super().get_system_commands(screen)
        yield from palette.commands(self)

def _rerank_job(seq: int, result: Any, weights: dict[str, float], method: str,
                how: str | None = None, preset: str | None = None) -> tuple[int, Any]:
    return seq, loader.rerank(result, weights, method, how, preset)


def run_tui(assessment: str | os.PathLike[str] | None = None, today: date | None = None,
            profiles: Sequence[str | os.PathLike[str]] | None = None) -> int:
    """Open the UI; the CLI's ``selector tui`` calls this (``profiles``: its ``--profiles``)."""
    SelectorApp(assessment, today, profiles=profiles).run()
    return 0

