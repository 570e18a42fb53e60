"""Build one offering's questionnaire from the immutable result: which questions, in what order.

Order (the ``No.`` column), for a ranked option:

1. its open facts in the order of the evidence-to-obtain analysis
   (:func:`selector.robustness.evidence_to_obtain`): first those whose answer could change the
   recommendation, then by how many places they could move the option. An imputed cost entry
   stands for the unknown prices behind it, which are asked instead;
2. its other open facts the score reads (stale facts, which the analysis does not vary, and
   unknown or unverified ones whose answer cannot move the score), by the points at stake:
   the criterion's weight times the rule's maximum;
3. decision-critical facts (``selector.audit.DECISION_CRITICAL``) the score does not read that
   are unknown, unverified or stale, in that list's order;
4. checklist items whose evidence the vendor supplies (``evidence_from: vendor``) that are not
   done, by priority then id.

An excluded option is not ranked, so it has no leads: its questionnaire (``--option`` only,
never ``--all-shortlisted``) asks steps 2 and 3 for all its open facts, and has no checklist
questions (checklists cover the shortlist). Question ids are ``<option>:<fact path>`` and
``<option>:checklist:<item>``: stable whatever the order.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from selector.audit import DECISION_CRITICAL
from selector.errors import InputError, Problem
from selector.models.questions import QuestionSet
from selector.profiles import FACT_PATHS, LoadedProfile, get_fact, is_stale, source_of
from selector.questionnaire.answers import AnswerType, answer_type, show_answer
from selector.result import Result
from selector.scoring.rubric import FLAG_STALE, FLAG_UNKNOWN, FLAG_UNVERIFIED, flagged_entries

FORMAT = "selector-questionnaire"
FORMAT_VERSION = 1
CHECKLIST = "checklist"
DONE = ("done", "not-applicable")


@dataclass(frozen=True, slots=True)
class LoadedQuestions:
    questions: QuestionSet
    path: str
    sha256: str


def load_questions(path: str | os.PathLike[str]) -> LoadedQuestions:
    """Load the question wording; every key must be a profile fact path (did-you-mean)."""
    from selector.io.validation import located, suggestion, validate_model
    from selector.io.yamlio import load

    doc = load(path, os.fspath(path))
    questions = validate_model(doc, QuestionSet, "a question set")
    problems = [located(doc, ("questions", key), f"'{key}' is not a profile fact; "
                        + suggestion(key, list(FACT_PATHS)))
                for key in questions.questions if key not in FACT_PATHS]
    if problems:
        raise InputError(problems)
    return LoadedQuestions(questions, doc.path, doc.sha256)


@dataclass(frozen=True, slots=True)
class Row:
    """One question of the questionnaire."""

    number: int
    qid: str
    target: str
    """The fact path, or the checklist item id."""
    topic: str
    question: str
    answer: AnswerType | None
    """None for a checklist question (free text naming the evidence)."""
    type_label: str
    allowed: str
    current: str
    confidence: str
    source: str
    why: str
    """For the institution, not shown to the vendor: what makes the fact open and its stake."""

    @property
    def is_checklist(self) -> bool:
        return self.answer is None


@dataclass(frozen=True, slots=True)
class Questionnaire:
    option: str
    offering: str
    vendor: str
    institution: str
    use_case: str
    assessment: str
    issued: date
    deadline: date
    instructions: str
    profile_sha256: str
    ranked: bool
    rows: tuple[Row, ...]


def question_id(option: str, target: str, *, checklist: bool = False) -> str:
    return f"{option}:{CHECKLIST}:{target}" if checklist else f"{option}:{target}"


def split_id(qid: str) -> tuple[str, str, bool]:
    """(option, fact path or item id, is a checklist question) of a question id."""
    option, _, rest = qid.partition(":")
    if rest.startswith(CHECKLIST + ":"):
        return option, rest[len(CHECKLIST) + 1:], True
    return option, rest, False


def _open_kind(loaded: LoadedProfile, path: str, today: date) -> str | None:
    """unknown / unverified / stale, or None when the fact is settled (or does not apply)."""
    fact = get_fact(loaded.profile, path)
    if fact is None or fact.is_unknown:
        return "unknown"
    if not fact.applicable:
        return "stale" if is_stale(loaded.profile, fact, today) else None
    if is_stale(loaded.profile, fact, today):
        return "stale"
    return "unverified" if fact.confidence in (None, "unverified") else None


def _ordered_facts(result: Result, option: str, leads: Sequence[Any], loaded: LoadedProfile,
                   today: date) -> list[tuple[str, str]]:
    """(fact path, why) in questionnaire order (steps 1-3 of the module docstring)."""
    out: dict[str, str] = {}

    def add(paths: Iterable[str], why: str) -> None:
        for path in paths:
            if path in FACT_PATHS and path not in out:
                out[path] = why

    for lead in leads:
        if lead.option != option:
            continue
        why = (f"{lead.evidence}; could change the recommendation" if lead.changes_recommendation
               else f"{lead.evidence}; could move the option from rank {lead.rank} to "
               f"{lead.best_rank}-{lead.worst_rank}")
        add(lead.inputs or (lead.fact,), why)
    weights = {c.id: c.weight for c in result.criteria}
    staked: list[tuple[float, str, str]] = []
    for cid, score in result.traces.get(option, {}).items():
        for entry in flagged_entries(score.trace):
            kinds = [k for k in (FLAG_UNKNOWN, FLAG_STALE, FLAG_UNVERIFIED) if k in entry.flags]
            if not kinds:
                continue
            stake = weights.get(cid, 0.0) * entry.max_points
            for path in entry.inputs or (entry.fact,):
                staked.append((-stake, path, f"{'/'.join(kinds)}; worth up to "
                               f"{entry.max_points:g} points on {cid}"))
    for _stake, path, why in sorted(staked):
        add((path,), why)
    for path in DECISION_CRITICAL:
        kind = _open_kind(loaded, path, today)
        if kind is not None:
            add((path,), f"{kind}; a decision-critical fact")
    return [(path, why) for path, why in out.items()
            if _open_kind(loaded, path, today) is not None]


def _current(loaded: LoadedProfile, path: str) -> tuple[str, str, str]:
    """(value, confidence, source: title, locator, date) of a fact as on record."""
    fact = get_fact(loaded.profile, path)
    if fact is None:
        return "unknown", "", ""
    parts = []
    if fact.sources:
        source = source_of(loaded.profile, fact.sources[0].id)
        if source is not None:
            when = fact.sources[0].as_of or source.date
            parts = [source.title, *(p for p in (fact.sources[0].locator,) if p),
                     str(when.isoformat() if isinstance(when, date) else when)]
    elif fact.note:
        parts = [f"note: {fact.note}"]
    return show_answer(fact.value), fact.confidence or "", "; ".join(parts)


def topic(path: str) -> str:
    return path.partition(".")[0].replace("_", " ")


def build(result: Result, option: str, loaded: LoadedProfile, questions: QuestionSet, *,
          assessment: str, leads: Sequence[Any], deadline: date | None = None) -> Questionnaire:
    """The questionnaire of one option of ``result`` (ranked or excluded)."""
    today = date.fromisoformat(result.meta.today)
    ranked = any(r.id == option for r in result.ranking)
    rows: list[Row] = []
    missing = []
    for path, why in _ordered_facts(result, option, leads if ranked else (), loaded, today):
        question = questions.questions.get(path)
        if question is None:
            missing.append(path)
            continue
        kind = answer_type(path)
        value, confidence, source = _current(loaded, path)
        rows.append(Row(len(rows) + 1, question_id(option, path), path, topic(path), question.ask,
                        kind, kind.label, kind.allowed, value, confidence, source, why))
    if missing:
        raise InputError(Problem("criteria/questions.yaml", 1, 1, "questions", (
            "no question for " + ", ".join(missing) + "; add one per fact path")))
    view = result.checklists.get(option) if ranked else None
    order = {"high": 0, "medium": 1, "low": 2}
    for tracked in sorted(view.items if view is not None else (),
                          key=lambda t: (order.get(t.item.priority, 9), t.item.id)):
        item = tracked.item
        if item.kind != "catalogue" or not item.from_vendor or tracked.orphaned \
                or tracked.status in DONE:
            continue
        current = "; ".join(tracked.evidence_links)
        rows.append(Row(len(rows) + 1, question_id(option, item.id, checklist=True), item.id,
                        f"checklist: {item.category}", f"{item.title}. {item.action}", None,
                        "text: your answer, naming the evidence", f"evidence: {item.evidence}",
                        current, tracked.status, "", f"checklist item, {item.priority} priority"))
    profile = loaded.profile
    context = result.assessment or {}
    issued = today
    return Questionnaire(
        option=option, offering=profile.name,
        vendor=profile.provider.name if profile.provider is not None else "-",
        institution=str((context.get("institution") or {}).get("name", "-")),
        use_case=str((context.get("use_case") or {}).get("name", "-")),
        assessment=assessment, issued=issued,
        deadline=deadline or issued + timedelta(days=questions.response_days),
        instructions=" ".join(questions.instructions.split()), profile_sha256=loaded.sha256,
        ranked=ranked, rows=tuple(rows),
    )


def questions_path(criteria_path: Path) -> Path:
    """The question set beside the criteria set, else the bundled one."""
    from selector.io.paths import bundled

    local = criteria_path.parent / "questions.yaml"
    return local if local.exists() else bundled("criteria") / "questions.yaml"
