"""The attack corpus of issue 16, as one module: every case ends in a clean outcome.

Clean means: the documented exit code, no traceback and no internal error, at most one line of
complaint, nothing dangerous printed raw, and nothing half-written left behind (no temporary
file, no state file changed by a refused edit).
"""

from __future__ import annotations

import copy
import os
import shutil
from pathlib import Path

import pytest
import yaml

from helpers import BASE_ASSESSMENT, RAW_DANGER, hostile_profiles
from selector.cli import main

ROOT = Path(__file__).resolve().parents[2]
TODAY = ["--today", "2026-11-25"]
FIXTURE = ROOT / "tests" / "ui" / "data"
"""A frozen six-profile assessment (the TUI's fixture): the state-file attacks need a checklist,
not the whole catalogue, and every command below ranks it again."""
EXAMPLE = FIXTURE / "assessment.yaml"

ESCAPES = {
    "csi-clear": "\x1b[2J\x1b[H",
    "osc52-clipboard": "\x1b]52;c;ZWNobyBwd25lZA==\x07",
    "osc8-link": "\x1b]8;;file:///etc/passwd\x1b\\link\x1b]8;;\x1b\\",
    "osc-title": "\x1b]0;pwned\x07",
    "dcs": "\x1bP+q544e\x1b\\",
    "c1-csi": "\x9b31m",
    "c1-osc": "\x9d52;c;Zm9v\x9c",
    "bel-bs-cr": "ok\x07\x08\x08\rEVIL",
    "del-nul": "a\x7fb\x00c",
    "bidi": "\u202egnp.exe\u202c \u2066x\u2069 \u200f",
    "separators": "a\u2028b\u2029c\x85d",
    "surrogate": "lone \ud83d half",
    "rich-markup": "[@click=app.quit]x [link=file:///etc/passwd]y [bold red]z",
}


class Outcome:
    def __init__(self, code: int, out: str, err: str) -> None:
        self.code, self.out, self.err = code, out, err


def call(capsys: pytest.CaptureFixture[str], *args: str) -> Outcome:
    try:
        code = main(list(args))
    except SystemExit as stop:  # argparse usage errors
        code = int(stop.code or 0)
    captured = capsys.readouterr()
    return Outcome(code, captured.out, captured.err)


def assert_clean(result: Outcome, code: int, folder: Path | None = None) -> None:
    assert result.code == code, (result.code, result.err)
    for stream in (result.out, result.err):
        assert "Traceback" not in stream and "internal error" not in stream
        for char in RAW_DANGER:
            assert char not in stream
    complaint = [line for line in result.err.splitlines()
                 if line.strip() and not line.startswith(("usage:", " "))]
    if code != 0:
        assert len(complaint) == 1, result.err
    if folder is not None:
        assert not [p for p in folder.rglob("*.tmp")], "a temporary file was left behind"


# --- names with every escape family -----------------------------------------------------------


@pytest.mark.parametrize("family", sorted(ESCAPES))
def test_escape_families_in_names_are_printed_inert(family: str, tmp_path: Path,
                                                    capsys: pytest.CaptureFixture[str]) -> None:
    folder = hostile_profiles(tmp_path / "p", name=f"Name {ESCAPES[family]} end", count=2)
    option = sorted(p.stem for p in folder.glob("*.yaml"))[0]
    code = 1 if family == "surrogate" else 0  # YAML cannot carry a lone surrogate: one located line
    for args in (["list"], ["rank"], ["rank", "--format", "csv"], ["rank", "--format", "json"],
                 ["explain", option], ["explain", option, "--format", "json"]):
        assert_clean(call(capsys, *args, "--profiles", str(folder), *TODAY), code)


@pytest.mark.parametrize("flag", ["--note", "--owner", "--evidence", "--by"])
def test_a_non_utf8_argument_never_locks_the_state_out(flag: str, tmp_path: Path,
                                                        capsys: pytest.CaptureFixture[str]) -> None:
    """Python decodes a non-UTF-8 argv byte as a lone surrogate; YAML wrote it as an escape it
    then refused to read, which locked every later command out of the checklist."""
    path = _case(tmp_path)
    option, item = _first(capsys, path)
    assert_clean(_set(capsys, path, option, item, "--note", "first"), 0)
    assert_clean(_set(capsys, path, option, item, flag, "bad \udcff byte"), 1, tmp_path)
    assert_clean(call(capsys, "checklist", "show", "--assessment", str(path), *TODAY), 0)


def test_a_hostile_file_name_in_validate(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bad = tmp_path / ("x" + "".join(v for k, v in ESCAPES.items() if k not in ("del-nul", "surrogate"))
                      .replace("/", "_") + ".yaml")
    bad.write_text("id: [\n", encoding="utf-8")
    assert_clean(call(capsys, "validate", str(bad)), 1)


# --- the checklist state: CSV payloads, oversize, truncated, wrong types, symlinks, read-only ----


def _case(tmp_path: Path) -> Path:
    path = tmp_path / "a.yaml"
    shutil.copy(EXAMPLE, path)
    for folder in ("profiles", "criteria"):
        shutil.copytree(FIXTURE / folder, tmp_path / folder)
    return path


def _first(capsys: pytest.CaptureFixture[str], path: Path) -> tuple[str, str]:
    import json

    result = call(capsys, "checklist", "show", "--assessment", str(path), "--format", "json", *TODAY)
    options = json.loads(result.out)["options"]
    option = next(iter(options))
    return option, options[option]["items"][0]["id"]


def _set(capsys: pytest.CaptureFixture[str], path: Path, option: str, item: str, *extra: str) -> Outcome:
    return call(capsys, "checklist", "set", "--assessment", str(path), "--option", option, "--item", item,
                *extra, *TODAY)


@pytest.mark.parametrize("payload", ["fine note\r=cmd|' /C calc'!A0", "=HYPERLINK(\"http://x\",\"y\")",
                                     "@SUM(1)\n+2\r\n-3", "\x1b[2J" + "\u202e", "x" * 8000])
def test_csv_payloads_in_notes_export_cleanly(payload: str, tmp_path: Path,
                                              capsys: pytest.CaptureFixture[str]) -> None:
    path = _case(tmp_path)
    option, item = _first(capsys, path)
    result = _set(capsys, path, option, item, f"--note={payload}", f"--owner={payload[:200]}")
    assert_clean(result, 0, tmp_path)
    assert_clean(call(capsys, "checklist", "show", "--assessment", str(path), *TODAY), 0)
    out = tmp_path / "c.csv"
    assert_clean(call(capsys, "checklist", "export", "--assessment", str(path), "--format", "csv",
                      "--out", str(out), *TODAY), 0, tmp_path)


def test_an_oversized_note_is_refused_and_nothing_written(tmp_path: Path,
                                                         capsys: pytest.CaptureFixture[str]) -> None:
    path = _case(tmp_path)
    option, item = _first(capsys, path)
    assert_clean(_set(capsys, path, option, item, "--note", "x" * 8001), 1, tmp_path)
    assert not path.with_name("a.checklist.yaml").exists()


def test_an_oversized_state_file_is_one_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = _case(tmp_path)
    state = path.with_name("a.checklist.yaml")
    with state.open("wb") as handle:
        handle.truncate((64 << 20) + 1)  # sparse: the size check refuses it before reading
    report = ["report", "--assessment", str(path), "--format", "md", "--out", str(tmp_path / "r.md")]
    for args in (["checklist", "show", "--assessment", str(path)], report):
        assert_clean(call(capsys, *args, *TODAY), 1, tmp_path)
    assert not (tmp_path / "r.md").exists()


def test_a_truncated_state_is_reported_and_never_rewritten(tmp_path: Path,
                                                          capsys: pytest.CaptureFixture[str]) -> None:
    path = _case(tmp_path)
    option, item = _first(capsys, path)
    for n in range(5):
        assert_clean(_set(capsys, path, option, item, "--note", f"note {n}"), 0)
    state = path.with_name("a.checklist.yaml")
    lines = state.read_text(encoding="utf-8").splitlines(keepends=True)
    state.write_text("".join(lines[:-4]), encoding="utf-8")
    before = state.read_bytes()
    for args in (["checklist", "show", "--assessment", str(path), *TODAY],
                 ["checklist", "set", "--assessment", str(path), "--option", option, "--item", item,
                  "--note", "after the cut", *TODAY],
                 ["checklist", "export", "--assessment", str(path), "--format", "json", "--out",
                  str(tmp_path / "e.json"), *TODAY]):
        assert_clean(call(capsys, *args), 1, tmp_path)
    assert state.read_bytes() == before
    assert not (tmp_path / "e.json").exists()


@pytest.mark.parametrize("entry", [{"notes": 5}, {"history": "yesterday"}, {"status": "finished"},
                                   {"owner": {"name": "x"}}, "not a mapping"])
def test_wrong_types_in_a_hand_edited_state(entry: object, tmp_path: Path,
                                            capsys: pytest.CaptureFixture[str]) -> None:
    path = _case(tmp_path)
    option, item = _first(capsys, path)
    state = path.with_name("a.checklist.yaml")
    state.write_text(yaml.safe_dump({"version": 1, "revision": 2, "options": {option: {item: entry}}}),
                     encoding="utf-8")
    result = call(capsys, "checklist", "show", "--assessment", str(path), *TODAY)
    assert_clean(result, 1)
    assert result.err.startswith(f"{state}:") and "options." in result.err


def test_a_symlinked_state_and_a_dangling_one(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = _case(tmp_path)
    option, item = _first(capsys, path)
    elsewhere = tmp_path / "vault"
    elsewhere.mkdir()
    link = path.with_name("a.checklist.yaml")
    link.symlink_to(elsewhere / "state.yaml")  # dangling until the first write
    assert_clean(_set(capsys, path, option, item, "--note", "kept at the target"), 0, tmp_path)
    assert link.is_symlink() and (elsewhere / "state.yaml").is_file()
    assert_clean(call(capsys, "checklist", "show", "--assessment", str(path), *TODAY), 0)


def test_a_stale_temporary_file_from_kill_9_is_removed(tmp_path: Path,
                                                       capsys: pytest.CaptureFixture[str]) -> None:
    path = _case(tmp_path)
    option, item = _first(capsys, path)
    stale = tmp_path / ".a.checklist.yaml.x1y2z3.tmp"
    stale.write_text("half-written notes", encoding="utf-8")
    assert_clean(_set(capsys, path, option, item, "--status", "done"), 0, tmp_path)
    assert not stale.exists()


def test_a_state_folder_that_is_a_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    data = copy.deepcopy(yaml.safe_load(EXAMPLE.read_text(encoding="utf-8")))
    data["checklist_state"] = "blocked/state.yaml"
    path = _case(tmp_path)
    path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    (tmp_path / "blocked").write_text("a file, not a folder", encoding="utf-8")
    option, item = _first(capsys, path)
    assert_clean(_set(capsys, path, option, item, "--note", "x"), 1, tmp_path)
    assert_clean(call(capsys, "report", "--assessment", str(path), "--format", "md", "--out",
                      str(tmp_path / "blocked" / "r.md"), "--samples", "50", *TODAY), 1, tmp_path)


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes into read-only folders")
def test_a_read_only_folder(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = _case(tmp_path)
    option, item = _first(capsys, path)
    tmp_path.chmod(0o555)
    try:
        assert_clean(_set(capsys, path, option, item, "--note", "x"), 1, tmp_path)
        assert_clean(call(capsys, "report", "--assessment", str(path), "--format", "md", "--out",
                          str(tmp_path / "r.md"), "--samples", "50", *TODAY), 1, tmp_path)
    finally:
        tmp_path.chmod(0o755)


# --- numeric extremes ----------------------------------------------------------------------------


@pytest.mark.parametrize(("args", "code"), [
    (["rank", "--weights", "security=1e308"], 2),
    (["rank", "--weights", "security=-0.0,transparency=inf"], 2),
    (["rank", "--weights", "security=nan"], 2),
    (["rank", "--weights", "security=1e-300"], 0),
    (["robustness", "--seed", "-1"], 2),
    (["robustness", "--seed", str(2**64)], 2),
    (["robustness", "--samples", "0"], 2),
    (["robustness", "--samples", "100000000"], 2),
    (["robustness", "--tolerance", "nan", "--samples", "20"], 2),
    (["robustness", "--tolerance", "1e308", "--samples", "20"], 2),
    (["robustness", "--weights", "security=1e6", "--samples", "20"], 0),
])
def test_numeric_extremes_on_the_command_line(args: list[str], code: int,
                                              capsys: pytest.CaptureFixture[str]) -> None:
    assert_clean(call(capsys, *args, *TODAY), code)


@pytest.mark.parametrize(("value", "code"), [("", 0), ("   ", 0), ("x", 1), ("1e9", 1),
                                             ("99999999999999999999", 1), ("1764000000", 0)])
def test_source_date_epoch_extremes(value: str, code: int, monkeypatch: pytest.MonkeyPatch,
                                    capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", value)
    assert_clean(call(capsys, "rank", *TODAY), code)


@pytest.mark.parametrize(("section", "value"), [
    ("horizon_years", 0), ("horizon_years", 10**6), ("budget_usd_per_year", -1),
    ("budget_usd_per_year", 1e300), ("use_case.volume.input_mtok_per_month", 1e300),
    ("use_case.users", 10**12), ("institution.customer_mau_millions", float("nan")),
    ("institution.environment.on_premise_gpus", -4),
])
def test_numeric_extremes_in_an_assessment(section: str, value: object, tmp_path: Path,
                                           capsys: pytest.CaptureFixture[str]) -> None:
    data = copy.deepcopy(BASE_ASSESSMENT)
    target = data
    *parents, last = section.split(".")
    for key in parents:
        target = target.setdefault(key, {})
    target[last] = value
    path = tmp_path / "a.yaml"
    path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    result = call(capsys, "rank", "--assessment", str(path), *TODAY)
    assert_clean(result, 1)
    assert result.err.startswith(f"{path}:") and last in result.err
