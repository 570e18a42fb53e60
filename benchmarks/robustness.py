"""SMAA kernel against a plain numpy reference, and the default analysis on the catalogue.

    .venv/bin/python benchmarks/robustness.py [--runs N] [--samples K] [--options N]

Line 1: 10,000 weight samples x 1,000 synthetic options x 8 criteria through
selector.robustness.acceptability_counts (fixed scale, 9-decimal ties with the documented
tie-break, chunked for progress) and through the shortest numpy that computes the same
acceptability counts (scale, one matrix product, one argsort, one bincount). Runs are
interleaved and medians compared, so a busy machine slows both alike. Target: within 1.5x.
Line 2: `analyse()` with its defaults (10,000 samples, evidence varying) on the bundled catalogue,
after imports and one warm-up. Target: well under a second.
Line 3: the evidence-to-obtain analysis alone (every open fact re-ranked at its best and worst),
as a share of line 2, which includes it.
Exit 1 if the kernel is over 1.5x, its counts differ from the reference's, or line 2 takes 1 s.
"""

from __future__ import annotations

import argparse
import statistics
import time
from datetime import date
from typing import Any

import numpy as np

from selector import rank
from selector.robustness import _problem, acceptability_counts, analyse, evidence_to_obtain

TARGET = 1.5
TODAY = date(2026, 11, 25)


def reference(matrix: Any, weights: Any, objectives: list[str], scales: list[tuple[float, float]]) -> Any:
    """Plain numpy: the same fixed scale, scores for all samples, positions, counts."""
    low = np.array([s[0] for s in scales])
    high = np.array([s[1] for s in scales])
    minimise = np.array([o == "min" for o in objectives])
    points = np.where(minimise, high - matrix, matrix - low) * (100.0 / (high - low))
    scores = weights @ points.T
    order = np.argsort(-scores, axis=1)
    n = matrix.shape[0]
    return np.bincount((order * n + np.arange(n)).ravel(), minlength=n * n).reshape(n, n)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--samples", type=int, default=10_000)
    parser.add_argument("--options", type=int, default=1_000)
    args = parser.parse_args()

    rng = np.random.default_rng(20261125)
    n, m = args.options, 8
    objectives = ["max"] * (m - 1) + ["min"]  # one cost criterion, flipped by its scale
    scales = [(0.0, 100.0)] * (m - 1) + [(0.0, 60.0)]
    matrix = np.column_stack([rng.uniform(0, 100, (n, m - 1)), rng.uniform(0, 60, n)])
    weights = rng.dirichlet(np.ones(m), args.samples)

    ours_counts, _ = acceptability_counts(matrix, weights, objectives, scales, method="wsm")
    ref_counts = reference(matrix, weights, objectives, scales)
    same = bool(np.array_equal(ours_counts, ref_counts))

    ours, theirs = [], []
    for _ in range(args.runs):
        start = time.perf_counter()
        acceptability_counts(matrix, weights, objectives, scales, method="wsm")
        ours.append(time.perf_counter() - start)
        start = time.perf_counter()
        reference(matrix, weights, objectives, scales)
        theirs.append(time.perf_counter() - start)
    m_ours, m_ref = statistics.median(ours), statistics.median(theirs)
    ratio = m_ours / m_ref
    kernel_ok = ratio <= TARGET and same
    print(f"SMAA kernel {args.samples:,} samples x {n:,} options x {m} criteria: "
          f"selector median {m_ours * 1000:6.0f} ms | numpy reference median {m_ref * 1000:6.0f} ms "
          f"| ratio {ratio:4.2f} (target <= {TARGET}) | counts identical: {'yes' if same else 'NO'} "
          f"{'OK' if kernel_ok else 'OVER'}")

    result = rank(today=TODAY)
    analyse(result)  # warm-up: imports (scikit-criteria's comparator) and caches
    runs = []
    for _ in range(max(3, args.runs // 2)):
        start = time.perf_counter()
        analyse(result)
        runs.append(time.perf_counter() - start)
    m_default = statistics.median(runs)
    default_ok = m_default < 1.0
    print(f"default analysis on the bundled catalogue ({len(result.ranking)} options, 10,000 samples, "
          f"evidence varying): median {m_default * 1000:6.0f} ms (target < 1000 ms) "
          f"{'OK' if default_ok else 'OVER'}")
    problem = _problem(result)
    leads_runs = []
    for _ in range(max(3, args.runs // 2)):
        start = time.perf_counter()
        leads, _ = evidence_to_obtain(result, problem)
        leads_runs.append(time.perf_counter() - start)
    m_leads = statistics.median(leads_runs)
    print(f"evidence to obtain on the same catalogue ({len(leads):,} open facts, each re-ranked at its "
          f"best and worst): median {m_leads * 1000:6.0f} ms = {m_leads / m_default:.0%} of the default "
          "analysis above (which includes it)")
    return 0 if kernel_ok and default_ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
