"""Load and check criteria sets (``criteria/*.yaml``)."""

from __future__ import annotations

import math
import os
from dataclasses import dataclass

from selector.errors import InputError, Problem
from selector.io.validation import located, suggestion, validate_model
from selector.io.yamlio import Document, load
from selector.models.criteria import CriteriaSet, Criterion, Rule
from selector.scoring.facts import fact_kind

RUBRIC_TOTAL = 100.0
"""Every rubric's rule maxima add up to this: the fixed 0-100 points scale."""


@dataclass(frozen=True, slots=True)
class LoadedCriteria:
    criteria_set: CriteriaSet
    path: str
    sha256: str


def rule_max(rule: Rule) -> float:
    """The most points a rule can award."""
    if rule.best_of:
        return max(rule_max(sub) for sub in rule.best_of)
    best = 0.0
    if rule.cases:
        best = max(best, *rule.cases.values())
    if rule.bands:
        best = max(best, *(band.points for band in rule.bands))
    if rule.each:
        total = sum(rule.each.values())
        best = max(best, min(total, rule.cap) if rule.cap is not None else total)
    if rule.if_empty is not None:
        best = max(best, rule.if_empty)
    return best


def rubric_max(criterion: Criterion) -> float:
    return sum(rule_max(rule) for rule in criterion.rubric or ())


def validate_document(doc: Document) -> CriteriaSet:
    criteria_set = validate_model(doc, CriteriaSet, "a criteria set")
    problems = check_criteria(criteria_set, doc)
    if problems:
        raise InputError(problems)
    return criteria_set


def check_criteria(criteria_set: CriteriaSet, doc: Document) -> list[Problem]:
    problems: list[Problem] = []
    seen: dict[str, int] = {}
    for index, criterion in enumerate(criteria_set.criteria):
        loc: tuple[str | int, ...] = ("criteria", index)
        if criterion.id in seen:
            problems.append(
                located(
                    doc,
                    (*loc, "id"),
                    f"duplicate criterion id '{criterion.id}' (also criteria[{seen[criterion.id]}])",
                )
            )
        seen.setdefault(criterion.id, index)
        if criterion.scale is not None:
            low, high = criterion.scale
            if not low < high:
                problems.append(
                    located(doc, (*loc, "scale"), f"scale must be [low, high] with low < high "
                            f"(got [{low}, {high}]); the objective says which end is best")
                )
        if criterion.rubric is None:
            continue
        if criterion.objective != "max":
            problems.append(
                located(doc, (*loc, "objective"), "a criterion with a rubric scores points, so "
                        "its objective must be 'max'")
            )
        if criterion.scale is not None and tuple(criterion.scale) != (0.0, RUBRIC_TOTAL):
            problems.append(
                located(doc, (*loc, "scale"), "a rubric criterion is on the fixed 0-100 scale; "
                        "remove 'scale' or set it to [0, 100]")
            )
        rule_ids: set[str] = set()
        for r_index, rule in enumerate(criterion.rubric):
            problems.extend(_check_rule(rule, doc, (*loc, "rubric", r_index), rule_ids, top=True))
        total = rubric_max(criterion)
        if not math.isclose(total, RUBRIC_TOTAL, abs_tol=1e-9):
            problems.append(
                located(doc, (*loc, "rubric"), f"the rules' maximum points add up to {total:g}; "
                        f"they must add up to {RUBRIC_TOTAL:g} (the fixed 0-100 scale)")
            )
    if all(c.weight == 0 for c in criteria_set.criteria):
        problems.append(located(doc, ("criteria",), "every weight is 0; give at least one "
                                "criterion a positive weight"))
    return problems


def _check_rule(
    rule: Rule,
    doc: Document,
    loc: tuple[str | int, ...],
    rule_ids: set[str],
    *,
    top: bool,
) -> list[Problem]:
    problems: list[Problem] = []
    if rule.id in rule_ids:
        problems.append(located(doc, (*loc, "id"), f"duplicate rule id '{rule.id}'"))
    rule_ids.add(rule.id)
    if top and (rule.why is None or rule.cite is None):
        problems.append(
            located(doc, loc, "every rule must say 'why' and 'cite' the report passage it rests on")
        )
    if rule.best_of:
        if rule.fact or rule.cases or rule.bands or rule.each or rule.if_empty is not None:
            problems.append(
                located(doc, (*loc, "best_of"), "'best_of' replaces fact/cases/bands/each; "
                        "move them into the alternatives")
            )
        for index, sub in enumerate(rule.best_of):
            problems.extend(_check_rule(sub, doc, (*loc, "best_of", index), rule_ids, top=False))
        return problems
    if rule.fact is None:
        problems.append(located(doc, loc, "a rule needs 'fact' (a profile fact such as "
                                "accessibility.licence_fee) or 'best_of'"))
        return problems
    kind = fact_kind(rule.fact)
    if kind is None:
        from selector.profiles import FACT_PATHS

        problems.append(
            located(doc, (*loc, "fact"), f"'{rule.fact}' is not a profile fact; "
                    + suggestion(rule.fact, FACT_PATHS))
        )
        return problems
    if not (rule.cases or rule.bands or rule.each or rule.if_empty is not None):
        problems.append(located(doc, loc, "a rule must award points: give 'cases', 'bands', "
                                "'each' or 'if_empty'"))
    if rule.cases:
        allowed = kind.choices if kind.kind in {"enum", "bool"} else kind.specials
        if kind.kind in {"enum", "bool"} or kind.specials:
            for key in rule.cases:
                if key not in allowed:
                    problems.append(
                        located(doc, (*loc, "cases", key), f"'{key}' is not a value of "
                                f"{rule.fact}; " + suggestion(key, list(allowed)))
                    )
        elif kind.kind != "text":
            problems.append(located(doc, (*loc, "cases"), f"{rule.fact} is {_article(kind.kind)}; use "
                                    + ("'bands'" if kind.kind == "number" else "'each'")))
    if rule.bands and kind.kind != "number":
        problems.append(located(doc, (*loc, "bands"), f"'bands' need a number fact; "
                                f"{rule.fact} is {_article(kind.kind)}"))
    if (rule.each or rule.if_empty is not None) and kind.kind != "list":
        problems.append(located(doc, (*loc, "each" if rule.each else "if_empty"),
                                f"'each'/'if_empty' need a list fact; {rule.fact} is {_article(kind.kind)}"))
    if rule.each and kind.choices:
        for key in rule.each:
            if key not in kind.choices:
                problems.append(
                    located(doc, (*loc, "each", key), f"'{key}' is not an item of {rule.fact}; "
                            + suggestion(key, list(kind.choices)))
                )
    if rule.bands:
        for index, band in enumerate(rule.bands):
            if band.at_most is not None and band.at_least is not None:
                problems.append(located(doc, (*loc, "bands", index), "a band takes 'at_most' or "
                                        "'at_least', not both"))
    return problems


def _article(kind: str) -> str:
    return ("an " if kind[0] in "aeiou" else "a ") + kind + " fact"


def load_criteria(path: str | os.PathLike[str]) -> LoadedCriteria:
    doc = load(path, os.fspath(path))
    return LoadedCriteria(validate_document(doc), doc.path, doc.sha256)
