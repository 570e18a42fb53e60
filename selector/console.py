"""What every command shares: exit codes, the one output function, the run date.

Kept apart from :mod:`selector.cli` (the parser and the error boundary) so that the command
modules import it without importing the parser that imports them: no import cycle.
"""

from __future__ import annotations

import argparse
import os
import sys
from datetime import date

from selector.render.text import inert

EXIT_OK, EXIT_INPUT, EXIT_USAGE, EXIT_INTERNAL = 0, 1, 2, 3


def emit(text: str, *, err: bool = False) -> None:
    """Write one output (a table, a JSON document, a message) and a newline.

    Every byte the command line prints passes here or through :func:`selector.cli.main`'s error
    boundary, and is made inert (:func:`selector.render.text.inert`): data from profiles,
    assessments, state files and arguments never reaches the terminal as a control or escape
    sequence.
    """
    (sys.stderr if err else sys.stdout).write(inert(text, newlines=True) + "\n")


def parse_date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not a date (use YYYY-MM-DD)") from None


def run_date(args: argparse.Namespace) -> date:
    """``--today``, else ``$SELECTOR_TODAY``, else the day of the run."""
    if getattr(args, "today", None):
        return args.today  # type: ignore[no-any-return]
    env = os.environ.get("SELECTOR_TODAY")
    if env:
        return parse_date(env)
    return date.today()

WEIGHTS_HELP = ("override criterion weights: a share of the decision, security=30%% (the others keep "
                "their proportions), or relative to the average criterion, which weighs 1: "
                "security=2 counts twice as much")
"""The help of every --weights option (argparse formats it: %% is a percent sign)."""
