"""Work on an option that leaves the shortlist stays visible: show, export and the report."""

from __future__ import annotations

import csv
import io
import json
import shutil
from pathlib import Path

import pytest

from selector.cli import main

ROOT = Path(__file__).resolve().parents[2]
TODAY = ["--today", "2026-11-25"]


def test_an_option_that_leaves_the_shortlist_keeps_its_work(tmp_path: Path,
                                                            capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "a.yaml"
    shutil.copy(ROOT / "examples" / "small-wealth-manager-assistant.yaml", path)
    assert main(["checklist", "show", "--assessment", str(path), "--format", "json", *TODAY]) == 0
    views = json.loads(capsys.readouterr().out)["options"]
    option = next(iter(views))
    item = views[option]["items"][0]["id"]
    assert main(["checklist", "set", "--assessment", str(path), "--option", option, "--item", item,
                 "--note", "three weeks of talks with the vendor", "--status", "in-progress", *TODAY]) == 0
    capsys.readouterr()
    text = path.read_text(encoding="utf-8").replace("  no_training_on_our_data: true",
                                                    f"  no_training_on_our_data: true\n  exclude: [{option}]")
    path.write_text(text, encoding="utf-8")

    assert main(["checklist", "show", "--assessment", str(path), *TODAY]) == 0
    summary = capsys.readouterr().out
    assert any(line.startswith(option) and "orphaned" in line for line in summary.splitlines())
    assert main(["checklist", "show", "--assessment", str(path), "--all", *TODAY]) == 0
    out = capsys.readouterr().out
    assert f"{option}: orphaned - no longer shortlisted" in out
    assert item in out
    assert main(["checklist", "show", "--assessment", str(path), "--format", "json", *TODAY]) == 0
    kept = json.loads(capsys.readouterr().out)["options"][option]
    assert kept["orphaned"] is True
    assert kept["items"][0]["notes"] == ["three weeks of talks with the vendor"]
    assert kept["items"][0]["history"]

    out_csv = tmp_path / "c.csv"
    assert main(["checklist", "export", "--assessment", str(path), "--format", "csv", "--out", str(out_csv),
                 *TODAY]) == 0
    exported = csv.DictReader(io.StringIO(out_csv.read_text(encoding="utf-8")))
    rows = [r for r in exported if r["option"] == option]
    assert rows and rows[0]["orphaned"] == "yes" and "three weeks" in rows[0]["notes"]

    for fmt in ("md", "html"):
        report = tmp_path / f"r.{fmt}"
        assert main(["report", "--assessment", str(path), "--format", fmt, "--out", str(report),
                     "--samples", "100", *TODAY]) == 0
        body = report.read_text(encoding="utf-8")
        assert "no longer shortlisted" in body and "three weeks of talks with the vendor" in body
