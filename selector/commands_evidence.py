"""The evidence commands: ``selector migrate`` and ``selector audit``."""

from __future__ import annotations

import argparse
import sys

from selector.cli import EXIT_INPUT, EXIT_OK


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
            print(line)
    verb = "would rewrite" if args.dry_run else "rewrote"
    print(f"{verb} {changed} of {len(files)} file(s) as version 2; each line above is something "
          "to check or finish by hand", file=sys.stderr)
    return EXIT_OK if changed or not args.check else EXIT_INPUT
