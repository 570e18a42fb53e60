"""Due-diligence checklists: the catalogue, read once per file (``catalogue``); generated per
option (``generate``), tracked in a state file (``state``), exported (``export``), their
references audited (``references``)."""

from selector.checklist.catalogue import CRITERIA_IDS, LoadedCatalogue, load_catalogue
from selector.checklist.generate import (
    ORPHAN_ITEM,
    ORPHAN_OPTION,
    PRIORITIES,
    REPORT,
    STATUSES,
    GeneratedItem,
    OptionChecklist,
    TrackedItem,
    checklists,
    generate,
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
