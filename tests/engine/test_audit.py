"""`selector audit`: the figures, the decision-critical facts and the CI thresholds."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
import yaml

from helpers import build_profile
from selector import UsageError
from selector.audit import DECISION_CRITICAL, audit, parse_thresholds

TODAY = date(2026, 12, 1)


def test_shares_count_each_kind_of_fact() -> None:
    loaded = build_profile({
        "accessibility.input_price_usd_per_mtok": 2.5,       # verified (helpers' default)
        "accessibility.output_price_usd_per_mtok": "unknown",
        "support.sla_uptime_pct": "not-applicable",
    })
    [row] = audit([loaded], TODAY).profiles
    # processing and storage (verified) + three facts
    assert row.facts == 5
    assert row.verified == 3 and row.unknown == 1 and row.not_applicable == 1
    data = row.as_dict()
    assert data["verified_primary_share"] == pytest.approx(0.6)
    assert data["unknown_share"] == pytest.approx(0.2)
    critical = data["decision_critical"]
    assert set(critical) == set(DECISION_CRITICAL)
    assert critical["accessibility.input_price_usd_per_mtok"] == "verified"
    assert critical["accessibility.output_price_usd_per_mtok"] == "unknown"
    assert critical["support.sla_uptime_pct"] == "not-applicable"
    assert critical["service_terms.ip_indemnity"] == "unknown"  # not stated at all
    assert critical["lifecycle.status"] == "unknown"


def test_the_decision_critical_share_counts_only_applicable_slots() -> None:
    """A fact that cannot apply cannot be verified: it leaves the denominator, not the share."""
    na = build_profile({"support.sla_uptime_pct": "not-applicable",
                        "service_terms.ip_indemnity": "not-applicable"})
    plain = build_profile({"support.sla_uptime_pct": "unknown"})
    result = audit([na], TODAY)
    [row] = result.profiles
    # processing and storage are verified; 14 slots, 2 of them not applicable
    assert row.decision_verified == 2 and row.decision_applicable == len(DECISION_CRITICAL) - 2
    data = row.as_dict()
    assert data["decision_critical_applicable"] == 12
    assert data["decision_critical_verified_share"] == pytest.approx(2 / 12, abs=1e-4)
    assert result.overall["decision_critical_slots"] == 14
    assert result.overall["decision_critical_applicable"] == 12
    assert result.overall["decision_critical_verified_share"] == pytest.approx(2 / 12, abs=1e-4)
    # an unknown slot stays in the denominator (it could apply; nobody knows)
    [other] = audit([plain], TODAY).profiles
    assert other.as_dict()["decision_critical_verified_share"] == pytest.approx(2 / 14, abs=1e-4)
    both = audit([na, build_profile({"support.sla_uptime_pct": "unknown"},
                                    profile_id="other-offering")], TODAY).overall
    assert both["decision_critical_applicable"] == 26
    assert both["decision_critical_verified_share"] == pytest.approx(4 / 26, abs=1e-4)
    assert both["decision_critical_unknown_share"] == pytest.approx(22 / 26, abs=1e-4)


def test_the_table_says_the_critical_share_is_of_applicable_slots(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from selector.cli import main

    data = build_profile({"support.sla_uptime_pct": "not-applicable"}).profile.model_dump(
        mode="json", exclude_none=True)
    (tmp_path / "test-offering.yaml").write_text(yaml.safe_dump(data), encoding="utf-8")
    assert main(["audit", "--profiles", str(tmp_path), "--today", "2026-12-01"]) == 0
    out = capsys.readouterr().out
    assert "critical V of applicable" in out
    assert " 2/13 " in out
    assert "13 of 14 applicable" in out and "15.4% of applicable verified" in out


def test_stale_and_due_facts_follow_the_review_dates() -> None:
    loaded = build_profile(extra={"review_by": date(2027, 1, 15)})
    row = audit([loaded], TODAY).profiles[0]
    assert (row.stale, row.due) == (0, 2)
    row = audit([loaded], date(2027, 2, 1)).profiles[0]
    assert (row.stale, row.due) == (2, 0)


def test_lifecycle_events_within_the_horizon() -> None:
    cite = [{"id": "s1", "locator": "table 1"}]
    loaded = build_profile(extra={"lifecycle": {
        "status": {"value": "deprecated", "sources": cite, "confidence": "verified"},
        "retires_on": {"value": date(2027, 3, 1), "sources": cite, "confidence": "verified"}}})
    assert audit([loaded], TODAY, 365).profiles[0].lifecycle_event == "retires on 2027-03-01 (90 days)"
    assert audit([loaded], TODAY, 30).profiles[0].lifecycle_event is None
    assert audit([loaded], date(2027, 4, 1)).profiles[0].lifecycle_event == "retired on 2027-03-01"


def test_thresholds_fail_only_when_under() -> None:
    result = audit([build_profile({"support.sla_uptime_pct": "unknown"})], TODAY)
    assert result.overall["verified_primary_share"] == pytest.approx(2 / 3, abs=1e-4)
    assert result.below(parse_thresholds("verified=0.6")) == []
    [line] = result.below(parse_thresholds("verified=70"))
    assert line.startswith("verified share 66.7% is under the required 70.0%")


@pytest.mark.parametrize("bad", ["verifed=0.7", "verified", "verified=lots", "verified=150"])
def test_bad_thresholds_are_usage_errors(bad: str) -> None:
    with pytest.raises(UsageError):
        parse_thresholds(bad)


def test_the_command_prints_the_json_contract_and_exits_1_under_a_threshold(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    import json

    from selector.cli import main

    loaded = build_profile({"support.sla_uptime_pct": "unknown"})
    data = loaded.profile.model_dump(mode="json", exclude_none=True)
    (tmp_path / "test-offering.yaml").write_text(yaml.safe_dump(data), encoding="utf-8")
    assert main(["audit", "--profiles", str(tmp_path), "--format", "json",
                 "--today", "2026-12-01"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert {"facts", "verified_primary_share", "unknown_share", "stale"} <= set(out["overall"])
    [row] = out["profiles"]
    assert {"id", "lifecycle_status", "retires_on", "facts", "verified_primary_share",
            "unknown_share", "stale", "decision_critical"} <= set(row)
    assert main(["audit", "--profiles", str(tmp_path), "--fail-under", "verified=0.9"]) == 1
    assert "verified share" in capsys.readouterr().err


def test_the_regulatory_references_are_audited_with_the_catalogue() -> None:
    from selector.checklist import load_catalogue
    from selector.io.paths import bundled

    catalogue = load_catalogue(bundled("criteria") / "checklist.yaml").catalogue
    result = audit([build_profile()], TODAY, catalogue=catalogue)
    overall = result.overall
    assert {"references_stale", "references_superseded", "references_undated"} <= set(overall)
    kinds = {f.kind for f in result.references}
    assert kinds <= {"stale", "superseded", "undated"}
    later = audit([build_profile()], date(2031, 1, 1), catalogue=catalogue)
    assert later.overall["references_stale"] > overall["references_stale"]  # review-by passed


def test_the_ranking_result_carries_the_audit_of_what_it_read() -> None:
    from selector.engine import rank

    result = rank(today=TODAY)
    assert result.audit is not None
    assert {p.id for p in result.audit.profiles} == (
        {r.id for r in result.ranking} | {e.id for e in result.excluded})
    assert result.as_dict()["evidence_audit"]["overall"]["facts"] == result.audit.overall["facts"]


def test_a_successor_profile_must_exist_in_the_catalogue(tmp_path: Path) -> None:
    from selector.errors import InputError
    from selector.profiles import load_profiles

    for pid, successor in (("old-offering", "new-ofering"), ("new-offering", None)):
        extra: dict[str, object] = {"lifecycle": {"successor_profile": successor}} if successor else {}
        data = build_profile(profile_id=pid, extra=extra).profile.model_dump(mode="json",
                                                                              exclude_none=True)
        (tmp_path / f"{pid}.yaml").write_text(yaml.safe_dump(data), encoding="utf-8")
    with pytest.raises(InputError) as caught:
        load_profiles([tmp_path])
    [problem] = caught.value.problems
    assert problem.field == "lifecycle.successor_profile"
    assert "did you mean 'new-offering'?" in problem.message
