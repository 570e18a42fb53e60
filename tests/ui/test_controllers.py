"""The TUI's workflows as plain Python: no App, no Pilot."""

from __future__ import annotations

from datetime import date

import pytest

from helpers import TODAY
from selector import Result, analyse, rank, reweight, with_robustness
from selector_tui.controllers import COMPUTING, RerankController, RobustnessController
from selector_tui.session import Session


@pytest.fixture(scope="module")
def ranked() -> Result:
    return rank(today=TODAY)


def session_with(result: Result) -> Session:
    session = Session(assessment=None, today=date(2026, 11, 25))
    session.status = "ready"
    session.base = session.result = result
    return session


def test_the_analysis_is_attached_to_the_result_on_screen(ranked: Result) -> None:
    session = session_with(ranked)
    flow = RobustnessController(session)
    assert flow.wanted() and session.robustness_note == COMPUTING
    job = flow.start()
    assert job is ranked and flow.running
    analysed = with_robustness(job, analyse(job, samples=100))
    assert flow.finished(analysed) is False
    assert session.result is not None and session.result.robustness is analysed.robustness
    assert session.robustness_note == "" and not flow.wanted()


def test_a_rerank_while_analysing_starts_another_analysis(ranked: Result) -> None:
    session = session_with(ranked)
    flow = RobustnessController(session)
    job = flow.start()
    assert job is not None
    assert flow.start() is None  # one at a time
    session.result = reweight(ranked, {c.id: c.weight for c in ranked.criteria}, method="topsis")
    assert flow.finished(with_robustness(job, analyse(job, samples=100))) is True
    assert session.result.robustness is None
    again = flow.start()
    assert again is session.result


def test_a_failure_says_why(ranked: Result) -> None:
    session = session_with(ranked)
    flow = RobustnessController(session)
    flow.start()
    flow.failed("no options")
    assert not flow.running and session.robustness_note == "could not be computed: no options"


def test_a_burst_of_reranks_collapses_to_the_latest(ranked: Result) -> None:
    session = session_with(ranked)
    flow = RerankController(session)
    job = flow.request({**session.weights, "security": 0.5})
    assert job is not None and flow.running
    assert flow.request({**session.weights, "security": 0.6}) is None
    assert flow.request(method="topsis") is None  # only the latest request waits
    _, result, weights, method = job
    nxt = flow.finished(reweight(result, weights, method))
    assert session.result is not None and session.result.criteria != ranked.criteria
    assert nxt is not None and nxt[3] == "topsis" and nxt[0] == flow.seq
    assert flow.finished(reweight(nxt[1], nxt[2], nxt[3])) is None
    assert not flow.busy and session.result.method == "topsis"


def test_a_rerank_keeps_the_checklists_loaded_meanwhile(ranked: Result) -> None:
    import dataclasses

    session = session_with(ranked)
    flow = RerankController(session)
    job = flow.request(method="topsis")
    assert job is not None
    session.result = dataclasses.replace(ranked, checklist_revision=7)
    flow.finished(reweight(job[1], job[2], job[3]))
    assert session.result.checklist_revision == 7 and session.result.method == "topsis"


def test_a_failed_rerank_starts_the_waiting_one(ranked: Result) -> None:
    session = session_with(ranked)
    flow = RerankController(session)
    assert flow.request(method="topsis") is not None
    flow.request(method="vikor")
    nxt = flow.failed()
    assert nxt is not None and nxt[3] == "vikor"
    assert flow.request() is None and flow.pending is not None  # still one at a time
    assert session.result is ranked


def test_nothing_to_rerank_before_a_result() -> None:
    session = Session(assessment=None, today=date(2026, 11, 25))
    assert RerankController(session).request(method="topsis") is None
