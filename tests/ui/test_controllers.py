"""The TUI's workflows as plain Python: no App, no Pilot."""

from __future__ import annotations

from datetime import date

import pytest

from helpers import TODAY
from selector.engine import rank, reweight
from selector.result import Result
from selector.robustness import analyse, with_robustness
from selector_tui.controllers import COMPUTING, RobustnessController
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
