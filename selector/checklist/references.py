"""How fresh the catalogue's references are: stale, superseded, never dated.

A committee pack that cites superseded or unchecked guidance is a finding in itself, so the
catalogue's own references are audited like a profile's facts: a reference is *stale* once its
``review_by`` day has passed, *superseded* when a newer text replaces it, and *undated* when no
check against its text was ever recorded (``as_of: unknown``). ``selector audit`` and the
report's audit appendix read :func:`reference_findings`; the catalogue export carries it too.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from selector.models.checklist import Catalogue

STALE = "stale"
SUPERSEDED = "superseded"
UNDATED = "undated"
KINDS = (STALE, SUPERSEDED, UNDATED)


@dataclass(frozen=True, slots=True)
class ReferenceFinding:
    reference: str
    """The key in the catalogue's references map."""
    kind: str
    """stale, superseded or undated."""
    message: str
    cited_by: tuple[str, ...]
    """Ids of the items that cite the reference."""

    def as_dict(self) -> dict[str, Any]:
        return {"reference": self.reference, "kind": self.kind, "message": self.message,
                "cited_by": list(self.cited_by)}


def citing_items(catalogue: Catalogue) -> dict[str, tuple[str, ...]]:
    """Reference key -> the ids of the items that cite it, in catalogue order."""
    out: dict[str, list[str]] = {key: [] for key in catalogue.references}
    for item in catalogue.items:
        for key in item.references:
            out.setdefault(key, []).append(item.id)
    return {key: tuple(ids) for key, ids in out.items()}


def reference_findings(catalogue: Catalogue, today: date, *,
                       include_undated: bool = True) -> list[ReferenceFinding]:
    """Every stale, superseded (and, unless told not to, undated) reference, ordered by kind and key.

    Stale means ``review_by`` is before ``today``: the day itself is still in date.
    """
    cited = citing_items(catalogue)
    found: list[ReferenceFinding] = []
    for key, ref in sorted(catalogue.references.items()):
        label = f"{ref.framework} {ref.id}"
        if ref.review_by < today:
            found.append(ReferenceFinding(
                key, STALE, f"{label}: review was due by {ref.review_by.isoformat()}; re-check it "
                f"against its text ({ref.url or ref.locator}) and update as_of and review_by",
                cited[key]))
        if ref.superseded_by is not None:
            new = catalogue.references[ref.superseded_by]
            found.append(ReferenceFinding(
                key, SUPERSEDED, f"{label} is superseded by {new.framework} {new.id} "
                f"({ref.superseded_by}); cite the newer text", cited[key]))
        if include_undated and not isinstance(ref.as_of, date):
            found.append(ReferenceFinding(
                key, UNDATED, f"{label}: no check against its text is recorded (as_of unknown; "
                f"confidence {ref.confidence})", cited[key]))
    order = {kind: i for i, kind in enumerate(KINDS)}
    return sorted(found, key=lambda f: (order[f.kind], f.reference))
