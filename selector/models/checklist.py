"""The due-diligence checklist catalogue (criteria/checklist.yaml) and its triggers."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field, StringConstraints

from selector.models.common import LongText, Percent, Slug, Strict, Text
from selector.models.criteria import Cite

ItemId = Annotated[str, StringConstraints(strict=True, pattern=r"^DD-[A-Z]+-\d{2}$")]
RefId = Annotated[str, StringConstraints(strict=True, pattern=r"^[a-z0-9][a-z0-9.:_-]{1,80}$")]
Openness = Literal["open-source", "open-weight", "proprietary"]
Route = Literal["self-hosted", "vendor-api", "cloud-platform", "managed-hosting"]


class Reference(Strict):
    """One framework item an item may cite; each must be traceable to domain-anchors.md."""

    framework: Literal["HKIMR", "HKMA", "SFC", "PCPD", "NIST AI 600-1", "ISO/IEC 42001", "FINOS AIGF",
                       "EU AI Act"]
    id: Text
    """The framework's own identifier (e.g. GV-6.1-004, A.10.3, RI-7 / AIR-OP-007, Art. 26)."""
    title: Text
    anchor: Text
    """Where domain-anchors.md (or the report extract) records it, e.g. 'domain-anchors.md §1.2'."""
    confidence: Literal["verified", "secondary", "unverified"]


class CriterionBelow(Strict):
    criterion: Slug
    points: Percent


class Trigger(Strict):
    """One condition; an item applies when ANY of its triggers holds.

    Exactly one field is set: ``always: true``; ``openness``/``route``: the offering is one of;
    ``criterion_below``: the option's score on a criterion is under the points; ``evidence``:
    some fact the score depends on is unknown / stale / unverified; ``customer_facing``,
    ``sfc_high_risk``, ``deepfake_exposure``, ``continuous_retraining``: the use case flag is
    true; ``risk_tier``/``data_class``/``size``/``sector``/``expertise``: the use case or
    institution is one of; ``cross_border``: the offering processes outside the institution's
    jurisdictions; ``legal_flag``: the option carries a legal-review flag.
    """

    always: Literal[True] | None = None
    openness: list[Openness] | None = None
    route: list[Route] | None = None
    criterion_below: CriterionBelow | None = None
    evidence: Literal["unknown", "stale", "unverified"] | None = None
    customer_facing: Literal[True] | None = None
    sfc_high_risk: Literal[True] | None = None
    deepfake_exposure: Literal[True] | None = None
    continuous_retraining: Literal[True] | None = None
    risk_tier: list[Literal["low", "medium", "high"]] | None = None
    data_class: list[Literal["public", "internal", "confidential", "personal"]] | None = None
    size: list[Literal["small", "medium", "large"]] | None = None
    sector: list[Literal["bank", "insurer", "wealth-asset-manager", "other"]] | None = None
    expertise: list[Literal["low", "medium", "high"]] | None = None
    cross_border: Literal[True] | None = None
    legal_flag: Literal[True] | None = None


class Item(Strict):
    id: ItemId
    category: Literal["governance", "accessibility", "transparency", "adaptability", "liability",
                      "support", "security", "data", "localisation", "lock-in", "third-party",
                      "model-risk", "human-in-the-loop", "talent", "regulatory"]
    title: Text
    action: LongText
    """The question to ask or the action to take."""
    rationale: LongText
    evidence: Text
    """What evidence closes the item."""
    priority: Literal["high", "medium", "low"]
    triggers: Annotated[list[Trigger], Field(min_length=1)]
    report: Cite
    references: list[RefId] = Field(default_factory=list)
    """Keys of the catalogue's ``references`` map."""


class Catalogue(Strict):
    version: Text
    references: dict[RefId, Reference]
    items: Annotated[list[Item], Field(min_length=1)]
    notes: LongText | None = None


