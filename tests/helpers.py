"""Shared fixtures: a minimal valid offering profile and the bundled criteria set."""

from __future__ import annotations

import copy
import os
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import pytest
import yaml

from selector.criteria import LoadedCriteria, load_criteria
from selector.io.paths import default_criteria
from selector.io.yamlio import Document
from selector.profiles import LoadedProfile, validate_document

ROOT = Path(__file__).resolve().parent.parent
TODAY = date(2026, 11, 25)

CITE = [{"id": "s1", "locator": "section 1"}]

BASE_PROFILE: dict[str, Any] = {
    "schema_version": 2,
    "id": "test-offering",
    "name": "Test offering",
    "model": {"family": "T", "developer": "D", "version": "1", "release_date": date(2025, 1, 1)},
    "openness": "proprietary",
    "route": "vendor-api",
    "provider": {"name": "P", "headquarters": "US"},
    "regions": {
        "processing": {"value": ["SG"], "sources": CITE, "confidence": "verified"},
        "storage": {"value": ["SG"], "sources": CITE, "confidence": "verified"},
    },
    "as_of": date(2026, 11, 1),
    "review_by": date(2027, 5, 1),
    "sources": [{"id": "s1", "title": "Source one", "url": "https://example.org/s1",
                 "kind": "vendor-documentation", "date": date(2026, 10, 1)}],
}


def build_profile(
    facts: dict[str, Any] | None = None,
    *,
    confidence: str = "verified",
    extra: dict[str, Any] | None = None,
    profile_id: str = "test-offering",
) -> LoadedProfile:
    """A valid profile with ``facts`` ({"group.name": value}) set, each sourced from s1."""
    data = copy.deepcopy(BASE_PROFILE)
    data["id"] = profile_id
    for path, value in (facts or {}).items():
        group, name = path.split(".")
        fact = {"value": value, "sources": CITE, "confidence": confidence}
        data.setdefault(group, {})[name] = fact
    data.update(extra or {})
    text = yaml.safe_dump(data, sort_keys=False)
    doc = Document(f"{profile_id}.yaml", text, yaml.safe_load(text), "0" * 64)
    return LoadedProfile(validate_document(doc), doc.path, doc.sha256)


@pytest.fixture(scope="session")
def box1() -> LoadedCriteria:
    return load_criteria(default_criteria())


@pytest.fixture()
def make_profile() -> Callable[..., LoadedProfile]:
    return build_profile


BASE_ASSESSMENT: dict[str, Any] = {
    "institution": {
        "name": "Test Bank",
        "sector": "bank",
        "size": "medium",
        "genai_expertise": "medium",
        "jurisdictions": ["HK"],
    },
    "use_case": {
        "name": "Test use",
        "customer_facing": False,
        "risk_tier": "low",
        "data_classes": ["internal"],
        "volume": {"input_mtok_per_month": 10, "output_mtok_per_month": 2},
        "users": 10,
    },
}


def build_assessment(**sections: Any) -> Any:
    """An Assessment from BASE_ASSESSMENT with top-level sections merged in (dicts update)."""
    from selector.models.assessment import Assessment

    data = copy.deepcopy(BASE_ASSESSMENT)
    for key, value in sections.items():
        if isinstance(value, dict) and isinstance(data.get(key), dict):
            data[key].update(value)
        else:
            data[key] = value
    return Assessment.model_validate(data)


FUZZ_FACTOR = 20 if os.environ.get("HYPOTHESIS_PROFILE") == "fuzz" else 1


def examples(count: int) -> int:
    """A property's number of examples: ``count`` in CI, twenty times more under ``make fuzz``."""
    return count * FUZZ_FACTOR


ESC_2J = "\x1b[2J"
OSC_52 = "\x1b]52;c;aGVsbG8=\x07"
OSC_8 = "\x1b]8;;https://evil.example/\x1b\\click me\x1b]8;;\x1b\\"
CLICK = "[@click=app.quit]x"
LINK = "[link=file:///etc/passwd]y"
RLO = "\u202e"
C1_CSI = "\x9b2J"
HOSTILE_NAME = f"Hostile {ESC_2J}{OSC_52}{OSC_8} {CLICK} {LINK} {RLO}gnp.exe {C1_CSI}"
"""A profile name carrying every escape family the terminal must never receive."""
RAW_DANGER = ("\x1b", "\x07", "\x9b", "\u202e", "\r")
"""Characters that must never reach a terminal raw."""


def hostile_profiles(folder: Path, name: str = HOSTILE_NAME, *, count: int = 3,
                     every_source: bool = False) -> Path:
    """A profiles folder: a bundled profile renamed to ``name`` (its source titles too) plus
    ``count - 1`` plain ones; with ``every_source`` every profile's source titles are ``name``,
    so whichever profiles an assessment excludes, their reasons (which quote the source) carry
    the hostile text."""
    from selector.io.paths import default_profiles

    folder.mkdir(parents=True, exist_ok=True)
    sources = sorted(default_profiles().glob("*.yaml"))[:count]
    for index, source in enumerate(sources):
        data = yaml.safe_load(source.read_text(encoding="utf-8"))
        if index == 0:
            data["name"] = name
        if index == 0 or every_source:
            for source_entry in data["sources"]:
                source_entry["title"] = name
        (folder / source.name).write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True),
                                          encoding="utf-8")
    return folder
