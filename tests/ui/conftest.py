"""Fixtures for the TUI tests: a frozen assessment copied into a temporary folder, a fixed date."""

from __future__ import annotations

import shutil
import time
from collections.abc import Awaitable, Callable
from datetime import date
from pathlib import Path

import pytest
from textual.pilot import Pilot

DATA = Path(__file__).resolve().parent / "data"
TODAY = date(2026, 11, 25)


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


async def wait_settled(pilot: Pilot[None], timeout: float = 30.0) -> None:
    """Wait until the app has nothing left to compute or write, then let it repaint."""
    app = pilot.app
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        await pilot.pause(0.02)
        if not getattr(app, "busy", False):
            await pilot.pause()
            return
    raise AssertionError(f"the app was still busy after {timeout:.0f} s")


@pytest.fixture()
def settle() -> Callable[..., Awaitable[None]]:
    """``await settle(pilot)``: wait for the app's workers, timers and writes to finish."""
    return wait_settled
