"""The command palette (ctrl+p): every screen, method and action the app offers, by name."""

from __future__ import annotations

from collections.abc import Iterable
from functools import partial
from typing import TYPE_CHECKING

from textual.app import SystemCommand

from selector_tui.messages import ChecklistUndoRequested
from selector_tui.session import METHODS

if TYPE_CHECKING:
    from selector_tui.app import SelectorApp


def commands(app: SelectorApp) -> Iterable[SystemCommand]:
    """The app's own entries, after Textual's (theme, keys, quit)."""
    if not app.session.ready:
        yield SystemCommand("Reload", "Read the assessment again from disk", app.action_reload)
        if app.session.problems:
            yield SystemCommand("Problems", "What is wrong with the inputs",
                                partial(app.action_goto, "problems"))
        return
    places = (("Ranking", "ranking", "The ranking, the exclusions and the robustness in one line"),
              ("Weights", "weights", "Change the weights or pick a preset; the ranking follows"),
              ("Option detail", "detail", "Why the highlighted option scores as it does"),
              ("Robustness", "robustness", "Rank acceptability, weight stability, method agreement"),
              ("Checklist", "checklist", "Due-diligence items of the highlighted option"),
              ("Export", "export", "Write a report, the ranking or the checklists to a file"))
    for title, name, help_text in places:
        yield SystemCommand(f"Go to: {title}", help_text, partial(app.action_goto, name))
    for method, title in METHODS:
        yield SystemCommand(f"Method: {method}", title, partial(app.set_method, method))
    yield SystemCommand("Reset weights", "Back to the assessment's weights", app.reset_weights)
    yield SystemCommand("Undo the last checklist change", "Take back the last checklist change made "
                        "in this session (u on the checklist)",
                        partial(app.post_message, ChecklistUndoRequested()))
    yield SystemCommand("Reload", "Read the assessment again from disk", app.action_reload)
    yield SystemCommand("Open another assessment", "ctrl+o: a path or one of the examples",
                        app.action_open_assessment)
    yield SystemCommand("Add a profile folder", "ctrl+f: rank the offerings of another folder too",
                        app.action_add_profiles)
    yield SystemCommand("Help", "Keys and marks", app.action_help)
