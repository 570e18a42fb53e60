"""CSV that no spreadsheet misreads: both writers, read back with ``csv`` and with pandas.

A bare carriage return inside a cell used to go out unquoted; spreadsheets and pandas started a
new row there, and that row began with a live formula. Every payload below must come back as
exactly the rows written, with no text cell (nor any line inside one) starting with a formula
character.
"""

from __future__ import annotations

import csv
import io
import shutil
from pathlib import Path

import pandas as pd
import pytest

from selector.cli import main
from selector.render.text import FORMULA_PREFIXES, safe_cell

ROOT = Path(__file__).resolve().parents[2]
PAYLOADS = (
    "=1+1", "+1", "-1+cmd", "@SUM(A1)", "\t=x", "\r=x", "fine note\r=cmd|' /C calc'!A0",
    "fine\r\n=cmd", "fine\n+cmd", "a\x0b=cmd", "a\x0c@x", "a\u2028=cmd", "a\u2029-x", "\n=cmd",
    'quote " and , comma\r@x', "plain text",
)


def _numeric(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


def assert_no_live_formula(cells: list[str]) -> None:
    for cell in cells:
        if _numeric(cell):
            continue  # a negative score is a number, not a formula
        assert not cell.startswith(FORMULA_PREFIXES), repr(cell)
        for line in cell.replace("\r\n", "\n").replace("\r", "\n").split("\n"):
            assert not line.startswith(FORMULA_PREFIXES), repr(cell)


def read_both(text: str) -> tuple[list[list[str]], pd.DataFrame]:
    rows = list(csv.reader(io.StringIO(text, newline="")))
    frame = pd.read_csv(io.StringIO(text), dtype=str, keep_default_na=False)
    return rows, frame


def test_the_guard_quotes_every_line() -> None:
    assert safe_cell("fine\r=cmd") == "fine\n'=cmd"
    assert safe_cell("=x") == "'=x"
    assert safe_cell("a\r\n\t=b\u2028c") == "a\n'\t=b\nc"
    assert safe_cell("=x\n-y", every_line=False) == "'=x\n-y"
    assert safe_cell(-3.5) == -3.5


def test_ranking_csv_reads_back_as_written(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    profiles = tmp_path / "p"
    profiles.mkdir()
    for index, payload in enumerate(PAYLOADS):
        quoted = payload.encode("unicode_escape").decode("ascii").replace('"', '\\"')
        (profiles / f"o{index:02d}.yaml").write_text(
            f'schema_version: 2\nid: o{index:02d}\nname: "{quoted}"\nkind: alternative\n'
            f'scores: {{q: {index}}}\n',
            encoding="utf-8")
    criteria = tmp_path / "c.yaml"
    criteria.write_text("version: '1'\nname: t\ncriteria:\n  - {id: q, name: Q, objective: max, weight: 1}\n")
    for method in ("wsm", "wpm"):
        assert main(["rank", "--profiles", str(profiles), "--criteria", str(criteria), "--method", method,
                     "--format", "csv"]) == 0
        rows, frame = read_both(capsys.readouterr().out)
        assert len(rows) == len(PAYLOADS) + 1
        assert len(frame) == len(PAYLOADS)
        assert sorted(frame["id"]) == [f"o{i:02d}" for i in range(len(PAYLOADS))]
        for row in rows[1:]:
            assert_no_live_formula(row)
        for column in frame.columns:
            assert_no_live_formula(list(frame[column]))


def test_checklist_csv_reads_back_as_written(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "a.yaml"
    shutil.copy(ROOT / "examples" / "small-wealth-manager-assistant.yaml", path)
    today = ["--today", "2026-11-25"]
    assert main(["checklist", "export", "--assessment", str(path), "--format", "csv", "--out",
                 str(tmp_path / "before.csv"), *today]) == 0
    capsys.readouterr()
    before, _ = read_both((tmp_path / "before.csv").read_text(encoding="utf-8"))
    option, item = before[1][0], before[1][1]
    for payload in PAYLOADS:
        assert main(["checklist", "set", "--assessment", str(path), "--option", option, "--item", item,
                     f"--note={payload}", f"--owner={payload}", f"--by={payload}", *today]) == 0
    out = tmp_path / "after.csv"
    assert main(["checklist", "export", "--assessment", str(path), "--format", "csv", "--out", str(out),
                 *today]) == 0
    rows, frame = read_both(out.read_text(encoding="utf-8"))
    assert len(rows) == len(before)
    assert len(frame) == len(before) - 1
    for row in rows:
        assert_no_live_formula(row)
    for column in frame.columns:
        assert_no_live_formula(list(frame[column]))
    notes = frame[(frame["option"] == option) & (frame["item"] == item)]["notes"].iloc[0]
    assert "fine note\n'=cmd|' /C calc'!A0" in notes
