"""``selector questionnaire import``: a returned questionnaire's answers become evidence.

Rules (README, "Vendor questionnaire"):

* Every answer is validated first (:func:`selector.questionnaire.answers.parse_answer`); any bad
  answer is one located line, exit 1, and nothing is written.
* A fact answer is written with ``confidence: vendor-attested``, citing a ``kind: questionnaire``
  source for the returned file (its sha256, the respondent, the date of response; the question
  id and the vendor's evidence reference are the citation's locator). The returned file is
  shipped beside the profile (``questionnaires/<sha256 prefix>-<name>``) so the source is
  followable, as the evidence policy requires.
* A fact verified from a primary source is never replaced without ``--force``: an answer that
  contradicts it is a *conflict*, reported for a human and not written; one that agrees changes
  nothing.
* An answer that agrees with an unverified, secondary or unknown-confidence value confirms it:
  the value stays, the citation is added first and the confidence becomes vendor-attested.
* A stale fact that is answered gets its own ``review_by``: the date of response plus the
  profile's own review interval (``review_by`` minus ``as_of``).
* The profile is rewritten through ruamel.yaml (comments and key order kept), validated as a
  whole before anything is written, and written atomically.
* A checklist answer lands on the checklist state (:func:`selector.checklist.state.edit_item`)
  as an evidence entry and a note; its status is left for a reviewer to set.
* Importing the same file again changes nothing.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from selector.errors import InputError
from selector.profiles import LoadedProfile, get_fact, is_stale, load_profile
from selector.questionnaire.answers import AnswerError, parse_answer, show_answer
from selector.questionnaire.read import Answer, Returned

FOLDER = "questionnaires"
"""Where returned questionnaires are shipped, beside the profiles."""
FACT_KEYS = ("value", "sources", "confidence", "review_by", "note")


@dataclass(frozen=True, slots=True)
class Change:
    option: str
    path: str
    before: str
    before_confidence: str
    after: str
    value: Any
    answer: Answer
    stale: bool

    def line(self) -> str:
        verb = "confirmed" if self.before == self.after else "changed"
        return (f"{self.option}: {self.path}: {self.before} [{self.before_confidence}] -> "
                f"{self.after} [vendor-attested] ({verb}; question {self.answer.qid})")


@dataclass(frozen=True, slots=True)
class Conflict:
    option: str
    path: str
    on_record: str
    answer: str
    where: str

    def line(self) -> str:
        return (f"conflict: {self.option}: {self.path}: verified on record as {self.on_record}, "
                f"the vendor answers {self.answer} ({self.where}); not written: a human decides "
                "(re-import with --force to take the vendor's answer)")


@dataclass(frozen=True, slots=True)
class ChecklistAnswer:
    option: str
    item: str
    evidence: str
    note: str

    def line(self) -> str:
        return f"{self.option}: checklist {self.item}: evidence + {self.evidence}"


@dataclass
class Plan:
    returned: Returned
    profile: LoadedProfile
    source_id: str
    respondent: str
    answered_on: date
    changes: list[Change] = field(default_factory=list)
    conflicts: list[Conflict] = field(default_factory=list)
    checklist: list[ChecklistAnswer] = field(default_factory=list)
    unchanged: int = 0

    @property
    def document(self) -> str:
        return f"{FOLDER}/{self.returned.sha256[:12]}-{self.returned.name}"


def _same(a: Any, b: Any) -> bool:
    if isinstance(a, int | float) and isinstance(b, int | float) and not isinstance(a, bool) \
            and not isinstance(b, bool):
        return float(a) == float(b)
    return bool(a == b)


def plan_import(returned: Returned, profiles: Path, *, respondent: str | None, today: date,
                force: bool) -> Plan:
    """What importing ``returned`` into the profile under ``profiles`` would do; raises
    :class:`InputError` (every bad answer, one located line each) when it cannot be done."""
    if returned.problems and not returned.answers:
        raise InputError("\n".join(returned.problems))
    if not returned.answers:
        raise InputError(f"{returned.path}: no answers found; fill in the Answer column")
    options = {a.option for a in returned.answers} | ({returned.option} if returned.option else set())
    if len(options) > 1:
        raise InputError(f"{returned.path}: answers for several offerings ({', '.join(sorted(options))});"
                         " one questionnaire answers for one offering")
    if not options:
        raise InputError(f"{returned.path}: no answers found; fill in the Answer column")
    option = options.pop()
    path = profiles / f"{option}.yaml"
    if not path.is_file():
        raise InputError(f"{returned.path}: the offering '{option}' has no profile {path}; give "
                         "--profiles the folder holding it")
    loaded = load_profile(path)
    who = respondent or returned.respondent
    if not who:
        raise InputError(f"{returned.path}: who answered is not recorded; give --respondent NAME "
                         "(or fill the cover sheet's respondent cell)")
    from selector.profiles import FACT_PATHS

    problems: list[str] = list(returned.problems)
    plan = Plan(returned, loaded, f"ddq-{returned.sha256[:12]}", who,
                returned.response_date or today)
    if plan.answered_on > today:
        raise InputError(f"{returned.path}: the date of response {plan.answered_on} is after "
                         f"today ({today}); correct it on the cover sheet")
    for answer in returned.answers:
        if answer.checklist:
            _checklist_answer(plan, answer, problems)
            continue
        if answer.target not in FACT_PATHS:
            problems.append(f"{answer.where}: '{answer.qid}' asks no profile fact; do not edit the "
                            "question ids")
            continue
        if answer.raw is None:
            continue  # evidence or remarks without an answer: nothing to record on the fact
        try:
            value = parse_answer(answer.target, answer.raw)
        except AnswerError as exc:
            problems.append(f"{answer.where}: {answer.target}: {exc}")
            continue
        _fact_answer(plan, answer, value, today, force)
    if problems:
        raise InputError("\n".join(problems))
    return plan


def _fact_answer(plan: Plan, answer: Answer, value: Any, today: date, force: bool) -> None:
    profile = plan.profile.profile
    fact = get_fact(profile, answer.target)
    before = show_answer(fact.value) if fact is not None else "unknown"
    confidence = (fact.confidence or "-") if fact is not None else "-"
    same = fact is not None and _same(fact.value, value)
    if fact is not None and fact.confidence == "verified" and not force:
        if same:
            plan.unchanged += 1
        else:
            plan.conflicts.append(Conflict(plan.profile.profile.id, answer.target, before,
                                           show_answer(value), answer.where))
        return
    if same and fact is not None and fact.confidence == "vendor-attested" and fact.sources \
            and fact.sources[0].id == plan.source_id:
        plan.unchanged += 1
        return
    plan.changes.append(Change(profile.id, answer.target, before, confidence, show_answer(value),
                               value, answer, is_stale(profile, fact, today)))


def _checklist_answer(plan: Plan, answer: Answer, problems: list[str]) -> None:
    import re

    if not re.fullmatch(r"DD-[A-Z]+-\d{2}", answer.target):
        problems.append(f"{answer.where}: '{answer.qid}' names no checklist item; do not edit the "
                        "question ids")
        return
    said = show_answer(answer.raw) if answer.raw is not None else None
    evidence = answer.evidence or said or answer.remarks or ""
    tag = f"(vendor questionnaire {plan.source_id}, question {answer.qid})"
    note = f"Vendor's answer ({plan.respondent}, {plan.answered_on}): " + "; ".join(
        p for p in (said, answer.remarks) if p)
    plan.checklist.append(ChecklistAnswer(plan.profile.profile.id, answer.target,
                                          f"{evidence} {tag}", note))


# ---------------------------------------------------------------- writing the profile


def _citation(plan: Plan, change: Change) -> Any:
    from selector.migrate import _flow_map

    locator = f"question {change.answer.qid}"
    if change.answer.evidence:
        locator += f"; vendor's evidence: {change.answer.evidence}"
    return _flow_map([("id", plan.source_id), ("locator", locator[:300])])


def _yaml_value(value: Any) -> Any:
    if isinstance(value, list):
        return [_yaml_value(v) for v in value]
    if isinstance(value, float) and value.is_integer() and abs(value) < 2**53:
        return int(value)
    return value


def _insert_ordered(mapping: Any, key: str, value: Any, order: tuple[str, ...]) -> None:
    """Set ``key`` in a ruamel mapping, a new key placed after the keys that precede it in
    ``order`` (existing keys keep their place)."""
    if key in mapping:
        mapping[key] = value
        return
    keys = list(mapping.keys())
    rank = order.index(key) if key in order else len(order)
    position = len(keys)
    for index, existing in enumerate(keys):
        if existing in order and order.index(existing) > rank:
            position = index
            break
    mapping.insert(position, key, value)


def _group_order() -> tuple[str, ...]:
    from selector.models.profile import Profile

    return tuple(Profile.model_fields)


def _field_order(group: str) -> tuple[str, ...]:
    from selector.questionnaire.answers import owner_of

    owner = owner_of(group)
    return tuple(owner.model_fields) if owner is not None else ()


def _new_fact(existing: Any, plan: Plan, change: Change) -> Any:
    """The fact's new mapping: its keys in their old order, new keys where the format puts them."""
    import copy

    from ruamel.yaml.comments import CommentedMap, CommentedSeq

    fact = copy.deepcopy(existing) if isinstance(existing, CommentedMap) else CommentedMap()
    old_sources = list(fact.get("sources") or [])
    keep = [c for c in old_sources if change.before == change.after
            and str(c.get("id") if hasattr(c, "get") else c) != plan.source_id]
    _insert_ordered(fact, "value", _yaml_value(change.value), FACT_KEYS)
    _insert_ordered(fact, "sources", CommentedSeq([_citation(plan, change), *keep]), FACT_KEYS)
    _insert_ordered(fact, "confidence", "vendor-attested", FACT_KEYS)
    profile = plan.profile.profile
    if change.stale and profile.as_of is not None and profile.review_by is not None:
        interval = profile.review_by - profile.as_of
        _insert_ordered(fact, "review_by", plan.answered_on + max(interval, timedelta(days=1)),
                        FACT_KEYS)
    note = f"Answered by the vendor in the due-diligence questionnaire (question {change.answer.qid})."
    if change.before != change.after:
        was = f" [{change.before_confidence}]" if change.before_confidence != "-" else ""
        note += f" On record before: {change.before}{was}."
    if change.answer.remarks:
        note += f" Vendor's remarks: {change.answer.remarks}"
    _insert_ordered(fact, "note", note[:2000], FACT_KEYS)
    return fact


def _source_entry(plan: Plan) -> dict[str, Any]:
    profile = plan.profile.profile
    provider = profile.provider.name if profile.provider is not None else None
    entry: dict[str, Any] = {
        "id": plan.source_id,
        "title": f"Vendor due-diligence questionnaire for {profile.id}, as returned "
                 f"({plan.returned.name})",
        "document": plan.document,
    }
    if provider:
        entry["publisher"] = provider
    entry.update({"kind": "questionnaire", "sha256": plan.returned.sha256,
                  "respondent": plan.respondent})
    if plan.returned.response_date is None:
        entry["read_on"] = plan.answered_on
    entry["date"] = plan.answered_on
    return entry


def profile_text(plan: Plan) -> str | None:
    """The profile with the plan's changes spliced in (None when nothing changes), validated,
    and checked to differ from the old one in nothing else."""
    from selector.io.yamlio import parse
    from selector.questionnaire.splice import Splicer, changed_only

    if not plan.changes:
        return None
    path = Path(plan.profile.path)
    original = path.read_text(encoding="utf-8")
    splicer = Splicer(original)
    if not any(hasattr(s, "get") and s.get("id") == plan.source_id
               for s in splicer.data.get("sources") or []):
        splicer.append_source(_source_entry(plan))
    for change in plan.changes:
        group, _, name = change.path.partition(".")
        block = splicer.data.get(group)
        existing = block.get(name) if hasattr(block, "get") else None
        splicer.set_fact(group, name, _new_fact(existing, plan, change), _group_order(),
                         _field_order(group))
    text = splicer.result()
    wrong = changed_only(parse(original, plan.profile.path), parse(text, plan.profile.path),
                         [c.path for c in plan.changes], plan.source_id)
    if wrong:
        raise InputError(f"{plan.profile.path}: the rewrite would also change {', '.join(wrong)}; "
                         "nothing was written (this is a bug: please report it)")
    _check(plan, text)
    return text


def _check(plan: Plan, text: str) -> None:
    """The rewritten profile must validate; the shipped copy of the questionnaire may still be
    pending (a dry run, or written just after this check)."""
    import hashlib

    from selector.io.yamlio import Document, parse
    from selector.profiles import validate_document

    shown = plan.profile.path
    doc = Document(shown, text, parse(text, shown), hashlib.sha256(text.encode()).hexdigest())
    try:
        validate_document(doc)
    except InputError as exc:
        pending = plan.document
        problems = [p for p in exc.problems if not (p.field.endswith(".document")
                                                     and pending in p.message)]
        if problems:
            raise InputError(problems) from None
