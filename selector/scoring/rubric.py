"""Turn an offering's facts into criterion scores, keeping every step of the arithmetic.

Each rule looks at one fact and awards points on the criterion's fixed 0-100 scale. An unknown
fact earns nothing and is flagged; a stale or unverified fact still counts, flagged. Direct
criteria (no rubric) read the profile's ``scores``.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from selector.criteria import rule_max
from selector.errors import InputError, Problem
from selector.evaluations.languages import MEASURED, NOT_MEASURED, MeasuredLanguages, read_languages
from selector.models.common import NOT_APPLICABLE, Fact, show_date
from selector.models.criteria import CriteriaSet, Criterion, Rule
from selector.models.profile import Profile
from selector.profiles import LoadedProfile, fact_as_of, get_fact, is_stale, source_of

FLAG_UNKNOWN = "unknown"
FLAG_STALE = "stale"
FLAG_UNVERIFIED = "unverified"
FLAG_UNSOURCED = "unsourced"
FLAG_PARTIAL = "partial"
"""An evaluation result from a partial run (a --limit, an unfinished or errored run, a dirty
revision): it counts, flagged, and cannot be tagged complete."""
FLAG_REUSED = "reused"
"""An evaluation result measured on another route (or quantisation) that the run's
``reuse_for`` says stands for this offering's."""
FLAG_DECLARED = "declared"
"""The language rule counted a language on the profile's declaration alone: no evaluation run
of the assessment measured it (see :mod:`selector.evaluations.languages`)."""
LANGUAGES = "adaptability.languages"
FLAG_IMPUTED = "imputed"
"""A computed entry (the TCO) stands on a policy value for an unknown input: it also carries
FLAG_UNKNOWN, ``inputs`` names the unknown facts and ``plausible`` the range they could move it."""


@dataclass(frozen=True, slots=True)
class TraceEntry:
    """One rule's contribution: the fact, where it came from, and the points it earned."""

    criterion: str
    rule: str
    fact: str
    value: str
    points: float
    max_points: float
    outcome: str
    counted: bool
    flags: tuple[str, ...]
    source: str | None = None
    source_title: str | None = None
    source_url: str | None = None
    as_of: str | None = None
    confidence: str | None = None
    note: str | None = None
    why: str | None = None
    cite: str | None = None
    group: int | None = None
    """The rubric rule's position in its criterion: the alternatives of one ``best_of`` rule
    share it, so the rule's entries are found by this field (None: an entry of its own, such as
    a direct value or a cost line)."""
    plausible: tuple[float, float] | None = None
    """For an entry whose unknown inputs were imputed: the points it would earn with those inputs
    at the unfavourable and at the favourable end of their plausible range (the ranking counts the
    unfavourable end). None: an unknown fact could earn anything from 0 to ``max_points``."""
    inputs: tuple[str, ...] = ()
    """The unknown facts behind a computed entry (e.g. the prices an imputed TCO stands in for)."""
    sampling: tuple[float, float] | None = None
    """For a measured entry (an evaluation result with a standard error): the mean and standard
    deviation of its points on a normal sampling distribution, before clipping to
    [0, ``max_points``]. The robustness analysis draws the entry from it."""

    def as_dict(self) -> dict[str, Any]:
        extra: dict[str, Any] = {}
        if self.plausible is not None:
            extra["plausible"] = list(self.plausible)
        if self.inputs:
            extra["inputs"] = list(self.inputs)
        if self.sampling is not None:
            extra["sampling"] = list(self.sampling)
        return {
            "criterion": self.criterion,
            "rule": self.rule,
            "fact": self.fact,
            "value": self.value,
            "points": self.points,
            "max_points": self.max_points,
            "outcome": self.outcome,
            "counted": self.counted,
            "flags": list(self.flags),
            "source": self.source,
            "source_title": self.source_title,
            "source_url": self.source_url,
            "as_of": self.as_of,
            "confidence": self.confidence,
            "note": self.note,
            "why": self.why,
            "cite": self.cite,
            **extra,
        }


@dataclass(frozen=True, slots=True)
class CriterionScore:
    criterion: str
    value: float
    trace: tuple[TraceEntry, ...]

    @property
    def flags(self) -> tuple[str, ...]:
        found: list[str] = []
        for entry in flagged_entries(self.trace):
            for flag in entry.flags:
                if flag not in found:
                    found.append(flag)
        return tuple(found)


EVIDENCE_FLAGS = (FLAG_UNKNOWN, FLAG_STALE, FLAG_UNVERIFIED)
"""The flags a result, a checklist and a criterion score report about the evidence."""


def is_flagged(entry: TraceEntry) -> bool:
    """The one evidence-flag rule: an entry's flags count when its points counted.

    A ``best_of`` alternative that did not count is not flagged (its staleness or confidence
    changed nothing); the one exception is an unknown alternative that could have raised the
    score, which the rubric marks as unknown (see ``_rule_entries``) because obtaining it may
    matter. The result's flags, :attr:`CriterionScore.flags` and the checklist's evidence items
    all read this rule.
    """
    return entry.counted or FLAG_UNKNOWN in entry.flags


def flagged_entries(trace: Iterable[TraceEntry]) -> Iterable[TraceEntry]:
    return (entry for entry in trace if is_flagged(entry))


def evidence_flags(scores: Mapping[str, CriterionScore]) -> dict[str, tuple[str, ...]]:
    """Flag name (unknown, stale, unverified) -> the fact paths that carry it, in trace order.
    A computed entry that stands on unknown inputs (an imputed TCO) contributes those inputs,
    not its own name: the prices are what is unknown, not "tco"."""
    found: dict[str, list[str]] = {flag: [] for flag in EVIDENCE_FLAGS}
    for score in scores.values():
        for entry in flagged_entries(score.trace):
            for flag in entry.flags:
                bucket = found.get(flag)
                if bucket is None:
                    continue
                for fact in entry.inputs or (entry.fact,):
                    if fact not in bucket:
                        bucket.append(fact)
    return {k: tuple(v) for k, v in found.items()}


def show_value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return ", ".join(str(v) for v in value) if value else "(none)"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _key(value: Any) -> str:
    return ("true" if value else "false") if isinstance(value, bool) else str(value)


def _award(rule: Rule, value: Any) -> tuple[float, str]:
    """Points for a known value, and the words that explain them."""
    if rule.cases is not None and not isinstance(value, list):
        key = _key(value)
        if key in rule.cases:
            points = rule.cases[key]
            return points, f"'{key}' earns {points:g}"
    if rule.bands is not None and isinstance(value, int | float) and not isinstance(value, bool):
        for band in rule.bands:
            if band.at_most is not None and value <= band.at_most:
                return band.points, f"{value:g} <= {band.at_most:g} earns {band.points:g}"
            if band.at_least is not None and value >= band.at_least:
                return band.points, f"{value:g} >= {band.at_least:g} earns {band.points:g}"
            if band.at_most is None and band.at_least is None:
                return band.points, f"{value:g} (otherwise) earns {band.points:g}"
        return 0.0, f"{value:g} matches no band: 0"
    if isinstance(value, list):
        if not value and rule.if_empty is not None:
            return rule.if_empty, f"none listed earns {rule.if_empty:g}"
        if rule.each is not None:
            items = [item for item in dict.fromkeys(value) if item in rule.each]
            total = sum(rule.each[item] for item in items)
            capped = min(total, rule.cap) if rule.cap is not None else total
            parts = " + ".join(f"{item} {rule.each[item]:g}" for item in items) or "nothing scored"
            cap = f", capped at {rule.cap:g}" if rule.cap is not None and total > rule.cap else ""
            return capped, f"{parts}{cap} = {capped:g}"
        return 0.0, "listed items earn 0"
    return 0.0, f"'{_key(value)}' earns 0"


def _fact_entry(
    criterion: Criterion,
    rule: Rule,
    profile: Profile,
    today: date,
    why: str | None,
    cite: str | None,
    group: int,
    languages: MeasuredLanguages = NOT_MEASURED,
) -> TraceEntry:
    assert rule.fact is not None
    fact: Fact[Any] | None = get_fact(profile, rule.fact)
    maximum = rule_max(rule)
    if rule.fact == LANGUAGES and (fact is None or fact.applicable):
        measured = _languages_entry(criterion, rule, profile, fact, today, languages)
        if measured is not None:
            return _replace(measured, why=why, cite=cite, group=group)
    if fact is not None and not fact.applicable:
        points = rule.not_applicable or 0.0
        source = source_of(profile, fact.source)
        return TraceEntry(
            criterion=criterion.id, rule=rule.id, fact=rule.fact, value=NOT_APPLICABLE,
            points=points, max_points=maximum,
            outcome=f"not applicable earns {points:g}", counted=True,
            flags=(FLAG_STALE,) if is_stale(profile, fact, today) else (),
            source=fact.source, source_title=source.title if source else None,
            source_url=(source.url or source.document) if source else None,
            as_of=show_date(fact_as_of(profile, fact)), confidence=fact.confidence,
            note=fact.note, why=why, cite=cite, group=group,
        )
    if fact is None or not fact.known:
        flags: tuple[str, ...] = (FLAG_UNKNOWN,)
        if is_stale(profile, fact, today):
            flags += (FLAG_STALE,)
        return TraceEntry(
            criterion=criterion.id, rule=rule.id, fact=rule.fact, value="unknown", points=0.0,
            max_points=maximum, outcome="unknown earns 0 (obtain evidence)", counted=True,
            flags=flags, note=fact.note if fact is not None else None, why=why, cite=cite,
            group=group,
        )
    points, outcome = _award(rule, fact.value)
    flag_list: list[str] = []
    if is_stale(profile, fact, today):
        flag_list.append(FLAG_STALE)
    if fact.confidence == "unverified":
        flag_list.append(FLAG_UNVERIFIED)
    if fact.source is None:
        flag_list.append(FLAG_UNSOURCED)
    source = source_of(profile, fact.source)
    as_of = fact_as_of(profile, fact)
    return TraceEntry(
        criterion=criterion.id, rule=rule.id, fact=rule.fact, value=show_value(fact.value),
        points=points, max_points=maximum, outcome=outcome, counted=True, flags=tuple(flag_list),
        source=fact.source, source_title=source.title if source else None,
        source_url=(source.url or source.document) if source else None,
        as_of=show_date(as_of), confidence=fact.confidence, note=fact.note, why=why, cite=cite,
        group=group,
    )


def _languages_entry(criterion: Criterion, rule: Rule, profile: Profile, fact: Fact[Any] | None,
                     today: date, measured: MeasuredLanguages) -> TraceEntry | None:
    """The language rule on the declared tags, overruled by the assessment's measured results
    (None: the profile does not know its languages and nothing measured one, an unknown entry)."""
    known = fact is not None and fact.known and isinstance(fact.value, list)
    if not known and not measured.results:
        return None
    declared = list(fact.value) if fact is not None and known else None
    reading = read_languages(declared, measured)
    points, outcome = _award(rule, list(reading.counted))
    flags: list[str] = []
    if not known:
        flags.append(FLAG_UNKNOWN)
        outcome += "; the declared list is unknown (obtain it)"
    if is_stale(profile, fact, today):
        flags.append(FLAG_STALE)
    if known and fact is not None and fact.confidence == "unverified":
        flags.append(FLAG_UNVERIFIED)
    if known and fact is not None and fact.source is None:
        flags.append(FLAG_UNSOURCED)
    for flag, present in ((FLAG_DECLARED, reading.declared_only), (FLAG_PARTIAL, reading.partial),
                          (FLAG_REUSED, reading.reused)):
        if present:
            flags.append(flag)
    value = show_value(declared) if declared is not None else "unknown"
    if measured.results:
        value += "; measured: " + ", ".join(
            f"{cap} {'capable' if measured.status(cap) == MEASURED else 'below the minimum'}"
            for cap in measured.measured)
    source = source_of(profile, fact.source) if fact is not None and known else None
    notes = ["; ".join(reading.lines), *([fact.note] if fact is not None and fact.note else [])]
    maximum = rule_max(rule)
    return TraceEntry(
        criterion=criterion.id, rule=rule.id, fact=LANGUAGES, value=value, points=points,
        max_points=maximum, outcome=outcome, counted=True, flags=tuple(flags),
        source=fact.source if fact is not None and known else None,
        source_title=source.title if source else None,
        source_url=(source.url or source.document) if source else None,
        as_of=show_date(fact_as_of(profile, fact)) if fact is not None and known else None,
        confidence=fact.confidence if fact is not None and known else None,
        note=". ".join(n for n in notes if n) or None,
        plausible=None if known else (points, maximum))


def _rule_entries(
    criterion: Criterion, rule: Rule, profile: Profile, today: date, group: int,
    languages: MeasuredLanguages = NOT_MEASURED,
) -> list[TraceEntry]:
    cite = _cite_text(rule.cite) if rule.cite else None
    if not rule.best_of:
        return [_fact_entry(criterion, rule, profile, today, rule.why, cite, group, languages)]
    entries = [
        _fact_entry(criterion, sub, profile, today, sub.why or rule.why, cite, group, languages)
        for sub in rule.best_of
    ]
    best = max(range(len(entries)), key=lambda i: (entries[i].points, -i))
    top = entries[best].points
    out: list[TraceEntry] = []
    for index, entry in enumerate(entries):
        counted = index == best
        # An unknown alternative matters only if knowing it could raise the score.
        if not counted and FLAG_UNKNOWN in entry.flags and entry.max_points <= top:
            entry = _replace(entry, flags=tuple(f for f in entry.flags if f != FLAG_UNKNOWN))
        if not counted:
            entry = _replace(
                entry,
                counted=False,
                outcome=f"{entry.outcome}; not counted (best of {len(entries)} took {top:g})",
                points=0.0 if FLAG_UNKNOWN in entry.flags else entry.points,
            )
        out.append(entry)
    return out


def _cite_text(cite: Any) -> str:
    page = f", p. {cite.page}" if cite.page else ""
    return f"HKIMR report, {cite.section}{page}"


def _replace(entry: TraceEntry, **changes: Any) -> TraceEntry:
    from dataclasses import replace

    return replace(entry, **changes)


def score_criterion(
    criterion: Criterion, loaded: LoadedProfile, today: date,
    languages: MeasuredLanguages = NOT_MEASURED,
) -> CriterionScore:
    """The criterion's score and trace; ``languages`` are the assessment's measured language
    results for this offering, which overrule the declared list in the language rule."""
    profile = loaded.profile
    if criterion.rubric is None:
        value = profile.scores.get(criterion.id)
        if value is None:
            raise InputError(
                Problem(loaded.path, 1, 1, f"scores.{criterion.id}",
                        f"no score for criterion '{criterion.id}', which has no rubric; add "
                        f"'scores: {{{criterion.id}: <number>}}' to the profile")
            )
        if criterion.scale is not None:
            low, high = sorted(criterion.scale)
            if not low <= value <= high:
                raise InputError(
                    Problem(loaded.path, 1, 1, f"scores.{criterion.id}",
                            f"{value:g} is outside the criterion's scale [{low:g}, {high:g}]")
                )
        entry = TraceEntry(
            criterion=criterion.id, rule="direct", fact=f"scores.{criterion.id}",
            value=show_value(value), points=value,
            max_points=criterion.scale[1] if criterion.scale else value,
            outcome=f"direct value {value:g}", counted=True, flags=(),
        )
        return CriterionScore(criterion.id, value, (entry,))
    entries: list[TraceEntry] = []
    for group, rule in enumerate(criterion.rubric):
        entries.extend(_rule_entries(criterion, rule, profile, today, group, languages))
    total = sum(e.points for e in entries if e.counted)
    return CriterionScore(criterion.id, round(total, 9), tuple(entries))


def score_profile(
    loaded: LoadedProfile, criteria_set: CriteriaSet, today: date
) -> dict[str, CriterionScore]:
    return {c.id: score_criterion(c, loaded, today) for c in criteria_set.criteria}
