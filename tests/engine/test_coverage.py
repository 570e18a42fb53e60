"""`selector coverage`: the catalogue's coverage table, generated, spliced between two markers."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pytest
import yaml

from helpers import ESC_2J, ROOT, build_profile
from selector.coverage import END, START, render, up_to_date, write
from selector.errors import InputError

CITE = [{"id": "s1", "locator": "table 1"}]


def _fact(value: Any) -> dict[str, Any]:
    return {"value": value, "sources": CITE, "confidence": "verified"}


def _profiles(folder: Path, name: str = "Zeta model via a cloud") -> Path:
    folder.mkdir(exist_ok=True)
    specs = [
        ("zeta-cloud", "Zeta Labs", "cloud-platform", name, {"status": _fact("deprecated"),
                                                            "retires_on": _fact(date(2027, 3, 1))}),
        ("alpha-api", "Alpha AI", "vendor-api", "Alpha via its API", {"status": _fact("retired")}),
        ("alpha-cloud", "Alpha AI", "cloud-platform", "Alpha via a cloud", {}),
    ]
    for pid, developer, route, title, lifecycle in specs:
        extra = {"name": title, "route": route, "lifecycle": lifecycle,
                 "model": {"family": "F", "developer": developer, "version": "1",
                           "release_date": date(2025, 1, 1)}}
        lp = build_profile({"support.sla_uptime_pct": "not-applicable"}, extra=extra, profile_id=pid)
        data = lp.profile.model_dump(mode="json", exclude_none=True)
        (folder / f"{pid}.yaml").write_text(yaml.safe_dump(data), encoding="utf-8")
    return folder


def _load(folder: Path) -> list[Any]:
    from selector.profiles import load_profiles

    return load_profiles([folder])


def test_the_committed_readme_is_up_to_date_with_the_bundled_catalogue() -> None:
    from selector.io.paths import default_profiles

    readme = ROOT / "vendor_profiles" / "README.md"
    block = render(_load(default_profiles()), readme.parent)
    assert up_to_date(readme, block), (
        "vendor_profiles/README.md is out of date with the profiles: run `make coverage`")


def test_rows_are_sorted_by_vendor_then_route_with_lifecycle_and_audit_figures(tmp_path: Path) -> None:
    block = render(_load(_profiles(tmp_path / "p")))
    rows = [line for line in block.splitlines() if line.startswith("| ") and "`" in line]
    assert [r.split("`")[1] for r in rows] == ["alpha-cloud", "alpha-api", "zeta-cloud"]
    zeta = rows[2].split(" | ")
    assert zeta[0] == "| Zeta Labs" and zeta[2] == "cloud-platform" and zeta[4] == "SG"
    assert zeta[5] == "deprecated, retires on 2027-03-01"
    # 5 facts (processing, storage, status, retires_on verified; the SLA not applicable)
    assert zeta[6:9] == ["5", "80%", "0%"]
    assert zeta[9] == "3 / 13 |"  # the not-applicable SLA is not a slot to verify
    assert "retired" in rows[1].split(" | ")[5]
    [summary] = [line for line in block.splitlines() if line.startswith("**")]
    assert summary.startswith("**3 offerings** from 2 model developers over 2 routes")
    assert "of 39 applicable" in summary and "1 deprecated" in summary and "1 retired" in summary


def test_the_table_does_not_change_with_the_date(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import selector.coverage

    loaded = _load(_profiles(tmp_path / "p"))
    before = render(loaded)

    class Later(date):
        @classmethod
        def today(cls) -> Later:
            return cls(2031, 1, 1)  # every profile long past its review date

    monkeypatch.setattr(selector.coverage, "date", Later)
    assert render(loaded) == before


def test_hostile_names_cannot_break_the_table_or_inject_markup(tmp_path: Path) -> None:
    block = render(_load(_profiles(tmp_path / "p", name=f"Bad | </td><script>x</script> *b* {ESC_2J}")))
    [row] = [line for line in block.splitlines() if "zeta-cloud" in line]
    assert row.count(" | ") == 9                      # the pipe is escaped, not a new column
    assert "<script>" not in block and "&lt;script&gt;" in block
    assert "\x1b" not in block and "\\*b\\*" in block


def _readme(path: Path) -> Path:
    path.write_text(f"# Intro\n\nkept\n\n{START}\nold table\n{END}\n\n## After\nkept too\n",
                    encoding="utf-8")
    return path


def test_only_the_part_between_the_markers_is_rewritten(tmp_path: Path) -> None:
    folder = _profiles(tmp_path / "p")
    readme = _readme(folder / "README.md")
    block = render(_load(folder), folder)
    assert not up_to_date(readme, block)
    assert write(readme, block) is True
    text = readme.read_text(encoding="utf-8")
    assert text.startswith("# Intro\n\nkept\n\n" + START + "\n")
    assert text.endswith(END + "\n\n## After\nkept too\n")
    assert "old table" not in text and "[Alpha via a cloud](alpha-cloud.yaml)" in text
    assert up_to_date(readme, block) and write(readme, block) is False
    assert sorted(p.name for p in folder.iterdir() if p.name.startswith(".")) == []  # no temporaries


@pytest.mark.parametrize(("text", "line", "expected"), [
    ("no markers at all\n", 1, f"no marker {START}"),
    (f"{START}\n{START}\n{END}\n", 1, f"2 times the marker {START}"),
    (f"x\n{END}\n{START}\n", 2, f"{END} comes before {START}; swap them"),
])
def test_missing_doubled_or_swapped_markers_are_one_located_line(
    tmp_path: Path, text: str, line: int, expected: str
) -> None:
    readme = tmp_path / "README.md"
    readme.write_text(text, encoding="utf-8")
    with pytest.raises(InputError) as caught:
        write(readme, "table")
    [problem] = caught.value.problems
    assert (problem.file, problem.line) == (str(readme), line) and expected in problem.message
    assert readme.read_text(encoding="utf-8") == text


def test_the_command_prints_writes_and_checks(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from selector.cli import main

    folder = _profiles(tmp_path / "p")
    readme = _readme(folder / "README.md")
    assert main(["coverage", "--profiles", str(folder)]) == 0
    printed = capsys.readouterr().out
    assert "| Vendor | Offering |" in printed and "(alpha-cloud.yaml)" not in printed
    assert main(["coverage", "--profiles", str(folder), "--check", str(readme)]) == 1
    err = capsys.readouterr().err
    assert "out of date" in err and f"--write {readme}" in err
    assert main(["coverage", "--profiles", str(folder), "--write", str(readme)]) == 0
    assert "rewritten" in capsys.readouterr().err
    assert main(["coverage", "--profiles", str(folder), "--check", str(readme)]) == 0
    assert main(["coverage", "--check", str(tmp_path / "absent.md")]) == 1
    assert "no such file" in capsys.readouterr().err
    with pytest.raises(SystemExit) as usage:
        main(["coverage", "--write", str(readme), "--check", str(readme)])
    assert usage.value.code == 2
