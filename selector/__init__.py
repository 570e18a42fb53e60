"""selector: choose a generative-AI model offering and defend the choice.

This module is the documented Python API (README, "Python API"). ``import selector`` is cheap:
every name below is loaded on first use (PEP 562 ``__getattr__``), so scikit-criteria, pandas
and pydantic load only when a function that needs them runs, and Textual never.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

from selector._version import __version__

if TYPE_CHECKING:  # pragma: no cover
    from selector.assess import load_assessment
    from selector.assess import run as rank_assessment
    from selector.checklist import load_catalogue
    from selector.criteria import load_criteria
    from selector.engine import reweight
    from selector.errors import InputError, Problem, SelectorError, StaleRevisionError, UsageError
    from selector.profiles import load_profiles
    from selector.ranking import METHODS
    from selector.reports import render_report
    from selector.result import CriterionInfo, Excluded, Meta, RankedOption, Result
    from selector.review import ReviewFlag
    from selector.robustness import Robustness, analyse, with_robustness
    from selector.scoring.rubric import CriterionScore, TraceEntry, evidence_flags, is_flagged
    from selector.weights.shares import Share

_LAZY: dict[str, tuple[str, str]] = {
    # ranking
    "rank_assessment": ("selector.assess", "run"),
    "reweight": ("selector.engine", "reweight"),
    "METHODS": ("selector.ranking", "METHODS"),
    "Share": ("selector.weights.shares", "Share"),
    # the result and what it holds
    "Result": ("selector.result", "Result"),
    "RankedOption": ("selector.result", "RankedOption"),
    "CriterionInfo": ("selector.result", "CriterionInfo"),
    "Excluded": ("selector.result", "Excluded"),
    "Meta": ("selector.result", "Meta"),
    "ReviewFlag": ("selector.review", "ReviewFlag"),
    "CriterionScore": ("selector.scoring.rubric", "CriterionScore"),
    "TraceEntry": ("selector.scoring.rubric", "TraceEntry"),
    "evidence_flags": ("selector.scoring.rubric", "evidence_flags"),
    "is_flagged": ("selector.scoring.rubric", "is_flagged"),
    # robustness
    "analyse": ("selector.robustness", "analyse"),
    "with_robustness": ("selector.robustness", "with_robustness"),
    "Robustness": ("selector.robustness", "Robustness"),
    # reports
    "render_report": ("selector.reports", "render_report"),
    # loading (the border)
    "load_profiles": ("selector.profiles", "load_profiles"),
    "load_criteria": ("selector.criteria", "load_criteria"),
    "load_assessment": ("selector.assess", "load_assessment"),
    "load_catalogue": ("selector.checklist", "load_catalogue"),
    # errors
    "SelectorError": ("selector.errors", "SelectorError"),
    "InputError": ("selector.errors", "InputError"),
    "UsageError": ("selector.errors", "UsageError"),
    "StaleRevisionError": ("selector.errors", "StaleRevisionError"),
    "Problem": ("selector.errors", "Problem"),
}

__all__ = [
    "METHODS",
    "CriterionInfo",
    "CriterionScore",
    "Excluded",
    "InputError",
    "Meta",
    "Problem",
    "RankedOption",
    "Result",
    "ReviewFlag",
    "Robustness",
    "SelectorError",
    "Share",
    "StaleRevisionError",
    "TraceEntry",
    "UsageError",
    "__version__",
    "analyse",
    "evidence_flags",
    "explain",
    "is_flagged",
    "load_assessment",
    "load_catalogue",
    "load_criteria",
    "load_profiles",
    "rank",
    "rank_assessment",
    "render_report",
    "reweight",
    "with_robustness",
]


def rank(*args: Any, **kwargs: Any) -> Result:
    """Rank offerings; see :func:`selector.engine.rank` for the arguments."""
    from selector.engine import rank as _rank

    return _rank(*args, **kwargs)


def explain(result: Result, option_id: str) -> str:
    """The readable score trace of one option in a result."""
    from selector.render.explain import explain_text

    return explain_text(result, option_id)


def __getattr__(name: str) -> Any:
    target = _LAZY.get(name)
    if target is None:
        raise AttributeError(f"module 'selector' has no attribute '{name}'")
    value = getattr(import_module(target[0]), target[1])
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_LAZY))
