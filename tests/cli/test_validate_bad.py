"""`selector validate` on bad input: one located line per problem, exit 1, never a traceback.

Every ``tests/data/bad/<rule>.yaml`` breaks one validation rule; ``<rule>.expected`` holds the
exact stdout lines ``selector validate <rule>.yaml`` must print when run with
``cwd=tests/data/bad``. Inputs too large to commit, and whole directories, are generated into a
temporary directory here.

Every run goes through ``selector.cli.main``, the function the console script calls, in this
process (with the working directory and the standard streams swapped for the run), so the
corpus costs milliseconds per file rather than an interpreter start each. A handful of cases
also run as real ``python -m selector validate`` processes (``SUBPROCESS_CASES``): they pin the
exit code and the no-traceback guarantee at the process boundary, and that both paths print the
same lines.

Cases in ``KNOWN_BUGS`` print something wrong today (a crash, two lines for one problem, a
wrong location or a misleading message). Their ``.expected`` holds the line they *should*
print, and they are strict xfails: when the bug is fixed, adjust the ``.expected`` to the final
wording if needed and delete the entry.
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import re
import shutil
import subprocess
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
BAD = REPO / "tests" / "data" / "bad"
EXAMPLE = REPO / "vendor_profiles" / "llama-4-scout-self-hosted.yaml"
CRITERIA = REPO / "criteria" / "box1.yaml"
MAX_BYTES = 1 << 20

KNOWN_BUGS: dict[str, str] = {}

LINE = re.compile(r"^(?P<file>[^:]+):(?P<line>\d+):(?P<column>\d+): (?P<rest>.+)$")
Result = subprocess.CompletedProcess[str]


def run_validate(*args: str, cwd: Path) -> Result:
    """``python -m selector validate ARGS`` in a fresh interpreter, from ``cwd``."""
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(REPO), env.get("PYTHONPATH")]))
    env["PYTHONIOENCODING"] = "utf-8"
    env.pop("SELECTOR_DEBUG", None)
    return subprocess.run(
        [sys.executable, "-m", "selector", "validate", *args],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        encoding="utf-8",
        errors="replace",
        timeout=120,
        check=False,
    )


@contextlib.contextmanager
def _inside(cwd: Path) -> Iterator[None]:
    before = Path.cwd()
    debug = os.environ.pop("SELECTOR_DEBUG", None)
    os.chdir(cwd)
    try:
        yield
    finally:
        os.chdir(before)
        if debug is not None:
            os.environ["SELECTOR_DEBUG"] = debug


def run_in_process(*args: str, cwd: Path) -> Result:
    """``selector validate ARGS`` through ``selector.cli.main``, from ``cwd``, streams captured."""
    from selector.cli import main

    out, err = io.StringIO(), io.StringIO()
    with _inside(cwd), contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            code = main(["validate", *args])
        except SystemExit as exc:  # argparse's usage errors
            code = exc.code if isinstance(exc.code, int) else 2
    return subprocess.CompletedProcess(["selector", "validate", *args], code,
                                       out.getvalue(), err.getvalue())


def bad_cases() -> list[str]:
    return sorted(p.stem for p in BAD.glob("*.expected"))


def expected_lines(stem: str) -> list[str]:
    return (BAD / f"{stem}.expected").read_text(encoding="utf-8").splitlines()


def assert_no_traceback(proc: Result) -> None:
    assert "Traceback" not in proc.stderr, proc.stderr
    assert "Traceback" not in proc.stdout, proc.stdout
    assert "internal error" not in proc.stderr, proc.stderr


# --- scenarios built in a temporary directory -----------------------------------------------


@dataclass(frozen=True)
class Run:
    args: tuple[str, ...]
    cwd: Path


def _copy(source: Path, target: Path) -> Path:
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(source, target)
    return target


def _two_teams_same_id(root: Path) -> Run:
    for team in ("team-a", "team-b"):
        _copy(EXAMPLE, root / team / EXAMPLE.name)
    return Run((".",), root)


def _valid_directory(root: Path) -> Run:
    _copy(EXAMPLE, root / "good" / "profiles" / EXAMPLE.name)
    _copy(CRITERIA, root / "good" / CRITERIA.name)
    return Run(("good",), root)


def _valid_json(root: Path) -> Run:
    _copy(EXAMPLE, root / EXAMPLE.name)
    return Run(("--format", "json", EXAMPLE.name), root)


def _bad_json(root: Path) -> Run:
    return Run(("--format", "json", *(f"{s}.yaml" for s in JSON_STEMS)), BAD)


def _too_large(root: Path) -> Run:
    (root / "too-large.yaml").write_text(
        "id: too-large\nname: " + "x" * MAX_BYTES + "\n", encoding="utf-8"
    )
    return Run(("too-large.yaml",), root)


def _exactly_one_mib(root: Path) -> Run:
    text = EXAMPLE.read_text(encoding="utf-8")
    padding = MAX_BYTES - len(text.encode("utf-8")) - len("#\n")
    path = root / EXAMPLE.name
    path.write_text(text + "#" + "x" * padding + "\n", encoding="utf-8")
    assert path.stat().st_size == MAX_BYTES
    return Run((EXAMPLE.name,), root)


def _many_nodes(root: Path) -> Run:
    (root / "many-nodes.yaml").write_text(
        "id: many-nodes\nname: Demo\nscores: [" + ", ".join(["0"] * 50_001) + "]\n",
        encoding="utf-8",
    )
    return Run(("many-nodes.yaml",), root)


def _missing_file(root: Path) -> Run:
    return Run(("no-such-profile.yaml",), root)


JSON_STEMS = [s for s in bad_cases() if s not in KNOWN_BUGS][:8]
SCENARIOS: dict[str, Callable[[Path], Run]] = {
    "two-teams-same-id": _two_teams_same_id,
    "valid-directory": _valid_directory,
    "valid-json": _valid_json,
    "bad-json": _bad_json,
    "too-large": _too_large,
    "exactly-one-mib": _exactly_one_mib,
    "many-nodes": _many_nodes,
    "missing-file": _missing_file,
}


@pytest.fixture(scope="module")
def results(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Result]:
    """Every run of this module, keyed ``bad/<stem>`` or by scenario name."""
    runs = {f"bad/{stem}": Run((f"{stem}.yaml",), BAD) for stem in bad_cases()}
    for name, build in SCENARIOS.items():
        runs[name] = build(tmp_path_factory.mktemp(name))
    RUNS.update(runs)
    return {name: run_in_process(*run.args, cwd=run.cwd) for name, run in runs.items()}


RUNS: dict[str, Run] = {}
SUBPROCESS_CASES = ["bad/bad-date", "bad/duplicate-key", "bad/not-utf8", "two-teams-same-id",
                    "valid-directory", "too-large", "missing-file"]


@pytest.mark.parametrize("name", SUBPROCESS_CASES)
def test_a_real_process_prints_the_same_and_exits_the_same(
    name: str, results: dict[str, Result]
) -> None:
    run = RUNS[name]
    proc = run_validate(*run.args, cwd=run.cwd)
    assert_no_traceback(proc)
    assert proc.stdout == results[name].stdout
    assert proc.stderr == results[name].stderr
    assert proc.returncode == results[name].returncode
    assert proc.returncode == (0 if name == "valid-directory" else 1)


# --- one file per rule ----------------------------------------------------------------------


def test_every_bad_file_has_an_expected_file() -> None:
    inputs = {p.stem for p in BAD.iterdir() if p.suffix == ".yaml"}
    assert inputs == set(bad_cases())
    assert 25 <= len(inputs) <= 45
    assert set(KNOWN_BUGS) <= inputs


@pytest.mark.parametrize(
    "stem",
    [
        pytest.param(s, marks=pytest.mark.xfail(strict=True, reason=KNOWN_BUGS[s]))
        if s in KNOWN_BUGS
        else s
        for s in bad_cases()
    ],
)
def test_bad_file(stem: str, results: dict[str, Result]) -> None:
    proc = results[f"bad/{stem}"]
    assert_no_traceback(proc)
    assert proc.stdout.splitlines() == expected_lines(stem)
    assert proc.returncode == 1, proc.stderr


@pytest.mark.parametrize("stem", bad_cases())
def test_expected_lines_are_well_formed(stem: str) -> None:
    """Each frozen line is `file:line:column: [field.path: ]message`, naming its own file."""
    text = (BAD / f"{stem}.yaml").read_bytes()
    lines = expected_lines(stem)
    assert lines, "a bad file must produce at least one problem"
    for line in lines:
        match = LINE.match(line)
        assert match, line
        assert match["file"] == f"{stem}.yaml"
        assert 1 <= int(match["line"]) <= text.count(b"\n") + 1
        assert int(match["column"]) >= 1


# --- directories, formats and generated files -----------------------------------------------


def test_duplicate_id_across_a_directory(results: dict[str, Result]) -> None:
    proc = results["two-teams-same-id"]
    assert_no_traceback(proc)
    assert proc.returncode == 1
    lines = proc.stdout.splitlines()
    assert len(lines) == 1, lines
    stem = EXAMPLE.stem
    assert re.fullmatch(
        rf"team-b/{stem}\.yaml:\d+:\d+: id: id '{stem}' is also used by team-a/{stem}\.yaml; "
        r"ids must be unique",
        lines[0],
    ), lines[0]


def test_duplicate_id_points_at_the_id_line(results: dict[str, Result]) -> None:
    id_line = next(
        number
        for number, line in enumerate(EXAMPLE.read_text(encoding="utf-8").splitlines(), 1)
        if line.startswith("id:")
    )
    assert id_line > 1, "the example starts with comments, so line 1 is not the id"
    assert results["two-teams-same-id"].stdout.startswith(
        f"team-b/{EXAMPLE.name}:{id_line}:1: id: "
    )


def test_a_valid_directory_exits_0(results: dict[str, Result]) -> None:
    proc = results["valid-directory"]
    assert_no_traceback(proc)
    assert proc.stdout == ""
    assert proc.returncode == 0, proc.stderr
    assert proc.stderr.strip() == "2 file(s) valid"


def test_json_format_lists_every_problem(results: dict[str, Result]) -> None:
    proc = results["bad-json"]
    assert_no_traceback(proc)
    assert proc.returncode == 1
    report = json.loads(proc.stdout)
    assert report["valid"] is False
    assert report["files"] == len(JSON_STEMS)
    problems = report["problems"]
    assert all(set(p) == {"file", "line", "column", "field", "message"} for p in problems)
    as_text = [
        f"{p['file']}:{p['line']}:{p['column']}:"
        + (f" {p['field']}:" if p["field"] else "")
        + f" {p['message']}"
        for p in problems
    ]
    assert as_text == [line for s in JSON_STEMS for line in expected_lines(s)]


def test_json_format_on_valid_input(results: dict[str, Result]) -> None:
    proc = results["valid-json"]
    assert_no_traceback(proc)
    assert proc.returncode == 0
    assert json.loads(proc.stdout) == {"valid": True, "files": 1, "problems": []}


def test_file_over_one_mib_is_refused_before_parsing(results: dict[str, Result]) -> None:
    size = len("id: too-large\nname: \n") + MAX_BYTES
    proc = results["too-large"]
    assert_no_traceback(proc)
    assert proc.returncode == 1
    assert proc.stdout.splitlines() == [
        f"too-large.yaml:1:1: file is {size:,} bytes; the limit is {MAX_BYTES:,} (split it up)"
    ]


def test_file_of_exactly_one_mib_is_not_refused_for_size(results: dict[str, Result]) -> None:
    proc = results["exactly-one-mib"]
    assert_no_traceback(proc)
    assert proc.stdout == ""
    assert proc.returncode == 0, proc.stderr


def test_too_many_nodes_without_aliases(results: dict[str, Result]) -> None:
    proc = results["many-nodes"]
    assert_no_traceback(proc)
    assert proc.returncode == 1
    lines = proc.stdout.splitlines()
    assert len(lines) == 1, lines
    assert lines[0].startswith("many-nodes.yaml:1:1: document has more than 50,000 values")


def test_missing_file(results: dict[str, Result]) -> None:
    proc = results["missing-file"]
    assert_no_traceback(proc)
    assert proc.returncode == 1
    assert proc.stdout.splitlines() == ["no-such-profile.yaml:1:1: no such file"]
