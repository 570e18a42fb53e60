"""The app's workflows as plain Python: what to start, and what a finished job changes.

No Textual here: the app runs the jobs these controllers ask for in its workers and hands the
outcomes back, so each workflow is unit-tested without a Pilot. The session is the only state;
the result on screen is the only place derived facts live (its robustness included).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from selector_tui.session import Session

if TYPE_CHECKING:
    from selector.result import Result

COMPUTING = "computing…"
NOT_COMPUTED = "not computed yet"

RobustKey = tuple[Any, ...]


def robust_key(result: Result) -> RobustKey:
    """What a robustness analysis depends on beyond the scores: the weights and the method."""
    weights = tuple(sorted((c.id, round(c.weight, 9)) for c in result.criteria))
    return (weights, result.method)


class RobustnessController:
    """Keeps the result on screen analysed: one analysis at a time, the newest request wins.

    The analysis is attached to the result (``Result.robustness``); a re-ranked result comes back
    from the engine without one, so it is analysed again. Nothing is kept beside the result.
    """

    def __init__(self, session: Session) -> None:
        self.session = session
        self.running = False
        self.again = False

    def wanted(self) -> bool:
        """The result on screen has no analysis: note that one is being computed."""
        result = self.session.result
        if result is None or result.robustness is not None:
            return False
        self.session.robustness_note = COMPUTING
        return True

    def start(self) -> Result | None:
        """The result to analyse now, or None (nothing on screen, or one already running: it
        is started again when that one finishes)."""
        result = self.session.result
        if result is None:
            return None
        if self.running:
            self.again = True
            return None
        self.running = True
        self.again = False
        return result

    def finished(self, analysed: Result) -> bool:
        """Attach the analysis if it is of the result on screen; True when another run is
        needed (the result moved on while it ran)."""
        self.running = False
        current = self.session.result
        if current is None:
            return False
        if self.again or robust_key(analysed) != robust_key(current):
            self.again = False
            return True
        from selector.robustness import with_robustness

        assert analysed.robustness is not None
        self.session.result = with_robustness(current, analysed.robustness)
        self.session.robustness_note = ""
        return False

    def failed(self, message: str) -> None:
        self.running = False
        self.session.robustness_note = f"could not be computed: {message}"

    def reset(self) -> None:
        self.running = self.again = False


RerankJob = tuple[int, "Result", dict[str, float], str]
"""(sequence number, the result to re-rank, weights, method)."""


class RerankController:
    """Re-ranking as weights move: one job at a time, a burst collapses to its latest request,
    and a finished job lands on the result on screen with the checklists it holds."""

    def __init__(self, session: Session) -> None:
        self.session = session
        self.running = False
        self.pending: tuple[int, dict[str, float], str] | None = None
        self.seq = 0
        self.pending_origin: tuple[str | None, str | None] = (None, None)
        self.origin: tuple[str | None, str | None] = (None, None)
        """Where the running job's change was made, and the preset it applies (or None): what
        ``selector.engine.reweight`` records as the analyst's change."""

    @property
    def busy(self) -> bool:
        return self.running or self.pending is not None

    def request(self, weights: Mapping[str, float] | None = None,
                method: str | None = None, *, how: str | None = None,
                preset: str | None = None) -> RerankJob | None:
        """Note the request; the job to start now, or None (nothing ranked, or one running).
        ``how`` and ``preset`` say where the change was made (see :attr:`origin`)."""
        session = self.session
        if session.result is None:
            return None
        self.seq += 1
        self.pending_origin = (how, preset)
        self.pending = (self.seq, dict(weights if weights is not None else session.weights),
                        method or session.method)
        return None if self.running else self.next_job()

    def next_job(self) -> RerankJob | None:
        if self.pending is None or self.session.result is None:
            return None
        seq, weights, method = self.pending
        self.pending = None
        self.origin = self.pending_origin
        self.running = True
        return seq, self.session.result, weights, method

    def finished(self, result: Result) -> RerankJob | None:
        """Show the re-ranked result (keeping the checklists loaded meanwhile); the next job,
        if a request came in while this one ran."""
        self.running = False
        current = self.session.result
        if current is not None:
            result = dataclasses.replace(result, checklists=current.checklists,
                                         checklist_revision=current.checklist_revision)
        self.session.result = result
        return self.next_job()

    def failed(self) -> RerankJob | None:
        self.running = False
        return self.next_job()

    def reset(self) -> None:
        self.running = False
        self.pending = None
