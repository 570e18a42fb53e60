"""What kind of value each profile fact holds, read off the pydantic models once."""

from __future__ import annotations

import typing
from dataclasses import dataclass
from functools import cache
from typing import Any, Literal

from selector.models.common import Fact, Strict
from selector.models.profile import GROUPS, Lifecycle, Regions

Kind = Literal["enum", "bool", "number", "list", "text"]


@dataclass(frozen=True, slots=True)
class FactKind:
    kind: Kind
    choices: tuple[str, ...] = ()
    """Allowed values for enums, allowed items for lists (empty when free text)."""
    specials: tuple[str, ...] = ()
    """Non-numeric words a number fact may hold besides ``unknown`` (e.g. ``none``)."""


def _literals(annotation: Any) -> list[str]:
    out: list[str] = []
    if typing.get_origin(annotation) is Literal:
        return [str(a) for a in typing.get_args(annotation)]
    for arg in typing.get_args(annotation):
        out.extend(_literals(arg))
    return out


def _contains(annotation: Any, target: type) -> bool:
    if annotation is target:
        return True
    return any(_contains(arg, target) for arg in typing.get_args(annotation))


def _value_annotation(field_annotation: Any) -> Any:
    for arg in (field_annotation, *typing.get_args(field_annotation)):
        if isinstance(arg, type) and issubclass(arg, Fact):
            return arg.model_fields["value"].annotation
    raise TypeError(f"not a fact: {field_annotation!r}")  # pragma: no cover


@cache
def fact_kind(path: str) -> FactKind | None:
    """The kind of the fact at ``group.name``, or None if the profile format has no such fact."""
    group, _, name = path.partition(".")
    blocks: dict[str, type[Strict]] = {"regions": Regions, "lifecycle": Lifecycle, **GROUPS}
    cls = blocks.get(group)
    if cls is None or name not in cls.model_fields or name == "cloud_regions":
        return None
    annotation = _value_annotation(cls.model_fields[name].annotation)
    members = [a for a in typing.get_args(annotation) if a is not type(None)] or [annotation]
    real = [m for m in members if _literals(m) not in (["unknown"], ["not-applicable"])]
    for member in real:
        if typing.get_origin(member) is list:
            return FactKind("list", tuple(_literals(member)))
    if any(_contains(m, bool) for m in real):
        return FactKind("bool", ("true", "false"))
    if any(_contains(m, float) for m in real):
        specials = tuple(s for m in real for s in _literals(m) if s != "unknown")
        return FactKind("number", (), specials)
    words = [s for m in real for s in _literals(m) if s != "unknown"]
    if words:
        return FactKind("enum", tuple(words))
    return FactKind("text")
