"""Every hard constraint, positive and negative; review flags never exclude."""

from __future__ import annotations

from typing import Any

import pytest

from helpers import build_assessment, build_profile
from selector import CriterionScore
from selector.review import LEGAL
from selector.scoring.constraints import apply_gates

NAMES = {"security": "Security", "lock_in": "Vendor and infrastructure lock-in"}


def gate(facts: dict[str, Any], scores: dict[str, float] | None = None, extra: dict[str, Any] | None = None,
         **assessment: Any) -> Any:
    loaded = build_profile(facts, extra=extra)
    crit = {k: CriterionScore(k, v, ()) for k, v in (scores or {}).items()}
    return apply_gates(loaded, build_assessment(**assessment), crit, NAMES)


def test_a_clean_offering_passes() -> None:
    out = gate({"data_localisation.available_in_hk": True,
                "data_localisation.trains_on_customer_data": False})
    assert out.reasons == () and out.review_flags == ()


def test_a_fact_two_reasons_cite_is_sourced_once() -> None:
    out = gate({"data_localisation.on_premise": False, "regions.processing": ["JP"]},
               constraints={"processing_jurisdictions": ["HK"], "require_in_jurisdiction": True})
    assert len(out.reasons) == 2 and all("(Source one" not in r for r in out.reasons)
    assert sum(e.startswith("regions.processing = JP (Source one") for e in out.evidence) == 1
    passes = gate({"regions.processing": ["HK"]}, constraints={"processing_jurisdictions": ["HK"]})
    assert passes.reasons == () and passes.evidence == ()


def test_explicit_exclude() -> None:
    assert "constraints.exclude" in gate({}, constraints={"exclude": ["test-offering"]}).reasons[0]
    assert gate({}, constraints={"exclude": ["other"]}).reasons == ()


def test_not_offered_in_hong_kong() -> None:
    out = gate({"data_localisation.available_in_hk": False})
    assert out.reasons and out.reasons[0].startswith("not offered to institutions in Hong Kong")
    assert out.reasons[0].endswith("data_localisation.available_in_hk = false")  # the source, once, below
    assert out.evidence == ("data_localisation.available_in_hk = false (Source one, 2026-10-01, verified)",)
    elsewhere = gate({"data_localisation.available_in_hk": False},
                     institution={"jurisdictions": ["SG"]})
    assert elsewhere.reasons == ()
    unknown = gate({})
    assert unknown.reasons == () and any("Hong Kong is unknown" in f.text for f in unknown.review_flags)


def test_ownership_restriction() -> None:
    facts = {"data_localisation.ownership_restrictions": ["china-majority-owned"]}
    assert gate(facts, institution={"majority_owner_headquarters": "CN"}).reasons
    assert gate(facts, institution={"majority_owner_headquarters": "HK"}).reasons == ()


def test_processing_and_storage_jurisdictions() -> None:
    # BASE profile processes and stores in SG.
    out = gate({}, constraints={"processing_jurisdictions": ["HK"]})
    assert out.reasons[0].startswith("processing outside the allowed jurisdictions (HK)")
    assert gate({}, constraints={"processing_jurisdictions": ["HK", "SG"]}).reasons == ()
    assert gate({}, constraints={"storage_jurisdictions": ["HK"]}).reasons[0].startswith("storage")
    hosted = gate({"regions.processing": ["deployer"]}, constraints={"processing_jurisdictions": ["HK"]})
    assert hosted.reasons == ()
    unknown = gate({"regions.processing": "unknown"}, constraints={"processing_jurisdictions": ["HK"]})
    assert "cannot be shown to hold" in unknown.reasons[0]


def test_on_premise_and_in_jurisdiction() -> None:
    assert gate({"data_localisation.on_premise": False}, constraints={"require_on_premise": True}).reasons
    on_prem = {"data_localisation.on_premise": True}
    assert gate(on_prem, constraints={"require_on_premise": True}).reasons == ()
    assert gate({}, constraints={"require_on_premise": True}).reasons  # unknown fails
    # In-jurisdiction: SG processing for an HK institution fails; HK processing passes.
    assert gate({}, constraints={"require_in_jurisdiction": True}).reasons
    assert gate({"regions.processing": ["HK"]}, constraints={"require_in_jurisdiction": True}).reasons == ()


@pytest.mark.parametrize(
    ("policy", "value", "excluded"),
    [("forbidden", "none", False), ("forbidden", "optional", True), ("forbidden", "required", True),
     ("optional-only", "optional", False), ("optional-only", "required", True),
     ("allowed", "required", False), ("forbidden", "unknown", True)],
)
def test_cross_border_policy(policy: str, value: str, excluded: bool) -> None:
    out = gate({"data_localisation.cross_border_transfer": value},
               constraints={"cross_border_transfer": policy})
    assert bool(out.reasons) is excluded


def test_training_on_customer_data() -> None:
    assert gate({"data_localisation.trains_on_customer_data": True}).reasons
    assert gate({"data_localisation.trains_on_customer_data": True},
                constraints={"no_training_on_our_data": False}).reasons == ()


SELF_HOSTED = {"route": "self-hosted", "openness": "open-weight"}
CLOUD = {"route": "cloud-platform", "openness": "open-weight"}


def test_licence_screening() -> None:
    refused = gate({"licence.commercial_use": "not-allowed"}, extra=SELF_HOSTED).reasons
    assert refused and refused[0].startswith("the licence do not allow commercial use")
    capped = {"licence.user_cap_mau_millions": 100}
    assert gate(capped, institution={"customer_mau_millions": 150}).reasons
    assert gate(capped, institution={"customer_mau_millions": 50}).reasons == ()
    assert gate({"licence.user_cap_mau_millions": "none"},
                institution={"customer_mau_millions": 900}).reasons == ()
    osi = {"require_osi_open": True}
    assert gate({"licence.type": "custom-open"}, extra=SELF_HOSTED, constraints=osi).reasons
    assert gate({"licence.type": "osi-approved"}, extra=SELF_HOSTED, constraints=osi).reasons == ()


def test_each_term_is_read_where_it_governs() -> None:
    """The weights' licence on routes that run the weights; the provider's terms elsewhere."""
    # a research-only licence on the weights does not exclude a provider's commercial route...
    research = {"licence.commercial_use": "not-allowed", "service_terms.commercial_use": "allowed"}
    assert gate(research, extra=CLOUD).reasons == ()
    # ...but the provider's own terms do
    out = gate({"service_terms.commercial_use": "not-allowed"}, extra=CLOUD).reasons
    assert out and out[0].startswith("the provider's terms do not allow commercial use")
    assert gate({"service_terms.commercial_use": "not-allowed"}, extra=SELF_HOSTED).reasons == ()
    # Apache-2.0 weights on a cloud route run under the provider's terms, not the OSI licence
    osi = {"require_osi_open": True}
    reasons = gate({"licence.type": "osi-approved"}, extra=CLOUD, constraints=osi).reasons
    assert reasons and "bound by the provider's service terms" in reasons[0]


def test_legal_review_flags_never_exclude() -> None:
    out = gate({"licence.field_of_use_restrictions": ["credit-discrimination"],
                "licence.territorial_restrictions": ["eu-multimodal"],
                "licence.remote_restriction": True,
                "licence.commercial_use": "restricted"},
               extra=SELF_HOSTED, institution={"jurisdictions": ["HK", "EU"]})
    assert out.reasons == ()
    legal = [f for f in out.review_flags if f.kind == LEGAL]
    assert len(legal) == 4
    assert all(f.text.startswith("legal review") for f in legal)
    assert [f.fact for f in legal] == ["licence.field_of_use_restrictions",
                                       "licence.territorial_restrictions",
                                       "licence.remote_restriction", "licence.commercial_use"]
    terms = gate({"service_terms.financial_services_clauses": ["credit-decisions"],
                  "service_terms.remote_restriction": True}).review_flags
    assert any("the provider's terms restrict uses (credit-decisions)" in f.text for f in terms)
    assert any("the provider may restrict use remotely" in f.text for f in terms)
    assert {f.fact for f in terms if f.kind == LEGAL} == {"service_terms.financial_services_clauses",
                                                          "service_terms.remote_restriction"}
    assert any("touching HK, EU" in f.text for f in legal)


def test_minimum_scores_and_lock_in_ceiling() -> None:
    assert gate({}, scores={"security": 39}, constraints={"min_scores": {"security": 40}}).reasons
    assert gate({}, scores={"security": 40}, constraints={"min_scores": {"security": 40}}).reasons == ()
    out = gate({}, scores={"lock_in": 30}, constraints={"lock_in_min_points": 50})
    assert out.reasons[0].startswith("lock-in too high")
    assert gate({}, scores={"lock_in": 60}, constraints={"lock_in_min_points": 50}).reasons == ()


SELF = {"route": "self-hosted", "openness": "open-weight"}
HK = {"processing_jurisdictions": ["HK"]}


@pytest.mark.parametrize(("gate_id", "facts", "scores", "extra", "assessment", "passes"), [
    ("exclude", {}, None, None, {"constraints": {"exclude": ["test-offering"]}},
     {"constraints": {"exclude": ["other"]}}),
    ("available_in_hk", {"data_localisation.available_in_hk": False}, None, None, {},
     {"institution": {"jurisdictions": ["SG"]}}),
    ("ownership", {"data_localisation.ownership_restrictions": ["china-majority-owned"]}, None, None,
     {"institution": {"majority_owner_headquarters": "CN"}},
     {"institution": {"majority_owner_headquarters": "HK"}}),
    ("processing_jurisdictions", {"regions.processing": ["JP"]}, None, None, {"constraints": HK},
     {"constraints": {"processing_jurisdictions": ["JP"]}}),
    ("storage_jurisdictions", {"regions.storage": ["JP"]}, None, None,
     {"constraints": {"storage_jurisdictions": ["HK"]}}, {"constraints": {"storage_jurisdictions": ["JP"]}}),
    ("require_on_premise", {"data_localisation.on_premise": False}, None, None,
     {"constraints": {"require_on_premise": True}}, {}),
    ("require_in_jurisdiction", {"data_localisation.on_premise": False, "regions.processing": ["JP"]}, None,
     None, {"constraints": {"require_in_jurisdiction": True}}, {}),
    ("cross_border_transfer", {"data_localisation.cross_border_transfer": "required"}, None, None,
     {"constraints": {"cross_border_transfer": "forbidden"}},
     {"constraints": {"cross_border_transfer": "allowed"}}),
    ("no_training_on_our_data", {"data_localisation.trains_on_customer_data": True}, None, None, {},
     {"constraints": {"no_training_on_our_data": False}}),
    ("commercial_use", {"licence.commercial_use": "not-allowed"}, None, SELF, {}, "cloud"),
    ("user_cap", {"licence.user_cap_mau_millions": 100}, None, None,
     {"institution": {"customer_mau_millions": 150}}, {"institution": {"customer_mau_millions": 50}}),
    ("require_osi_open", {"licence.type": "custom-open"}, None, SELF,
     {"constraints": {"require_osi_open": True}}, {}),
    ("min_scores", {}, {"security": 39}, None, {"constraints": {"min_scores": {"security": 40}}},
     {"constraints": {"min_scores": {"security": 30}}}),
    ("lock_in_min_points", {}, {"lock_in": 30}, None, {"constraints": {"lock_in_min_points": 50}},
     {"constraints": {"lock_in_min_points": 20}}),
])
def test_every_reason_names_its_gate(gate_id: str, facts: dict[str, Any], scores: dict[str, float] | None,
                                     extra: dict[str, Any] | None, assessment: dict[str, Any],
                                     passes: Any) -> None:
    """Each gate, fired, tags its reason with its id (the report groups exclusions by it); the
    same offering under a constraint it meets carries no reason and no gate."""
    from selector.scoring.constraints import GATES

    out = gate(facts, scores, extra, **assessment)
    assert gate_id in GATES and out.gates == (gate_id,) and len(out.reasons) == 1
    other = gate(facts, scores, CLOUD if passes == "cloud" else extra,
                 **({} if passes == "cloud" else passes))
    assert other.reasons == () and other.gates == ()


def test_two_gates_two_ids_in_order() -> None:
    out = gate({"data_localisation.on_premise": False, "regions.processing": ["JP"]},
               constraints={"processing_jurisdictions": ["HK"], "require_in_jurisdiction": True})
    assert out.gates == ("processing_jurisdictions", "require_in_jurisdiction")
