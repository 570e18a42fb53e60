"""What screens ask of the app: typed messages that bubble up, never calls into the App.

State flows down (the app calls ``session_changed`` on the screen on top); requests flow up as
these messages, which the app handles (``on_<message name>``). Screens never import the app.
"""

from __future__ import annotations

from collections.abc import Mapping

from textual.message import Message

from selector_tui.session import ChecklistEdit


class RerankRequested(Message):
    """Re-rank with these weights (None: the ones on screen) and this method (None: the same);
    ``how`` says where the change was made and ``preset`` names a preset picked (both recorded as
    the analyst's change)."""

    def __init__(self, weights: Mapping[str, float] | None = None, method: str | None = None, *,
                 how: str | None = None, preset: str | None = None) -> None:
        super().__init__()
        self.weights = dict(weights) if weights is not None else None
        self.method = method
        self.how = how
        self.preset = preset


class OptionFocused(Message):
    """The user moved to another option; other screens open on it."""

    def __init__(self, option_id: str) -> None:
        super().__init__()
        self.option_id = option_id


class DetailRequested(Message):
    """Open the detail screen of one option."""

    def __init__(self, option_id: str) -> None:
        super().__init__()
        self.option_id = option_id


class ChecklistEditRequested(Message):
    """Write one checklist change (queued behind the ones being written)."""

    def __init__(self, edit: ChecklistEdit) -> None:
        super().__init__()
        self.edit = edit


class ChecklistUndoRequested(Message):
    """Take back the last checklist change written in this session."""


class ExportRequested(Message):
    """Render one export format and write it to ``path`` (replacing a file only with ``force``)."""

    def __init__(self, format_id: str, path: str, force: bool) -> None:
        super().__init__()
        self.format_id = format_id
        self.path = path
        self.force = force


class ReloadRequested(Message):
    """Read the assessment again from disk (after the weights were saved into it)."""
