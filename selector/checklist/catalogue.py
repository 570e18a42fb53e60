"""The checklist catalogue: read, validated (references, triggers, supersessions) and kept per
process while its file is unchanged."""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass

from selector.errors import InputError, Problem
from selector.io.validation import located, suggestion, validate_model
from selector.io.yamlio import load
from selector.models.checklist import Catalogue

CRITERIA_IDS = ("accessibility", "transparency", "adaptability", "liability", "support", "security",
                "lock_in", "data_localisation")


@dataclass(frozen=True, slots=True)
class LoadedCatalogue:
    catalogue: Catalogue
    path: str
    sha256: str


_CATALOGUES: dict[tuple[str, int, int, tuple[str, ...]], LoadedCatalogue] = {}
"""Validated catalogues by file identity (path, mtime, size): a ranking with checklists read and
validated the 3,500-line catalogue every time, about a third of its run."""


def load_catalogue(path: str | os.PathLike[str], criteria: Sequence[str] = CRITERIA_IDS) -> LoadedCatalogue:
    """Read and validate a checklist catalogue (kept per process while the file is unchanged)."""
    try:
        stat = os.stat(path)
        key: tuple[str, int, int, tuple[str, ...]] | None = (
            os.path.realpath(path), stat.st_mtime_ns, stat.st_size, tuple(criteria))
    except OSError:
        key = None  # load() reports the missing or unreadable file
    if key is not None and key in _CATALOGUES:
        return _CATALOGUES[key]
    loaded = _load_catalogue(path, criteria)
    if key is not None:
        if len(_CATALOGUES) >= 8:
            _CATALOGUES.clear()
        _CATALOGUES[key] = loaded
    return loaded


def _load_catalogue(path: str | os.PathLike[str], criteria: Sequence[str]) -> LoadedCatalogue:
    doc = load(path, os.fspath(path))
    catalogue = validate_model(doc, Catalogue, "a checklist catalogue")
    problems: list[Problem] = []
    seen: set[str] = set()
    for index, item in enumerate(catalogue.items):
        if item.id in seen:
            problems.append(located(doc, ("items", index, "id"), f"duplicate item id '{item.id}'"))
        seen.add(item.id)
        for r_index, ref in enumerate(item.references):
            if ref not in catalogue.references:
                problems.append(located(doc, ("items", index, "references", r_index),
                                        f"'{ref}' is not in the catalogue's references map; "
                                        + suggestion(ref, list(catalogue.references))))
        for t_index, trigger in enumerate(item.triggers):
            set_fields = [k for k, v in trigger.model_dump().items() if v is not None]
            if len(set_fields) != 1:
                problems.append(located(doc, ("items", index, "triggers", t_index),
                                        "a trigger sets exactly one condition (use several triggers "
                                        f"for 'any of'); this one sets {len(set_fields)}"))
            if trigger.criterion_below and trigger.criterion_below.criterion not in criteria:
                name = trigger.criterion_below.criterion
                problems.append(located(doc, ("items", index, "triggers", t_index, "criterion_below",
                                              "criterion"),
                                        f"'{name}' is not a criterion; " + suggestion(name, list(criteria))))
            if trigger.fact is not None:
                from selector.profiles import FACT_PATHS

                if trigger.fact.path not in FACT_PATHS:
                    problems.append(located(doc, ("items", index, "triggers", t_index, "fact", "path"),
                                            f"'{trigger.fact.path}' is not a profile fact; "
                                            + suggestion(trigger.fact.path, list(FACT_PATHS))))
    for key, reference in catalogue.references.items():
        successor = reference.superseded_by
        if successor is not None and (successor == key or successor not in catalogue.references):
            why = "names the reference itself" if successor == key else (
                f"'{successor}' is not in the catalogue's references map; "
                + suggestion(successor, list(catalogue.references)))
            problems.append(located(doc, ("references", key, "superseded_by"), why))
    if problems:
        raise InputError(problems)
    return LoadedCatalogue(catalogue, doc.path, doc.sha256)
