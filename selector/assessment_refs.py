"""An assessment's references to criteria and offerings, checked against what was loaded.

A constraint that names nothing silently does nothing: ``min_scores: {securty: 50}`` excluded no
option and ``exclude: [no-such-option]`` removed nothing, while ``selector validate`` called the
file valid. Every such name is an error here, located in the file, with a did-you-mean.
"""

from __future__ import annotations

from collections.abc import Iterable

from selector.errors import InputError, Problem
from selector.io.validation import located, suggestion
from selector.io.yamlio import Document
from selector.models.assessment import Assessment


def reference_problems(doc: Document, assessment: Assessment, criteria: Iterable[str],
                       offerings: Iterable[str]) -> list[Problem]:
    """One located problem per criterion id or offering id the assessment names in vain."""
    crit = sorted(criteria)
    ids = sorted(offerings)
    problems: list[Problem] = []
    for key in assessment.weights.direct:
        if key not in crit:
            problems.append(located(doc, ("weights", "direct", key),
                                    f"no criterion '{key}' in the criteria set; "
                                    + suggestion(key, crit)))
    for key in assessment.constraints.min_scores:
        if key not in crit:
            problems.append(located(doc, ("constraints", "min_scores", key),
                                    f"no criterion '{key}' in the criteria set, so this floor would "
                                    "exclude nothing; " + suggestion(key, crit)))
    for index, option in enumerate(assessment.constraints.exclude):
        if option not in ids:
            problems.append(located(doc, ("constraints", "exclude", index),
                                    f"no offering '{option}' in the profiles, so nothing is "
                                    "excluded; " + suggestion(option, ids)))
    return problems


def check_references(doc: Document, assessment: Assessment, criteria: Iterable[str],
                     offerings: Iterable[str]) -> None:
    problems = reference_problems(doc, assessment, criteria, offerings)
    if problems:
        raise InputError(problems)
