"""Validating 1,000 profiles against merely parsing them with PyYAML's C loader.

    .venv/bin/python benchmarks/validate.py [--profiles 1000] [--runs 5]

Target (issue 2): `selector validate` within 2.5x of the bare parse. The profiles are copies of
the bundled catalogue with fresh ids (each equal to its file name), written to a temporary
folder. Both sides read the files from disk; medians of interleaved runs are compared.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import statistics
import sys
import tempfile
import time
from pathlib import Path

import yaml

from selector.cli import main as selector_main
from selector.io.paths import default_profiles


def make_corpus(folder: Path, count: int) -> list[Path]:
    templates = sorted(default_profiles().glob("*.yaml"))
    files = []
    for i in range(count):
        source = templates[i % len(templates)]
        text = source.read_text(encoding="utf-8")
        new_id = f"{source.stem}-copy-{i:04d}"
        text = text.replace(f"id: {source.stem}\n", f"id: {new_id}\n", 1)
        path = folder / f"{new_id}.yaml"
        path.write_text(text, encoding="utf-8")
        files.append(path)
    return files


def parse_only(files: list[Path]) -> None:
    for path in files:
        yaml.load(path.read_bytes().decode("utf-8"), Loader=yaml.CSafeLoader)


def validate(folder: Path) -> None:
    with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
        code = selector_main(["validate", str(folder)])
    if code != 0:
        raise SystemExit("the generated profiles did not validate")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--profiles", type=int, default=1000)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        files = make_corpus(folder, args.profiles)
        validate(folder)  # warm-up: imports, model build, file cache
        parse_only(files)
        ours, base = [], []
        for _ in range(args.runs):
            start = time.perf_counter()
            validate(folder)
            ours.append(time.perf_counter() - start)
            start = time.perf_counter()
            parse_only(files)
            base.append(time.perf_counter() - start)
    m_ours, m_base = statistics.median(ours), statistics.median(base)
    ratio = m_ours / m_base
    print(f"selector validate ({args.profiles} profiles) median {m_ours:6.2f} s | "
          f"CSafeLoader parse median {m_base:6.2f} s | ratio {ratio:4.2f} (target <= 2.5) "
          f"{'OK' if ratio <= 2.5 else 'OVER'}")
    return 0 if ratio <= 2.5 else 1


if __name__ == "__main__":
    sys.exit(main())
