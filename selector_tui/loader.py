"""Worker-side work: everything here runs in a thread and calls the engine; nothing is computed.

Each function returns plain objects the app applies on the main thread. Engine imports are
local so the first screen paints before scikit-criteria, pandas and pydantic are loaded.
Modules still being written elsewhere (``selector.robustness``, ``selector.reports``) are
imported lazily and reported as "not available yet" when absent.
"""

from __future__ import annotations

import getpass
import importlib.util
import inspect
import os
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from selector_tui.session import ChecklistEdit, PresetChoice, UndoStep, normalised, same_weights

if TYPE_CHECKING:
    from selector.result import Result

DEFAULT_EXAMPLE = "small-wealth-manager-assistant.yaml"
NOT_AVAILABLE = "not available yet in this version of selector"


class NotAvailable(Exception):
    """A part of the engine this UI can use has not landed in this version yet."""


def default_assessment() -> Path | None:
    """The bundled example: ``examples/`` beside ``selector/`` in a checkout (or
    ``selector/_data/examples`` if a wheel carries it); None when there is none."""
    from selector.paths import bundled

    candidate = bundled("examples") / DEFAULT_EXAMPLE
    return candidate if candidate.is_file() else None


@dataclass(frozen=True, slots=True)
class Loaded:
    result: Result | None
    problems: tuple[str, ...] = ()
    presets: tuple[PresetChoice, ...] = ()
    checklist_path: Path | None = None
    notes: tuple[str, ...] = ()


def problem_lines(exc: BaseException) -> list[str]:
    """An engine error as the CLI prints it: one ``file:line:column: field: message`` a line."""
    problems = getattr(exc, "problems", None)
    if problems:
        return [str(p) for p in problems]
    text = str(exc).strip()
    return text.splitlines() or [type(exc).__name__]


def load(assessment: Path | None, today: date) -> Loaded:
    """Rank for the assessment (or the bundled catalogue); bad inputs come back as problems."""
    from selector.errors import SelectorError

    try:
        if assessment is None:
            from selector.engine import rank

            result = rank(today=today)
            checklist_path = None
        else:
            from selector.assess import load_assessment, run

            result = run(assessment, today=today)
            checklist_path = load_assessment(assessment).checklist_path
    except SelectorError as exc:
        return Loaded(None, tuple(problem_lines(exc)))
    notes: list[str] = []
    try:
        presets = preset_choices(assessment, result)
    except SelectorError as exc:
        presets = [assessment_choice(result)]
        notes.append("presets could not be read: " + "; ".join(problem_lines(exc)))
    return Loaded(result, (), tuple(presets), checklist_path, tuple(notes))


def assessment_choice(result: Result) -> PresetChoice:
    weights = normalised({c.id: c.weight for c in result.criteria})
    if result.weight_steps:
        last = result.weight_steps[-1]
        return PresetChoice("assessment", "The assessment's weights", weights, last.why)
    return PresetChoice("assessment", "The criteria set's weights", weights, "the criteria set's defaults")


def preset_choices(assessment: Path | None, result: Result) -> list[PresetChoice]:
    """The picker: the assessment's weights, its derivation steps, every preset, equal weights."""
    from selector.presets import load_presets

    criteria = [c.id for c in result.criteria]
    choices = [assessment_choice(result)]
    for step in result.weight_steps[:-1]:
        if step.kind in ("mean", "pairwise"):
            choices.append(PresetChoice(f"step:{step.kind}", f"Before direct weights: {step.label}",
                                        normalised(dict(step.weights)), step.why))
    matched = {step.label for step in result.weight_steps if step.kind == "preset"}
    if assessment is not None:
        from selector.assess import load_assessment, weight_steps
        from selector.criteria import load_criteria

        la = load_assessment(assessment)
        loaded = load_criteria(la.criteria_path)
        _, presets_path = weight_steps(la, loaded)
        defaults = {c.id: c.weight for c in loaded.criteria_set.criteria}
    else:
        from selector.paths import bundled

        presets_path = str(bundled("criteria") / "presets.yaml")
        defaults = {c.id: c.raw_weight for c in result.criteria}
    presets, _, _ = load_presets(presets_path)
    for preset in presets:
        if not all(c in preset.weights for c in criteria):
            continue
        mark = " (matches this assessment)" if preset.name in matched else ""
        choices.append(PresetChoice(f"preset:{preset.id}", f"Preset: {preset.name}{mark}",
                                    normalised({c: preset.weights[c] for c in criteria}),
                                    " ".join(preset.why.split())))
    equal = normalised({c: 1.0 for c in criteria})
    if set(defaults) == set(criteria) and not same_weights(normalised(defaults), equal, 1e-9):
        choices.append(PresetChoice("defaults", "The criteria set's default weights", normalised(defaults),
                                    "the weights written in the criteria set"))
        choices.append(PresetChoice("equal", "Equal weights", equal, "every criterion counts the same"))
    else:
        choices.append(PresetChoice("equal", "Equal weights (the criteria set's defaults)", equal,
                                    "every criterion counts the same"))
    unique: list[PresetChoice] = []
    for choice in choices:
        if not any(same_weights(choice.weights, u.weights, 1e-9) and choice.id != "assessment"
                   for u in unique):
            unique.append(choice)
    return unique


def rerank(result: Result, weights: dict[str, float], method: str) -> Result:
    from selector.engine import reweight

    return reweight(result, weights, method=method)


def load_checklists(result: Result, assessment: Path) -> Result:
    """The result with each shortlisted option's checklist merged with the state file."""
    from selector.assess import attach_checklists, load_assessment

    return attach_checklists(result, load_assessment(assessment))


def editor_name() -> str:
    """Who made an edit, as the command line records it."""
    try:
        fallback = getpass.getuser()
    except (KeyError, OSError):
        fallback = ""
    return os.environ.get("USER") or fallback or "unknown"


@dataclass(frozen=True, slots=True)
class SaveOutcome:
    saved: tuple[str, ...] = ()
    refused: tuple[str, ...] = ()
    """Why edits were not written (one line each); the state on disk was left as it was."""
    revision: int | None = None
    result: Result | None = None
    """The result with the checklists reloaded from the state file."""
    stale: bool = False
    """The state file had changed since the screen loaded it."""
    errors: tuple[str, ...] = field(default=())
    undo: UndoStep | None = None
    """The last change written, which the next undo takes back (None: no change written)."""
    undone: tuple[str, ...] = ()
    """The changes an undo wrote."""


def save_edits(result: Result, assessment: Path, edits: Sequence[ChecklistEdit], revision: int | None,
               by: str) -> SaveOutcome:
    """Write the edits one by one through the command line's rules, then reload the checklists.

    Each edit names the revision it expects: ours after our own previous write, so a burst of
    quick edits is written in order, while a change made elsewhere since we loaded is refused.
    An undo expects the revision its change wrote, so it never takes back someone else's work.
    """
    from selector.assess import attach_checklists, load_assessment
    from selector.checklist_state import edit_item, restore_item
    from selector.errors import InputError
    from selector.render.checklist import known_items

    la = load_assessment(assessment)
    saved: list[str] = []
    refused: list[str] = []
    undone: list[str] = []
    undo: UndoStep | None = None
    stale = False
    current = revision
    for index, edit in enumerate(edits):
        view = result.checklists.get(edit.option)
        what = f"undo of {edit.option} {edit.item}" if edit.restore else f"{edit.option} {edit.item}"
        if view is None:
            refused.append(f"{what}: the option has no checklist")
            continue
        try:
            if edit.restore is not None:
                current, changes = restore_item(
                    la.checklist_path, assessment=la.path, option=edit.option, item=edit.item,
                    previous=edit.restore.before, by=by, expect_revision=edit.restore.revision)
                undone.extend(changes)
                continue
            applied = edit_item(
                la.checklist_path, assessment=la.path, option=edit.option, item=edit.item,
                known_items=known_items(view), by=by, status=edit.status, owner=edit.owner,
                note=edit.note, expect_revision=current,
            )
        except InputError as exc:
            message = "; ".join(problem_lines(exc))
            stale = "changed since you loaded it" in message
            refused.append(f"{what}: not {'done' if edit.restore else 'saved'}: {message}")
            refused.extend(f"{e.option} {e.item}: not saved (an earlier edit was refused)"
                           for e in edits[index + 1:])
            break
        current = applied.revision
        if applied.changes:
            saved.append(f"{edit.option} {edit.item}: {'; '.join(applied.changes)}")
            undo = UndoStep(edit.option, edit.item, applied.before, applied.revision)
    reloaded = attach_checklists(result, la)
    return SaveOutcome(tuple(saved), tuple(refused), reloaded.checklist_revision, reloaded, stale,
                       undo=undo, undone=tuple(undone))


def robustness_available() -> bool:
    return _module_exists("selector.robustness")


def reports_available() -> bool:
    return _module_exists("selector.reports")


def _module_exists(name: str) -> bool:
    try:
        return importlib.util.find_spec(name) is not None
    except (ImportError, ValueError):
        return False


def analyse_robustness(result: Result) -> Any:
    """The robustness analysis of the result on screen (its weights and method)."""
    try:
        module = importlib.import_module("selector.robustness")
    except ImportError:
        raise NotAvailable(f"robustness analysis is {NOT_AVAILABLE}") from None
    analyse = getattr(module, "analyse", None)
    if analyse is None:
        raise NotAvailable(f"robustness analysis is {NOT_AVAILABLE}")
    return analyse(result)


def robustness_dict(robustness: Any) -> dict[str, Any]:
    if robustness is None:
        return {}
    as_dict = getattr(robustness, "as_dict", None)
    data = as_dict() if callable(as_dict) else robustness
    return dict(data) if isinstance(data, dict) else {}


def with_robustness(result: Result, robustness: Any) -> Result:
    if robustness is None:
        return result
    try:
        module = importlib.import_module("selector.robustness")
    except ImportError:
        return result
    attach = getattr(module, "with_robustness", None)
    if attach is None:
        return result
    try:
        return attach(result, robustness)  # type: ignore[no-any-return]
    except TypeError:  # the Result field has not landed yet
        return result


@dataclass(frozen=True, slots=True)
class ExportFormat:
    id: str
    label: str
    suffix: str
    needs: str = ""
    """reports, checklist or nothing."""


FORMATS: tuple[ExportFormat, ...] = (
    ExportFormat("html", "Due-diligence report, HTML", ".html", "reports"),
    ExportFormat("md", "Due-diligence report, Markdown", ".md", "reports"),
    ExportFormat("xlsx", "Due-diligence report, Excel workbook", ".xlsx", "reports"),
    ExportFormat("json", "Due-diligence report, JSON", ".json", "reports"),
    ExportFormat("ranking-csv", "Ranking as on screen, CSV", ".csv"),
    ExportFormat("ranking-json", "Ranking as on screen, JSON (the `selector rank` contract)", ".json"),
    ExportFormat("checklist-csv", "Due-diligence checklists, CSV", ".csv", "checklist"),
)


def export_format(format_id: str) -> ExportFormat:
    for fmt in FORMATS:
        if fmt.id == format_id:
            return fmt
    raise KeyError(format_id)


def default_export_path(assessment: Path | None, format_id: str) -> str:
    fmt = export_format(format_id)
    stem = assessment.stem if assessment is not None else "bundled-catalogue"
    kind = "report" if fmt.needs == "reports" else fmt.id.split("-")[0]
    return str(Path("exports") / f"{stem}-{kind}{fmt.suffix}")


def generation_time() -> datetime:
    """SOURCE_DATE_EPOCH when set (reproducible builds), else now, in UTC."""
    from selector.epoch import source_date_epoch

    moment = source_date_epoch()
    return moment if moment is not None else datetime.now(UTC).replace(microsecond=0)


def render_export(format_id: str, result: Result, robustness: Any) -> bytes:
    fmt = export_format(format_id)
    if fmt.needs == "reports":
        try:
            reports = importlib.import_module("selector.reports")
        except ImportError:
            raise NotAvailable(f"reports are {NOT_AVAILABLE}") from None
        render_report = getattr(reports, "render_report", None)
        if render_report is None:
            raise NotAvailable(f"reports are {NOT_AVAILABLE}")
        if robustness is None and result.ranking and robustness_available():
            robustness = analyse_robustness(result)
        full = with_robustness(result, robustness)
        parameters = inspect.signature(render_report).parameters
        options: dict[str, Any] = {}
        generated = parameters.get("generated_at")
        if generated is not None and generated.default is inspect.Parameter.empty:
            options["generated_at"] = generation_time()
        if "robustness" in parameters and robustness is not None:
            options["robustness"] = robustness
        try:
            data = render_report(format_id, full, **options)
        except ImportError as exc:
            raise NotAvailable(f"{fmt.label} is {NOT_AVAILABLE} ({exc.name or exc})") from None
        return data if isinstance(data, bytes) else str(data).encode("utf-8")
    if fmt.id == "ranking-csv":
        from selector.render.ranking import rank_csv

        return rank_csv(result).encode("utf-8")
    if fmt.id == "ranking-json":
        from selector.render.ranking import rank_json

        return rank_json(result).encode("utf-8")
    if fmt.id == "checklist-csv":
        if not result.checklists:
            raise NotAvailable("no checklists are loaded for this assessment")
        from selector.render.checklist import checklist_csv

        return checklist_csv(result.checklists).encode("utf-8")
    raise KeyError(format_id)


def export(format_id: str, result: Result, robustness: Any, path: str, force: bool) -> tuple[Path, int]:
    """Render and write atomically; an existing file is replaced only with ``force``."""
    from selector.output import write_output

    data = render_export(format_id, result, robustness)
    target = write_output(Path(path).expanduser(), data, force=force)
    return target.resolve(), len(data)
