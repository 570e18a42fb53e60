"""JSON Schemas generated from the pydantic models, for editors and CI."""

from __future__ import annotations

import json
from typing import Any

SCHEMA_FILES = {
    "profile": "profile.schema.json",
    "criteria": "criteria.schema.json",
    "assessment": "assessment.schema.json",
    "checklist": "checklist.schema.json",
    "presets": "presets.schema.json",
    "costs": "costs.schema.json",
}
"""Every file kind with a JSON Schema, and the file ``make schema`` writes it to under schema/."""


def schema(kind: str) -> dict[str, Any]:
    if kind == "profile":
        from selector.models.profile import Profile

        data = Profile.model_json_schema()
        data["title"] = "selector offering profile"
    elif kind == "criteria":
        from selector.models.criteria import CriteriaSet

        data = CriteriaSet.model_json_schema()
        data["title"] = "selector criteria set"
    elif kind == "assessment":
        from selector.models.assessment import Assessment

        data = Assessment.model_json_schema()
        data["title"] = "selector assessment"
    elif kind == "checklist":
        from selector.models.checklist import Catalogue

        data = Catalogue.model_json_schema()
        data["title"] = "selector checklist catalogue"
    elif kind == "presets":
        from selector.weights.presets import PresetFile

        data = PresetFile.model_json_schema()
        data["title"] = "selector weight presets"
    elif kind == "costs":
        from selector.models.costs import CostsFile

        data = CostsFile.model_json_schema()
        data["title"] = "selector cost model"
    else:  # pragma: no cover - argparse restricts the choice
        raise ValueError(kind)
    data["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    return data


def schema_json(kind: str) -> str:
    return json.dumps(schema(kind), indent=2, sort_keys=True, ensure_ascii=False)
