"""The report's view of the due-diligence checklists: per option, the orphaned work, each item's
reference once, and the top options' checklists side by side."""

from __future__ import annotations

from typing import Any

from selector.result import Result

OPEN_DONE = ("done", "not-applicable")


def checklist_view(checklist: Any) -> dict[str, Any]:
    progress = checklist.progress()
    items = []
    for tracked in checklist.items:
        item = tracked.item
        items.append({
            "id": item.id, "title": item.title, "priority": item.priority, "kind": item.kind,
            "category": item.category, "action": item.action, "reasons": list(item.reasons),
            "references": list(item.references), "report": item.report, "status": tracked.status,
            "owner": tracked.owner, "due": tracked.due, "orphaned": tracked.orphaned,
            "open": tracked.status not in OPEN_DONE and not tracked.orphaned,
        })
    parts = [f"{p['done']} of {p['total']} {level}" for level, p in progress.items()
             if level != "all" and p["total"]]
    total = progress.get("all", {"done": 0, "total": 0})
    return {"items": items, "progress": progress,
            "progress_text": f"{total['done']} of {total['total']} items done"
            + (f" ({', '.join(parts)})" if parts else "")}


def orphaned_work(result: Result) -> list[dict[str, Any]]:
    """Tracked checklist work on options that left the shortlist, kept with its history."""
    out = []
    for option, checklist in result.checklists.items():
        if not getattr(checklist, "orphaned", False):
            continue
        items = [{"id": t.item.id, "title": t.item.title, "status": t.status, "owner": t.owner or "-",
                  "notes": list(t.notes), "evidence": list(t.evidence_links),
                  "history": [f"{h.get('at', '')} {h.get('by', '')}: {h.get('change', '')}"
                              for h in t.history]}
                 for t in checklist.items]
        out.append({"id": option, "rows": items})
    return out


def checklist_reference(options: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Each checklist item once, with its action and references (the option tables omit them)."""
    seen: dict[str, dict[str, Any]] = {}
    for option in options:
        for item in (option["checklist"] or {}).get("items", []):
            if item["id"] not in seen and not item["orphaned"]:
                seen[item["id"]] = {k: item[k] for k in ("id", "title", "category", "action", "references",
                                                          "report")}
    return [seen[k] for k in sorted(seen)]




def checklist_matrix(options: list[dict[str, Any]]) -> dict[str, Any]:
    """The checklists of a few options as one table: a row per item (in the first option's
    order, then items only the others have), a cell per option with its state."""
    shown = [o for o in options if o["checklist"] is not None]
    rows: dict[str, dict[str, Any]] = {}
    for column, option in enumerate(shown):
        for item in option["checklist"]["items"]:
            row = rows.setdefault(item["id"], {"id": item["id"], "priority": item["priority"],
                                               "title": item["title"], "cells": ["-"] * len(shown)})
            state = item["status"].upper()
            if item["orphaned"]:
                state = f"ORPHANED ({item['status']})"
            extra = [x for x in (item["owner"], f"due {item['due']}" if item["due"] else None) if x]
            row["cells"][column] = state + (" · " + " · ".join(extra) if extra else "")
    return {"options": [{"id": o["id"], "name": o["name"], "progress": o["checklist"]["progress_text"]}
                        for o in shown],
            "rows": list(rows.values())}
