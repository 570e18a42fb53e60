"""Checklist: each shortlisted option's due-diligence items; filter, change status, owner, notes;
undo the last change.

Edits go to the app, which writes them with the command line's rules (atomic, locked, refused
when the state file changed since it was loaded) and reloads the view afterwards.
"""

from __future__ import annotations

from typing import Any, ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.timer import Timer
from textual.widgets import DataTable, Header, Select, Static

from selector_tui.messages import ChecklistEditRequested, ChecklistUndoRequested, OptionFocused
from selector_tui.safe_text import Text
from selector_tui.screens.base import SessionScreen
from selector_tui.screens.dialogs import ItemEditor
from selector_tui.session import ChecklistEdit
from selector_tui.widgets.ranking_table import clip
from selector_tui.widgets.steady import KeyFooter

PRIORITY_STYLE = {"high": "bold #f85149", "medium": "#d29922", "low": "dim"}
STATUS_STYLE = {"done": "#3fb950", "in-progress": "#58a6ff", "blocked": "bold #f85149",
                "not-applicable": "dim", "open": ""}
SHORT_STATUS = {"not-applicable": "n/a", "in-progress": "in progress"}
ALL = "all"


def statuses() -> tuple[str, ...]:
    from selector.checklist.state import STATUSES

    return tuple(STATUSES)


def progress_text(view: Any) -> str:
    p = view.progress()
    parts = [f"{p[k]['done']}/{p[k]['total']} {k}" for k in ("high", "medium", "low") if p[k]["total"]]
    return f"{p['all']['done']}/{p['all']['total']} done ({', '.join(parts) or 'nothing open'})"


class ChecklistScreen(SessionScreen):
    SCREEN_ID = "checklist"
    TITLE_TEXT = "Checklist"
    AUTO_FOCUS = "#items"
    CYCLE_DELAY: ClassVar[float] = 0.8
    """Seconds after the last ``s`` before the status it reached is written: cycling through the
    statuses to reach one writes one change (none if it ends where it began), not one a press."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("space", "toggle_done", "Done/open"),
        Binding("s", "cycle_status", "Next status"),
        Binding("enter", "edit('status')", "Edit"),
        Binding("o", "edit('owner')", "Owner"),
        Binding("n", "edit('note')", "Note"),
        Binding("u", "undo", "Undo"),
        Binding("escape", "app.back", "Back"),
    ]

    def __init__(self, option_id: str | None = None) -> None:
        super().__init__()
        self.option_id = option_id
        self.status_filter = ALL
        self.priority_filter = ALL
        self.pending: dict[tuple[str, str], str] = {}
        self.cycling: dict[tuple[str, str], str] = {}
        """Statuses reached with ``s`` and not yet asked for (written after CYCLE_DELAY)."""
        self._cycle_timer: Timer | None = None
        self._quiet = False

    def compose(self) -> ComposeResult:
        yield Header()
        with Vertical(id="checklist-body"):
            with Horizontal(id="checklist-filters"):
                yield Select[str]([], prompt="Option", allow_blank=True, id="option-select", compact=True)
                yield Select[str]([("all statuses", ALL), *[(s, s) for s in statuses()]], value=ALL,
                                  allow_blank=False, id="status-filter", compact=True)
                yield Select[str]([("all priorities", ALL), ("high", "high"), ("medium", "medium"),
                                   ("low", "low")], value=ALL, allow_blank=False, id="priority-filter",
                                  compact=True)
            yield Static(id="checklist-progress")
            yield DataTable(id="items", cursor_type="row", zebra_stripes=False)
            yield Static(id="item-detail")
        yield KeyFooter(compact=True)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("toggle_done", "cycle_status", "edit"):
            return True if self._current() is not None else None
        return True

    def session_changed(self, kind: str) -> None:
        session = self.session
        result = session.result
        body_ready = result is not None and bool(result.checklists)
        self.query_one("#items").display = body_ready
        self.query_one("#checklist-filters").display = body_ready
        self.query_one("#item-detail").display = body_ready
        progress = self.query_one("#checklist-progress", Static)
        if result is None:
            progress.update(Text("Nothing is ranked yet.", style="dim"))
            return
        if not body_ready:
            status = session.checklist_status
            if status == "loading":
                message = Text("Loading the checklists…", style="dim")
            elif status in ("ready", "not loaded") and session.assessment is None:
                message = Text("Checklists belong to an assessment: open one with --assessment FILE.",
                               style="dim")
            elif status == "ready":
                message = Text("No option is shortlisted, so there is no checklist.", style="dim")
            else:
                message = Text(f"No checklists: {status}", style="#d29922")
            progress.update(message)
            return
        if kind == "checklist":
            self.pending.clear()
        options = [o for o in session.option_ids() if o in result.checklists]
        if self.option_id not in options:
            focus = self.selector_app.focus_option
            self.option_id = focus if focus in options else options[0]
        self._fill_options(options)
        self._fill_items()

    def _fill_options(self, options: list[str]) -> None:
        select = self.query_one("#option-select", Select)
        self._quiet = True
        select.set_options([(Text(clip(self.session.option_name(o), 60)), o) for o in options])
        select.value = self.option_id
        self.call_after_refresh(self._unquiet)

    def _unquiet(self) -> None:
        self._quiet = False

    def _view(self) -> Any:
        result = self.session.result
        if result is None or self.option_id is None:
            return None
        return result.checklists.get(self.option_id)

    def _visible(self) -> list[Any]:
        view = self._view()
        if view is None:
            return []
        return [t for t in view.items
                if (self.status_filter == ALL or self._status(t) == self.status_filter)
                and (self.priority_filter == ALL or t.item.priority == self.priority_filter)]

    def _status(self, tracked: Any) -> str:
        key = (self.option_id or "", tracked.item.id)
        return str(self.cycling.get(key, self.pending.get(key, tracked.status)))

    def _fill_items(self) -> None:
        table = self.query_one("#items", DataTable)
        keep = self._current()
        keep_id = keep.item.id if keep is not None else None
        table.clear(columns=True)
        width = max(60, self.app.size.width - 2)
        narrow = width < 96
        view = self._view()
        longest = max((len(t.item.id) for t in view.items), default=10) if view is not None else 10
        item_width = min(16 if width < 120 else 26, max(10, longest))
        status_width = 12 if narrow else 14
        owner_width = 10 if narrow else 12
        fixed = item_width + 6 + status_width + owner_width
        table.add_column("Item", key="item", width=item_width)
        table.add_column("Pri.", key="priority", width=6)
        table.add_column("Status", key="status", width=status_width)
        table.add_column("Owner", key="owner", width=owner_width)
        table.add_column("Title", key="title", width=max(10, width - fixed - 10 - 2))
        items = self._visible()
        for t in items:
            status = self._status(t)
            key = (self.option_id or "", t.item.id)
            saving = key in self.pending or key in self.cycling
            table.add_row(
                Text(clip(t.item.id, item_width)),
                Text(t.item.priority, style=PRIORITY_STYLE.get(t.item.priority, "")),
                Text(clip(SHORT_STATUS.get(status, status) if narrow else status, status_width - 2)
                     + (" …" if saving else "") + (" (orphan)" if t.orphaned else ""),
                     style=STATUS_STYLE.get(status, "")),
                Text(clip(t.owner or "-", owner_width), style="" if t.owner else "dim"),
                Text.assemble(("vendor · ", "bold #d29922") if t.waits_on_vendor else "",
                              t.item.title),
                key=t.item.id,
            )
        ids = [t.item.id for t in items]
        if keep_id in ids:
            table.move_cursor(row=ids.index(keep_id), animate=False)
        self._show_progress()
        self._show_detail()

    def _show_progress(self) -> None:
        view = self._view()
        session = self.session
        text = Text()
        if view is not None:
            text.append(f"{clip(session.option_name(view.option), 40)}: ", style="bold")
            text.append(progress_text(view))
        revision = session.result.checklist_revision if session.result else None
        where = session.checklist_path.name if session.checklist_path else "state file"
        text.append(f" · {where}, revision {revision if revision is not None else 0}", style="dim")
        if session.saving:
            text.append(f" · saving {session.saving}…", style="bold #d29922")
        shown = len(self._visible())
        total = len(view.items) if view is not None else 0
        if shown != total:
            text.append(f" · showing {shown} of {total}", style="dim")
        self.query_one("#checklist-progress", Static).update(text)

    def _current(self) -> Any:
        if not self.is_mounted:
            return None
        table = self.query_one("#items", DataTable)
        items = self._visible()
        if not items or table.row_count == 0:
            return None
        index = table.cursor_row
        return items[index] if 0 <= index < len(items) else None

    def _show_detail(self) -> None:
        t = self._current()
        detail = self.query_one("#item-detail", Static)
        if t is None:
            detail.update(Text("No item matches the filters.", style="dim"))
            return
        text = Text()
        text.append(f"{t.item.id} ", style="bold")
        text.append(f"({t.item.kind}, {t.item.category}) ", style="dim")
        text.append(t.item.title, style="bold")
        text.append("\nWhy: ", style="bold")
        text.append("; ".join(t.item.reasons) or "-")
        if t.item.action:
            text.append("\nDo: ", style="bold")
            text.append(t.item.action)
        if t.due or t.evidence_links:
            text.append("\nDue: ", style="bold")
            text.append(t.due or "-")
            text.append(" · Evidence: ", style="bold")
            text.append(" | ".join(t.evidence_links[-2:]) or "-")
        if t.notes:
            text.append("\nNotes: ", style="bold")
            text.append(" | ".join(t.notes[-2:]))
        if t.history:
            last = t.history[-1]
            text.append(f"\nLast change: {last.get('at', '')} by {last.get('by', '')}: "
                        f"{last.get('change', '')}",
                        style="dim")
        detail.update(text)

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        current = self._current()
        here = (self.option_id or "", current.item.id) if current is not None else None
        if here is not None and any(key != here for key in self.cycling):
            self._send_cycled()  # moved to another item (a refill highlights the same one again)
        self._show_detail()
        self.refresh_bindings()

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        self.action_edit("status")

    def on_select_changed(self, event: Select.Changed) -> None:
        if self._quiet or event.value is Select.NULL or self._view() is None:
            return
        self._send_cycled()
        if event.select.id == "option-select":
            self.option_id = str(event.value)
            self.post_message(OptionFocused(self.option_id))
        elif event.select.id == "status-filter":
            self.status_filter = str(event.value)
        elif event.select.id == "priority-filter":
            self.priority_filter = str(event.value)
        self._fill_items()

    def _request(self, edit: ChecklistEdit) -> None:
        if edit.status is not None:
            self.pending[(edit.option, edit.item)] = edit.status
        self.post_message(ChecklistEditRequested(edit))
        self._fill_items()

    def action_toggle_done(self) -> None:
        self._send_cycled()
        t = self._current()
        if t is None or self.option_id is None:
            return
        status = "open" if self._status(t) == "done" else "done"
        self._request(ChecklistEdit(self.option_id, t.item.id, status=status))

    def action_cycle_status(self) -> None:
        t = self._current()
        if t is None or self.option_id is None:
            return
        order = statuses()
        current = self._status(t)
        following = order[(order.index(current) + 1) % len(order)] if current in order else order[0]
        self.cycling[(self.option_id, t.item.id)] = following
        if self._cycle_timer is not None:
            self._cycle_timer.stop()
        self._cycle_timer = self.set_timer(self.CYCLE_DELAY, self._send_cycled)
        self._fill_items()

    def unsent_edits(self) -> list[ChecklistEdit]:
        """The statuses reached with ``s`` that differ from what is saved (or being saved), as
        edits, now taken from the screen: the caller queues them (the app does, on quit)."""
        if self._cycle_timer is not None:
            self._cycle_timer.stop()
            self._cycle_timer = None
        cycled, self.cycling = self.cycling, {}
        result = self.session.result
        edits: list[ChecklistEdit] = []
        for (option, item), status in cycled.items():
            view = result.checklists.get(option) if result is not None else None
            tracked = next((t for t in view.items if t.item.id == item), None) if view is not None else None
            written = self.pending.get((option, item), tracked.status if tracked is not None else None)
            if status != written:
                edits.append(ChecklistEdit(option, item, status=status))
                self.pending[(option, item)] = status  # shown as being saved until it is
        return edits

    def _send_cycled(self, *, refresh: bool = True) -> None:
        """Ask for the statuses reached with ``s``; one that came back to where it was is dropped."""
        if not self.cycling:
            return
        for edit in self.unsent_edits():
            self.app.post_message(ChecklistEditRequested(edit))  # to the app: this screen may be closing
        if refresh and self.is_mounted:
            self._fill_items()

    def on_screen_suspend(self) -> None:
        self._send_cycled(refresh=False)

    def on_unmount(self) -> None:
        self._send_cycled(refresh=False)

    def action_undo(self) -> None:
        self._send_cycled()
        self.post_message(ChecklistUndoRequested())

    def checklist_edit_queued(self, edit: ChecklistEdit) -> None:
        """The app queued an edit this screen did not make itself (an undo): show it pending."""
        if edit.status is not None:
            self.pending[(edit.option, edit.item)] = edit.status
            self._fill_items()

    def action_edit(self, focus: str) -> None:
        self._send_cycled()
        t = self._current()
        if t is None or self.option_id is None:
            return
        option = self.option_id

        def done(edit: ChecklistEdit | None) -> None:
            if edit is not None:
                self._request(edit)

        self.app.push_screen(ItemEditor(option, t, statuses(), focus), done)
