"""The wheel and the sdist carry only tracked data files: never a user's checklist state.

The repository's tracked files (as they are in the working tree) are copied into a fresh git
repository, untracked and git-ignored files are added beside the examples, and both artefacts
are built with the project's build backend (hatchling, with hatch_build.py).
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tarfile
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def _git(cwd: Path, *args: str) -> str:
    done = subprocess.run(["git", *args], cwd=cwd, capture_output=True, text=True, check=True, timeout=120)
    return done.stdout


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[set[str], set[str]]:
    pytest.importorskip("hatchling")
    repo = tmp_path_factory.mktemp("repo")
    for name in _git(ROOT, "ls-files", "-z", "--cached", "--others", "--exclude-standard").split("\0"):
        if name and (ROOT / name).is_file():
            (repo / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(ROOT / name, repo / name)
    _git(repo, "init", "-q")
    _git(repo, "add", "-A")
    _git(repo, "-c", "user.name=t", "-c", "user.email=t@example.org", "commit", "-q", "-m", "snapshot")
    (repo / "examples" / "untracked-notes.txt").write_text("private notes", encoding="utf-8")
    (repo / "examples" / "insurer-claims-triage.checklist.yaml").write_text("revision: 3\n", encoding="utf-8")
    (repo / "examples" / "insurer-claims-triage.checklist.yaml.lock").write_text("", encoding="utf-8")
    (repo / "criteria" / "draft.yaml").write_text("not ready\n", encoding="utf-8")
    out = tmp_path_factory.mktemp("dist")
    for target in ("wheel", "sdist"):
        subprocess.run([sys.executable, "-c", "import sys; from hatchling.cli import hatchling; "
                        "sys.exit(hatchling())", "build", "--target", target, "--directory", str(out)],
                       cwd=repo, check=True, capture_output=True, timeout=300)
    wheel = next(out.glob("*.whl"))
    sdist = next(out.glob("*.tar.gz"))
    with zipfile.ZipFile(wheel) as archive:
        wheel_names = set(archive.namelist())
    with tarfile.open(sdist) as archive:
        sdist_names = {name.split("/", 1)[1] for name in archive.getnames() if "/" in name}
    return wheel_names, sdist_names


def test_the_wheel_ships_tracked_data_only(built: tuple[set[str], set[str]]) -> None:
    wheel, _ = built
    assert "selector/_data/examples/insurer-claims-triage.yaml" in wheel
    assert "selector/_data/criteria/box1.yaml" in wheel
    assert any(n.startswith("selector/_data/vendor_profiles/") for n in wheel)
    assert {"selector_tui/app.py", "selector_tui/app.tcss", "selector_tui/screens/checklist.py"} <= wheel


def test_the_wheel_installs_no_top_level_tui_package(built: tuple[set[str], set[str]]) -> None:
    """A top-level ``tui`` could clash with another distribution's; the UI is ``selector_tui``."""
    wheel, _ = built
    tops = {n.split("/", 1)[0] for n in wheel if "/" in n and ".dist-info/" not in n}
    assert tops == {"selector", "selector_tui"}, tops
    for leaked in ("untracked-notes.txt", "insurer-claims-triage.checklist.yaml",
                   "insurer-claims-triage.checklist.yaml.lock", "draft.yaml"):
        assert not any(n.endswith(leaked) for n in wheel), leaked


def test_the_sdist_ships_tracked_data_only(built: tuple[set[str], set[str]]) -> None:
    _, sdist = built
    assert "examples/insurer-claims-triage.yaml" in sdist and "hatch_build.py" in sdist
    for leaked in ("examples/untracked-notes.txt", "examples/insurer-claims-triage.checklist.yaml",
                   "examples/insurer-claims-triage.checklist.yaml.lock", "criteria/draft.yaml"):
        assert leaked not in sdist, leaked


def test_an_installed_example_keeps_its_state_in_the_users_data_folder(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    import json

    import selector.io.paths
    from selector.cli import main

    install = tmp_path / "site-packages" / "selector" / "_data"
    shutil.copytree(ROOT / "examples", install / "examples")
    install.chmod(0o755)
    monkeypatch.setattr(selector.io.paths, "installed_data", lambda: install)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))
    example = install / "examples" / "insurer-claims-triage.yaml"
    today = ["--today", "2026-11-25"]
    assert main(["checklist", "show", "--assessment", str(example), "--format", "json", *today]) == 0
    options = json.loads(capsys.readouterr().out)["options"]
    option = next(iter(options))
    item = options[option]["items"][0]["id"]
    assert main(["checklist", "set", "--assessment", str(example), "--option", option, "--item", item,
                 "--note", "kept outside the installation", *today]) == 0
    captured = capsys.readouterr()
    state = tmp_path / "xdg" / "selector" / "checklists" / "insurer-claims-triage.checklist.yaml"
    assert state.is_file()
    assert "is part of the installation" in captured.err and str(state) in captured.err
    assert not [p for p in (install / "examples").iterdir() if "checklist" in p.name]
    assert main(["checklist", "show", "--assessment", str(example), "--format", "json", *today]) == 0
    notes = json.loads(capsys.readouterr().out)["options"][option]["items"][0]["notes"]
    assert notes == ["kept outside the installation"]
