"""Cold-start wall time of the CLI against the imports it cannot avoid, side by side.

    .venv/bin/python benchmarks/cold_start.py [--runs N]

Targets (issues 2 and 3):
  selector --help            within 4x    of  python -c "import pydantic, yaml"
  selector rank (bundled)    within 1.25x of  python -c "import skcriteria"
Each pair runs interleaved in fresh processes; medians are compared, so a busy machine slows
both sides alike.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PY = sys.executable

PAIRS = [
    ("selector --help", [PY, "-m", "selector", "--help"],
     'python -c "import pydantic, yaml"', [PY, "-c", "import pydantic, yaml"], 4.0),
    ("selector rank", [PY, "-m", "selector", "rank"],
     'python -c "import skcriteria"', [PY, "-c", "import skcriteria"], 1.25),
]


def wall(cmd: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run(cmd, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
    return time.perf_counter() - start


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=9)
    args = parser.parse_args()
    failed = False
    for name, cmd, base_name, base, target in PAIRS:
        wall(cmd), wall(base)  # warm the file cache
        ours, theirs = [], []
        for _ in range(args.runs):
            ours.append(wall(cmd))
            theirs.append(wall(base))
        m_ours, m_base = statistics.median(ours), statistics.median(theirs)
        ratio = m_ours / m_base
        ok = ratio <= target
        failed |= not ok
        print(f"{name:<18} median {m_ours * 1000:7.0f} ms | {base_name:<36} median "
              f"{m_base * 1000:7.0f} ms | ratio {ratio:5.2f} (target <= {target}) "
              f"{'OK' if ok else 'OVER'}")
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
