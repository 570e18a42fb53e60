"""Modal dialogs: an error that needs reading, a yes/no question, the editor of one item."""

from __future__ import annotations

from typing import Any, ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, Select, Static

from selector.render.text import inert
from selector_tui.safe_text import Text
from selector_tui.session import ChecklistEdit


class ErrorDialog(ModalScreen[None]):
    """A failure in a worker, shown until read; the app carries on."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,enter", "dismiss", "Close"),
        Binding("q", "app.quit", "Quit"),
    ]

    def __init__(self, title: str, message: str) -> None:
        super().__init__()
        self.title_text = title
        self.message = message

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog", classes="error-dialog"):
            yield Static(Text(self.title_text, style="bold #f85149"), id="dialog-title")
            with VerticalScroll(id="dialog-scroll"):
                yield Static(Text(self.message), id="dialog-message")
            with Horizontal(classes="dialog-buttons"):
                yield Button("Close", id="close", variant="primary")

    def on_button_pressed(self, event: Button.Pressed) -> None:
        self.dismiss(None)


class ConfirmDialog(ModalScreen[bool]):
    """A yes/no question; escape or "n" answers no."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,n", "answer(False)", "No"),
        Binding("y", "answer(True)", "Yes"),
    ]

    def __init__(self, title: str, message: str, yes: str = "Yes", no: str = "No") -> None:
        super().__init__()
        self.title_text, self.message, self.yes, self.no = title, message, yes, no

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog", classes="error-dialog"):
            yield Static(Text(self.title_text, style="bold #d29922"), id="dialog-title")
            yield Static(Text(self.message), id="dialog-message")
            with Horizontal(classes="dialog-buttons"):
                yield Button(self.no, id="no", variant="primary")
                yield Button(self.yes, id="yes", variant="error")

    def action_answer(self, answer: bool) -> None:
        self.dismiss(answer)

    def on_button_pressed(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id == "yes")


class ItemEditor(ModalScreen[ChecklistEdit | None]):
    """Status, owner and a new note for one item; saved only through the app's queue."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel"),
        Binding("ctrl+s", "save", "Save"),
        Binding("q", "app.quit", "Quit", show=False),
    ]

    def __init__(self, option: str, tracked: Any, statuses: tuple[str, ...], focus: str = "status") -> None:
        super().__init__()
        self.option = option
        self.tracked = tracked
        self.statuses = statuses
        self.focus_on = focus

    def compose(self) -> ComposeResult:
        t = self.tracked
        with Vertical(id="dialog", classes="item-editor"):
            yield Static(Text.assemble((f"{t.item.id}", "bold"), f" · {t.item.priority} · ",
                                       (t.item.title, "bold")), id="dialog-title")
            why = "; ".join(t.item.reasons) or "-"
            yield Static(Text.assemble(("Why: ", "bold"), why, "\n", ("Do: ", "bold"), t.item.action or "-"),
                         id="editor-why")
            with Horizontal(classes="editor-row"):
                yield Label("Status", classes="editor-label")
                yield Select([(s, s) for s in self.statuses], value=t.status if t.status in self.statuses
                             else self.statuses[0], allow_blank=False, id="editor-status", compact=True)
            with Horizontal(classes="editor-row"):
                yield Label("Owner", classes="editor-label")
                yield Input(inert(t.owner or ""), placeholder="who does it", id="editor-owner", compact=True)
            with Horizontal(classes="editor-row"):
                yield Label("Add note", classes="editor-label")
                yield Input("", placeholder="a new note (kept with the history)", id="editor-note",
                            compact=True)
            if t.notes:
                yield Static(Text("Notes: " + " | ".join(t.notes[-3:]), style="dim"), id="editor-notes")
            with Horizontal(classes="dialog-buttons"):
                yield Button("Save", id="save", variant="primary")
                yield Button("Cancel", id="cancel")

    def on_mount(self) -> None:
        target = {"status": "#editor-status", "owner": "#editor-owner", "note": "#editor-note"}
        self.query_one(target.get(self.focus_on, "#editor-status")).focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "save":
            self.action_save()
        else:
            self.action_cancel()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        self.action_save()

    def action_cancel(self) -> None:
        self.dismiss(None)

    def pending(self) -> ChecklistEdit | None:
        """What saving now would change, or None when nothing was changed."""
        t = self.tracked
        status = self.query_one("#editor-status", Select).value
        owner = self.query_one("#editor-owner", Input).value.strip()
        note = self.query_one("#editor-note", Input).value.strip()
        edit = ChecklistEdit(
            option=self.option, item=t.item.id,
            status=str(status) if status is not Select.NULL and status != t.status else None,
            owner=owner if owner != inert(t.owner or "").strip() else None,
            note=note or None,
        )
        if edit.status is None and edit.owner is None and edit.note is None:
            return None
        return edit

    @property
    def dirty(self) -> bool:
        return self.pending() is not None

    def action_save(self) -> None:
        self.dismiss(self.pending())
