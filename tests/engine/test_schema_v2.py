"""Profile schema v2: BCP 47 languages, not-applicable, partial dates, citations, certifications."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from helpers import TODAY, build_profile
from selector import InputError
from selector.models.common import first_day, last_day
from selector.models.languages import capabilities, normalise
from selector.scoring.rubric import score_criterion


@pytest.mark.parametrize("tag, normal, caps", [
    ("en", "en", ("en",)),
    ("en-gb", "en-GB", ("en",)),
    ("yue", "yue", ("yue",)),
    ("yue-hant", "yue-Hant", ("yue", "zh-hant")),
    ("zh", "zh", ("zh",)),
    ("zh-hant", "zh-Hant", ("zh-hant", "zh")),
    ("ZH-hk", "zh-HK", ("yue", "zh-hant", "zh")),
    ("zh-hant-hk", "zh-Hant-HK", ("yue", "zh-hant", "zh")),
    ("zh-CN", "zh-CN", ("cmn", "zh")),
    ("zh-Hans", "zh-Hans", ("cmn", "zh")),
    ("cmn", "cmn", ("cmn",)),
])
def test_language_tags_are_normalised_and_read_through_their_subtags(
    tag: str, normal: str, caps: tuple[str, ...]
) -> None:
    assert normalise(tag) == normal
    assert capabilities(normal) == caps


@pytest.mark.parametrize("bad", ["Cantonese", "e", "en_GB", "zh-"])
def test_a_word_that_is_not_a_tag_is_refused(bad: str) -> None:
    with pytest.raises(ValueError):
        normalise(bad)


def _points(box1: Any, criterion: str, rule: str, facts: dict[str, Any]) -> float:
    spec = next(c for c in box1.criteria_set.criteria if c.id == criterion)
    trace = score_criterion(spec, build_profile(facts), TODAY).trace
    return next(e.points for e in trace if e.rule == rule)


def test_cantonese_and_traditional_chinese_score_however_they_are_written(box1: Any) -> None:
    def langs(*tags: str) -> float:
        return _points(box1, "adaptability", "adp-languages", {"adaptability.languages": list(tags)})

    assert langs("zh-HK") == langs("yue", "zh-Hant") == 12 + 6 + 8
    assert langs("yue") == 12
    assert langs("zh-Hant") == 6 + 8
    assert langs("zh") == 8
    assert langs("en-GB", "zh-CN") == 10 + 8 + 8
    assert langs("en", "yue", "cmn", "zh-Hant") == 30  # the cap


def test_not_applicable_scores_the_rules_stated_points_and_is_not_unknown(box1: Any) -> None:
    spec = next(c for c in box1.criteria_set.criteria if c.id == "support")
    trace = score_criterion(spec, build_profile({"support.sla_uptime_pct": "not-applicable"}),
                            TODAY).trace
    entry = next(e for e in trace if e.rule == "sup-sla")
    assert entry.value == "not-applicable" and entry.points == 0
    assert "unknown" not in entry.flags
    assert entry.outcome == "not applicable earns 0"


def test_partial_dates_mean_their_whole_period() -> None:
    assert (first_day("2026-03"), last_day("2026-03")) == (date(2026, 3, 1), date(2026, 3, 31))
    assert (first_day("2026"), last_day("2026")) == (date(2026, 1, 1), date(2026, 12, 31))
    assert last_day("2024-02") == date(2024, 2, 29)


def test_a_source_may_bear_a_partial_date_and_a_fact_several_citations() -> None:
    loaded = build_profile(extra={
        "sources": [
            {"id": "s1", "title": "Source one", "url": "https://example.org/s1",
             "kind": "vendor-documentation", "date": "2026-03"},
            {"id": "s2", "title": "Terms", "url": "https://example.org/terms", "kind": "terms",
             "date": "2026"},
        ],
        "service_terms": {"ip_indemnity": {"value": "conditional", "confidence": "verified", "sources": [
            {"id": "s2", "locator": "section 12.3"}, "s1"]}},
    })
    fact = loaded.profile.service_terms.ip_indemnity
    assert fact is not None and [c.id for c in fact.sources] == ["s2", "s1"]
    assert fact.source == "s2" and fact.locator == "section 12.3"


def test_retention_may_be_indefinite_and_certifications_are_an_open_list() -> None:
    loaded = build_profile({"data_localisation.retention_days": "indefinite",
                            "security.attestations": ["bsi-c5", "aic4", "iso27001", "x-local-scheme"]})
    attestations = loaded.profile.security.attestations
    assert attestations is not None and "bsi-c5" in attestations.value
    with pytest.raises(InputError):
        build_profile({"security.attestations": ["ISO 27001"]})


def test_an_unknown_certification_id_gets_a_suggestion() -> None:
    with pytest.raises(InputError) as caught:
        build_profile({"security.attestations": ["soc2-typ2"]})
    assert "did you mean 'soc2-type2'?" in str(caught.value)
