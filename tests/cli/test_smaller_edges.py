"""The smaller edges of issue 16: validation cost, paths an assessment may name, reports
without local paths, the starter's mode, which profiles a folder holds."""

from __future__ import annotations

import copy
import os
import shutil
from pathlib import Path

import pytest
import yaml

import selector.io.yamlio as yamlio
from helpers import BASE_ASSESSMENT
from selector.cli import main
from selector.io.paths import default_profiles

ROOT = Path(__file__).resolve().parents[2]
TODAY = ["--today", "2026-11-25"]


def test_validation_composes_a_file_once_however_many_problems(tmp_path: Path,
                                                               monkeypatch: pytest.MonkeyPatch,
                                                               capsys: pytest.CaptureFixture[str]) -> None:
    """Speed is measured in benchmarks/validate_many_problems.py; here, the cause: one compose."""
    source = sorted(default_profiles().glob("*.yaml"))[0]
    path = tmp_path / source.name
    path.write_text(source.read_text(encoding="utf-8")
                    + "".join(f"unknown_{i:04d}: 1\n" for i in range(300)), encoding="utf-8")
    calls = []
    real = yamlio.yaml.compose

    def counting(*args: object, **kwargs: object) -> object:
        calls.append(1)
        return real(*args, **kwargs)  # type: ignore[arg-type]

    yamlio._composed.cache_clear()
    monkeypatch.setattr(yamlio.yaml, "compose", counting)
    assert main(["validate", str(path)]) == 1
    assert capsys.readouterr().out.count("unknown field") == 300
    assert len(calls) == 1


def _assessment(tmp_path: Path, **extra: object) -> Path:
    data = copy.deepcopy(BASE_ASSESSMENT)
    data.update(extra)
    folder = tmp_path / "case" / "inner"
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "a.yaml"
    path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    return path


@pytest.mark.parametrize("state", ["../../escaped.yaml", "/tmp/selector-escaped.yaml", "..", "."])
def test_checklist_state_may_not_leave_the_assessments_folder(tmp_path: Path, state: str,
                                                               capsys: pytest.CaptureFixture[str]) -> None:
    path = _assessment(tmp_path, checklist_state=state)
    commands = (["checklist", "set", "--assessment", str(path), "--option", "x", "--item", "y", "--note", "n",
                 *TODAY], ["rank", "--assessment", str(path), *TODAY], ["validate", str(path)])
    for args in commands:
        assert main(args) == 1
        err = capsys.readouterr()
        lines = [line for line in (err.err + err.out).splitlines() if "checklist_state" in line]
        assert len(lines) == 1 and "outside the assessment's folder" in lines[0]
        assert lines[0].startswith(f"{path}:")
    assert not (tmp_path / "escaped.yaml").exists()
    assert not Path("/tmp/selector-escaped.yaml").exists()


def test_a_state_file_below_the_folder_is_fine(tmp_path: Path) -> None:
    path = _assessment(tmp_path, checklist_state="work/state.yaml")
    (path.parent / "work").mkdir()
    assert main(["validate", str(path)]) == 0


def test_validate_rejects_the_paths_rank_rejects(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = _assessment(tmp_path, criteria="missing/criteria.yaml", profiles="nowhere")
    assert main(["rank", "--assessment", str(path)]) == 1
    rank_lines = capsys.readouterr().err.strip().splitlines()
    assert main(["validate", str(path)]) == 1
    validate_lines = capsys.readouterr().out.strip().splitlines()
    assert rank_lines == validate_lines and len(validate_lines) == 2
    assert any(" criteria: 'missing/criteria.yaml' does not exist" in line for line in validate_lines)


def test_reports_are_byte_identical_across_folders(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1764000000")
    outputs = []
    for name in ("first", "second/deeper"):
        folder = tmp_path / name
        shutil.copytree(ROOT / "tests" / "ui" / "data", folder)
        out = tmp_path / f"{name.replace('/', '-')}.md"
        assert main(["report", "--assessment", str(folder / "assessment.yaml"), "--format", "md",
                     "--out", str(out), "--samples", "200", *TODAY]) == 0
        text = out.read_text(encoding="utf-8")
        assert str(tmp_path) not in text
        outputs.append(out.read_bytes())
    assert outputs[0] == outputs[1]


@pytest.mark.parametrize(("umask", "mode"), [(0o022, 0o644), (0o077, 0o600), (0o002, 0o664)])
def test_init_respects_the_umask(tmp_path: Path, umask: int, mode: int) -> None:
    old = os.umask(umask)
    try:
        assert main(["init", str(tmp_path / "new")]) == 0
    finally:
        os.umask(old)
    assert (tmp_path / "new" / "assessment.yaml").stat().st_mode & 0o777 == mode


def test_a_profiles_folder_is_read_at_its_top_level_only(tmp_path: Path,
                                                          capsys: pytest.CaptureFixture[str]) -> None:
    folder = tmp_path / "profiles"
    (folder / "archive").mkdir(parents=True)
    sources = sorted(default_profiles().glob("*.yaml"))
    shutil.copy(sources[0], folder / sources[0].name)
    shutil.copy(sources[1], folder / "archive" / sources[1].name)
    assert main(["list", "--profiles", str(folder), *TODAY]) == 0
    out = capsys.readouterr().out
    assert sources[0].stem in out and sources[1].stem not in out
    assert main(["validate", str(folder)]) == 0
    assert "2 file(s) valid" in capsys.readouterr().err
