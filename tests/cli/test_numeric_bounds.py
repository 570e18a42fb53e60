"""Every number a user gives is bounded, and a bad one ends in one clear line and the right exit.

Exit codes (the README's contract): 1 for bad input or data (SOURCE_DATE_EPOCH, an assessment's
volumes), 2 for a command-line value out of range (--weights, --seed, --samples).
"""

from __future__ import annotations

import copy
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from helpers import BASE_ASSESSMENT
from selector import InputError
from selector.cli import main
from selector.epoch import normalise_environment, source_date_epoch
from selector.io.limits import MAX_SAMPLES, samples_problem

ROOT = Path(__file__).resolve().parents[2]


def run(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    import os

    full = {**os.environ, **(env or {})}
    return subprocess.run([sys.executable, "-m", "selector", *args], capture_output=True, text=True,
                          cwd=ROOT, timeout=300, env=full)


def one_line(text: str) -> str:
    lines = [line for line in text.splitlines() if line.strip() and not line.startswith(" ")
             and not line.startswith("usage:")]
    assert len(lines) == 1, text
    assert "Traceback" not in text
    return lines[0]


def test_source_date_epoch_reading() -> None:
    assert source_date_epoch({}) is None
    assert source_date_epoch({"SOURCE_DATE_EPOCH": ""}) is None
    assert source_date_epoch({"SOURCE_DATE_EPOCH": "  "}) is None
    moment = source_date_epoch({"SOURCE_DATE_EPOCH": " 1700000000 "})
    assert moment is not None and moment.year == 2023
    for bad in ("abc", "1e9", "-1", "1.5", "99999999999999999999"):
        with pytest.raises(InputError, match="SOURCE_DATE_EPOCH"):
            source_date_epoch({"SOURCE_DATE_EPOCH": bad})
    env = {"SOURCE_DATE_EPOCH": ""}
    normalise_environment(env)
    assert env == {}
    env = {"SOURCE_DATE_EPOCH": " \t "}
    normalise_environment(env)
    assert env == {}
    env = {"SOURCE_DATE_EPOCH": " 12 "}
    normalise_environment(env)
    assert env == {"SOURCE_DATE_EPOCH": "12"}


def test_empty_source_date_epoch_is_unset() -> None:
    """numpy's f2py crashed on an empty value when imported through scikit-criteria: one real
    process with a blank value (the empty one is normalised the same way, tested above)."""
    done = run("rank", "--today", "2026-11-25", env={"SOURCE_DATE_EPOCH": " "})
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr


@pytest.mark.parametrize("value", ["abc", "1e9", "-5"])
def test_malformed_source_date_epoch_is_one_line_exit_1(value: str) -> None:
    for args in (("rank",), ("report", "--assessment", "examples/insurer-claims-triage.yaml", "--format",
                             "json", "--out", "/nonexistent/never-written.json")):
        done = run(*args, env={"SOURCE_DATE_EPOCH": value})
        assert done.returncode == 1, done.stderr
        assert one_line(done.stderr).startswith("SOURCE_DATE_EPOCH=")


@pytest.mark.parametrize("weights", ["security=1e308", "security=1e7", "security=-1", "security=nan",
                                     "security=inf", ",".join(f"{c}=0" for c in (
                                         "accessibility", "transparency", "adaptability", "liability",
                                         "support", "security", "lock_in", "data_localisation"))])
def test_weights_out_of_range_are_usage_errors(weights: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["rank", "--weights", weights]) == 2
    assert one_line(capsys.readouterr().err).startswith("selector: --weights:")


def test_large_but_bounded_weights_still_rank(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["rank", "--weights", "security=1e6", "--today", "2026-11-25", "--format", "json"]) == 0
    assert "\"score\": 0.0," not in capsys.readouterr().out


@pytest.mark.parametrize("args", [["--seed", "-1"], ["--seed", str(2**32)], ["--seed", "x"],
                                  ["--samples", "0"], ["--samples", "100000000"], ["--samples", "1e3"]])
def test_seed_and_samples_out_of_range_are_usage_errors(args: list[str],
                                                       capsys: pytest.CaptureFixture[str]) -> None:
    for command in (["robustness"], ["report", "--assessment", "x.yaml", "--format", "json", "--out", "x"]):
        with pytest.raises(SystemExit) as stop:
            main([*command, *args])
        assert stop.value.code == 2
        line = one_line(capsys.readouterr().err)
        assert "--seed" in line or "--samples" in line


def test_the_samples_ceiling_says_the_memory_it_would_need() -> None:
    problem = samples_problem(100_000_000)
    assert problem is not None and "GiB" in problem and f"{MAX_SAMPLES:,}" in problem
    assert samples_problem(MAX_SAMPLES) is None and samples_problem(1) is None


def test_the_engine_enforces_the_same_bounds() -> None:
    from selector.engine import rank
    from selector.errors import UsageError
    from selector.robustness import analyse

    result = rank()
    with pytest.raises(UsageError, match="--samples"):
        analyse(result, samples=MAX_SAMPLES + 1)
    with pytest.raises(UsageError, match="--seed"):
        analyse(result, samples=10, seed=-1)


@pytest.mark.parametrize(("field", "value"), [("input_mtok_per_month", 1e7), ("output_mtok_per_month", -1.0),
                                              ("input_mtok_per_month", ".inf")])
def test_volumes_and_horizon_are_bounded(tmp_path: Path, capsys: pytest.CaptureFixture[str], field: str,
                                         value: object) -> None:
    data = copy.deepcopy(BASE_ASSESSMENT)
    data["use_case"]["volume"][field] = value
    path = tmp_path / "a.yaml"
    text = yaml.safe_dump(data, sort_keys=False).replace("'.inf'", ".inf")
    path.write_text(text, encoding="utf-8")
    assert main(["rank", "--assessment", str(path)]) == 1
    line = one_line(capsys.readouterr().err)
    assert line.startswith(f"{path}:") and f"use_case.volume.{field}" in line
    data = copy.deepcopy(BASE_ASSESSMENT)
    data["horizon_years"] = 1000
    path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    assert main(["rank", "--assessment", str(path)]) == 1
    assert "horizon_years" in one_line(capsys.readouterr().err)
