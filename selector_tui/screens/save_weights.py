"""The dialog that shows what saving the weights would change in the assessment file."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Button, Static

from selector_tui.safe_text import Text


def diff_text(diff: str) -> Text:
    """A unified diff with added lines green and removed lines red (signs kept: not by colour
    alone)."""
    text = Text()
    for line in diff.splitlines():
        style = ""
        if line.startswith(("+++", "---")):
            style = "bold"
        elif line.startswith("+"):
            style = "#3fb950"
        elif line.startswith("-"):
            style = "#f85149"
        elif line.startswith("@@"):
            style = "dim"
        text.append(line + "\n", style=style)
    return text


class SaveWeightsDialog(ModalScreen[bool]):
    """The diff of the assessment file, scrollable, with Save and Cancel; True means save."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "answer(False)", "Cancel"),
        Binding("ctrl+s", "answer(True)", "Save"),
    ]

    def __init__(self, path: str, diff: str) -> None:
        super().__init__()
        self.path = path
        self.diff = diff

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog"):
            yield Static(Text.assemble(("Save these weights to ", "bold"), (self.path, "bold"),
                                       ("?  ", "bold"),
                                       ("The weights block is replaced by an explicit one; every "
                                        "other line stays as it is.", "dim")), id="dialog-title")
            with VerticalScroll(id="dialog-scroll"):
                yield Static(diff_text(self.diff), id="save-diff")
            with Horizontal(classes="dialog-buttons"):
                yield Button("Cancel (esc)", id="cancel")
                yield Button("Save (ctrl+s)", id="save", variant="primary")

    def on_mount(self) -> None:
        self.query_one("#dialog-scroll", VerticalScroll).focus()

    def action_answer(self, answer: bool) -> None:
        self.dismiss(answer)

    def on_button_pressed(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id == "save")
