"""What the analyst changed from the assessment: weights, method or a preset, recorded once.

Every change is measured against the assessment *as written* (its derived weights and its
``method``; without an assessment, the criteria set's default weights and the default method,
``wsm``), never against the previous change: moving the weights three times is one weights
change, and moving them back removes it. Each change is a typed
:class:`selector.result.AnalystChange` on the result and an explicit step of the weight
derivation (kind ``analyst``) whose ``why`` reads "<What> changed by the analyst from <before>
to <after> (<how>)", so no face can show the assessment's derivation beside other weights.
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Mapping, Sequence
from typing import Any

from selector.result import AnalystChange, Result, frozen_map
from selector.weights.presets import WeightStep
from selector.weights.shares import Share

ANALYST = "analyst"
"""The kind of a derivation step that records an analyst's change."""
REWEIGHTED = "reweighted"
"""The kind earlier versions gave a hand change (kept out of the derivation like ``analyst``)."""
NOT_DERIVED = (ANALYST, REWEIGHTED)
DEFAULT_METHOD = "wsm"
LABELS = {"weights": "Weights changed by the analyst", "preset": "Preset applied by the analyst",
          "method": "Method changed by the analyst"}


def derived_steps(steps: Sequence[Any]) -> tuple[Any, ...]:
    """The assessment's own derivation: the steps before any analyst change."""
    return tuple(s for s in steps if getattr(s, "kind", None) not in NOT_DERIVED)


def reference_weights(result: Result) -> dict[str, float]:
    """The weights as written (the last derived step), normalised; the criteria's weights when
    the result records no derivation."""
    derived = derived_steps(result.weight_steps)
    crit = [c.id for c in result.criteria]
    if derived and set(derived[-1].weights) == set(crit):
        return normalised(dict(derived[-1].weights))
    # No derivation (a ranking without an assessment): the weights in use, with the criteria a
    # recorded change moved put back where they were.
    weights = {c.id: c.weight for c in result.criteria}
    for change in result.analyst_changes:
        if change.kind in ("weights", "preset"):
            weights.update({c: before for c, (before, _) in change.changes.items()})
    return normalised(weights)


def reference_method(result: Result) -> str:
    """The method as written: the assessment's ``method``, else the default."""
    if result.assessment is not None and result.assessment.get("method"):
        return str(result.assessment["method"])
    return DEFAULT_METHOD


def normalised(weights: Mapping[str, float]) -> dict[str, float]:
    total = sum(weights.values())
    return {c: (v / total if total > 0 else 0.0) for c, v in weights.items()}


def moved(before: Mapping[str, float], after: Mapping[str, float]) -> dict[str, tuple[float, float]]:
    """Criterion -> (before, after) for every criterion whose normalised weight differs."""
    return {c: (before.get(c, 0.0), after.get(c, 0.0)) for c in after
            if not math.isclose(before.get(c, 0.0), after.get(c, 0.0), rel_tol=1e-9, abs_tol=1e-12)}


def percent_pair(before: float, after: float) -> tuple[str, str]:
    """Both weights as percentages, one decimal (two when one decimal would hide the move)."""
    one = (f"{before:.1%}", f"{after:.1%}")
    return one if one[0] != one[1] else (f"{before:.2%}", f"{after:.2%}")


def _labels(result: Result) -> dict[str, str]:
    return {c.id: c.label or c.name for c in result.criteria}


def weights_words(changes: Mapping[str, tuple[float, float]], labels: Mapping[str, str]) -> str:
    """``Security 21.7% -> 30.4%, Support 13.0% -> 9.1%``: only the moved criteria, largest
    move first."""
    order = sorted(changes, key=lambda c: -abs(changes[c][1] - changes[c][0]))
    return ", ".join(f"{labels.get(c, c)} {' -> '.join(percent_pair(*changes[c]))}" for c in order)


def changes_line(result: Result) -> str:
    """Every change in one line (empty when there is none): ``Changed by the analyst from the
    assessment: Security 17.5% -> 30.4%, ... (selector rank --weights ...); method wsm -> topsis
    (...)``."""
    if not result.analyst_changes:
        return ""
    labels = _labels(result)
    source = "the assessment" if result.assessment is not None else "the criteria set's defaults"
    return (f"Changed by the analyst from {source}: "
            + "; ".join(change_words(c, labels) for c in result.analyst_changes))


def change_words(change: AnalystChange, labels: Mapping[str, str]) -> str:
    """One change in a few words for a table's footnote: ``Security 21.7% -> 30.4%, ...`` or
    ``method wsm -> topsis``, with where it was made."""
    if change.kind == "method":
        return f"method {change.before} -> {change.after} ({change.how})"
    words = weights_words(change.changes, labels)
    return f"{words} ({change.how})"


def weights_change(before: Mapping[str, float], after: Mapping[str, float], labels: Mapping[str, str],
                   how: str, preset: str | None = None) -> AnalystChange | None:
    """The change from ``before`` to ``after`` (normalised here), None when nothing moved."""
    changes = moved(normalised(before), normalised(after))
    if not changes:
        return None
    order = sorted(changes, key=lambda c: -abs(changes[c][1] - changes[c][0]))
    shown = [(labels.get(c, c), *percent_pair(*changes[c])) for c in order]
    old = ", ".join(f"{name} {b}" for name, b, _ in shown)
    new = ", ".join(f"{name} {a}" for name, _, a in shown)
    if preset is not None:
        new = f"the preset '{preset}' ({new})"
    return AnalystChange("preset" if preset is not None else "weights", old, new, how,
                         frozen_map(changes))


def method_change(before: str, after: str, how: str) -> AnalystChange | None:
    return None if before == after else AnalystChange("method", before, after, how)


def steps_for(changes: Sequence[AnalystChange], reference: Mapping[str, float]) -> tuple[WeightStep, ...]:
    """One derivation step per change, each holding the weights in use after it."""
    current = dict(reference)
    out: list[WeightStep] = []
    for change in changes:
        if change.kind in ("weights", "preset"):
            current.update({c: after for c, (_, after) in change.changes.items()})
        out.append(WeightStep(ANALYST, LABELS.get(change.kind, change.kind),
                              frozen_map(dict(current)), change.text))
    return tuple(out)


def with_changes(result: Result, changes: Sequence[AnalystChange],
                 reference: Mapping[str, float] | None = None) -> Result:
    """``result`` recording exactly ``changes``: its analyst changes, and its derivation as the
    assessment's own steps followed by one step per change (``reference``: the weights as
    written, default :func:`reference_weights`)."""
    base = normalised(reference) if reference is not None else reference_weights(result)
    steps = (*derived_steps(result.weight_steps), *steps_for(changes, base))
    return dataclasses.replace(result, analyst_changes=tuple(changes), weight_steps=steps)


def record(result: Result, *, weights_how: str | None = None, method_how: str | None = None,
           reference: Mapping[str, float] | None = None) -> Result:
    """``result`` (ranked with the weights and method it holds) with the changes from the
    assessment as written recorded; ``weights_how``/``method_how`` say where each was made (None:
    that input came from the assessment, so nothing is recorded for it). ``reference``: the
    weights as written when the result's derivation does not hold them (no assessment: the
    criteria set's defaults)."""
    base = normalised(reference) if reference is not None else reference_weights(result)
    changes: list[AnalystChange] = []
    used = {c.id: c.weight for c in result.criteria}
    if weights_how is not None:
        change = weights_change(base, used, _labels(result), weights_how)
        if change is not None:
            changes.append(change)
    if method_how is not None:
        change = method_change(reference_method(result), result.method, method_how)
        if change is not None:
            changes.append(change)
    return with_changes(result, changes, base)


def rechanged(old: Result, new: Result, how: str, preset: str | None = None) -> Result:
    """``new`` (``old`` re-ranked under other weights or method) with the changes relative to
    the assessment as written: an aspect that did not move in this step keeps its earlier change
    (and where it was made); one that moved back to the assessment's loses it."""
    labels = _labels(new)
    reference = reference_weights(old)
    earlier = {("weights" if c.kind == "preset" else c.kind): c for c in old.analyst_changes}
    old_w = {c.id: c.weight for c in old.criteria}
    new_w = {c.id: c.weight for c in new.criteria}
    kept: list[AnalystChange] = []
    fresh: list[AnalystChange] = []
    same_weights = not moved(old_w, new_w) and preset is None
    if same_weights:
        if "weights" in earlier:
            kept.append(earlier["weights"])
    else:
        change = weights_change(reference, new_w, labels, how, preset)
        if change is not None:
            fresh.append(change)
    if new.method == old.method:
        if "method" in earlier:
            kept.append(earlier["method"])
    else:
        change = method_change(reference_method(old), new.method, how)
        if change is not None:
            fresh.append(change)
    order = {id(c): i for i, c in enumerate(old.analyst_changes)}
    kept.sort(key=lambda c: order.get(id(c), 0))
    return with_changes(new, [*kept, *fresh])


def how_text(command: str | None, option: str, value: str) -> str:
    """Where a change was made: ``selector rank --weights security=3`` (``command`` is
    ``selector rank``), or ``Python API, weights=security=3`` without a command."""
    if command is None:
        return f"Python API, {option}={value}"
    return f"{command} --{option} {value}"


def command_weights(weights: Mapping[str, float]) -> str:
    """``security=3,support=1`` as typed on the command line."""
    return ",".join(f"{k}={v}" if isinstance(v, Share) else f"{k}={v:g}" for k, v in weights.items())
