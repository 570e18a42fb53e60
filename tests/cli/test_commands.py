"""The command line as a user meets it: help, version, list, rank, explain, errors."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from selector import __version__
from selector.cli import main

ROOT = Path(__file__).resolve().parents[2]
TODAY = ["--today", "2026-11-25"]


TODAY_DATE = date(2026, 11, 25)


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "selector", *args],
        capture_output=True, text=True, cwd=ROOT, timeout=120,
    )


def test_version() -> None:
    done = run("--version")
    assert done.returncode == 0
    assert done.stdout.strip() == f"selector {__version__}"


def test_help_lists_commands() -> None:
    done = run("--help")
    assert done.returncode == 0
    for command in ("list", "validate", "schema", "rank", "explain"):
        assert command in done.stdout


def test_no_command_prints_help_and_exits_2() -> None:
    done = run()
    assert done.returncode == 2
    assert "usage:" in done.stdout


def test_list(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["list", *TODAY]) == 0
    out = capsys.readouterr().out
    assert "llama-4-scout-self-hosted" in out
    assert "offerings; STALE" in out
    assert main(["list", "--format", "json", *TODAY]) == 0
    data = json.loads(capsys.readouterr().out)
    assert {"id", "name", "openness", "route", "processing", "as_of", "review_by", "stale"} <= set(
        data[0]
    )


def test_list_marks_stale_profiles(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["list", "--today", "2030-01-01"]) == 0
    out = capsys.readouterr().out
    assert "STALE" in out.splitlines()[2]


def test_rank_json_contract(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["rank", "--format", "json", *TODAY]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["method"] == "wsm"
    assert {c["id"] for c in data["criteria"]} == {
        "accessibility", "transparency", "adaptability", "liability", "support", "security",
        "lock_in", "data_localisation",
    }
    assert sum(c["weight"] for c in data["criteria"]) == pytest.approx(1.0)
    assert all(c["objective"] == "max" for c in data["criteria"])
    first = data["ranking"][0]
    assert {"rank", "id", "name", "score", "scores", "flags"} <= set(first)
    assert set(first["scores"]) == {c["id"] for c in data["criteria"]}
    # without an assessment only retired offerings are excluded, each with its date and source
    assert data["excluded"] and all(e["reasons"][0].startswith("retired") for e in data["excluded"])
    assert data["lifecycle"]["gemini-vertex-ai"]["status"] == "retired"
    assert data["meta"]["tool_version"] == __version__
    assert "scikit-criteria" in data["meta"]["libraries"]
    inputs = data["meta"]["inputs"]
    assert "bundled:criteria/box1.yaml" in inputs
    assert all(len(digest) == 64 for digest in inputs.values())
    positions = [r["position"] for r in data["ranking"]]
    assert positions == list(range(1, len(positions) + 1))


def test_rank_scores_follow_weights(capsys: pytest.CaptureFixture[str]) -> None:
    """The wsm total is the weighted mean of the criterion points."""
    assert main(["rank", "--format", "json", "--weights", "security=3,support=0", *TODAY]) == 0
    data = json.loads(capsys.readouterr().out)
    weights = {c["id"]: c["weight"] for c in data["criteria"]}
    assert weights["support"] == 0
    assert weights["security"] == pytest.approx(3 / 9)
    for row in data["ranking"]:
        total = sum(weights[c] * v for c, v in row["scores"].items())
        assert row["score"] == pytest.approx(total, abs=1e-9)


@pytest.mark.parametrize("method", ["wsm", "topsis", "wpm", "waspas", "vikor"])
def test_rank_every_method_prints_only_the_result(
    capsys: pytest.CaptureFixture[str], method: str
) -> None:
    assert main(["rank", "--method", method, "--format", "json", *TODAY]) == 0
    captured = capsys.readouterr()
    data = json.loads(captured.out)
    assert data["method"] == method
    assert captured.err == ""


def test_rank_csv_is_spreadsheet_safe(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    profiles = tmp_path / "p"
    profiles.mkdir()
    (profiles / "evil.yaml").write_text(
        'schema_version: 2\nid: evil\nname: "=HYPERLINK(\\"http://x\\",\\"y\\")"\nkind: alternative\n'
        "scores: {q: 5}\n"
    )
    criteria = tmp_path / "c.yaml"
    criteria.write_text("version: '1'\nname: t\ncriteria:\n  - {id: q, name: Q, objective: max, "
                        "weight: 1}\n")
    assert main(["rank", "--profiles", str(profiles), "--criteria", str(criteria),
                 "--format", "csv"]) == 0
    rows = list(csv.reader(io.StringIO(capsys.readouterr().out)))
    assert rows[0][:4] == ["rank", "position", "id", "name"]
    assert rows[1][3].startswith("'=HYPERLINK")


def test_rank_table_shows_every_criterion(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["rank", *TODAY]) == 0
    out = capsys.readouterr().out
    assert out.splitlines()[2].split() == ["#", "option", "(and", "its", "id)", "score", "open", "facts"]
    points_header = next(line for line in out.splitlines() if line.lstrip().startswith("#  Cost"))
    assert points_header.split() == ["#", "Cost", "Transp.", "Adapt.", "Liability", "Support", "Security",
                                     "Lock-in", "Data", "loc."]


def test_rank_table_names_ids_even_decimals_and_width() -> None:
    from selector import rank
    from selector.render.ranking import rank_table

    result = rank(today=TODAY_DATE)
    for width in (80, 100, 140):
        text = rank_table(result, width)
        lines = text.splitlines()
        ids = {row.id for row in result.ranking}
        assert ids <= {line.strip() for line in lines}, width  # in full on its own line, never cut
        assert max(len(line) for line in lines if line.strip() not in ids) <= width, width
    text = rank_table(result, 100)
    top = result.ranking[0]
    assert top.name[:30] in text and f"      {top.id}" in text  # the name, and the id to type below it
    table = text.split("Points per criterion")[1].split("\n\n")[0].splitlines()[3:]
    cells = [cell for line in table for cell in line.split()[1:]]
    assert cells and all(len(c.split(".")[1]) == 1 for c in cells)  # points: one decimal, always
    assert all(f"{r.score:.2f}" in text for r in result.ranking)  # scores: two decimals, always


def test_explain_text_shows_sources(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["explain", "llama-4-scout-self-hosted", *TODAY]) == 0
    out = capsys.readouterr().out
    assert "acc-licence-fee: accessibility.licence_fee = none" in out
    assert "source: Llama 4 Community License Agreement" in out
    assert "basis: HKIMR report, Box 1, Accessibility" in out


def test_explain_json(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["explain", "gpt-4o-openai-api", "--format", "json", *TODAY]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["option"]["id"] == "gpt-4o-openai-api"
    criterion = data["criteria"][0]
    entry = criterion["trace"][0]
    assert {"rule", "fact", "value", "points", "source", "as_of", "confidence", "flags"} <= set(
        entry
    )
    assert criterion["score"] == pytest.approx(
        sum(e["points"] for e in criterion["trace"] if e["counted"])
    )


def test_explain_unknown_option_is_one_line(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["explain", "llama-4-scout-self-hostd", *TODAY]) == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1
    assert "did you mean 'llama-4-scout-self-hosted'?" in err[0]


@pytest.mark.parametrize(
    ("args", "needle"),
    [
        (["rank", "--weights", "securty=2"], "did you mean 'security'?"),
        (["rank", "--weights", "security"], "is not id=value"),
        (["rank", "--weights", "security=lots"], "is not a number"),
        (["rank", "--weights", "security=-1"], "must be a finite number from 0 to 1e+06"),
        (["rank", "--weights", "security=nan"], "must be a finite number from 0 to 1e+06"),
        (["rank", "--weights", ",".join(f"{c}=0" for c in (
            "accessibility", "transparency", "adaptability", "liability", "support",
            "security", "lock_in", "data_localisation"))], "every weight is 0"),
    ],
)
def test_bad_weights_are_usage_errors(
    capsys: pytest.CaptureFixture[str], args: list[str], needle: str
) -> None:
    assert main(args) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and needle in err[0]


def test_unknown_method_is_usage_error() -> None:
    done = run("rank", "--method", "promethee")
    assert done.returncode == 2
    assert "invalid choice" in done.stderr and "Traceback" not in done.stderr


def test_missing_criteria_file_is_one_line() -> None:
    done = run("rank", "--criteria", "nope.yaml")
    assert done.returncode == 1
    assert done.stderr.strip() == "nope.yaml:1:1: no such file"


def test_missing_direct_score_is_located(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "a.yaml").write_text("schema_version: 2\nid: a\nname: A\nkind: alternative\n"
                                     "scores: {x: 1}\n")
    criteria = tmp_path / "c.yaml"
    criteria.write_text("version: '1'\nname: t\ncriteria:\n"
                        "  - {id: x, name: X, objective: max, weight: 1}\n"
                        "  - {id: y, name: Y, objective: max, weight: 1}\n")
    assert main(["rank", "--profiles", str(tmp_path / "a.yaml"), "--criteria", str(criteria)]) == 1
    err = capsys.readouterr().err.strip()
    assert "scores.y: no score for criterion 'y'" in err


def test_schema_files_are_current(capsys: pytest.CaptureFixture[str]) -> None:
    for kind in ("profile", "criteria", "assessment", "checklist"):
        assert main(["schema", kind]) == 0
        printed = capsys.readouterr().out
        shipped = (ROOT / "schema" / f"{kind}.schema.json").read_text()
        assert json.loads(printed) == json.loads(shipped), "run: make schema"


def test_python_api_example() -> None:
    """The README's API example runs as written."""
    from datetime import date

    import selector

    result = selector.rank(method="wsm", weights={"data_localisation": 3}, today=date(2026, 11, 25))
    best = result.ranking[0]
    assert best.rank == 1
    text = selector.explain(result, best.id)
    assert best.id in text
    assert result.as_dict()["ranking"][0]["id"] == best.id
    with pytest.raises(AttributeError):
        best.score = 0  # type: ignore[misc]


def test_rank_with_assessment(capsys: pytest.CaptureFixture[str]) -> None:
    args = ["rank", "--assessment", str(ROOT / "examples" / "insurer-claims-triage.yaml"), *TODAY]
    assert main(args) == 0
    out = capsys.readouterr().out
    assert "Excluded by the assessment's constraints" in out
    assert main([*args, "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["excluded"] and all(e["reasons"] for e in data["excluded"])
    assert data["weight_derivation"][-1]["kind"] == "direct"
    assert data["assessment"]["institution"]["sector"] == "insurer"
    first = data["ranking"][0]["id"]
    assert first in data["tco"]
    # an unknown token price leaves that option's TCO unknown (None), never invented
    assert all(t["annual_usd"] is None or t["annual_usd"] > 0 for t in data["tco"].values())
    assert any(t["annual_usd"] for t in data["tco"].values())


def test_explain_with_assessment_shows_costs_and_excluded(capsys: pytest.CaptureFixture[str]) -> None:
    example = str(ROOT / "examples" / "large-bank-customer-chatbot-hk.yaml")
    assert main(["explain", "llama-4-scout-self-hosted", "--assessment", example, *TODAY]) == 0
    out = capsys.readouterr().out
    assert "Cost of ownership:" in out and "legal review" in out and "lck-switching-cost" in out
    assert main(["explain", "gpt-4o-openai-api", "--assessment", example, *TODAY]) == 0
    assert "EXCLUDED" in capsys.readouterr().out


def test_weights_command(capsys: pytest.CaptureFixture[str]) -> None:
    example = str(ROOT / "examples" / "small-wealth-manager-assistant.yaml")
    assert main(["weights", "--assessment", example]) == 0
    out = capsys.readouterr().out
    assert "Small firm" in out and "Effective weights:" in out and "HKIMR report, Box 1" in out
    assert main(["weights", "--assessment", example, "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert sum(data["effective"].values()) == pytest.approx(1)


def test_init_writes_a_valid_starter(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["init", str(tmp_path / "new")]) == 0
    target = tmp_path / "new" / "assessment.yaml"
    assert target.exists()
    assert main(["validate", str(target)]) == 0
    assert main(["init", str(tmp_path / "new")]) == 1
    assert "already exists; use --force" in capsys.readouterr().err
    assert main(["init", str(tmp_path / "new"), "--force"]) == 0


def test_examples_validate() -> None:
    done = run("validate", "examples", "criteria", "vendor_profiles")
    assert done.returncode == 0, done.stdout


def test_bad_assessment_is_one_located_line(tmp_path: Path) -> None:
    bad = tmp_path / "a.yaml"
    bad.write_text((ROOT / "examples" / "insurer-claims-triage.yaml").read_text()
                   .replace("sector: insurer", "sector: insurance"))
    done = run("rank", "--assessment", str(bad))
    assert done.returncode == 1
    assert done.stderr.count("\n") == 1
    assert "institution.sector: must be one of 'bank', 'insurer'" in done.stderr


def test_explain_takes_a_unique_part_of_an_id_or_name_and_lists_an_ambiguous_one(
        capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["explain", "Scout", *TODAY]) == 0  # part of the name
    assert capsys.readouterr().out.startswith("llama-4-scout-self-hosted: ")
    assert main(["explain", "gpt-4o", *TODAY]) == 1
    err = capsys.readouterr().err
    assert "'gpt-4o' matches 2 options: gpt-4o-" in err and "give one of these ids" in err
    assert len(err.strip().splitlines()) == 1
    assert main(["explain", "llama-4-scuot-self-hosted", *TODAY]) == 1
    assert "did you mean 'llama-4-scout-self-hosted'" in capsys.readouterr().err
