"""The vendor questionnaire's wording (criteria/questions.yaml): one plain-words question per
profile fact path, and the instructions on the cover sheet. The answer type of each question is
not written here: it is derived from the profile format (``selector.questionnaire.answers``)."""

from __future__ import annotations

from typing import Annotated

from pydantic import Field

from selector.models.common import LongText, Strict, Text


class Question(Strict):
    ask: Text
    """The question as the vendor reads it, about this offering (model, route and region)."""


class QuestionSet(Strict):
    version: Text
    instructions: LongText
    """What the cover sheet tells the respondent: how to answer, what evidence to cite."""
    response_days: Annotated[int, Field(strict=True, ge=1, le=365)] = 28
    """Days from the export to the default response deadline (``--deadline`` overrides it)."""
    questions: dict[str, Question]
    """Fact path (``group.name``, as in ``selector explain``) -> its question."""
