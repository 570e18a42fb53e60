"""Properties of the ranking: no rank reversal under the default, weight-scale invariance,
monotonicity of the rubric scores."""

from __future__ import annotations

import itertools
from typing import Any

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from helpers import TODAY, build_profile, examples
from selector import InputError, load_profiles
from selector.engine import rank_loaded
from selector.io.paths import default_profiles
from selector.ranking import METHODS, evaluate
from selector.scoring.facts import fact_kind
from selector.scoring.rubric import score_profile

M = 8


@st.composite
def fixed_scale_problems(draw: st.DrawFn) -> tuple[np.ndarray, np.ndarray]:
    n = draw(st.integers(3, 12))
    values = draw(
        st.lists(
            st.lists(st.integers(0, 100), min_size=M, max_size=M), min_size=n, max_size=n
        )
    )
    weights = np.array(draw(st.lists(st.floats(0.01, 10), min_size=M, max_size=M)))
    return np.array(values, dtype=float), weights


def order(matrix: np.ndarray, weights: np.ndarray, ids: list[str], method: str = "wsm") -> list[str]:
    out = evaluate(method, matrix, ["max"] * matrix.shape[1], weights,
                   scales=[(0.0, 100.0)] * matrix.shape[1], alternatives=ids,
                   criteria=[f"c{j}" for j in range(matrix.shape[1])])
    return [ids[k] for k in sorted(range(len(ids)), key=lambda k: (out.rank[k], ids[k]))]


@settings(max_examples=examples(80), deadline=None)
@given(fixed_scale_problems(), st.data())
def test_default_method_has_no_rank_reversal(
    problem: tuple[np.ndarray, np.ndarray], data: st.DataObject
) -> None:
    """Adding or removing one option never reorders the others (0-100 fixed scale)."""
    matrix, weights = problem
    ids = [f"o{i:02d}" for i in range(len(matrix))]
    full = order(matrix, weights, ids)
    drop = data.draw(st.integers(0, len(ids) - 1))
    keep = [i for i in range(len(ids)) if i != drop]
    reduced = order(matrix[keep], weights, [ids[i] for i in keep])
    assert reduced == [i for i in full if i != ids[drop]]


def test_topsis_can_reverse_ranks_which_is_why_it_is_not_the_default() -> None:
    """skcriteria-notes P18(a): removing the worst option swaps two others under TOPSIS."""
    matrix = np.array([[4, 8, 5], [1, 7, 7], [8, 2, 1], [8, 1, 5]], dtype=float)
    ids = ["A", "B", "C", "D"]
    weights = np.ones(3)
    full = order(matrix, weights, ids, "topsis")
    reduced = order(matrix[[0, 1, 3]], weights, ["A", "B", "D"], "topsis")
    assert reduced != [i for i in full if i != "C"]
    assert order(matrix[[0, 1, 3]], weights, ["A", "B", "D"]) == [
        i for i in order(matrix, weights, ids) if i != "C"
    ]


def test_bundled_catalogue_without_any_one_option_keeps_the_order(box1: Any) -> None:
    loaded = load_profiles([default_profiles()])
    full = [r.id for r in rank_loaded(loaded, box1, today=TODAY).ranking]
    for skip in range(len(loaded)):
        subset = [p for k, p in enumerate(loaded) if k != skip]
        ids = [r.id for r in rank_loaded(subset, box1, today=TODAY).ranking]
        assert ids == [i for i in full if i != loaded[skip].profile.id]


@pytest.mark.parametrize("method", sorted(METHODS))
@settings(max_examples=examples(25), deadline=None)
@given(problem=fixed_scale_problems(), factor=st.floats(0.001, 1000))
def test_weight_scale_invariance(
    method: str, problem: tuple[np.ndarray, np.ndarray], factor: float
) -> None:
    matrix, weights = problem
    matrix = matrix + 1.0  # strictly positive for the product methods
    n = matrix.shape[0]
    ids = [f"o{i}" for i in range(n)]
    kwargs: dict[str, Any] = dict(scales=[(0.0, 101.0)] * M, alternatives=ids,
                                  criteria=[f"c{j}" for j in range(M)])
    base = evaluate(method, matrix, ["max"] * M, weights, **kwargs)
    scaled = evaluate(method, matrix, ["max"] * M, weights * factor, **kwargs)
    assert scaled.rank == base.rank
    assert scaled.scores == pytest.approx(base.scores, rel=1e-9, abs=1e-12)


# --- monotonicity -------------------------------------------------------------------------

NUMBERS = [0, 1, 5, 15, 31, 46, 50, 75, 90, 99, 99.5, 99.9, 128, 180, 365, 1000]


def _rules(box1: Any) -> list[Any]:
    leaves = []
    for criterion in box1.criteria_set.criteria:
        for rule in criterion.rubric or ():
            leaves.extend(rule.best_of or [rule])
    return leaves


_DOMAINS: dict[str, list[Any]] = {}


def _domain(path: str, rules: list[Any]) -> list[Any]:
    """Every value the rubric distinguishes for ``path`` (computed once per fact: building a
    profile to check each candidate number is the slow part)."""
    if path not in _DOMAINS:
        _DOMAINS[path] = _compute_domain(path, rules)
    return _DOMAINS[path]


def _compute_domain(path: str, rules: list[Any]) -> list[Any]:
    kind = fact_kind(path)
    assert kind is not None
    if kind.kind == "enum":
        return list(kind.choices)
    if kind.kind == "bool":
        return [True, False]
    if kind.kind == "number":
        return [v for v in NUMBERS if _valid(path, v)] + list(kind.specials)
    items: list[str] = sorted({k for r in rules if r.fact == path for k in (r.each or {})})
    items = items or ["x-restriction"]
    return [list(c) for n in range(len(items) + 1) for c in itertools.combinations(items, n)]


def _valid(path: str, value: Any) -> bool:
    try:
        build_profile({path: value})
    except InputError:
        return False
    return True


def _points(box1: Any, facts: dict[str, Any]) -> dict[str, float]:
    scores = score_profile(build_profile(facts), box1.criteria_set, TODAY)
    return {c: s.value for c, s in scores.items()}


def test_each_fact_improves_in_one_direction_across_all_rules(box1: Any) -> None:
    """A fact used by several rules must never be better for one rule and worse for another,
    so "improving a fact" is well defined."""
    rules = _rules(box1)
    for path in sorted({r.fact for r in rules}):
        domain = _domain(path, rules)
        values = {repr(v): _points(box1, {path: v}) for v in domain}
        for a, b in itertools.combinations(values, 2):
            diffs = [values[a][c] - values[b][c] for c in values[a]]
            assert not (min(diffs) < 0 < max(diffs)), (path, a, b)


@settings(max_examples=examples(60), deadline=None)
@given(st.data())
def test_improving_one_fact_never_lowers_the_score(box1: Any, data: st.DataObject) -> None:
    rules = _rules(box1)
    paths = sorted({r.fact for r in rules})
    facts = {
        p: data.draw(st.sampled_from(["unknown", *_domain(p, rules)]), label=p)
        for p in paths
        if data.draw(st.booleans(), label=f"set {p}")
    }
    path = data.draw(st.sampled_from(paths), label="changed fact")
    new = data.draw(st.sampled_from(_domain(path, rules)), label="new value")
    before = _points(box1, facts)
    after = _points(box1, {**facts, path: new})
    alone_old = _points(box1, {path: facts.get(path, "unknown")})
    alone_new = _points(box1, {path: new})
    improves = all(alone_new[c] >= alone_old[c] for c in alone_new)
    if improves:
        assert all(after[c] >= before[c] - 1e-9 for c in before)
        weights = np.array(data.draw(st.lists(st.floats(0, 5), min_size=8, max_size=8)))
        assert float(np.dot(list(after.values()), weights)) >= float(
            np.dot(list(before.values()), weights)
        ) - 1e-9
