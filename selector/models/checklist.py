"""The due-diligence checklist catalogue (criteria/checklist.yaml) and its triggers.

Every reference carries its dates: ``published`` (the date the cited text bears, ``2024-08`` or
``2024`` when only that much is known), ``as_of`` (the day the entry was last checked against
the text at ``url``) and ``review_by`` (when it must be checked again). ``unknown`` is a legal
value for the first two: a date nobody recorded stays unknown.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Annotated, Any, Literal

from pydantic import Field, StringConstraints, model_validator

from selector.models.common import LongText, Percent, Slug, Strict, Text

ItemId = Annotated[str, StringConstraints(strict=True, pattern=r"^DD-[A-Z]+-\d{2}$")]
RefId = Annotated[str, StringConstraints(strict=True, pattern=r"^[a-z0-9][a-z0-9.:_-]{1,80}$")]
Openness = Literal["open-source", "open-weight", "proprietary"]
Route = Literal["self-hosted", "vendor-api", "cloud-platform", "managed-hosting"]
Framework = Literal["HKIMR", "HKMA", "SFC", "PCPD", "DPO", "NIST AI 600-1", "ISO/IEC 42001",
                    "FINOS AIGF", "OWASP LLM Top 10", "MITRE ATLAS", "IOSCO", "EU AI Act"]
HONG_KONG = frozenset({"HKIMR", "HKMA", "SFC", "PCPD", "DPO"})
"""Frameworks that ground an item in Hong Kong (the HKIMR report and the HK authorities)."""

_PARTIAL = r"^(\d{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?)?|unknown)$"
PartialDate = Annotated[str, StringConstraints(strict=True, pattern=_PARTIAL)]
Url = Annotated[str, StringConstraints(strict=True, pattern=r"^https://[^\s]+$", max_length=500)]
_PLANNING = re.compile(r"domain-anchors|report-extract|docs/seed|regulatory-leads", re.IGNORECASE)


def earliest_day(value: str | date) -> date | None:
    """The first day a (partial) date can mean: '2024-08' is 2024-08-01; unknown is None."""
    if isinstance(value, date):
        return value
    if value == "unknown":
        return None
    parts = [int(p) for p in value.split("-")]
    return date(parts[0], parts[1] if len(parts) > 1 else 1, parts[2] if len(parts) > 2 else 1)


class Reference(Strict):
    """One text an item may cite, with where to read it and when it was last read."""

    framework: Framework
    id: Text
    """The framework's own identifier (e.g. GV-6.1-004, A.10.3, RI-7 / AIR-OP-007, LLM01:2026)."""
    title: Text
    published: PartialDate | date
    """The date the cited text bears (YYYY, YYYY-MM or YYYY-MM-DD), or unknown."""
    as_of: date | Literal["unknown"]
    """The day this entry was last checked against the text at ``url``; unknown if never recorded."""
    review_by: date
    """Check the entry again by this day; after it the reference is stale."""
    superseded_by: RefId | None = None
    """The reference id of the newer text that replaces this one."""
    url: Url | None = None
    """Where a reader can follow the citation: the publisher's own text where it was read."""
    locator: Text
    """Where in the text: section, paragraph, page, or file and commit of a repository."""
    confidence: Literal["verified", "secondary", "unverified"]
    """verified: the primary text was read; secondary: only a law-firm note, news or a reprint."""
    note: LongText | None = None

    @model_validator(mode="after")
    def _consistent(self) -> Reference:
        if isinstance(self.published, str) and self.published != "unknown":
            try:
                earliest_day(self.published)
            except ValueError:
                raise ValueError(f"published: '{self.published}' is not a calendar date") from None
        published = earliest_day(self.published)
        checked = self.as_of if isinstance(self.as_of, date) else None
        if published and checked and checked < published:
            raise ValueError(f"as_of {checked} is before the text was published ({self.published})")
        if published and self.review_by <= published:
            raise ValueError(f"review_by {self.review_by} is not after published ({self.published})")
        if checked and self.review_by <= checked:
            raise ValueError(f"review_by {self.review_by} is not after as_of {checked}")
        if self.confidence == "verified" and self.url is None and self.framework != "HKIMR":
            raise ValueError("a verified reference needs the url where its text was read")
        for name in ("url", "locator", "note", "title"):
            text = getattr(self, name)
            if text and _PLANNING.search(text):
                raise ValueError(f"{name} points at a planning file ({text!r}); cite the text itself")
        return self


Pages = Annotated[str, StringConstraints(strict=True, pattern=r"^\d+(-\d+)?(, ?\d+(-\d+)?)*$")]


class ReportCite(Strict):
    """Where in the HKIMR report an item rests: chapter, section or box, and pages if known."""

    section: Text
    """E.g. '§2.3 Mitigating new sources of cyber risk; Box 1 (Security)'."""
    pages: Pages | None = None


class CriterionBelow(Strict):
    criterion: Slug
    points: Percent


class FactIs(Strict):
    """A fact of the option's profile has one of these values (``unknown`` for an unknown one,
    ``not-applicable`` for one that cannot apply), as the rubric read it."""

    path: Text
    in_: Annotated[list[Any], Field(min_length=1, alias="in")]


class Trigger(Strict):
    """One condition; an item applies when ANY of its triggers holds.

    Exactly one field is set: ``always: true``; ``openness``/``route``: the offering is one of;
    ``criterion_below``: the option's score on a criterion is under the points; ``evidence``:
    some fact the score depends on is unknown / stale / unverified; ``customer_facing``,
    ``sfc_high_risk``, ``deepfake_exposure``, ``continuous_retraining``: the use case flag is
    true; ``risk_tier``/``data_class``/``size``/``sector``/``expertise``: the use case or
    institution is one of; ``cross_border``: the offering processes outside the institution's
    jurisdictions where the data originates; ``legal_flag``: the option carries a legal-review
    flag; ``eu_nexus``: an EU nexus; ``ingests_documents``: the use case feeds third-party
    documents to the model; ``fact``: a profile fact has one of the listed values.
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
    eu_nexus: Literal[True] | None = None
    """The institution operates in the EU, the use case serves EU users or outputs are used there,
    or the option processes in the EU."""
    ingests_documents: Literal[True] | None = None
    """The use case feeds third-party documents (claims, KYC files, research) to the model."""
    fact: FactIs | None = None


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
    evidence_from: Literal["institution", "vendor"] = "institution"
    """Who supplies that evidence: ``vendor`` items are asked in the vendor questionnaire
    (``selector questionnaire export``) and shown as waiting on the vendor until answered."""
    priority: Literal["high", "medium", "low"]
    triggers: Annotated[list[Trigger], Field(min_length=1)]
    report: ReportCite
    references: list[RefId] = Field(default_factory=list)
    """Keys of the catalogue's ``references`` map."""


class EvidenceGaps(Strict):
    """How the items the toolkit writes for unknown or stale facts are prioritised."""

    high_priority_points: Annotated[float, Field(strict=True, ge=0, le=100, allow_inf_nan=False)]
    """A fact whose rule is worth at least this many points makes a high-priority item (else
    medium)."""
    why: LongText


class Catalogue(Strict):
    version: Text
    evidence_gaps: EvidenceGaps
    references: dict[RefId, Reference]
    items: Annotated[list[Item], Field(min_length=1)]
    notes: LongText | None = None
