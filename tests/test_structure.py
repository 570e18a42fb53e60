"""Static guarantees from the code's own imports (AST, no import runs): the engine never imports
the TUI or Textual, and neither package has an import cycle.

The one exemption is the command line's ``selector tui`` (``selector.commands.cmd_tui``), which
starts the UI when asked and is a face, not the engine.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
FACES = ("selector.commands",)
"""Modules allowed to import the TUI (inside a function, to start it)."""


def _modules(package: str) -> dict[str, Path]:
    out = {}
    for path in sorted((ROOT / package).rglob("*.py")):
        parts = path.relative_to(ROOT).with_suffix("").parts
        name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
        out[name] = path
    return out


MODULES = {**_modules("selector"), **_modules("selector_tui")}


def _targets(module: str, node: ast.Import | ast.ImportFrom) -> list[str]:
    if isinstance(node, ast.Import):
        return [alias.name for alias in node.names]
    base = node.module or ""
    if node.level:
        parts = module.split(".")
        if MODULES[module].name != "__init__.py":
            parts = parts[:-1]
        parts = parts[: len(parts) - (node.level - 1)]
        base = ".".join([*parts, base] if base else parts)
    return [base, *(f"{base}.{alias.name}" for alias in node.names)]


def _imports(module: str) -> list[tuple[str, bool]]:
    """(imported name, at run time) for every import in the module; imports under
    ``if TYPE_CHECKING:`` do not run."""
    tree = ast.parse(MODULES[module].read_text("utf-8"))
    typing_only: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            typing_only.update(id(sub) for sub in ast.walk(node))
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import | ast.ImportFrom):
            found.extend((t, id(node) not in typing_only) for t in _targets(module, node))
    return found


def _graph() -> dict[str, set[str]]:
    graph: dict[str, set[str]] = {}
    for module in MODULES:
        deps = set()
        for target, runtime in _imports(module):
            if not runtime:
                continue
            while target and target not in MODULES:
                target = target.rpartition(".")[0]
            if target and target != module and not module.startswith(target + "."):
                deps.add(target)
        graph[module] = deps
    return graph


def test_the_engine_never_imports_the_tui_or_textual() -> None:
    bad = [f"{module} imports {target}" for module in MODULES if module.startswith("selector.")
           or module == "selector" for target, _ in _imports(module)
           if target.split(".")[0] in ("selector_tui", "textual") and module not in FACES]
    assert bad == []


def test_no_import_cycle() -> None:
    graph = _graph()
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    cycles: list[list[str]] = []

    def visit(v: str) -> None:  # Tarjan's strongly connected components
        index[v] = low[v] = len(index)
        stack.append(v)
        on_stack.add(v)
        for w in graph[v]:
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                component.append(w)
                if w == v:
                    break
            if len(component) > 1:
                cycles.append(sorted(component))

    for module in sorted(graph):
        if module not in index:
            visit(module)
    assert cycles == []


def test_the_graph_sees_the_packages() -> None:
    graph = _graph()
    assert "selector.engine" in graph and "selector_tui.app" in graph
    assert "selector.result" in graph["selector.engine"]


SHIMS = {
    "selector.evidence": "selector.robustness.evidence", "selector.smaa": "selector.robustness.kernel",
    "selector.methods": "selector.ranking", "selector.yamlio": "selector.io.yamlio",
    "selector.validation": "selector.io.validation", "selector.atomic": "selector.io.atomic",
    "selector.output": "selector.io.output", "selector.paths": "selector.io.paths",
    "selector.limits": "selector.io.limits", "selector.rubric": "selector.scoring.rubric",
    "selector.facts": "selector.scoring.facts", "selector.tco": "selector.scoring.tco",
    "selector.constraints": "selector.scoring.constraints",
    "selector.lifecycle": "selector.scoring.lifecycle", "selector.presets": "selector.weights.presets",
    "selector.ahp": "selector.weights.ahp", "selector.checklist_state": "selector.checklist.state",
    "selector.catalogue_export": "selector.checklist.export",
    "selector.references": "selector.checklist.references",
}
"""Old import path -> where the module lives now (the old path is kept for one release)."""


@pytest.mark.parametrize("old", sorted(SHIMS))
def test_old_paths_are_deprecated_shims(old: str) -> None:
    import importlib
    import sys

    new = importlib.import_module(SHIMS[old])
    sys.modules.pop(old, None)
    with pytest.warns(DeprecationWarning, match=SHIMS[old].replace(".", r"\.")):
        module = importlib.import_module(old)
    public = [n for n in vars(new) if not n.startswith("__")]
    assert public
    for name in public:
        assert getattr(module, name) is getattr(new, name), (old, name)


def test_nothing_imports_an_old_path() -> None:
    bad = [f"{module} imports {target}" for module in MODULES if module not in SHIMS
           for target, _ in _imports(module) if target in SHIMS]
    assert bad == []


def test_one_method_registry() -> None:
    """Every face lists the registry's methods, and every method brings its pipeline, its
    reader and its kernel (so adding one touches selector/ranking/ only)."""
    from selector.cli import METHOD_NAMES
    from selector.ranking import METHODS
    from selector_tui.session import METHOD_IDS

    assert tuple(METHODS) == METHOD_NAMES == METHOD_IDS
    for name, spec in METHODS.items():
        assert spec.name == name
        assert None not in (spec.build, spec.read, spec.prepare, spec.score), name
        assert (ROOT / "selector" / "ranking" / f"{name}.py").is_file()


def test_no_screen_or_widget_knows_the_app() -> None:
    """Screens and widgets ask the app for changes with messages; none imports the App class,
    not even for type checking."""
    bad = [f"{module} imports {target}" for module in MODULES
           if module.startswith(("selector_tui.screens", "selector_tui.widgets"))
           for target, _ in _imports(module) if target.startswith("selector_tui.app")]
    assert bad == []
