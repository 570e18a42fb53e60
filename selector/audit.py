"""The model-risk officer's view of a catalogue: how much of it rests on what evidence.

Per profile and overall: the number of facts; the shares with a source, with a primary
verified source (the evidence policy makes ``verified`` mean exactly that), unknown and not
applicable; facts past their review date and due within 90 days; sources dated to the year
only; lifecycle events within a horizon; and the state of the decision-critical facts, the ones
gates and committees turn on. Their verified and unknown shares are of the *applicable* slots: a
fact that cannot apply to an offering cannot be verified, and must not pull its share down.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from selector.profiles import LoadedProfile, get_fact, is_stale, iter_facts
from selector.scoring.lifecycle import lifecycle_state

DECISION_CRITICAL: tuple[str, ...] = (
    "data_localisation.available_in_hk",
    "regions.processing",
    "regions.storage",
    "regions.deployment_scope",
    "service_terms.ip_indemnity",
    "service_terms.liability_cap",
    "support.sla_uptime_pct",
    "accessibility.input_price_usd_per_mtok",
    "accessibility.output_price_usd_per_mtok",
    "licence.name",
    "service_terms.governing_law",
    "security.attestations",
    "data_localisation.trains_on_customer_data",
    "lifecycle.status",
)
"""Hong Kong availability, where prompts are processed and stored and under which scope, IP
indemnity, the provider's liability cap, the SLA, input and output price, the weights' licence,
the service terms' governing law, certifications, training on customer data, lifecycle status."""

THRESHOLDS = {
    "verified": "verified_primary_share",
    "sourced": "sourced_share",
    "decision-verified": "decision_critical_verified_share",
}
"""``--fail-under KEY=SHARE`` keys and the overall figure each one tests."""

DUE_DAYS = 90


@dataclass(frozen=True, slots=True)
class ProfileAudit:
    id: str
    name: str
    lifecycle_status: str
    retires_on: str | None
    facts: int
    sourced: int
    verified: int
    unknown: int
    not_applicable: int
    stale: int
    due: int
    year_only_sources: int
    decision_critical: Mapping[str, str]
    lifecycle_event: str | None = None

    def share(self, count: int) -> float:
        return round(count / self.facts, 4) if self.facts else 0.0

    @property
    def decision_verified(self) -> int:
        return sum(1 for v in self.decision_critical.values() if v == "verified")

    @property
    def decision_applicable(self) -> int:
        """Decision-critical slots that can apply to this offering: a fact that cannot apply (an
        SLA for weights the institution hosts) cannot be verified either, so it is left out of
        the denominator of the verified share."""
        return sum(1 for v in self.decision_critical.values() if v != "not-applicable")

    @property
    def decision_verified_share(self) -> float:
        return round(self.decision_verified / self.decision_applicable, 4) if (
            self.decision_applicable) else 0.0

    def as_dict(self) -> dict[str, Any]:
        return {
            "id": self.id, "name": self.name, "lifecycle_status": self.lifecycle_status,
            "retires_on": self.retires_on, "lifecycle_event": self.lifecycle_event,
            "facts": self.facts, "sourced_share": self.share(self.sourced),
            "verified_primary_share": self.share(self.verified),
            "unknown_share": self.share(self.unknown),
            "not_applicable_share": self.share(self.not_applicable),
            "stale": self.stale, f"due_within_{DUE_DAYS}_days": self.due,
            "year_only_sources": self.year_only_sources,
            "decision_critical": dict(self.decision_critical),
            "decision_critical_applicable": self.decision_applicable,
            "decision_critical_verified_share": self.decision_verified_share,
        }


@dataclass(frozen=True, slots=True)
class Audit:
    today: str
    horizon_days: int
    profiles: tuple[ProfileAudit, ...]
    overall: Mapping[str, Any] = field(default_factory=dict)
    references: tuple[Any, ...] = ()
    """selector.checklist.references.ReferenceFinding: stale, superseded and undated references of the
    checklist catalogue (the regulatory pack), when one was audited."""
    price_map: Any = None
    """selector.price_map.PriceMapCheck: the cross-check against a LiteLLM-format price map,
    when one was given (``selector audit --price-map``); secondary evidence."""

    def as_dict(self) -> dict[str, Any]:
        return {"today": self.today, "horizon_days": self.horizon_days,
                "decision_critical_facts": list(DECISION_CRITICAL),
                "overall": dict(self.overall), "profiles": [p.as_dict() for p in self.profiles],
                "references": [r.as_dict() for r in self.references],
                "price_map": self.price_map.as_dict() if self.price_map is not None else None}

    def below(self, thresholds: Mapping[str, float]) -> list[str]:
        """One line per threshold the catalogue does not meet."""
        out = []
        for key, minimum in thresholds.items():
            value = float(self.overall[THRESHOLDS[key]])
            if value < minimum:
                out.append(f"{key} share {value:.1%} is under the required {minimum:.1%} "
                           f"({THRESHOLDS[key]})")
        return out


def _critical(loaded: LoadedProfile, path: str) -> str:
    fact = get_fact(loaded.profile, path)
    if fact is None or fact.is_unknown:
        return "unknown"
    if not fact.applicable:
        return "not-applicable"
    return fact.confidence or "unsourced"


def audit_profile(loaded: LoadedProfile, today: date, horizon_days: int) -> ProfileAudit:
    profile = loaded.profile
    facts = list(iter_facts(profile))
    due_by = today + timedelta(days=DUE_DAYS)
    due = 0
    for _path, fact in facts:
        review = fact.review_by or profile.review_by
        if review is not None and today <= review <= due_by:
            due += 1
    life = lifecycle_state(loaded)
    event = None
    if life.retires_on is not None:
        when = date.fromisoformat(life.retires_on)
        if when < today:
            event = f"retired on {life.retires_on}"
        elif when <= today + timedelta(days=horizon_days):
            event = f"retires on {life.retires_on} ({(when - today).days} days)"
    elif life.status == "retired":
        event = "retired (date not recorded)"
    return ProfileAudit(
        id=profile.id, name=profile.name, lifecycle_status=life.status,
        retires_on=life.retires_on, facts=len(facts),
        sourced=sum(1 for _, f in facts if f.sources),
        verified=sum(1 for _, f in facts if f.confidence == "verified" and f.known),
        unknown=sum(1 for _, f in facts if f.is_unknown),
        not_applicable=sum(1 for _, f in facts if not f.applicable),
        stale=sum(1 for _, f in facts if is_stale(profile, f, today)),
        due=due,
        year_only_sources=sum(1 for s in profile.sources
                              if isinstance(s.date, str) and len(s.date) == 4),
        decision_critical={path: _critical(loaded, path) for path in DECISION_CRITICAL},
        lifecycle_event=event,
    )


def audit(loaded: Sequence[LoadedProfile], today: date, horizon_days: int = 365,
          catalogue: Any = None) -> Audit:
    """The catalogue's evidence figures; with a checklist ``catalogue``, its stale, superseded
    and undated regulatory references too."""
    offerings = [lp for lp in loaded if lp.profile.kind == "offering"]
    rows = tuple(audit_profile(lp, today, horizon_days)
                 for lp in sorted(offerings, key=lambda lp: lp.profile.id))
    facts = sum(r.facts for r in rows)
    slots = sum(len(r.decision_critical) for r in rows)
    applicable = sum(r.decision_applicable for r in rows)

    def share(count: int, total: int) -> float:
        return round(count / total, 4) if total else 0.0

    overall = {
        "profiles": len(rows),
        "facts": facts,
        "sourced_share": share(sum(r.sourced for r in rows), facts),
        "verified_primary_share": share(sum(r.verified for r in rows), facts),
        "unknown_share": share(sum(r.unknown for r in rows), facts),
        "not_applicable_share": share(sum(r.not_applicable for r in rows), facts),
        "stale": sum(r.stale for r in rows),
        f"due_within_{DUE_DAYS}_days": sum(r.due for r in rows),
        "year_only_sources": sum(r.year_only_sources for r in rows),
        "decision_critical_slots": slots,
        "decision_critical_applicable": applicable,
        "decision_critical_verified_share": share(sum(r.decision_verified for r in rows),
                                                  applicable),
        "decision_critical_unknown_share": share(
            sum(1 for r in rows for v in r.decision_critical.values() if v == "unknown"),
            applicable),
        "lifecycle_events": sum(1 for r in rows if r.lifecycle_event),
    }
    result = Audit(today.isoformat(), horizon_days, rows, overall)
    return with_references(result, catalogue, today) if catalogue is not None else result


def with_references(result: Audit, catalogue: Any, today: date) -> Audit:
    """The audit with the checklist catalogue's reference findings added."""
    import dataclasses

    from selector.checklist.references import reference_findings

    findings = tuple(reference_findings(catalogue, today))
    overall = dict(result.overall)
    for kind in ("stale", "superseded", "undated"):
        overall[f"references_{kind}"] = sum(1 for f in findings if f.kind == kind)
    return dataclasses.replace(result, overall=overall, references=findings)


def parse_thresholds(text: str) -> dict[str, float]:
    """``verified=0.7,decision-verified=0.5`` -> {key: share}; a percentage (70) is accepted."""
    from selector.errors import UsageError
    from selector.io.validation import suggestion

    out: dict[str, float] = {}
    for part in filter(None, (p.strip() for p in text.split(","))):
        key, sep, raw = part.partition("=")
        key = key.strip()
        if not sep or key not in THRESHOLDS:
            raise UsageError(f"--fail-under: '{part}' is not KEY=SHARE with KEY one of "
                             f"{', '.join(THRESHOLDS)}" + (
                                 f" ({suggestion(key, list(THRESHOLDS))})" if sep else ""))
        try:
            value = float(raw)
        except ValueError:
            raise UsageError(f"--fail-under: '{raw}' is not a number (e.g. {key}=0.7)") from None
        if value > 1:
            value /= 100
        if not 0 <= value <= 1:
            raise UsageError(f"--fail-under: {key}={raw} must be a share from 0 to 1 (or 0-100%)")
        out[key] = value
    return out
