"""What opening an option's detail costs: Enter on the ranking until the detail screen is drawn.

The app opens the frozen UI fixture (tests/ui/data) at 100x30 and settles on the ranking; one
fresh app per round, alternating, medians over the rounds, in the same run:

- ``now``: the detail screen builds its three panes (trace, cost, licence and flags) once for an
  option and result (selector_tui/screens/detail.py, ``_shown``);
- ``baseline``: it builds them again on every call, as it did before: on mount and again on the
  resume that follows, so the long trace was built and laid out twice.

Main-thread CPU time (the pilot's waits are in both). Exits 1 when ``now`` is not below the
baseline.

    .venv/bin/python benchmarks/tui_detail.py [--rounds N]
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
sys.path.insert(0, str(ROOT / "benchmarks"))

from tui_idle import settle  # noqa: E402 - the same settle loop as the other TUI benchmark

TODAY = date(2026, 11, 25)


def rebuild_every_time(on: bool) -> None:
    """The baseline: forget what the panes show before every session change."""
    from selector_tui.screens.detail import DetailScreen

    own = DetailScreen.__dict__.get("_own_session_changed") or DetailScreen.session_changed
    DetailScreen._own_session_changed = own  # type: ignore[attr-defined]

    def forgetful(self: Any, kind: str) -> None:
        self._shown = None
        own(self, kind)

    DetailScreen.session_changed = forgetful if on else own  # type: ignore[method-assign]


async def one_open(folder: Path) -> float:
    from selector_tui.app import SelectorApp

    app = SelectorApp(folder / "assessment.yaml", TODAY)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        start = time.thread_time()
        await pilot.press("enter")
        await settle(pilot)
        return time.thread_time() - start


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=7)
    args = parser.parse_args()
    import textual.constants

    textual.constants.TEXTUAL_ANIMATIONS = "none"  # type: ignore[misc]
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "case"
        shutil.copytree(ROOT / "tests" / "ui" / "data", folder)
        asyncio.run(one_open(folder))  # imports and caches warm, not counted
        times: dict[str, list[float]] = {"now": [], "baseline": []}
        for _ in range(args.rounds):
            for name in ("baseline", "now"):
                rebuild_every_time(name == "baseline")
                times[name].append(asyncio.run(one_open(folder)))
        rebuild_every_time(False)
    now, base = statistics.median(times["now"]), statistics.median(times["baseline"])
    print(f"open the detail (main-thread CPU, median of {args.rounds}): "
          f"{now * 1000:.0f} ms now, {base * 1000:.0f} ms baseline ({now / base:.2f}x)")
    return 0 if now < base else 1


if __name__ == "__main__":
    sys.exit(main())
