"""Export: choose a format and a path; the file is written in a worker; say where it went."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Checkbox, Header, Input, Label, RadioSet, Static

from selector_tui.loader import FORMATS, default_export_path
from selector_tui.messages import ExportRequested
from selector_tui.safe_text import Text
from selector_tui.screens.base import SessionScreen
from selector_tui.screens.dialogs import ConfirmDialog
from selector_tui.widgets.steady import KeyFooter
from selector_tui.widgets.toggles import SymbolCheckbox, SymbolRadioButton


class ExportScreen(SessionScreen):
    SCREEN_ID = "export"
    TITLE_TEXT = "Export"
    AUTO_FOCUS = "#formats"

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "export", "Export"),
        Binding("escape", "app.back", "Back"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.format_id = FORMATS[0].id
        self._path_edited = False
        self._requested: tuple[str, str] | None = None
        """The format and path of the last export asked for (what a Replace answer repeats)."""

    def compose(self) -> ComposeResult:
        yield Header()
        with Vertical(id="export-body"):
            yield Static(id="export-intro")
            with RadioSet(id="formats"):
                for fmt in FORMATS:
                    yield SymbolRadioButton(fmt.label, value=fmt.id == self.format_id, id=f"fmt-{fmt.id}")
            with Horizontal(id="export-path-row"):
                yield Label("File ", id="export-path-label")
                yield Input(id="export-path", compact=True)
            yield SymbolCheckbox("Replace the file if it exists", id="export-force", compact=True)
            with Horizontal(id="export-buttons"):
                yield Button("Export (ctrl+s)", id="export-go", variant="primary", compact=True)
            yield Static(id="export-status")
        yield KeyFooter(compact=True)

    def on_mount(self) -> None:
        # SessionScreen.on_mount runs too: Textual calls the handler of every class in the MRO.
        path = default_export_path(self.session.assessment, self.format_id)
        self.query_one("#export-path", Input).value = path

    def session_changed(self, kind: str) -> None:
        session = self.session
        intro = Text("Writes what is on screen: ", style="bold")
        if session.result is None:
            intro.append("nothing is ranked yet.")
        else:
            intro.append(f"method {session.method}, ")
            changed = session.weights_changed
            intro.append("weights changed on screen" if changed else "the assessment's weights",
                         style="#d29922" if session.weights_changed else "")
            intro.append(". Files are written whole or not at all.", style="dim")
        self.query_one("#export-intro", Static).update(intro)
        status = self.query_one("#export-status", Static)
        if kind == "export-started":
            status.update(Text("Writing…", style="bold #d29922"))
        elif kind == "export-done" and session.last_export is not None:
            status.update(Text.assemble(("Wrote ", "bold #3fb950"), (str(session.last_export), "bold")))
        elif kind == "export-failed":
            status.update(Text(self.selector_app.last_export_error, style="bold #f85149"))
        elif kind == "export-exists" and self._requested is not None:
            self._offer_replace(*self._requested)

    def _offer_replace(self, format_id: str, path: str) -> None:
        """The file exists: ask whether to replace it; no keeps it and says what else to do."""
        status = self.query_one("#export-status", Static)
        status.update(Text(f"{path} already exists: replace it, or change the file name.", style="#d29922"))

        def answered(replace: bool | None) -> None:
            if replace:
                self.post_message(ExportRequested(format_id, path, True))
            else:
                status.update(Text(f"Not written: {path} already exists and was kept. Change the file "
                                   "name, or press ctrl+s and choose Replace.", style="bold #d29922"))

        self.app.push_screen(ConfirmDialog("Replace the file?", f"{path} already exists. Replace it "
                                           "with this export? (The old file is overwritten whole; "
                                           "a failed write leaves it as it was.)", yes="Replace",
                                           no="Keep it"), answered)

    def on_radio_set_changed(self, event: RadioSet.Changed) -> None:
        button_id = event.pressed.id or ""
        self.format_id = button_id.removeprefix("fmt-")
        if not self._path_edited:
            path = self.query_one("#export-path", Input)
            path.value = default_export_path(self.session.assessment, self.format_id)
            self._path_edited = False

    def on_input_changed(self, event: Input.Changed) -> None:
        if event.input.id == "export-path" and event.value != default_export_path(
                self.session.assessment, self.format_id):
            self._path_edited = True

    def on_input_submitted(self, event: Input.Submitted) -> None:
        self.action_export()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "export-go":
            self.action_export()

    def action_export(self) -> None:
        path = self.query_one("#export-path", Input).value.strip()
        if not path:
            self.query_one("#export-status", Static).update(Text("Give a file name.", style="#f85149"))
            return
        force = self.query_one("#export-force", Checkbox).value
        self._requested = (self.format_id, path)
        self.post_message(ExportRequested(self.format_id, path, force))
