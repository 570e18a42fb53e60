"""The engine: profiles + criteria set -> scored, ranked, immutable :class:`Result`."""

from __future__ import annotations

import math
import os
from collections.abc import Mapping, Sequence
from datetime import date
from pathlib import Path
from typing import Any

from selector.criteria import LoadedCriteria, load_criteria
from selector.errors import UsageError
from selector.io.limits import MAX_WEIGHT
from selector.io.paths import bundled, default_criteria, default_profiles
from selector.io.validation import suggestion
from selector.profiles import LoadedProfile, load_profiles
from selector.ranking import DEFAULT_METHOD, METHODS, Scale, evaluate
from selector.result import (
    CriterionInfo,
    Excluded,
    Meta,
    RankedOption,
    Result,
    evidence_flags,
    frozen_map,
)
from selector.scoring.rubric import FLAG_UNKNOWN, CriterionScore, score_profile
from selector.weights.shares import Share, with_shares

PathLike = str | os.PathLike[str]
LIBRARIES = ("scikit-criteria", "numpy", "pandas", "pydantic", "PyYAML")


def library_versions() -> dict[str, str]:
    from importlib.metadata import PackageNotFoundError, version

    out: dict[str, str] = {}
    for name in LIBRARIES:
        try:
            out[name] = version(name)
        except PackageNotFoundError:  # pragma: no cover
            out[name] = "not installed"
    import platform

    out["python"] = platform.python_version()
    return out


def display_path(path: str, base: Path | None = None) -> str:
    """A path as results and reports show it: no local absolute path when it can be avoided.

    Inside the bundled data: ``bundled:criteria/box1.yaml``. Inside ``base`` (the assessment's
    folder) or else the working folder: relative to it. So the same assessment gives the same
    report wherever its folder is."""
    resolved = Path(path).resolve()
    for name in ("vendor_profiles", "criteria"):
        root = bundled(name).resolve()
        if resolved.is_relative_to(root):
            return f"bundled:{name}/{resolved.relative_to(root).as_posix()}"
    roots = [Path.cwd()] if base is None else [base, Path.cwd()]
    for root in roots:
        if resolved.is_relative_to(root.resolve()):
            return resolved.relative_to(root.resolve()).as_posix()
    return path


def resolve_weights(
    loaded: LoadedCriteria, overrides: Mapping[str, float] | None
) -> dict[str, float]:
    """The criteria set's weights with the analyst's overrides, on the set's own scale.

    A plain number is a weight on the scale where the average criterion weighs 1 (``security=2``
    counts twice an average criterion, whatever the set's or the assessment's scale: with the
    bundled criteria set's weights of 1 that is the number itself). A :class:`Share` is a share of
    the decision; the criteria without a share keep their proportions in the rest.
    """
    raw = {c.id: c.weight for c in loaded.criteria_set.criteria}
    mean = sum(raw.values()) / len(raw) if raw else 1.0
    shares: dict[str, float] = {}
    for key, value in (overrides or {}).items():
        if key not in raw:
            raise UsageError(
                f"--weights: no criterion '{key}' in {loaded.path}; " + suggestion(key, list(raw))
            )
        if isinstance(value, Share):
            if not math.isfinite(value) or not 0 <= value <= 1:
                raise UsageError(f"--weights: {key}={value} must be a share from 0% to 100% of "
                                 "the decision")
            shares[key] = float(value)
            continue
        if not math.isfinite(value) or not 0 <= value <= MAX_WEIGHT:
            raise UsageError(f"--weights: {key}={value:g} must be a finite number from 0 to {MAX_WEIGHT:g} "
                             "(relative to the average criterion, which weighs 1: security=2 counts "
                             "twice as much; or a share of the decision: security=30%)")
        raw[key] = float(value) * (mean if mean > 0 else 1.0)
    if shares:
        raw = with_shares(raw, shares)
    if sum(raw.values()) <= 0:
        raise UsageError("--weights: every weight is 0; give at least one criterion weight > 0")
    return raw


def parse_weights(text: str | None) -> dict[str, float]:
    """``id=value,id=value`` from the command line; ``id=30%`` is a :class:`Share`."""
    if not text:
        return {}
    out: dict[str, float] = {}
    for part in text.split(","):
        key, sep, value = part.partition("=")
        key = key.strip()
        if not sep or not key:
            raise UsageError(f"--weights: '{part}' is not id=value (e.g. security=2 or security=30%)")
        number = value.strip()
        percent = number.endswith("%")
        try:
            parsed = float(number[:-1] if percent else number)
        except ValueError:
            raise UsageError(f"--weights: '{value}' for {key} is not a number (or a percentage "
                             "such as 30%)") from None
        out[key] = Share(parsed / 100) if percent else parsed
    return out


def score_all(
    profiles: Sequence[LoadedProfile], loaded: LoadedCriteria, today: date
) -> dict[str, dict[str, CriterionScore]]:
    return {p.profile.id: score_profile(p, loaded.criteria_set, today) for p in profiles}


def rank(
    profiles: PathLike | Sequence[PathLike] | None = None,
    criteria: PathLike | None = None,
    *,
    method: str = DEFAULT_METHOD,
    weights: Mapping[str, float] | None = None,
    today: date | None = None,
    include_retired: bool = False,
    command: str | None = None,
) -> Result:
    """Score every profile on the criteria set and rank the offerings.

    ``profiles`` is a directory, a file or a list of them (default: the bundled catalogue);
    ``criteria`` a criteria set file (default: the bundled Box 1 set). ``weights`` overrides
    criterion weights by id. Offerings retired by ``today`` are excluded with their reason
    unless ``include_retired``. Raises :class:`selector.errors.SelectorError` on bad input.

    Weights or a method other than the criteria set's defaults and ``wsm`` are recorded as
    analyst changes (``command``, e.g. ``selector rank``, says where they were given).
    """
    if method not in METHODS:
        raise UsageError(f"unknown method '{method}'; " + suggestion(method, list(METHODS)))
    today = today or date.today()
    loaded_criteria = load_criteria(criteria if criteria is not None else default_criteria())
    if profiles is None:
        sources: Sequence[PathLike] = [default_profiles()]
    elif isinstance(profiles, str | os.PathLike):
        sources = [profiles]
    else:
        sources = list(profiles)
    loaded_profiles = load_profiles(sources)
    return rank_loaded(loaded_profiles, loaded_criteria, method=method, weights=weights, today=today,
                       include_retired=include_retired, command=command)


def rank_loaded(
    loaded_profiles: Sequence[LoadedProfile],
    loaded_criteria: LoadedCriteria,
    *,
    method: str = DEFAULT_METHOD,
    weights: Mapping[str, float] | None = None,
    today: date,
    include_retired: bool = False,
    command: str | None = None,
) -> Result:
    from selector.audit import audit
    from selector.scoring.lifecycle import check_lifecycle

    raw_weights = resolve_weights(loaded_criteria, weights)
    scored = score_all(loaded_profiles, loaded_criteria, today)
    checks = {lp.profile.id: check_lifecycle(lp, today, None) for lp in loaded_profiles}
    excluded = [] if include_retired else [
        Excluded(lp.profile.id, lp.profile.name, (reason,), gates=("lifecycle",))
        for lp in loaded_profiles if (reason := checks[lp.profile.id].exclude) is not None
    ]
    result = build_result(
        loaded_profiles, loaded_criteria, scored, raw_weights, method=method, today=today,
        excluded=excluded, lifecycle=frozen_map(checks), audit=audit(loaded_profiles, today),
    )
    from selector.weights.changes import command_weights, how_text, record

    defaults = {c.id: c.weight for c in loaded_criteria.criteria_set.criteria}
    return record(result, reference=defaults, method_how=how_text(command, "method", method),
                  weights_how=how_text(command, "weights", command_weights(weights)) if weights else None)


def build_result(
    loaded_profiles: Sequence[LoadedProfile],
    loaded_criteria: LoadedCriteria,
    scored: Mapping[str, Mapping[str, CriterionScore]],
    raw_weights: Mapping[str, float],
    *,
    method: str,
    today: date,
    excluded: Sequence[Excluded] = (),
    extra_inputs: Mapping[str, str] | None = None,
    base: Path | None = None,
    **extras: Any,
) -> Result:
    """Rank the options that are not excluded and assemble the immutable result (paths shown
    relative to ``base``, the assessment's folder, when inside it)."""
    import numpy as np

    criteria_set = loaded_criteria.criteria_set
    total = sum(raw_weights.values())
    out_ids = {e.id for e in excluded}
    ranked = [p for p in loaded_profiles if p.profile.id not in out_ids]
    crit_ids = [c.id for c in criteria_set.criteria]
    scales: list[Scale] = [
        (0.0, 100.0) if c.rubric is not None else (tuple(c.scale) if c.scale else None)  # type: ignore[misc]
        for c in criteria_set.criteria
    ]
    rows: list[RankedOption] = []
    method_extra: dict[str, Any] = {}
    if ranked:
        ids = [p.profile.id for p in ranked]
        matrix = np.array([[scored[i][c].value for c in crit_ids] for i in ids], dtype=float)
        output = evaluate(
            method,
            matrix,
            [c.objective for c in criteria_set.criteria],
            [raw_weights[c] for c in crit_ids],
            scales=scales,
            alternatives=ids,
            criteria=crit_ids,
            normalise_weights=criteria_set.normalise_weights,
        )
        method_extra = dict(output.extra)
        method_extra["alternatives"] = ids
        flags = {i: evidence_flags(scored[i]) for i in ids}
        order = sorted(
            range(len(ids)),
            key=lambda k: (output.rank[k], len(flags[ids[k]][FLAG_UNKNOWN]), ids[k]),
        )
        for position, k in enumerate(order, 1):
            lp = ranked[k]
            p = lp.profile
            rows.append(
                RankedOption(
                    rank=output.rank[k],
                    position=position,
                    id=p.id,
                    name=p.name,
                    openness=p.openness,
                    route=p.route,
                    score=output.scores[k],
                    scores=frozen_map({c: scored[p.id][c].value for c in crit_ids}),
                    evidence_flags=frozen_map(flags[p.id]),
                    path=display_path(lp.path, base),
                    provider=p.provider.name if p.provider is not None else None,
                )
            )
    infos = tuple(
        CriterionInfo(
            id=c.id,
            name=c.name,
            objective=c.objective,
            weight=raw_weights[c.id] / total,
            raw_weight=raw_weights[c.id],
            description=c.description,
            scale=scales[j],
            has_rubric=c.rubric is not None,
            label=c.label or c.name.split()[0].strip(",;:()"),
        )
        for j, c in enumerate(criteria_set.criteria)
    )
    inputs = {display_path(loaded_criteria.path, base): loaded_criteria.sha256}
    inputs.update({display_path(p.path, base): p.sha256 for p in loaded_profiles})
    inputs.update({display_path(k, base): v for k, v in (extra_inputs or {}).items()})
    from selector import __version__

    processing: dict[str, tuple[str, ...]] = {}
    for lp in loaded_profiles:
        regions = lp.profile.regions
        known = regions is not None and regions.processing.known
        processing[lp.profile.id] = tuple(regions.processing.value) if known and regions else ()
    extras.setdefault("processing", frozen_map(processing))
    spec = METHODS[method]
    return Result(
        method=method,
        method_title=spec.title,
        higher_is_better=spec.higher_is_better,
        normalise_weights=criteria_set.normalise_weights,
        method_options=frozen_map(spec.options),
        criteria=infos,
        ranking=tuple(rows),
        excluded=tuple(excluded),
        traces=frozen_map({i: frozen_map(v) for i, v in scored.items()}),
        method_extra=frozen_map(method_extra),
        meta=Meta(
            tool_version=__version__,
            libraries=frozen_map(library_versions()),
            inputs=frozen_map(dict(sorted(inputs.items()))),
            today=today.isoformat(),
            criteria_set=criteria_set.name,
            criteria_version=criteria_set.version,
        ),
        **extras,
    )


def reweight(result: Result, weights: Mapping[str, float], method: str | None = None, *,
             how: str | None = None, preset: str | None = None) -> Result:
    """The same options re-ranked under other weights (or another method), without reloading.

    Criterion scores, exclusions, traces, costs and checklists are kept; the weights, the
    aggregation and the ranking change, with every input the ranking recorded (the criteria
    set's ``normalise_weights``) reused. The robustness analysis described the old ranking, so
    the new result carries none (``robustness=None``): analyse it again
    (``with_robustness(new, analyse(new))``). This is what the terminal UI calls as weights move.

    What differs from the assessment as written is recorded (``analyst_changes``, and one
    ``analyst`` step of the derivation each; see :mod:`selector.weights.changes`), relative to
    the assessment, never stacked: weights moved back to the assessment's, or the method set
    back, drop their change. ``how`` says where the change was made (default: this function);
    ``preset`` names the preset the new weights were picked from (a ``preset`` change).
    """
    import dataclasses

    import numpy as np

    from selector.scoring.cost_sensitivity import without_recommendation
    from selector.weights.changes import derived_steps, rechanged

    method = method or result.method
    if method not in METHODS:
        raise UsageError(f"unknown method '{method}'; " + suggestion(method, list(METHODS)))
    crit = [c.id for c in result.criteria]
    raw = {c: float(weights.get(c, 0.0)) for c in crit}
    if any(not math.isfinite(v) or v < 0 for v in raw.values()) or sum(raw.values()) <= 0:
        raise UsageError("weights must be finite, >= 0 and not all 0")
    total = sum(raw.values())
    criteria = tuple(dataclasses.replace(c, weight=raw[c.id] / total, raw_weight=raw[c.id])
                     for c in result.criteria)
    spec = METHODS[method]
    common: dict[str, Any] = {
        "method": method, "method_title": spec.title, "higher_is_better": spec.higher_is_better,
        "method_options": frozen_map(spec.options), "criteria": criteria, "robustness": None,
        "cost_sensitivity": without_recommendation(result.cost_sensitivity),
        "weight_steps": derived_steps(result.weight_steps),
    }
    how = how or "selector.engine.reweight"
    rows = list(result.ranking)
    if not rows:
        return rechanged(result, dataclasses.replace(result, **common), how, preset)
    ids = [r.id for r in rows]
    matrix = np.array([[r.scores[c] for c in crit] for r in rows], dtype=float)
    output = evaluate(
        method,
        matrix,
        [c.objective for c in result.criteria],
        [raw[c] for c in crit],
        scales=[c.scale for c in result.criteria],
        alternatives=ids,
        criteria=crit,
        normalise_weights=result.normalise_weights,
    )
    order = sorted(
        range(len(ids)),
        key=lambda k: (output.rank[k], len(rows[k].evidence_flags.get(FLAG_UNKNOWN, ())), ids[k]),
    )
    ranked = tuple(
        dataclasses.replace(rows[k], rank=output.rank[k], position=pos, score=output.scores[k])
        for pos, k in enumerate(order, 1)
    )
    extra = dict(output.extra)
    extra["alternatives"] = ids
    new = dataclasses.replace(result, ranking=ranked, method_extra=frozen_map(extra), **common)
    return rechanged(result, new, how, preset)
