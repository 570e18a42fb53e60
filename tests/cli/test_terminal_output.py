"""Data never reaches the terminal as a control sequence: every command's output is inert.

A hostile profile (ESC[2J, OSC 52 clipboard writes, OSC 8 hyperlinks, 8-bit CSI, a
right-to-left override, Rich markup) goes through every command that prints data; the output
shows each sequence visibly and carries none of it raw. JSON output still decodes to the data.
"""

from __future__ import annotations

import copy
import json
from pathlib import Path

import pytest
import yaml

from helpers import (
    BASE_ASSESSMENT,
    CLICK,
    ESC_2J,
    HOSTILE_NAME,
    RAW_DANGER,
    RLO,
    hostile_profiles,
)
from selector.cli import main
from selector.render.text import clip, inert, table

TODAY = ["--today", "2026-11-25"]


def assert_inert(text: str) -> None:
    for char in RAW_DANGER:
        assert char not in text, f"raw {char!r} reached the terminal"


def test_inert_shows_every_family_visibly() -> None:
    shown = inert(HOSTILE_NAME)
    assert_inert(shown)
    assert "\\x1b[2J" in shown and "\\x07" in shown and "\\u202e" in shown and "\\u009b" in shown
    assert CLICK in shown  # markup is a terminal's business only in the TUI, where it is Text
    assert inert(shown) == shown  # idempotent: a second pass changes nothing
    assert inert("line one\nline two", newlines=True) == "line one\nline two"
    assert inert("a\nb") == "a\\x0ab"
    assert inert("lone \ud800 surrogate") == "lone \\ud800 surrogate"


def test_clip_never_cuts_an_escape() -> None:
    osc8 = "\x1b]8;;https://evil.example/\x1b\\name\x1b]8;;\x1b\\ and more"
    for width in range(2, 40):
        cut = clip(osc8, width)
        assert len(cut) <= width
        assert "\x1b" not in cut


def test_table_aligns_what_it_prints() -> None:
    lines = table(["name", "x"], [[ESC_2J + "ab", "1"], ["plain", "2"]]).splitlines()
    assert len({len(line) for line in lines}) == 1  # the last column starts at the same place


def test_list_shows_every_row_after_a_hostile_name(tmp_path: Path,
                                                   capsys: pytest.CaptureFixture[str]) -> None:
    folder = hostile_profiles(tmp_path / "profiles")
    assert main(["list", "--profiles", str(folder), *TODAY]) == 0
    out = capsys.readouterr().out
    assert_inert(out)
    assert "\\x1b[2J" in out
    for option in (p.stem for p in folder.glob("*.yaml")):
        assert any(line.startswith(option + " ") for line in out.splitlines()), option
    assert main(["list", "--profiles", str(folder), "--format", "json", *TODAY]) == 0
    out = capsys.readouterr().out
    assert_inert(out)
    assert HOSTILE_NAME in {row["name"] for row in json.loads(out)}


def test_rank_and_explain_are_inert(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = hostile_profiles(tmp_path / "profiles")
    hostile_id = sorted(p.stem for p in folder.glob("*.yaml"))[0]
    for args in (["rank"], ["rank", "--format", "csv"], ["rank", "--format", "json"],
                 ["explain", hostile_id], ["explain", hostile_id, "--format", "json"],
                 ["robustness", "--samples", "50"]):
        assert main([*args, "--profiles", str(folder), *TODAY]) == 0, args
        assert_inert(capsys.readouterr().out)
    assert main(["explain", hostile_id, "--profiles", str(folder), "--format", "json", *TODAY]) == 0
    decoded = json.loads(capsys.readouterr().out)
    assert decoded["option"]["name"] == HOSTILE_NAME
    assert main(["rank", "--profiles", str(folder), "--format", "json", *TODAY]) == 0
    names = {row["name"] for row in json.loads(capsys.readouterr().out)["ranking"]}
    assert HOSTILE_NAME in names


def _assessment(tmp_path: Path, folder: Path, **extra: object) -> Path:
    data = copy.deepcopy(BASE_ASSESSMENT)
    data["institution"]["name"] = "Bank " + ESC_2J + RLO
    data["profiles"] = str(folder)
    data.update(extra)
    path = tmp_path / "assessment.yaml"
    path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), encoding="utf-8")
    return path


def test_exclusion_reasons_and_checklists_are_inert(tmp_path: Path,
                                                    capsys: pytest.CaptureFixture[str]) -> None:
    folder = hostile_profiles(tmp_path / "profiles", count=4, every_source=True)
    path = _assessment(tmp_path, folder, constraints={"processing_jurisdictions": ["JP"]})
    assert main(["rank", "--assessment", str(path), *TODAY]) == 0
    out = capsys.readouterr().out
    assert_inert(out)
    assert "Excluded by the assessment's constraints" in out and "\\x1b[2J" in out
    shortlisted = json.loads(_out(capsys, ["rank", "--assessment", str(path), "--format", "json", *TODAY]))
    option = shortlisted["ranking"][0]["id"]
    assert main(["checklist", "set", "--assessment", str(path), "--option", option, "--item",
                 _first_item(capsys, path, option), "--owner", "Eve " + ESC_2J + CLICK,
                 "--note", "see \x1b]52;c;Zm9v\x07 \r=cmd", *TODAY]) == 0
    assert_inert(capsys.readouterr().out)
    assert main(["checklist", "show", "--assessment", str(path), "--option", option, *TODAY]) == 0
    out = capsys.readouterr().out
    assert_inert(out)
    assert "Eve \\x1b[2J" in out
    assert main(["checklist", "show", "--assessment", str(path), "--format", "json", *TODAY]) == 0
    out = capsys.readouterr().out
    assert_inert(out)
    owners = {t["owner"] for v in json.loads(out)["options"].values() for t in v["items"]}
    assert "Eve " + ESC_2J + CLICK in owners


def _out(capsys: pytest.CaptureFixture[str], args: list[str]) -> str:
    assert main(args) == 0
    return capsys.readouterr().out


def _first_item(capsys: pytest.CaptureFixture[str], path: Path, option: str) -> str:
    data = json.loads(_out(capsys, ["checklist", "show", "--assessment", str(path), "--option", option,
                                    "--format", "json", *TODAY]))
    return str(data["options"][option]["items"][0]["id"])


def test_validate_messages_and_file_names_are_inert(tmp_path: Path,
                                                     capsys: pytest.CaptureFixture[str]) -> None:
    bad = tmp_path / f"evil{ESC_2J}{RLO}.yaml"
    bad.write_text('id: x\nname: "\\e[2J"\nsorce\\e]8;;x: 1\n"\\e[31mkey": 2\n', encoding="utf-8")
    assert main(["validate", str(bad)]) == 1
    captured = capsys.readouterr()
    assert_inert(captured.out)
    assert_inert(captured.err)
    assert "evil\\x1b[2J\\u202e.yaml:" in captured.out
    assert main(["validate", str(bad), "--format", "json"]) == 1
    out = capsys.readouterr().out
    assert_inert(out)
    assert json.loads(out)["problems"][0]["file"] == str(bad)


def test_usage_errors_are_inert(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as stop:
        main(["rank", "--method", "x" + ESC_2J])
    assert stop.value.code == 2
    assert_inert(capsys.readouterr().err)


def test_needs_a_human_counts_each_kind_of_flag_by_name(capsys: pytest.CaptureFixture[str]) -> None:
    """A lifecycle exit-plan review is not 'to confirm': each flag kind is counted in its words."""
    root = Path(__file__).resolve().parents[2]
    assert main(["rank", "--assessment", str(root / "examples" / "small-wealth-manager-assistant.yaml"),
                 *TODAY]) == 0
    out = capsys.readouterr().out
    block = out.split("Needs a human", 1)[1].split("\n\n", 1)[0].splitlines()[1:]
    gpt4o = next(line for line in block if line.lstrip().startswith("GPT-4o (2024-11-20)"))
    assert gpt4o.endswith(": 1 legal review, 1 lifecycle (exit plan)")
    assert any(line.lstrip().startswith("Claude") and line.endswith(": 1 to confirm") for line in block)
    assert not any("gpt-4o-azure-openai-southeast-asia" in line for line in block)  # names, not ids
