"""Weight presets (criteria/presets.yaml) and the derivation of an assessment's weights."""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Annotated, Any, Literal

from pydantic import Field

from selector.errors import InputError, Problem
from selector.io.validation import located, suggestion, validate_model
from selector.io.yamlio import Document, load
from selector.models.common import LongText, NonNegative, Slug, Strict, Text
from selector.models.criteria import Cite


class Condition(Strict):
    field: str | None = None
    in_: list[Any] | None = Field(default=None, alias="in")
    present: bool | None = None
    within: str | None = None
    """Another assessment field: holds when ``field`` names at least one jurisdiction and every
    one of them is also in ``within`` (processing kept to the institution's own jurisdictions)."""
    any: list[Condition] | None = None
    all: list[Condition] | None = None


class Preset(Strict):
    id: Slug
    name: Text
    weights: dict[Slug, NonNegative]
    applies_when: Literal["always", "never"] | Condition = "never"
    why: LongText
    cite: Cite


class PresetFile(Strict):
    version: Text
    presets: Annotated[list[Preset], Field(min_length=1)]


@dataclass(frozen=True, slots=True)
class WeightStep:
    """One step of the derivation, for `selector weights` and the reports."""

    kind: str
    """preset, mean, direct, pairwise or criteria-default."""
    label: str
    weights: Mapping[str, float]
    """Normalised to sum to 1."""
    why: str
    cite: str | None = None
    condition: str | None = None
    """For a preset: the condition it fired on, as ``selector weights`` shows it."""

    def as_dict(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "label": self.label,
            "weights": dict(self.weights),
            "why": self.why,
            "cite": self.cite,
            "condition": self.condition,
        }


ASSESSMENT_FIELDS = (
    "institution.sector",
    "institution.size",
    "institution.genai_expertise",
    "use_case.customer_facing",
    "use_case.sfc_high_risk",
    "use_case.risk_tier",
    "use_case.deepfake_exposure",
    "constraints.require_on_premise",
    "constraints.require_in_jurisdiction",
    "constraints.processing_jurisdictions",
    "institution.jurisdictions",
)


def load_presets(path: str | os.PathLike[str]) -> tuple[list[Preset], str, str]:
    doc = load(path, os.fspath(path))
    parsed = validate_model(doc, PresetFile, "a presets file")
    problems = _check(parsed, doc)
    if problems:
        raise InputError(problems)
    return parsed.presets, doc.path, doc.sha256


def _check(parsed: PresetFile, doc: Document) -> list[Problem]:
    problems: list[Problem] = []
    seen: set[str] = set()
    for index, preset in enumerate(parsed.presets):
        if preset.id in seen:
            problems.append(located(doc, ("presets", index, "id"), f"duplicate preset '{preset.id}'"))
        seen.add(preset.id)
        if sum(preset.weights.values()) <= 0:
            problems.append(located(doc, ("presets", index, "weights"), "weights are all 0"))
        for loc, condition in _conditions(preset.applies_when, ("presets", index, "applies_when")):
            if condition.within is not None and condition.within not in ASSESSMENT_FIELDS:
                problems.append(
                    located(doc, (*loc, "within"), f"'{condition.within}' is not an assessment "
                            "field presets can test; " + suggestion(condition.within, ASSESSMENT_FIELDS))
                )
            if condition.field is not None and condition.field not in ASSESSMENT_FIELDS:
                problems.append(
                    located(doc, (*loc, "field"), f"'{condition.field}' is not an assessment field "
                            "presets can test; " + suggestion(condition.field, ASSESSMENT_FIELDS))
                )
    return problems


def _conditions(
    condition: Any, loc: tuple[str | int, ...]
) -> list[tuple[tuple[str | int, ...], Condition]]:
    if not isinstance(condition, Condition):
        return []
    out = [(loc, condition)]
    for key in ("any", "all"):
        for index, sub in enumerate(getattr(condition, key) or []):
            out.extend(_conditions(sub, (*loc, key, index)))
    return out


def _value(obj: Any, path: str) -> Any:
    for part in path.split("."):
        obj = getattr(obj, part, None)
    return obj


def matches(condition: Literal["always", "never"] | Condition, assessment: Any) -> bool:
    if condition == "always":
        return True
    if condition == "never" or not isinstance(condition, Condition):
        return False
    results: list[bool] = []
    if condition.field is not None:
        value = _value(assessment, condition.field)
        if condition.present is not None:
            results.append((value not in (None, [], {})) == condition.present)
        if condition.in_ is not None:
            results.append(value in condition.in_)
        if condition.within is not None:
            bound = _value(assessment, condition.within) or []
            results.append(bool(value) and all(v in bound for v in value))
    if condition.any is not None:
        results.append(any(matches(c, assessment) for c in condition.any))
    if condition.all is not None:
        results.append(all(matches(c, assessment) for c in condition.all))
    return bool(results) and all(results)


def describe(condition: Literal["always", "never"] | Condition, assessment: Any = None) -> str:
    """A condition in words, with the assessment's values when one is given:
    ``institution.size in [small] (is small)``."""
    if not isinstance(condition, Condition):
        return condition
    parts: list[str] = []
    if condition.field is not None:
        now = _value(assessment, condition.field) if assessment is not None else None
        shown = "" if assessment is None else f" (is {_shown(now)})"
        if condition.present is not None:
            parts.append(f"{condition.field} {'is set' if condition.present else 'is not set'}{shown}")
        if condition.in_ is not None:
            parts.append(f"{condition.field} in [{', '.join(_shown(v) for v in condition.in_)}]{shown}")
        if condition.within is not None:
            bound = _value(assessment, condition.within) if assessment is not None else None
            also = "" if assessment is None else f" ({_shown(now)} within {_shown(bound)})"
            parts.append(f"every one of {condition.field} is in {condition.within}{also}")
    for key, word in (("any", "any of"), ("all", "all of")):
        subs = getattr(condition, key)
        if subs:
            parts.append(f"{word} (" + "; ".join(describe(c, assessment) for c in subs) + ")")
    return " and ".join(parts)


def _shown(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list | tuple):
        return "[" + ", ".join(_shown(v) for v in value) + "]" if value else "none"
    return "none" if value is None else str(value)


def normalise(weights: Mapping[str, float], criteria: Sequence[str]) -> dict[str, float]:
    total = sum(weights.get(c, 0.0) for c in criteria)
    if total <= 0:
        raise InputError("every weight is 0; give at least one criterion a positive weight")
    return {c: weights.get(c, 0.0) / total for c in criteria}


def cite_text(preset: Preset) -> str:
    page = f", p. {preset.cite.page}" if preset.cite.page else ""
    return f"HKIMR report, {preset.cite.section}{page}"


def derive(
    assessment: Any,
    presets: Sequence[Preset],
    criteria: Sequence[str],
    defaults: Mapping[str, float],
    where: str,
) -> list[WeightStep]:
    """The weights of an assessment, step by step; the last step holds the effective weights.

    ``where`` names the assessment file for error messages.
    """
    spec = assessment.weights
    by_id = {p.id: p for p in presets}
    steps: list[WeightStep] = []
    if spec.pairwise is not None:
        from selector.weights.ahp import ahp, parse_judgements

        result = ahp(criteria, parse_judgements(spec.pairwise))
        weights = normalise(result.weights, criteria)
        steps.append(
            WeightStep(
                "pairwise",
                "AHP pairwise comparisons",
                weights,
                f"principal eigenvector of the pairwise matrix; lambda_max {result.lambda_max:.4f}, "
                f"CI {result.ci:.4f}, RI {result.ri:.2f}, CR {result.cr:.4f} (<= 0.10 accepted)",
            )
        )
    elif spec.preset in (None, "none"):
        steps.append(
            WeightStep("criteria-default", "criteria set defaults", normalise(defaults, criteria),
                       "the criteria set's own default weights")
        )
    else:
        if spec.preset == "auto":
            chosen = [p for p in presets if matches(p.applies_when, assessment)]
            if not chosen:
                chosen = [p for p in presets if p.applies_when == "always"][:1]
        else:
            if spec.preset not in by_id:
                raise InputError(
                    f"{where}: weights.preset: no preset '{spec.preset}' in criteria/presets.yaml; "
                    + suggestion(spec.preset, [*by_id, "auto"])
                )
            chosen = [by_id[spec.preset]]
        for preset in chosen:
            missing = [c for c in criteria if c not in preset.weights]
            if missing:
                raise InputError(
                    f"preset '{preset.id}' gives no weight for {', '.join(missing)}; the criteria "
                    "set and the presets must name the same criteria"
                )
            steps.append(
                WeightStep("preset", preset.name, normalise(preset.weights, criteria),
                           preset.why.strip(), cite_text(preset),
                           describe(preset.applies_when, assessment)
                           if spec.preset == "auto" else "named in the assessment (weights.preset)")
            )
        if len(chosen) > 1:
            mean = {c: sum(s.weights[c] for s in steps) / len(steps) for c in criteria}
            steps.append(
                WeightStep(
                    "mean",
                    "mean of " + ", ".join(p.id for p in chosen),
                    normalise(mean, criteria),
                    "every preset whose conditions match the assessment counts equally",
                )
            )
    if spec.direct:
        unknown = [c for c in spec.direct if c not in criteria]
        if unknown:
            raise InputError(
                f"{where}: weights.direct: no criterion '{unknown[0]}'; "
                + suggestion(unknown[0], criteria)
            )
        base = dict(steps[-1].weights)
        total_direct = sum(spec.direct.values())
        rest = [c for c in criteria if c not in spec.direct]
        if not rest:
            # Every criterion weighed directly: the block is used as written, and the steps
            # before it (which it overrides entirely) are not shown as if they counted.
            merged = dict(spec.direct)
            how = "the assessment gives every criterion a direct (relative) weight, used as written"
            steps = []
        else:
            # A direct weight for some criteria is a share of the total; the other criteria keep
            # their proportions and share what is left.
            if total_direct >= 1:
                raise InputError(
                    f"{where}: weights.direct: weights for some criteria are shares of the total and "
                    f"must add up to less than 1 (they add up to {total_direct:g}); or give every "
                    "criterion a weight"
                )
            rest_sum = sum(base[c] for c in rest)
            scale = (1 - total_direct) / rest_sum if rest_sum > 0 else 0.0
            merged = {c: spec.direct[c] if c in spec.direct else base[c] * scale for c in criteria}
            how = ("the assessment sets " + ", ".join(f"{k} = {v:g}" for k, v in spec.direct.items())
                   + " as shares of the total; the other weights keep their proportions")
        steps.append(
            WeightStep(
                "direct",
                "direct weights",
                normalise(merged, criteria),
                how,
            )
        )
    return steps
