"""Worker-side work: everything here runs in a thread and calls the engine; nothing is computed.

Each function returns plain objects the app applies on the main thread. Engine imports are
local so the first screen paints before scikit-criteria, pandas and pydantic are loaded.
"""

from __future__ import annotations

import getpass
import os
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from selector_tui.session import ChecklistEdit, PresetChoice, UndoStep, normalised, same_weights

if TYPE_CHECKING:
    from selector.result import Result

DEFAULT_EXAMPLE = "small-wealth-manager-assistant.yaml"


class NotAvailable(Exception):
    """An export that needs something the session does not hold (no checklists loaded)."""


def default_assessment() -> Path | None:
    """The bundled example: ``examples/`` beside ``selector/`` in a checkout (or
    ``selector/_data/examples`` if a wheel carries it); None when there is none."""
    from selector.io.paths import bundled

    candidate = bundled("examples") / DEFAULT_EXAMPLE
    return candidate if candidate.is_file() else None


@dataclass(frozen=True, slots=True)
class Loaded:
    result: Result | None
    problems: tuple[str, ...] = ()
    presets: tuple[PresetChoice, ...] = ()
    checklist_path: Path | None = None
    notes: tuple[str, ...] = ()
    profile_sources: tuple[Path, ...] = ()
    """The profile folders (or files) ranked: the ones asked for, else the assessment's."""


def problem_lines(exc: BaseException) -> list[str]:
    """An engine error as the CLI prints it: one ``file:line:column: field: message`` a line."""
    problems = getattr(exc, "problems", None)
    if problems:
        return [str(p) for p in problems]
    text = str(exc).strip()
    return text.splitlines() or [type(exc).__name__]


def load(assessment: Path | None, today: date, profiles: Sequence[Path] | None = None) -> Loaded:
    """Rank for the assessment (or the bundled catalogue) over ``profiles`` (None: the
    assessment's own, else the bundled catalogue); bad inputs come back as problems."""
    from selector.errors import SelectorError

    try:
        if assessment is None:
            from selector.engine import rank
            from selector.io.paths import default_profiles

            sources = tuple(profiles) if profiles else (Path(default_profiles()),)
            result = rank(list(sources), today=today)
            checklist_path = None
        else:
            from selector.assess import load_assessment, run

            la = load_assessment(assessment)
            sources = tuple(profiles) if profiles else la.profiles_paths
            result = run(assessment, today=today, profiles=list(profiles) if profiles else None)
            checklist_path = la.checklist_path
    except SelectorError as exc:
        return Loaded(None, tuple(problem_lines(exc)))
    notes: list[str] = []
    try:
        presets = preset_choices(assessment, result)
    except SelectorError as exc:
        presets = [assessment_choice(result)]
        notes.append("presets could not be read: " + "; ".join(problem_lines(exc)))
    return Loaded(result, (), tuple(presets), checklist_path, tuple(notes), sources)


def _shown(path: Path) -> str:
    from selector_tui.session import display_path

    return display_path(path)


def assessment_candidates(current: Path | None) -> list[str]:
    """The YAML files beside the assessment on screen and the bundled examples (checklist state
    files and the open assessment left out), as the dialog lists them."""
    from selector.io.paths import bundled

    folders = [current.resolve().parent] if current is not None else []
    folders.append(bundled("examples"))
    skip = current.resolve() if current is not None else None
    seen: dict[Path, str] = {}
    for folder in folders:
        if not folder.is_dir():
            continue
        for path in sorted(folder.glob("*.yaml")):
            resolved = path.resolve()
            if resolved != skip and not path.name.endswith(".checklist.yaml") and resolved not in seen:
                seen[resolved] = _shown(path)
    return list(seen.values())


def profile_folder_candidates(current: Path | None, sources: Sequence[Path]) -> list[str]:
    """Folders holding YAML beside the assessment on screen, and the bundled catalogue, that are
    not ranked already."""
    from selector.io.paths import default_profiles

    used = {Path(s).resolve() for s in sources}
    folders = [] if current is None else sorted(p for p in current.resolve().parent.iterdir() if p.is_dir())
    folders.append(Path(default_profiles()))
    found: list[str] = []
    for folder in folders:
        resolved = folder.resolve()
        if resolved not in used and not folder.name.startswith(".") and any(folder.glob("*.yaml")):
            used.add(resolved)
            found.append(_shown(folder) + "/")
    return found


def assessment_choice(result: Result) -> PresetChoice:
    weights = normalised({c.id: c.weight for c in result.criteria})
    if result.weight_steps:
        last = result.weight_steps[-1]
        return PresetChoice("assessment", "The assessment's weights", weights, last.why)
    return PresetChoice("assessment", "The criteria set's weights", weights, "the criteria set's defaults")


def preset_choices(assessment: Path | None, result: Result) -> list[PresetChoice]:
    """The picker: the assessment's weights, its derivation steps, every preset, equal weights."""
    from selector.weights.presets import load_presets

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
        from selector.io.paths import bundled

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


def rerank(result: Result, weights: dict[str, float], method: str, how: str | None = None,
           preset: str | None = None) -> Result:
    from selector.engine import reweight

    return reweight(result, weights, method=method, how=how or "terminal UI", preset=preset)


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
    from selector.checklist.state import edit_item, restore_item
    from selector.errors import InputError, StaleRevisionError
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
                note=edit.note, due=edit.due, evidence=edit.evidence, expect_revision=current,
            )
        except InputError as exc:
            message = "; ".join(problem_lines(exc))
            stale = isinstance(exc, StaleRevisionError)
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


def analyse_robustness(result: Result) -> Result:
    """The result on screen (its weights and method) with its robustness analysis attached."""
    from selector.robustness import analyse, with_robustness

    return with_robustness(result, analyse(result))


def robustness_dict(result: Result | None) -> dict[str, Any]:
    """The JSON form of the result's robustness analysis; empty until one is attached."""
    if result is None or result.robustness is None:
        return {}
    return result.robustness.as_dict()


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


def render_export(format_id: str, result: Result) -> bytes:
    """The bytes of one export; a report analyses robustness first when the result has none."""
    fmt = export_format(format_id)
    if fmt.needs == "reports":
        from selector.reports import generation_time, render_report

        if result.robustness is None and result.ranking:
            result = analyse_robustness(result)
        return render_report(format_id, result, generated_at=generation_time())
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


class ExportExists(Exception):
    """The export's file exists and replacing it was not asked for: the screen offers to."""

    def __init__(self, path: Path) -> None:
        super().__init__(f"{path} already exists: press ctrl+s again and choose Replace, tick "
                         "\"Replace the file if it exists\", or change the file name")
        self.path = path


def export(format_id: str, result: Result, path: str, force: bool) -> tuple[Path, int]:
    """Render and write atomically; an existing file is replaced only with ``force``
    (without it, :class:`ExportExists`, checked before the work and again before the write)."""
    from selector.io.output import write_output

    target = Path(path).expanduser()
    if not force and target.is_file():
        raise ExportExists(target)
    data = render_export(format_id, result)
    if not force and target.is_file():
        raise ExportExists(target)
    written = write_output(target, data, force=force)
    return written.resolve(), len(data)


def export_questionnaire(result: Result, assessment: Path, option: str,
                         profiles: Sequence[Path] | None = None) -> tuple[Path, int]:
    """The option's vendor questionnaire as XLSX beside the assessment, in
    ``<assessment>.questionnaires/``; an earlier file is kept (the new one is numbered)."""
    from selector.assess import load_assessment
    from selector.io.output import write_output
    from selector.questionnaire.export import FORMATS, questionnaires

    (questionnaire,) = questionnaires(result, load_assessment(assessment), [option], deadline=None,
                                      profiles=profiles)
    data = FORMATS["xlsx"](questionnaire)
    folder = assessment.parent / f"{assessment.stem}.questionnaires"
    target = folder / f"{option}.xlsx"
    number = 2
    while target.exists():
        target = folder / f"{option}-{number}.xlsx"
        number += 1
    folder.mkdir(parents=True, exist_ok=True)
    written = write_output(target, data, force=False)
    return written.resolve(), len(questionnaire.rows)
