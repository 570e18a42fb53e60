"""Lifecycle in every decision (issue 12): each rule pinned both ways."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pytest
import yaml

from helpers import BASE_ASSESSMENT, build_profile
from selector import rank
from selector.scoring.lifecycle import check_lifecycle, horizon_end

GO_LIVE = date(2026, 12, 1)
END = date(2029, 12, 1)
CITE = [{"id": "s1", "locator": "lifecycle table"}]


def with_lifecycle(**facts: Any) -> Any:
    block = {k: {"value": v, "sources": CITE, "confidence": "verified"} for k, v in facts.items()}
    return build_profile(extra={"lifecycle": block})


def test_retired_is_excluded_with_its_date_source_and_successor() -> None:
    check = check_lifecycle(with_lifecycle(status="retired", retires_on=date(2026, 10, 1),
                                           successor="gpt-5.1"), GO_LIVE, END)
    assert check.exclude is not None
    assert "retired on 2026-10-01" in check.exclude
    assert "Source one (2026-10-01)" in check.exclude and "verified" in check.exclude
    assert "successor: gpt-5.1" in check.exclude
    assert check.review is None


def test_retiring_on_or_before_go_live_is_excluded_and_the_day_after_is_not() -> None:
    on = check_lifecycle(with_lifecycle(status="deprecated", retires_on=GO_LIVE), GO_LIVE, END)
    assert on.exclude is not None and "on or before go-live (2026-12-01)" in on.exclude
    after = check_lifecycle(with_lifecycle(status="deprecated", retires_on=date(2026, 12, 2)),
                            GO_LIVE, END)
    assert after.exclude is None
    assert after.review is not None and after.plan_by == "2026-12-02"


def test_retiring_within_the_horizon_is_flagged_and_beyond_it_is_not() -> None:
    within = check_lifecycle(with_lifecycle(status="generally-available",
                                            retires_on=date(2028, 6, 30)), GO_LIVE, END)
    assert within.exclude is None
    assert within.review is not None and "within the assessment's horizon" in within.review
    assert within.plan_by == "2028-06-30"
    beyond = check_lifecycle(with_lifecycle(status="generally-available",
                                            retires_on=date(2030, 6, 30)), GO_LIVE, END)
    assert beyond.exclude is None and beyond.review is None


@pytest.mark.parametrize("status", ["legacy", "deprecated"])
def test_legacy_and_deprecated_are_ranked_with_a_review(status: str) -> None:
    check = check_lifecycle(with_lifecycle(status=status), GO_LIVE, END)
    assert check.exclude is None
    assert check.review is not None and status in check.review


@pytest.mark.parametrize("status", ["generally-available", "preview"])
def test_current_offerings_raise_nothing(status: str) -> None:
    check = check_lifecycle(with_lifecycle(status=status), GO_LIVE, END)
    assert (check.exclude, check.review) == (None, None)


def test_an_unrecorded_status_is_a_review_not_an_exclusion() -> None:
    check = check_lifecycle(build_profile(), GO_LIVE, END)
    assert check.state.status == "unknown"
    assert check.exclude is None and check.review is not None


def test_horizon_end_survives_a_leap_day() -> None:
    assert horizon_end(date(2028, 2, 29), 3) == date(2031, 2, 28)
    assert horizon_end(GO_LIVE, 3) == END


# --- through the ranking and the assessment ------------------------------------------------


def _write(folder: Path, profile_id: str, **lifecycle: Any) -> None:
    loaded = with_lifecycle(**lifecycle) if lifecycle else build_profile()
    data = loaded.profile.model_dump(mode="json", exclude_none=True)
    data["id"] = profile_id
    (folder / f"{profile_id}.yaml").write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")


@pytest.fixture()
def catalogue(tmp_path: Path) -> Path:
    folder = tmp_path / "profiles"
    folder.mkdir()
    _write(folder, "live", status="generally-available")
    _write(folder, "gone", status="retired", retires_on=date(2026, 10, 1), successor="next-model")
    _write(folder, "ending", status="deprecated", retires_on=date(2027, 3, 1))
    return folder


def test_rank_without_an_assessment_excludes_retired_unless_asked(catalogue: Path) -> None:
    result = rank(catalogue, today=GO_LIVE)
    assert {r.id for r in result.ranking} == {"live", "ending"}
    [gone] = result.excluded
    assert gone.id == "gone" and "retired on 2026-10-01" in gone.reasons[0] and gone.gates == ("lifecycle",)
    assert result.lifecycle["gone"].state.successor == "next-model"
    everything = rank(catalogue, today=GO_LIVE, include_retired=True)
    assert {r.id for r in everything.ranking} == {"live", "ending", "gone"}


def test_an_assessment_excludes_by_go_live_and_flags_within_the_horizon(
    catalogue: Path, tmp_path: Path
) -> None:
    from selector.assess import run

    data = dict(BASE_ASSESSMENT, profiles=str(catalogue), go_live="2027-03-01", horizon_years=2)
    path = tmp_path / "assessment.yaml"
    path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    result = run(path, today=GO_LIVE)
    excluded = {e.id: e.reasons for e in result.excluded}
    assert "retired on 2026-10-01" in excluded["gone"][0]
    assert "on or before go-live (2027-03-01)" in excluded["ending"][0]
    assert {e.id: e.gates[0] for e in result.excluded} == {"gone": "lifecycle", "ending": "lifecycle"}
    assert [r.id for r in result.ranking] == ["live"]
    assert result.assessment is not None and result.assessment["go_live"] == "2027-03-01"

    data["go_live"] = "2026-12-15"
    path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    result = run(path, today=GO_LIVE, with_checklist=True)
    assert {r.id for r in result.ranking} == {"live", "ending"}
    assert any(f.kind == "lifecycle" and f.text.startswith("lifecycle review: retires on 2027-03-01")
               for f in result.review_flags["ending"])
    items = {i.item.id: i for i in result.checklists["ending"].items}
    assert items["LIFECYCLE-exit"].item.title == "Exit and migration plan before 2027-03-01"
    assert "LIFECYCLE-exit" not in {i.item.id for i in result.checklists["live"].items}


def test_go_live_defaults_to_the_day_of_the_run(catalogue: Path, tmp_path: Path) -> None:
    from selector.assess import run

    path = tmp_path / "assessment.yaml"
    path.write_text(yaml.safe_dump(dict(BASE_ASSESSMENT, profiles=str(catalogue)), sort_keys=False),
                    encoding="utf-8")
    late = run(path, today=date(2027, 3, 2))
    assert "ending" in {e.id for e in late.excluded}
    early = run(path, today=date(2027, 2, 1))
    assert "ending" in {r.id for r in early.ranking}
