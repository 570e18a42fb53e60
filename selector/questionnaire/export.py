"""``selector questionnaire export``: the questionnaires of an assessment's options."""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from datetime import date
from typing import Any

from selector.errors import InputError
from selector.questionnaire.build import Questionnaire, build, load_questions, questions_path
from selector.questionnaire.write import render_csv, render_md, render_xlsx
from selector.result import Result

FORMATS: dict[str, Callable[[Questionnaire], bytes]] = {
    "xlsx": render_xlsx, "csv": render_csv, "md": render_md}


def leads_of(result: Result) -> tuple[Any, ...]:
    """The evidence-to-obtain leads: the result's robustness analysis's, else computed."""
    if result.robustness is not None:
        return tuple(result.robustness.evidence_to_obtain)
    from selector.robustness import _problem, evidence_to_obtain

    return evidence_to_obtain(result, _problem(result))[0]


def questionnaires(result: Result, la: Any, options: Sequence[str], *,
                   deadline: date | None = None,
                   profiles: Sequence[str | os.PathLike[str]] | None = None) -> list[Questionnaire]:
    """One questionnaire per option of ``result`` (ranked or excluded), for assessment ``la``
    (a :class:`selector.assess.LoadedAssessment`); ``profiles``: the folders the result was
    ranked from, when not the assessment's own."""
    from selector.io.validation import suggestion
    from selector.profiles import load_profiles

    loaded = {lp.profile.id: lp for lp in load_profiles(list(profiles) if profiles else la.profiles_paths)}
    for option in options:
        if option not in loaded:
            raise InputError(f"no option '{option}' among the assessment's profiles; "
                             + suggestion(option, sorted(loaded)))
    questions = load_questions(questions_path(la.criteria_path)).questions
    leads = leads_of(result) if any(r.id in options for r in result.ranking) else ()
    today = date.fromisoformat(result.meta.today)
    if deadline is not None and deadline < today:
        raise InputError(f"--deadline {deadline} is before the issue date {today}; give a later "
                         "date")
    return [build(result, option, loaded[option], questions, assessment=la.path, leads=leads,
                  deadline=deadline) for option in options]
