"""The verdict: how safe the recommendation is, and what would overturn it.

See :mod:`selector.robustness` for the model in words.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any

from selector.result import Result, frozen_map
from selector.robustness.evidence import (
    FIXED,
    TRIANGULAR,
    UNIFORM,
    _member,
    trace_groups,
)
from selector.robustness.model import Robustness

if TYPE_CHECKING:
    from numpy.typing import NDArray

    Array = NDArray[Any]

Scale = tuple[float, float] | None
Progress = Callable[[int, int], None]


# --------------------------------------------------------------------------------------------
# The verdict: how safe the recommendation is, and what would overturn it.
# --------------------------------------------------------------------------------------------


def pct(share: float) -> str:
    """A share as a percentage that never rounds a possibility away."""
    if 0 < share < 0.005:
        return "<1%"
    if 0.995 < share < 1:
        return ">99%"
    return f"{share * 100:.0f}%"


SAFETY_LEVELS = ("robust", "fairly robust", "contestable", "fragile")


def safety_level(share: float) -> str:
    """The safety word for a top choice that ranks first in ``share`` of the samples."""
    if share >= 0.9:
        return "robust"
    if share >= 0.7:
        return "fairly robust"
    if share >= 0.5:
        return "contestable"
    return "fragile"


def rivals(rob: Robustness, count: int = 2) -> list[str]:
    """The options other than the top choice that rank first most often."""
    ranked = sorted((o for o in rob.options if o != rob.top_choice and rob.first_share(o) > 0),
                    key=lambda o: -rob.first_share(o))
    return ranked[:count]


def at_stake(result: Result, rob: Robustness, limit: int = 5) -> tuple[Mapping[str, Any], ...]:
    """The varied facts with the largest weighted swing: what the top option could lose if an
    unverified fact fails, what a rival could gain if an unknown or unverified fact turns out
    well. A swing is weight x rubric points, i.e. points of the fixed-scale weighted sum."""
    weights = {c.id: c.weight for c in result.criteria}
    found: list[dict[str, Any]] = []
    for oid in [rob.top_choice, *rivals(rob, 1)]:
        for cid, weight in weights.items():
            trace = result.traces[oid][cid].trace
            for members in trace_groups(trace):
                earned = sum(trace[k].points for k in members if trace[k].counted)
                for k in members:
                    entry = trace[k]
                    kind, _, high = _member(entry)
                    if kind == FIXED:
                        continue
                    if oid == rob.top_choice:
                        swing, direction = (entry.points if entry.counted and kind == TRIANGULAR
                                            else 0.0), "down"
                    else:
                        swing, direction = max(0.0, high - max(earned, entry.points)), "up"
                        if entry.counted:
                            swing = high - entry.points
                    if swing * weight <= 0:
                        continue
                    found.append({
                        "option": oid, "criterion": cid, "fact": entry.fact,
                        "evidence": "unknown" if kind == UNIFORM else "unverified",
                        "value": entry.value, "points": entry.points, "max_points": high,
                        "direction": direction, "swing": round(swing * weight, 6),
                    })
    found.sort(key=lambda f: (-f["swing"], f["option"], f["fact"]))
    return tuple(frozen_map(f) for f in found[:limit])


def verdict(result: Result, rob: Robustness) -> str:
    """A few plain sentences: who ranks first how often, whether judgement (weights) or
    evidence threatens it, and what would overturn it."""
    names = {c.id: c.name for c in result.criteria}
    top = rob.top_choice
    share = rob.first_share(top)
    others = sorted(((rob.first_share(o), o) for o in rob.options
                     if o != top and rob.first_share(o) > 0), key=lambda x: (-x[0], x[1]))
    head = f"{top} ranks first in {pct(share)} of {rob.samples:,} samples"
    if others:
        head += "; " + "; ".join(f"{o} in {pct(s)}" for s, o in others[:3])
        rest = sum(s for s, _ in others[3:])
        if rest > 0:
            head += f"; others in {pct(rest)}"
    safety = f"The recommendation is {safety_level(share)}"
    if others and others[0][0] > share:
        safety += f": {others[0][1]} ranks first more often"
    parts = [head + ".", safety + "."]
    ev = rob.evidence_model
    if ev.get("varied"):
        alone = rob.first_evidence_only.get(top, 0.0)
        best = max(((v, o) for o, v in rob.first_evidence_only.items() if o != top),
                   default=(0.0, ""), key=lambda x: (x[0], x[1]))
        text = (f"Weights alone (facts as recorded) keep it first in "
                f"{pct(rob.first_weights_only.get(top, 0.0))}; the {ev['unknown_facts']} unknown "
                f"and {ev['unverified_facts']} unverified facts alone (weights as stated) in "
                f"{pct(alone)}")
        if best[0] > 0:
            text += f" ({best[1]} in {pct(best[0])})"
        parts.append(text + ".")
    changes: list[tuple[float, str]] = []
    for cid, st in rob.stability.items():
        label = names.get(cid, cid)
        if st.below is not None:
            changes.append((st.weight - st.low, f"the weight of {label} falls below {st.low:.3f} "
                            f"(now {st.weight:.3f}; {st.below} takes over)"))
        if st.above is not None:
            changes.append((st.high - st.weight, f"the weight of {label} rises above "
                            f"{st.high:.3f} (now {st.weight:.3f}; {st.above} takes over)"))
    changes.sort(key=lambda c: c[0])
    if changes:
        parts.append("With the facts as recorded, the choice changes if "
                     + ", or if ".join(c for _, c in changes[:2]) + ".")
    else:
        parts.append("With the facts as recorded, no change to a single weight overturns it.")
    if rob.at_stake:
        lead = ""
        if result.method == "wsm" and len(result.ranking) > 1:
            second = result.ranking[1]
            lead = (f"It leads {second.id} by {result.ranking[0].score - second.score:.2f} points "
                    "at the stated weights; most")
        else:
            lead = "Most"
        items = [f"{f['option']}'s {f['fact']} ({f['evidence']}; could "
                 f"{'add' if f['direction'] == 'up' else 'cost'} {f['swing']:.1f} points)"
                 for f in rob.at_stake[:3]]
        parts.append(f"{lead} at stake in the evidence: " + ", ".join(items) + ".")
    disagree = rob.agreement.disagree(top)
    agree = [mth for mth, o in rob.agreement.top.items() if o == top]
    if not disagree:
        parts.append(f"All {len(agree)} methods put it first.")
    else:
        by_option: dict[str, list[str]] = {}
        for mth, o in disagree.items():
            by_option.setdefault(o, []).append(mth)
        parts.append(f"{', '.join(agree) or 'No method'} put{'s' if len(agree) == 1 else ''} it "
                     "first; " + "; ".join(f"{' and '.join(ms)} prefer{'s' if len(ms) == 1 else ''} {o}"
                                           for o, ms in by_option.items()) + ".")
    return " ".join(parts)
