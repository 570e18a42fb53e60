"""The bundled catalogue meets the bar a risk committee sets for evidence (issue 14).

Measured on the catalogue's as-of date: at least 30 offerings a Hong Kong institution could
contract in December 2026, from every major developer, including a managed route that keeps
inference in Hong Kong; every known fact sourced; retired offerings kept only as lifecycle
records, which an assessment excludes with their date.
"""

from __future__ import annotations

from collections import Counter
from datetime import date

from selector.audit import audit
from selector.io.paths import default_profiles
from selector.profiles import get_fact, iter_facts, load_profiles
from selector.scoring.lifecycle import lifecycle_state

AS_OF = date(2026, 12, 1)
CONTRACTABLE = {"generally-available", "legacy"}
"""Statuses under which a route still takes new contracts (legacy: served, superseded)."""


def catalogue() -> list:  # type: ignore[type-arg]
    return load_profiles([default_profiles()])


def contractable() -> list:  # type: ignore[type-arg]
    out = []
    for lp in catalogue():
        life = lifecycle_state(lp)
        hk = get_fact(lp.profile, "data_localisation.available_in_hk")
        retiring = life.retires_on is not None and date.fromisoformat(life.retires_on) <= AS_OF
        if life.status in CONTRACTABLE and not retiring and not (hk is not None and hk.value is False):
            out.append(lp)
    return out


def test_thirty_offerings_a_hong_kong_team_could_contract() -> None:
    current = contractable()
    assert len(current) >= 30
    developers = " ".join(lp.profile.model.developer for lp in current if lp.profile.model)
    for vendor in ("OpenAI", "Anthropic", "Google", "Alibaba", "DeepSeek", "Meta", "Mistral",
                   "Microsoft", "IBM", "Amazon", "Moonshot", "Z.ai"):
        assert vendor in developers, vendor
    routes = Counter(lp.profile.route for lp in current)
    assert routes["self-hosted"] >= 8 and routes["cloud-platform"] >= 15


def test_a_managed_route_keeps_inference_in_hong_kong() -> None:
    """Self-hosting is not the only way to keep prompts in Hong Kong (Model Studio's HK scope)."""
    managed = [lp for lp in contractable() if lp.profile.route != "self-hosted"
               and lp.profile.regions is not None and lp.profile.regions.processing.value == ["HK"]]
    assert [lp.profile.id for lp in managed] == ["qwen3-8-omni-flash-model-studio-hk"]
    assert managed[0].profile.regions.processing.confidence == "verified"


def test_every_profile_is_sourced() -> None:
    for lp in catalogue():
        p = lp.profile
        assert p.kind == "offering"
        assert len(p.sources) >= 5, p.id
        assert p.as_of == AS_OF, p.id
        for path, fact in iter_facts(p):
            if fact.known:
                assert fact.source is not None, (p.id, path)
                assert fact.confidence is not None, (p.id, path)
            else:
                assert fact.note, (p.id, path, "say why it is unknown")


def test_retired_offerings_are_kept_as_lifecycle_records() -> None:
    states = {lp.profile.id: lifecycle_state(lp) for lp in catalogue()}
    for pid in ("gemini-vertex-ai", "gemini-developer-api", "deepseek-r1-deepseek-api"):
        assert states[pid].status == "retired" and states[pid].retires_on, pid
    assert states["gpt-4o-openai-api"].status == "deprecated"
    assert states["gpt-4o-openai-api"].retires_on == "2027-01-14"
    # Microsoft moved gpt-4o 2024-11-20 to Legacy until 2027-04-14 (schedule of 10/05/2026).
    assert states["gpt-4o-azure-openai-southeast-asia"].status == "legacy"
    assert states["gpt-4o-azure-openai-southeast-asia"].retires_on == "2027-04-14"


def test_the_evidence_floor_does_not_slip() -> None:
    """The share of applicable decision-critical facts verified from a primary source, as
    `selector audit` reports it: a floor that only moves up (README, vendor_profiles/README.md)."""
    figures = audit(catalogue(), AS_OF).overall
    assert figures["decision_critical_verified_share"] >= FLOOR
    assert figures["decision_critical_unknown_share"] <= 0.20


FLOOR = 0.45
