"""What each ``selector`` subcommand does: a thin layer over the engine, one function each.

Only the standard library is imported at module level (``selector --help`` imports this
module); each command imports what it needs when it runs.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable, Sequence
from typing import Any

from selector.commands_checklist import (  # re-exported: the parser reads them from here
    cmd_checklist_catalogue as cmd_checklist_catalogue,
)
from selector.commands_checklist import cmd_checklist_export as cmd_checklist_export
from selector.commands_checklist import cmd_checklist_set as cmd_checklist_set
from selector.commands_checklist import cmd_checklist_show as cmd_checklist_show
from selector.console import EXIT_INPUT, EXIT_OK, emit
from selector.console import run_date as _today


def _profile_sources(args: argparse.Namespace) -> list[str] | None:
    return list(args.profiles) if args.profiles else None


def cmd_list(args: argparse.Namespace) -> int:
    import json

    from selector.io.paths import default_profiles
    from selector.profiles import load_profiles
    from selector.render.text import clip, table
    from selector.scoring.lifecycle import lifecycle_state

    today = _today(args)
    loaded = load_profiles(_profile_sources(args) or [default_profiles()])
    rows = []
    data = []
    for lp in sorted(loaded, key=lambda x: x.profile.id):
        p = lp.profile
        processing = p.regions.processing.value if p.regions else "unknown"
        regions = ",".join(processing) if isinstance(processing, list) else str(processing)
        stale = p.review_by is not None and today > p.review_by
        life = lifecycle_state(lp)
        data.append(
            {
                "id": p.id,
                "name": p.name,
                "openness": p.openness,
                "route": p.route,
                "processing": processing,
                "as_of": p.as_of.isoformat() if p.as_of else None,
                "review_by": p.review_by.isoformat() if p.review_by else None,
                "stale": stale,
                "lifecycle_status": life.status,
                "retires_on": life.retires_on,
                "successor": life.successor,
            }
        )
        rows.append(
            [
                p.id,
                clip(p.name, 46),
                p.openness or "-",
                p.route or "-",
                regions,
                p.as_of.isoformat() if p.as_of else "-",
                p.review_by.isoformat() if p.review_by else "-",
                life.label,
                "STALE" if stale else "",
            ]
        )
    if args.format == "json":
        emit(json.dumps(data, indent=2, ensure_ascii=False))
        return EXIT_OK
    headers = ["id", "name", "openness", "route", "processing", "as-of", "review-by", "lifecycle", ""]
    emit(table(headers, rows))
    emit(f"\n{len(rows)} offerings; STALE = past its review-by date ({today.isoformat()}).")
    return EXIT_OK


def _kind_of(data: Any) -> str:
    """Which kind of file a parsed document is, forgiving a misspelt top-level key."""
    import difflib

    if not isinstance(data, dict):
        return "profile"
    keys = [k for k in data if isinstance(k, str)]
    if "revision" in keys and "options" in keys:
        return "checklist-state"
    for kind, marker in (("assessment", "institution"), ("criteria", "criteria"),
                         ("presets", "presets"), ("costs", "units"), ("checklist", "items"),
                         ("questions", "questions")):
        if marker in keys:
            return kind
    if "id" not in keys:
        for kind, marker in (("assessment", "institution"), ("criteria", "criteria")):
            if difflib.get_close_matches(marker, keys, n=1, cutoff=0.75):
                return kind
    return "profile"


def validate_paths(paths: Sequence[str]) -> tuple[int, list[Any]]:
    """Validate every YAML file under ``paths``: (files checked, problems)."""
    from selector import assess as assess_mod
    from selector import criteria as criteria_mod
    from selector import profiles as profiles_mod
    from selector.errors import InputError, Problem
    from selector.io.validation import located
    from selector.io.yamlio import load

    unique: dict[Any, Any] = {}
    for found in profiles_mod.discover(paths):
        unique.setdefault(found.resolve(), found)  # the same file named twice is checked once
    files = list(unique.values())
    shown = {f: os.fspath(f) for f in files}
    problems: list[Problem] = []
    ids: dict[str, str] = {}
    validated: list[Any] = []
    for file in files:
        try:
            doc = load(file, shown[file])
            kind = _kind_of(doc.data)
            if kind == "criteria":
                criteria_mod.validate_document(doc)
            elif kind == "assessment":
                assessment = assess_mod.validate_document(doc)
                criteria_path, profiles_paths, _ = assess_mod.resolve_paths(doc, assessment, file)
                from selector.assessment_refs import check_references

                loaded = profiles_mod.load_profiles(profiles_paths)
                block = assessment.evaluations
                check_references(
                    doc, assessment,
                    [c.id for c in criteria_mod.load_criteria(criteria_path).criteria_set.criteria]
                    + ([block.performance_criterion] if block is not None
                       and block.performance_criterion else []),
                    [lp.profile.id for lp in loaded])
                if assessment.costs:
                    assess_mod.check_cost_overrides(doc, assessment, criteria_path)
                if block is not None:  # the result files, read and joined as rank reads them
                    from selector.evaluations.criterion import (
                        check_security_criterion,
                        load_assessment_evaluations,
                    )

                    la = assess_mod.load_assessment(file)
                    check_security_criterion(la, criteria_mod.load_criteria(criteria_path))
                    load_assessment_evaluations(la, loaded)
            elif kind == "presets":
                from selector.weights.presets import load_presets

                load_presets(file)
            elif kind == "costs":
                from selector.scoring.tco import load_costs

                load_costs(file)
            elif kind == "checklist":
                from selector.checklist import load_catalogue

                load_catalogue(file)
            elif kind == "checklist-state":
                from selector.checklist.state import load_state

                load_state(file)
            elif kind == "questions":
                from selector.questionnaire.build import load_questions

                load_questions(file)
            else:
                profile = profiles_mod.validate_document(doc)
                if profile.id in ids:
                    problems.append(
                        located(doc, ("id",), f"id '{profile.id}' is also used by {ids[profile.id]}; "
                                "ids must be unique")
                    )
                ids.setdefault(profile.id, doc.path)
                validated.append((profile, doc, doc.path))
        except InputError as exc:
            problems.extend(exc.problems or [Problem(shown[file], 1, 1, "", str(exc))])
    from selector.evidence_policy import successor_problems

    problems.extend(successor_problems(validated))
    if not files:
        problems.append(Problem(" ".join(paths), 1, 1, "", "no YAML files (*.yaml, *.yml) found here"))
    return len(files), problems


def cmd_validate(args: argparse.Namespace) -> int:
    import json

    checked, problems = validate_paths(args.paths)
    if args.format == "json":
        emit(
            json.dumps(
                {"valid": not problems, "files": checked,
                 "problems": [p.as_dict() for p in problems]},
                indent=2,
                ensure_ascii=False,
            )
        )
    else:
        for problem in problems:
            emit(str(problem))
        bad = len({p.file for p in problems})
        if not problems:
            summary = f"{checked} file(s) valid"
        elif checked == 0:
            summary = "nothing to validate"
        else:
            summary = f"{len(problems)} problem(s) in {bad} of {checked} file(s)"
        emit(summary, err=True)
    return EXIT_INPUT if problems else EXIT_OK


def cmd_schema(args: argparse.Namespace) -> int:
    from selector.schema import schema_json

    emit(schema_json(args.kind))
    return EXIT_OK


def _rank(args: argparse.Namespace) -> Any:
    from selector.engine import parse_weights, rank

    if args.assessment:
        from selector.assess import run

        if args.criteria:
            from selector.errors import UsageError

            raise UsageError("--criteria and --assessment together: name the criteria set in the "
                             "assessment's 'criteria:' field instead")
        return run(
            args.assessment,
            method=args.method,
            weights=parse_weights(args.weights) or None,
            today=_today(args),
            profiles=_profile_sources(args),
            command=f"selector {args.command}",
        )
    return rank(
        _profile_sources(args),
        args.criteria,
        method=args.method or "wsm",
        weights=parse_weights(args.weights),
        today=_today(args),
        include_retired=getattr(args, "include_retired", False),
        command=f"selector {args.command}",
    )


def cmd_rank(args: argparse.Namespace) -> int:
    from selector.render.ranking import rank_csv, rank_json, rank_table

    result = _rank(args)
    import shutil

    columns = shutil.get_terminal_size((100, 24)).columns
    render: dict[str, Callable[[Any], str]] = {
        "table": lambda result: rank_table(result, min(columns, 160)),
        "json": rank_json,
        "csv": rank_csv,
    }
    emit(render[args.format](result).rstrip("\n"))
    return EXIT_OK


def cmd_explain(args: argparse.Namespace) -> int:
    from selector.render.explain import explain_json, explain_text

    result = _rank(args)
    text = (explain_json if args.format == "json" else explain_text)(result, args.option)
    emit(text)
    return EXIT_OK


def _progress_bar(stream: Any, *, after: float = 0.3) -> Callable[[int, int], None]:
    """A one-line bar on a terminal, drawn only once a run has lasted ``after`` seconds and
    erased when it ends, so quick runs print nothing extra."""
    import time

    start = time.monotonic()
    width = 30

    def show(done: int, total: int) -> None:
        if time.monotonic() - start < after:
            return
        filled = width * done // max(total, 1)
        stream.write(f"\rrobustness [{'#' * filled}{'.' * (width - filled)}] "
                     f"{100 * done // max(total, 1):3d}%")
        if done >= total:
            stream.write("\r" + " " * (width + 20) + "\r")
        stream.flush()

    return show


def cmd_robustness(args: argparse.Namespace) -> int:
    from selector.render.robustness import robustness_json, robustness_text
    from selector.robustness import analyse, with_robustness

    result = _rank(args)
    progress = _progress_bar(sys.stderr) if sys.stderr.isatty() else None
    robustness = analyse(result, samples=args.samples, seed=args.seed,
                         tolerance=args.tolerance, progress=progress)
    result = with_robustness(result, robustness)
    render = robustness_json if args.format == "json" else robustness_text
    emit(render(result, robustness).rstrip("\n"))
    return EXIT_OK


def cmd_report(args: argparse.Namespace) -> int:
    from selector.assess import run
    from selector.engine import parse_weights
    from selector.io.output import write_output
    from selector.reports import render_report
    from selector.robustness import analyse, with_robustness

    result = run(args.assessment, today=_today(args), with_checklist=True, method=args.method,
                 weights=parse_weights(args.weights) or None, command="selector report")
    if result.ranking:
        result = with_robustness(result, analyse(result, samples=args.samples, seed=args.seed))
    data = render_report(args.format, result)
    path = write_output(args.out, data, force=args.force)
    emit(f"wrote {path}")
    return EXIT_OK


def cmd_init(args: argparse.Namespace) -> int:
    from selector.starter import write_starter

    path = write_starter(args.directory, force=args.force)
    emit(f"wrote {path}")
    emit(f"next: edit it, then `selector validate {path}` and `selector rank --assessment {path}`")
    return EXIT_OK


def cmd_tui(args: argparse.Namespace) -> int:
    # Textual is imported here only: `import selector`, --help and the other commands stay free of it.
    from selector_tui.app import run_tui

    return run_tui(args.assessment, _today(args), _profile_sources(args))
