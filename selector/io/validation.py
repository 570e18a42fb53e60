"""Turn pydantic validation errors into one located, actionable line each."""

from __future__ import annotations

import difflib
import inspect
import typing
from collections.abc import Sequence
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from selector.errors import Problem
from selector.io.yamlio import Document, locate

_BASIC_TAGS = {"bool", "float", "int", "str", "date", "datetime", "none"}
_UNION_FIELDS = {"value", "release_date", "parameters_b", "headquarters"}


def _is_tag(part: object, previous: object) -> bool:
    if not isinstance(part, str):
        return False
    if "[" in part or part.startswith(("constrained-", "function-", "nullable")):
        return True
    return part in _BASIC_TAGS and previous in _UNION_FIELDS


def _clean(loc: Sequence[int | str]) -> tuple[tuple[int | str, ...], bool]:
    """Drop pydantic's union-member tags from a location; say whether any was dropped."""
    out: list[int | str] = []
    tagged = False
    previous: object = None
    for part in loc:
        if _is_tag(part, previous):
            tagged = True
            continue
        out.append(part)
        previous = part
    return tuple(out), tagged


def format_loc(loc: Sequence[int | str]) -> str:
    text = ""
    for part in loc:
        if isinstance(part, str) and not part.isprintable():
            part = repr(part)
        if isinstance(part, int):
            text += f"[{part}]"
        else:
            text += f".{part}" if text else str(part)
    return text


def _find_model(annotation: Any) -> type[BaseModel] | None:
    if inspect.isclass(annotation) and issubclass(annotation, BaseModel):
        return annotation
    for arg in typing.get_args(annotation):
        found = _find_model(arg)
        if found is not None:
            return found
    return None


def allowed_keys(root: type[BaseModel], loc: Sequence[int | str]) -> list[str]:
    """The field names the model accepts at ``loc`` (for "did you mean")."""
    cls: type[BaseModel] = root
    for part in loc:
        if isinstance(part, int):
            continue
        field = cls.model_fields.get(part)
        if field is None:
            return []
        sub = _find_model(field.annotation)
        if sub is None:
            return []
        cls = sub
    return list(cls.model_fields)


def suggestion(word: str, choices: Sequence[str]) -> str:
    close = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    if close:
        return f"did you mean '{close[0]}'?"
    if choices and len(choices) <= 12:
        return "allowed: " + ", ".join(choices)
    return "remove it or check the spelling"


def _shown(value: Any) -> str:
    import datetime as _dt

    if isinstance(value, _dt.date):
        return repr(value.isoformat())
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def _message(error: Any, root: type[BaseModel], loc: tuple[int | str, ...], unknown_ok: bool) -> str:
    kind = error["type"]
    ctx = error.get("ctx") or {}
    got = f" (got {_shown(error.get('input'))})"
    tail = " or 'unknown'" if unknown_ok else ""
    if kind == "missing":
        return "required field is missing; add it"
    if kind == "extra_forbidden":
        key = str(loc[-1]) if loc else "?"
        shown = key if key.isprintable() else repr(key)[1:-1]
        return f"unknown field '{shown}'; " + suggestion(key, allowed_keys(root, loc[:-1]))
    if kind == "literal_error":
        return f"must be one of {ctx.get('expected', '?')}{tail}{got}"
    if kind == "string_pattern_mismatch":
        pattern = str(ctx.get("pattern", ""))
        if "deployer" in pattern:
            what = "a jurisdiction: ISO 3166 code like HK or SG, EU, 'deployer' or 'global'"
        elif pattern.startswith("^[a-z0-9]"):
            what = "a slug: lower-case letters, digits, '.', '_' or '-', starting alphanumeric"
        elif "https?" in pattern:
            what = "an http(s) URL without spaces"
        elif "[a-z]{2,3}" in pattern:
            what = "a language code such as en, yue (Cantonese) or cmn (Putonghua)"
        else:
            what = f"text matching {pattern}"
        return f"must be {what}{tail}{got}"
    if kind in {"float_type", "int_type", "float_parsing", "int_parsing"}:
        raw = error.get("input")
        hint = ""
        if isinstance(raw, str):
            try:
                float(raw)
                hint = "; YAML reads 1e13 as text: write 1.0e+13"
            except ValueError:
                pass
        return f"must be a number{tail}{got}{hint}"
    if kind == "value_error":
        message = str(error.get("msg", "")).removeprefix("Value error, ")
        return message
    if kind == "finite_number":
        return f"must be a finite number{got}"
    if kind in {"bool_type", "bool_parsing"}:
        return f"must be true or false{tail}{got}"
    if kind in {"string_type"}:
        return f"must be text{tail}{got}"
    if kind in {"list_type"}:
        return f"must be a list{tail}{got}"
    if kind in {"dict_type", "model_type", "model_attributes_type"}:
        return f"must be a mapping of fields{got}"
    if kind.startswith("date") or kind.startswith("datetime"):
        return f"must be a date written YYYY-MM-DD{tail}{got}"
    if kind == "string_too_long":
        return f"is too long; the limit is {ctx.get('max_length')} characters"
    if kind == "string_too_short":
        return "must not be empty"
    if kind == "too_long":
        return f"has too many entries; the limit is {ctx.get('max_length')}"
    if kind in {"greater_than_equal", "less_than_equal", "greater_than", "less_than"}:
        bound = {
            "greater_than_equal": ">=",
            "less_than_equal": "<=",
            "greater_than": ">",
            "less_than": "<",
        }[kind]
        limit = next(iter(ctx.values()), "?")
        return f"must be {bound} {limit}{got}"
    return f"{error['msg']}{got}"


UNKNOWN_BRANCH = frozenset({
    "'unknown'", "'not-applicable'", "'not-applicable' or 'unknown'", "'unknown' or 'not-applicable'",
})
"""How pydantic words the ``unknown`` / ``not-applicable`` branch of a fact's value."""


def model_problems(
    exc: ValidationError, doc: Document, root: type[BaseModel]
) -> list[Problem]:
    """One problem per distinct location, with union noise ('or unknown' branches) folded."""
    by_loc: dict[tuple[int | str, ...], list[tuple[Any, bool]]] = {}
    for error in exc.errors(include_url=False):
        loc, tagged = _clean(error["loc"])
        by_loc.setdefault(loc, []).append((error, tagged))
    # The "literal['unknown']" branch of `T | unknown` is noise when a real branch failed too.
    problems: list[Problem] = []
    handled_prefixes: set[tuple[int | str, ...]] = set()
    for loc, errors in by_loc.items():
        real = [
            (e, t)
            for e, t in errors
            if not (e["type"] == "literal_error" and e.get("ctx", {}).get("expected") in UNKNOWN_BRANCH)
        ]
        unknown_branch = len(real) < len(errors)
        if not real:
            # Only the unknown branch is left: the real branch failed deeper (a list item).
            if any(other[: len(loc)] == loc and other != loc for other in by_loc):
                continue
            real = errors
        if any(loc[: len(p)] == p for p in handled_prefixes):
            continue
        error, tagged = real[0]
        unknown_ok = unknown_branch or (tagged and bool(loc) and loc[-1] == "value")
        line, col, _found = locate(doc.text, loc)
        problems.append(
            Problem(doc.path, line, col, format_loc(loc), _message(error, root, loc, unknown_ok))
        )
        if error["type"] in {"dict_type", "model_type", "list_type"}:
            handled_prefixes.add(loc)
    problems.sort(key=lambda p: (p.line, p.column, p.field))
    return problems


M = TypeVar("M", bound=BaseModel)


def validate_model(doc: Document, model: type[M], what: str) -> M:
    """Validate a parsed document against ``model``; every problem becomes one located line.

    ``what`` names the kind of file for the message when the document is not a mapping
    ("a profile", "a criteria set", ...).
    """
    from selector.errors import InputError

    if not isinstance(doc.data, dict):
        found = "empty" if doc.data is None else f"a {type(doc.data).__name__}"
        raise InputError(Problem(doc.path, 1, 1, "", f"{what} must be a YAML mapping, not {found}"))
    try:
        return model.model_validate(doc.data)
    except ValidationError as exc:
        raise InputError(model_problems(exc, doc, model)) from None


def located(doc: Document, loc: Sequence[int | str], message: str) -> Problem:
    line, col, _ = locate(doc.text, loc)
    return Problem(doc.path, line, col, format_loc(loc), message)
