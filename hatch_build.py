"""Build hook: the wheel and the sdist ship only the data files git tracks.

``force-include`` copied whole folders, git-ignored files included: a user's checklist state
(names, notes, history) and its ``.lock`` under ``examples/`` went into the wheel. Here each
data file is listed from ``git ls-files``; outside a git checkout (a wheel built from the
sdist) the files present are taken, since the sdist itself was built from tracked files only.
"""

from __future__ import annotations

import subprocess
from pathlib import Path
from typing import Any

from hatchling.builders.hooks.plugin.interface import BuildHookInterface

DATA_FOLDERS = ("criteria", "vendor_profiles", "examples")


def tracked_files(root: Path, folder: str) -> list[str]:
    """The files under ``folder`` that git tracks (relative, posix), or all of them outside git."""
    if not (root / ".git").exists():
        return [p.relative_to(root).as_posix() for p in sorted((root / folder).rglob("*")) if p.is_file()]
    try:
        done = subprocess.run(["git", "-C", str(root), "ls-files", "-z", "--", folder],
                              capture_output=True, check=True, timeout=60)
    except (OSError, subprocess.SubprocessError) as exc:
        raise RuntimeError(f"building from a git checkout needs git to list the tracked data: {exc}") from exc
    names = [n for n in done.stdout.decode("utf-8").split("\0") if n]
    return sorted(n for n in names if (root / n).is_file())


class TrackedDataHook(BuildHookInterface):  # type: ignore[misc]
    PLUGIN_NAME = "custom"

    def initialize(self, version: str, build_data: dict[str, Any]) -> None:
        if version == "editable":
            return  # an editable install reads the data from the checkout itself
        root = Path(self.root)
        prefix = "selector/_data/" if self.target_name == "wheel" else ""
        for folder in DATA_FOLDERS:
            for name in tracked_files(root, folder):
                build_data["force_include"][str(root / name)] = prefix + name
