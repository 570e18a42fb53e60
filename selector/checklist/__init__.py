"""Due-diligence checklists: generated per option from the catalogue (``generate``), tracked in a
state file (``state``), exported (``export``), their references audited (``references``)."""

from selector.checklist.generate import (
    CRITERIA_IDS,
    ORPHAN_ITEM,
    ORPHAN_OPTION,
    PRIORITIES,
    REPORT,
    STATUSES,
    GeneratedItem,
    LoadedCatalogue,
    OptionChecklist,
    TrackedItem,
    checklists,
    generate,
    load_catalogue,
    merge,
    report_citation,
)
from selector.checklist.triggers import Context

__all__ = [
    "CRITERIA_IDS",
    "ORPHAN_ITEM",
    "ORPHAN_OPTION",
    "PRIORITIES",
    "REPORT",
    "STATUSES",
    "Context",
    "GeneratedItem",
    "LoadedCatalogue",
    "OptionChecklist",
    "TrackedItem",
    "checklists",
    "generate",
    "load_catalogue",
    "merge",
    "report_citation",
]
