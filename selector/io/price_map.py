"""The border for price maps in LiteLLM's format: read, validate, locate every problem.

LiteLLM's ``model_prices_and_context_window.json`` (github.com/BerriAI/litellm) is one JSON
object keyed by model key (``azure/gpt-5.5``, ``bedrock/jp.anthropic.claude-sonnet-4-6``), each
value holding ``input_cost_per_token`` and ``output_cost_per_token`` (USD per token),
``litellm_provider``, ``mode``, ``max_input_tokens``, ``deprecation_date`` (YYYY-MM-DD) and
sometimes ``supported_regions``; ``sample_spec`` documents the fields and is skipped. The user
supplies the file; nothing is fetched.

Only the entries a profile names (``price_map_keys``) are validated: the map holds thousands of
models the catalogue does not use, and a flaw in one of them must not block the check of ours.
"""
from __future__ import annotations

import hashlib
import json
import os
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Annotated, Any

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, StringConstraints, ValidationError

from selector.errors import InputError, Problem

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


