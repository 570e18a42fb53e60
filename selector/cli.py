"""The ``selector`` command line: a thin layer over the engine.

Only the standard library is imported at module level so that ``selector --help`` starts fast;
each command imports what it needs. Errors the user can fix end as one line on stderr.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from typing import Any

from selector._version import __version__
from selector.console import EXIT_INPUT as EXIT_INPUT  # re-exported: commands imported them from here
from selector.console import EXIT_INTERNAL, EXIT_OK, EXIT_USAGE, WEIGHTS_HELP, emit, parse_date, run_date
from selector.io.limits import MAX_SAMPLES, MAX_SEED, samples_problem
from selector.render.text import inert

METHOD_NAMES = ("wsm", "topsis", "wpm", "waspas", "vikor")
BUG_URL = "https://github.com/selector-toolkit/selector/issues"

_date = parse_date
_today = run_date


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> Any:
        self.print_usage(sys.stderr)
        self.exit(EXIT_USAGE, inert(f"{self.prog}: error: {message}", newlines=True) + "\n")



def _add_inputs(p: argparse.ArgumentParser, *, criteria: bool = True) -> None:
    p.add_argument(
        "--profiles",
        metavar="DIR",
        action="append",
        help="profiles directory or file (repeatable; default: the bundled catalogue)",
    )
    if criteria:
        p.add_argument(
            "--criteria",
            metavar="FILE",
            help="criteria set YAML (default: the bundled criteria/box1.yaml)",
        )
    p.add_argument(
        "--today",
        type=_date,
        metavar="DATE",
        help="date used to decide staleness (default: today, or $SELECTOR_TODAY)",
    )


def _add_ranking(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--assessment",
        metavar="FILE",
        help="an assessment YAML: the institution, use case, weights, constraints and costs "
        "(see `selector init`)",
    )
    p.add_argument(
        "--method",
        choices=METHOD_NAMES,
        default=None,
        help="MCDA method (default: the assessment's, else wsm, the weighted sum on the fixed "
        "0-100 scale)",
    )
    p.add_argument(
        "--weights",
        metavar="ID=VALUE,...",
        help=WEIGHTS_HELP,
    )
    p.add_argument(
        "--include-retired",
        action="store_true",
        help="without an assessment, rank retired offerings too (by default they are excluded "
        "with their retirement date and source; an assessment always excludes them)",
    )


def build_parser() -> argparse.ArgumentParser:
    from selector.commands import (
        cmd_explain,
        cmd_init,
        cmd_list,
        cmd_rank,
        cmd_report,
        cmd_robustness,
        cmd_schema,
        cmd_tui,
        cmd_validate,
    )

    parser = _Parser(
        prog="selector",
        description=(
            "Choose a generative-AI model offering and defend the choice: sourced vendor "
            "profiles, HKIMR Box 1 scoring, MCDA ranking with scikit-criteria."
        ),
        epilog="Exit codes: 0 ok, 1 bad input or data, 2 usage error, 3 internal error.",
    )
    parser.add_argument("--version", action="version", version=f"selector {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)

    p = sub.add_parser("list", help="list the offerings in the catalogue")
    _add_inputs(p, criteria=False)
    p.add_argument("--format", choices=("table", "json"), default="table")
    p.set_defaults(func=cmd_list)

    p = sub.add_parser(
        "validate",
        help="check profiles and criteria sets; one line per problem",
        description="Validate profile and criteria-set YAML files (files or directories). "
        "Each problem is printed as file:line:column: field.path: message.",
    )
    p.add_argument("paths", nargs="+", metavar="PATH")
    p.add_argument("--format", choices=("text", "json"), default="text")
    p.set_defaults(func=cmd_validate)

    from selector.commands_evidence import cmd_audit, cmd_coverage, cmd_migrate

    p = sub.add_parser(
        "audit",
        help="how much of the catalogue rests on what evidence (for a model-risk officer)",
        description="Per profile and overall: facts, shares sourced, verified from a primary "
        "source, unknown and not applicable; stale facts and those due within 90 days; lifecycle "
        "events within the horizon; the state of each decision-critical fact. With --fail-under "
        "it exits 1 when the catalogue is under a threshold (for a bank's CI).",
    )
    _add_inputs(p, criteria=False)
    p.add_argument("--format", choices=("table", "json"), default="table")
    p.add_argument("--horizon-days", type=_horizon_days, default=365, metavar="N",
                   help="lifecycle events within N days are listed (default 365)")
    p.add_argument("--catalogue", metavar="FILE",
                   help="checklist catalogue whose regulatory references are audited too "
                   "(default: the bundled criteria/checklist.yaml)")
    p.add_argument("--fail-under", metavar="KEY=SHARE,...",
                   help="exit 1 if an overall share is under its threshold; keys: verified, "
                   "sourced, decision-verified (e.g. verified=0.7,decision-verified=0.7)")
    p.add_argument("--price-map", metavar="FILE",
                   help="cross-check prices and deprecation dates against a price map in LiteLLM's "
                   "model_prices_and_context_window.json format (secondary evidence: lists what to "
                   "re-check; never changes a profile; nothing is fetched)")
    p.set_defaults(func=cmd_audit)

    p = sub.add_parser(
        "coverage",
        help="the catalogue's coverage table in Markdown: vendor, route, provider, region, "
        "lifecycle, evidence",
        description="One row per offering, sorted by model developer then route: provider, "
        "processing location and deployment scope, lifecycle status and retirement date, and the "
        "audit's figures (facts, verified and unknown shares, decision-critical facts verified of "
        "the applicable ones), with a one-line summary. Printed, or written between the "
        "<!-- coverage:start --> and <!-- coverage:end --> lines of a Markdown file.",
    )
    p.add_argument("--profiles", metavar="DIR", action="append",
                   help="profiles directory or file (repeatable; default: the bundled catalogue)")
    mode = p.add_mutually_exclusive_group()
    mode.add_argument("--write", metavar="FILE",
                      help="rewrite the table between FILE's marker lines, atomically "
                      "(e.g. vendor_profiles/README.md)")
    mode.add_argument("--check", metavar="FILE",
                      help="exit 1 if the table in FILE is out of date with the profiles (for CI)")
    p.set_defaults(func=cmd_coverage)

    p = sub.add_parser(
        "migrate",
        help="rewrite version 1 profiles as version 2, in place",
        description="Rewrite version 1 profiles (files or directories) in the version 2 format, "
        "in place and atomically, keeping comments and key order. Prints one line for each "
        "thing it changed in meaning or could not carry over.",
    )
    p.add_argument("paths", nargs="+", metavar="PATH")
    p.add_argument("--dry-run", action="store_true", help="report, write nothing")
    p.add_argument("--check", action="store_true",
                   help="exit 1 when nothing needed migrating (for scripts)")
    p.set_defaults(func=cmd_migrate)

    p = sub.add_parser("schema", help="print the JSON Schema of a file kind")
    p.add_argument("kind", choices=("profile", "criteria", "assessment", "checklist", "presets", "costs"))
    p.set_defaults(func=cmd_schema)

    p = sub.add_parser(
        "rank",
        help="score and rank the offerings",
        description="Score every profile on the criteria set and rank them. Methods: wsm "
        "(default; weighted sum on the fixed scale, free of rank reversal), topsis (classical, "
        "vector normalisation), wpm, waspas, vikor (total order by Q; compromise set reported).",
    )
    _add_inputs(p)
    _add_ranking(p)
    p.add_argument("--format", choices=("table", "json", "csv"), default="table")
    p.set_defaults(func=cmd_rank)

    p = sub.add_parser(
        "explain",
        help="show every point an option earned and the source of each fact",
    )
    p.add_argument("option", metavar="OPTION_ID")
    _add_inputs(p)
    _add_ranking(p)
    p.add_argument("--format", choices=("text", "json"), default="text")
    p.set_defaults(func=cmd_explain)

    from selector.commands_weights import add_parser as add_weights

    add_weights(sub, METHOD_NAMES, _date)

    p = sub.add_parser(
        "robustness",
        help="would another method, other weights or the weak evidence change the choice?",
        description="Method agreement (Kendall's tau between the five methods), the interval each "
        "weight can move before the top option changes, and SMAA-2 rank acceptability, central "
        "weights and confidence factors, with unknown and unverified facts varying in the same "
        "samples. The same seed gives identical output.",
    )
    _add_inputs(p)
    _add_ranking(p)
    p.add_argument("--samples", type=_samples, default=10_000, metavar="N",
                   help=f"weight and evidence samples, 1 to {MAX_SAMPLES:,} (default: 10000)")
    p.add_argument("--seed", type=_seed, default=0, metavar="S",
                   help=f"random seed, 0 to {MAX_SEED} (default: 0)")
    p.add_argument("--tolerance", type=float, default=None, metavar="T",
                   help="sample each stated weight times U(1-T, 1+T), renormalised (default: "
                   "0.25 when the assessment states weights, else uniform over the simplex)")
    p.add_argument("--format", choices=("table", "json"), default="table")
    p.set_defaults(func=cmd_robustness)

    p = sub.add_parser(
        "report",
        help="write the due-diligence report for an assessment: HTML, Markdown, XLSX or JSON",
        description="Rank the catalogue for the assessment, attach its checklists and the "
        "robustness analysis, and write one report (atomically; an existing file is replaced only "
        "with --force; missing folders are created). With SOURCE_DATE_EPOCH set, the same inputs "
        "give a byte-identical file.",
    )
    p.add_argument("--assessment", metavar="FILE", required=True)
    p.add_argument("--format", choices=("html", "md", "xlsx", "json"), required=True)
    p.add_argument("--out", metavar="PATH", required=True)
    p.add_argument("--force", action="store_true", help="replace an existing file")
    p.add_argument("--method", choices=METHOD_NAMES, default=None,
                   help="MCDA method (default: the assessment's); another one is recorded in the "
                   "report as changed by the analyst")
    p.add_argument("--weights", metavar="ID=VALUE,...",
                   help=WEIGHTS_HELP + "; recorded in the report as changed by the analyst")
    p.add_argument("--samples", type=_samples, default=10_000, metavar="N",
                   help=f"robustness samples, 1 to {MAX_SAMPLES:,} (default: 10000)")
    p.add_argument("--seed", type=_seed, default=0, metavar="S",
                   help=f"robustness seed, 0 to {MAX_SEED} (default: 0)")
    p.add_argument("--today", type=_date, metavar="DATE",
                   help="date used to decide staleness (default: today, or $SELECTOR_TODAY)")
    p.set_defaults(func=cmd_report)

    from selector.commands_checklist import add_parser as add_checklist

    add_checklist(sub, _Parser, _date)

    p = sub.add_parser(
        "tui",
        help="open the terminal UI: ranking, weights, detail, robustness, checklist, export",
        description="Open the terminal UI on an assessment (default: the bundled small "
        "wealth-manager example in a checkout, else the bundled catalogue without one). "
        "Keyboard first; press ? inside for the keys.",
    )
    p.add_argument("--assessment", metavar="FILE", help="an assessment YAML (see `selector init`)")
    p.add_argument("--profiles", metavar="DIR", action="append",
                   help="profiles directory or file (repeatable; default: the assessment's "
                   "profiles:, else the bundled catalogue); ctrl+f inside adds another")
    p.add_argument("--today", type=_date, metavar="DATE",
                   help="date used to decide staleness (default: today, or $SELECTOR_TODAY)")
    p.set_defaults(func=cmd_tui)

    from selector.commands_questionnaire import add_parser as add_questionnaire

    add_questionnaire(sub, _Parser)

    p = sub.add_parser("init", help="write a commented starter assessment into DIR")
    p.add_argument("directory", metavar="DIR")
    p.add_argument("--force", action="store_true", help="replace an existing assessment.yaml")
    p.set_defaults(func=cmd_init)
    return parser


def _whole(text: str, low: int, high: int) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not a whole number") from None
    if not low <= value <= high:
        raise argparse.ArgumentTypeError(f"{value} must be between {low} and {high:,}")
    return value


def _horizon_days(text: str) -> int:
    return _whole(text, 1, 36_500)


def _seed(text: str) -> int:
    return _whole(text, 0, MAX_SEED)


def _samples(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not a whole number") from None
    problem = samples_problem(value)
    if problem:
        raise argparse.ArgumentTypeError(problem)
    return value


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "command", None):
        parser.print_help()
        return EXIT_USAGE
    from selector.epoch import normalise_environment
    from selector.errors import SelectorError

    try:
        normalise_environment()  # before numpy is imported: its f2py reads SOURCE_DATE_EPOCH
        return int(args.func(args))
    except SelectorError as exc:
        for line in str(exc).splitlines() or [type(exc).__name__]:
            emit(f"selector: {line}" if exc.exit_code == EXIT_USAGE else line, err=True)
        return exc.exit_code
    except KeyboardInterrupt:
        emit("selector: interrupted", err=True)
        return 130
    except BrokenPipeError:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return EXIT_OK
    except Exception as exc:
        if os.environ.get("SELECTOR_DEBUG"):
            raise
        emit(
            f"selector: internal error: {type(exc).__name__}: {exc}\n"
            f"This is a bug; please report it at {BUG_URL} with the command you ran "
            "(set SELECTOR_DEBUG=1 to see the traceback).",
            err=True,
        )
        return EXIT_INTERNAL
