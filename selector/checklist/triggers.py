"""What a checklist trigger looks at for one option, and whether it fires.

The context is read off the ranking result only: the option's openness, route, scores, evidence
flags and legal-review flags, the facts as the rubric read them, where it processes (against where
the data originates), and whether the institution, its users or the processing touch the EU.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from selector.models.checklist import Trigger
from selector.result import Result
from selector.review import ReviewFlag
from selector.scoring.rubric import evidence_flags


@dataclass(frozen=True, slots=True)
class Context:
    """What the triggers look at for one option."""

    openness: str | None
    route: str | None
    scores: Mapping[str, float]
    evidence: Mapping[str, tuple[str, ...]]
    assessment: Mapping[str, Any]
    cross_border: tuple[str, ...]
    legal_flags: tuple[ReviewFlag, ...]
    eu_nexus: str | None = None
    """Why the option has an EU nexus (None: it has none)."""
    facts: Mapping[str, Any] | None = None
    """Fact path -> value as the rubric read it (``unknown`` for an unknown fact)."""


def fires(trigger: Trigger, ctx: Context) -> str | None:
    """The reason the trigger fires, or None."""
    use = ctx.assessment.get("use_case", {})
    inst = ctx.assessment.get("institution", {})
    if trigger.always:
        return "applies to every option"
    if trigger.openness is not None and ctx.openness in trigger.openness:
        return f"openness is {ctx.openness}"
    if trigger.route is not None and ctx.route in trigger.route:
        return f"route is {ctx.route}"
    if trigger.criterion_below is not None:
        below = trigger.criterion_below
        value = ctx.scores.get(below.criterion)
        if value is not None and value < below.points:
            return f"{below.criterion} scores {value:g} < {below.points:g}"
    if trigger.evidence is not None and ctx.evidence.get(trigger.evidence):
        facts = ctx.evidence[trigger.evidence]
        return f"{len(facts)} {trigger.evidence} fact(s) behind the score"
    for flag in ("customer_facing", "sfc_high_risk", "deepfake_exposure", "continuous_retraining"):
        if getattr(trigger, flag) and use.get(flag):
            return f"the use case is {flag.replace('_', '-')}"
    if trigger.risk_tier is not None and use.get("risk_tier") in trigger.risk_tier:
        return f"the use case's risk tier is {use.get('risk_tier')}"
    if trigger.data_class is not None:
        hits = [d for d in use.get("data_classes", []) if d in trigger.data_class]
        if hits:
            return f"the use case handles {', '.join(hits)} data"
    for name, key in (("size", "size"), ("sector", "sector"), ("expertise", "genai_expertise")):
        allowed = getattr(trigger, name)
        if allowed is not None and inst.get(key) in allowed:
            return f"the institution's {name} is {inst.get(key)}"
    if trigger.cross_border and ctx.cross_border:
        return "prompts and outputs are processed in " + ", ".join(ctx.cross_border)
    if trigger.legal_flag and ctx.legal_flags:
        return f"{len(ctx.legal_flags)} legal-review flag(s) on the licence or terms"
    if trigger.eu_nexus and ctx.eu_nexus:
        return ctx.eu_nexus
    if trigger.ingests_documents and use.get("ingests_third_party_documents"):
        return "the use case feeds third-party documents to the model"
    if trigger.fact is not None and ctx.facts is not None and trigger.fact.path in ctx.facts:
        value = ctx.facts[trigger.fact.path]
        if value in trigger.fact.in_:
            return f"{trigger.fact.path} is {value}"
    return None


EU_MEMBERS = frozenset({"AT", "BE", "BG", "HR", "CY", "CZ", "DK", "EE", "FI", "FR", "DE", "GR",
                        "HU", "IE", "IT", "LV", "LT", "LU", "MT", "NL", "PL", "PT", "RO", "SK",
                        "SI", "ES", "SE"})
"""The 27 member states of the European Union (ISO 3166-1 alpha-2)."""


def _eu_nexus(assessment: Mapping[str, Any], places: Sequence[str]) -> str | None:
    inst = set(assessment.get("institution", {}).get("jurisdictions", []))
    if inst & (EU_MEMBERS | {"EU"}):
        return "the institution operates in the EU (" + ", ".join(sorted(inst & (EU_MEMBERS | {"EU"}))) + ")"
    if assessment.get("use_case", {}).get("eu_users"):
        return "the use case serves EU users or its outputs are used in the EU"
    there = sorted(set(places) & (EU_MEMBERS | {"EU"}))
    if there:
        return "the option processes in the EU (" + ", ".join(there) + ")"
    return None


def data_origin(assessment: Mapping[str, Any]) -> tuple[str, ...]:
    """Where the use case's data originates: as stated, else Hong Kong if the institution
    operates there, else its first jurisdiction."""
    stated = assessment.get("use_case", {}).get("data_origin")
    if stated:
        return tuple(stated)
    home = list(assessment.get("institution", {}).get("jurisdictions", []))
    return ("HK",) if "HK" in home or not home else (home[0],)


def context(result: Result, option_id: str) -> Context:
    row = next((r for r in result.ranking if r.id == option_id), None)
    trace = result.traces[option_id]
    evidence = evidence_flags(trace)
    assessment = dict(result.assessment or {})
    origin = set(data_origin(assessment))
    places = _processing(result, option_id)
    outside = tuple(p for p in places if p not in origin and p != "deployer")
    facts: dict[str, Any] = {}
    for score in trace.values():
        for entry in score.trace:
            facts.setdefault(entry.fact, entry.value)
    flags = tuple(f for f in result.review_flags.get(option_id, ()) if f.legal)
    return Context(
        openness=row.openness if row else None,
        route=row.route if row else None,
        scores={c: s.value for c, s in trace.items()},
        evidence=evidence,
        assessment=assessment,
        cross_border=outside,
        legal_flags=flags,
        eu_nexus=_eu_nexus(assessment, places),
        facts=facts,
    )


def _processing(result: Result, option_id: str) -> list[str]:
    return list(result.processing.get(option_id, ()))
