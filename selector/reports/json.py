"""The JSON report: the whole result (ranking, traces, checklists, robustness) as data.

``schema/result.schema.json`` (JSON Schema 2020-12) describes it. Keys are sorted and the
layout fixed, so the same result gives the same bytes. Invisible bidirectional controls and
line separators inside strings are written as \\u escapes: valid JSON, and visible in review.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Mapping
from typing import Any

from selector.result import Result

_INVISIBLE = re.compile("[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\u2028\u2029]")


def plain(value: Any) -> Any:
    """JSON-ready data: mappings to dicts, tuples to lists, non-finite floats to null."""
    if isinstance(value, Mapping):
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [plain(v) for v in value]
    if isinstance(value, float) and not math.isfinite(value):
        return None
    if value is None or isinstance(value, str | int | float | bool):
        return value
    if hasattr(value, "as_dict"):
        return plain(value.as_dict())
    if hasattr(value, "tolist"):
        return plain(value.tolist())
    return str(value)


def report_data(result: Result, robustness: Any, generated_at: str, report_version: str) -> dict[str, Any]:
    data = result.as_dict()
    data["traces"] = {
        option: {
            cid: {"value": score.value, "flags": list(score.flags),
                  "trace": [entry.as_dict() for entry in score.trace]}
            for cid, score in scores.items()
        }
        for option, scores in result.traces.items()
    }
    data["robustness"] = robustness.as_dict() if hasattr(robustness, "as_dict") else robustness
    from selector.reports.summary import decision_summary

    data["summary"] = decision_summary(result, robustness).as_dict()
    data["generated_at"] = generated_at
    data["report_version"] = report_version
    out: dict[str, Any] = plain(data)
    return out


def render_json(result: Result, robustness: Any, generated_at: str, report_version: str) -> bytes:
    text = json.dumps(report_data(result, robustness, generated_at, report_version), indent=2,
                      sort_keys=True, ensure_ascii=False, allow_nan=False)
    text = _INVISIBLE.sub(lambda m: f"\\u{ord(m.group()):04x}", text)
    return (text + "\n").encode("utf-8")
