"""Save weights back into the assessment file as an explicit weights block.

The block written is ``preset: none`` with a ``direct`` weight for every criterion (each one's
share of the decision, six decimals): the derivation then uses it as written, with no preset,
mean or pairwise comparison in between (an assessment with an ``evaluations:`` block keeps the
performance criterion's share in ``evaluations.criterion.weight``, which is set too). Only the
lines of the ``weights`` block (and of ``method``, or the performance share, when they change)
are rewritten: every other line, comment and key order stays as it was, and the block that is
replaced is kept as comments inside the new one. The file is written atomically, and refused
when it changed on disk since it was read. A plan (:func:`plan_save`) gives the unified diff
first; :func:`write_plan` writes it.
"""

from __future__ import annotations

import difflib
import hashlib
import math
import os
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from selector.errors import InputError, Problem

DECIMALS = 6
MARKER = "# Saved by selector"
RECORD = "# Before the first save this block read:"


@dataclass(frozen=True, slots=True)
class SavePlan:
    """What saving would write: the file, its text now and after, and the diff between them."""

    path: str
    sha256: str
    """Of the file as read: the write is refused if the file no longer has it."""
    before: str
    after: str
    weights: Mapping[str, float]
    """The normalised weights saved (criterion id -> share), as a re-run will use them."""
    method: str | None = None

    @property
    def changed(self) -> bool:
        return self.before != self.after

    @property
    def diff(self) -> str:
        lines = difflib.unified_diff(self.before.splitlines(keepends=True),
                                     self.after.splitlines(keepends=True),
                                     fromfile=self.path, tofile=f"{self.path} (weights saved)")
        return "".join(lines)


def _problem(path: str, message: str, line: int = 1, column: int = 1, field: str = "weights") -> InputError:
    return InputError(Problem(path, line, column, field, message))


def plan_save(path: str | os.PathLike[str], weights: Mapping[str, float], *, method: str | None = None,
              expected_sha256: str | None = None, how: str = "selector weights --save") -> SavePlan:
    """The assessment at ``path`` with ``weights`` (criterion id -> weight, any scale; every
    criterion of its criteria set, and the performance criterion when it has evaluations) as an
    explicit block, and ``method`` when given. Nothing is written. Raises InputError (one
    located line) for a bad file, weights that do not fit it, or a file whose sha256 is no longer
    ``expected_sha256`` (it changed since the caller read it)."""
    from selector.assess import resolve_paths, validate_document
    from selector.criteria import load_criteria
    from selector.io.yamlio import Document, parse, read_text

    shown = os.fspath(path)
    text, raw = read_text(path, shown)
    sha = hashlib.sha256(raw).hexdigest()
    if expected_sha256 is not None and sha != expected_sha256:
        raise _problem(shown, "the file changed on disk since it was read; reload it, then save the "
                       "weights again (nothing was written)")
    doc = Document(shown, text, parse(text, shown), sha)
    assessment = validate_document(doc)
    criteria_path, _, _ = resolve_paths(doc, assessment, path)
    crit = [c.id for c in load_criteria(criteria_path).criteria_set.criteria]
    block = assessment.evaluations
    perf = block.performance_criterion if block is not None else None
    shares = _shares(shown, weights, crit, perf)
    base = {c: shares[c] for c in crit}
    if perf is not None:
        rest = sum(base.values())
        if rest <= 0:
            raise _problem(shown, "every criterion but the performance criterion weighs 0; give at "
                           "least one of them a weight above 0")
        base = {c: v / rest for c, v in base.items()}
    edits = _Edits(text)
    edits.weights_block(base, f"{how}, {_stamp()}")
    if method is not None and method != assessment.method:
        edits.set_scalar(("method",), method)
    if perf is not None and assessment.evaluations is not None:
        share = round(shares[perf], DECIMALS)
        if not math.isclose(share, assessment.evaluations.criterion.weight, abs_tol=10 ** -(DECIMALS + 1)):
            edits.set_scalar(("evaluations", "criterion", "weight"), f"{share:.{DECIMALS}f}".rstrip("0"))
    after = edits.result()
    _check(shown, after, path, crit, base)
    return SavePlan(shown, sha, text, after, shares, method)


def write_plan(plan: SavePlan) -> None:
    """Write a plan atomically, refusing (one located line) if the file changed since the plan
    read it."""
    from selector.io.atomic import atomic_write

    target = Path(plan.path)
    try:
        now = hashlib.sha256(target.read_bytes()).hexdigest()
    except OSError as exc:
        raise _problem(plan.path, "cannot read the file again before writing: "
                       f"{exc.strerror or exc}") from None
    if now != plan.sha256:
        raise _problem(plan.path, "the file changed on disk since it was read; reload it, then save "
                       "the weights again (nothing was written)")
    try:
        atomic_write(target, plan.after)
    except OSError as exc:
        raise _problem(plan.path, f"cannot write the file: {exc.strerror or exc} (nothing was "
                       "written)") from None


def save_weights(path: str | os.PathLike[str], weights: Mapping[str, float], *, method: str | None = None,
                 expected_sha256: str | None = None, dry_run: bool = False,
                 how: str = "selector weights --save") -> SavePlan:
    """:func:`plan_save`, then :func:`write_plan` unless ``dry_run`` or nothing changes."""
    plan = plan_save(path, weights, method=method, expected_sha256=expected_sha256, how=how)
    if plan.changed and not dry_run:
        write_plan(plan)
    return plan


def _shares(path: str, weights: Mapping[str, float], crit: Sequence[str],
            perf: str | None) -> dict[str, float]:
    from selector.io.validation import suggestion

    expected = [*crit, *([perf] if perf else [])]
    for key, value in weights.items():
        if key not in expected:
            raise _problem(path, f"no criterion '{key}' in this assessment's criteria set; "
                           + suggestion(key, expected))
        if not math.isfinite(value) or value < 0:
            raise _problem(path, f"{key}: {value:g} must be a finite number >= 0")
    missing = [c for c in expected if c not in weights]
    if missing:
        raise _problem(path, "give every criterion a weight to save; missing: " + ", ".join(missing))
    total = sum(weights[c] for c in expected)
    if total <= 0:
        raise _problem(path, "every weight is 0; give at least one criterion a weight above 0")
    return {c: weights[c] / total for c in expected}


def _stamp() -> str:
    """``2026-12-01 by analyst``: when and by whom the weights were saved ($SELECTOR_NOW and
    $USER decide, as for checklist edits)."""
    import getpass

    from selector.checklist.store import now_text

    try:
        who = os.environ.get("USER") or getpass.getuser() or "unknown"
    except (KeyError, OSError):
        who = "unknown"
    return f"{now_text()[:10]} by {who}"


def _check(shown: str, text: str, path: str | os.PathLike[str], crit: Sequence[str],
           base: Mapping[str, float]) -> None:
    """The new text parses, validates, and derives exactly the saved weights (else no write)."""
    import dataclasses

    from selector.assess import load_assessment, validate_document, weight_steps
    from selector.criteria import load_criteria
    from selector.io.yamlio import Document, parse

    doc = Document(shown, text, parse(text, shown), "")
    assessment = validate_document(doc)
    la = dataclasses.replace(load_assessment(path), assessment=assessment, document=doc)
    steps, _ = weight_steps(la, load_criteria(la.criteria_path))
    derived = steps[-1].weights
    if any(abs(derived[c] - base[c]) > 10 ** -(DECIMALS - 1) for c in crit):  # pragma: no cover
        raise RuntimeError("the saved weights block does not derive the saved weights")


class _Edits:
    """Line edits on the assessment's text, found with ruamel.yaml's round-trip line numbers."""

    def __init__(self, text: str) -> None:
        from selector.questionnaire.splice import _yaml

        self.text = text
        self.lines = text.splitlines()
        self.data: Any = _yaml().load(text)
        self.edits: list[tuple[int, int, list[str]]] = []

    def weights_block(self, weights: Mapping[str, float], how: str) -> None:
        from selector.questionnaire.splice import key_range

        record: list[str] = []
        at = self._insert_at()
        start = end = at
        if "weights" in self.data:
            start, end = key_range(self.data, "weights", self.lines, len(self.lines))
            old = self.lines[start:end]
            kept = _record_of(old)
            record = kept if kept is not None else [RECORD, *("#   " + line for line in old)]
        block = ["weights:",
                 f"  {MARKER} ({how}).",
                 "  # Each criterion's share of the decision, used as written; no preset or pairwise",
                 "  # comparison applies (edit the numbers to change them).",
                 *("  " + line for line in record),
                 "  preset: none",
                 "  direct:",
                 *(f"    {c}: {_number(v)}" for c, v in weights.items())]
        self.edits.append((start, end, block))

    def _insert_at(self) -> int:
        """Where a new weights block goes: before ``constraints``, else at the end."""
        for key in ("constraints", "costs", "checklist_state", "evaluations", "notes"):
            if key in self.data:
                return int(self.data.lc.key(key)[0])
        return len(self.lines)

    def set_scalar(self, path: Sequence[str], value: str) -> None:
        """Replace one plain scalar value in place (keeping the line's comment), or add the key
        to a block mapping that lacks it."""
        node = self.data
        for key in path[:-1]:
            node = node[key]
        key = path[-1]
        if key in node:
            line, column = node.lc.value(key)
            text = self.lines[line]
            match = re.match(r"[^\s,}#]+", text[column:])
            if match is None:  # pragma: no cover - a validated scalar always has a token
                raise RuntimeError(f"no value for {'.'.join(path)} at line {line + 1}")
            self.edits.append((line, line + 1, [text[:column] + value + text[column + match.end():]]))
            return
        if node.fa.flow_style():
            line = int(node.lc.line)
            raise _problem("", f"{'.'.join(path[:-1])} is written inline; write it as a block (one key "
                           "a line) to save this value", line + 1)
        keys = list(node.keys())
        if keys:
            line, column = node.lc.key(keys[-1])
            from selector.questionnaire.splice import key_range

            end = key_range(node, keys[-1], self.lines, len(self.lines))[1] if len(path) == 1 else line + 1
            self.edits.append((end, end, [" " * column + f"{key}: {value}"]))
        else:  # pragma: no cover - the assessment's required keys are always there
            self.edits.append((len(self.lines), len(self.lines), [f"{key}: {value}"]))

    def result(self) -> str:
        lines = list(self.lines)
        for start, end, new in sorted(self.edits, key=lambda e: (e[0], e[1]), reverse=True):
            lines[start:end] = new
        return "\n".join(lines) + "\n"


def _record_of(old: Sequence[str]) -> list[str] | None:
    """The record an earlier save kept (its lines from RECORD to the last comment), or None when
    the block was not written by a save."""
    stripped = [line.strip() for line in old]
    if not any(line.startswith(MARKER) for line in stripped):
        return None
    if RECORD not in stripped:
        return []
    first = stripped.index(RECORD)
    out = []
    for line in stripped[first:]:
        if not line.startswith("#"):
            break
        out.append(line)
    return out


def _number(value: float) -> str:
    text = f"{round(value, DECIMALS):.{DECIMALS}f}".rstrip("0")
    return text + "0" if text.endswith(".") else text
