"""What the app knows about the open assessment: plain state, no Textual, no engine imports.

The app owns one :class:`Session` and changes it only on the main thread; screens read it and
ask the app for changes. Everything the screens display comes from the engine's ``Result``;
the helpers here only label, order and rescale what the user types.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from selector.checklist.state import ItemValues
    from selector.result import Result

METHODS: tuple[tuple[str, str], ...] = (
    ("wsm", "weighted sum on the fixed 0-100 scale"),
    ("topsis", "TOPSIS, vector normalisation"),
    ("wpm", "weighted product"),
    ("waspas", "WASPAS, lambda 0.5"),
    ("vikor", "VIKOR, Q (lower is better)"),
)
METHOD_IDS = tuple(m for m, _ in METHODS)

SHORT_CRITERIA = {
    "accessibility": "Acc",
    "transparency": "Trn",
    "adaptability": "Adp",
    "liability": "Lia",
    "support": "Sup",
    "security": "Sec",
    "lock_in": "Lck",
    "data_localisation": "Loc",
}
SHORT_OPENNESS = {"open-source": "open-src", "open-weight": "open-wt", "proprietary": "propr"}
SHORT_ROUTE = {"self-hosted": "self-host", "vendor-api": "API", "cloud-platform": "cloud",
               "managed-hosting": "managed"}


def short_criterion(criterion_id: str, taken: Sequence[str] = ()) -> str:
    """A three-letter column label; the Box 1 set has fixed ones, other sets use the id."""
    label = SHORT_CRITERIA.get(criterion_id) or criterion_id[:3].capitalize()
    if label in taken:
        label = (criterion_id[:2] + criterion_id[-1]).capitalize()
    return label


def short_labels(criteria_ids: Sequence[str]) -> dict[str, str]:
    out: dict[str, str] = {}
    for cid in criteria_ids:
        out[cid] = short_criterion(cid, list(out.values()))
    return out


def display_path(path: Path | str) -> str:
    """Relative to the working folder when inside it, so screens (and snapshots) stay short."""
    target = Path(path)
    try:
        resolved = target.resolve()
        cwd = Path.cwd().resolve()
    except OSError:
        return str(target)
    if resolved.is_relative_to(cwd):
        return resolved.relative_to(cwd).as_posix()
    return str(resolved)


def set_share(weights: Mapping[str, float], criterion: str, share: float) -> dict[str, float]:
    """Give ``criterion`` this share of the total; the others keep their proportions.

    The same reading as an assessment's ``weights.direct`` and the robustness analysis's
    stability intervals. Weights come back normalised to sum to 1.
    """
    share = min(1.0, max(0.0, share))
    rest = [c for c in weights if c != criterion]
    rest_sum = sum(max(0.0, weights[c]) for c in rest)
    out: dict[str, float] = {}
    for c in weights:
        if c == criterion:
            out[c] = share
        elif rest_sum > 0:
            out[c] = max(0.0, weights[c]) / rest_sum * (1.0 - share)
        else:
            out[c] = (1.0 - share) / len(rest)
    if sum(out.values()) <= 0:  # every weight 0 is not a ranking
        out = {c: 1.0 / len(out) for c in out}
    return out


def typed_share(text: str) -> float:
    """A share typed in percent (0-100) as a fraction; ValueError with what to type instead.

    A weight is a share of the whole decision, so more than 100 % is refused, not clamped."""
    try:
        value = float(text)
    except ValueError:
        raise ValueError(f"'{text}' is not a number: type a share from 0 to 100 %") from None
    if not 0.0 <= value <= 100.0:
        raise ValueError(f"{text} % is refused: a weight is a share of the whole decision, so type "
                         "a share from 0 to 100 % (the other criteria rescale to fill the rest)")
    return value / 100


def due_date(text: str) -> date | None:
    """A due date typed as YYYY-MM-DD (blank: none); ValueError saying what to type instead."""
    text = text.strip()
    if not text:
        return None
    try:
        if len(text) != 10 or text[4] != "-" or text[7] != "-":
            raise ValueError
        return date.fromisoformat(text)
    except ValueError:
        raise ValueError(f"Due date: '{text}' is not a date; type it as YYYY-MM-DD, "
                         "e.g. 2026-12-31") from None


def normalised(weights: Mapping[str, float]) -> dict[str, float]:
    total = sum(weights.values())
    if total <= 0:
        return {c: 1.0 / len(weights) for c in weights} if weights else {}
    return {c: v / total for c, v in weights.items()}


def same_weights(a: Mapping[str, float], b: Mapping[str, float], tolerance: float = 5e-4) -> bool:
    return set(a) == set(b) and all(abs(a[k] - b[k]) <= tolerance for k in a)


@dataclass(frozen=True, slots=True)
class PresetChoice:
    """One entry of the preset picker: a named set of weights and why it exists."""

    id: str
    label: str
    weights: Mapping[str, float]
    why: str = ""


@dataclass(frozen=True, slots=True)
class ChecklistEdit:
    """One change to one checklist item, as the user asked for it."""

    option: str
    item: str
    status: str | None = None
    owner: str | None = None
    note: str | None = None
    due: date | None = None
    evidence: str | None = None
    """A link (or document reference) to evidence, added to the item's links."""
    restore: UndoStep | None = None
    """An undo: put the item back as it was before this step, instead of the fields above."""


@dataclass(frozen=True, slots=True)
class UndoStep:
    """The last checklist change written in this session, and what the item held before it."""

    option: str
    item: str
    before: ItemValues
    revision: int
    """The revision the change wrote: the undo is refused if the file has moved on since."""


@dataclass
class Session:
    """The state of the open assessment. Mutated by the app only, on the main thread."""

    assessment: Path | None
    today: date
    profiles: list[Path] | None = None
    """The profile folders asked for (``--profiles``, the folders added on screen); None: the
    assessment's ``profiles:`` (or the bundled catalogue)."""
    status: str = "loading"
    """loading, ready or problems."""
    loading_note: str = ""
    base: Result | None = None
    """The result as the assessment ranks it (its weights and method)."""
    result: Result | None = None
    """The result on screen: the user's weights and method."""
    problems: list[str] = field(default_factory=list)
    presets: list[PresetChoice] = field(default_factory=list)
    checklist_status: str = "not loaded"
    """not loaded, loading, ready, or a sentence saying why there is no checklist."""
    checklist_path: Path | None = None
    saving: int = 0
    """Checklist edits waiting to be written."""
    robustness_note: str = "not computed yet"
    """Why the result on screen has no robustness analysis (computing, or an error); the
    analysis itself is ``result.robustness``."""
    last_export: Path | None = None
    profile_sources: tuple[Path, ...] = ()
    """The profile folders (or files) the result on screen was ranked from."""

    @property
    def ready(self) -> bool:
        return self.status == "ready" and self.result is not None

    @property
    def method(self) -> str:
        return self.result.method if self.result is not None else "wsm"

    @property
    def weights(self) -> dict[str, float]:
        if self.result is None:
            return {}
        return {c.id: c.weight for c in self.result.criteria}

    @property
    def base_weights(self) -> dict[str, float]:
        if self.base is None:
            return {}
        return {c.id: c.weight for c in self.base.criteria}

    @property
    def weights_changed(self) -> bool:
        return not same_weights(self.weights, self.base_weights)

    @property
    def method_changed(self) -> bool:
        return self.base is not None and self.result is not None and self.base.method != self.result.method

    def base_positions(self) -> dict[str, int]:
        if self.base is None:
            return {}
        return {row.id: row.position for row in self.base.ranking}

    def title(self) -> str:
        if self.result is not None and self.result.assessment:
            inst = self.result.assessment.get("institution", {}).get("name", "")
            use = self.result.assessment.get("use_case", {}).get("name", "")
            return " · ".join(x for x in (inst, use) if x)
        if self.assessment is None:
            return "bundled catalogue, no assessment"
        return display_path(self.assessment)

    def option_name(self, option_id: str) -> str:
        if self.result is None:
            return option_id
        for row in self.result.ranking:
            if row.id == option_id:
                return row.name
        for ex in self.result.excluded:
            if ex.id == option_id:
                return ex.name
        return option_id

    def option_ids(self) -> list[str]:
        """Ranked options first, in order, then the excluded ones."""
        if self.result is None:
            return []
        return [r.id for r in self.result.ranking] + [e.id for e in self.result.excluded]
