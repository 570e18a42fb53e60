"""The report exporter: golden files, reproducibility, hostile strings, XLSX sheets, schema, Chromium.

Golden files live in tests/reports/golden/. After an intended change to a report, regenerate
them and review the diff:

    SELECTOR_REGEN_GOLDEN=1 .venv/bin/pytest tests/reports

The fixture (tests/reports/fixture/) is an insurer choosing among four offerings under its own
three-criterion set, presets and costs, so the golden files do not move when the bundled
catalogue does. Its names are hostile on purpose (markup, a spreadsheet formula, a bidi override).
"""

from __future__ import annotations

import dataclasses
import io
import json
import os
import re
import shutil
import subprocess
import time
import zipfile
from collections.abc import Iterator
from datetime import UTC, date, datetime
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest

from helpers import ROOT
from selector import InputError, UsageError
from selector.checklist import checklists, load_catalogue
from selector.io.output import write_output
from selector.reports import KINDS, generation_time, render_report, svg
from selector.reports.markdown import md_escape, md_link
from selector.reports.summary import NOTHING_CHANGED, decision_summary
from selector.reports.text import clean
from selector.reports.xlsx import SHEETS
from selector.result import AnalystChange, Result, frozen_map
from selector.robustness import (
    EvidenceLead,
    MethodAgreement,
    Reach,
    Robustness,
    Stability,
    headline,
    with_robustness,
)

HERE = Path(__file__).resolve().parent
FIXTURE = HERE / "fixture"
GOLDEN = HERE / "golden"
MINI = ROOT / "tests" / "data" / "checklist" / "mini.yaml"
SCHEMA = ROOT / "schema" / "result.schema.json"
TODAY = date(2026, 11, 25)
GENERATED = datetime(2026, 11, 25, 9, 30, tzinfo=UTC)
REGEN = os.environ.get("SELECTOR_REGEN_GOLDEN") == "1"
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")

SCRIPT = "</td><script>alert(1)</script>"
FORMULA = '=HYPERLINK("http://x","y")'
RTL = "Bank \u202eevil.exe\u202c and \u200fmark"
LONG = "L" * 10_000

STATE = {"options": {"alpha-cloud": {
    "DD-GOV-01": {"status": "done", "owner": "=cmd|' /C calc'!A0", "due": "2026-12-31"},
    "DD-MRM-01": {"status": "in-progress", "owner": "Risk | Model <validation>", "due": "2027-01-15"},
    "GONE-01": {"status": "open", "title": "Removed <b>item</b>", "priority": "high"},
}}}


def fixed_robustness() -> Robustness:
    """A fixed analysis as a real selector.robustness.Robustness, for the golden files: the
    reports' contract with the analysis is the real object, not a dict shaped like it."""
    return Robustness(
        method="wsm", samples=2000, seed=7,
        options=("alpha-cloud", "gamma-api", "beta-self-hosted"),
        criteria=("accessibility", "security", "data_localisation"),
        top_choice="alpha-cloud",
        verdict="alpha-cloud ranks first in 93% of 2,000 samples; gamma-api in 7%. "
                f"The recommendation is robust. {SCRIPT}",
        safety="robust",
        acceptability=frozen_map({"alpha-cloud": (0.93, 0.07, 0.0), "gamma-api": (0.07, 0.9, 0.03),
                                  "beta-self-hosted": (0.0, 0.03, 0.97)}),
        central_weights=frozen_map({
            "alpha-cloud": frozen_map({"accessibility": 0.26, "security": 0.54, "data_localisation": 0.2}),
            "gamma-api": frozen_map({"accessibility": 0.2, "security": 0.65, "data_localisation": 0.15}),
            "beta-self-hosted": None,
        }),
        confidence=frozen_map({"alpha-cloud": 0.97, "gamma-api": 0.12, "beta-self-hosted": None}),
        first_weights_only=frozen_map({"alpha-cloud": 0.95, "gamma-api": 0.05, "beta-self-hosted": 0.0}),
        first_evidence_only=frozen_map({"alpha-cloud": 0.97, "gamma-api": 0.03, "beta-self-hosted": 0.0}),
        stability=frozen_map({
            "accessibility": Stability("accessibility", 0.25, 0.0, 1.0, None, None, True),
            "security": Stability("security", 0.55, 0.0, 0.755, None, "gamma-api", True),
            "data_localisation": Stability("data_localisation", 0.2, 0.05, 1.0, "gamma-api", None, False),
        }),
        agreement=MethodAgreement(
            tau=frozen_map({"wsm/topsis": 1.0, "wsm/vikor": 0.333, "topsis/vikor": None}),
            top=frozen_map({"wsm": "alpha-cloud", "topsis": "alpha-cloud", "vikor": "gamma-api"}),
            skipped=frozen_map({})),
        weight_sampling=frozen_map({"kind": "around", "tolerance": 0.25,
                                    "description": "each weight x U(0.75, 1.25)"}),
        evidence_model=frozen_map({"varied": True, "unknown_facts_fixed": 2,
                                   "description": "unverified facts drawn on [0, max]; unknown facts fixed"}),
        evidence_to_obtain=(
            EvidenceLead("gamma-api", "security", "security.red_teaming", (), "unknown", "unknown", 0.0,
                         0.0, 30.0, 2, 1, 2, 61.5, 70.2, 61.5, True, "gamma-api",
                         f"Ask the vendor {SCRIPT}"),
            EvidenceLead("beta-self-hosted", "accessibility", "tco",
                         ("accessibility.input_price_usd_per_mtok",), "imputed", "31,000 USD/year", 20.0,
                         20.0, 35.0, 3, 3, 3, 40.0, 44.5, 40.0, False, None, None),
        ),
        reach=frozen_map({"alpha-cloud": Reach("alpha-cloud", 0, 1, 1, 1),
                          "gamma-api": Reach("gamma-api", 1, 2, 1, 2),
                          "beta-self-hosted": Reach("beta-self-hosted", 1, 3, 3, 3)}),
    )


def _portable(result: Result, root: Path) -> Result:
    """The fixture result without machine-specific paths and library versions."""
    prefix = str(root)

    def strip(value: Any) -> Any:
        if isinstance(value, str):
            return value.replace(prefix, "fixture")
        if isinstance(value, dict):
            return {k: strip(v) for k, v in value.items()}
        if isinstance(value, list):
            return [strip(v) for v in value]
        return value

    meta = dataclasses.replace(
        result.meta, tool_version="0.0.0-test", libraries=frozen_map({"fixture": "pinned"}),
        inputs=frozen_map({strip(k): v for k, v in sorted(result.meta.inputs.items())}))
    steps = tuple(dataclasses.replace(s, why=strip(s.why)) for s in result.weight_steps)
    assessment = frozen_map(strip(dict(result.assessment or {})))
    return dataclasses.replace(result, meta=meta, weight_steps=steps, assessment=assessment)


@pytest.fixture(scope="module")
def fixture_result(tmp_path_factory: pytest.TempPathFactory) -> Result:
    from selector.assess import run

    root = tmp_path_factory.mktemp("report-fixture")
    shutil.copytree(FIXTURE, root, dirs_exist_ok=True)
    cwd = os.getcwd()
    os.chdir(root)
    try:
        result = run("assessment.yaml", today=TODAY)
    finally:
        os.chdir(cwd)
    lists = checklists(result, load_catalogue(MINI).catalogue, STATE)
    result = dataclasses.replace(result, checklists=frozen_map(lists), checklist_revision=3)
    return with_robustness(_portable(result, root), fixed_robustness())


def render(kind: str, result: Result, robustness: Any = None) -> bytes:
    if robustness is None:
        return render_report(kind, result, generated_at=GENERATED)
    return render_report(kind, result, generated_at=GENERATED, robustness=robustness)


def xlsx_entries(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


# --------------------------------------------------------------------------------------------
# Golden files and reproducibility
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize("kind", KINDS)
def test_golden(kind: str, fixture_result: Result) -> None:
    data = render(kind, fixture_result)
    golden = GOLDEN / f"report.{kind}"
    if REGEN:
        GOLDEN.mkdir(exist_ok=True)
        golden.write_bytes(data)
    assert golden.exists(), f"missing {golden}; run: SELECTOR_REGEN_GOLDEN=1 .venv/bin/pytest tests/reports"
    if kind == "xlsx":
        # Compare what the archive holds: deflate output may differ between zlib builds.
        assert xlsx_entries(data) == xlsx_entries(golden.read_bytes())
    else:
        assert data.decode("utf-8") == golden.read_text("utf-8"), \
            "report changed; if intended: SELECTOR_REGEN_GOLDEN=1 .venv/bin/pytest tests/reports"


@pytest.mark.parametrize("kind", KINDS)
def test_same_inputs_and_source_date_epoch_give_identical_bytes(
    kind: str, fixture_result: Result, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1795000000")
    first = render_report(kind, fixture_result, robustness=fixed_robustness())
    if kind == "xlsx":
        time.sleep(1.1)  # a clock leaking into the zip or the document properties would show
    second = render_report(kind, fixture_result, robustness=fixed_robustness())
    assert first == second
    assert b"2026-11-18" in (first if kind != "xlsx" else xlsx_entries(first)["docProps/core.xml"])


def test_generation_time_rule(monkeypatch: pytest.MonkeyPatch) -> None:
    assert generation_time({"SOURCE_DATE_EPOCH": "0"}) == datetime(1970, 1, 1, tzinfo=UTC)
    with pytest.raises(InputError, match="SOURCE_DATE_EPOCH"):
        generation_time({"SOURCE_DATE_EPOCH": "yesterday"})
    before = datetime.now(UTC).replace(microsecond=0)
    assert before <= generation_time({}) <= datetime.now(UTC)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1795000000")
    assert generation_time() == datetime(2026, 11, 18, 11, 6, 40, tzinfo=UTC)


def test_unknown_kind_is_a_usage_error(fixture_result: Result) -> None:
    with pytest.raises(UsageError, match="html, md, xlsx, json"):
        render_report("pdf", fixture_result, generated_at=GENERATED)


# --------------------------------------------------------------------------------------------
# Content and structure
# --------------------------------------------------------------------------------------------


def test_sections_in_order(fixture_result: Result) -> None:
    html = render("html", fixture_result).decode()
    md = render("md", fixture_result).decode()
    titles = ["Decision summary", "End of the decision summary", "Appendix: the full detail",
              "1. Context", "2. Ranking", "3. Robustness", "4. Shortlisted options", "5. Excluded options",
              "6. Audit trail"]
    for text in (html, md):
        positions = [text.index(t) for t in titles]
        assert positions == sorted(positions)
    # one section per shortlisted option, in ranking order, after section 4's heading
    names = [r.id for r in fixture_result.ranking]
    spots = [md.index(f"id {n}.") for n in names]
    assert spots == sorted(spots) and spots[0] > md.index("## 4. Shortlisted options")


def test_reads_the_result_and_recomputes_nothing(fixture_result: Result) -> None:
    row = dataclasses.replace(fixture_result.ranking[0], score=12.3456)
    doctored = dataclasses.replace(fixture_result, ranking=(row, *fixture_result.ranking[1:]))
    assert "Score <strong>12.35</strong>" in render("html", doctored).decode()
    data = json.loads(render("json", doctored))
    assert data["ranking"][0]["score"] == 12.3456 and data["summary"]["recommendation"]["score"] == 12.3456


# --------------------------------------------------------------------------------------------
# The one-page decision summary
# --------------------------------------------------------------------------------------------

ALPHA = "Alpha </td><script>alert(1)</script> via Cloud, Hong Kong"
CHANGE = AnalystChange("weights", "security 55.0%", "security 70.0%", "selector report --weights security=7",
                       frozen_map({"security": (0.55, 0.7)}))


def _md_summary(result: Result) -> str:
    md = render("md", result).decode()
    return md[:md.index("End of the decision summary")]


def _html_summary(result: Result) -> str:
    html = render("html", result).decode()
    return html[html.index('<section id="summary"'):html.index("End of the decision summary")]


def test_decision_summary_is_built_from_typed_data(fixture_result: Result) -> None:
    rob = fixture_result.robustness
    assert rob is not None
    s = decision_summary(fixture_result, rob)
    assert s.recommendation is not None and s.runner_up is not None
    assert (s.recommendation.id, s.recommendation.name) == ("alpha-cloud", ALPHA)
    assert s.runner_up.id == "gamma-api" and s.runner_up.score == fixture_result.ranking[1].score
    assert s.recommendation.status == fixture_result.lifecycle["alpha-cloud"].state.status
    assert s.sentence == headline(fixture_result, rob)
    assert s.sentence.startswith(f"{ALPHA} is recommended: it ranks first at the stated weights and in 93%")
    assert [(lead.option, lead.fact) for lead in s.leads] == [
        ("gamma-api", "security.red_teaming"), ("beta-self-hosted", "accessibility.input_price_usd_per_mtok")]
    assert s.leads[0].effect == "if favourable, it rises from rank 2 to first and would be recommended"
    assert s.leads[1].effect == "it stays at rank 3 either way; the recommendation holds"
    assert s.leads[0].text.startswith(
        s.leads[0].option_name + ": red teaming [security.red_teaming] (unknown) → ")
    assert [(g.gate, g.count, g.options) for g in s.gates] == [
        ("processing_jurisdictions", 1, ("Delta API, United States",)),
        ("storage_jurisdictions", 1, ("Delta API, United States",))]
    assert (s.excluded_total, s.gates_total) == (1, 2)
    assert [(c.option, c.count) for c in s.open_high] == [("alpha-cloud", 6), ("gamma-api", 9)]
    assert s.open_high_total == 15 and len(s.open_items) == 5
    assert s.open_items[0].item == "DD-MRM-01" and s.open_items[0].due == "2027-01-15"  # due first
    assert "DD-GOV-01" not in {i.item for i in s.open_items}  # done
    assert s.analyst_changes == () and s.analyst_text == (NOTHING_CHANGED,)
    assert [c.id for c in s.chart] == [r.id for r in fixture_result.ranking[:3]]
    assert [(a.id, a.first) for a in s.acceptability] == [("alpha-cloud", 0.93), ("gamma-api", 0.07)]


def test_a_tie_for_first_is_said_with_its_tie_break_and_its_leads_break_it(fixture_result: Result) -> None:
    rob = fixture_result.robustness
    assert rob is not None
    assert decision_summary(fixture_result, rob).tie is None  # alpha leads gamma on score
    first, second, *rest = fixture_result.ranking
    tied = dataclasses.replace(fixture_result, ranking=(
        first, dataclasses.replace(second, rank=first.rank, score=first.score), *rest))
    s = decision_summary(tied, rob)
    assert s.tie is not None and s.tie.startswith(f"Tied for first: {ALPHA} and {second.name} have")
    assert "tie-break (fewer unknown facts, then the id)" in s.tie
    assert s.leads[0].option == "gamma-api"
    assert s.leads[0].effect == "if favourable, it breaks the tie for first and would be recommended"
    md = render_report("md", tied, generated_at=GENERATED, robustness=rob).decode()
    html = render_report("html", tied, generated_at=GENERATED, robustness=rob).decode()
    assert "**Tied for first: " in md and "Tied for first:" in html and "0.00 behind" in md
    assert "Tied for first" not in render_report("md", fixture_result, generated_at=GENERATED,
                                                 robustness=rob).decode()


def test_the_verdict_word_leads_the_sentence(fixture_result: Result) -> None:
    rob = fixture_result.robustness
    assert rob is not None and rob.safety
    md = render_report("md", fixture_result, generated_at=GENERATED, robustness=rob).decode()
    assert f"**Verdict: {rob.safety}.** " in md
    assert f"<strong>Verdict: {rob.safety}.</strong> " in render_report(
        "html", fixture_result, generated_at=GENERATED, robustness=rob).decode()


def test_the_summary_keeps_three_leads_and_three_gates(fixture_result: Result) -> None:
    rob = fixture_result.robustness
    assert rob is not None
    top = dataclasses.replace(rob.evidence_to_obtain[0], option="alpha-cloud", rank=1, worst_rank=3,
                              best_rank=1, takes_over="gamma-api")
    moved = dataclasses.replace(rob.evidence_to_obtain[1], changes_recommendation=False, best_rank=2,
                                worst_rank=3)
    more = dataclasses.replace(rob, evidence_to_obtain=(top, moved, *rob.evidence_to_obtain))
    ex = fixture_result.excluded[0]
    excluded = tuple(dataclasses.replace(ex, id=f"x{i}", name=f"X{i}", reasons=("a",) * len(gates),
                                         gates=gates)
                     for i, gates in enumerate([("lifecycle",), ("user_cap", "lifecycle"), ("min_scores",),
                                                ("user_cap",), ("lifecycle",)]))
    s = decision_summary(dataclasses.replace(fixture_result, excluded=excluded), more)
    assert len(s.leads) == 3 and s.leads_total == 4
    runner = fixture_result.ranking[1].name
    assert s.leads[0].effect == f"if unfavourable, it falls to rank 3 and {runner} would be recommended"
    assert s.leads[1].effect == "it could move from rank 3 up to rank 2; the recommendation holds"
    assert [(g.gate, g.count) for g in s.gates] == [("lifecycle", 3), ("user_cap", 2), ("min_scores", 1)]
    assert s.gates_total == 3 and s.excluded_total == 5


def test_summary_in_markdown(fixture_result: Result) -> None:
    md = _md_summary(fixture_result)
    assert md.startswith("# Decision summary: ")
    assert "**Recommended:** Alpha \\</td\\>" in md and "(id alpha-cloud), score 86.25, rank 1 of 3" in md
    assert "**Runner-up:** Gamma API" in md and "6.00 behind. Lifecycle: unknown." in md
    assert "is recommended: it ranks first at the stated weights and in 93% of 2,000 samples" in md
    assert "1. **Gamma API" in md
    assert ("red teaming [security.red_teaming] (unknown) → if favourable, it rises from rank 2"
            in md.replace("\\", ""))
    assert "2. **\\=HYPERLINK" in md and "3. **" not in md  # two leads in the fixture
    assert "- **Processing jurisdictions**: 1 option (Delta API, United States)" in md
    assert "1 option excluded by 2 gates" in md
    assert "**15** open" in md and md.count("](") == 0
    assert "**High risk** (DD-MRM-01, in-progress, due 2027-01-15)" in md
    assert "- " + NOTHING_CHANGED in md
    assert "| Security | 55.0% | ████████·· 75.0 | ██████████ 100.0 | █········· 10.0 |" in md
    changed = _md_summary(dataclasses.replace(fixture_result, analyst_changes=(CHANGE,)))
    assert "- Weights changed by the analyst from security 55.0% to security 70.0% (selector report " \
           "--weights security=7)" in changed
    assert NOTHING_CHANGED not in changed


def test_summary_in_html(fixture_result: Result) -> None:
    html = _html_summary(fixture_result)
    assert "Alpha &lt;/td&gt;&lt;script&gt;alert(1)&lt;/script&gt; via Cloud, Hong Kong</a>" in html
    assert '<span class="tag">alpha-cloud</span>' in html and '<span class="tag">gamma-api</span>' in html
    assert "Lifecycle: unknown" in html and "Score <strong>80.25</strong>, rank 2 of 3; 6.00 behind." in html
    assert "is recommended: it ranks first at the stated weights and in 93%" in html
    assert html.count("→") == 2 and "<strong>Processing jurisdictions</strong>: 1 option" in html
    assert "<strong>15</strong> open" in html and "<strong>High risk</strong>" in html
    assert NOTHING_CHANGED in html
    assert 'aria-labelledby="summary-scores-t' in html and 'aria-labelledby="summary-acceptability-t' in html
    changed = _html_summary(dataclasses.replace(fixture_result, analyst_changes=(CHANGE,)))
    assert "Weights changed by the analyst from security 55.0% to security 70.0%" in changed
    assert NOTHING_CHANGED not in changed


def test_summary_in_xlsx_is_the_first_sheet_with_numbers(fixture_result: Result) -> None:
    book = _open_xlsx(render("xlsx", fixture_result))
    assert book.sheetnames[0] == "Summary"
    ws = book["Summary"]
    assert [c.value for c in ws[1]] == ["Section", "Item", "Value", "Detail"]
    rows = {(r[0].value, r[1].value): r for r in ws.iter_rows(min_row=2)}
    top = rows[("Recommended", clean(ALPHA))]
    assert isinstance(top[2].value, float) and top[2].number_format == "0.00"
    assert rows[("Gates", "Processing jurisdictions")][2].value == 1
    assert rows[("Gates", "Excluded options")][2].value == 1
    assert rows[("Open high-priority items", "All")][2].value == 15
    share = rows[("Ranks first in (share of samples)", clean(ALPHA))][2]
    assert share.value == 0.93 and share.number_format == "0.0%"
    points = [r for r in ws.iter_rows(min_row=2) if r[0].value == "Points"]
    assert len(points) == 3 * 3 and all(isinstance(r[2].value, int | float) for r in points)
    assert rows[("Analyst changes", None)][2].value == NOTHING_CHANGED
    changed = _open_xlsx(render("xlsx", dataclasses.replace(fixture_result, analyst_changes=(CHANGE,))))
    assert [r[2] for r in _rows(changed["Summary"]) if r[0] == "Analyst changes"] == [CHANGE.text]


def test_summary_in_json(fixture_result: Result) -> None:
    data = json.loads(render("json", fixture_result))
    s = data["summary"]
    assert s == json.loads(json.dumps(decision_summary(fixture_result, fixture_result.robustness).as_dict()))
    assert s["recommendation"]["name"] == ALPHA and s["runner_up"]["id"] == "gamma-api"
    assert s["gates"][0] == {"gate": "processing_jurisdictions", "label": "Processing jurisdictions",
                             "count": 1, "options": ["Delta API, United States"]}
    assert s["open_high_priority"]["total"] == 15 and len(s["open_high_priority"]["top"]) == 5
    assert s["analyst_changes"] == [NOTHING_CHANGED]
    changed = json.loads(render("json", dataclasses.replace(fixture_result, analyst_changes=(CHANGE,))))
    assert changed["summary"]["analyst_changes"] == [CHANGE.text]
    _validate(changed)


def test_summary_without_robustness_or_ranking(fixture_result: Result) -> None:
    bare = decision_summary(dataclasses.replace(fixture_result, robustness=None), None)
    assert not bare.robustness_computed and bare.leads == () and bare.acceptability == ()
    assert bare.sentence.startswith("The robustness analysis was not computed") and ALPHA in bare.sentence
    empty = decision_summary(dataclasses.replace(fixture_result, ranking=(), checklists=frozen_map({})), None)
    assert empty.recommendation is None and empty.runner_up is None and empty.sentence.startswith("No option")
    assert empty.chart == () and not empty.has_checklists and empty.gates


def test_summary_charts_are_deterministic(fixture_result: Result) -> None:
    first, second = (render("html", fixture_result).decode() for _ in range(2))
    charts = re.findall(r'<svg[^>]*aria-labelledby="summary-.*?</svg>', first, flags=re.S)
    assert len(charts) == 2 and charts == re.findall(r'<svg[^>]*aria-labelledby="summary-.*?</svg>', second,
                                                     flags=re.S)
    for chart in charts:  # coordinates rounded: no float noise in the golden files
        assert not re.search(r'="-?\d+\.\d{2,}"', chart), chart
    bars = svg.score_bars("c", "t", [("Cost", "25%"), ("Security", "55%")], ["A", "B"],
                          [[100.0, 33.333333], [None, 0.0]], [(0.0, 100.0), (0.0, 100.0)])
    assert bars == svg.score_bars("c", "t", [("Cost", "25%"), ("Security", "55%")], ["A", "B"],
                                  [[100.0, 33.333333], [None, 0.0]], [(0.0, 100.0), (0.0, 100.0)])
    assert 'height="32.0"' in bars and ">33</text>" in bars and "Security (55%): A 33.3, B 0.0" in bars


def test_every_option_excluded_still_gives_a_report(fixture_result: Result) -> None:
    empty = dataclasses.replace(fixture_result, ranking=(), checklists=frozen_map({}))
    assert "No recommendation" in render_report("html", empty, generated_at=GENERATED).decode()
    assert "No recommendation" in render_report("md", empty, generated_at=GENERATED).decode()
    assert _open_xlsx(render_report("xlsx", empty, generated_at=GENERATED)).sheetnames == list(SHEETS)
    assert json.loads(render_report("json", empty, generated_at=GENERATED))["ranking"] == []


def test_robustness_not_computed_is_said_in_every_format(fixture_result: Result) -> None:
    fixture_result = dataclasses.replace(fixture_result, robustness=None)
    html = render_report("html", fixture_result, generated_at=GENERATED).decode()
    md = render_report("md", fixture_result, generated_at=GENERATED).decode()
    assert html.count("Not computed.") == 1 and md.count("**Not computed.**") == 1  # the appendix
    for text in (html, md):  # and the summary, in its own words
        assert "The robustness analysis was not computed for this report, so nothing here says" in text
        assert "Not computed: the robustness analysis was not run." in text
    book = _open_xlsx(render_report("xlsx", fixture_result, generated_at=GENERATED))
    assert book["Robustness"]["A2"].value == "not computed"
    data = json.loads(render_report("json", fixture_result, generated_at=GENERATED))
    assert data["robustness"] is None


def test_html_is_self_contained_and_accessible(fixture_result: Result) -> None:
    html = render("html", fixture_result).decode()
    tags = _tags(html)
    names = {t for t, _ in tags}
    assert not names & {"script", "iframe", "object", "embed", "img", "link", "base", "form", "frame"}
    for tag, attrs in tags:
        assert not any(k.startswith("on") for k, _ in attrs), (tag, attrs)
        assert "src" not in dict(attrs)
        href = dict(attrs).get("href")
        if href is not None:
            assert tag == "a" and (href.startswith("#") or re.match(r"https?://", href)), href
    assert "@import" not in html and "url(" not in html
    assert "@media print" in html and "size: A4" in html and "break-before: page" in html
    assert html.count('<th scope="col"') > 20 and '<th scope="row"' in html
    # 3 bars + heatmap + the summary's two charts
    assert html.count("<svg") == 6 and html.count("<svg") == html.count("<title id=")
    assert '<nav class="toc"' in html and "<h1>" in html
    for word in ("UNKNOWN", "STALE", "UNVERIFIED"):
        assert f">{word}</span>" in html  # flags in words, not colour


def test_heatmap_and_charts_carry_their_numbers(fixture_result: Result) -> None:
    html = render("html", fixture_result).decode()
    heat = html[html.index("Rank acceptability: share"):]
    assert ">93%</text>" in heat and ">97%</text>" in heat
    assert "Rank 3</text>" in heat
    first_chart = html[html.index('aria-labelledby="chart-0-t'):]
    assert ">100.0</text>" in first_chart[: first_chart.index("</svg>")]


# --------------------------------------------------------------------------------------------
# Hostile strings through every format
# --------------------------------------------------------------------------------------------


def _hostile(result: Result) -> Result:
    """Every kind of hostile string in names, notes, assessment text and checklist owners."""
    bad = [f"{SCRIPT} option", FORMULA, RTL, LONG + " end"]
    ranking = tuple(dataclasses.replace(r, name=bad[i % len(bad)]) for i, r in enumerate(result.ranking))
    excluded = tuple(dataclasses.replace(e, name=LONG, reasons=(FORMULA, "\t=1+1", "\r@SUM(A1)"),
                                         gates=(FORMULA, "\t=1+1", "lifecycle"))
                     for e in result.excluded)
    assessment = dict(result.assessment or {})
    assessment["institution"] = {**assessment["institution"], "name": SCRIPT + RTL}
    first = result.ranking[0].id
    traces = dict(result.traces)
    crit = next(iter(traces[first]))
    score = traces[first][crit]
    entries = tuple(dataclasses.replace(e, note=f"{FORMULA} {RTL}", value="-1 | `x`") for e in score.trace)
    traces[first] = frozen_map({**traces[first], crit: dataclasses.replace(score, trace=entries)})
    return dataclasses.replace(result, ranking=ranking, excluded=excluded, assessment=frozen_map(assessment),
                               traces=frozen_map(traces))


def test_hostile_strings_in_html(fixture_result: Result) -> None:
    html = render("html", _hostile(fixture_result)).decode()
    assert "<script" not in html.lower()
    assert "&lt;/td&gt;&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "\u202e" not in html and "[U+202E]evil.exe[U+202C]" in html
    prose = re.sub(r"<svg.*?</svg>", "", html, flags=re.S)  # chart labels are clipped, titles whole
    assert "L" * 100 not in prose and ("L" * 24 + "<wbr>") in prose  # the long name can wrap
    assert "=HYPERLINK(&#34;http://x&#34;,&#34;y&#34;)" in html
    assert not {t for t, _ in _tags(html)} & {"script", "td/script"}


def test_hostile_strings_in_markdown(fixture_result: Result) -> None:
    md = render("md", _hostile(fixture_result)).decode()
    assert not re.search(r"(?<!\\)[<>]", md) and "\\<script\\>alert(1)" in md  # no raw tag at all
    assert "\u202e" not in md and "\\[U+202E\\]evil.exe" in md
    assert LONG in md
    _assert_tables_intact(md)
    for line in md.splitlines():
        assert not re.match(r"\s*(=|\+|@|#{7})", line), line


def test_hostile_strings_in_xlsx(fixture_result: Result) -> None:
    book = _open_xlsx(render("xlsx", _hostile(fixture_result)))
    seen_long = False
    for ws in book.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                assert cell.data_type != "f", (ws.title, cell.coordinate, cell.value)
                if isinstance(cell.value, str):
                    assert not cell.value.startswith(FORMULA_START), (ws.title, cell.coordinate, cell.value)
                    assert "\u202e" not in cell.value
                    seen_long = seen_long or LONG in cell.value
    assert seen_long
    ranking = [c.value for c in book["Ranking"]["D"][1:]]
    assert "'" + FORMULA in ranking
    assert "'\t=1+1" in [c.value for c in book["Exclusions"]["D"][1:]]


def test_xml_illegal_characters_leave_an_xlsx_that_opens(fixture_result: Result) -> None:
    """U+FFFF, U+FFFE, a C0 control and a lone surrogate in a name made a file Excel and
    openpyxl refused; they are replaced by U+FFFD."""
    names = ["A\uffffB", "C\ufffeD", "E\x01F", "G\ud800H"]
    ranking = tuple(dataclasses.replace(r, name=names[i % len(names)])
                    for i, r in enumerate(fixture_result.ranking))
    book = _open_xlsx(render("xlsx", dataclasses.replace(fixture_result, ranking=ranking)))
    shown = {c.value for c in book["Ranking"]["D"][1:]}
    assert shown and shown <= {"A\ufffdB", "C\ufffdD", "E\ufffdF", "G\ufffdH"}


def test_hostile_strings_in_json(fixture_result: Result) -> None:
    hostile = _hostile(fixture_result)
    raw = render("json", hostile)
    assert "\u202e".encode() not in raw and b"\\u202e" in raw
    data = json.loads(raw)
    assert [r["name"] for r in data["ranking"]] == [r.name for r in hostile.ranking]  # lossless
    assert data["assessment"]["institution"]["name"] == SCRIPT + RTL


def test_markdown_escaping_rules() -> None:
    assert md_escape("a | b") == "a \\| b"
    assert md_escape("`x` *y* [z](u) <b>") == "\\`x\\` \\*y\\* \\[z\\](u) \\<b\\>"
    assert md_escape("# h") == "\\# h" and md_escape("- x") == "\\- x" and md_escape("+1") == "\\+1"
    assert md_escape("=SUM(A1)") == "\\=SUM(A1)" and md_escape("1. x") == "1\\. x"
    assert md_escape("line\nbreak\r\n# not a heading") == "line break # not a heading"
    assert md_escape("data_localisation _x_") == "data_localisation \\_x\\_"
    assert md_escape("-") == "-" and md_escape(None) == "-"
    assert str(md_link("t", "https://e.org/a b)|<x>")) == "[t](https://e.org/a%20b%29%7C%3Cx%3E)"


# --------------------------------------------------------------------------------------------
# XLSX sheet by sheet
# --------------------------------------------------------------------------------------------


def _open_xlsx(data: bytes) -> Any:
    openpyxl = pytest.importorskip("openpyxl")
    return openpyxl.load_workbook(io.BytesIO(data))


def _rows(ws: Any) -> list[tuple[Any, ...]]:
    return list(ws.iter_rows(min_row=2, values_only=True))


def test_xlsx_sheet_by_sheet(fixture_result: Result) -> None:
    book = _open_xlsx(render("xlsx", fixture_result))
    assert book.sheetnames == list(SHEETS)
    for ws in book.worksheets:
        assert ws.freeze_panes == "A2", ws.title
        assert ws.auto_filter.ref and ws.auto_filter.ref.startswith("A1:"), ws.title
        assert all(c.font.bold for c in ws[1] if c.value is not None), ws.title
        assert 8 <= ws.column_dimensions["A"].width <= 60, ws.title
    assert book.properties.created == datetime(2026, 11, 25, 9, 30)
    assert book.properties.modified == datetime(2026, 11, 25, 9, 30)
    result = fixture_result
    summary = {(r[0], r[1]): r for r in _rows(book["Summary"])}
    assert summary[("Recommended", clean(result.ranking[0].name))][2] == result.ranking[0].score
    assert summary[("Runner-up", clean(result.ranking[1].name))][2] == result.ranking[1].score
    ranking = _rows(book["Ranking"])
    assert [r[4] for r in ranking] == [r.id for r in result.ranking]
    assert [r[7] for r in ranking] == [r.score for r in result.ranking]
    assert [r[0] for r in ranking] == [r.rank for r in result.ranking]  # a number: Excel sorts 2 before 10
    scores = _rows(book["Scores"])
    headers = [c.value for c in book["Scores"][1]][2:-1]
    assert headers == [f"{c.name} ({c.weight * 100:.1f}%)" for c in result.criteria]
    assert scores[0][2:-1] == tuple(result.ranking[0].scores[c.id] for c in result.criteria)
    trace = _rows(book["Trace"])
    assert len(trace) == sum(len(s.trace) for r in result.ranking for s in result.traces[r.id].values())
    assert {r[4] for r in trace} >= {"security.red_teaming", "data_localisation.hk_processing"}
    unknown = [r for r in trace if r[4] == "security.red_teaming" and r[1] == "alpha-cloud"]
    assert unknown and unknown[0][10] == "UNKNOWN"
    exclusions = _rows(book["Exclusions"])
    assert len(exclusions) == sum(len(e.reasons) for e in result.excluded)
    assert exclusions[0][1] == "delta-us"
    robustness = _rows(book["Robustness"])
    assert robustness[0][:5] == (clean(result.ranking[0].name), "alpha-cloud", 0.93, 0.07, 0.0)
    assert [c.value for c in book["Robustness"][1]][2:5] == ["Rank 1", "Rank 2", "Rank 3"]
    checklist = _rows(book["Checklist"])
    assert len(checklist) == sum(len(c.items) for c in result.checklists.values())
    done = [r for r in checklist if r[2] == "DD-GOV-01" and r[1] == "alpha-cloud"]
    assert done[0][10] == "done" and done[0][11] == "'=cmd|' /C calc'!A0"
    assert any(r[2] == "GONE-01" and r[13] == "yes" for r in checklist)
    evidence = _rows(book["Evidence"])
    assert ("alpha-cloud", "security.red_teaming") in {(r[1], r[3]) for r in evidence}
    assert any(r[9] and "STALE" in r[9] for r in evidence)  # beta's profile is past review
    audit = _rows(book["Audit"])
    digests = {r[1]: r[2] for r in audit if r[0] == "input sha256"}
    assert digests == dict(result.meta.inputs)
    assert ("run", "robustness seed", "7") in audit


# --------------------------------------------------------------------------------------------
# JSON and its schema
# --------------------------------------------------------------------------------------------


def _validate(data: dict[str, Any]) -> str:
    """Validate against the shipped schema with jsonschema if installed, else a structural check."""
    schema = json.loads(SCHEMA.read_text("utf-8"))
    try:
        import jsonschema
    except ImportError:
        assert set(schema["required"]) <= set(data) and not set(data) - set(schema["properties"])
        for key, spec in schema["properties"].items():
            if key not in data:  # an optional section (evidence_audit, evaluations)
                continue
            kind = spec.get("type")
            if kind in ("array", "object", "string", "boolean"):
                expected = {"array": list, "object": dict, "string": str, "boolean": bool}[kind]
                assert isinstance(data[key], expected), key
        for row in data["ranking"]:
            assert set(schema["$defs"]["rankedOption"]["required"]) <= set(row)
        return "structural"
    jsonschema.Draft202012Validator.check_schema(schema)
    jsonschema.Draft202012Validator(schema).validate(data)
    return "jsonschema"


def test_json_is_the_whole_result_and_matches_the_schema(fixture_result: Result) -> None:
    data = json.loads(render("json", fixture_result))
    _validate(data)
    assert data["generated_at"] == "2026-11-25T09:30:00Z" and data["report_version"] == "2"
    assert data["robustness"]["seed"] == 7
    expected = fixture_result.as_dict()
    for key in ("ranking", "criteria", "excluded", "meta", "checklists"):
        assert data[key] == json.loads(json.dumps(expected[key]))
    trace = data["traces"]["alpha-cloud"]["security"]["trace"]
    rules = [e.rule for e in fixture_result.traces["alpha-cloud"]["security"].trace]
    assert [t["rule"] for t in trace] == rules


def _examples() -> Iterator[Path]:
    found = (ROOT / "examples").glob("*.yaml")
    return iter(sorted(p for p in found if not p.name.endswith(".checklist.yaml")))


@pytest.mark.parametrize("example", list(_examples()), ids=lambda p: p.stem)
def test_example_outputs_match_the_schema(example: Path) -> None:
    from selector.assess import run

    result = run(example, today=TODAY)
    result = dataclasses.replace(result, checklists=frozen_map(
        checklists(result, load_catalogue(MINI).catalogue, {})))
    robustness = _real_robustness(result)
    outputs = {kind: render_report(kind, result, generated_at=GENERATED, robustness=robustness)
               for kind in KINDS}
    # every exclusion reason of the bundled catalogue names the gate behind it
    assert all(e.gates and len(e.gates) == len(e.reasons) for e in result.excluded)
    how = _validate(json.loads(outputs["json"]))
    assert how in ("jsonschema", "structural")
    assert result.ranking[0].name in outputs["html"].decode()


def _real_robustness(result: Result) -> Any:
    try:
        from selector.robustness import analyse
    except ImportError:
        return None
    return analyse(result, samples=1000, seed=0)


def test_real_robustness_analysis_renders(fixture_result: Result) -> None:
    robustness = _real_robustness(fixture_result)
    if robustness is None:
        pytest.skip("selector.robustness is not there yet")
    html = render_report("html", fixture_result, generated_at=GENERATED, robustness=robustness).decode()
    assert "Not computed" not in html and "Rank acceptability: share" in html
    data = json.loads(render_report("json", fixture_result, generated_at=GENERATED, robustness=robustness))
    assert data["robustness"]["samples"] == 1000
    # the summary's sentence is the verdict's first sentence, word for word
    assert robustness.verdict.startswith(data["summary"]["sentence"] + " The recommendation is ")
    _validate(data)


# --------------------------------------------------------------------------------------------
# Writing the file
# --------------------------------------------------------------------------------------------


def test_reports_are_written_atomically_and_never_clobbered(fixture_result: Result, tmp_path: Path) -> None:
    target = tmp_path / "new" / "folder" / "report.html"
    data = render("html", fixture_result)
    write_output(target, data)
    assert target.read_bytes() == data
    with pytest.raises(InputError, match="already exists; use --force"):
        write_output(target, b"other")
    write_output(target, b"other", force=True)
    assert target.read_bytes() == b"other"
    blocker = tmp_path / "a-file"
    blocker.write_text("x")
    with pytest.raises(InputError) as caught:
        write_output(blocker / "report.html", data)
    assert "\n" not in str(caught.value) and "cannot write" in str(caught.value)


def test_templates_are_package_data() -> None:
    from importlib.resources import files

    folder = files("selector.reports") / "templates"
    for name in ("report.html.j2", "report.md.j2", "report.css.j2"):
        assert (folder / name).is_file()


# --------------------------------------------------------------------------------------------
# Headless Chromium: the committee's view, printed to PDF
# --------------------------------------------------------------------------------------------


def _chromium(*args: str, user_data: Path) -> None:
    command = [shutil.which("chromium") or "chromium", "--headless", "--no-sandbox", "--disable-gpu",
               "--no-first-run", "--disable-background-networking", "--disable-component-update",
               "--disable-sync", f"--user-data-dir={user_data}", *args]
    subprocess.run(command, check=True, capture_output=True, timeout=180)


@pytest.mark.skipif(shutil.which("chromium") is None,
                    reason="chromium is not on PATH (.ci/run installs Debian's chromium package)")
def test_html_renders_in_headless_chromium(fixture_result: Result, tmp_path: Path) -> None:
    page = tmp_path / "report.html"
    page.write_bytes(render("html", fixture_result))
    pdf, png = tmp_path / "report.pdf", tmp_path / "report.png"
    _chromium("--no-pdf-header-footer", f"--print-to-pdf={pdf}", page.as_uri(), user_data=tmp_path / "p")
    _chromium("--hide-scrollbars", "--window-size=1280,2000", f"--screenshot={png}", page.as_uri(),
              user_data=tmp_path / "s")
    assert pdf.read_bytes().startswith(b"%PDF") and pdf.stat().st_size > 20_000
    assert png.read_bytes().startswith(b"\x89PNG") and png.stat().st_size > 20_000
    if shutil.which("pdftotext") is None:
        return
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], check=True, capture_output=True,
                          text=True, timeout=60).stdout
    assert "2. Ranking" in text and "Recommended" in text
    pages = text.split("\f")
    # The decision summary is page 1, all of it, and nothing else is.
    assert "End of the decision summary" in pages[0] and "Appendix: the full detail" not in pages[0]
    assert "Appendix: the full detail" in pages[1]
    top = " ".join(text.split())
    assert "Alpha </td><script>alert(1)</script> via Cloud" in top  # shown as text, never run
    assert "=HYPERLINK" in top and "Audit trail" in top


# --------------------------------------------------------------------------------------------
# Helpers
# --------------------------------------------------------------------------------------------


class _TagCollector(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, list[tuple[str, str | None]]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, attrs))


def _tags(html: str) -> list[tuple[str, list[tuple[str, str | None]]]]:
    parser = _TagCollector()
    parser.feed(html)
    return parser.tags


def _assert_tables_intact(md: str) -> None:
    """Every row of a GFM table has as many unescaped pipes as the table's header."""
    block: list[str] = []
    for line in [*md.splitlines(), ""]:
        if line.startswith("|"):
            block.append(line)
            continue
        if block:
            counts = {len(re.findall(r"(?<!\\)\|", row)) for row in block}
            assert len(counts) == 1, block[:3]
            block = []
