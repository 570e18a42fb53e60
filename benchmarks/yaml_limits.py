"""The YAML border refuses an alias bomb before expanding it: time against a benign parse.

    .venv/bin/python benchmarks/yaml_limits.py [--runs N]

Target (issue 2, moved here from the test suite by issue 11): refusing a "billion laughs"
document of 9 and of 30 levels takes at most 0.25 s, and at most 5x the time to parse a
benign document of the same size (measured here, interleaved).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time

from selector.errors import InputError
from selector.io.yamlio import parse

LIMIT_S, RATIO = 0.25, 5.0


def laughs(levels: int) -> str:
    lines = ['a0: &a0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for n in range(1, levels):
        lines.append(f"a{n}: &a{n} [" + ",".join([f"*a{n - 1}"] * 10) + "]")
    return "\n".join(lines) + "\n"


def benign(size: int) -> str:
    lines, n = [], 0
    while sum(len(x) + 1 for x in lines) < size:
        lines.append(f"k{n}: [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]")
        n += 1
    return "\n".join(lines) + "\n"


def refuse(text: str) -> None:
    try:
        parse(text, "laughs.yaml")
    except InputError:
        return
    raise SystemExit("the alias bomb was not refused")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=21)
    args = parser.parse_args()
    failed = False
    for levels in (9, 30):
        bomb = laughs(levels)
        plain = benign(len(bomb))
        refuse(bomb), parse(plain, "benign.yaml")
        ours, base = [], []
        for _ in range(args.runs):
            start = time.perf_counter()
            refuse(bomb)
            ours.append(time.perf_counter() - start)
            start = time.perf_counter()
            parse(plain, "benign.yaml")
            base.append(time.perf_counter() - start)
        m_ours, m_base = statistics.median(ours), statistics.median(base)
        ratio = m_ours / m_base
        ok = m_ours <= LIMIT_S and ratio <= RATIO
        failed |= not ok
        print(f"alias bomb, {levels:2d} levels: refused median {m_ours * 1000:6.2f} ms | benign parse "
              f"of {len(plain):,} bytes median {m_base * 1000:6.2f} ms | ratio {ratio:5.2f} "
              f"(target <= {LIMIT_S * 1000:.0f} ms and <= {RATIO}x) {'OK' if ok else 'OVER'}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
