"""Hard constraints (gates): which offerings an assessment rules out, and why.

Each reason names the fact, its value and its source, so a committee can check it. Clauses that
need a lawyer's reading (field-of-use, territorial, remote-restriction) never exclude: they
become legal-review flags. Unknown evidence fails a gate that must be *shown* to hold (a
localisation mandate cannot be met by a location nobody knows).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from selector.evaluations.languages import BELOW, DECLARED, NOT_MEASURED, MeasuredLanguages
from selector.models.assessment import Assessment, RequiredCapabilities
from selector.models.common import show_date
from selector.models.languages import capabilities
from selector.profiles import LoadedProfile, fact_as_of, get_fact, source_of
from selector.review import CONFIRM, LEGAL, ReviewFlag
from selector.scoring.rubric import CriterionScore, show_value


@dataclass(frozen=True, slots=True)
class GateOutcome:
    reasons: tuple[str, ...]
    """Why the offering is excluded (empty: it passes)."""
    review_flags: tuple[ReviewFlag, ...]
    """Matters for a human (legal review, evidence to confirm) that do not exclude."""
    evidence: tuple[str, ...] = ()
    """Each fact a reason cites, once, with its source: ``path = value (title, date, confidence)``
    (the reasons themselves say only ``path = value``)."""
    gates: tuple[str, ...] = ()
    """The gate (a key of :data:`GATES`) behind each reason, in the reasons' order."""


GATES: Mapping[str, str] = {
    "lifecycle": "Lifecycle: retired, or retiring by go-live",
    "exclude": "Excluded by name (constraints.exclude)",
    "available_in_hk": "Not offered in Hong Kong",
    "ownership": "Provider's ownership rules",
    "processing_jurisdictions": "Processing jurisdictions",
    "storage_jurisdictions": "Storage jurisdictions",
    "require_on_premise": "On-premise deployment required",
    "require_in_jurisdiction": "On-premise or in-jurisdiction hosting required",
    "cross_border_transfer": "Cross-border transfer policy",
    "no_training_on_our_data": "No training on the institution's data",
    "commercial_use": "Licence or terms: commercial use",
    "user_cap": "Licence user cap",
    "require_osi_open": "OSI-approved licence required",
    "languages": "Required languages",
    "min_context_k": "Required context window",
    "input_modalities": "Required input modalities",
    "min_scores": "Minimum criterion scores",
    "lock_in_min_points": "Lock-in ceiling",
    "min_performance": "Minimum measured performance",
}
"""Every gate that can exclude an offering, by id (the constraint's key where it has one), with
the label the reports group exclusions under."""


def _evidence(loaded: LoadedProfile, path: str, cited: list[str]) -> str:
    """``fact = value`` for a reason line; the fact with its source is added to ``cited`` once
    (a reason line does not repeat a source another reason already gave)."""
    fact = get_fact(loaded.profile, path)
    if fact is None or not fact.known:
        return f"{path} = unknown"
    full = evidence(loaded, path)
    if full not in cited:
        cited.append(full)
    return f"{path} = {show_value(fact.value)}"


def evidence(loaded: LoadedProfile, path: str) -> str:
    """``fact = value (source title, date, confidence)``."""
    profile = loaded.profile
    fact = get_fact(profile, path)
    if fact is None or not fact.known:
        return f"{path} = unknown"
    source = source_of(profile, fact.source)
    as_of = fact_as_of(profile, fact)
    where = ", ".join(
        part
        for part in (
            source.title if source else fact.source,
            show_date(as_of),
            fact.confidence,
        )
        if part
    )
    return f"{path} = {show_value(fact.value)} ({where})" if where else f"{path} = {show_value(fact.value)}"


def _value(loaded: LoadedProfile, path: str) -> Any:
    fact = get_fact(loaded.profile, path)
    return fact.value if fact is not None and fact.known else None


def _locations(loaded: LoadedProfile, which: str) -> list[str] | None:
    regions = loaded.profile.regions
    if regions is None:
        return None
    fact = getattr(regions, which)
    return list(fact.value) if fact.known else None


def apply_gates(
    loaded: LoadedProfile,
    assessment: Assessment,
    scores: Mapping[str, CriterionScore],
    criterion_names: Mapping[str, str],
    languages: MeasuredLanguages = NOT_MEASURED,
) -> GateOutcome:
    """The gates' outcome for one offering; ``languages`` are the assessment's measured language
    results for it, which decide the required-languages gate before the declared list does."""
    profile = loaded.profile
    c = assessment.constraints
    inst = assessment.institution
    reasons: list[tuple[str, str]] = []
    flags: list[ReviewFlag] = []
    cited: list[str] = []

    def fact(path: str) -> str:
        return _evidence(loaded, path, cited)

    if profile.id in c.exclude:
        reasons.append(("exclude", "excluded by the assessment (constraints.exclude)"))

    if "HK" in inst.jurisdictions:
        available = _value(loaded, "data_localisation.available_in_hk")
        if available is False:
            reasons.append(("available_in_hk", "not offered to institutions in Hong Kong: "
                            + fact("data_localisation.available_in_hk")))
        elif available is None:
            flags.append(ReviewFlag(CONFIRM, "data_localisation.available_in_hk",
                                    "availability in Hong Kong is unknown: confirm with the provider"))

    owned = _value(loaded, "data_localisation.ownership_restrictions") or []
    if inst.majority_owner_headquarters == "CN" and "china-majority-owned" in owned:
        reasons.append(("ownership", "the provider's terms bar entities majority-owned from "
                        "mainland China: " + fact("data_localisation.ownership_restrictions")))

    for which, allowed in (("processing", c.processing_jurisdictions),
                           ("storage", c.storage_jurisdictions)):
        if allowed is None:
            continue
        places = _locations(loaded, which)
        path = f"regions.{which}"
        if places is None:
            reasons.append((f"{which}_jurisdictions", f"{which} location is unknown, so the {which} "
                            f"mandate ({', '.join(allowed)}) cannot be shown to hold: {fact(path)}"))
            continue
        outside = [p for p in places if p != "deployer" and p not in allowed]
        if outside:
            reasons.append((f"{which}_jurisdictions", f"{which} outside the allowed jurisdictions "
                            f"({', '.join(allowed)}): " + fact(path)))

    on_premise = _value(loaded, "data_localisation.on_premise")
    if c.require_on_premise and on_premise is not True:
        reasons.append(("require_on_premise",
                        "on-premise deployment required: " + fact("data_localisation.on_premise")))
    if c.require_in_jurisdiction and on_premise is not True:
        places = _locations(loaded, "processing")
        inside = places is not None and all(
            p == "deployer" or p in inst.jurisdictions for p in places
        )
        if not inside:
            reasons.append(("require_in_jurisdiction",
                            "on-premise or in-jurisdiction hosting required, and the offering is "
                            "neither: " + fact("data_localisation.on_premise") + "; "
                            + fact("regions.processing")))

    transfer = _value(loaded, "data_localisation.cross_border_transfer")
    allowed_transfer = {"forbidden": {"none"}, "optional-only": {"none", "optional"}}.get(
        c.cross_border_transfer
    )
    if allowed_transfer is not None and transfer not in allowed_transfer:
        reasons.append(("cross_border_transfer",
                        f"cross-border transfer policy is '{c.cross_border_transfer}': "
                        + fact("data_localisation.cross_border_transfer")))

    if c.no_training_on_our_data:
        trains = _value(loaded, "data_localisation.trains_on_customer_data")
        if trains is True:
            reasons.append(("no_training_on_our_data", "trains on customer data: "
                            + fact("data_localisation.trains_on_customer_data")))
        elif trains is None:
            flags.append(ReviewFlag(CONFIRM, "data_localisation.trains_on_customer_data",
                                    "whether the provider trains on customer data is unknown: get it "
                                    "in writing"))

    reasons.extend(_licence(loaded, assessment, flags, cited))
    reasons.extend(_capabilities(loaded, c.required_capabilities, flags, cited, languages))

    for criterion, minimum in sorted(c.min_scores.items()):
        score = scores.get(criterion)
        if score is not None and score.value < minimum:
            reasons.append(("min_scores",
                            f"{criterion_names.get(criterion, criterion)} scores {score.value:g} < "
                            f"the minimum {minimum:g} (constraints.min_scores)"))
    if c.lock_in_min_points is not None and "lock_in" in scores:
        value = scores["lock_in"].value
        if value < c.lock_in_min_points:
            reasons.append(("lock_in_min_points",
                            f"lock-in too high: {value:g} lock-in points < the ceiling's "
                            f"{c.lock_in_min_points:g} (more points = less lock-in; "
                            "constraints.lock_in_min_points)"))
    return GateOutcome(tuple(text for _, text in reasons), tuple(flags),
                       tuple(cited) if reasons else (), tuple(gate for gate, _ in reasons))


LICENCE_ROUTES = ("self-hosted", "managed-hosting")
"""Routes on which the institution runs the weights (itself or through its contractor), so the
weights' licence governs its use; on the others the provider's service terms do."""


def _licence(loaded: LoadedProfile, assessment: Assessment, flags: list[ReviewFlag],
             cited: list[str]) -> list[tuple[str, str]]:
    """Gates and legal-review flags from the weights' licence and the route's service terms,
    each read where it governs: the licence on routes that run the weights, the service terms
    on a provider's route (where the licence binds the provider, and flows down through it)."""
    reasons: list[tuple[str, str]] = []
    inst = assessment.institution
    runs_weights = loaded.profile.route in LICENCE_ROUTES
    use_path = "licence.commercial_use" if runs_weights else "service_terms.commercial_use"
    commercial = _value(loaded, use_path)
    if commercial == "not-allowed":
        reasons.append(("commercial_use", ("the licence" if runs_weights else "the provider's terms")
                        + " do not allow commercial use: " + _evidence(loaded, use_path, cited)))
    cap = _value(loaded, "licence.user_cap_mau_millions")
    if isinstance(cap, int | float) and inst.customer_mau_millions > cap:
        reasons.append(("user_cap", f"licence user cap ({cap:g}M monthly active users) is below the "
                        f"institution's {inst.customer_mau_millions:g}M: "
                        + _evidence(loaded, "licence.user_cap_mau_millions", cited)))
    if assessment.constraints.require_osi_open:
        kind = _value(loaded, "licence.type")
        if kind != "osi-approved":
            reasons.append(("require_osi_open", "an OSI-approved licence is required: "
                            + _evidence(loaded, "licence.type", cited)))
        elif not runs_weights:
            reasons.append(("require_osi_open",
                            "an OSI-approved licence is required, and on this route the institution "
                            "is bound by the provider's service terms, not the weights' licence: "
                            + _evidence(loaded, "service_terms.agreement", cited)))
    for path, what in (("licence.field_of_use_restrictions", "the licence restricts fields of use"),
                       ("service_terms.financial_services_clauses",
                        "the provider's terms restrict uses")):
        restrictions = _value(loaded, path) or []
        if restrictions:
            flags.append(ReviewFlag(LEGAL, path, f"legal review: {what} (" + ", ".join(restrictions)
                                    + ") that may touch financial services: " + evidence(loaded, path)))
    for path, what in (("licence.territorial_restrictions", "the licence"),
                       ("service_terms.territorial_restrictions", "the provider's terms")):
        territorial = _value(loaded, path) or []
        if territorial:
            hits = [t for t in territorial if any(j.lower() in t for j in inst.jurisdictions)]
            flags.append(ReviewFlag(
                LEGAL, path,
                f"legal review: territorial carve-outs in {what} (" + ", ".join(territorial) + ")"
                + (f", touching {', '.join(inst.jurisdictions)}" if hits else "")
                + ": " + evidence(loaded, path)))
    for path, who in (("licence.remote_restriction", "the licensor"),
                      ("service_terms.remote_restriction", "the provider")):
        if _value(loaded, path) is True:
            flags.append(ReviewFlag(LEGAL, path, f"legal review: {who} may restrict use remotely: "
                                    + evidence(loaded, path)))
    if commercial == "restricted":
        flags.append(ReviewFlag(LEGAL, use_path, "legal review: commercial use is allowed only on "
                                "conditions: " + evidence(loaded, use_path)))
    return reasons


LANGUAGE_NAMES = {"yue": "Cantonese", "zh-hant": "traditional Chinese", "cmn": "Putonghua",
                  "zh": "Chinese", "en": "English"}


def _named(tags: Mapping[str, str]) -> str:
    return ", ".join(f"{t} ({LANGUAGE_NAMES.get(cap, cap)})" for t, cap in tags.items())


def _languages(loaded: LoadedProfile, required: list[str], flags: list[ReviewFlag],
               cited: list[str], measured: MeasuredLanguages) -> list[str]:
    """A required language measured below its task's minimum excludes, whatever the profile
    declares; a measured pass needs no declaration; an unmeasured one falls back on the
    declared list (missing: excluded; declared: passes, flagged "declared, not measured")."""
    path = "adaptability.languages"
    wanted = {tag: capabilities(tag)[0] for tag in required}
    reasons = [f"required language measured below the minimum: {_named({t: cap})} "
               f"(constraints.required_capabilities.languages): {measured.text(cap)}"
               for t, cap in wanted.items() if measured.status(cap) == BELOW]
    rest = {t: cap for t, cap in wanted.items() if measured.status(cap) == DECLARED}
    if not rest:
        return reasons
    tags = _value(loaded, path)
    if tags is None:
        flags.append(ReviewFlag(CONFIRM, path, "required languages (" + ", ".join(rest)
                                + ") cannot be shown: the profile does not record the model's "
                                "languages; test them or ask the vendor"))
        return reasons
    have = {cap for tag in tags for cap in capabilities(tag)}
    missing = {t: cap for t, cap in rest.items() if cap not in have}
    if missing:
        reasons.append(f"required language not evidenced: {_named(missing)} "
                       "(constraints.required_capabilities.languages): "
                       + _evidence(loaded, path, cited))
    declared = {t: cap for t, cap in rest.items() if t not in missing}
    if declared:
        many = len(declared) > 1
        flags.append(ReviewFlag(
            CONFIRM, path, f"required language{'s' if many else ''} {_named(declared)} declared, "
            f"not measured: the profile lists {'them' if many else 'it'} and no evaluation run of "
            f"the assessment measured {'them' if many else 'it'}; run a task in "
            f"{'each' if many else 'it'} on this offering (an evaluations task with language: "
            f"{' / '.join(declared)})"))
    return reasons


def _capabilities(loaded: LoadedProfile, required: RequiredCapabilities,
                  flags: list[ReviewFlag], cited: list[str],
                  measured: MeasuredLanguages = NOT_MEASURED) -> list[tuple[str, str]]:
    """Gates on what the use case requires: languages, context window, input modalities. A
    profile that shows the capability missing excludes the offering; one that does not say is
    flagged, since an unknown cannot be shown to meet a requirement nor to fail it."""
    reasons: list[tuple[str, str]] = []
    if required.languages:
        reasons.extend(("languages", text)
                       for text in _languages(loaded, required.languages, flags, cited, measured))
    if required.min_context_k is not None:
        path = "adaptability.context_window_k"
        window = _value(loaded, path)
        if window is None:
            flags.append(ReviewFlag(CONFIRM, path, f"a context window of at least "
                                    f"{required.min_context_k:g}K tokens is required and the profile "
                                    "does not record it: confirm with the vendor"))
        elif window < required.min_context_k:
            reasons.append(("min_context_k", f"context window {window:g}K tokens < the required "
                            f"{required.min_context_k:g}K (constraints.required_capabilities."
                            "min_context_k): " + _evidence(loaded, path, cited)))
    if required.input_modalities:
        path = "adaptability.input_modalities"
        accepted = _value(loaded, path)
        if accepted is None:
            flags.append(ReviewFlag(CONFIRM, path, "required input modalities ("
                                    + ", ".join(required.input_modalities) + ") cannot be shown: the "
                                    "profile does not record them; confirm with the vendor"))
        else:
            missing = [m for m in required.input_modalities if m not in accepted]
            if missing:
                reasons.append(("input_modalities", "required input modality not accepted: "
                                + ", ".join(missing)
                                + " (constraints.required_capabilities.input_modalities): "
                                + _evidence(loaded, path, cited)))
    return reasons
