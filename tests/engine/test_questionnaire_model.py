"""The questionnaire's data and types: questions for every fact, answer types from the profile
format, vendor-evidence checklist items, and the question order."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from selector.audit import DECISION_CRITICAL
from selector.checklist import load_catalogue
from selector.criteria import load_criteria
from selector.errors import InputError
from selector.io.paths import bundled
from selector.profiles import FACT_PATHS
from selector.questionnaire.answers import AnswerError, answer_type, parse_answer
from selector.questionnaire.build import load_questions, split_id

ROOT = Path(__file__).resolve().parents[2]
VENDOR_ITEMS = {"DD-LIAB-03", "DD-LIAB-06", "DD-SUP-01", "DD-SEC-02", "DD-SEC-14", "DD-DATA-08",
                "DD-DATA-09", "DD-LOC-02", "DD-TPR-02", "DD-TPR-05", "DD-TPR-06"}


def _rule_facts() -> set[str]:
    facts: set[str] = set()
    for criterion in load_criteria(bundled("criteria") / "box1.yaml").criteria_set.criteria:
        stack = list(criterion.rubric or [])
        while stack:
            rule = stack.pop()
            if rule.fact:
                facts.add(rule.fact)
            stack.extend(rule.best_of or [])
    return facts


def test_every_fact_a_rule_gate_or_audit_reads_has_a_question() -> None:
    questions = load_questions(bundled("criteria") / "questions.yaml").questions.questions
    gates = {"data_localisation.available_in_hk", "data_localisation.ownership_restrictions",
             "data_localisation.on_premise", "data_localisation.cross_border_transfer",
             "licence.user_cap_mau_millions", "licence.type", "service_terms.agreement",
             "adaptability.languages", "adaptability.context_window_k",
             "adaptability.input_modalities"}
    needed = _rule_facts() | set(DECISION_CRITICAL) | gates
    assert needed <= set(FACT_PATHS)
    assert not needed - set(questions), sorted(needed - set(questions))
    assert set(questions) == set(FACT_PATHS)  # and one for every fact the format defines


def test_a_question_for_no_fact_is_a_located_error_with_a_suggestion(tmp_path: Path) -> None:
    path = tmp_path / "questions.yaml"
    path.write_text('version: "1"\ninstructions: Answer.\nquestions:\n'
                    '  security.bug_bounti: {ask: Do you?}\n', encoding="utf-8")
    with pytest.raises(InputError) as caught:
        load_questions(path)
    assert "questions.yaml:4:3: questions.security.bug_bounti:" in str(caught.value)
    assert "did you mean 'security.bug_bounty'?" in str(caught.value)
    path.write_text('version: "1"\ninstructions: Answer.\nquestions:\n'
                    '  security.bug_bounty: {ask: Do you?, asks: x}\n', encoding="utf-8")
    with pytest.raises(InputError, match="asks"):
        load_questions(path)


@pytest.mark.parametrize(("path", "kind", "allowed"), [
    ("service_terms.ip_indemnity", "choice", ("none", "conditional", "full")),
    ("support.sla_uptime_pct", "number-or-choice", ("none",)),
    ("security.bug_bounty", "yes-no", ()),
    ("lifecycle.retires_on", "date", ()),
    ("regions.processing", "list", ()),
    ("adaptability.input_modalities", "list", ("text", "image", "audio", "video", "document")),
    ("service_terms.governing_law", "text", ()),
    ("lock_in.deprecation_notice_days", "number", ()),
])
def test_answer_types_come_from_the_profile_format(path: str, kind: str, allowed: tuple[str, ...]) -> None:
    answer = answer_type(path)
    assert answer.kind == kind and answer.choices == allowed
    assert "not-applicable" in answer.allowed


@pytest.mark.parametrize(("path", "raw", "value"), [
    ("service_terms.ip_indemnity", " Full ", "full"),
    ("support.sla_uptime_pct", 99.9, 99.9),
    ("support.sla_uptime_pct", "none", "none"),
    ("security.bug_bounty", "Yes", True),
    ("security.bug_bounty", False, False),
    ("lifecycle.retires_on", "2027-06-30", date(2027, 6, 30)),
    ("regions.processing", "HK; SG\nJP", ["HK", "SG", "JP"]),
    ("security.attestations", "iso27001, x-hkma-cfi", ["iso27001", "x-hkma-cfi"]),
    ("lock_in.version_pinning", "not-applicable", "not-applicable"),
])
def test_good_answers_parse(path: str, raw: object, value: object) -> None:
    assert parse_answer(path, raw) == value


@pytest.mark.parametrize(("path", "raw", "says"), [
    ("service_terms.ip_indemnity", "maybe", "'none', 'conditional' or 'full'"),
    ("support.sla_uptime_pct", "101", "less than or equal to 100"),
    ("security.bug_bounty", "perhaps", "not yes or no"),
    ("lifecycle.retires_on", "next year", "not a date"),
    ("regions.processing", "UK", "use 'GB'"),
    ("security.attestations", "iso2700", "did you mean 'iso27001'"),
    ("security.red_teaming", "unknown", "leave the cell empty"),
    ("lock_in.deprecation_notice_days", True, "not a number"),
])
def test_bad_answers_say_what_is_allowed(path: str, raw: object, says: str) -> None:
    with pytest.raises(AnswerError, match=None) as caught:
        parse_answer(path, raw)
    assert says in str(caught.value)


def test_question_ids_are_option_and_fact_path() -> None:
    assert split_id("a-b.c:security.bug_bounty") == ("a-b.c", "security.bug_bounty", False)
    assert split_id("a-b.c:checklist:DD-SUP-01") == ("a-b.c", "DD-SUP-01", True)


def test_vendor_evidence_items_are_marked_in_the_catalogue() -> None:
    items = load_catalogue(bundled("criteria") / "checklist.yaml").catalogue.items
    assert {i.id for i in items if i.evidence_from == "vendor"} == VENDOR_ITEMS
    assert next(i for i in items if i.id == "DD-GOV-01").evidence_from == "institution"


@pytest.fixture(scope="module")
def stale_result():  # type: ignore[no-untyped-def]
    from selector.assess import run

    # past every bundled profile's review-by date: every fact the score reads is stale
    return run(ROOT / "examples" / "small-wealth-manager-assistant.yaml", today=date(2027, 12, 1),
               with_checklist=True)


def test_order_leads_then_stale_then_checklist(stale_result) -> None:  # type: ignore[no-untyped-def]
    from selector.assess import load_assessment
    from selector.questionnaire.export import leads_of, questionnaires

    result = stale_result
    option = result.ranking[1].id
    la = load_assessment(ROOT / "examples" / "small-wealth-manager-assistant.yaml")
    q = questionnaires(result, la, [option])[0]
    leads = [lead for lead in leads_of(result) if lead.option == option]
    first = list(dict.fromkeys(p for lead in leads for p in (lead.inputs or (lead.fact,))
                               if p in FACT_PATHS))
    facts = [r.target for r in q.rows if not r.is_checklist]
    assert facts[: len(first)] == first
    after = [r for r in q.rows[len(first):] if not r.is_checklist]
    assert any(r.why.startswith("stale") for r in after)  # stale facts follow the leads
    assert not any(r.why.startswith("stale") for r in q.rows[: len(first)])
    checklist = [r for r in q.rows if r.is_checklist]
    assert checklist and q.rows[-len(checklist):] == tuple(checklist)
    assert {r.target for r in checklist} <= VENDOR_ITEMS
    assert [r.number for r in q.rows] == list(range(1, len(q.rows) + 1))
    view = result.checklists[option]
    gaps = [t.item for t in view.items if t.item.kind == "evidence-gap"]
    assert gaps and all(g.from_vendor for g in gaps if g.id.startswith(("GAP-", "STALE-")))
    assert not any(t.item.from_vendor for t in view.items if t.item.kind == "legal-review")


def test_an_item_waits_on_the_vendor_until_evidence_or_done() -> None:
    from selector.checklist import GeneratedItem, TrackedItem

    def tracked(source: str, status: str = "open", links: tuple[str, ...] = ()) -> TrackedItem:
        item = GeneratedItem("DD-SUP-01", "catalogue", "support", "t", "a", "r", "e", "medium", (),
                             None, (), evidence_from=source)
        return TrackedItem(item, status, None, None, (), links, orphaned=False)

    assert tracked("vendor").waits_on_vendor
    assert tracked("vendor", "in-progress").waits_on_vendor
    assert not tracked("vendor", links=("SLA schedule (vendor questionnaire ddq-x)",)).waits_on_vendor
    assert not tracked("vendor", "done").waits_on_vendor
    assert not tracked("vendor", "not-applicable").waits_on_vendor
    assert not tracked("institution").waits_on_vendor
