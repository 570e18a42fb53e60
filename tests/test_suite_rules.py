"""Rules the suite keeps so that CI can trust it (issue 11), checked statically."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CLOCKS = re.compile(r"\b(perf_counter|process_time|time\.time)\s*\(")


def test_no_test_reads_a_clock_to_judge_speed() -> None:
    """Speed targets live in benchmarks/; a wall-clock assert makes CI a coin toss. (Waits for
    a state use time.monotonic only for their hang timeout, in tests/ui/conftest.py.)"""
    offenders = [
        f"{path.relative_to(ROOT)}:{number}"
        for path in sorted((ROOT / "tests").rglob("*.py"))
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if CLOCKS.search(line) and path.name != "test_suite_rules.py"
    ]
    assert offenders == []


def test_every_hypothesis_property_uses_the_profile_budget() -> None:
    """A literal max_examples would ignore `make fuzz`; every count goes through examples()."""
    offenders = [
        f"{path.relative_to(ROOT)}:{number}"
        for path in sorted((ROOT / "tests").rglob("*.py"))
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if re.search(r"max_examples\s*=\s*\d", line)
    ]
    assert offenders == []


def test_readme_opens_with_the_title_a_line_and_the_two_commands() -> None:
    lines = (ROOT / "README.md").read_text(encoding="utf-8").splitlines()
    assert lines[0].startswith("# selector")
    text = [line for line in lines[1:8] if line.strip()]
    assert not text[0].startswith(("#", " ")), "a one-line description follows the title"
    assert text[1].split("#")[0].strip() == "make run"
    assert text[2].split("#")[0].strip() == "make test"
