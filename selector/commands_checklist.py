"""``selector checklist show|set|export|catalogue``: the due-diligence checklists on the command line."""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable
from typing import Any

from selector.console import EXIT_OK, emit
from selector.console import run_date as _today


def _checklist_result(args: argparse.Namespace) -> Any:
    from selector.assess import run

    return run(args.assessment, today=_today(args), with_checklist=True)


def _option(result: Any, query: str | None) -> str | None:
    """The option id a ``--option`` names: the id, or a unique part of an id or name, as for
    ``explain`` (``all`` stays ``all``)."""
    if query is None or query == "all":
        return query
    from selector.render.explain import resolve

    return resolve(result, query)


def _views(result: Any, option: str | None) -> Any:
    if option is None:
        return result.checklists
    if option not in result.checklists:
        from selector.errors import InputError
        from selector.io.validation import suggestion

        excluded = {e.id for e in result.excluded}
        if option in excluded:
            raise InputError(f"option '{option}' is excluded by the assessment's constraints; "
                             "checklists cover the shortlisted options")
        raise InputError(
            f"no option '{option}' in the shortlist; " + suggestion(option, list(result.checklists))
        )
    return {option: result.checklists[option]}


def cmd_checklist_show(args: argparse.Namespace) -> int:
    from selector.render.checklist import checklist_json, checklist_summary, checklist_text

    result = _checklist_result(args)
    args.option = _option(result, args.option)
    views = _views(result, args.option)
    if args.format == "json":
        emit(checklist_json(views, result.checklist_revision))
    elif args.option is None and not args.all:
        emit(checklist_summary(result, status=args.status, priority=args.priority))
    else:
        emit(checklist_text(views, result.checklist_revision, status=args.status, priority=args.priority))
    return EXIT_OK


def cmd_checklist_set(args: argparse.Namespace) -> int:
    import getpass

    from selector.assess import load_assessment
    from selector.checklist.state import set_item
    from selector.errors import InputError
    from selector.io.validation import suggestion
    from selector.render.checklist import known_items

    result = _checklist_result(args)
    args.option = _option(result, args.option)
    if args.option == "all":
        return _set_everywhere(args, result)
    view = _views(result, args.option)[args.option]
    known = known_items(view)
    if args.item not in known:
        raise InputError(
            f"no item '{args.item}' in {args.option}'s checklist; " + suggestion(args.item, list(known))
        )
    la = load_assessment(args.assessment)
    by = args.by or os.environ.get("USER") or getpass.getuser() or "unknown"
    revision, changes = set_item(
        la.checklist_path, assessment=la.path, option=args.option, item=args.item, known_items=known,
        by=by, status=args.status, owner=args.owner, due=args.due, note=args.note, evidence=args.evidence,
        expect_revision=args.expect_revision,
    )
    if not la.checklist_path.is_relative_to(la.folder):
        emit(f"note: {la.path} is part of the installation, so its checklist state is kept in "
             f"{la.checklist_path} (the installation itself is never written)", err=True)
    if changes:
        emit(f"{args.option} {args.item}: {'; '.join(changes)} (revision {revision}, {la.checklist_path})")
    else:
        emit(f"{args.option} {args.item}: already so; nothing changed (revision {revision})")
    return EXIT_OK


def _set_everywhere(args: argparse.Namespace, result: Any) -> int:
    """``--option all``: the same edit in every shortlisted option whose checklist has the item."""
    import getpass

    from selector.assess import load_assessment
    from selector.checklist.state import set_item_everywhere
    from selector.errors import InputError
    from selector.io.validation import suggestion
    from selector.render.checklist import known_items

    known = {option: known_items(view) for option, view in result.checklists.items()
             if not view.orphaned and args.item in known_items(view)}
    if not known:
        every = sorted({i for view in result.checklists.values() for i in known_items(view)})
        raise InputError(f"no shortlisted option's checklist has item '{args.item}'; "
                         + suggestion(args.item, every))
    la = load_assessment(args.assessment)
    by = args.by or os.environ.get("USER") or getpass.getuser() or "unknown"
    revision, done = set_item_everywhere(
        la.checklist_path, assessment=la.path, item=args.item, known_items=known, by=by,
        status=args.status, owner=args.owner, due=args.due, note=args.note, evidence=args.evidence,
        expect_revision=args.expect_revision)
    for option, changes in done.items():
        emit(f"{option} {args.item}: {'; '.join(changes)}")
    unchanged = len(known) - len(done)
    emit(f"{len(done)} of {len(known)} options changed" + (f", {unchanged} already so" if unchanged else "")
         + f" (revision {revision}, {la.checklist_path})")
    return EXIT_OK


def cmd_checklist_export(args: argparse.Namespace) -> int:
    from selector.io.output import write_output
    from selector.render.checklist import checklist_csv, checklist_json

    result = _checklist_result(args)
    text = checklist_csv(result.checklists) if args.format == "csv" else checklist_json(
        result.checklists, result.checklist_revision)
    path = write_output(args.out, text, force=args.force)
    emit(f"wrote {path}")
    return EXIT_OK


def cmd_checklist_catalogue(args: argparse.Namespace) -> int:
    from selector.checklist import load_catalogue
    from selector.checklist.export import FORMATS
    from selector.io.output import write_output
    from selector.io.paths import bundled

    loaded = load_catalogue(args.catalogue or bundled("criteria") / "checklist.yaml")
    text = FORMATS[args.format](loaded, _today(args))
    if args.out is None:
        sys.stdout.write(text)
    else:
        print(f"wrote {write_output(args.out, text, force=args.force)}")
    return EXIT_OK


def add_parser(sub: Any, parser_class: type[argparse.ArgumentParser],
               date_type: Callable[[str], Any]) -> None:
    """Register ``checklist show|set|export|catalogue`` on the top parser."""
    checklist = sub.add_parser(
        "checklist",
        help="due-diligence checklists per option: show, set, export; the catalogue itself",
        description="Checklists are generated per shortlisted option from criteria/checklist.yaml "
        "and tracked in a state file next to the assessment (atomic writes; an edit from an older "
        "revision is refused; orphaned items are kept).",
    )
    csub = checklist.add_subparsers(dest="checklist_command", metavar="ACTION", parser_class=parser_class,
                                    required=True)
    p = csub.add_parser("show", help="progress per option; one option's items (--option) or all (--all)")
    p.add_argument("--assessment", metavar="FILE", required=True, help="the assessment YAML")
    p.add_argument("--option", metavar="ID", help="list this option's items (the id, or a unique part "
                   "of an id or name; default: a summary per option)")
    p.add_argument("--all", action="store_true", help="list every option's items (long)")
    p.add_argument("--status", choices=("open", "in-progress", "done", "not-applicable", "blocked"),
                   help="list only items with this status")
    p.add_argument("--priority", choices=("high", "medium", "low"), help="list only items of this priority")
    p.add_argument("--format", choices=("table", "json"), default="table",
                   help="table (default) or json (every item, with reasons and references)")
    p.add_argument("--today", type=date_type, metavar="DATE", help=argparse.SUPPRESS)
    p.set_defaults(func=cmd_checklist_show)
    p = csub.add_parser("set", help="change one item: status, owner, due date, note, evidence")
    p.add_argument("--assessment", metavar="FILE", required=True, help="the assessment YAML")
    which = p.add_mutually_exclusive_group(required=True)
    which.add_argument("--option", metavar="ID",
                       help="the option (its id, or a unique part of an id or name), or 'all' for "
                       "every shortlisted option whose checklist has the item (one write, one "
                       "revision)")
    which.add_argument("--all-options", action="store_const", const="all", dest="option",
                       help="the same as --option all: a firm-wide item (a policy, a sign-off) set "
                       "once for every shortlisted option whose checklist has it")
    p.add_argument("--item", metavar="ITEM", required=True, help="the item id, e.g. DD-SEC-01")
    p.add_argument("--status", choices=("open", "in-progress", "done", "not-applicable", "blocked"),
                   help="the new status")
    p.add_argument("--owner", metavar="NAME", help="who is responsible")
    p.add_argument("--due", type=date_type, metavar="DATE", help="due date, YYYY-MM-DD")
    p.add_argument("--note", metavar="TEXT", help="a note, added to the item's notes")
    p.add_argument("--evidence", metavar="URL", help="a link (or document reference) to evidence")
    p.add_argument("--by", metavar="NAME", help="who makes the change (default: $USER)")
    p.add_argument("--expect-revision", type=int, metavar="N",
                   help="refuse the edit unless the state file is still at revision N")
    p.add_argument("--today", type=date_type, metavar="DATE", help=argparse.SUPPRESS)
    p.set_defaults(func=cmd_checklist_set)
    p = csub.add_parser("export", help="write every option's checklist to CSV or JSON")
    p.add_argument("--assessment", metavar="FILE", required=True)
    p.add_argument("--format", choices=("csv", "json"), required=True)
    p.add_argument("--out", metavar="PATH", required=True)
    p.add_argument("--force", action="store_true", help="replace an existing file")
    p.add_argument("--today", type=date_type, metavar="DATE", help=argparse.SUPPRESS)
    p.set_defaults(func=cmd_checklist_export)
    p = csub.add_parser(
        "catalogue", help="write the catalogue itself as a control library (JSON, CSV or YAML)",
        description="Write every catalogue item with its triggers, evidence, references (with their "
        "dates) and crosswalk, in the documented control-library format, for a GRC tool to import. "
        "Stale, superseded and undated references are listed under 'freshness' (JSON, YAML).")
    p.add_argument("--format", choices=("json", "csv", "yaml"), required=True)
    p.add_argument("--out", metavar="PATH", help="write to PATH atomically (default: standard output)")
    p.add_argument("--force", action="store_true", help="replace an existing file")
    p.add_argument("--catalogue", metavar="FILE",
                   help="a checklist catalogue YAML (default: the bundled criteria/checklist.yaml)")
    p.add_argument("--today", type=date_type, metavar="DATE",
                   help="date used to decide staleness (default: today, or $SELECTOR_TODAY)")
    p.set_defaults(func=cmd_checklist_catalogue)
