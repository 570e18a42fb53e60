"""The catalogue's references: dates, locators, freshness, crosswalk and Hong Kong grounding."""

from __future__ import annotations

import re
from collections import defaultdict
from datetime import date
from pathlib import Path
from typing import Any

import pytest
import yaml

from helpers import ROOT
from selector import InputError
from selector.checklist import generate, load_catalogue
from selector.checklist.references import reference_findings
from selector.io.paths import bundled
from selector.models.checklist import HONG_KONG, earliest_day

MINI = ROOT / "tests" / "data" / "checklist" / "mini.yaml"
PLANNING = re.compile(r"domain-anchors|report-extract|docs/seed|regulatory-leads|\bL\d{2,4}\b")


def bundled_catalogue() -> Any:
    return load_catalogue(bundled("criteria") / "checklist.yaml").catalogue


def write_mini(tmp_path: Path, **changes: Any) -> Path:
    """The mini catalogue with its one reference changed (None removes a key) and, under
    ``extra``, further references added."""
    doc = yaml.safe_load(MINI.read_text())
    ref = doc["references"]["nist-600-1:gv-6.1-004"]
    for key, value in changes.items():
        if key == "extra":
            doc["references"].update(value)
        elif value is None:
            ref.pop(key, None)
        else:
            ref[key] = value
    path = tmp_path / "catalogue.yaml"
    path.write_text(yaml.safe_dump(doc, sort_keys=False, allow_unicode=True))
    return path


def reference(**fields: Any) -> dict[str, Any]:
    base = {"framework": "OWASP LLM Top 10", "id": "LLM01:2026", "title": "Prompt Injection",
            "published": "2026", "as_of": date(2026, 12, 1), "review_by": date(2027, 6, 1),
            "url": "https://example.org/llm01", "locator": "LLM01", "confidence": "verified"}
    return {**base, **fields}


# --- the bundled catalogue ----------------------------------------------------------------

def test_every_reference_is_dated_and_followable() -> None:
    cat = bundled_catalogue()
    for key, ref in cat.references.items():
        published = earliest_day(ref.published)
        if published and isinstance(ref.as_of, date):
            assert published <= ref.as_of, key
        assert ref.review_by > (ref.as_of if isinstance(ref.as_of, date) else date(2000, 1, 1)), key
        assert ref.locator, key
        if ref.confidence == "verified" and ref.framework != "HKIMR":
            assert ref.url and ref.url.startswith("https://"), key


def test_no_reference_or_item_points_at_a_planning_file() -> None:
    text = (bundled("criteria") / "checklist.yaml").read_text(encoding="utf-8")
    assert not PLANNING.search(text), PLANNING.search(text)


def test_every_referenced_id_exists_and_every_item_is_grounded_in_hong_kong() -> None:
    cat = bundled_catalogue()
    for item in cat.items:
        assert set(item.references) <= set(cat.references), item.id
        frameworks = {cat.references[r].framework for r in item.references}
        assert frameworks & HONG_KONG, f"{item.id} cites no Hong Kong or HKIMR text"
    successors = {r.superseded_by for r in cat.references.values()} - {None}
    assert successors <= set(cat.references)


def test_crosswalk_covers_the_international_catalogues() -> None:
    cat = bundled_catalogue()
    ids: dict[str, set[str]] = defaultdict(set)
    for ref in cat.references.values():
        ids[ref.framework].add(ref.id)
    assert {f"LLM{n:02d}:2026" for n in range(1, 11)} <= ids["OWASP LLM Top 10"]
    assert all(re.fullmatch(r"AML\.T\d{4}(\.\d{3})?", i) for i in ids["MITRE ATLAS"])
    assert all(re.fullmatch(r"(RI|MI)-\d+ / AIR-(OP|SEC|RC|PREV|DET)-\d{3}", i)
               for i in ids["FINOS AIGF"])
    assert ids["IOSCO"] and ids["NIST AI 600-1"] and ids["ISO/IEC 42001"]
    cited = {r for item in cat.items for r in item.references}
    assert {k for k, r in cat.references.items() if r.framework == "OWASP LLM Top 10"} & cited


def test_december_2026_items_fire_by_route() -> None:
    from selector.assess import run

    result = run(ROOT / "examples" / "small-wealth-manager-assistant.yaml", today=date(2026, 12, 1))
    cat = bundled_catalogue()
    own = {g.id for g in generate(result, cat, "llama-4-scout-self-hosted")}
    hosted = {g.id for g in generate(result, cat, "claude-bedrock-tokyo")}
    assert "DD-SEC-13" in own - hosted        # the institution patches its own serving stack
    assert "DD-SEC-14" in hosted - own        # the vendor's remediation and notification terms
    assert {"DD-SEC-15", "DD-MRM-09"} <= own & hosted
    item = next(g for g in generate(result, cat, "claude-bedrock-tokyo") if g.id == "DD-SEC-14")
    assert any(r.startswith("SFC Circular 26EC32") for r in item.references)
    assert item.report == "Box 1 (Security); §2.3 Mitigating new sources of cybersecurity risks"


# --- validation ---------------------------------------------------------------------------

@pytest.mark.parametrize(("changes", "message"), [
    ({"as_of": date(2024, 1, 1)}, "before the text was published"),
    ({"review_by": date(2026, 11, 1)}, "is not after as_of"),
    ({"published": "2024-13"}, "published"),
    ({"published": "2024-02-30"}, "not a calendar date"),
    ({"locator": None}, "locator: required field is missing"),
    ({"anchor": "x"}, "unknown field 'anchor'"),
    ({"url": None}, "needs the url"),
    ({"locator": "domain-anchors.md §1.2"}, "planning file"),
    ({"superseded_by": "nist-600-1:gv-6.1-05"}, "did you mean 'nist-600-1:gv-6.1-004'"),
    ({"superseded_by": "nist-600-1:gv-6.1-004"}, "names the reference itself"),
])
def test_bad_references_are_refused_with_a_location(tmp_path: Path, changes: dict[str, Any],
                                                    message: str) -> None:
    path = write_mini(tmp_path, **changes)
    with pytest.raises(InputError) as info:
        load_catalogue(path)
    text = str(info.value)
    assert message in text
    assert re.search(rf"{re.escape(str(path))}:\d+:\d+: references\.nist-600-1:gv-6\.1-004", text)


def test_partial_and_unknown_dates_are_legal(tmp_path: Path) -> None:
    path = write_mini(tmp_path, published="2024-07", as_of="unknown")
    ref = load_catalogue(path).catalogue.references["nist-600-1:gv-6.1-004"]
    assert earliest_day(ref.published) == date(2024, 7, 1) and ref.as_of == "unknown"


# --- freshness ----------------------------------------------------------------------------

def test_stale_superseded_and_undated_references_are_listed(tmp_path: Path) -> None:
    path = write_mini(tmp_path, superseded_by="owasp:llm01-2026", extra={
        "owasp:llm01-2026": reference(),
        "owasp:old": reference(id="LLM01:2025", review_by=date(2026, 12, 1), as_of="unknown"),
    })
    cat = load_catalogue(path).catalogue
    found = [(f.kind, f.reference) for f in reference_findings(cat, date(2026, 12, 2))]
    assert found == [("stale", "owasp:old"), ("superseded", "nist-600-1:gv-6.1-004"),
                     ("undated", "owasp:old")]
    superseded = reference_findings(cat, date(2026, 12, 2))[1]
    assert "LLM01:2026" in superseded.message and superseded.cited_by == ("DD-GOV-01",)
    # the review_by day itself is still in date; nothing is stale the day before
    assert [f.kind for f in reference_findings(cat, date(2026, 12, 1), include_undated=False)] == [
        "superseded"]


def test_ui_fixture_catalogue_is_the_mini_catalogue() -> None:
    """tests/ui/data/criteria/checklist.yaml is a frozen copy of the mini catalogue."""
    ui = ROOT / "tests" / "ui" / "data" / "criteria" / "checklist.yaml"
    assert ui.read_bytes() == MINI.read_bytes()
