"""`selector migrate`: version 1 to 2 in place, comments and order kept, nothing silently lost."""

from __future__ import annotations

from pathlib import Path

import pytest

from selector.cli import main
from selector.profiles import load_profile

V1 = """\
# A comment the author wrote, kept by the migration.
id: demo
name: Demo offering  # an end-of-line comment
model: {family: Demo, developer: Demo Labs, version: demo-1, release_date: 2025-01-01}
openness: proprietary
route: vendor-api
provider: {name: Demo Labs, headquarters: US}
regions:
  processing: {value: [SG], source: docs, confidence: verified}
  storage: {value: [SG], source: docs, as_of: 2026-03-01, confidence: secondary}
as_of: 2026-11-01
review_by: 2027-05-01
sources:
  - id: docs
    title: Demo Labs data residency page
    url: https://example.org/residency
    publisher: Demo Labs
    date: 2026-03-01
  - id: hkimr-report
    title: Financial Services in the Era of Generative AI, Box 1
    document: HKIMR report, April 2025
    publisher: Hong Kong Institute for Monetary and Financial Research
    date: 2025-04-01
accessibility:
  talent_need: {value: low, source: hkimr-report, confidence: secondary}
"""


@pytest.fixture()
def v1(tmp_path: Path) -> Path:
    path = tmp_path / "demo.yaml"
    path.write_text(V1, encoding="utf-8")
    return path


def test_validate_says_it_is_version_1_and_how_to_migrate(
    v1: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["validate", str(v1)]) == 1
    [line] = capsys.readouterr().out.splitlines()
    assert "version 1 profile" in line and f"selector migrate {v1}" in line


def test_migrate_rewrites_in_place_keeping_comments_and_order(
    v1: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["migrate", str(v1)]) == 0
    out = capsys.readouterr().out
    text = v1.read_text(encoding="utf-8")
    assert text.startswith(
        "# A comment the author wrote, kept by the migration.\nschema_version: 2\nid: demo")
    assert "name: Demo offering  # an end-of-line comment" in text
    keys = [line.split(":")[0] for line in text.splitlines() if line and line[0].isalpha()]
    assert keys == ["schema_version", "id", "name", "model", "openness", "route", "provider",
                    "regions", "as_of", "review_by", "sources", "accessibility"]
    profile = load_profile(v1).profile
    # verified without a locator is not verified any more, and the report says so
    assert profile.regions is not None
    assert profile.regions.processing.confidence == "unverified"
    assert "regions.processing: verified without a locator" in out
    # a fact's own as_of moves into its citation
    assert profile.regions.storage.sources[0].as_of is not None
    # the HKIMR report alone never grounds an offering fact: unknown, old value kept in the note
    talent = profile.accessibility.talent_need
    assert talent is not None and talent.value == "unknown"
    assert talent.note is not None and "Version 1 recorded 'low'" in talent.note
    assert "accessibility.talent_need: 'low' rested on the HKIMR report alone" in out
    assert [s.id for s in profile.sources] == ["docs"]
    assert profile.sources[0].kind == "vendor-documentation"


def test_a_second_migration_changes_nothing(v1: Path, capsys: pytest.CaptureFixture[str]) -> None:
    main(["migrate", str(v1)])
    once = v1.read_bytes()
    capsys.readouterr()
    assert main(["migrate", str(v1)]) == 0
    assert v1.read_bytes() == once
    assert "rewrote 0 of 1" in capsys.readouterr().err
    assert main(["migrate", "--check", str(v1)]) == 1


def test_dry_run_writes_nothing(v1: Path) -> None:
    assert main(["migrate", "--dry-run", str(v1)]) == 0
    assert v1.read_text(encoding="utf-8") == V1


@pytest.mark.parametrize("text, message", [
    ("id: x\nname: [unclosed\n", "not valid YAML"),
    ("- a list\n", "not a profile"),
])
def test_bad_input_is_one_line_and_nothing_is_written(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], text: str, message: str
) -> None:
    path = tmp_path / "x.yaml"
    path.write_text(text, encoding="utf-8")
    assert main(["migrate", str(path)]) == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and message in err[0] and err[0].startswith(f"{path}:")
    assert path.read_text(encoding="utf-8") == text
