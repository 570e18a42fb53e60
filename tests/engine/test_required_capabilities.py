"""Required capabilities as gates (issue 15, item 6): languages, context window, modalities.

Each gate both ways: the offering that shows the capability passes, the one that shows it missing
is excluded with the fact and its source, and the one whose profile does not say is flagged.
"""

from __future__ import annotations

from typing import Any

import pytest

from helpers import build_assessment, build_profile
from selector.scoring.constraints import apply_gates


def gate(facts: dict[str, Any], **required: Any) -> Any:
    assessment = build_assessment(constraints={"required_capabilities": required})
    return apply_gates(build_profile(facts), assessment, {}, {})


@pytest.mark.parametrize(("tags", "required", "excluded"), [
    (["en", "zh-HK"], ["yue", "zh-Hant", "en"], False),  # zh-HK: Cantonese, traditional script
    (["en", "yue-Hant"], ["yue", "zh-Hant"], False),
    (["en-GB", "zh-Hant"], ["en", "zh-Hant"], False),
    (["en", "zh"], ["yue"], True),                       # written Chinese is not Cantonese
    (["en", "zh"], ["zh-Hant"], True),
    (["en", "zh-CN"], ["cmn"], False),
    (["en"], ["cmn"], True),
])
def test_languages_are_read_through_their_subtags(tags: list[str], required: list[str],
                                                  excluded: bool) -> None:
    out = gate({"adaptability.languages": tags}, languages=required)
    assert bool(out.reasons) is excluded
    if excluded:
        assert out.reasons[0].startswith("required language not evidenced")
        assert "adaptability.languages = " in out.reasons[0] and "Source one" not in out.reasons[0]
        assert any(e.startswith("adaptability.languages = ") and "Source one" in e for e in out.evidence)


def test_unknown_languages_flag_and_do_not_exclude() -> None:
    out = gate({"adaptability.languages": "unknown"}, languages=["yue"])
    assert out.reasons == ()
    assert any(f.startswith("required languages (yue) cannot be shown") for f in map(str, out.review_flags))
    assert gate({}, languages=["yue"]).reasons == ()


def test_minimum_context_window() -> None:
    assert gate({"adaptability.context_window_k": 128}, min_context_k=128).reasons == ()
    short = gate({"adaptability.context_window_k": 16}, min_context_k=128)
    assert short.reasons[0].startswith("context window 16K tokens < the required 128K")
    unknown = gate({}, min_context_k=128)
    assert unknown.reasons == ()
    assert any("128K tokens is required" in f for f in map(str, unknown.review_flags))


def test_input_modalities() -> None:
    both = gate({"adaptability.input_modalities": ["text", "image", "document"]},
                input_modalities=["text", "document"])
    assert both.reasons == ()
    text_only = gate({"adaptability.input_modalities": ["text"]}, input_modalities=["text", "image"])
    assert text_only.reasons[0].startswith("required input modality not accepted: image")
    unknown = gate({}, input_modalities=["image"])
    assert unknown.reasons == ()
    assert any("input modalities (image)" in f for f in map(str, unknown.review_flags))


def test_no_requirement_no_gate() -> None:
    out = gate({"adaptability.languages": ["en"], "adaptability.context_window_k": 4})
    assert out.reasons == () and not any("required" in f for f in map(str, out.review_flags))


def test_required_languages_must_be_language_tags() -> None:
    from pydantic import ValidationError

    with pytest.raises(ValidationError):
        build_assessment(constraints={"required_capabilities": {"languages": ["Cantonese!"]}})


@pytest.mark.parametrize(("facts", "required", "gate_id"), [
    ({"adaptability.languages": ["en"]}, {"languages": ["yue"]}, "languages"),
    ({"adaptability.context_window_k": 32}, {"min_context_k": 128}, "min_context_k"),
    ({"adaptability.input_modalities": ["text"]}, {"input_modalities": ["image"]}, "input_modalities"),
])
def test_each_capability_gate_names_itself(facts: dict[str, Any], required: dict[str, Any],
                                           gate_id: str) -> None:
    assert gate(facts, **required).gates == (gate_id,)
    met = {"languages": ["en"], "min_context_k": 16, "input_modalities": ["text"]}
    key = next(iter(required))
    assert gate(facts, **{key: met[key]}).gates == ()  # the same profile, a requirement it meets
