"""The evidence policy, enforced when a profile is validated (README: "Evidence policy").

- ``verified`` means a primary document was read: the fact cites a source of a primary kind
  (vendor documentation, terms, contract, model card, regulator text, paper) with a locator
  (section, page, table or a short quote), and that source has a URL or is shipped with the
  profile, and a date.
- ``vendor-attested`` is a vendor's written answer: it cites a returned questionnaire.
- The HKIMR report grounds criteria, rubrics and presets; it is never alone the source of an
  offering-specific fact (it describes open-source and proprietary models in general).
- Every source is followable from the repository: a URL, or a document shipped beside the
  profile. No source may be a research note or a planning file.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import date
from pathlib import Path
from typing import Any

from selector.errors import Problem
from selector.io.validation import located
from selector.io.yamlio import Document
from selector.models.common import Fact, first_day
from selector.models.profile import PRIMARY_KINDS, Profile, Source

NOTES = re.compile(
    r"report-extract|domain-anchors|catalogue-leads|regulatory-leads|docs/seed|skcriteria-notes"
    r"|\bcorpus\b|research notes?\b|planning (file|note)",
    re.IGNORECASE,
)
HKIMR = re.compile(
    r"\bHKIMR\b|Hong Kong Institute for Monetary and Financial Research"
    r"|Financial Services in the Era of Generative AI",
    re.IGNORECASE,
)


def is_hkimr(source: Source) -> bool:
    return any(HKIMR.search(text or "") for text in (source.title, source.publisher,
                                                      source.document, source.url))


def names_a_note(source: Source) -> bool:
    return any(NOTES.search(text or "") for text in (source.title, source.document, source.url))


def check_evidence(profile: Profile, doc: Document,
                   facts: Iterable[tuple[str, Fact[Any]]]) -> list[Problem]:
    """Every breach of the policy in one profile; ``facts`` are its (path, fact) pairs."""
    problems: list[Problem] = []
    sources = {s.id: s for s in profile.sources}
    folder = Path(doc.path).parent
    for index, source in enumerate(profile.sources):
        where = ("sources", index)
        if names_a_note(source):
            key = next(k for k in ("document", "url", "title")
                       if NOTES.search(getattr(source, k) or ""))
            problems.append(located(doc, (*where, key), (
                "a source must be a document a reader can follow, not a research or planning "
                "note; cite the document the note records (its URL and date)")))
        elif source.url is None and source.document is not None and not is_hkimr(source):
            shipped = folder / source.document
            if not shipped.is_file():
                problems.append(located(doc, (*where, "document"), (
                    f"'{source.document}' is not a file beside this profile; give the source a "
                    "'url', or ship the document with the profiles and name its relative path")))
    for path, fact in facts:
        problems.extend(_fact_problems(doc, path, fact, sources))
    problems.extend(_lifecycle_problems(doc, profile))
    return problems


def _fact_problems(doc: Document, path: str, fact: Fact[Any],
                   sources: dict[str, Source]) -> list[Problem]:
    loc = tuple(path.split("."))
    cited = [sources[c.id] for c in fact.sources if c.id in sources]
    out: list[Problem] = []
    if cited and all(is_hkimr(s) for s in cited) and fact.known:
        out.append(located(doc, (*loc, "sources", 0, "id"), (
            "the HKIMR report describes open-source and proprietary models in general and may "
            "not be the only source of an offering's fact; cite the provider's own document, or "
            "write 'value: unknown' with a note saying where to obtain it")))
    if fact.confidence == "verified":
        primary = [c for c in fact.sources
                   if c.id in sources and sources[c.id].kind in PRIMARY_KINDS
                   and not is_hkimr(sources[c.id])]
        if not fact.sources:
            out.append(located(doc, (*loc, "confidence"), (
                "a verified fact cites the primary document it was read in; add 'sources: "
                "[{id: ..., locator: ...}]' or lower the confidence")))
        elif not primary:
            kinds = ", ".join(sorted(PRIMARY_KINDS))
            out.append(located(doc, (*loc, "confidence"), (
                "verified needs a primary source (a source whose 'kind' is one of "
                f"{kinds}); tag the source's kind, or use 'secondary'")))
        elif not any(c.locator for c in primary):
            out.append(located(doc, (*loc, "sources", fact.sources.index(primary[0])), (
                "a verified fact needs a locator in its primary source (section, page, table, "
                "or a quote of at most 300 characters): add 'locator: ...'")))
    if fact.confidence == "vendor-attested" and not any(
        c.id in sources and sources[c.id].kind == "questionnaire" for c in fact.sources
    ):
        out.append(located(doc, (*loc, "confidence"), (
            "vendor-attested cites the vendor's returned questionnaire (a source with "
            "'kind: questionnaire'); add it, or use another confidence")))
    return out


def _lifecycle_problems(doc: Document, profile: Profile) -> list[Problem]:
    out: list[Problem] = []
    retires = profile.lifecycle.retires_on
    released = profile.model.release_date if profile.model is not None else None
    retires_on = retires.value if retires is not None else None
    if (isinstance(retires_on, date) and released is not None
            and not isinstance(released, str) and retires_on < first_day(released)):
        out.append(located(doc, ("lifecycle", "retires_on", "value"), (
            f"retires_on {retires_on} is before the model's release date {released}; "
            "check both dates against the provider's lifecycle page")))
    return out


def successor_problems(profiles: list[tuple[Profile, Document | None, str]]) -> list[Problem]:
    """A ``lifecycle.successor_profile`` must name a profile of the same catalogue."""
    ids = {profile.id for profile, _, _ in profiles}
    out: list[Problem] = []
    for profile, doc, path in profiles:
        wanted = profile.lifecycle.successor_profile
        if wanted is None or wanted in ids:
            continue
        from selector.io.validation import suggestion

        message = (f"successor profile '{wanted}' is not in this catalogue; "
                   f"{suggestion(wanted, sorted(ids))}")
        out.append(located(doc, ("lifecycle", "successor_profile"), message) if doc is not None
                   else Problem(path, 1, 1, "lifecycle.successor_profile", message))
    return out
