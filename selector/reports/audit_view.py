"""The report's evidence audit: the figures of `selector audit` for the options it covers."""

from __future__ import annotations

from typing import Any

from selector.result import Result


def evidence_audit_view(result: Result) -> dict[str, Any] | None:
    """The figures of `selector audit`, for the options this report covers."""
    audit = result.audit
    if audit is None:
        return None
    o = audit.overall
    overall = [
        ("Offerings audited", str(o["profiles"])), ("Facts", str(o["facts"])),
        ("With a source", f"{o['sourced_share']:.0%}"),
        ("Verified from a primary source", f"{o['verified_primary_share']:.1%}"),
        ("Unknown", f"{o['unknown_share']:.0%}"), ("Not applicable", f"{o['not_applicable_share']:.0%}"),
        ("Past their review date", str(o["stale"])),
        ("Due for review within 90 days", str(o["due_within_90_days"])),
        ("Decision-critical facts verified (of applicable)",
         f"{o['decision_critical_verified_share']:.1%}"),
        ("Decision-critical facts unknown (of applicable)",
         f"{o['decision_critical_unknown_share']:.0%}"),
    ]
    if "references_stale" in o:
        overall.append(("Checklist references stale / superseded / never checked",
                        f"{o['references_stale']} / {o['references_superseded']} / "
                        f"{o['references_undated']}"))
    shown = [r.id for r in result.ranking] + [e.id for e in result.excluded]
    rows = []
    for p in audit.profiles:
        if p.id not in shown:
            continue
        unknown = [k for k, v in p.decision_critical.items() if v == "unknown"]
        rows.append({"id": p.id, "name": p.name, "lifecycle": p.lifecycle_event or p.lifecycle_status,
                     "facts": p.facts, "sourced": f"{p.share(p.sourced):.0%}",
                     "verified": f"{p.share(p.verified):.0%}", "unknown": f"{p.share(p.unknown):.0%}",
                     "stale": p.stale,
                     "critical": f"{p.decision_verified} of {p.decision_applicable} applicable verified",
                     "critical_unknown": ", ".join(unknown) or "none"})
    references = [{"reference": f.reference, "kind": f.kind, "message": f.message}
                  for f in audit.references if f.kind != "undated"]
    return {"today": audit.today, "overall": overall, "rows": rows, "references": references}
