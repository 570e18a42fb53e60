"""Due-diligence checklists: generated per option from the catalogue, tracked in a state file.

Generation is pure: catalogue items whose triggers fire for the option and the use case, an
evidence-gap item for every unknown or stale fact the score depends on, and a legal-review item
for every licence flag. Each generated item says why it appeared.

Tracking lives in ``selector.checklist.state``; here the generated list and the tracked state
are merged into the view every face shows (orphaned state entries are kept, never dropped).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from selector.checklist.triggers import Context, context, fires
from selector.models.checklist import Catalogue, Item
from selector.profiles import FACT_PATHS
from selector.result import Result
from selector.scoring.rubric import FLAG_IMPUTED, FLAG_STALE, FLAG_UNKNOWN, TraceEntry, flagged_entries

PRIORITIES = ("high", "medium", "low")
STATUSES = ("open", "in-progress", "done", "not-applicable", "blocked")


@dataclass(frozen=True, slots=True)
class GeneratedItem:
    id: str
    kind: str
    """catalogue, evidence-gap or legal-review."""
    category: str
    title: str
    action: str
    rationale: str
    evidence: str
    priority: str
    reasons: tuple[str, ...]
    """Why the item appeared for this option."""
    report: str | None
    references: tuple[str, ...]
    """Readable references: 'NIST AI 600-1 GV-6.1-004 (title)'."""
    evidence_from: str = "institution"
    """Who supplies the closing evidence: ``vendor`` for a catalogue item marked so and for an
    evidence gap on a profile fact (both asked in the vendor questionnaire), else institution."""

    @property
    def from_vendor(self) -> bool:
        return self.evidence_from == "vendor"

    def as_dict(self) -> dict[str, Any]:
        return {
            "id": self.id, "kind": self.kind, "category": self.category, "title": self.title,
            "action": self.action, "rationale": self.rationale, "evidence": self.evidence,
            "evidence_from": self.evidence_from,
            "priority": self.priority, "reasons": list(self.reasons), "report": self.report,
            "references": list(self.references),
        }


REPORT = "HKIMR, Financial Services in the Era of Generative AI (April 2025)"


def report_citation(item: Item) -> str:
    """The item's place in the HKIMR report (``REPORT``): chapter, section or box, and pages."""
    pages = f", pp. {item.report.pages}" if item.report.pages else ""
    return f"{item.report.section}{pages}"


def _references(item: Item, catalogue: Catalogue) -> tuple[str, ...]:
    out = []
    for key in item.references:
        ref = catalogue.references[key]
        out.append(f"{ref.framework} {ref.id} ({ref.title})")
    return tuple(out)



def generate(result: Result, catalogue: Catalogue, option_id: str) -> list[GeneratedItem]:
    ctx = context(result, option_id)
    items: list[GeneratedItem] = []
    for item in catalogue.items:
        reasons = [r for r in (fires(t, ctx) for t in item.triggers) if r]
        if not reasons:
            continue
        items.append(
            GeneratedItem(
                id=item.id, kind="catalogue", category=item.category, title=item.title,
                action=" ".join(item.action.split()), rationale=" ".join(item.rationale.split()),
                evidence=item.evidence, priority=item.priority, reasons=tuple(dict.fromkeys(reasons)),
                report=report_citation(item),
                references=_references(item, catalogue), evidence_from=item.evidence_from,
            )
        )
    items.extend(_evidence_gaps(result, option_id, catalogue.evidence_gaps.high_priority_points))
    items.extend(_legal_items(ctx))
    items.extend(_lifecycle_items(result, option_id))
    return items


def _lifecycle_items(result: Result, option_id: str) -> list[GeneratedItem]:
    """An exit and migration plan for an offering that is legacy, deprecated or retiring within
    the horizon; confirming the status where none is recorded."""
    check = result.lifecycle.get(option_id)
    if check is None or check.review is None:
        return []
    state = check.state
    if state.status == "unknown" and check.plan_by is None:
        return [GeneratedItem(
            id="LIFECYCLE-status", kind="evidence-gap", category="lifecycle",
            title="Confirm the model's lifecycle on this route",
            action="Record the model's lifecycle status on this route (generally available, "
            "legacy, deprecated, retired), its retirement date and the successor, from the "
            "provider's lifecycle or deprecation page, and update the profile.",
            rationale="A committee cannot approve an offering whose end of life nobody has "
            "looked up; retirement dates differ by route.",
            evidence="the provider's lifecycle page, dated", priority="high",
            reasons=(check.review,), report=None, references=(), evidence_from="vendor",
        )]
    by = f" before {check.plan_by}" if check.plan_by else ""
    successor = f" (the provider names {state.successor})" if state.successor else ""
    return [GeneratedItem(
        id="LIFECYCLE-exit", kind="lifecycle", category="lifecycle",
        title=f"Exit and migration plan{by}",
        action=f"Agree an exit and migration plan{by}: the successor model{successor}, its "
        "re-validation, the cut-over date and the fallback, and the notice the contract gives.",
        rationale="The model is legacy, deprecated or retiring within the assessment's horizon; "
        "the institution must be able to move before the provider stops serving it.",
        evidence="approved exit and migration plan", priority="high", reasons=(check.review,),
        report=None, references=(),
    )]


def _evidence_gaps(result: Result, option_id: str, high_points: float) -> list[GeneratedItem]:
    out: dict[str, GeneratedItem] = {}
    for score in result.traces[option_id].values():
        for entry in flagged_entries(score.trace):
            for flag, prefix in ((FLAG_UNKNOWN, "GAP"), (FLAG_STALE, "STALE")):
                if flag not in entry.flags:
                    continue
                # An imputed TCO names the unknown prices it stands on: the gap is the price.
                facts = entry.inputs if flag == FLAG_UNKNOWN and entry.inputs else (entry.fact,)
                for fact in facts:
                    if flag == FLAG_UNKNOWN and fact.startswith("evaluations."):
                        priority = "high" if entry.max_points >= high_points else "medium"
                        out.setdefault(f"EVAL-{fact.partition('.')[2]}",
                                       _evaluate_item(result, option_id, entry, priority))
                        continue
                    item_id = f"{prefix}-{fact}"
                    if item_id not in out:
                        out[item_id] = _gap_item(entry, fact, flag, item_id, high_points,
                                                 _imputed_note(result, option_id, fact))
    return list(out.values())


def _imputed_note(result: Result, option_id: str, fact: str) -> str | None:
    """The profile's note on an unknown fact the TCO imputed (where to obtain it)."""
    tco = result.tco.get(option_id)
    for imputed in getattr(tco, "imputed", ()):
        if imputed.fact == fact:
            return str(imputed.note) if imputed.note else None
    return None


def _gap_item(entry: TraceEntry, fact: str, flag: str, item_id: str, high_points: float,
              fact_note: str | None = None) -> GeneratedItem:
    """The evidence-gap (or stale-evidence) item for one fact behind a trace entry."""
    stake = f"worth up to {entry.max_points:g} points on {entry.criterion}"
    priority = "high" if entry.max_points >= high_points else "medium"
    if flag == FLAG_UNKNOWN:
        title = f"Obtain evidence: {fact}"
        action = (f"Establish {fact} for this offering from the provider or a primary "
                  f"source, with its date, and update the profile.")
        if FLAG_IMPUTED in entry.flags and entry.plausible is not None:
            low, high = entry.plausible
            why = (f"the fact is unknown, so rule {entry.rule} counts it at the pessimistic bound "
                   f"of costs.yaml imputation: {low:.1f} points, {high:.1f} at the favourable end "
                   f"({stake})")
        else:
            why = f"the fact is unknown, so rule {entry.rule} scores 0 ({stake})"
    else:
        title = f"Re-confirm stale evidence: {fact}"
        action = (f"Re-check {fact} (recorded as {entry.value}, as of {entry.as_of}) "
                  "against a current source and update the profile's dates.")
        why = f"the fact is past its review date ({stake})"
    return GeneratedItem(
        id=item_id, kind="evidence-gap", category="evidence", title=title, action=action,
        rationale="Unknown or stale facts score as unfavourable until evidenced; the "
        "committee needs the evidence, not an assumption.",
        evidence=(fact_note or entry.note or "a dated primary source"), priority=priority,
        reasons=(why,), report=entry.cite, references=(),
        evidence_from="vendor" if fact in FACT_PATHS else "institution",
    )


def _evaluate_item(result: Result, option_id: str, entry: TraceEntry,
                   priority: str) -> GeneratedItem:
    """An offering that no evaluation run measured on a task of the suite: run it."""
    task = entry.fact.partition(".")[2]
    name = next((r.name for r in result.ranking if r.id == option_id), option_id)
    return GeneratedItem(
        id=f"EVAL-{task}", kind="evidence-gap", category="evaluation",
        title=f"Evaluate {name} on the suite: task '{task}'",
        action=f"Run the evaluation suite's task '{task}' on {name}, on the route and "
        "configuration to be deployed, and add the result file to the assessment's evaluations "
        "block (a complete run: no --limit, every sample scored, a committed revision).",
        rationale="Model performance and accuracy is the institution's own evidence to produce; "
        "without a result the performance criterion counts nothing for this task, which may "
        "be what keeps the offering from first place.",
        evidence="the result file of a complete run, with its date and sample count",
        priority=priority,
        reasons=(f"no run measured it, so rule {entry.rule} scores 0 (worth up to "
                 f"{entry.max_points:g} points on {entry.criterion})",),
        report=entry.cite, references=(),
    )


def _legal_items(ctx: Context) -> list[GeneratedItem]:
    out = []
    for flag in ctx.legal_flags:
        fact = flag.fact
        out.append(
            GeneratedItem(
                id=f"LEGAL-{fact}", kind="legal-review", category="liability",
                title=f"Legal review: {fact}",
                action="Have legal counsel read the clause against the intended use and record an "
                "opinion: acceptable, acceptable with conditions, or not acceptable.",
                rationale="Licence terms and acceptable-use clauses are obligations the institution "
                "carries; the toolkit flags them but never decides them.",
                evidence="legal opinion on file", priority="high", reasons=(flag.text,),
                report="Box 1 (Assumption of liabilities), footnote 29",
                references=(),
            )
        )
    return out


@dataclass(frozen=True, slots=True)
class TrackedItem:
    item: GeneratedItem
    status: str
    owner: str | None
    due: str | None
    notes: tuple[str, ...]
    evidence_links: tuple[str, ...]
    orphaned: bool
    history: tuple[Mapping[str, Any], ...] = field(default=())

    @property
    def waits_on_vendor(self) -> bool:
        """The vendor supplies the closing evidence, and none is recorded yet (the item is not
        done, not set aside, and carries no evidence link): the questionnaire's answer is due."""
        return (self.item.from_vendor and not self.orphaned and not self.evidence_links
                and self.status not in ("done", "not-applicable"))

    def as_dict(self) -> dict[str, Any]:
        return {
            **self.item.as_dict(), "waits_on_vendor": self.waits_on_vendor, "status": self.status,
            "owner": self.owner, "due": self.due,
            "notes": list(self.notes), "evidence_links": list(self.evidence_links),
            "orphaned": self.orphaned, "history": [dict(h) for h in self.history],
        }


@dataclass(frozen=True, slots=True)
class OptionChecklist:
    option: str
    items: tuple[TrackedItem, ...]
    orphaned: bool = False
    """The option left the shortlist (excluded or removed); its tracked work is kept."""

    def progress(self) -> dict[str, dict[str, int]]:
        """done / total per priority (not-applicable items leave the total; orphans do not count)."""
        out: dict[str, dict[str, int]] = {}
        for level in (*PRIORITIES, "all"):
            live = [t for t in self.items if not t.orphaned and t.status != "not-applicable"
                    and (level == "all" or t.item.priority == level)]
            out[level] = {"done": sum(1 for t in live if t.status == "done"), "total": len(live)}
        return out

    def as_dict(self) -> dict[str, Any]:
        return {"option": self.option, "orphaned": self.orphaned, "progress": self.progress(),
                "items": [t.as_dict() for t in self.items]}


ORPHAN_ITEM = ("no longer generated: its catalogue entry disappeared or its trigger no longer fires; "
               "kept with its history")
ORPHAN_OPTION = ("the option is no longer shortlisted (excluded or removed from the profiles); its "
                 "work is kept with its history")


def merge(generated: Sequence[GeneratedItem], tracked: Mapping[str, Any], option: str, *,
          shortlisted: bool = True) -> OptionChecklist:
    """The generated items with their tracked state; tracked items no longer generated stay,
    marked orphaned (all of them when the option itself left the shortlist)."""
    order = {p: i for i, p in enumerate(PRIORITIES)}
    items: list[TrackedItem] = []
    seen = set()
    for gen in sorted(generated, key=lambda g: (order.get(g.priority, 9), g.kind != "catalogue", g.id)):
        seen.add(gen.id)
        items.append(_tracked(gen, tracked.get(gen.id), orphaned=False))
    for item_id, entry in sorted(tracked.items()):
        if item_id in seen:
            continue
        ghost = GeneratedItem(
            id=item_id, kind="orphaned", category=str(entry.get("category", "-")),
            title=str(entry.get("title", item_id)), action="", rationale="", evidence="",
            priority=str(entry.get("priority", "medium")),
            reasons=(ORPHAN_ITEM if shortlisted else ORPHAN_OPTION,),
            report=None, references=(),
        )
        items.append(_tracked(ghost, entry, orphaned=True))
    return OptionChecklist(option, tuple(items), orphaned=not shortlisted)


def _tracked(gen: GeneratedItem, entry: Mapping[str, Any] | None, *, orphaned: bool) -> TrackedItem:
    entry = entry or {}
    return TrackedItem(
        item=gen,
        status=str(entry.get("status", "open")),
        owner=entry.get("owner"),
        due=str(entry["due"]) if entry.get("due") else None,
        notes=tuple(str(n) for n in entry.get("notes", [])),
        evidence_links=tuple(str(e) for e in entry.get("evidence", [])),
        orphaned=orphaned,
        history=tuple(entry.get("history", [])),
    )


def checklists(result: Result, catalogue: Catalogue, state: Mapping[str, Any]) -> dict[str, OptionChecklist]:
    """One checklist per ranked option (the shortlist), in ranking order, then one per option
    that has tracked work but left the shortlist (``orphaned``), so no work disappears."""
    options = state.get("options", {}) if isinstance(state, Mapping) else {}
    views = {
        row.id: merge(generate(result, catalogue, row.id), options.get(row.id, {}), row.id)
        for row in result.ranking
    }
    for option in sorted(options):
        if option not in views and options[option]:
            views[option] = merge((), options[option], option, shortlisted=False)
    return views
