"""The evidence commands: ``selector migrate``, ``selector audit`` and ``selector coverage``."""

from __future__ import annotations

import argparse

from selector.console import EXIT_INPUT, EXIT_OK, emit


def cmd_migrate(args: argparse.Namespace) -> int:
    from selector.errors import InputError
    from selector.migrate import migrate_file
    from selector.profiles import discover

    files = discover(args.paths)
    if not files:
        raise InputError(f"{' '.join(args.paths)}:1:1: no YAML files (*.yaml, *.yml) found here")
    changed = 0
    for path in files:
        report = migrate_file(path, dry_run=args.dry_run)
        changed += report.changed
        for line in report.notes:
            emit(line)
    verb = "would rewrite" if args.dry_run else "rewrote"
    emit(f"{verb} {changed} of {len(files)} file(s) as version 2; each line above is something "
         "to check or finish by hand", err=True)
    return EXIT_OK if changed or not args.check else EXIT_INPUT


def cmd_audit(args: argparse.Namespace) -> int:
    import json

    from selector.audit import DECISION_CRITICAL, audit, parse_thresholds
    from selector.checklist import load_catalogue
    from selector.commands import _profile_sources
    from selector.console import run_date as _today
    from selector.io.paths import bundled, default_profiles
    from selector.profiles import load_profiles
    from selector.render.text import clip, table

    thresholds = parse_thresholds(args.fail_under or "")
    loaded = load_profiles(_profile_sources(args) or [default_profiles()])
    catalogue = load_catalogue(args.catalogue or bundled("criteria") / "checklist.yaml").catalogue
    result = audit(loaded, _today(args), args.horizon_days, catalogue)
    if args.price_map:
        from selector.price_map import with_price_map

        result = with_price_map(result, loaded, args.price_map, _today(args))
    if args.format == "json":
        emit(json.dumps(result.as_dict(), indent=2, ensure_ascii=False))
    else:
        rows = [
            [p.id, clip(p.lifecycle_event or p.lifecycle_status, 28), str(p.facts),
             f"{p.share(p.sourced):.0%}", f"{p.share(p.verified):.0%}", f"{p.share(p.unknown):.0%}",
             str(p.stale), str(p.due), f"{p.decision_verified}/{p.decision_applicable}",
             str(sum(1 for v in p.decision_critical.values() if v == "unknown"))]
            for p in result.profiles
        ]
        emit(table(["id", "lifecycle", "facts", "sourced", "verified", "unknown", "stale",
                     "due 90d", "critical V of applicable", "critical ?"], rows))
        o = result.overall
        emit(f"\n{o['profiles']} offerings, {o['facts']} facts: {o['sourced_share']:.0%} sourced, "
              f"{o['verified_primary_share']:.1%} verified from a primary source, "
              f"{o['unknown_share']:.0%} unknown, {o['stale']} stale, "
              f"{o['due_within_90_days']} due within 90 days. Decision-critical facts "
              f"({len(DECISION_CRITICAL)} per offering, {o['decision_critical_applicable']} of "
              f"{o['decision_critical_slots']} applicable): "
              f"{o['decision_critical_verified_share']:.1%} of applicable verified, "
              f"{o['decision_critical_unknown_share']:.0%} of applicable unknown. "
              f"Lifecycle events within {args.horizon_days} days: {o['lifecycle_events']}.")
        emit(f"Checklist catalogue references: {o['references_stale']} stale, "
             f"{o['references_superseded']} superseded, {o['references_undated']} never checked "
             "against their text (as_of unknown)")
        for finding in result.references:
            if finding.kind != "undated":
                emit(f"  {finding.kind}: {finding.reference}: {finding.message}")
        if result.price_map is not None:
            from selector.price_map import render_text

            emit("\n" + render_text(result.price_map))
    failures = result.below(thresholds)
    for line in failures:
        emit(f"selector audit: {line}", err=True)
    return EXIT_INPUT if failures else EXIT_OK


def cmd_coverage(args: argparse.Namespace) -> int:
    from pathlib import Path

    from selector.commands import _profile_sources
    from selector.coverage import render, up_to_date, write
    from selector.io.paths import default_profiles
    from selector.profiles import load_profiles

    loaded = load_profiles(_profile_sources(args) or [default_profiles()])
    target = args.write or args.check
    block = render(loaded, Path(target).parent if target else None)
    if args.check:
        if up_to_date(args.check, block):
            return EXIT_OK
        again = " ".join(["selector coverage", *(f"--profiles {p}" for p in args.profiles or ()),
                          "--write", args.check])
        emit(f"{args.check}: the coverage table is out of date with the profiles; run `{again}`",
             err=True)
        return EXIT_INPUT
    if args.write:
        changed = write(args.write, block)
        emit(f"{args.write}: coverage table {'rewritten' if changed else 'already up to date'}",
             err=True)
        return EXIT_OK
    emit(block)
    return EXIT_OK
