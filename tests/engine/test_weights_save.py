"""Saving weights into the assessment: an explicit block the derivation uses as written,
comments kept, atomic, refused when the file changed since it was read, a diff first."""

from __future__ import annotations

import hashlib
import shutil
from datetime import date
from pathlib import Path

import pytest
import yaml

from selector.assess import run
from selector.cli import main
from selector.engine import reweight
from selector.errors import InputError
from selector.result import Result
from selector.weights.save import plan_save, save_weights, write_plan

TODAY = date(2026, 11, 25)
DATA = Path(__file__).resolve().parents[1] / "ui" / "data"
COMMENTED = """\
# Lion Rock's claims triage: a comment at the top that must survive.
"""


@pytest.fixture()
def case(tmp_path: Path) -> Path:
    """The insurer fixture (six frozen profiles) with comments around and inside its weights."""
    target = tmp_path / "case"
    shutil.copytree(DATA, target)
    path = target / "assessment.yaml"
    text = path.read_text()
    text = text.replace("weights:\n  preset: auto\n",
                        "weights:\n  # the committee asked for the presets, averaged\n"
                        "  preset: auto   # keep in step with criteria/presets.yaml\n")
    text = text.replace("constraints:\n", "# Gates come next.\nconstraints:  # before ranking\n")
    path.write_text(COMMENTED + text)
    return path


@pytest.fixture(scope="module")
def base() -> Result:
    return run(DATA / "assessment.yaml", today=TODAY)


def used(result: Result) -> dict[str, float]:
    return {c.id: c.weight for c in result.criteria}


def comments(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip().startswith("#")]


def test_saved_weights_rank_as_on_screen_with_no_analyst_changes(case: Path, base: Result) -> None:
    on_screen = reweight(base, {**used(base), "security": 0.45, "support": 0.2}, method="topsis")
    plan = save_weights(case, used(on_screen), method="topsis")
    assert plan.changed and plan.diff.startswith(f"--- {case}")
    again = run(case, today=TODAY)
    assert again.analyst_changes == ()
    assert again.method == "topsis"
    assert [r.id for r in again.ranking] == [r.id for r in on_screen.ranking]
    assert used(again) == pytest.approx(used(on_screen), abs=1e-6)
    # the derivation is the block, used as written: no preset step before it
    assert [s.kind for s in again.weight_steps] == ["direct"]
    data = yaml.safe_load(case.read_text())
    assert data["weights"]["preset"] == "none"
    assert set(data["weights"]["direct"]) == set(used(base))


def test_comments_and_every_other_line_are_kept(case: Path, base: Result) -> None:
    before = case.read_text()
    save_weights(case, {**used(base), "security": 0.5})
    after = case.read_text()
    inside = ["# the committee asked for the presets, averaged", "# keep in step with criteria/presets.yaml"]
    kept = [c for c in comments(before) if c not in inside]
    assert [c for c in comments(after) if c in kept] == kept  # all there, in order
    assert all(comment in after for comment in inside)  # in the record of the old block
    old = yaml.safe_load(before)
    new = yaml.safe_load(after)
    assert ({k: v for k, v in old.items() if k != "weights"}
            == {k: v for k, v in new.items() if k != "weights"})
    # the block it replaced is kept, commented, inside the new one
    assert "#     preset: auto   # keep in step with criteria/presets.yaml" in after
    # saving again keeps that one record, not a record of the record
    save_weights(case, {**used(base), "security": 0.4})
    third = case.read_text()
    assert third.count("Before the first save this block read:") == 1
    assert third.count("#     preset: auto") == 1
    assert [c for c in comments(third) if c in kept] == kept


def test_dry_run_and_an_unchanged_save_write_nothing(case: Path, base: Result) -> None:
    before = case.read_bytes()
    plan = save_weights(case, {**used(base), "security": 0.5}, dry_run=True)
    assert "+  preset: none" in plan.diff and "-  preset: auto" in plan.diff
    assert case.read_bytes() == before
    save_weights(case, {**used(base), "security": 0.5})
    written = case.read_bytes()
    assert not plan_save(case, used(run(case, today=TODAY))).changed
    assert case.read_bytes() == written


def test_a_file_changed_since_it_was_read_is_refused(case: Path, base: Result) -> None:
    read = hashlib.sha256(case.read_bytes()).hexdigest()
    plan = plan_save(case, {**used(base), "security": 0.5}, expected_sha256=read)
    case.write_text(case.read_text() + "notes: edited by a colleague meanwhile\n")
    edited = case.read_bytes()
    with pytest.raises(InputError, match="changed on disk since it was read") as caught:
        write_plan(plan)
    assert str(caught.value).startswith(f"{case}:1:1: weights: ")
    assert "\n" not in str(caught.value)
    with pytest.raises(InputError, match="changed on disk"):
        plan_save(case, used(base), expected_sha256=read)
    assert case.read_bytes() == edited
    assert plan_save(case, used(base), expected_sha256=hashlib.sha256(edited).hexdigest()).changed


def test_a_failed_write_leaves_the_old_file_and_no_temporary(case: Path, base: Result,
                                                              monkeypatch: pytest.MonkeyPatch) -> None:
    import selector.io.atomic as atomic

    before = case.read_bytes()

    def broken(src: str, dst: str) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(atomic.os, "replace", broken)
    with pytest.raises(InputError, match="cannot write the file: No space left on device"):
        save_weights(case, {**used(base), "security": 0.5})
    assert case.read_bytes() == before
    assert not list(case.parent.glob(".assessment.yaml.*"))


def test_weights_that_do_not_fit_the_assessment_are_refused(case: Path, base: Result) -> None:
    with pytest.raises(InputError, match=r"no criterion 'securty'.*did you mean 'security'"):
        save_weights(case, {**used(base), "securty": 0.2})
    missing = {k: v for k, v in used(base).items() if k != "support"}
    with pytest.raises(InputError, match="missing: support"):
        save_weights(case, missing)
    with pytest.raises(InputError, match="every weight is 0"):
        save_weights(case, dict.fromkeys(used(base), 0.0))


def test_an_assessment_with_evaluations_keeps_the_performance_share_there(tmp_path: Path) -> None:
    folder = tmp_path / "ev"
    shutil.copytree(Path(__file__).resolve().parents[1] / "data" / "evaluations", folder)
    path = folder / "bank-evaluations.yaml"
    result = run(path, today=TODAY)
    weights = {c: w * 0.6 / (1 - used(result)["performance"]) for c, w in used(result).items()}
    moved = reweight(result, {**weights, "performance": 0.4})
    plan = save_weights(path, used(moved))
    assert "weight: 0.4}" in plan.after  # set in the inline evaluations.criterion mapping
    again = run(path, today=TODAY)
    assert used(again) == pytest.approx(used(moved), abs=1e-6)
    assert again.analyst_changes == ()


def test_cli_prints_the_diff_and_writes_or_only_shows_it(case: Path,
                                                          capsys: pytest.CaptureFixture[str]) -> None:
    before = case.read_bytes()
    args = ["weights", "--assessment", str(case), "--weights", "security=0.5", "--today", "2026-11-25",
            "--save"]
    assert main([*args, "--dry-run"]) == 0
    out = capsys.readouterr().out
    assert "+  preset: none" in out and out.rstrip().endswith("not written")
    assert case.read_bytes() == before
    assert main(args) == 0
    out = capsys.readouterr().out
    assert out.rstrip().endswith(f"wrote {case}")
    assert yaml.safe_load(case.read_text())["weights"]["preset"] == "none"
    assert main(["weights", "--assessment", str(case), "--dry-run"]) == 2


def test_cli_weights_shows_the_analyst_change(capsys: pytest.CaptureFixture[str]) -> None:
    import json

    path = str(DATA / "assessment.yaml")
    assert main(["weights", "--assessment", path, "--weights", "security=3", "--method", "topsis",
                 "--today", "2026-11-25", "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert [c["kind"] for c in data["analyst_changes"]] == ["weights", "method"]
    assert data["steps"][-1]["kind"] == "analyst"
    assert data["analyst_changes"][0]["how"] == "selector weights --weights security=3"
    assert main(["weights", "--assessment", path, "--format", "json"]) == 0
    assert json.loads(capsys.readouterr().out)["analyst_changes"] == []
    assert main(["weights", "--assessment", path, "--weights", "security=3", "--today", "2026-11-25"]) == 0
    assert "Changed by the analyst (not as the assessment wrote it):" in capsys.readouterr().out


def test_the_saved_block_says_when_and_by_whom(case: Path, base: Result,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SELECTOR_NOW", "2026-12-01T10:00:00Z")
    monkeypatch.setenv("USER", "m.chan")
    save_weights(case, {**used(base), "security": 0.5}, how="terminal UI, weights screen")
    assert "# Saved by selector (terminal UI, weights screen, 2026-12-01 by m.chan)." in case.read_text()
    monkeypatch.setenv("SELECTOR_NOW", "2026-12-02T10:00:00Z")
    monkeypatch.setenv("USER", "k.wong")
    save_weights(case, {**used(base), "security": 0.4})
    text = case.read_text()
    assert "(selector weights --save, 2026-12-02 by k.wong)." in text and "m.chan" not in text
