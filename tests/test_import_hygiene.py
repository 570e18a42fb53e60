"""Heavy libraries load only when needed: --help, list and validate never import
scikit-criteria, pandas or Textual, and `import selector` never imports Textual or the TUI
package (`selector_tui`), which only `selector tui` loads, when it runs."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
HEAVY = ("skcriteria", "pandas", "textual", "scipy", "matplotlib", "selector_tui")

PROBE = """
import json, sys
from selector.cli import main
try:
    main({argv!r})
except SystemExit:
    pass
sys.stdout = sys.__stdout__
print("MODULES=" + json.dumps(sorted({{m.split('.')[0] for m in sys.modules}})))
"""


def loaded_after(argv: list[str]) -> set[str]:
    done = subprocess.run(
        [sys.executable, "-c", PROBE.format(argv=argv)],
        capture_output=True, text=True, cwd=ROOT, timeout=120,
    )
    line = next(x for x in done.stdout.splitlines() if x.startswith("MODULES="))
    return set(json.loads(line.removeprefix("MODULES=")))


@pytest.mark.parametrize(
    "argv",
    [["--help"], ["list"], ["validate", "vendor_profiles", "criteria"], ["schema", "profile"]],
)
def test_light_commands_do_not_import_heavy_libraries(argv: list[str]) -> None:
    modules = loaded_after(argv)
    assert not modules & set(HEAVY), modules & set(HEAVY)


def test_rank_imports_scikit_criteria_but_not_textual() -> None:
    modules = loaded_after(["rank", "--format", "json"])
    assert "skcriteria" in modules
    assert "textual" not in modules and "selector_tui" not in modules


def test_import_selector_is_light() -> None:
    done = subprocess.run(
        [sys.executable, "-c", "import sys, selector; "
         "print(sorted(m for m in ('textual', 'selector_tui', 'skcriteria', 'pandas', 'pydantic') "
         "if m in sys.modules))"],
        capture_output=True, text=True, timeout=60,
    )
    assert done.stdout.strip() == "[]"


def test_selector_tui_runs_the_app_from_the_selector_tui_package(monkeypatch: pytest.MonkeyPatch) -> None:
    """The one place the engine's CLI reaches the TUI: `selector tui` imports selector_tui.app."""
    import selector_tui.app
    from selector.cli import main

    calls: list[tuple[object, ...]] = []
    monkeypatch.setattr(selector_tui.app, "run_tui", lambda *args: calls.append(args) or 0)
    assert main(["tui", "--assessment", "examples/insurer-claims-triage.yaml", "--today", "2026-11-25"]) == 0
    assert len(calls) == 1 and str(calls[0][0]).endswith("insurer-claims-triage.yaml")
