"""Criterion weights from pairwise judgements (Saaty's Analytic Hierarchy Process).

People find "security matters about 3 times as much as cost" easier to state than a raw weight;
AHP turns a full set of such judgements into weights and, through the consistency ratio, says
whether the judgements agree with each other well enough to be trusted.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

import numpy as np

from selector.errors import InputError
from selector.io.validation import suggestion

# Saaty's random index: the mean consistency index of random reciprocal matrices of order n = 1..15.
# Saaty, T.L. (1980), The Analytic Hierarchy Process, McGraw-Hill; the table as commonly reproduced
# (e.g. by pyDecision). The dip at n = 12 (1.48 < 1.51) is in that table, not a typo here; it is kept
# so that results match the papers and software that quote it.
RANDOM_INDEX: tuple[float, ...] = (
    0.0, 0.0, 0.58, 0.90, 1.12, 1.24, 1.32, 1.41, 1.45, 1.49, 1.51, 1.48, 1.56, 1.57, 1.59,
)
MIN_INTENSITY = 1 / 9
MAX_INTENSITY = 9.0
# Accept 1/9 and 9 written with float rounding (e.g. 1/9 computed elsewhere) but nothing wider.
_SLACK = 1e-9


@dataclass(frozen=True, slots=True)
class Judgement:
    """One pairwise comparison: `more` is `intensity` times as important as `less`."""

    more: str
    less: str
    intensity: float


@dataclass(frozen=True, slots=True)
class AhpResult:
    """Weights plus the evidence needed to defend them (the matrix and its consistency)."""

    weights: dict[str, float]
    lambda_max: float
    ci: float
    ri: float
    cr: float
    matrix: list[list[float]]
    most_inconsistent: tuple[str, str, float, float] | None


def ahp(criteria: Sequence[str], judgements: Sequence[Judgement], *, max_cr: float = 0.10) -> AhpResult:
    """Principal-eigenvector weights; refuse judgements whose consistency ratio exceeds `max_cr`.

    Refusing (rather than warning) is deliberate: an inconsistent matrix yields weights that no
    one actually asserted, and the message names the judgement to revisit.
    """
    ids = _check_criteria(criteria)
    if not max_cr >= 0:  # also catches NaN
        raise InputError(f"max_cr must be a number >= 0 (got {max_cr!r}); 0.10 is Saaty's usual limit")
    n = len(ids)
    index = {c: i for i, c in enumerate(ids)}
    matrix = np.ones((n, n))
    seen: dict[frozenset[str], Judgement] = {}
    for j in judgements:
        x = _check_judgement(j, ids)
        pair = frozenset((j.more, j.less))
        if pair in seen:
            raise InputError(
                f"pair {j.more} vs {j.less} is judged twice; keep one judgement for each pair"
            )
        seen[pair] = j
        a, b = index[j.more], index[j.less]
        matrix[a, b] = x
        matrix[b, a] = 1.0 / x
    _check_complete(ids, seen)

    weights, lambda_max = _principal(matrix)
    ci = (lambda_max - n) / (n - 1) if n > 1 else 0.0
    ri = RANDOM_INDEX[n - 1]
    cr = ci / ri if ri > 0 else 0.0  # n <= 2 is always consistent
    by_id = {c: float(w) for c, w in zip(ids, weights, strict=True)}
    worst = _most_inconsistent(list(seen.values()), by_id)
    if cr > max_cr and worst is not None:
        more, less, given, _ = worst
        others = _indirect(matrix, index[more], index[less])
        raise InputError(
            f"pairwise comparisons are inconsistent (CR {_ratio(cr, max_cr)} > {_ratio(max_cr, cr)}); "
            f"the most inconsistent judgement is {more} vs {less} = {_intensity(given)} "
            f"(the other judgements imply about {_about(others)}): revise it"
        )
    return AhpResult(
        weights=by_id,
        lambda_max=lambda_max,
        ci=ci,
        ri=ri,
        cr=cr,
        matrix=[[float(v) for v in row] for row in matrix],
        most_inconsistent=worst,
    )


def parse_judgements(raw: Any) -> list[Judgement]:
    """Read judgements from YAML: a list of `[more, less, intensity]` triples.

    Intensities may be numbers or fraction strings such as "1/3", because YAML reads `1/3` as text
    and reverse judgements are naturally written that way.
    """
    shape = "a list of [more, less, intensity] triples, e.g. [[security, cost, 3]]"
    if not isinstance(raw, list):
        raise InputError(f"judgements must be {shape} (got {_shown(raw)})")
    out: list[Judgement] = []
    for number, item in enumerate(raw, start=1):
        if not isinstance(item, list | tuple) or len(item) != 3:
            raise InputError(f"judgement {number} must be [more, less, intensity] (got {_shown(item)})")
        more, less, value = item
        for name in (more, less):
            if not isinstance(name, str) or not name:
                raise InputError(
                    f"judgement {number}: criterion id {_shown(name)} is not a non-empty string; "
                    "quote it in the YAML"
                )
        out.append(Judgement(more, less, _number(value, f"judgement {number} ({more} vs {less})")))
    return out


def _check_criteria(criteria: Sequence[str]) -> list[str]:
    ids = list(criteria)
    if not ids:
        raise InputError("AHP needs at least one criterion; list the criteria to weight")
    if len(ids) > len(RANDOM_INDEX):
        raise InputError(
            f"AHP here supports at most {len(RANDOM_INDEX)} criteria (got {len(ids)}); "
            "group them into a hierarchy and weight each level separately"
        )
    seen: set[str] = set()
    for c in ids:
        if c in seen:
            raise InputError(f"criterion '{c}' is listed twice; list each criterion once")
        seen.add(c)
    return ids


def _check_judgement(j: Judgement, ids: list[str]) -> float:
    for name in (j.more, j.less):
        if name not in ids:
            raise InputError(
                f"unknown criterion '{name}' in judgement {j.more} vs {j.less}; {suggestion(name, ids)}"
            )
    if j.more == j.less:
        raise InputError(f"judgement {j.more} vs {j.less} compares a criterion with itself; remove it")
    try:
        x = float(j.intensity)
    except (TypeError, ValueError):
        x = math.nan
    if isinstance(j.intensity, bool) or not (
        MIN_INTENSITY * (1 - _SLACK) <= x <= MAX_INTENSITY * (1 + _SLACK)
    ):
        raise InputError(
            f"intensity for {j.more} vs {j.less} must be a number from 1/9 to 9 on Saaty's scale "
            f"(got {j.intensity!r}); use 1-9, or 1/9-1 to mean the reverse"
        )
    return min(max(x, MIN_INTENSITY), MAX_INTENSITY)


def _check_complete(ids: list[str], seen: dict[frozenset[str], Judgement]) -> None:
    missing = [
        (a, b) for i, a in enumerate(ids) for b in ids[i + 1:] if frozenset((a, b)) not in seen
    ]
    if missing:
        a, b = missing[0]
        extra = len(missing) - 1
        more = f" (and {extra} more pair{'s' if extra > 1 else ''})" if extra else ""
        raise InputError(
            f"pair {a} vs {b} is not judged{more}; AHP needs every pair judged once: "
            f"add [{a}, {b}, intensity]"
        )


def _principal(matrix: np.ndarray) -> tuple[np.ndarray, float]:
    """Perron eigenvector (normalised to sum 1) and its eigenvalue.

    For a positive matrix the eigenvalue of largest real part is real and simple, and its
    eigenvector can be scaled to be positive (Perron-Frobenius); numpy may return it negated or
    with a zero imaginary part, hence the real part and the division by the sum.
    """
    values, vectors = np.linalg.eig(matrix)
    k = int(np.argmax(values.real))
    vector = vectors[:, k].real
    weights = vector / vector.sum()
    n = matrix.shape[0]
    # lambda_max >= n for every positive reciprocal matrix; anything below is rounding noise and
    # would show as a tiny negative CR.
    return weights, max(float(values[k].real), float(n))


def _most_inconsistent(
    judgements: list[Judgement], weights: dict[str, float]
) -> tuple[str, str, float, float] | None:
    """The judgement farthest, on a log scale, from the ratio the weights imply.

    Log scale because 9 against an implied 3 and 1/9 against an implied 1/3 are equally wrong.
    Near-ties go to the judgement listed first, so the answer does not hinge on rounding (with
    three criteria every judgement is exactly as far off as the others).
    """
    worst: tuple[str, str, float, float] | None = None
    worst_gap = -1.0
    for j in judgements:
        given = min(max(float(j.intensity), MIN_INTENSITY), MAX_INTENSITY)
        implied = weights[j.more] / weights[j.less]
        gap = abs(math.log(given / implied))
        if gap > worst_gap + 1e-9:
            worst, worst_gap = (j.more, j.less, given, implied), gap
    return worst


def _indirect(matrix: np.ndarray, i: int, j: int) -> float:
    """What the other judgements say about i vs j: the geometric mean of a_ik * a_kj over every k.

    Not w_i / w_j: the weights include the suspect judgement itself and are pulled towards it, so
    they can even point the wrong way (given 7 where the rest say 1/1.6, the weights say about 2).
    """
    others = [k for k in range(matrix.shape[0]) if k not in (i, j)]
    return math.exp(sum(math.log(matrix[i, k] * matrix[k, j]) for k in others) / len(others))


def _number(value: Any, where: str) -> float:
    if isinstance(value, bool):
        raise InputError(f"{where}: intensity must be a number from 1/9 to 9 (got {value!r})")
    if isinstance(value, int | float):
        return float(value)
    if isinstance(value, str):
        try:
            return float(Fraction(value.strip()))
        except (ValueError, ZeroDivisionError):
            pass
    raise InputError(
        f"{where}: intensity must be a number from 1/9 to 9, or a fraction like 1/3 (got {_shown(value)})"
    )


def _intensity(x: float) -> str:
    """Show 1/3 as "1/3", not 0.3333, so the user recognises their own judgement."""
    if x < 1 and abs(1 / x - round(1 / x)) < 1e-9:
        return f"1/{round(1 / x)}"
    return f"{x:g}"


def _about(x: float) -> str:
    """Two significant figures, reverse judgements as 1/x to match how they are entered."""
    if x < 1 and f"{1 / x:.1f}" != "1.0":
        return f"1/{_about(1 / x)}"
    return f"{x:.0f}" if x >= 10 else f"{x:.1f}"


def _ratio(value: float, other: float) -> str:
    """Two decimals, or as many more as it takes not to print CR and its limit as the same number."""
    for digits in range(2, 7):
        if f"{value:.{digits}f}" != f"{other:.{digits}f}":
            return f"{value:.{digits}f}"
    return f"{value:.2f}"


def _shown(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."
