"""``selector questionnaire export|import``: the vendor due-diligence questionnaire."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from selector.console import EXIT_OK, emit, parse_date
from selector.console import run_date as _today


def add_parser(sub: Any, parser_class: type[argparse.ArgumentParser]) -> None:
    """Register ``questionnaire export`` and ``questionnaire import`` on the top parser."""
    q = sub.add_parser(
        "questionnaire",
        help="the vendor due-diligence questionnaire: export the questions, import the answers",
        description="Export one offering's open facts (unknown, unverified, stale) and the "
        "checklist items whose evidence the vendor supplies, ordered by how much each answer "
        "could move this decision; import the returned answers into the profiles as "
        "vendor-attested evidence (README: Vendor questionnaire).")
    qsub = q.add_subparsers(dest="questionnaire_command", metavar="ACTION",
                            parser_class=parser_class, required=True)
    p = qsub.add_parser("export", help="write the questionnaire of one option, or of every "
                        "shortlisted option (one file each)")
    p.add_argument("--assessment", metavar="FILE", required=True,
                   help="the assessment whose decision orders the questions")
    which = p.add_mutually_exclusive_group(required=True)
    which.add_argument("--option", metavar="ID", help="the offering to ask (an excluded one too)")
    which.add_argument("--all-shortlisted", action="store_true",
                       help="every ranked option, one file each named <option>.<format> in the "
                       "folder --out (one file per vendor: no vendor sees another's questions)")
    p.add_argument("--format", choices=("xlsx", "csv", "md"), required=True,
                   help="xlsx (cover sheet, data validation, protected; to fill in), csv (to fill "
                   "in), md (to read)")
    p.add_argument("--out", metavar="PATH", required=True,
                   help="the file to write (a folder with --all-shortlisted)")
    p.add_argument("--deadline", type=parse_date, metavar="DATE",
                   help="the response deadline on the cover (default: the issue date plus "
                   "criteria/questions.yaml's response_days)")
    p.add_argument("--force", action="store_true", help="replace existing files")
    p.add_argument("--today", type=parse_date, metavar="DATE",
                   help="the issue date, also used to decide staleness (default: today, or "
                   "$SELECTOR_TODAY)")
    p.set_defaults(func=cmd_questionnaire_export)
    p = qsub.add_parser("import", help="record a returned questionnaire's answers in the profiles")
    p.add_argument("path", metavar="PATH", help="the returned questionnaire (.xlsx or .csv)")
    p.add_argument("--profiles", metavar="DIR", required=True,
                   help="the profiles folder holding <option>.yaml (written in place)")
    p.add_argument("--respondent", metavar="NAME",
                   help="who answered for the vendor (default: the cover sheet's respondent)")
    p.add_argument("--assessment", metavar="FILE",
                   help="where checklist answers land (default: the assessment named in the "
                   "questionnaire)")
    p.add_argument("--dry-run", action="store_true", help="show what would change, write nothing")
    p.add_argument("--force", action="store_true",
                   help="also replace facts verified from a primary source (otherwise an answer "
                   "that contradicts one is reported as a conflict and not written)")
    p.add_argument("--by", metavar="NAME", help="who records the checklist answers (default: $USER)")
    p.add_argument("--today", type=parse_date, metavar="DATE",
                   help="the day the answers are recorded (default: today, or $SELECTOR_TODAY)")
    p.set_defaults(func=cmd_questionnaire_import)


def cmd_questionnaire_export(args: argparse.Namespace) -> int:
    from selector.assess import load_assessment, run
    from selector.errors import InputError
    from selector.io.output import write_output
    from selector.questionnaire.export import FORMATS, questionnaires

    result = run(args.assessment, today=_today(args), with_checklist=True)
    la = load_assessment(args.assessment)
    options = [r.id for r in result.ranking] if args.all_shortlisted else [args.option]
    if not options:
        raise InputError(f"{args.assessment}: no option is shortlisted; name one with --option")
    excluded = {e.id: e for e in result.excluded}
    for option in options:
        if option in excluded:
            emit(f"note: {option} is excluded by the assessment ({excluded[option].reasons[0]}); "
                 "it is not ranked, so its questions are ordered by the points at stake",
                 err=True)
    qs = questionnaires(result, la, options, deadline=args.deadline)
    render = FORMATS[args.format]
    if args.all_shortlisted:
        folder = Path(args.out)
        if folder.exists() and not folder.is_dir():
            raise InputError(f"{folder}: is a file; --all-shortlisted writes one file per option "
                             "into a folder")
        targets = [folder / f"{q.option}.{args.format}" for q in qs]
        clash = [str(t) for t in targets if t.exists()]
        if clash and not args.force:
            raise InputError(f"{clash[0]}: already exists; use --force to replace it"
                             + (f" (and {len(clash) - 1} more)" if len(clash) > 1 else ""))
    else:
        targets = [Path(args.out)]
    for target, q in zip(targets, qs, strict=True):
        path = write_output(target, render(q), force=args.force)
        emit(f"wrote {path} ({len(q.rows)} questions for {q.option})")
    return EXIT_OK


def cmd_questionnaire_import(args: argparse.Namespace) -> int:
    """Validate every answer, print the facts it changes and the conflicts, then write (unless
    ``--dry-run``): the profile, the shipped copy of the returned file, the checklist state."""
    from selector.errors import InputError
    from selector.io.atomic import atomic_write_bytes
    from selector.questionnaire.apply import plan_import, profile_text
    from selector.questionnaire.read import read_returned
    from selector.questionnaire.record import checklist_target, pending_checklist, write_checklist

    today = _today(args)
    returned = read_returned(args.path)
    profiles = Path(args.profiles)
    if not profiles.is_dir():
        raise InputError(f"{profiles}: not a folder; give --profiles the folder of profile files")
    respondent = args.respondent
    if respondent is not None and not respondent.strip():
        raise InputError("--respondent: empty; give the name (and role) of who answered")
    plan = plan_import(returned, profiles, respondent=respondent, today=today, force=args.force)
    text = profile_text(plan)
    target = checklist_target(plan, args) if plan.checklist else None
    for change in plan.changes:
        emit(change.line())
    for conflict in plan.conflicts:
        emit(conflict.line())
    pending = pending_checklist(plan, target) if target is not None else []
    for item in pending:
        emit(item.line())
    summary = (f"{len(plan.changes)} fact(s) to write, {len(plan.conflicts)} conflict(s), "
               f"{plan.unchanged} already so, {len(pending)} checklist answer(s)")
    if args.dry_run:
        emit(f"dry run: {summary}; nothing written")
        return EXIT_OK
    if text is not None:
        copy = profiles / plan.document
        try:
            copy.parent.mkdir(parents=True, exist_ok=True)
            if not copy.exists() or copy.read_bytes() != returned.data:
                atomic_write_bytes(copy, returned.data)
            atomic_write_bytes(Path(plan.profile.path), text.encode("utf-8"))
        except OSError as exc:
            raise InputError(f"{copy.parent}: cannot write ({exc.strerror or exc})") from None
    if pending and target is not None:
        write_checklist(plan, pending, target, args)
    wrote = text is not None or bool(pending)
    emit(f"{summary}; " + ("written" if wrote else "nothing to write")
         + (f" ({plan.profile.path}, {plan.document})" if text else ""))
    return EXIT_OK


