"""Cross-check the catalogue against a price map in LiteLLM's format: secondary evidence only.

LiteLLM's ``model_prices_and_context_window.json`` (github.com/BerriAI/litellm) is one JSON
object keyed by model key (``azure/gpt-5.5``, ``bedrock/jp.anthropic.claude-sonnet-4-6``), each
value holding ``input_cost_per_token`` and ``output_cost_per_token`` (USD per token),
``litellm_provider``, ``mode``, ``max_input_tokens``, ``deprecation_date`` (YYYY-MM-DD) and
sometimes ``supported_regions``; ``sample_spec`` documents the fields and is skipped. The map is
maintained by a third party, so nothing here changes a profile: each finding names what to
re-check against the vendor's own price or lifecycle page. The user supplies the file; nothing
is fetched.

Only the entries a profile names (``price_map_keys``) are validated: the map holds thousands of
models the catalogue does not use, and a flaw in one of them must not block the check of ours.
"""

from __future__ import annotations

import hashlib
import json
import math
import os
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import Annotated, Any

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, StringConstraints, ValidationError

from selector.errors import InputError, Problem
from selector.profiles import LoadedProfile
from selector.scoring.lifecycle import lifecycle_state

MAX_PRICE_MAP_BYTES = 32 * 2**20
"""Largest price map read (32 MiB); LiteLLM's own map was about 1.6 MB in late 2026."""
PER_MILLION = 1_000_000
RELATIVE_TOLERANCE = 0.005
"""Prices within 0.5% of each other agree: the map stores USD per token as a float
(``2.5e-06``), and a per-million price read back from it carries float noise."""
SKIPPED_KEYS = frozenset({"sample_spec"})
RECORDED_STATUSES = ("legacy", "deprecated", "retired")
"""Lifecycle statuses that already record that the model is on its way out."""
PRICE_FACTS = {
    "accessibility.input_price_usd_per_mtok": "input_cost_per_token",
    "accessibility.output_price_usd_per_mtok": "output_cost_per_token",
}
EVIDENCE_NOTE = (
    "The price map is secondary evidence (a third party's compilation): each finding is "
    "something to re-check against the vendor's own price or lifecycle page; no profile is "
    "changed. LiteLLM's deprecation_date is the day it records the model as deprecated, which "
    "may differ from the day the route stops serving it (the profile's retires_on)."
)


def _iso_date(value: Any) -> date:
    """``deprecation_date`` as the map writes it: a string ``YYYY-MM-DD``, nothing else."""
    if not isinstance(value, str) or not re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", value):
        raise ValueError(f"{json.dumps(value)[:40]} is not a date as YYYY-MM-DD")
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise ValueError(f"'{value}' is not a calendar date") from None


Cost = Annotated[float, Field(strict=True, ge=0, le=1, allow_inf_nan=False)]
"""USD per token: a price of a million dollars per token is a units mistake, not a price."""
Count = Annotated[int, Field(strict=True, ge=0, le=10**12)]
Label = Annotated[str, StringConstraints(strict=True, max_length=200)]
IsoDate = Annotated[date, BeforeValidator(_iso_date)]


class PriceEntry(BaseModel):
    """The fields of one price-map entry this check reads; the map's many others are ignored."""

    model_config = ConfigDict(extra="ignore", frozen=True)

    input_cost_per_token: Cost | None = None
    output_cost_per_token: Cost | None = None
    litellm_provider: Label | None = None
    mode: Label | None = None
    max_input_tokens: Count | None = None
    deprecation_date: IsoDate | None = None
    supported_regions: list[Label] | None = Field(default=None, max_length=500)

    def price(self, field: str) -> float | None:
        """USD per million tokens, or None when the map gives no price."""
        value = getattr(self, field)
        return None if value is None else float(value) * PER_MILLION


HINTS = {
    "input_cost_per_token": "a number of USD per token, e.g. 2.5e-06 for $2.50 per million",
    "output_cost_per_token": "a number of USD per token, e.g. 1e-05 for $10 per million",
    "deprecation_date": "a date as YYYY-MM-DD, e.g. \"2027-03-01\"",
    "max_input_tokens": "a whole number of tokens",
    "supported_regions": "a list of region names, e.g. [\"ap-northeast-1\"]",
}


@dataclass(frozen=True, slots=True)
class PriceMap:
    path: str
    sha256: str
    keys: frozenset[str]
    """Every model key in the map (``sample_spec`` left out)."""
    entries: Mapping[str, PriceEntry]
    """The validated entries of the keys asked for that the map has."""


def _position(text: str, key: str, field: str | None = None) -> tuple[int, int]:
    """Line and column of ``"key":`` (and of ``"field":`` after it) in the JSON text; (1, 1)
    when it cannot be found."""
    found = re.search(re.escape(json.dumps(key, ensure_ascii=False)) + r"\s*:", text)
    if found is None:
        return 1, 1
    offset = found.start()
    if field is not None:
        inner = re.compile(re.escape(json.dumps(field)) + r"\s*:").search(text, found.end())
        if inner is not None:
            offset = inner.start()
    line = text.count("\n", 0, offset) + 1
    return line, offset - (text.rfind("\n", 0, offset) + 1) + 1


def _kind(value: Any) -> str:
    """What a JSON value is, in JSON's words."""
    names = {dict: "object", list: "array", str: "string", bool: "boolean", type(None): "null"}
    return names.get(type(value), "number")


class _Constant(ValueError):
    pass


def _refuse_constant(name: str) -> Any:
    raise _Constant(name)


def read_price_map(path: str | os.PathLike[str], wanted: Sequence[str]) -> PriceMap:
    """Read a LiteLLM-format price map and validate the entries of the ``wanted`` keys.

    Every problem is one located line (file, line, column, key and field, what to do)."""
    shown = os.fspath(path)

    def fail(message: str, line: int = 1, column: int = 1, field: str = "") -> InputError:
        return InputError(Problem(shown, line, column, field, message))

    p = Path(path)
    try:
        if p.is_dir():
            raise fail("is a directory; give the price map file (model_prices_and_context_window.json)")
        size = p.stat().st_size
        if size > MAX_PRICE_MAP_BYTES:
            raise fail(f"file is {size:,} bytes; the limit for a price map is "
                       f"{MAX_PRICE_MAP_BYTES:,} (LiteLLM's own map is under 2 MB): is this the "
                       "right file?")
        raw = p.read_bytes()
    except FileNotFoundError:
        raise fail("no such file") from None
    except PermissionError:
        raise fail("permission denied (check the file's permissions)") from None
    except OSError as exc:
        raise fail(f"cannot read file: {exc.strerror or exc}") from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise fail(f"not valid UTF-8 (byte 0x{raw[exc.start]:02x} at offset {exc.start}); a price "
                   "map is JSON text") from None
    try:
        data = json.loads(text, parse_constant=_refuse_constant)
    except json.JSONDecodeError as exc:
        raise fail(f"not JSON: {exc.msg}; a price map is one JSON object (LiteLLM's "
                   "model_prices_and_context_window.json)", exc.lineno, exc.colno) from None
    except _Constant as exc:
        offset = text.find(str(exc))
        line = text.count("\n", 0, offset) + 1
        raise fail(f"{exc} is not a number JSON allows; write the price as a number", line,
                   offset - (text.rfind("\n", 0, offset) + 1) + 1) from None
    except RecursionError:
        raise fail("nesting is too deep for a price map") from None
    if not isinstance(data, dict):
        raise fail(f"the top level is a JSON {_kind(data)}, not an object keyed by model "
                   "(LiteLLM's model_prices_and_context_window.json format)")
    keys = frozenset(k for k in data if k not in SKIPPED_KEYS)
    if keys and not any(isinstance(data[k], dict) and (
            "litellm_provider" in data[k] or "input_cost_per_token" in data[k]) for k in keys):
        raise fail("no entry has 'litellm_provider' or 'input_cost_per_token': this does not look "
                   "like a LiteLLM price map (model_prices_and_context_window.json)")
    entries: dict[str, PriceEntry] = {}
    problems: list[Problem] = []
    for key in dict.fromkeys(wanted):
        if key not in keys:
            continue
        value = data[key]
        where = json.dumps(key, ensure_ascii=False)
        if not isinstance(value, dict):
            line, column = _position(text, key)
            problems.append(Problem(shown, line, column, f"[{where}]",
                                    f"the entry is a JSON {_kind(value)}, not an object of "
                                    "prices; take a fresh copy of the map"))
            continue
        try:
            entries[key] = PriceEntry.model_validate(value)
        except ValidationError as exc:
            for error in exc.errors():
                field = str(error["loc"][0]) if error["loc"] else ""
                line, column = _position(text, key, field or None)
                hint = HINTS.get(field)
                message = error["msg"] + (f"; it should be {hint}" if hint else "")
                problems.append(Problem(shown, line, column, f"[{where}].{field}",
                                        message + " (fix the entry or take a fresh copy of the map)"))
    if problems:
        raise InputError(problems)
    return PriceMap(shown, hashlib.sha256(raw).hexdigest(), keys, entries)


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
