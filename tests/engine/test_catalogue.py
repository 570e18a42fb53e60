"""The bundled catalogue meets the bar a risk committee sets for evidence."""

from __future__ import annotations

from collections import Counter

from selector.io.paths import default_profiles
from selector.profiles import iter_facts, load_profiles


def test_catalogue_is_valid_and_broad() -> None:
    loaded = load_profiles([default_profiles()])
    assert len(loaded) >= 14
    openness = Counter(p.profile.openness for p in loaded)
    assert openness["open-weight"] + openness["open-source"] >= 5
    assert openness["proprietary"] >= 5
    routes = Counter(p.profile.route for p in loaded)
    assert routes["self-hosted"] >= 5 and routes["vendor-api"] >= 2
    assert routes["cloud-platform"] >= 2


def test_every_profile_is_sourced() -> None:
    for lp in load_profiles([default_profiles()]):
        p = lp.profile
        assert p.kind == "offering"
        assert len(p.sources) >= 5, p.id
        for path, fact in iter_facts(p):
            if fact.known:
                assert fact.source is not None, (p.id, path)
                assert fact.confidence is not None, (p.id, path)
            else:
                assert fact.note, (p.id, path, "say why it is unknown")


def test_required_offerings_are_present() -> None:
    ids = {lp.profile.id for lp in load_profiles([default_profiles()])}
    expected = {
        "llama-3-3-70b-self-hosted", "deepseek-r1-self-hosted", "qwen-2-5-72b-self-hosted",
        "mistral-large-3-self-hosted", "granite-4-0-h-small-self-hosted", "hkgai-v1-self-hosted",
        "gpt-4o-openai-api", "gpt-4o-azure-openai-southeast-asia", "claude-anthropic-api",
        "claude-bedrock-tokyo", "gemini-vertex-ai", "llama-3-3-70b-bedrock",
    }
    assert expected <= ids
