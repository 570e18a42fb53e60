"""``selector checklist show|set|export|catalogue``: the due-diligence checklists on the command line."""

from __future__ import annotations

import argparse
import os
import sys
from typing import Any

from selector.console import EXIT_OK, emit
from selector.console import run_date as _today


def _checklist_result(args: argparse.Namespace) -> Any:
    from selector.assess import run

    return run(args.assessment, today=_today(args), with_checklist=True)


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
