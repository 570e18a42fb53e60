"""``selector weights``: how an assessment's weights were derived, the analyst's changes to
them, and saving weights back into the assessment file."""

from __future__ import annotations

import argparse
from collections.abc import Callable, Sequence
from typing import Any

from selector.console import EXIT_OK, WEIGHTS_HELP, emit
from selector.console import run_date as _today


def add_parser(sub: Any, methods: Sequence[str], parse_date: Callable[[str], Any]) -> None:
    """Register ``weights`` on the top parser."""
    p = sub.add_parser(
        "weights",
        help="show an assessment's effective weights and how each was derived; save weights into it",
        description="Show how the assessment's weights were derived, step by step. With --weights "
        "or --method, the change is shown as a last step 'changed by the analyst from ... to ...'. "
        "With --save, the weights (the assessment's, or with --weights applied) are written into "
        "the assessment as an explicit block (preset: none, a direct share for every criterion), "
        "atomically, keeping every other line and comment; the unified diff is printed and "
        "nothing is asked. --dry-run prints the diff only.",
    )
    p.add_argument("--assessment", metavar="FILE", required=True, help="the assessment YAML")
    p.add_argument("--weights", metavar="ID=VALUE,...",
                   help=WEIGHTS_HELP)
    p.add_argument("--method", choices=methods, default=None,
                   help="another MCDA method (shown as an analyst change; written with --save)")
    p.add_argument("--save", action="store_true",
                   help="write the weights into the assessment file as an explicit weights block")
    p.add_argument("--dry-run", action="store_true", help="with --save: print the diff, write nothing")
    p.add_argument("--today", type=parse_date, metavar="DATE",
                   help="date used to decide staleness (default: today, or $SELECTOR_TODAY)")
    p.add_argument("--format", choices=("table", "json"), default="table")
    p.set_defaults(func=cmd_weights)


def cmd_weights(args: argparse.Namespace) -> int:
    import json

    from selector.assess import load_assessment, run, weight_steps
    from selector.criteria import load_criteria
    from selector.engine import parse_weights
    from selector.render.weights import changes_text, weights_text

    if args.dry_run and not args.save:
        from selector.errors import UsageError

        raise UsageError("--dry-run shows what --save would write; give --save too")
    la = load_assessment(args.assessment)
    overrides = parse_weights(args.weights)
    changes: tuple[Any, ...] = ()
    if overrides or args.method or args.save:
        result = run(args.assessment, method=args.method, weights=overrides or None, today=_today(args),
                     command="selector weights")
        steps: Sequence[Any] = result.weight_steps
        names = {c.id: c.name for c in result.criteria}
        changes = result.analyst_changes
        _, presets = weight_steps(la, load_criteria(la.criteria_path))
    else:
        criteria = load_criteria(la.criteria_path)
        steps, presets = weight_steps(la, criteria)
        names = {c.id: c.name for c in criteria.criteria_set.criteria}
    saved: dict[str, Any] | None = None
    if args.save:
        from selector.weights.save import save_weights

        plan = save_weights(args.assessment, {c.id: c.weight for c in result.criteria},
                            method=args.method, expected_sha256=la.sha256, dry_run=args.dry_run,
                            how="selector weights --save")
        written = plan.changed and not args.dry_run
        saved = {"path": plan.path, "diff": plan.diff, "written": written, "dry_run": bool(args.dry_run)}
    if args.format == "json":
        data: dict[str, Any] = {"assessment": la.path, "presets": presets,
                                "effective": dict(steps[-1].weights),
                                "steps": [s.as_dict() for s in steps],
                                "analyst_changes": [c.as_dict() for c in changes]}
        if saved is not None:
            data["saved"] = saved
        emit(json.dumps(data, indent=2, ensure_ascii=False))
    elif saved is not None:
        emit(saved["diff"].rstrip("\n") if saved["diff"] else
             f"{la.path}: already holds these weights as an explicit block; nothing to write")
        if saved["diff"]:
            emit(f"wrote {la.path}" if saved["written"] else f"dry run: {la.path} not written")
    else:
        emit(weights_text(steps, names))
        if changes:
            emit(changes_text(changes))
    return EXIT_OK
