"""The robustness analysis as report view data, read defensively from ``robustness.as_dict()``.

The keys read are those of ``selector.robustness.Robustness.as_dict``: ``acceptability``
(option -> shares, index 0 = rank 1), ``central_weights``, ``confidence``, ``stability``
(criterion -> ``weight``, ``interval``, ``takes_over_below``, ``takes_over_above``, ``exact``),
``method_agreement`` ("a/b" -> Kendall's tau), ``method_top``, ``samples``, ``seed``,
``top_choice``, ``verdict``, ``weight_sampling`` and ``evidence_model``. A missing key shows as
"-" rather than failing the whole report.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any

from selector.reports.text import percent, share_text
from selector.result import Result

MAX_LEADS = 15
"""Open facts listed in the report (the JSON report and `selector robustness --format json` have all)."""

NOT_COMPUTED = ("The robustness analysis was not computed for this report, so nothing here says how "
                "far the recommendation survives other weights, methods or evidence. Run "
                "`selector robustness --assessment FILE` or regenerate the report with it.")


def _number(value: Any) -> float | None:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    return float(value) if math.isfinite(value) else None


def _map(data: Mapping[str, Any], key: str) -> Mapping[str, Any]:
    value = data.get(key)
    return value if isinstance(value, Mapping) else {}


def robustness_view(robustness: Any, names: Mapping[str, str], criteria: Mapping[str, str],
                    result: Result) -> dict[str, Any]:
    data: Any = None
    if robustness is not None:
        data = robustness.as_dict() if hasattr(robustness, "as_dict") else robustness
    if not isinstance(data, Mapping):
        return {"computed": False, "note": NOT_COMPUTED, "samples": 0, "seed": None}

    def name(option: Any) -> str:
        return names.get(str(option), str(option)) if option is not None else "-"

    samples = int(_number(data.get("samples")) or 0)
    order = [r.id for r in result.ranking]
    accept = _map(data, "acceptability")
    ids = [o for o in order if o in accept] + sorted(o for o in accept if o not in order)
    confidence = _map(data, "confidence")
    central = _map(data, "central_weights")
    width = max((len(v) for v in accept.values() if isinstance(v, list | tuple)), default=0)
    rows: list[dict[str, Any]] = []
    for option in ids:
        shares = [(_number(v) or 0.0) for v in accept.get(option) or []]
        shares += [0.0] * (width - len(shares))
        conf = _number(confidence.get(option))
        weights = central.get(option)
        rows.append({
            "id": option, "name": name(option), "shares": shares,
            "texts": [share_text(s) for s in shares],
            "first": shares[0] if shares else 0.0,
            "confidence": conf, "confidence_text": f"{conf:.2f}" if conf is not None else "never first",
            "central": ([percent(_number(weights.get(c)), 0) for c in criteria]
                        if isinstance(weights, Mapping) else None),
            "central_values": ([_number(weights.get(c)) for c in criteria]
                               if isinstance(weights, Mapping) else None),
        })
    stability: list[dict[str, Any]] = []
    raw_stab = _map(data, "stability")
    for cid, entry in raw_stab.items():
        if not isinstance(entry, Mapping):
            continue
        interval = entry.get("interval")
        low, high = ((_number(interval[0]), _number(interval[1]))
                     if isinstance(interval, list | tuple) and len(interval) == 2 else (None, None))
        weight = _number(entry.get("weight"))
        below, above = entry.get("takes_over_below"), entry.get("takes_over_above")
        stability.append({
            "criterion": cid, "name": criteria.get(cid, cid),
            "weight": weight, "weight_text": f"{weight:.3f}" if weight is not None else "-",
            "low": low, "high": high,
            "interval_text": (f"{low:.3f} to {high:.3f}" if low is not None and high is not None else "-"),
            "below": name(below) if below is not None else "none (holds down to 0)",
            "above": name(above) if above is not None else "none (holds up to 1)",
            "exact": bool(entry.get("exact")),
        })
    agreement: list[dict[str, Any]] = []
    raw_agree = _map(data, "method_agreement")
    for pair, tau in raw_agree.items():
        a, _, b = str(pair).partition("/")
        value = _number(tau)
        agreement.append({"a": a, "b": b or "-", "tau": value,
                          "tau_text": f"{value:.2f}" if value is not None else "undefined"})
    methods = list(dict.fromkeys([m for a in agreement for m in (a["a"], a["b"])]))
    lookup = {(a["a"], a["b"]): a["tau_text"] for a in agreement}
    matrix = [[m, *[("1.00" if m == n else lookup.get((m, n)) or lookup.get((n, m)) or "-") for n in methods]]
              for m in methods]
    top_choice = data.get("top_choice")
    raw_top = _map(data, "method_top")
    method_top = [{"method": m, "option": name(o), "agrees": o == top_choice} for m, o in raw_top.items()]
    skipped = _map(data, "methods_skipped")
    sampling = _map(data, "weight_sampling")
    evidence = _map(data, "evidence_model")
    top_row = next((r for r in rows if r["id"] == top_choice), rows[0] if rows else None)
    agreeing = sum(1 for m in method_top if m["agrees"])
    numbers: list[str] = []
    if top_row is not None:
        numbers.append(f"{top_row['name']} ranks first in {share_text(float(top_row['first']))} of "
                       f"{samples:,} samples (confidence factor {top_row['confidence_text']})")
    if method_top:
        numbers.append(f"{agreeing} of {len(method_top)} ranking methods put it first")
    tight = [s for s in stability if s["weight"] is not None and (s["low"] is not None)]
    margins: list[tuple[float, str]] = []
    for s in tight:
        if s["below"] and not s["below"].startswith("none") and s["low"] is not None:
            margins.append((s["weight"] - s["low"], f"{s['name']} weight below {s['low']:.3f} "
                            f"(now {s['weight']:.3f})"))
        if s["above"] and not s["above"].startswith("none") and s["high"] is not None:
            margins.append((s["high"] - s["weight"], f"{s['name']} weight above {s['high']:.3f} "
                            f"(now {s['weight']:.3f})"))
    if margins:
        numbers.append("nearest weight change that overturns it: " + min(margins)[1])
    leads: list[dict[str, Any]] = []
    raw_leads = data.get("evidence_to_obtain")
    all_leads = [x for x in raw_leads if isinstance(x, Mapping)] if isinstance(raw_leads, list) else []
    for lead in all_leads[:MAX_LEADS]:
        raw_inputs = lead.get("inputs")
        inputs: list[Any] = raw_inputs if isinstance(raw_inputs, list) else []
        takes = lead.get("takes_over")
        leads.append({
            "option": name(lead.get("option")), "fact": " + ".join(map(str, inputs)) or str(lead.get("fact")),
            "criterion": criteria.get(str(lead.get("criterion")), str(lead.get("criterion"))),
            "evidence": str(lead.get("evidence")), "value": str(lead.get("value")),
            "rank": lead.get("rank"), "best_rank": lead.get("best_rank"),
            "worst_rank": lead.get("worst_rank"),
            "decides": (f"yes: {name(takes)} first" if lead.get("changes_recommendation") else "no"),
            "note": str(lead.get("note") or ""),
        })
    deciding = sum(1 for x in all_leads if x.get("changes_recommendation"))
    return {
        "computed": True, "note": "", "verdict": str(data.get("verdict") or ""),
        "leads": leads, "leads_total": len(all_leads), "leads_deciding": deciding,
        "samples": samples, "samples_text": f"{samples:,}", "seed": data.get("seed"),
        "methods": methods, "tau_matrix": matrix, "method": str(data.get("method") or result.method),
        "top_choice": name(top_choice) if top_choice is not None else "-",
        "ranks": list(range(1, width + 1)), "rows": rows, "stability": stability,
        "agreement": agreement, "method_top": method_top,
        "skipped": [[m, str(why)] for m, why in skipped.items()],
        "sampling": str(sampling.get("description") or "-"),
        "evidence_model": str(evidence.get("description") or "-"),
        "criteria": list(criteria.values()), "numbers": numbers,
    }
