"""Checklist generation (each trigger kind, positive and negative) and the state file's rules."""

from __future__ import annotations

import multiprocessing
import os
from datetime import date
from pathlib import Path
from typing import Any

import pytest
import yaml

from helpers import ROOT
from selector import InputError, StaleRevisionError
from selector.checklist import checklists, generate, load_catalogue, merge
from selector.checklist.state import load_state, set_item

MINI = ROOT / "tests" / "data" / "checklist" / "mini.yaml"
TODAY = date(2026, 11, 25)


def catalogue() -> Any:
    return load_catalogue(MINI).catalogue


def run_example(name: str) -> Any:
    from selector.assess import run

    return run(ROOT / "examples" / name, today=TODAY)


def ids(result: Any, option: str) -> set[str]:
    return {g.id for g in generate(result, catalogue(), option) if g.kind == "catalogue"}


def test_open_weight_self_hosted_and_proprietary_api_get_different_lists() -> None:
    result = run_example("small-wealth-manager-assistant.yaml")
    open_ids = ids(result, "llama-4-scout-self-hosted")
    closed_ids = ids(result, "claude-bedrock-tokyo")
    assert {"DD-SEC-01", "DD-ACC-03"} <= open_ids and "DD-SEC-02" not in open_ids
    assert "DD-SEC-02" in closed_ids and not {"DD-SEC-01", "DD-ACC-03"} & closed_ids
    assert "DD-LOC-03" in closed_ids and "DD-LOC-03" not in open_ids  # JP vs on premises
    assert {"DD-GOV-01", "DD-GOV-03"} <= open_ids & closed_ids  # always; a small firm


def test_use_case_and_institution_triggers() -> None:
    wam = run_example("small-wealth-manager-assistant.yaml")
    first = wam.ranking[0].id
    got = ids(wam, first)
    assert "DD-GOV-03" in got          # small firm
    assert "DD-HITL-01" not in got     # internal use
    assert "DD-MRM-01" not in got      # low risk
    assert "DD-DATA-03" not in got     # no personal data
    assert "DD-SEC-09" not in got      # not an insurer, no deepfake exposure
    bank = run_example("large-bank-customer-chatbot-hk.yaml")
    assert "DD-HITL-01" in ids(bank, bank.ranking[0].id)


def test_each_generated_item_says_why() -> None:
    result = run_example("large-bank-customer-chatbot-hk.yaml")
    items = generate(result, catalogue(), "llama-4-scout-self-hosted")
    assert all(item.reasons for item in items)
    hitl = next(i for i in items if i.id == "DD-HITL-01")
    assert hitl.reasons == ("the use case is customer-facing",)
    gov = next(i for i in items if i.id == "DD-GOV-01")
    assert gov.references == ("NIST AI 600-1 GV-6.1-004 (Contracts and SLAs)",)


def test_criterion_below_trigger() -> None:
    result = run_example("small-wealth-manager-assistant.yaml")
    low = [r.id for r in result.ranking if r.scores["transparency"] < 50]
    high = [r.id for r in result.ranking if r.scores["transparency"] >= 50]
    assert low and high
    assert "DD-TRN-01" in ids(result, low[0]) and "DD-TRN-01" not in ids(result, high[0])


def test_evidence_gaps_and_legal_review_items() -> None:
    result = run_example("small-wealth-manager-assistant.yaml")
    items = generate(result, catalogue(), "claude-bedrock-tokyo")
    gaps = [i for i in items if i.kind == "evidence-gap" and not i.id.startswith("LIFECYCLE-")]
    unknown = set(result.option("claude-bedrock-tokyo").evidence_flags["unknown"])
    assert {g.id.removeprefix("GAP-") for g in gaps if g.id.startswith("GAP-")} == unknown
    llama = generate(result, catalogue(), "llama-4-scout-self-hosted")
    legal = [i for i in llama if i.kind == "legal-review"]
    assert {i.id for i in legal} == {"LEGAL-licence.field_of_use_restrictions",
                                     "LEGAL-licence.commercial_use",
                                     "LEGAL-licence.territorial_restrictions"}  # EU multimodal clause
    stale = run_example_stale()
    assert any(i.id.startswith("STALE-") for i in stale)


def run_example_stale() -> Any:
    from selector.assess import run

    result = run(ROOT / "examples" / "insurer-claims-triage.yaml", today=date(2030, 1, 1))
    return generate(result, catalogue(), result.ranking[0].id)


# --- state --------------------------------------------------------------------------------

KNOWN = {"DD-GOV-01": {"title": "Always", "priority": "high", "category": "governance"}}


def edit(path: Path, **kwargs: Any) -> tuple[int, list[str]]:
    base: dict[str, Any] = dict(assessment="a.yaml", option="opt", item="DD-GOV-01",
                                known_items=KNOWN, by="tester")
    base.update(kwargs)
    return set_item(path, **base)


def test_state_round_trip(tmp_path: Path) -> None:
    path = tmp_path / "state.yaml"
    assert load_state(path)["revision"] == 0
    rev, changes = edit(path, status="in-progress", owner="Ada", due=date(2026, 12, 31),
                        note="asked the vendor", evidence="https://example.org/soc2")
    assert rev == 1 and len(changes) == 5
    state = load_state(path)
    entry = state["options"]["opt"]["DD-GOV-01"]
    assert entry["status"] == "in-progress" and entry["owner"] == "Ada" and entry["due"] == "2026-12-31"
    assert entry["notes"] == ["asked the vendor"] and entry["evidence"] == ["https://example.org/soc2"]
    assert entry["history"][0]["by"] == "tester"
    assert "status open -> in-progress" in entry["history"][0]["change"]
    assert edit(path, status="in-progress")[1] == []  # no-op keeps the revision
    assert load_state(path)["revision"] == 1
    view = merge([], state["options"]["opt"], "opt")
    assert view.items[0].orphaned  # nothing generated any more: kept, marked orphaned
    assert path.read_text().startswith("# selector checklist state")


def test_stale_revision_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "state.yaml"
    edit(path, status="in-progress")
    edit(path, owner="Bob", expect_revision=1)
    with pytest.raises(StaleRevisionError, match="changed since you loaded it"):
        edit(path, status="done", expect_revision=1)
    assert load_state(path)["options"]["opt"]["DD-GOV-01"]["status"] == "in-progress"


def _worker(args: tuple[str, int]) -> None:
    path, n = args
    for i in range(10):
        set_item(Path(path), assessment="a.yaml", option=f"opt{n}", item="DD-GOV-01",
                 known_items=KNOWN, by=f"w{n}", note=f"note {i}")


def test_concurrent_edits_lose_nothing(tmp_path: Path) -> None:
    path = tmp_path / "state.yaml"
    with multiprocessing.get_context("fork").Pool(4) as pool:
        pool.map(_worker, [(str(path), n) for n in range(4)])
    state = load_state(path)
    assert state["revision"] == 40
    for n in range(4):
        assert len(state["options"][f"opt{n}"]["DD-GOV-01"]["notes"]) == 10


def test_interrupted_write_keeps_the_previous_state(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "state.yaml"
    edit(path, status="in-progress")
    before = path.read_bytes()

    def crash(*_: Any) -> None:
        raise OSError("disk full")

    monkeypatch.setattr(os, "replace", crash)
    with pytest.raises(InputError, match="disk full"):  # one line for the user, not a traceback
        edit(path, status="done")
    assert path.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir() if p.suffix == ".tmp"] == []


def test_corrupt_state_is_reported_and_left_alone(tmp_path: Path) -> None:
    path = tmp_path / "state.yaml"
    path.write_text("revision: [oops\n")
    with pytest.raises(InputError, match="checklist state is corrupt"):
        edit(path, status="done")
    assert path.read_text() == "revision: [oops\n"
    path.write_text(yaml.safe_dump({"revision": 1, "options": {"o": {"X": {"status": "finished"}}}}))
    with pytest.raises(InputError, match="'finished' is not a status"):
        load_state(path)


def test_bad_edits() -> None:
    with pytest.raises(InputError, match="nothing to change"):
        edit(Path("/nonexistent/state.yaml"))
    with pytest.raises(InputError, match="is not a status"):
        edit(Path("/nonexistent/state.yaml"), status="finished")


def test_progress_counts_by_priority() -> None:
    result = run_example("small-wealth-manager-assistant.yaml")
    tracked = {"DD-GOV-01": {"status": "done"}, "DD-SEC-01": {"status": "not-applicable"}}
    views = checklists(result, catalogue(), {"options": {"llama-4-scout-self-hosted": tracked}})
    progress = views["llama-4-scout-self-hosted"].progress()
    assert progress["high"]["done"] == 1
    total = len([t for t in views["llama-4-scout-self-hosted"].items if t.status != "not-applicable"])
    assert progress["all"] == {"done": 1, "total": total}


def test_catalogue_validation(tmp_path: Path) -> None:
    bad = tmp_path / "c.yaml"
    bad.write_text(MINI.read_text().replace("references: [nist-600-1:gv-6.1-004]",
                                            "references: [nist-600-1:gv-6.1-04]"))
    with pytest.raises(InputError, match=r"did you mean 'nist-600-1:gv-6\.1-004'"):
        load_catalogue(bad)
    both = tmp_path / "d.yaml"
    both.write_text(MINI.read_text().replace("triggers: [{always: true}]",
                                             "triggers: [{always: true, size: [small]}]"))
    with pytest.raises(InputError, match="exactly one condition"):
        load_catalogue(both)



def test_evidence_trigger_positive_and_negative() -> None:
    from selector.engine import rank

    result = run_example("large-bank-customer-chatbot-hk.yaml")
    with_gaps = next(r.id for r in result.ranking if r.evidence_flags["unknown"])
    assert "DD-TPR-01" in ids(result, with_gaps)
    case = ROOT / "tests" / "data" / "cases" / "wsm_wikipedia"
    direct = rank(case / "profiles", case / "criteria.yaml", today=TODAY)  # direct scores only
    assert not direct.ranking[0].evidence_flags["unknown"]
    assert "DD-TPR-01" not in ids(direct, direct.ranking[0].id)


def test_bundled_catalogue_is_complete_and_grounded() -> None:
    from selector.io.paths import bundled

    loaded = load_catalogue(bundled("criteria") / "checklist.yaml").catalogue
    assert len(loaded.items) >= 60
    used = {r for item in loaded.items for r in item.references}
    assert used <= set(loaded.references)
    assert all(item.report.section for item in loaded.items)


def test_bundled_catalogue_separates_open_and_proprietary_routes() -> None:
    from selector.io.paths import bundled

    full = load_catalogue(bundled("criteria") / "checklist.yaml").catalogue
    result = run_example("small-wealth-manager-assistant.yaml")
    open_ids = {g.id for g in generate(result, full, "llama-4-scout-self-hosted") if g.kind == "catalogue"}
    api_ids = {g.id for g in generate(result, full, "claude-bedrock-tokyo") if g.kind == "catalogue"}
    assert open_ids - api_ids and api_ids - open_ids
    assert "DD-SEC-02" in api_ids - open_ids   # the vendor's audit regime
    assert "DD-SEC-01" in open_ids - api_ids   # the open-source community's health
