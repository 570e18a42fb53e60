"""The report's view of an option's cost of ownership and of the cost sensitivity rows that
involve it (plain dicts for the templates and the XLSX sheets)."""

from __future__ import annotations

from typing import Any

from selector.reports.text import money
from selector.result import Result


def tco_view(result: Result, option_id: str) -> dict[str, Any] | None:
    tco = result.tco.get(option_id)
    if tco is None:
        return None
    lines = []
    for line in tco.lines:
        tags = []
        for key in line.inputs:
            info = result.cost_inputs.get(key)
            if info is not None:
                tags.append(f"{key} = {info.value:g} ({info.short_tag})")
        lines.append({"item": line.item, "annual": line.annual_usd, "annual_text": money(line.annual_usd),
                      "working": line.working, "imputed": line.imputed, "inputs": "; ".join(tags),
                      "matters": bool(line.annual_usd) or line.imputed})
    return {
        "annual": tco.annual_usd, "annual_text": money(tco.annual_usd), "years": tco.horizon_years,
        "horizon": tco.horizon_usd, "horizon_text": money(tco.horizon_usd),
        "unknown": list(tco.unknown), "imputed": [i.fact for i in tco.imputed],
        "favourable_text": money(tco.favourable_annual_usd) if tco.imputed else None,
        "lines": lines, "zero_lines": sum(1 for line in lines if not line["matters"]),
    }


SENSITIVITY_ROWS = 8
"""Rows of the cost sensitivity table a report shows per option (the JSON report has them all)."""


def cost_sensitivity_view(result: Result, option_id: str) -> dict[str, Any] | None:
    table = result.cost_sensitivity
    if table is None:
        return None
    rows = table.rows_for(option_id)
    shown = []
    for row in rows[:SENSITIVITY_ROWS]:
        largest = row.largest
        shown.append({
            "key": row.key, "base": f"{row.base:g}", "low": f"{row.low.value:g}",
            "high": f"{row.high.value:g}", "basis": row.basis, "tag": row.tag,
            "mine": f"{row.low.changes.get(option_id, 0.0):+,.0f} / "
                    f"{row.high.changes.get(option_id, 0.0):+,.0f}",
            "largest": f"{largest[1]:+,.0f} ({largest[0]})" if largest else "-",
            "effect": row.describe(table.base_cheapest, table.base_top),
        })
    return {"rows": shown, "total": len(rows), "more": max(0, len(rows) - SENSITIVITY_ROWS),
            "cheapest": table.base_cheapest, "top": table.base_top, "note": table.note}
