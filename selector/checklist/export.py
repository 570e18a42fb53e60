"""The checklist catalogue as a control library a GRC tool can import (JSON, YAML or CSV).

One record per item (``controls``) with its id, title, category, priority, triggers in words,
action, evidence, its place in the HKIMR report, its references (framework, id, title, url,
locator, dates, confidence, whether stale) and the same references grouped by framework
(``crosswalk``). The document also carries the full reference map and the freshness findings
(:mod:`selector.references`). The layout is a contract (``format_version``), documented in the
README; the same catalogue and day give the same bytes.
"""

from __future__ import annotations

import csv
import io
import json
from datetime import date
from typing import Any

from selector.checklist import REPORT, LoadedCatalogue
from selector.checklist.references import reference_findings
from selector.models.checklist import HONG_KONG, Catalogue, Item, Reference, Trigger

FORMAT = "selector-control-library"
FORMAT_VERSION = 1
CROSSWALK = ("OWASP LLM Top 10", "MITRE ATLAS", "FINOS AIGF", "IOSCO", "NIST AI 600-1",
             "ISO/IEC 42001", "EU AI Act")
"""International catalogues, each a CSV column; Hong Kong texts go in ``hong_kong_references``."""
CSV_COLUMNS = ("id", "title", "category", "priority", "triggers", "action", "evidence",
               "report_section", "hong_kong_references", *(
                   "crosswalk_" + name.lower().replace("/", "-").replace(" ", "_").replace(".", "")
                   for name in CROSSWALK),
               "reference_urls", "earliest_review_by", "stale_references")
SEP = " | "


def trigger_words(trigger: Trigger) -> str:
    """One trigger as a phrase a reader understands without the schema."""
    if trigger.always:
        return "every option"
    if trigger.openness is not None:
        return "openness is " + " or ".join(trigger.openness)
    if trigger.route is not None:
        return "delivery route is " + " or ".join(trigger.route)
    if trigger.criterion_below is not None:
        below = trigger.criterion_below
        return f"{below.criterion} scores below {below.points:g}"
    if trigger.evidence is not None:
        return f"a fact behind the score is {trigger.evidence}"
    for flag in ("customer_facing", "sfc_high_risk", "deepfake_exposure", "continuous_retraining"):
        if getattr(trigger, flag):
            return "the use case is " + flag.replace("_", "-")
    if trigger.risk_tier is not None:
        return "the use case's risk tier is " + " or ".join(trigger.risk_tier)
    if trigger.data_class is not None:
        return "the use case handles " + " or ".join(trigger.data_class) + " data"
    for name, what in (("size", "size"), ("sector", "sector"), ("expertise", "GenAI expertise")):
        allowed = getattr(trigger, name)
        if allowed is not None:
            return f"the institution's {what} is " + " or ".join(allowed)
    if trigger.cross_border:
        return "prompts or outputs are processed outside the institution's jurisdictions"
    if trigger.legal_flag:
        return "the licence or terms carry a legal-review flag"
    return "never"  # load_catalogue refuses a trigger that sets nothing


def _day(value: object) -> str:
    return value.isoformat() if isinstance(value, date) else str(value)


def reference_record(key: str, ref: Reference, today: date) -> dict[str, Any]:
    return {
        "ref": key, "framework": ref.framework, "id": ref.id, "title": " ".join(ref.title.split()),
        "hong_kong": ref.framework in HONG_KONG, "url": ref.url, "locator": ref.locator,
        "published": _day(ref.published), "as_of": _day(ref.as_of),
        "review_by": ref.review_by.isoformat(), "stale": ref.review_by < today,
        "superseded_by": ref.superseded_by, "confidence": ref.confidence,
        "note": " ".join(ref.note.split()) if ref.note else None,
    }


def control_record(item: Item, catalogue: Catalogue, today: date) -> dict[str, Any]:
    refs = [reference_record(key, catalogue.references[key], today) for key in item.references]
    crosswalk = {name: [r["id"] for r in refs if r["framework"] == name] for name in CROSSWALK}
    return {
        "id": item.id, "title": item.title, "category": item.category, "priority": item.priority,
        "triggers": [trigger_words(t) for t in item.triggers],
        "action": " ".join(item.action.split()), "rationale": " ".join(item.rationale.split()),
        "evidence": item.evidence,
        "report": {"title": REPORT, "section": item.report.section, "pages": item.report.pages},
        "references": refs,
        "crosswalk": {name: ids for name, ids in crosswalk.items() if ids},
    }


def library(loaded: LoadedCatalogue, today: date) -> dict[str, Any]:
    """The whole control library as plain data (what the JSON and YAML formats write)."""
    from selector import __version__

    catalogue = loaded.catalogue
    return {
        "format": FORMAT, "format_version": FORMAT_VERSION,
        "catalogue_version": catalogue.version, "as_of": today.isoformat(),
        "source": {"sha256": loaded.sha256, "tool": f"selector {__version__}"},
        "controls": [control_record(item, catalogue, today) for item in catalogue.items],
        "references": [reference_record(key, ref, today) for key, ref in catalogue.references.items()],
        "freshness": [f.as_dict() for f in reference_findings(catalogue, today)],
    }


def library_json(loaded: LoadedCatalogue, today: date) -> str:
    return json.dumps(library(loaded, today), indent=2, ensure_ascii=False) + "\n"


def library_yaml(loaded: LoadedCatalogue, today: date) -> str:
    import yaml

    return str(yaml.safe_dump(library(loaded, today), sort_keys=False, allow_unicode=True, width=100))


def csv_rows(loaded: LoadedCatalogue, today: date) -> list[list[str]]:
    rows = []
    for control in library(loaded, today)["controls"]:
        refs = control["references"]
        hong_kong = [f"{r['framework']} {r['id']}" for r in refs if r["hong_kong"]]
        crosswalk = [SEP.join(control["crosswalk"].get(name, [])) for name in CROSSWALK]
        urls = list(dict.fromkeys(r["url"] for r in refs if r["url"]))
        rows.append([
            control["id"], control["title"], control["category"], control["priority"],
            SEP.join(control["triggers"]), control["action"], control["evidence"],
            control["report"]["section"], SEP.join(hong_kong), *crosswalk, SEP.join(urls),
            min((r["review_by"] for r in refs), default=""),
            SEP.join(r["ref"] for r in refs if r["stale"]),
        ])
    return rows


def library_csv(loaded: LoadedCatalogue, today: date) -> str:
    """One row per control; list cells joined with ' | '; every cell guarded against formulas."""
    from selector.render.text import safe_cell

    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for row in csv_rows(loaded, today):
        writer.writerow([safe_cell(cell) for cell in row])
    return buffer.getvalue()


FORMATS = {"json": library_json, "yaml": library_yaml, "csv": library_csv}
