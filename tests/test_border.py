"""One border for every file kind: each YAML data file's modeline names a schema that exists and
is what ``make schema`` writes; costs and presets go through strict models and located errors."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from selector import InputError
from selector.schema import SCHEMA_FILES, schema_json
from selector.scoring.tco import load_costs

ROOT = Path(__file__).resolve().parent.parent
MODELINE = re.compile(r"^# yaml-language-server: \$schema=(?P<path>\S+)\s*$", re.M)
DATA = ("criteria", "vendor_profiles", "examples", "tests/ui/data", "tests/reports/fixture")


def _modelines() -> list[tuple[Path, str]]:
    found = []
    for folder in DATA:
        for path in sorted((ROOT / folder).rglob("*.yaml")):
            match = MODELINE.search(path.read_text("utf-8")[:2000])
            if match:
                found.append((path, match.group("path")))
    return found


def test_every_modeline_points_at_a_schema_that_exists() -> None:
    lines = _modelines()
    assert len(lines) >= 30
    known = set(SCHEMA_FILES.values())
    for path, target in lines:
        schema = (path.parent / target).resolve()
        assert schema.is_file(), f"{path.relative_to(ROOT)}: {target} does not exist"
        assert schema.name in known, f"{path.relative_to(ROOT)}: {target} is no file kind's schema"


@pytest.mark.parametrize("kind", sorted(SCHEMA_FILES))
def test_the_committed_schemas_are_what_make_schema_writes(kind: str) -> None:
    committed = (ROOT / "schema" / SCHEMA_FILES[kind]).read_text("utf-8")
    assert committed.strip() == schema_json(kind).strip(), f"run: make schema ({kind})"


def test_the_makefile_writes_every_schema() -> None:
    makefile = (ROOT / "Makefile").read_text("utf-8")
    for kind, name in SCHEMA_FILES.items():
        assert f"schema {kind} > schema/{name}" in makefile


def _costs(tmp_path: Path, old: str, new: str) -> Path:
    text = (ROOT / "criteria" / "costs.yaml").read_text("utf-8")
    assert old in text
    path = tmp_path / "costs.yaml"
    path.write_text(text.replace(old, new, 1), "utf-8")
    return path


def _problem(path: Path) -> str:
    with pytest.raises(InputError) as caught:
        load_costs(path)
    assert len(caught.value.problems) == 1
    return str(caught.value.problems[0])


def test_a_typo_in_a_costs_band_is_a_located_error(tmp_path: Path) -> None:
    path = _costs(tmp_path, "{at_most: 250000, points: 80}", "{at_most: 250000, pionts: 80}")
    line = _problem(path)
    number = next(i for i, text in enumerate(path.read_text().splitlines(), 1) if "pionts" in text)
    assert line.startswith(f"{path}:{number}:")
    assert "tco_bands[2].pionts: unknown field 'pionts'; did you mean 'points'?" in line


def test_costs_problems_are_located_not_at_line_one(tmp_path: Path) -> None:
    path = _costs(tmp_path, "  tco_share: 60", "  tco_share: 70")
    assert ":1:1:" not in _problem(path)
    path = _costs(tmp_path, "  min_replicas: {value: 2,", "  min_replica: {value: 2,")
    with pytest.raises(InputError) as caught:
        load_costs(path)
    lines = [str(p) for p in caught.value.problems]
    assert any("units.min_replica: unknown field 'min_replica'; did you mean 'min_replicas'?" in line
               for line in lines)
    assert any("units.min_replicas: " in line for line in lines)


def test_cost_policy_lives_in_the_costs_file(tmp_path: Path) -> None:
    book = load_costs(ROOT / "criteria" / "costs.yaml")
    assert book.budget is not None and book.budget.full_points_share == 0.25
    assert book.switching is not None and book.switching.stranded_gpu_share == 0.5
    assert book.rules is not None and book.rules.acc_tco.cite == "Box 1, Accessibility, L964-970"
    path = _costs(tmp_path, "  full_points_share: 0.25", "  full_points_share: 0.5")
    assert load_costs(path).budget.full_points_share == 0.5  # type: ignore[union-attr]
