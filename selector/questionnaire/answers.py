"""Answer types, derived from the profile format's own field types (never written by hand).

Each fact path's pydantic annotation ``Fact[T]`` gives the type of the answer: a choice among a
``Literal``'s values, a number with its bounds, yes or no, a date, free text, or a list of any
of these (written one item per line or separated by commas or semicolons). ``not-applicable``
is a valid answer to every fact question (the fact does not arise for this offering). An answer
is parsed from what a spreadsheet cell holds (a number, a date, a boolean or text) and then
validated by the fact's own model, so a questionnaire can never accept a value a profile could
not hold.
"""

from __future__ import annotations

import re
import types
import typing
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, Literal

from pydantic import ValidationError

from selector.models.common import NOT_APPLICABLE, UNKNOWN, Fact, Strict
from selector.models.profile import GROUPS, Lifecycle, Regions

AnswerKind = Literal["choice", "number", "yes-no", "date", "text", "list", "number-or-choice"]
LIST_SPLIT = re.compile(r"\s*[,;\n]\s*")
UNBOUNDED = 1e12
"""The profile format's ceiling for a non-negative quantity: no real bound, so not shown."""


@dataclass(frozen=True, slots=True)
class AnswerType:
    """What a fact's answer may be, in the terms a spreadsheet's data validation needs."""

    kind: AnswerKind
    choices: tuple[str, ...] = ()
    """The allowed words (a choice, the words of a number-or-choice, or the items of a list)."""
    minimum: float | None = None
    maximum: float | None = None
    item: str | None = None
    """For a list: what each item is (``choice``, ``text``, ``code``)."""
    hint: str | None = None
    """What a free-text or coded item must look like (from the field's constraints)."""

    @property
    def label(self) -> str:
        """The answer type in words (the questionnaire's 'Answer type' column)."""
        if self.kind == "list":
            return f"list of {self.item or 'text'} (one per line, or separated by commas)"
        return {"choice": "one of the listed values", "number": "number", "yes-no": "yes or no",
                "date": "date (YYYY-MM-DD)", "text": "text",
                "number-or-choice": "number, or one of the listed words"}[self.kind]

    @property
    def allowed(self) -> str:
        """The allowed values in words (the 'Allowed values' column)."""
        parts: list[str] = []
        if self.choices:
            parts.append(", ".join(self.choices))
        if self.kind in ("number", "number-or-choice"):
            parts.append(_range_words(self.minimum, self.maximum))
        if self.hint:
            parts.append(self.hint)
        if self.kind == "yes-no":
            parts.append("yes, no")
        parts.append(NOT_APPLICABLE)
        return "; ".join(parts)


def _range_words(low: float | None, high: float | None) -> str:
    if high is not None and high >= UNBOUNDED:
        high = None
    if low is not None and high is not None:
        return f"a number from {low:g} to {high:g}"
    if low is not None:
        return f"a number, {low:g} or more"
    return "a number" if high is None else f"a number, at most {high:g}"


def owner_of(group: str) -> type[Strict] | None:
    """The model of a fact group (``regions``, ``lifecycle`` or one of ``GROUPS``)."""
    owners: dict[str, type[Strict]] = {"regions": Regions, "lifecycle": Lifecycle, **GROUPS}
    return owners.get(group)


def fact_model(path: str) -> type[Fact[Any]]:
    """The ``Fact[T]`` model of a fact path (``group.name``)."""
    group, _, name = path.partition(".")
    owner = owner_of(group)
    if owner is None or name not in owner.model_fields:
        raise KeyError(path)
    annotation = owner.model_fields[name].annotation
    for candidate in (annotation, *typing.get_args(annotation)):
        if isinstance(candidate, type) and issubclass(candidate, Fact):
            return candidate
    raise KeyError(path)


def _value_type(path: str) -> Any:
    return fact_model(path).__pydantic_generic_metadata__["args"][0]


def _literal_words(tp: Any) -> tuple[str, ...]:
    return tuple(str(v) for v in typing.get_args(tp))


def _strip_annotated(tp: Any) -> tuple[Any, list[Any]]:
    if typing.get_origin(tp) is typing.Annotated:
        base, *meta = typing.get_args(tp)
        out: list[Any] = []
        for item in meta:
            out.extend(getattr(item, "metadata", None) or [item])
        return base, out
    return tp, []


def _bounds(meta: list[Any]) -> tuple[float | None, float | None]:
    low = next((float(m.ge) for m in meta if hasattr(m, "ge")), None)
    high = next((float(m.le) for m in meta if hasattr(m, "le")), None)
    return low, high


def _hint(meta: list[Any], base: Any) -> str | None:
    pattern = next((m.pattern for m in meta if getattr(m, "pattern", None)), None)
    if pattern is not None:
        return "each a lower-case tag: letters, digits, '.' and '-' (e.g. credit-decisions)"
    max_length = next((m.max_length for m in meta if getattr(m, "max_length", None)), None)
    if base is str and max_length:
        return f"at most {max_length:,} characters"
    return None


def answer_type(path: str) -> AnswerType:
    """The answer type of a fact path, from its annotation."""
    return _describe(_value_type(path))


def _describe(tp: Any) -> AnswerType:
    if typing.get_origin(tp) is Literal:
        return AnswerType("choice", _literal_words(tp))
    if typing.get_origin(tp) is list:
        inner = _describe(typing.get_args(tp)[0])
        item = "values" if inner.kind == "choice" else "codes" if inner.hint else "text"
        if _is_language(typing.get_args(tp)[0]):
            item, hint = "BCP 47 language tags (en, yue, zh-Hant, zh-HK)", None
        else:
            hint = inner.hint
        return AnswerType("list", inner.choices, item=item, hint=hint)
    if typing.get_origin(tp) in (typing.Union, types.UnionType):
        members = [_describe(m) for m in typing.get_args(tp)]
        words = tuple(w for m in members if m.kind == "choice" for w in m.choices)
        numbers = [m for m in members if m.kind == "number"]
        if numbers:
            return AnswerType("number-or-choice", words, numbers[0].minimum, numbers[0].maximum)
        if any(m.kind == "date" for m in members):
            return AnswerType("date", hint="YYYY-MM-DD, or YYYY-MM, or YYYY")
        return AnswerType("text", words)
    base, meta = _strip_annotated(tp)
    if base is bool:
        return AnswerType("yes-no")
    if base in (float, int):
        low, high = _bounds(meta)
        return AnswerType("number", minimum=low, maximum=high)
    if base is date:
        return AnswerType("date")
    if base is str:
        words = ()
        known = next((getattr(m, "func", None) for m in meta if getattr(m, "func", None)), None)
        if known is not None and getattr(known, "__name__", "") == "_known_certification":
            from selector.models.profile import KNOWN_CERTIFICATIONS

            words = KNOWN_CERTIFICATIONS
            return AnswerType("choice", words, hint="or your own id starting with 'x-'")
        if known is not None and getattr(known, "__name__", "") == "check_jurisdiction":
            return AnswerType("text", hint="ISO 3166-1 alpha-2 codes (HK, SG, JP), EU or global")
        return AnswerType("text", hint=_hint(meta, base))
    return AnswerType("text")


def _is_language(tp: Any) -> bool:
    from selector.models.languages import LanguageTag

    return tp is LanguageTag


class AnswerError(ValueError):
    """An answer the fact cannot take; the message says what is allowed."""


def parse_answer(path: str, raw: Any) -> Any:
    """The answer in a cell as the fact's value, validated by the fact's own model.

    ``raw`` is what the cell holds (text, a number, a boolean, a date or datetime). Raises
    :class:`AnswerError` with what is allowed."""
    kind = answer_type(path)
    value = _coerce(kind, raw)
    try:
        fact = fact_model(path).model_validate({"value": value})
    except ValidationError as exc:
        first = exc.errors()[0]
        detail = str(first.get("msg", "not valid")).removeprefix("Value error, ")
        raise AnswerError(f"{_shown(raw)} is not allowed ({detail}); allowed: {kind.allowed}") from None
    if fact.is_unknown:
        raise AnswerError("'unknown' is not an answer; leave the cell empty if the answer is not "
                          "known")
    return fact.value


def _shown(raw: Any) -> str:
    text = raw.isoformat() if isinstance(raw, date) else str(raw)
    return repr(text if len(text) <= 60 else text[:59] + "…")


def _coerce(kind: AnswerType, raw: Any) -> Any:
    if isinstance(raw, str) and raw.strip().lower() in (NOT_APPLICABLE, UNKNOWN):
        return raw.strip().lower()
    if kind.kind == "list":
        items = raw if isinstance(raw, list) else [p for p in LIST_SPLIT.split(str(raw).strip()) if p]
        inner = AnswerType("choice", kind.choices) if kind.choices else AnswerType("text")
        return [_coerce(inner, item) for item in items]
    if kind.kind == "yes-no":
        if isinstance(raw, bool):
            return raw
        word = str(raw).strip().lower()
        if word in ("yes", "y", "true"):
            return True
        if word in ("no", "n", "false"):
            return False
        raise AnswerError(f"{_shown(raw)} is not yes or no; allowed: {kind.allowed}")
    if kind.kind == "date":
        if isinstance(raw, datetime):
            return raw.date()
        if isinstance(raw, date):
            return raw
        text = str(raw).strip()
        try:
            return date.fromisoformat(text)
        except ValueError:
            if re.fullmatch(r"[0-9]{4}(-(0[1-9]|1[0-2]))?", text):
                return text
            raise AnswerError(f"{_shown(raw)} is not a date; write YYYY-MM-DD") from None
    if kind.kind in ("number", "number-or-choice"):
        if isinstance(raw, bool):
            raise AnswerError(f"{_shown(raw)} is not a number; allowed: {kind.allowed}")
        if isinstance(raw, int | float):
            return float(raw)
        text = str(raw).strip()
        if kind.kind == "number-or-choice" and text.lower() in kind.choices:
            return text.lower()
        try:
            number = float(text.replace(",", "").removesuffix("%").strip())
        except ValueError:
            raise AnswerError(f"{_shown(raw)} is not a number; allowed: {kind.allowed}") from None
        return number
    if kind.kind == "choice":
        text = str(raw).strip()
        lowered = text.lower()
        return lowered if lowered in kind.choices else text
    if isinstance(raw, datetime | date):
        return raw.isoformat()[:10]
    if isinstance(raw, float) and raw.is_integer():
        return str(int(raw))
    return str(raw).strip()


def show_answer(value: Any) -> str:
    """A fact value in the words a questionnaire shows (lists joined by commas)."""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, list):
        return ", ".join(show_answer(v) for v in value) or "(none)"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, date):
        return value.isoformat()
    return str(value)
