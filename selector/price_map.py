"""Cross-check the catalogue against a price map in LiteLLM's format: secondary evidence only.

The map (read by :mod:`selector.io.price_map`) is maintained by a third party, so nothing here
changes a profile: each finding names what to re-check against the vendor's own price or
lifecycle page.
"""

from __future__ import annotations

import math
import os
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from selector.io.price_map import (  # noqa: F401 (re-exported)
    EVIDENCE_NOTE,
    PER_MILLION,
    PRICE_FACTS,
    RECORDED_STATUSES,
    RELATIVE_TOLERANCE,
    PriceEntry,
    PriceMap,
    read_price_map,
)
from selector.profiles import LoadedProfile
from selector.scoring.lifecycle import lifecycle_state


@dataclass(frozen=True, slots=True)
class Finding:
    """One thing the map and a profile disagree on, or one the map knows and the profile does not."""

    kind: str
    """``price``, ``deprecation-date``, ``deprecated`` (the map knows the model as deprecated and
    the profile does not record it), ``missing-key`` or ``no-key`` (informational)."""
    profile: str
    key: str | None
    fact: str | None
    profile_value: str | None
    map_value: str | None
    message: str

    def as_dict(self) -> dict[str, Any]:
        return {"kind": self.kind, "profile": self.profile, "key": self.key, "fact": self.fact,
                "profile_value": self.profile_value, "map_value": self.map_value,
                "message": self.message}


@dataclass(frozen=True, slots=True)
class KeyCheck:
    """One profile's key as the map has it, and whether everything compared agrees."""

    profile: str
    key: str
    in_map: bool
    provider: str | None = None
    mode: str | None = None
    input_usd_per_mtok: float | None = None
    output_usd_per_mtok: float | None = None
    deprecation_date: str | None = None
    max_input_tokens: int | None = None
    supported_regions: tuple[str, ...] | None = None
    agrees: bool = False

    def as_dict(self) -> dict[str, Any]:
        return {"profile": self.profile, "key": self.key, "in_map": self.in_map,
                "litellm_provider": self.provider, "mode": self.mode,
                "input_usd_per_mtok": _rounded(self.input_usd_per_mtok),
                "output_usd_per_mtok": _rounded(self.output_usd_per_mtok),
                "deprecation_date": self.deprecation_date,
                "max_input_tokens": self.max_input_tokens,
                "supported_regions": (list(self.supported_regions)
                                      if self.supported_regions is not None else None),
                "agrees": self.agrees}


@dataclass(frozen=True, slots=True)
class PriceMapCheck:
    file: str
    sha256: str
    entries: int
    today: str
    horizon_days: int
    checks: tuple[KeyCheck, ...]
    findings: tuple[Finding, ...]

    def of(self, kind: str) -> list[Finding]:
        return [f for f in self.findings if f.kind == kind]

    @property
    def summary(self) -> dict[str, int]:
        return {
            "profiles_with_keys": len({c.profile for c in self.checks}),
            "keys": len(self.checks),
            "keys_agreeing": sum(1 for c in self.checks if c.agrees),
            "price_disagreements": len(self.of("price")),
            "deprecation_date_disagreements": len(self.of("deprecation-date")),
            "deprecated_not_recorded": len(self.of("deprecated")),
            "missing_keys": len(self.of("missing-key")),
            "priced_profiles_without_keys": len(self.of("no-key")),
        }

    def as_dict(self) -> dict[str, Any]:
        return {"file": self.file, "sha256": self.sha256, "entries": self.entries,
                "format": "LiteLLM model_prices_and_context_window.json",
                "evidence": "secondary", "note": EVIDENCE_NOTE,
                "relative_tolerance": RELATIVE_TOLERANCE, "today": self.today,
                "horizon_days": self.horizon_days, "summary": self.summary,
                "keys": [c.as_dict() for c in self.checks],
                "findings": [f.as_dict() for f in self.findings]}


def _rounded(value: float | None) -> float | None:
    return None if value is None else round(value, 6)


def show_price(value: float) -> str:
    return f"{round(value, 6):g}"


def agree(a: float, b: float) -> bool:
    return math.isclose(a, b, rel_tol=RELATIVE_TOLERANCE, abs_tol=1e-9)


def _fact_value(loaded: LoadedProfile, path: str) -> float | str:
    """The profile's price in USD per million tokens, or why there is none."""
    from selector.profiles import get_fact

    fact = get_fact(loaded.profile, path)
    if fact is None:
        return "not recorded"
    if not fact.known:
        return str(fact.value)
    return float(fact.value)


def compare(loaded: Sequence[LoadedProfile], price_map: PriceMap, today: date,
            horizon_days: int = 365) -> PriceMapCheck:
    """Each offering's price and retirement date against the map's entries for its keys."""
    horizon_end = today + timedelta(days=horizon_days)
    checks: list[KeyCheck] = []
    findings: list[Finding] = []
    offerings = sorted((lp for lp in loaded if lp.profile.kind == "offering"),
                       key=lambda lp: lp.profile.id)
    for lp in offerings:
        pid = lp.profile.id
        prices = {path: _fact_value(lp, path) for path in PRICE_FACTS}
        if not lp.profile.price_map_keys:
            priced = {p: v for p, v in prices.items() if isinstance(v, float)}
            if priced and lp.profile.route != "self-hosted":  # no per-token price to map
                shown = ", ".join(f"{p.split('.')[1].split('_')[0]} {show_price(v)}"
                                  for p, v in priced.items())
                findings.append(Finding("no-key", pid, None, None, shown, None, (
                    "records a price but names no price_map_keys, so the map cannot check it "
                    "(informational)")))
            continue
        life = lifecycle_state(lp)
        for key in dict.fromkeys(lp.profile.price_map_keys):
            entry = price_map.entries.get(key)
            if entry is None:
                checks.append(KeyCheck(pid, key, False))
                findings.append(Finding("missing-key", pid, key, None, None, None, (
                    "the profile names this key but the map has no entry for it: check the key's "
                    "spelling (route and region prefix included) or whether the map dropped it"
                    + _close(key, price_map.keys))))
                continue
            before = len(findings)
            for path, field in PRICE_FACTS.items():
                mapped = entry.price(field)
                if mapped is None:
                    continue
                ours = prices[path]
                if isinstance(ours, float) and agree(ours, mapped):
                    continue
                shown = show_price(ours) if isinstance(ours, float) else ours
                findings.append(Finding("price", pid, key, path, shown, show_price(mapped), (
                    f"the map lists {show_price(mapped)} USD per million tokens, the profile "
                    f"{shown}: re-check the vendor's price page for this route and region")))
            findings.extend(_lifecycle_findings(pid, key, entry, life.status, life.retires_on,
                                                today, horizon_end))
            checks.append(KeyCheck(
                pid, key, True, entry.litellm_provider, entry.mode,
                entry.price("input_cost_per_token"), entry.price("output_cost_per_token"),
                entry.deprecation_date.isoformat() if entry.deprecation_date else None,
                entry.max_input_tokens,
                tuple(entry.supported_regions) if entry.supported_regions is not None else None,
                agrees=len(findings) == before))
    return PriceMapCheck(price_map.path, price_map.sha256, len(price_map.keys), today.isoformat(),
                         horizon_days, tuple(checks), tuple(findings))


def _close(key: str, keys: frozenset[str]) -> str:
    import difflib

    close = difflib.get_close_matches(key, sorted(keys), n=1, cutoff=0.8)
    return f" (the map has '{close[0]}')" if close else ""


def _lifecycle_findings(pid: str, key: str, entry: PriceEntry, status: str, retires_on: str | None,
                        today: date, horizon_end: date) -> list[Finding]:
    mapped = entry.deprecation_date
    if mapped is None:
        return []
    when = mapped.isoformat()
    fact = "lifecycle.retires_on"
    if retires_on is not None:
        if retires_on == when:
            return []
        return [Finding("deprecation-date", pid, key, fact, retires_on, when, (
            f"the map's deprecation date is {when}, the profile's retirement date {retires_on}: "
            "re-check the provider's lifecycle or deprecation page"))]
    if mapped <= horizon_end and status not in RECORDED_STATUSES:
        passed = "passed" if mapped <= today else f"in {(mapped - today).days} days"
        return [Finding("deprecated", pid, key, "lifecycle.status", status, when, (
            f"the map records the model as deprecated on {when} ({passed}); the profile records "
            f"status {status} and no retirement date: check the provider's lifecycle page and "
            "record the status and date"))]
    return [Finding("deprecation-date", pid, key, fact, "not recorded", when, (
        f"the map's deprecation date is {when}; the profile records no retirement date: check the "
        "provider's lifecycle page and record it"))]


def render_text(check: PriceMapCheck) -> str:
    """The cross-check as tables, for ``selector audit --format table``."""
    from selector.render.text import clip, table

    s = check.summary
    out = [f"Price map cross-check: {check.file} ({check.entries:,} model entries, LiteLLM format; "
           f"prices agree within {RELATIVE_TOLERANCE:.1%})", EVIDENCE_NOTE]

    def section(title: str, headers: list[str], rows: list[list[str]]) -> None:
        out.append(f"\n{title}: " + (f"{len(rows)}" if rows else "none"))
        if rows:
            out.append(table(headers, rows))

    section("Price or deprecation date disagrees with the map",
            ["id", "key", "fact", "profile", "map"],
            [[f.profile, clip(f.key or "", 60), f.fact or "", f.profile_value or "", f.map_value or ""]
             for f in check.findings if f.kind in ("price", "deprecation-date")])
    section("Deprecated in the map (passed or within the horizon), not recorded in the profile",
            ["id", "key", "map deprecation_date", "profile status"],
            [[f.profile, clip(f.key or "", 60), f.map_value or "", f.profile_value or ""]
             for f in check.of("deprecated")])
    section("Keys named in profiles but absent from the map", ["id", "key"],
            [[f.profile, clip(f.key or "", 60)] for f in check.of("missing-key")])
    section("Profiles with a price but no price_map_keys (informational)",
            ["id", "USD per million tokens"],
            [[f.profile, f.profile_value or ""] for f in check.of("no-key")])
    out.append(f"\n{s['keys']} key(s) on {s['profiles_with_keys']} profile(s): {s['keys_agreeing']} agree "
               f"with the map; {s['price_disagreements']} price and "
               f"{s['deprecation_date_disagreements']} deprecation-date disagreement(s), "
               f"{s['deprecated_not_recorded']} deprecation(s) not recorded, {s['missing_keys']} key(s) "
               "not in the map. Re-check each against the vendor's page before changing a profile.")
    return "\n".join(out)


def with_price_map(result: Any, loaded: Sequence[LoadedProfile], path: str | os.PathLike[str],
                   today: date) -> Any:
    """``result`` (a :class:`selector.audit.Audit`) with the cross-check against the price map
    at ``path`` attached."""
    import dataclasses

    wanted = [key for lp in loaded if lp.profile.kind == "offering" for key in lp.profile.price_map_keys]
    check = compare(loaded, read_price_map(path, wanted), today, result.horizon_days)
    return dataclasses.replace(result, price_map=check)
