"""Where a questionnaire's checklist answers land: the assessment's checklist state, as
evidence and a note on the item (``selector.checklist.state.edit_item``: locked, atomic, with
history); an answer already recorded is not added again."""

from __future__ import annotations

import argparse
import os
from pathlib import Path
from typing import Any

from selector.errors import InputError
from selector.questionnaire.apply import ChecklistAnswer, Plan


def checklist_target(plan: Plan, args: argparse.Namespace) -> Any:
    from selector.assess import load_assessment

    path = args.assessment or plan.returned.assessment
    if path is None or not Path(path).is_file():
        shown = f" ('{path}' is not a file here)" if path else ""
        raise InputError(f"{plan.returned.path}: {len(plan.checklist)} checklist answer(s) need the "
                         f"assessment whose checklist they close{shown}; give --assessment FILE")
    return load_assessment(path)


def pending_checklist(plan: Plan, la: Any) -> list[ChecklistAnswer]:
    """Checklist answers not yet on the state (an import repeated adds nothing)."""
    from selector.checklist.state import load_state

    state = load_state(la.checklist_path, la.path)
    options = state.get("options", {})
    out = []
    for item in plan.checklist:
        entry = (options.get(item.option) or {}).get(item.item) or {}
        if item.evidence not in (entry.get("evidence") or []):
            out.append(item)
    return out


def write_checklist(plan: Plan, pending: list[ChecklistAnswer], la: Any,
                     args: argparse.Namespace) -> None:
    import getpass

    from selector.assess import _beside
    from selector.checklist import load_catalogue
    from selector.checklist.state import edit_item

    catalogue = load_catalogue(_beside(la.criteria_path, "checklist.yaml")).catalogue
    known = {i.id: {"title": i.title, "priority": i.priority, "category": i.category}
             for i in catalogue.items}
    by = args.by or os.environ.get("USER") or getpass.getuser() or "unknown"
    for item in pending:
        if item.item not in known:
            raise InputError(f"{plan.returned.path}: checklist item {item.item} is not in the "
                             "catalogue; do not edit the question ids")
        edit_item(la.checklist_path, assessment=la.path, option=item.option, item=item.item,
                  known_items=known, by=by, note=item.note[:4000], evidence=item.evidence)
