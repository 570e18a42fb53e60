"""One profile with thousands of problems: validation must parse the file once, not per problem.

    .venv/bin/python benchmarks/validate_many_problems.py [--keys 500 2000] [--runs 3]

Target (issue 16): 2,000 unknown keys reported in under a second (it took 45 s when every
problem re-composed the whole file to find its line). Printed beside it, as the baseline
measured in the same run, the time to parse the same file once with PyYAML's C loader and to
compose its node tree once (what locating all problems now costs in total).
"""

from __future__ import annotations

import argparse
import contextlib
import io
import statistics
import tempfile
import time
from pathlib import Path

import yaml

from selector.cli import main as selector_main
from selector.io.paths import default_profiles


def make_profile(folder: Path, keys: int) -> Path:
    source = sorted(default_profiles().glob("*.yaml"))[0]
    text = source.read_text(encoding="utf-8")
    extra = "".join(f"unknown_key_{i:05d}: {i}\n" for i in range(keys))
    path = folder / source.name
    path.write_text(text + extra, encoding="utf-8")
    return path


def validate(path: Path, keys: int) -> float:
    out = io.StringIO()
    start = time.perf_counter()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(io.StringIO()):
        code = selector_main(["validate", str(path)])
    elapsed = time.perf_counter() - start
    if code != 1 or out.getvalue().count("unknown field") != keys:
        raise SystemExit(f"expected {keys} problems, got {out.getvalue().count('unknown field')}")
    return elapsed


def baseline(path: Path) -> float:
    text = path.read_text(encoding="utf-8")
    start = time.perf_counter()
    yaml.load(text, Loader=yaml.CSafeLoader)
    yaml.compose(text, Loader=yaml.CSafeLoader)
    return time.perf_counter() - start


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--keys", type=int, nargs="+", default=[500, 2000])
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    failed = False
    with tempfile.TemporaryDirectory() as tmp:
        for keys in args.keys:
            path = make_profile(Path(tmp), keys)
            validate(path, keys)  # warm imports
            took = statistics.median(validate(path, keys) for _ in range(args.runs))
            base = statistics.median(baseline(path) for _ in range(args.runs))
            verdict = "ok" if took < 1.0 else "OVER 1 s"
            failed = failed or took >= 1.0
            print(f"{keys:>6} unknown keys: validate {took * 1000:8.1f} ms (median of {args.runs}); "
                  f"parse + compose once {base * 1000:6.1f} ms; target < 1000 ms: {verdict}")
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
