"""Every rule of criteria/box1.yaml, pinned: each fact value and the points it must earn.

If a rule's points change on purpose, change this table in the same commit.
"""

from __future__ import annotations

import re
from typing import Any

import pytest

from helpers import TODAY, build_profile
from selector.criteria import rubric_max
from selector.scoring.rubric import FLAG_STALE, FLAG_UNKNOWN, FLAG_UNVERIFIED, score_criterion

# (criterion, rule id, fact path, value, points)
PINS: list[tuple[str, str, str, Any, float]] = [
    ("accessibility", "acc-licence-fee", "accessibility.licence_fee", "none", 30),
    ("accessibility", "acc-licence-fee", "accessibility.licence_fee", "usage-based", 20),
    ("accessibility", "acc-licence-fee", "accessibility.licence_fee", "subscription", 12),
    ("accessibility", "acc-licence-fee", "accessibility.licence_fee", "enterprise-contract", 8),
    ("accessibility", "acc-output-price", "accessibility.output_price_usd_per_mtok", 0, 15),
    ("accessibility", "acc-output-price", "accessibility.output_price_usd_per_mtok", 1, 15),
    ("accessibility", "acc-output-price", "accessibility.output_price_usd_per_mtok", 1.01, 11),
    ("accessibility", "acc-output-price", "accessibility.output_price_usd_per_mtok", 5, 11),
    ("accessibility", "acc-output-price", "accessibility.output_price_usd_per_mtok", 15, 6),
    ("accessibility", "acc-output-price", "accessibility.output_price_usd_per_mtok", 60, 2),
    ("accessibility", "acc-output-price", "accessibility.output_price_usd_per_mtok", "not-applicable", 15),
    ("accessibility", "acc-infrastructure", "accessibility.infrastructure_need", "none", 25),
    ("accessibility", "acc-infrastructure", "accessibility.infrastructure_need", "low", 18),
    ("accessibility", "acc-infrastructure", "accessibility.infrastructure_need", "medium", 9),
    ("accessibility", "acc-infrastructure", "accessibility.infrastructure_need", "high", 0),
    ("accessibility", "acc-talent", "accessibility.talent_need", "low", 20),
    ("accessibility", "acc-talent", "accessibility.talent_need", "medium", 10),
    ("accessibility", "acc-talent", "accessibility.talent_need", "high", 0),
    ("accessibility", "acc-ready-to-use", "accessibility.ready_to_use", True, 10),
    ("accessibility", "acc-ready-to-use", "accessibility.ready_to_use", False, 0),
    ("transparency", "trn-weights", "transparency.weights", "open", 12),
    ("transparency", "trn-weights", "transparency.weights", "summary", 4),
    ("transparency", "trn-weights", "transparency.weights", "closed", 0),
    ("transparency", "trn-source-code", "transparency.source_code", "open", 10),
    ("transparency", "trn-source-code", "transparency.source_code", "summary", 4),
    ("transparency", "trn-source-code", "transparency.source_code", "closed", 0),
    ("transparency", "trn-architecture", "transparency.architecture", "open", 8),
    ("transparency", "trn-architecture", "transparency.architecture", "summary", 4),
    ("transparency", "trn-architecture", "transparency.architecture", "closed", 0),
    ("transparency", "trn-training-data", "transparency.training_data", "open", 12),
    ("transparency", "trn-training-data", "transparency.training_data", "summary", 5),
    ("transparency", "trn-training-data", "transparency.training_data", "closed", 0),
    ("transparency", "trn-training-parameters", "transparency.training_parameters", "open", 5),
    ("transparency", "trn-training-parameters", "transparency.training_parameters", "summary", 2),
    ("transparency", "trn-training-parameters", "transparency.training_parameters", "closed", 0),
    ("transparency", "trn-documentation", "transparency.documentation", "technical-report", 10),
    ("transparency", "trn-documentation", "transparency.documentation", "model-card", 7),
    ("transparency", "trn-documentation", "transparency.documentation", "basic", 3),
    ("transparency", "trn-documentation", "transparency.documentation", "none", 0),
    ("transparency", "trn-fmti", "transparency.fmti_score", 95, 15),
    ("transparency", "trn-fmti", "transparency.fmti_score", 75, 15),
    ("transparency", "trn-fmti", "transparency.fmti_score", 74.9, 11),
    ("transparency", "trn-fmti", "transparency.fmti_score", 50, 11),
    ("transparency", "trn-fmti", "transparency.fmti_score", 46, 8),
    ("transparency", "trn-fmti", "transparency.fmti_score", 35, 8),
    ("transparency", "trn-fmti", "transparency.fmti_score", 31, 4),
    ("transparency", "trn-fmti", "transparency.fmti_score", 18, 0),
    ("transparency", "trn-explanations", "transparency.output_explanations", True, 14),
    ("transparency", "trn-explanations", "transparency.output_explanations", False, 0),
    ("transparency", "trn-logging", "transparency.usage_logging", True, 14),
    ("transparency", "trn-logging", "transparency.usage_logging", False, 0),
    ("adaptability", "adp-fine-tuning", "adaptability.fine_tuning", "full-weights", 40),
    ("adaptability", "adp-fine-tuning", "adaptability.fine_tuning", "vendor-managed", 30),
    ("adaptability", "adp-fine-tuning", "adaptability.fine_tuning", "none", 0),
    ("adaptability", "adp-customisation-by", "adaptability.customisation_by", "either", 20),
    ("adaptability", "adp-customisation-by", "adaptability.customisation_by", "in-house", 12),
    ("adaptability", "adp-customisation-by", "adaptability.customisation_by", "provider", 12),
    ("adaptability", "adp-languages", "adaptability.languages", ["en", "yue", "cmn"], 30),
    ("adaptability", "adp-languages", "adaptability.languages", ["en"], 10),
    ("adaptability", "adp-languages", "adaptability.languages", ["yue"], 12),
    ("adaptability", "adp-languages", "adaptability.languages", ["en", "cmn", "fr"], 18),
    ("adaptability", "adp-languages", "adaptability.languages", ["fr", "de"], 0),
    ("adaptability", "adp-languages", "adaptability.languages", ["zh", "en"], 18),
    ("adaptability", "adp-languages", "adaptability.languages", ["yue", "zh", "en"], 30),
    ("adaptability", "adp-languages", "adaptability.languages", [], 0),
    ("adaptability", "adp-context", "adaptability.context_window_k", 200, 10),
    ("adaptability", "adp-context", "adaptability.context_window_k", 128, 10),
    ("adaptability", "adp-context", "adaptability.context_window_k", 64, 6),
    ("adaptability", "adp-context", "adaptability.context_window_k", 8, 2),
    ("liability", "lia-ip-indemnity", "service_terms.ip_indemnity", "full", 30),
    ("liability", "lia-ip-indemnity", "service_terms.ip_indemnity", "conditional", 22),
    ("liability", "lia-ip-indemnity", "service_terms.ip_indemnity", "none", 0),
    ("liability", "lia-provider-liability", "service_terms.provider_liability", "full", 25),
    ("liability", "lia-provider-liability", "service_terms.provider_liability", "partial", 15),
    ("liability", "lia-provider-liability", "service_terms.provider_liability", "none", 0),
    ("liability", "lia-commercial-use", "licence.commercial_use", "allowed", 8),
    ("liability", "lia-commercial-use", "licence.commercial_use", "restricted", 4),
    ("liability", "lia-commercial-use", "licence.commercial_use", "not-allowed", 0),
    ("liability", "lia-commercial-use", "licence.commercial_use", "not-applicable", 8),
    ("liability", "lia-terms-commercial-use", "service_terms.commercial_use", "allowed", 7),
    ("liability", "lia-terms-commercial-use", "service_terms.commercial_use", "restricted", 4),
    ("liability", "lia-terms-commercial-use", "service_terms.commercial_use", "not-allowed", 0),
    ("liability", "lia-terms-commercial-use", "service_terms.commercial_use", "not-applicable", 7),
    ("liability", "lia-field-of-use", "licence.field_of_use_restrictions", [], 8),
    ("liability", "lia-field-of-use", "licence.field_of_use_restrictions",
     ["credit-discrimination"], 0),
    ("liability", "lia-field-of-use", "licence.field_of_use_restrictions", "not-applicable", 8),
    ("liability", "lia-financial-services-clauses", "service_terms.financial_services_clauses", [], 7),
    ("liability", "lia-financial-services-clauses", "service_terms.financial_services_clauses",
     ["credit-decisions"], 0),
    ("liability", "lia-financial-services-clauses", "service_terms.financial_services_clauses",
     "not-applicable", 7),
    ("liability", "lia-remote-restriction", "licence.remote_restriction", False, 5),
    ("liability", "lia-remote-restriction", "licence.remote_restriction", True, 0),
    ("liability", "lia-remote-restriction", "licence.remote_restriction", "not-applicable", 5),
    ("liability", "lia-terms-remote-restriction", "service_terms.remote_restriction", False, 5),
    ("liability", "lia-terms-remote-restriction", "service_terms.remote_restriction", True, 0),
    ("liability", "lia-terms-remote-restriction", "service_terms.remote_restriction",
     "not-applicable", 5),
    ("liability", "lia-territorial", "licence.territorial_restrictions", [], 5),
    ("liability", "lia-territorial", "licence.territorial_restrictions", ["eu-multimodal"], 0),
    ("liability", "lia-territorial", "licence.territorial_restrictions", "not-applicable", 5),
    ("support", "sup-tiers", "support.support_tiers", "enterprise", 35),
    ("support", "sup-tiers", "support.support_tiers", "paid", 25),
    ("support", "sup-tiers", "support.support_tiers", "community", 10),
    ("support", "sup-tiers", "support.support_tiers", "none", 0),
    ("support", "sup-sla", "support.sla_uptime_pct", 99.95, 25),
    ("support", "sup-sla", "support.sla_uptime_pct", 99.9, 25),
    ("support", "sup-sla", "support.sla_uptime_pct", 99.5, 18),
    ("support", "sup-sla", "support.sla_uptime_pct", 99.0, 10),
    ("support", "sup-sla", "support.sla_uptime_pct", 95, 5),
    ("support", "sup-sla", "support.sla_uptime_pct", "none", 0),
    ("support", "sup-third-party", "support.third_party_support", True, 20),
    ("support", "sup-third-party", "support.third_party_support", False, 0),
    ("support", "sup-services", "support.professional_services", True, 20),
    ("support", "sup-services", "support.professional_services", False, 0),
    ("security", "sec-community", "security.community", "large", 30),
    ("security", "sec-community", "security.community", "medium", 18),
    ("security", "sec-community", "security.community", "small", 8),
    ("security", "sec-community", "security.community", "none", 0),
    ("security", "sec-attestations", "security.attestations",
     ["soc2-type2", "iso27001", "iso42001"], 30),
    ("security", "sec-attestations", "security.attestations",
     ["soc2-type2", "iso27001", "iso42001", "iso27017"], 30),
    ("security", "sec-attestations", "security.attestations", ["soc2-type2", "iso27017"], 13),
    ("security", "sec-attestations", "security.attestations", ["soc2-type1"], 4),
    ("security", "sec-attestations", "security.attestations", ["csa-star", "iso27701"], 4),
    ("security", "sec-attestations", "security.attestations", ["iso27018"], 3),
    ("security", "sec-attestations", "security.attestations", [], 0),
    ("security", "sec-red-teaming", "security.red_teaming", "external", 20),
    ("security", "sec-red-teaming", "security.red_teaming", "internal", 12),
    ("security", "sec-red-teaming", "security.red_teaming", "none", 0),
    ("security", "sec-bug-bounty", "security.bug_bounty", True, 15),
    ("security", "sec-bug-bounty", "security.bug_bounty", False, 0),
    ("security", "sec-content-filtering", "security.content_filtering", True, 15),
    ("security", "sec-content-filtering", "security.content_filtering", False, 0),
    ("security", "sec-gpai-code", "security.eu_gpai_code", "signed", 10),
    ("security", "sec-gpai-code", "security.eu_gpai_code", "partial", 5),
    ("security", "sec-gpai-code", "security.eu_gpai_code", "not-signed", 0),
    ("security", "sec-isolation", "data_localisation.on_premise", True, 10),
    ("security", "sec-isolation", "data_localisation.on_premise", False, 0),
    ("lock_in", "lck-fine-tune-portability", "lock_in.fine_tune_portability", "high", 20),
    ("lock_in", "lck-fine-tune-portability", "lock_in.fine_tune_portability", "low", 8),
    ("lock_in", "lck-fine-tune-portability", "lock_in.fine_tune_portability", "none", 0),
    ("lock_in", "lck-same-model-elsewhere", "lock_in.same_model_elsewhere", True, 20),
    ("lock_in", "lck-same-model-elsewhere", "lock_in.same_model_elsewhere", False, 0),
    ("lock_in", "lck-prompt-portability", "lock_in.prompt_portability", "high", 15),
    ("lock_in", "lck-prompt-portability", "lock_in.prompt_portability", "medium", 9),
    ("lock_in", "lck-prompt-portability", "lock_in.prompt_portability", "low", 3),
    ("lock_in", "lck-infrastructure", "lock_in.infrastructure", "commodity", 20),
    ("lock_in", "lck-infrastructure", "lock_in.infrastructure", "specialised", 10),
    ("lock_in", "lck-infrastructure", "lock_in.infrastructure", "provider-proprietary", 4),
    ("lock_in", "lck-weights-held", "transparency.weights", "open", 7),
    ("lock_in", "lck-weights-held", "transparency.weights", "summary", 0),
    ("lock_in", "lck-weights-held", "transparency.weights", "closed", 0),
    ("lock_in", "lck-deprecation-notice", "lock_in.deprecation_notice_days", 365, 7),
    ("lock_in", "lck-deprecation-notice", "lock_in.deprecation_notice_days", 180, 5),
    ("lock_in", "lck-deprecation-notice", "lock_in.deprecation_notice_days", 90, 3),
    ("lock_in", "lck-deprecation-notice", "lock_in.deprecation_notice_days", 30, 0),
    ("lock_in", "lck-version-pinning", "lock_in.version_pinning", True, 8),
    ("lock_in", "lck-version-pinning", "lock_in.version_pinning", False, 0),
    ("lock_in", "lck-data-export", "lock_in.data_export", True, 10),
    ("lock_in", "lck-data-export", "lock_in.data_export", False, 0),
    ("data_localisation", "loc-hk-processing", "data_localisation.hk_processing", True, 30),
    ("data_localisation", "loc-hk-processing", "data_localisation.hk_processing", False, 0),
    ("data_localisation", "loc-on-premise", "data_localisation.on_premise", True, 20),
    ("data_localisation", "loc-on-premise", "data_localisation.on_premise", False, 0),
    ("data_localisation", "loc-cross-border", "data_localisation.cross_border_transfer", "none", 15),
    ("data_localisation", "loc-cross-border", "data_localisation.cross_border_transfer",
     "optional", 8),
    ("data_localisation", "loc-cross-border", "data_localisation.cross_border_transfer",
     "required", 0),
    ("data_localisation", "loc-available-in-hk", "data_localisation.available_in_hk", True, 10),
    ("data_localisation", "loc-available-in-hk", "data_localisation.available_in_hk", False, 0),
    ("data_localisation", "loc-no-training-on-data",
     "data_localisation.trains_on_customer_data", False, 10),
    ("data_localisation", "loc-no-training-on-data",
     "data_localisation.trains_on_customer_data", True, 0),
    ("data_localisation", "loc-retention", "data_localisation.retention_days", 0, 10),
    ("data_localisation", "loc-retention", "data_localisation.retention_days", 30, 6),
    ("data_localisation", "loc-retention", "data_localisation.retention_days", 31, 2),
    ("data_localisation", "loc-ownership", "data_localisation.ownership_restrictions", [], 5),
    ("data_localisation", "loc-ownership", "data_localisation.ownership_restrictions",
     ["china-majority-owned"], 0),
]


def _entry(box1: Any, criterion_id: str, rule: str, fact: str, value: Any) -> Any:
    criterion = next(c for c in box1.criteria_set.criteria if c.id == criterion_id)
    score = score_criterion(criterion, build_profile({fact: value}), TODAY)
    return next(e for e in score.trace if e.rule == rule)


@pytest.mark.parametrize(("criterion", "rule", "fact", "value", "points"), PINS)
def test_rule_awards_pinned_points(
    box1: Any, criterion: str, rule: str, fact: str, value: Any, points: float
) -> None:
    entry = _entry(box1, criterion, rule, fact, value)
    assert entry.points == pytest.approx(points)
    assert entry.fact == fact
    assert entry.source == "s1" and entry.confidence == "verified"
    # A declared language list is counted on the declaration alone (nothing measured it here).
    declared = fact == "adaptability.languages" and bool(value)
    assert entry.flags == (("declared",) if declared else ())


def test_every_rule_is_pinned(box1: Any) -> None:
    pinned = {(c, r) for c, r, *_ in PINS}
    rules: set[tuple[str, str]] = set()
    for criterion in box1.criteria_set.criteria:
        for rule in criterion.rubric or ():
            for leaf in rule.best_of or [rule]:
                rules.add((criterion.id, leaf.id))
    assert rules == pinned


def test_every_rubric_sums_to_100(box1: Any) -> None:
    for criterion in box1.criteria_set.criteria:
        assert rubric_max(criterion) == 100


def test_every_top_rule_cites_the_report(box1: Any) -> None:
    for criterion in box1.criteria_set.criteria:
        for rule in criterion.rubric or ():
            assert rule.why and rule.cite and rule.cite.section
            assert not re.search(r"\bL\d{2,}", rule.cite.section), "cite the section, not lines"


def test_unknown_fact_earns_nothing_and_is_flagged(box1: Any) -> None:
    criterion = next(c for c in box1.criteria_set.criteria if c.id == "accessibility")
    score = score_criterion(criterion, build_profile({}), TODAY)
    assert score.value == 0
    assert all(FLAG_UNKNOWN in e.flags for e in score.trace)
    explicit = score_criterion(
        criterion, build_profile({"accessibility.licence_fee": "unknown"}), TODAY
    )
    entry = next(e for e in explicit.trace if e.rule == "acc-licence-fee")
    assert entry.points == 0 and FLAG_UNKNOWN in entry.flags


def test_unverified_fact_counts_but_is_flagged(box1: Any) -> None:
    criterion = next(c for c in box1.criteria_set.criteria if c.id == "support")
    loaded = build_profile({"support.support_tiers": "enterprise"}, confidence="unverified")
    entry = next(e for e in score_criterion(criterion, loaded, TODAY).trace
                 if e.rule == "sup-tiers")
    assert entry.points == 35
    assert entry.flags == (FLAG_UNVERIFIED,)


def test_facts_past_review_by_are_stale(box1: Any) -> None:
    from datetime import date

    criterion = next(c for c in box1.criteria_set.criteria if c.id == "support")
    loaded = build_profile({"support.support_tiers": "paid"})
    after = date(2027, 5, 2)
    entry = next(e for e in score_criterion(criterion, loaded, after).trace
                 if e.rule == "sup-tiers")
    assert entry.points == 25 and FLAG_STALE in entry.flags
    on_the_day = next(e for e in score_criterion(criterion, loaded, date(2027, 5, 1)).trace
                      if e.rule == "sup-tiers")
    assert FLAG_STALE not in on_the_day.flags


def test_fact_review_by_overrides_profile(box1: Any) -> None:
    from datetime import date

    criterion = next(c for c in box1.criteria_set.criteria if c.id == "support")
    loaded = build_profile(
        extra={"support": {"support_tiers": {"value": "paid", "sources": [{"id": "s1", "locator": "s. 2"}],
                                             "confidence": "verified",
                                             "review_by": date(2026, 1, 1)}}}
    )
    entry = next(e for e in score_criterion(criterion, loaded, TODAY).trace
                 if e.rule == "sup-tiers")
    assert FLAG_STALE in entry.flags


def test_best_of_counts_the_stronger_mechanism(box1: Any) -> None:
    criterion = next(c for c in box1.criteria_set.criteria if c.id == "security")
    loaded = build_profile({"security.community": "medium",
                            "security.attestations": ["soc2-type2", "iso27001"]})
    score = score_criterion(criterion, loaded, TODAY)
    counted = [e for e in score.trace if e.counted and e.rule.startswith("sec-")]
    community = next(e for e in score.trace if e.rule == "sec-community")
    attest = next(e for e in score.trace if e.rule == "sec-attestations")
    assert attest.counted and attest.points == 20
    assert not community.counted
    assert score.value == 20 + 0  # other security facts unknown
    assert len([e for e in counted if e.rule in {"sec-community", "sec-attestations"}]) == 1


def test_unknown_alternative_only_flagged_when_it_could_raise_the_score(box1: Any) -> None:
    criterion = next(c for c in box1.criteria_set.criteria if c.id == "security")
    full = build_profile({"security.attestations": ["soc2-type2", "iso27001", "iso42001"]})
    entry = next(e for e in score_criterion(criterion, full, TODAY).trace
                 if e.rule == "sec-community")
    assert FLAG_UNKNOWN not in entry.flags
    partial = build_profile({"security.attestations": ["soc2-type2"]})
    entry = next(e for e in score_criterion(criterion, partial, TODAY).trace
                 if e.rule == "sec-community")
    assert FLAG_UNKNOWN in entry.flags


def test_trace_carries_source_and_date(box1: Any) -> None:
    criterion = next(c for c in box1.criteria_set.criteria if c.id == "liability")
    loaded = build_profile({"service_terms.ip_indemnity": "conditional"})
    entry = next(e for e in score_criterion(criterion, loaded, TODAY).trace
                 if e.rule == "lia-ip-indemnity")
    assert entry.source_title == "Source one"
    assert entry.source_url == "https://example.org/s1"
    assert entry.as_of == "2026-10-01"  # the source's date: the fact gives none
    assert entry.cite == "HKIMR report, ch. 3 interviews, provider controls"
