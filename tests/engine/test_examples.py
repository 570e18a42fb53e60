"""The four example assessments: regression of their rankings, and why each differs."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from selector.assess import run
from selector.engine import build_result

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
TODAY = date(2026, 12, 1)
"""The bundled catalogue's as-of date."""
API_ROUTES_BLOCKED_IN_HK = {"claude-anthropic-api", "gemini-developer-api", "gpt-4o-openai-api"}
"""Direct APIs whose providers do not serve Hong Kong (their supported-regions lists)."""


def top(name: str, n: int = 3) -> list[str]:
    return [r.id for r in run(EXAMPLES / name, today=TODAY).ranking[:n]]


def excluded(name: str) -> set[str]:
    return {e.id for e in run(EXAMPLES / name, today=TODAY).excluded}


RETIRED = {"gemini-vertex-ai": "2026-10-20", "gemini-developer-api": "2026-12-01",
           "deepseek-r1-deepseek-api": "2025-08-21"}
"""Retired on their routes by the as-of date of the bundled catalogue (their lifecycle blocks)."""

# These tests pin what the bundled catalogue of December 2026 decides, and that no example
# recommends (or offers as runner-up) what cannot be bought for its whole horizon.


@pytest.mark.parametrize("name", ["small-wealth-manager-assistant.yaml",
                                  "large-bank-customer-chatbot-hk.yaml",
                                  "insurer-claims-triage.yaml", "group-hybrid-deployment.yaml"])
def test_no_example_recommends_what_cannot_be_bought(name: str) -> None:
    result = run(EXAMPLES / name, today=TODAY)
    assert not set(RETIRED) & {r.id for r in result.ranking}
    reasons = {e.id: e.reasons[0] for e in result.excluded}
    for pid, day in RETIRED.items():
        assert reasons[pid].startswith(f"retired on {day}"), (pid, reasons[pid])
    end = date(TODAY.year + result.assessment["horizon_years"], TODAY.month, TODAY.day)
    for option in result.ranking[:2]:
        life = result.lifecycle[option.id].state
        assert life.status == "generally-available", (option.id, life.status)
        assert life.retires_on is None or date.fromisoformat(life.retires_on) > end, option.id


def test_small_wealth_manager_keeps_apac_routes_and_drops_the_us_only_one() -> None:
    assert top("small-wealth-manager-assistant.yaml") == [
        "amazon-nova-2-lite-bedrock-jp", "deepseek-v3-2-bedrock-tokyo", "claude-bedrock-tokyo"]
    out = excluded("small-wealth-manager-assistant.yaml")
    assert out >= API_ROUTES_BLOCKED_IN_HK
    assert {"llama-4-maverick-bedrock-us", "llama-3-3-70b-bedrock"} <= out  # US regions only


def test_bank_chatbot_with_hong_kong_only_processing() -> None:
    """The head-office mandate leaves weights the bank runs itself in HK, and one managed route
    whose inference is pinned to Hong Kong; written Chinese is required, so English-only
    models drop out."""
    result = run(EXAMPLES / "large-bank-customer-chatbot-hk.yaml", today=TODAY)
    assert [r.id for r in result.ranking[:3]] == [
        "granite-4-1-30b-self-hosted", "gemma-4-31b-self-hosted", "qwen3-8-27b-self-hosted"]
    managed = [r.id for r in result.ranking if r.route != "self-hosted"]
    assert managed == ["qwen3-8-omni-flash-model-studio-hk"]
    reasons = {e.id: " ".join(e.reasons) for e in result.excluded}
    assert "processing outside the allowed jurisdictions (HK)" in reasons["claude-bedrock-tokyo"]
    for english_only in ("phi-4-reasoning-self-hosted", "llama-4-scout-self-hosted"):
        assert "required language not evidenced: zh" in reasons[english_only]
    flags = result.review_flags["granite-4-1-30b-self-hosted"]
    assert any(str(f).startswith("required languages (zh, en) cannot be shown") for f in flags)


def test_insurer_security_floor_removes_thinly_evidenced_options() -> None:
    """Security weighs 30% and must score 40+: options with little security evidence drop out,
    leaving cloud routes in Japan."""
    assert top("insurer-claims-triage.yaml", 2) == ["amazon-nova-2-lite-bedrock-jp",
                                                     "claude-bedrock-tokyo"]
    out = excluded("insurer-claims-triage.yaml")
    assert {"qwen3-8-27b-self-hosted", "mistral-large-4-self-hosted",
            "granite-4-1-30b-self-hosted", "llama-4-scout-self-hosted"} <= out


def test_group_with_in_house_team_keeps_osi_licensed_weights() -> None:
    """A mainland-owned group (Anthropic's ownership bar applies) that wants to own its
    fine-tunes requires OSI-approved licences and a lock-in ceiling."""
    result = run(EXAMPLES / "group-hybrid-deployment.yaml", today=TODAY)
    assert [r.id for r in result.ranking[:2]] == ["qwen3-8-27b-self-hosted", "gemma-4-31b-self-hosted"]
    assert all(r.route == "self-hosted" for r in result.ranking)
    reasons = {e.id: " ".join(e.reasons) for e in result.excluded}
    assert "majority-owned from mainland China" in reasons["claude-bedrock-tokyo"]
    assert "OSI-approved licence is required" in reasons["llama-4-scout-self-hosted"]
    assert result.weight_steps[-1].kind == "pairwise"


NAMES = sorted(p.name for p in EXAMPLES.glob("*.yaml") if ".checklist." not in p.name)


@pytest.mark.parametrize("name", NAMES)
def test_excluding_never_reorders_the_rest(name: str) -> None:
    """Under the default method the ranked options keep their order with or without exclusions."""
    from selector.assess import load_assessment
    from selector.criteria import load_criteria
    from selector.profiles import load_profiles

    result = run(EXAMPLES / name, today=TODAY)
    la = load_assessment(EXAMPLES / name)
    loaded = load_profiles(la.profiles_paths)
    criteria = load_criteria(la.criteria_path)
    if result.evaluations is not None:  # the performance criterion joins the criteria set
        from selector.evaluations.criterion import with_performance

        criteria, _ = with_performance(criteria, result.evaluations, {})
    everyone = build_result(loaded, criteria, result.traces,
                            {c.id: c.weight for c in result.criteria}, method="wsm", today=TODAY)
    kept = [r.id for r in result.ranking]
    assert [r.id for r in everyone.ranking if r.id in kept] == kept


def test_the_four_examples_recommend_differently() -> None:
    shortlists = {name: tuple(top(name, 2)) for name in NAMES}
    assert len(set(shortlists.values())) == 4


def test_reweight_matches_a_fresh_ranking() -> None:
    """engine.reweight (what the TUI calls) gives the order a full run with those weights gives."""
    from selector.engine import reweight

    result = run(EXAMPLES / "small-wealth-manager-assistant.yaml", today=TODAY)
    weights = {c.id: c.weight for c in result.criteria}
    weights["data_localisation"] = 0.6
    moved = reweight(result, weights)
    fresh = run(EXAMPLES / "small-wealth-manager-assistant.yaml", today=TODAY,
                weights={k: v for k, v in weights.items()})
    assert [r.id for r in moved.ranking] == [r.id for r in fresh.ranking]
    assert [r.score for r in moved.ranking] == pytest.approx([r.score for r in fresh.ranking])
    assert moved.ranking[0].id != result.ranking[0].id
    assert moved.excluded == result.excluded
    topsis = reweight(result, weights, method="topsis")
    assert topsis.method == "topsis" and 0 <= topsis.ranking[0].score <= 1
