"""No constraint silently does nothing (issue 15, item 7): a name that matches nothing, or a
jurisdiction code that is not one, is a located error with a suggestion, in ``validate`` and
``rank`` alike; the good spelling is accepted."""

from __future__ import annotations

from pathlib import Path

import pytest

from helpers import ROOT
from selector.cli import main
from selector.models.jurisdictions import ISO_3166_ALPHA2, check_jurisdiction

EXAMPLE = ROOT / "examples" / "small-wealth-manager-assistant.yaml"
CONSTRAINTS = "  no_training_on_our_data: true\n"


def variant(tmp_path: Path, old: str, new: str) -> Path:
    text = EXAMPLE.read_text(encoding="utf-8")
    assert old in text
    out = tmp_path / "a.yaml"
    out.write_text(text.replace(old, new, 1).replace("profiles: ../vendor_profiles",
                                                     f"profiles: {ROOT / 'vendor_profiles'}"),
                   encoding="utf-8")
    return out


CASES = [
    (CONSTRAINTS, CONSTRAINTS + "  min_scores: {securty: 50}\n",
     "constraints.min_scores.securty: no criterion 'securty'", "did you mean 'security'?"),
    (CONSTRAINTS, CONSTRAINTS + "  exclude: [granite-4-1-30-self-hosted]\n",
     "constraints.exclude[0]: no offering 'granite-4-1-30-self-hosted'",
     "did you mean 'granite-4-1-30b-self-hosted'?"),
    ("processing_jurisdictions: [HK, SG", "processing_jurisdictions: [HK, XX",
     "constraints.processing_jurisdictions[1]: 'XX' is not an ISO 3166-1 alpha-2", ""),
    ("storage_jurisdictions: [HK, SG", "storage_jurisdictions: [HK, UK",
     "constraints.storage_jurisdictions[1]: 'UK' is not an ISO 3166-1 alpha-2 code; use 'GB'", ""),
]


@pytest.mark.parametrize(("old", "new", "message", "hint"), CASES)
@pytest.mark.parametrize("command", ["validate", "rank"])
def test_a_name_that_matches_nothing_is_a_located_error(
        tmp_path: Path, capsys: pytest.CaptureFixture[str], old: str, new: str, message: str,
        hint: str, command: str) -> None:
    path = variant(tmp_path, old, new)
    argv = ["validate", str(path)] if command == "validate" else ["rank", "--assessment", str(path)]
    assert main(argv) != 0
    captured = capsys.readouterr()
    err = captured.out + captured.err  # validate lists problems on stdout, rank on stderr
    line = next(ln for ln in err.splitlines() if message in ln)
    assert line.startswith(f"{path}:") and line.split(":")[1].isdigit()
    assert hint in line
    assert "Traceback" not in err


@pytest.mark.parametrize(("old", "new"), [
    (CONSTRAINTS, CONSTRAINTS + "  min_scores: {security: 50}\n"),
    (CONSTRAINTS, CONSTRAINTS + "  exclude: [granite-4-1-30b-self-hosted]\n"),
    ("storage_jurisdictions: [HK, SG", "storage_jurisdictions: [HK, GB"),
])
def test_the_right_spelling_is_accepted(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                        old: str, new: str) -> None:
    assert main(["validate", str(variant(tmp_path, old, new))]) == 0
    capsys.readouterr()


def test_iso_list_is_complete_and_groups_are_allowed() -> None:
    assert len(ISO_3166_ALPHA2) == 249
    assert {"HK", "MO", "CN", "SG", "GB", "US", "JP", "TW"} <= ISO_3166_ALPHA2
    for code in ("EU", "global", "deployer", "HK"):
        assert check_jurisdiction(code) == code
    for bad, says in (("UK", "use 'GB'"), ("hk", "use 'HK'"), ("XX", "not an ISO")):
        with pytest.raises(ValueError, match=says):
            check_jurisdiction(bad)
