"""`checklist show` summarises by default; `checklist set --option all` edits an item in every
shortlisted option in one write and one revision."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml

from selector.cli import main

ROOT = Path(__file__).resolve().parents[2]
TODAY = ["--today", "2026-11-25"]


@pytest.fixture()
def assessment(tmp_path: Path) -> Path:
    path = tmp_path / "a.yaml"
    shutil.copy(ROOT / "examples" / "small-wealth-manager-assistant.yaml", path)
    return path


def test_show_summarises_one_line_per_option_and_lists_one_option_on_request(
        assessment: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["checklist", "show", "--assessment", str(assessment), *TODAY]) == 0
    summary = capsys.readouterr().out
    assert main(["checklist", "show", "--assessment", str(assessment), "--all", *TODAY]) == 0
    everything = capsys.readouterr().out
    assert len(summary.splitlines()) < 60 < len(everything.splitlines())
    assert "open high" in summary and "Open high-priority items, the most widely shared first" in summary
    option = summary.splitlines()[3].split()[0]
    assert main(["checklist", "show", "--assessment", str(assessment), "--option", option, *TODAY]) == 0
    one = capsys.readouterr().out
    assert one.startswith(f"{option}: 0/") and "DD-GOV-01" in one


def test_set_all_changes_every_option_in_one_revision_and_again_nothing(
        assessment: Path, capsys: pytest.CaptureFixture[str]) -> None:
    args = ["checklist", "set", "--assessment", str(assessment), "--option", "all", "--item", "DD-GOV-01",
            "--status", "in-progress", "--owner", "Head of Risk", "--by", "tester", *TODAY]
    assert main(args) == 0
    out = capsys.readouterr().out
    state = yaml.safe_load(assessment.with_name("a.checklist.yaml").read_text(encoding="utf-8"))
    assert state["revision"] == 1
    touched = {o for o, items in state["options"].items() if "DD-GOV-01" in items}
    assert len(touched) > 10 and f"{len(touched)} of {len(touched)} options changed (revision 1" in out
    for option in touched:
        entry = state["options"][option]["DD-GOV-01"]
        assert (entry["status"], entry["owner"]) == ("in-progress", "Head of Risk")
        assert [h["by"] for h in entry["history"]] == ["tester"]
    assert main(args) == 0  # the same edit again: nothing to write, no new revision
    assert "0 of" in capsys.readouterr().out
    again = yaml.safe_load(assessment.with_name("a.checklist.yaml").read_text(encoding="utf-8"))
    assert again["revision"] == 1


def test_set_all_refuses_an_unknown_item_and_a_stale_revision(
        assessment: Path, capsys: pytest.CaptureFixture[str]) -> None:
    base = ["checklist", "set", "--assessment", str(assessment), "--option", "all", "--status", "done"]
    assert main([*base, "--item", "DD-GOV-1", *TODAY]) == 1
    err = capsys.readouterr().err
    assert "did you mean 'DD-GOV-01'" in err and len(err.strip().splitlines()) == 1
    assert main([*base, "--item", "DD-GOV-01", "--expect-revision", "3", *TODAY]) == 1
    assert "revision" in capsys.readouterr().err
    assert not assessment.with_name("a.checklist.yaml").exists()


def test_all_options_is_the_same_edit_as_option_all_and_one_of_them_is_required(
        assessment: Path, capsys: pytest.CaptureFixture[str]) -> None:
    base = ["checklist", "set", "--assessment", str(assessment), "--item", "DD-GOV-01",
            "--status", "done", "--by", "tester", *TODAY]
    assert main([*base, "--all-options"]) == 0
    assert "options changed (revision 1" in capsys.readouterr().out
    state = yaml.safe_load(assessment.with_name("a.checklist.yaml").read_text(encoding="utf-8"))
    assert len(state["options"]) > 10
    assert all(items["DD-GOV-01"]["status"] == "done" for items in state["options"].values())
    with pytest.raises(SystemExit) as both:
        main([*base, "--all-options", "--option", "granite-4-1-30b-self-hosted"])
    assert both.value.code == 2 and "not allowed with argument" in capsys.readouterr().err
    with pytest.raises(SystemExit) as neither:
        main(base)
    assert neither.value.code == 2
    assert "one of the arguments --option --all-options is required" in capsys.readouterr().err


def test_a_repeated_note_and_link_are_stored_once_and_a_new_one_is_added(
        assessment: Path, capsys: pytest.CaptureFixture[str]) -> None:
    base = ["checklist", "set", "--assessment", str(assessment), "--all-options", "--item", "DD-GOV-01",
            "--by", "tester", *TODAY]
    edit = [*base, "--note", "board paper 12", "--evidence", "DMS-4411"]
    assert main(edit) == 0
    assert main(edit) == 0  # the same edit again: nothing to write
    assert "0 of" in capsys.readouterr().out
    path = assessment.with_name("a.checklist.yaml")
    state = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert state["revision"] == 1
    entry = next(iter(state["options"].values()))["DD-GOV-01"]
    assert (entry["notes"], entry["evidence"]) == (["board paper 12"], ["DMS-4411"])
    assert main([*base, "--note", "board paper 13", "--evidence", "DMS-4411"]) == 0  # a new note
    state = yaml.safe_load(path.read_text(encoding="utf-8"))
    entry = next(iter(state["options"].values()))["DD-GOV-01"]
    assert state["revision"] == 2 and entry["notes"] == ["board paper 12", "board paper 13"]
    assert entry["evidence"] == ["DMS-4411"]


def test_option_takes_a_unique_part_of_an_id_or_name_and_an_ambiguous_one_is_refused(
        assessment: Path, capsys: pytest.CaptureFixture[str]) -> None:
    base = ["--assessment", str(assessment), *TODAY]
    assert main(["checklist", "show", *base, "--option", "nova-2-lite"]) == 0
    assert capsys.readouterr().out.startswith("amazon-nova-2-lite-bedrock-jp: 0/")
    assert main(["checklist", "set", *base, "--option", "Nova 2 Lite", "--item", "DD-GOV-01",
                 "--status", "done", "--by", "tester"]) == 0
    assert capsys.readouterr().out.startswith("amazon-nova-2-lite-bedrock-jp DD-GOV-01: ")
    state = yaml.safe_load(assessment.with_name("a.checklist.yaml").read_text(encoding="utf-8"))
    assert list(state["options"]) == ["amazon-nova-2-lite-bedrock-jp"]
    assert main(["checklist", "set", *base, "--option", "claude", "--item", "DD-GOV-01",
                 "--status", "done", "--by", "tester"]) == 1
    err = capsys.readouterr().err
    assert "'claude' matches" in err and "give one of these ids" in err and len(err.splitlines()) == 1
