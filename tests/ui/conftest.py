"""Fixtures for the TUI tests: a frozen assessment copied into a temporary folder, a fixed date."""

from __future__ import annotations

import asyncio
import shutil
import time
from collections.abc import Awaitable, Callable
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot

DATA = Path(__file__).resolve().parent / "data"
TODAY = date(2026, 11, 25)


@pytest.fixture(autouse=True)
def _no_animations(monkeypatch: pytest.MonkeyPatch) -> None:
    """Apps start with Textual's animations off (``TEXTUAL_ANIMATIONS=none``, read when an app
    is made): a tab's sliding underline or a scroll's easing changes no state a test checks, and
    waiting for it to finish was a third of the time of a tab switch."""
    import textual.constants

    monkeypatch.setattr(textual.constants, "TEXTUAL_ANIMATIONS", "none")


@pytest.fixture()
def assessment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The frozen fixture (tests/ui/data) in a folder of its own; the checklist state lands there.

    The working folder is the copy, so every path the UI shows is short and the same on every
    machine; the edit history's clock and author are fixed.
    """
    target = tmp_path / "case"
    shutil.copytree(DATA, target)
    monkeypatch.chdir(target)
    monkeypatch.setenv("SELECTOR_NOW", "2026-11-25T09:00:00Z")
    monkeypatch.setenv("USER", "analyst")
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    return target / "assessment.yaml"


QUIET_POLLS = 3


def _pending(screen: Any) -> bool:
    """A layout or repaint is queued on the screen or on any widget in it (Textual keeps these
    flags per widget; a table that gained rows asks for its own layout)."""
    widgets = [screen, *screen.walk_children()]
    return any(getattr(w, "_layout_required", False) or getattr(w, "_repaint_required", False)
               for w in widgets)


async def wait_settled(pilot: Pilot[None], timeout: float = 60.0) -> None:
    """Wait until the app has nothing left to compute or write, and its screen has been laid
    out since.

    One idle poll is not enough on a loaded machine: a worker may not have started yet, or the
    layout that follows a finished load may still be queued. So the app must be idle for
    several polls in a row, with no layout or repaint pending on the screen. While the app says
    it is busy it is only watched (a plain sleep); the quiet polls go through the pilot. The
    timeout only ends a hang; it is not a speed check.
    """
    app = pilot.app
    deadline = time.monotonic() + timeout
    quiet = 0
    while time.monotonic() < deadline:
        if app.is_running and getattr(app, "busy", False):
            # Working (a worker, a debounce timer): the app's own loop runs it and repaints, so
            # wait without the pilot's round of callbacks to every widget and forced repaint.
            quiet = 0
            await asyncio.sleep(0.02)
            continue
        await pilot.pause(0.02)
        if not app.is_running:  # it quit: nothing is left to wait for
            return
        quiet = 0 if getattr(app, "busy", False) or _pending(app.screen) else quiet + 1
        if quiet >= QUIET_POLLS:
            await pilot.pause()
            return
    raise AssertionError(f"the app was still busy after {timeout:.0f} s")


async def wait_until(pilot: Pilot[None], condition: Callable[[], bool], what: str,
                     timeout: float = 60.0) -> None:
    """Poll until ``condition()`` holds (a state the test waits for, never a speed check)."""
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"{what} did not happen within {timeout:.0f} s")
        await pilot.pause(0.02)


@pytest.fixture()
def settle() -> Callable[..., Awaitable[None]]:
    """``await settle(pilot)``: wait for the app's workers, timers and writes to finish."""
    return wait_settled


@pytest.fixture()
def until() -> Callable[..., Awaitable[None]]:
    """``await until(pilot, condition, what)``: wait for a state, not for a time."""
    return wait_until
