"""What the TUI costs when nothing it shows changes: the footer on a bindings refresh, and the
loading indicator once the ranking is loaded.

The app opens the frozen UI fixture (tests/ui/data) at 100x30 and settles on the ranking. Two
measures of main-thread CPU time, each for selector's widgets and for Textual's stock behaviour
(the baseline) in the same run: one fresh app per round, alternating, medians over the rounds.

- ``refresh``: the app asks for a bindings refresh (as every session broadcast and focus move
  does) and the screen repaints, with no key changed (the pilot's pause that waits for the
  repaint is in both). Stock Footer rebuilds every key; KeyFooter
  (selector_tui/widgets/steady.py) keeps them.
- ``idle``: one second with the app idle. The baseline restarts the hidden loading indicator's
  16-frames-a-second timer, as Textual's LoadingIndicator leaves it; Spinner stops it.

Exits 1 when selector's median is not below the baseline's on either measure.

    .venv/bin/python benchmarks/tui_idle.py [--rounds N]
"""

from __future__ import annotations

import argparse
import asyncio
import shutil
import statistics
import sys
import tempfile
import time
from datetime import date
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

TODAY = date(2026, 11, 25)
REFRESHES = 20
IDLE_SECONDS = 1.0


async def settle(pilot: Any, timeout: float = 60.0) -> None:
    deadline = time.monotonic() + timeout
    quiet = 0
    while time.monotonic() < deadline:
        await pilot.pause(0.02)
        quiet = 0 if pilot.app.busy else quiet + 1
        if quiet >= 3:
            return
    raise SystemExit("the app never settled")


def stock_footer(on: bool) -> None:
    """Give KeyFooter Textual's own compose and refresh behaviour (the baseline), or its own.
    Set before the app starts: a footer subscribes its refresh handler when it is mounted."""
    from textual.widgets import Footer

    from selector_tui.widgets.steady import KeyFooter

    for name in ("compose", "bindings_changed"):
        own = KeyFooter.__dict__.get(f"_own_{name}") or KeyFooter.__dict__[name]
        setattr(KeyFooter, f"_own_{name}", own)
        setattr(KeyFooter, name, Footer.__dict__[name] if on else own)


async def refresh_cost(app: Any, pilot: Any) -> float:
    """Main-thread CPU seconds for one bindings refresh and the repaint that follows."""
    start = time.thread_time()
    for _ in range(REFRESHES):
        app.refresh_bindings()
        await pilot.pause()
    return (time.thread_time() - start) / REFRESHES


async def idle_cost(app: Any, stock: bool) -> float:
    """Main-thread CPU seconds for IDLE_SECONDS of an idle app, the indicator hidden."""
    from selector_tui.widgets.steady import FRAME, Spinner

    spinner = app.screen.query_one(Spinner)
    assert spinner.auto_refresh is None and not app.screen.query_one("#loading").display
    spinner.auto_refresh = FRAME if stock else None
    start = time.thread_time()
    await asyncio.sleep(IDLE_SECONDS)
    spent = time.thread_time() - start
    spinner.auto_refresh = None
    return spent


async def one_app(assessment: Path, stock: bool) -> tuple[float, float]:
    """One app, with Textual's stock widgets or selector's: its (refresh, idle) cost."""
    from selector_tui.app import SelectorApp

    stock_footer(stock)
    try:
        app = SelectorApp(assessment, TODAY)
        async with app.run_test(size=(100, 30)) as pilot:
            await settle(pilot)
            if app.session.result is None:
                raise SystemExit(f"the fixture did not load: {app.session.problems}")
            await refresh_cost(app, pilot)  # warm
            refresh = await refresh_cost(app, pilot)
            idle = await idle_cost(app, stock)
            await settle(pilot)
    finally:
        stock_footer(False)
    return refresh, idle


async def measure(assessment: Path, rounds: int) -> dict[str, dict[str, list[float]]]:
    out: dict[str, dict[str, list[float]]] = {m: {"selector": [], "stock": []} for m in ("refresh", "idle")}
    await one_app(assessment, False)  # imports and caches
    for k in range(rounds):
        for stock in ((False, True) if k % 2 else (True, False)):
            refresh, idle = await one_app(assessment, stock)
            out["refresh"]["stock" if stock else "selector"].append(refresh)
            out["idle"]["stock" if stock else "selector"].append(idle)
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=5, help="measured rounds of each (default 5)")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as folder:
        case = Path(folder) / "case"
        shutil.copytree(ROOT / "tests" / "ui" / "data", case)
        results = asyncio.run(measure(case / "assessment.yaml", args.rounds))
    ok = True
    for name, unit, scale in (("refresh", "ms per bindings refresh", 1000), ("idle", "ms CPU per idle second",
                                                                          1000 / IDLE_SECONDS)):
        ours = statistics.median(results[name]["selector"]) * scale
        stock = statistics.median(results[name]["stock"]) * scale
        ok = ok and ours < stock
        print(f"tui {name}: selector {ours:.2f} {unit}, Textual's stock widgets {stock:.2f} "
              f"(medians of {args.rounds} rounds)")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
