"""The cost sensitivity table (selector.scoring.cost_sensitivity), against running the assessment.

    .venv/bin/python benchmarks/cost_sensitivity.py [--runs N]

Target: for each bundled example, the table (every cost input at its low and high value, the
ranked options' TCOs recomputed, rank 1 rechecked in one kernel call) takes at most 100 ms, a
fraction of the assessment run it is part of (it is computed once per run, in
selector.assess.run). The run's own time is printed beside it,
measured interleaved, so a busy machine shows in both.
"""

from __future__ import annotations

import argparse
import statistics
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TODAY = date(2026, 12, 1)
LIMIT_S = 0.1


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=9)
    args = parser.parse_args()

    from selector.assess import _beside, forced_switch, load_assessment, run
    from selector.criteria import load_criteria
    from selector.profiles import load_profiles
    from selector.scoring.cost_sensitivity import analyse_costs, ranking_of
    from selector.scoring.lifecycle import horizon_end
    from selector.scoring.tco import load_costs

    failed = False
    for example in sorted((ROOT / "examples").glob("*.yaml")):
        la = load_assessment(example)
        criteria = load_criteria(la.criteria_path).criteria_set
        criterion = next(c for c in criteria.criteria if c.assessment == "tco")
        profiles = {lp.profile.id: lp for lp in load_profiles(la.profiles_paths)}
        book = load_costs(_beside(la.criteria_path, "costs.yaml"), la.assessment.costs)
        go_live = la.assessment.go_live or TODAY
        end = horizon_end(go_live, la.assessment.horizon_years)
        result = run(example, today=TODAY)
        retirements = {pid: forced_switch(check, go_live, end) for pid, check in result.lifecycle.items()}
        ranking = ranking_of(result)
        table, whole = [], []
        for _ in range(args.runs):
            start = time.perf_counter()
            rows = analyse_costs(ranking, profiles, la.assessment, book, criterion, result.tco, retirements)
            table.append(time.perf_counter() - start)
            start = time.perf_counter()
            run(example, today=TODAY)
            whole.append(time.perf_counter() - start)
        m_table, m_run = statistics.median(table), statistics.median(whole)
        ok = m_table <= LIMIT_S
        failed |= not ok
        count = len(rows.rows) if rows is not None else 0
        print(f"{example.stem:<34} {len(ranking.ids):>2} options, {count:>2} rows: table median "
              f"{m_table * 1000:5.1f} ms | run median {m_run * 1000:6.0f} ms "
              f"(target <= {LIMIT_S * 1000:.0f} ms) {'OK' if ok else 'OVER'}")
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
