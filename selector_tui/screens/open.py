"""Open another assessment, or add a profile folder, without leaving: a path (with completion, or
picked from a list), loaded in a worker while the current assessment stays on screen.

The dialog ranks the new inputs itself (``attempt``, run in a thread) and closes only when
they ranked: a bad file shows its located problem lines here, and the assessment on screen is
left as it was. The app adopts what the dialog returns.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.suggester import Suggester
from textual.widgets import Button, Input, OptionList, Static
from textual.widgets.option_list import Option
from textual.worker import Worker, WorkerState

from selector_tui.safe_text import Text
from selector_tui.widgets.steady import Spinner

Opened = tuple[Path, Any]
"""The path chosen and what ``attempt`` returned for it (a ``loader.Loaded`` with a result)."""


class PathSuggester(Suggester):
    """Completes the last part of a path from what is on disk (folders end with a slash)."""

    def __init__(self, *, folders_only: bool = False) -> None:
        super().__init__(use_cache=False, case_sensitive=True)
        self.folders_only = folders_only

    async def get_suggestion(self, value: str) -> str | None:
        return complete_path(value, folders_only=self.folders_only)


def complete_path(value: str, *, folders_only: bool = False) -> str | None:
    """The first entry on disk that ``value`` is the start of (YAML files and folders)."""
    if not value:
        return None
    folder, _, start = value.rpartition("/")
    base = Path(os.path.expanduser(folder or ".")) if folder or not value.startswith("/") else Path("/")
    try:
        names = sorted(p.name + ("/" if p.is_dir() else "") for p in base.iterdir()
                       if p.name.startswith(start) and not p.name.startswith(".")
                       and (p.is_dir() or (not folders_only and p.suffix in (".yaml", ".yml"))))
    except OSError:
        return None
    if not names:
        return None
    return (f"{folder}/" if folder or value.startswith("/") else "") + names[0]


class OpenDialog(ModalScreen[Opened | None]):
    """``OpenDialog(title, hint, candidates, attempt, check)``: ``check(path)`` says why a path
    cannot be used ("" when it can); ``attempt(path)`` loads it in a thread."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "cancel", "Cancel")]

    def __init__(self, title: str, hint: str, candidates: Sequence[str], attempt: Callable[[Path], Any],
                 check: Callable[[Path], str], *, folders: bool = False) -> None:
        super().__init__()
        self.title_text, self.hint, self.candidates = title, hint, list(candidates)
        self.attempt, self.check, self.folders = attempt, check, folders
        self.opening: Path | None = None

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog", classes="open-dialog"):
            yield Static(Text(self.title_text, style="bold"), id="dialog-title")
            yield Static(Text(self.hint, style="dim"), id="open-hint")
            yield Input(placeholder="a folder/ or file path; → completes", id="open-path", compact=True,
                        suggester=PathSuggester(folders_only=self.folders))
            if self.candidates:
                yield OptionList(*[Option(Text(c), id=c) for c in self.candidates], id="open-list")
            yield Spinner(id="open-loading")
            with VerticalScroll(id="open-scroll"):
                yield Static(id="open-status")
            with Horizontal(classes="dialog-buttons"):
                yield Button("Open", id="open-go", variant="primary")
                yield Button("Cancel", id="open-cancel")

    def on_mount(self) -> None:
        self.query_one("#open-loading", Spinner).show(False)
        self.query_one("#open-path").focus()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        if event.option.id:
            self.query_one("#open-path", Input).value = event.option.id
            self.open(event.option.id)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        self.open(event.value)

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "open-go":
            self.open(self.query_one("#open-path", Input).value)
        else:
            self.action_cancel()

    def action_cancel(self) -> None:
        self.dismiss(None)  # a load still running is ignored: nothing on screen changed

    def _status(self, text: Text) -> None:
        self.query_one("#open-status", Static).update(text)

    def open(self, typed: str) -> None:
        if self.opening is not None:
            return
        typed = typed.strip()
        if not typed:
            self._status(Text("Type a path, or pick one from the list.", style="#d29922"))
            return
        path = Path(os.path.expanduser(typed))
        why = self.check(path)
        if why:
            self._status(Text(why, style="bold #f85149"))
            return
        self.opening = path
        self.query_one("#open-loading", Spinner).show(True)
        self._status(Text(f"Loading {typed}: reading it and ranking every offering… (escape gives up; "
                          "the assessment on screen stays as it is)", style="bold #d29922"))
        self.run_worker(lambda: self.attempt(path), name="open", group="open", description="open",
                        thread=True, exit_on_error=False)

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        if event.worker.name != "open" or event.state not in (WorkerState.SUCCESS, WorkerState.ERROR):
            return
        event.stop()  # the app's handler is for its own workers
        path, self.opening = self.opening, None
        self.query_one("#open-loading", Spinner).show(False)
        if path is None:
            return
        if event.state == WorkerState.ERROR:
            error = event.worker.error
            self._status(Text(f"Not opened ({type(error).__name__}: {error}); the assessment on screen "
                              "is unchanged.", style="bold #f85149"))
            return
        loaded = event.worker.result
        if getattr(loaded, "result", None) is None:
            problems = list(getattr(loaded, "problems", ())) or ["it could not be ranked"]
            text = Text(f"Not opened: {len(problems)} problem{'s' if len(problems) != 1 else ''}; the "
                        "assessment on screen is unchanged. Fix the file and try again.\n",
                        style="bold #f85149")
            text.append("\n".join(problems))
            self._status(text)
            self.query_one("#open-path").focus()  # fix the path, or the file, and try again
            return
        self.dismiss((path, loaded))
