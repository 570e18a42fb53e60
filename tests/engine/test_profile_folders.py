"""An assessment's ``profiles:`` takes one folder or a list; duplicate ids across folders are a
located error naming both files."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import pytest

from selector.assess import load_assessment, run
from selector.errors import InputError
from selector.profiles import load_profiles

DATA = Path(__file__).resolve().parents[1] / "ui" / "data"
TODAY = date(2026, 11, 25)
MOVED = ("claude-anthropic-api", "qwen-2-5-72b-self-hosted")


@pytest.fixture()
def two_folders(tmp_path: Path) -> Path:
    """The frozen UI fixture with two of its six profiles moved to a second folder."""
    case = tmp_path / "case"
    shutil.copytree(DATA, case)
    (case / "more").mkdir()
    for stem in MOVED:
        (case / "profiles" / f"{stem}.yaml").rename(case / "more" / f"{stem}.yaml")
    return case


def write(case: Path, profiles: str) -> Path:
    text = (case / "assessment.yaml").read_text(encoding="utf-8")
    assert "profiles: profiles\n" in text
    path = case / "two.yaml"
    path.write_text(text.replace("profiles: profiles\n", profiles), encoding="utf-8")
    return path


def test_a_list_of_folders_ranks_every_profile_in_them(two_folders: Path) -> None:
    one = run(write(two_folders, "profiles: profiles\n"), today=TODAY)
    both = run(write(two_folders, "profiles: [profiles, more]\n"), today=TODAY)
    seen_one = {r.id for r in one.ranking} | {e.id for e in one.excluded}
    seen_both = {r.id for r in both.ranking} | {e.id for e in both.excluded}
    assert not seen_one & set(MOVED)
    assert seen_both == seen_one | set(MOVED)
    assert both.assessment["profiles"] == "profiles; more"
    la = load_assessment(two_folders / "two.yaml")
    assert la.profiles_paths == ((two_folders / "profiles").resolve(), (two_folders / "more").resolve())


def test_a_missing_folder_in_the_list_is_located_at_its_entry(two_folders: Path) -> None:
    path = write(two_folders, "profiles:\n  - profiles\n  - nowhere\n")
    with pytest.raises(InputError) as raised:
        load_assessment(path)
    [problem] = raised.value.problems
    lines = path.read_text(encoding="utf-8").splitlines()
    assert lines[problem.line - 1].strip() == "- nowhere"
    assert problem.field == "profiles[1]" and "'nowhere' does not exist" in problem.message


def test_an_empty_list_is_refused(two_folders: Path) -> None:
    with pytest.raises(InputError) as raised:
        load_assessment(write(two_folders, "profiles: []\n"))
    assert any(p.field.startswith("profiles") for p in raised.value.problems)


def test_the_same_id_in_two_folders_names_both_files_at_their_id_lines(two_folders: Path) -> None:
    shutil.copy(two_folders / "more" / f"{MOVED[0]}.yaml", two_folders / "profiles")
    with pytest.raises(InputError) as raised:
        load_profiles([two_folders / "profiles", two_folders / "more"])
    [problem] = raised.value.problems
    first = two_folders / "profiles" / f"{MOVED[0]}.yaml"
    second = two_folders / "more" / f"{MOVED[0]}.yaml"
    id_line = next(n for n, line in enumerate(second.read_text(encoding="utf-8").splitlines(), 1)
                   if line.startswith("id:"))
    assert (problem.file, problem.line, problem.column, problem.field) == (str(second), id_line, 1, "id")
    assert f"is also used by {first}:{id_line}:1; ids must be unique across every profiles folder" \
        in problem.message
    assert len(load_profiles([two_folders / "more"])) == 2  # one folder alone: no clash
