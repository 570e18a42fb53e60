"""Rendering the due-diligence report in all four formats, against computing the result.

    .venv/bin/python benchmarks/report_render.py [--runs N]

Target (issue 7, moved here from the test suite by issue 11): for each bundled example,
rendering HTML, Markdown, XLSX and JSON together takes at most 2.0 s. The baseline printed
beside it is the time the engine takes to compute the result it renders (assessment, ranking,
checklists), measured interleaved in the same run, so a busy machine shows in both.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from datetime import UTC, date, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TODAY = date(2026, 12, 1)
GENERATED = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)
LIMIT_S = 2.0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()

    from selector.assess import run
    from selector.reports import KINDS, render_report
    from selector.robustness import analyse

    examples = sorted(p for p in (ROOT / "examples").glob("*.yaml")
                      if not p.name.endswith(".checklist.yaml"))
    failed = False
    for example in examples:
        result = run(example, today=TODAY)
        robustness = analyse(result, samples=1000, seed=0)
        compute, render = [], []
        for _ in range(args.runs):
            start = time.perf_counter()
            run(example, today=TODAY)
            compute.append(time.perf_counter() - start)
            start = time.perf_counter()
            for kind in KINDS:
                render_report(kind, result, generated_at=GENERATED, robustness=robustness)
            render.append(time.perf_counter() - start)
        m_render, m_compute = statistics.median(render), statistics.median(compute)
        ratio = m_render / m_compute
        ok = m_render <= LIMIT_S
        failed |= not ok
        print(f"{example.stem:<34} render x{len(KINDS)} median {m_render * 1000:6.0f} ms | "
              f"compute median {m_compute * 1000:6.0f} ms | ratio {ratio:4.2f} "
              f"(target <= {LIMIT_S:.1f} s) {'OK' if ok else 'OVER'}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
