"""Lifecycle in every decision: can the offering still be contracted at go-live, and for how long?

- Retired, or retiring on or before go-live: **excluded**, with a reason naming the date, its
  source and the successor when known.
- Legacy or deprecated, or retiring within the assessment's horizon: ranked, with a review flag
  and a checklist item (an exit and migration plan before the date).
- Unknown status: ranked, with a review flag (an evidence gap a committee will ask about).

Without an assessment, ``selector rank`` excludes retired offerings (and those retired by
``--today``) unless ``--include-retired``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from selector.models.common import show_date
from selector.profiles import LoadedProfile, source_of

REVIEW_STATUSES = ("legacy", "deprecated")


@dataclass(frozen=True, slots=True)
class LifecycleState:
    """What the profile records about the model's lifecycle on this route."""

    status: str
    """preview, generally-available, legacy, deprecated, retired, or unknown."""
    retires_on: str | None
    """ISO date, or None when unknown or not applicable."""
    successor: str | None
    successor_profile: str | None
    source: str | None
    """Title of the source of the status (or of the date, when the status has none)."""
    source_url: str | None
    confidence: str | None

    def as_dict(self) -> dict[str, Any]:
        return {
            "status": self.status, "retires_on": self.retires_on, "successor": self.successor,
            "successor_profile": self.successor_profile, "source": self.source,
            "source_url": self.source_url, "confidence": self.confidence,
        }

    @property
    def label(self) -> str:
        """``retired 2026-10-01`` / ``legacy`` / ``generally-available`` for tables."""
        return f"{self.status} {self.retires_on}" if self.retires_on else self.status


@dataclass(frozen=True, slots=True)
class LifecycleCheck:
    state: LifecycleState
    exclude: str | None
    """Why the offering cannot be chosen (None: it can)."""
    review: str | None
    """A matter for review that does not exclude (None: nothing to review)."""
    plan_by: str | None
    """The date before which an exit and migration plan is needed (ISO), if any."""

    def as_dict(self) -> dict[str, Any]:
        return {**self.state.as_dict(), "excluded_because": self.exclude, "review": self.review,
                "plan_by": self.plan_by}


def lifecycle_state(loaded: LoadedProfile) -> LifecycleState:
    profile = loaded.profile
    life = profile.lifecycle
    status = life.status.value if life.status is not None and life.status.known else "unknown"
    retires = life.retires_on
    retires_on = retires.value.isoformat() if retires is not None and isinstance(
        retires.value, date) else None
    successor = life.successor.value if life.successor is not None and life.successor.known else None
    main = next((f for f in (life.status, life.retires_on) if f is not None and f.known), None)
    source = source_of(profile, main.source) if main is not None else None
    return LifecycleState(
        status=str(status), retires_on=retires_on, successor=str(successor) if successor else None,
        successor_profile=life.successor_profile,
        source=(f"{source.title} ({show_date(source.date)})" if source else None),
        source_url=(source.url or source.document) if source else None,
        confidence=main.confidence if main is not None else None,
    )


def _because(state: LifecycleState) -> str:
    parts = [p for p in (state.source, state.confidence) if p]
    then = f"; successor: {state.successor}" if state.successor else ""
    return (f" ({', '.join(parts)})" if parts else " (no source recorded)") + then


def check_lifecycle(loaded: LoadedProfile, go_live: date, horizon_end: date | None) -> LifecycleCheck:
    """Exclusion or review for an offering that should be in use from ``go_live`` to
    ``horizon_end``."""
    state = lifecycle_state(loaded)
    retires = date.fromisoformat(state.retires_on) if state.retires_on else None
    if state.status == "retired":
        when = f" on {state.retires_on}" if state.retires_on else ""
        return LifecycleCheck(state, f"retired{when}: no longer served on this route"
                              + _because(state), None, None)
    if retires is not None and retires <= go_live:
        return LifecycleCheck(state, f"retires on {state.retires_on}, on or before go-live "
                              f"({go_live.isoformat()})" + _because(state), None, None)
    if retires is not None and horizon_end is not None and retires <= horizon_end:
        return LifecycleCheck(state, None, (
            f"lifecycle review: retires on {state.retires_on}, within the assessment's horizon "
            f"(to {horizon_end.isoformat()}); an exit and migration plan is needed before then"
            + _because(state)), state.retires_on)
    if state.status in REVIEW_STATUSES:
        return LifecycleCheck(state, None, (
            f"lifecycle review: the model is {state.status} on this route; plan the migration "
            "to its successor" + _because(state)), state.retires_on)
    if state.status == "unknown":
        return LifecycleCheck(state, None, (
            "lifecycle review: the model's lifecycle status on this route is not recorded; "
            "check the provider's lifecycle or deprecation page"), None)
    return LifecycleCheck(state, None, None, None)


def horizon_end(go_live: date, years: int) -> date:
    try:
        return go_live.replace(year=go_live.year + years)
    except ValueError:  # 29 February
        return go_live.replace(year=go_live.year + years, day=28)


def describe(check: LifecycleCheck | None) -> str:
    """``generally-available``, ``deprecated, retires 2027-01-14 (successor gpt-6)``, or
    ``unknown`` when the profile records none: one phrase for tables, reports and the TUI."""
    if check is None:
        return "unknown"
    state = check.state
    text = state.status
    if state.retires_on:
        text += f", retires {state.retires_on}"
    if state.successor:
        text += f" (successor {state.successor})"
    return text
