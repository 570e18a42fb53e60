"""``python -m selector_tui``: the terminal UI without the ``selector`` command."""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from datetime import date


def _date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not a date (use YYYY-MM-DD)") from None


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="selector tui", description="The selector terminal UI.")
    parser.add_argument("--assessment", metavar="FILE",
                        help="an assessment YAML (default: the bundled small wealth-manager example)")
    parser.add_argument("--profiles", metavar="DIR", action="append",
                        help="profiles directory or file (repeatable; default: the assessment's "
                        "profiles:, else the bundled catalogue); ctrl+f inside adds another")
    parser.add_argument("--today", type=_date, metavar="DATE",
                        help="date used to decide staleness (default: today, or $SELECTOR_TODAY)")
    args = parser.parse_args(argv)
    today = args.today
    if today is None and os.environ.get("SELECTOR_TODAY"):
        today = _date(os.environ["SELECTOR_TODAY"])
    from selector_tui.app import run_tui

    return run_tui(args.assessment, today, args.profiles)


if __name__ == "__main__":
    sys.exit(main())
