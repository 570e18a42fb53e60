"""Modal dialogs: an error that needs reading, a yes/no question, the editor of one item."""

from __future__ import annotations

from datetime import date
from typing import Any, ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, Select, Static

from selector.render.text import inert
from selector_tui.safe_text import Text
from selector_tui.session import ChecklistEdit, due_date


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
    """Status, due date, owner, a new note and a new evidence link for one item; saved only
    through the app's queue. A due date that is not YYYY-MM-DD is refused here, with what to type."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel"),
        Binding("ctrl+s", "save", "Save"),
        Binding("q", "app.quit", "Quit", show=False),
    ]

    FIELDS: ClassVar[dict[str, str]] = {"status": "#editor-status", "due": "#editor-due",
                                        "owner": "#editor-owner", "note": "#editor-note",
                                        "evidence": "#editor-evidence"}

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
                yield Label(" Due ", classes="editor-label-short")
                yield Input(inert(t.due or ""), placeholder="YYYY-MM-DD", id="editor-due", compact=True,
                            max_length=10)
            with Horizontal(classes="editor-row"):
                yield Label("Owner", classes="editor-label")
                yield Input(inert(t.owner or ""), placeholder="who does it", id="editor-owner", compact=True)
            with Horizontal(classes="editor-row"):
                yield Label("Add note", classes="editor-label")
                yield Input("", placeholder="a new note (kept with the history)", id="editor-note",
                            compact=True)
            with Horizontal(classes="editor-row"):
                yield Label("Add link", classes="editor-label")
                yield Input("", placeholder="a link or document reference to the evidence",
                            id="editor-evidence", compact=True)
            kept = [("Notes: " + " | ".join(t.notes[-3:])) if t.notes else "",
                    ("Evidence: " + " | ".join(t.evidence_links[-3:])) if t.evidence_links else ""]
            if any(kept):
                yield Static(Text("\n".join(k for k in kept if k), style="dim"), id="editor-notes")
            yield Static(id="editor-error")
            with Horizontal(classes="dialog-buttons"):
                yield Button("Save", id="save", variant="primary")
                yield Button("Cancel", id="cancel")

    def on_mount(self) -> None:
        self.query_one("#editor-error").display = False
        self.query_one(self.FIELDS.get(self.focus_on, "#editor-status")).focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "save":
            self.action_save()
        else:
            self.action_cancel()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        self.action_save()

    def action_cancel(self) -> None:
        """Close without saving; with something typed, ask first (nothing is discarded silently)."""
        if not self.dirty:
            self.dismiss(None)
            return

        def answered(discard: bool | None) -> None:
            if discard:
                self.dismiss(None)

        self.app.push_screen(ConfirmDialog("Discard the edit?", "The checklist item has changes "
                                           "that are not saved. Discard them?", yes="Discard",
                                           no="Keep editing"), answered)

    def _text(self, selector: str) -> str:
        return self.query_one(selector, Input).value.strip()

    def due(self) -> date | None:
        """The due date typed, if it changes the item's; ValueError with what to type instead."""
        t = self.tracked
        typed = self._text("#editor-due")
        if typed == (t.due or ""):
            return None
        if not typed:
            raise ValueError(f"Due date: {t.due} cannot be removed, only changed; type another date "
                             "as YYYY-MM-DD, or put it back")
        return due_date(typed)

    def pending(self) -> ChecklistEdit | None:
        """What saving now would change, or None when nothing was changed (ValueError: a due
        date that is not one)."""
        t = self.tracked
        status = self.query_one("#editor-status", Select).value
        owner = self._text("#editor-owner")
        edit = ChecklistEdit(
            option=self.option, item=t.item.id,
            status=str(status) if status is not Select.NULL and status != t.status else None,
            owner=owner if owner != inert(t.owner or "").strip() else None,
            note=self._text("#editor-note") or None,
            due=self.due(),
            evidence=self._text("#editor-evidence") or None,
        )
        if all(v is None for v in (edit.status, edit.owner, edit.note, edit.due, edit.evidence)):
            return None
        return edit

    @property
    def dirty(self) -> bool:
        try:
            return self.pending() is not None
        except ValueError:
            return True  # a due date typed, even a wrong one, is work not to discard silently

    def action_save(self) -> None:
        try:
            edit = self.pending()
        except ValueError as exc:
            error = self.query_one("#editor-error", Static)
            error.update(Text(str(exc), style="bold #f85149"))
            error.display = True
            self.query_one("#editor-due").focus()
            return
        self.dismiss(edit)
