"""`selector checklist catalogue`: the catalogue as a control library in JSON, YAML and CSV."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Any

import pytest
import yaml

from selector import load_catalogue
from selector.checklist.export import CROSSWALK, CSV_COLUMNS, FORMAT, SEP
from selector.cli import main
from selector.io.paths import bundled

ROOT = Path(__file__).resolve().parents[2]
MINI = ROOT / "tests" / "data" / "checklist" / "mini.yaml"
TODAY = ["--today", "2026-12-01"]


def export(capsys: pytest.CaptureFixture[str], *args: str) -> str:
    assert main(["checklist", "catalogue", *TODAY, *args]) == 0
    return capsys.readouterr().out


def hostile_catalogue(tmp_path: Path) -> Path:
    doc = yaml.safe_load(MINI.read_text())
    doc["items"][0]["title"] = "=HYPERLINK(\"https://evil.example\",\"x\")"
    doc["items"][0]["evidence"] = "@SUM(1+1)"
    path = tmp_path / "hostile.yaml"
    path.write_text(yaml.safe_dump(doc, sort_keys=False, allow_unicode=True))
    return path


def test_json_is_the_documented_library(capsys: pytest.CaptureFixture[str]) -> None:
    data = json.loads(export(capsys, "--format", "json"))
    catalogue = load_catalogue(bundled("criteria") / "checklist.yaml").catalogue
    assert data["format"] == FORMAT and data["format_version"] == 1
    assert data["catalogue_version"] == catalogue.version and data["as_of"] == "2026-12-01"
    assert [c["id"] for c in data["controls"]] == [i.id for i in catalogue.items]
    for control in data["controls"]:
        assert {"id", "title", "category", "priority", "triggers", "action", "evidence", "report",
                "references", "crosswalk"} <= set(control)
        assert control["triggers"] and all(isinstance(t, str) for t in control["triggers"])
        assert any(r["hong_kong"] for r in control["references"])
        for ref in control["references"]:
            assert {"framework", "id", "url", "locator", "published", "as_of", "review_by",
                    "confidence", "stale", "superseded_by"} <= set(ref)
        assert set(control["crosswalk"]) <= set(CROSSWALK)
    sec14 = next(c for c in data["controls"] if c["id"] == "DD-SEC-14")
    assert sec14["triggers"] == ["delivery route is vendor-api or cloud-platform or managed-hosting"]
    assert "LLM04:2026" in sec14["crosswalk"]["OWASP LLM Top 10"]
    assert {f["kind"] for f in data["freshness"]} <= {"stale", "superseded", "undated"}


def test_yaml_carries_the_same_library(capsys: pytest.CaptureFixture[str]) -> None:
    as_json = json.loads(export(capsys, "--format", "json"))
    as_yaml = yaml.safe_load(export(capsys, "--format", "yaml"))
    assert as_yaml == as_json


def test_same_inputs_same_bytes(capsys: pytest.CaptureFixture[str]) -> None:
    assert export(capsys, "--format", "csv") == export(capsys, "--format", "csv")


def test_csv_reads_back_one_row_per_control(capsys: pytest.CaptureFixture[str]) -> None:
    rows = list(csv.DictReader(io.StringIO(export(capsys, "--format", "csv"))))
    catalogue = load_catalogue(bundled("criteria") / "checklist.yaml").catalogue
    assert tuple(rows[0]) == CSV_COLUMNS
    assert [r["id"] for r in rows] == [i.id for i in catalogue.items]
    by_id = {r["id"]: r for r in rows}
    sec04 = by_id["DD-SEC-04"]
    assert "LLM01:2026" in sec04["crosswalk_owasp_llm_top_10"].split(SEP)
    assert "AML.T0051" in sec04["crosswalk_mitre_atlas"].split(SEP)
    assert all(r["hong_kong_references"] for r in rows)
    assert by_id["DD-SEC-13"]["triggers"] == "delivery route is self-hosted"


def test_csv_cells_cannot_become_formulas(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = hostile_catalogue(tmp_path)
    rows = list(csv.DictReader(io.StringIO(export(capsys, "--format", "csv", "--catalogue", str(path)))))
    assert rows[0]["title"].startswith("'=HYPERLINK(")
    assert rows[0]["evidence"] == "'@SUM(1+1)"
    data = json.loads(export(capsys, "--format", "json", "--catalogue", str(path)))
    assert data["controls"][0]["title"].startswith("=HYPERLINK(")   # JSON keeps the text as it is


def test_out_writes_and_refuses_to_overwrite(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "lib" / "controls.json"
    assert main(["checklist", "catalogue", *TODAY, "--format", "json", "--out", str(out)]) == 0
    first = out.read_text()
    assert json.loads(first)["format"] == FORMAT
    assert not list(out.parent.glob("*.tmp*")) and [p.name for p in out.parent.iterdir()] == [out.name]
    assert main(["checklist", "catalogue", *TODAY, "--format", "csv", "--out", str(out)]) == 1
    assert "already exists; use --force" in capsys.readouterr().err
    assert out.read_text() == first
    assert main(["checklist", "catalogue", *TODAY, "--format", "csv", "--out", str(out), "--force"]) == 0
    assert out.read_text().startswith("id,title,")


def test_bad_catalogue_is_one_located_line_and_exit_1(tmp_path: Path,
                                                       capsys: pytest.CaptureFixture[str]) -> None:
    doc: dict[str, Any] = yaml.safe_load(MINI.read_text())
    doc["references"]["nist-600-1:gv-6.1-004"]["review_by"] = "2020-01-01"
    path = tmp_path / "bad.yaml"
    path.write_text(yaml.safe_dump(doc, sort_keys=False))
    code = main(["checklist", "catalogue", *TODAY, "--format", "json", "--catalogue", str(path)])
    err = capsys.readouterr().err
    assert code == 1
    lines = err.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in err
    assert lines[0].startswith(f"{path}:") and "references.nist-600-1:gv-6.1-004" in lines[0]
