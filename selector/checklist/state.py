"""The checklist state file: a reviewer's work, never lost and never locked out.

* Human-diffable YAML next to the assessment: per option and item, status, owner, due date,
  evidence links, notes, and a history of every change (who, when, what). Each note and each
  evidence link is stored once; the history says one was added, not what it says.
* Every write is atomic (``selector.atomic``): a temporary file in the same folder, fsynced,
  renamed over the old one, the folder fsynced. Temporary files an interrupted write left
  behind are removed by the next write.
* Writers take an exclusive lock (a ``.lock`` file beside the state) for the read-modify-write,
  so two edits at once are serialised and neither is lost. A symlinked state file is resolved
  first: the lock and the write happen at its target, and the link stays a link.
* Each write bumps ``revision`` and ends the file with a marker holding the revision and the
  sha256 of everything above it. A file cut short (the marker gone) or changed underneath
  (the digest differs) is reported, never rewritten; a deliberate hand edit is accepted once
  the marker says ``sha256=edited``.
* An edit made from an older revision than the one on disk is refused, not merged blindly.
* An edit can be taken back (:func:`restore_item`, the TUI's undo): the item's earlier values
  are written like any edit, with a history entry; notes and links added since are removed,
  and nothing else is.
* What is written can always be read: state files may be up to :data:`MAX_STATE_BYTES` and
  :data:`MAX_STATE_NODES` values, and a write that would pass either is refused.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import yaml

from selector.errors import InputError, Problem, StaleRevisionError
from selector.io.atomic import atomic_write, atomic_write_bytes, remove_stale_temporaries
from selector.io.yamlio import check_size, locate, parse, read_text

__all__ = ["STATUSES", "Applied", "ItemValues", "atomic_write", "atomic_write_bytes", "edit_item",
           "load_state", "locked", "restore_item", "set_item"]

STATUSES = ("open", "in-progress", "done", "not-applicable", "blocked")
VERSION = 2
MAX_STATE_BYTES = 64 << 20
"""Largest state file read or written (64 MiB; 9 options x 65 items with a hundred
300-character notes each is about 20 MiB)."""
MAX_STATE_NODES = 5_000_000
MAX_NOTE = 8000
"""Longest note or evidence reference (the same as a profile's long text)."""
HEADER = (
    "# selector checklist state: the due-diligence work on each option.\n"
    "# Edit with `selector checklist set` (or the TUI): writes are atomic and refuse to overwrite\n"
    "# a newer revision. The last line guards against a file cut short or damaged: after a hand\n"
    "# edit, change its sha256=... to sha256=edited so selector accepts the edit.\n"
)
TRAILER = re.compile(r"(?:^|\n)# selector-state-end revision=(-?\d+) sha256=([0-9a-f]{64}|edited)\n?\Z")
ENTRY_TEXT = ("status", "owner", "title", "priority", "category")
_SURROGATE = re.compile("[\ud800-\udfff]")


def empty_state(assessment: str) -> dict[str, Any]:
    return {"version": VERSION, "revision": 0, "assessment": assessment, "options": {}}


def state_target(path: Path) -> Path:
    """Where a state file really lives: a symlink is followed to its target."""
    return path.resolve() if path.is_symlink() else path


def load_state(path: Path, assessment: str = "") -> dict[str, Any]:
    """The state on disk, or an empty one if there is no file yet. Corrupt, truncated and
    damaged files are errors (one located line each), never replaced."""
    if not path.exists():
        return empty_state(assessment)
    shown = str(path)
    text, _ = read_text(path, shown, limit=MAX_STATE_BYTES)
    try:
        data = parse(text, shown, max_nodes=MAX_STATE_NODES)
    except InputError as exc:
        raise InputError([_corrupt(p) for p in exc.problems] or str(exc)) from None
    problem = _check(data)
    if problem:
        line, column, _ = locate(text, problem[0])
        field = ".".join(str(part) for part in problem[0])
        raise InputError(Problem(shown, line, column, field, _corrupt_message(problem[1])))
    _check_integrity(text, shown, data)
    return data  # type: ignore[no-any-return]


def _check_integrity(text: str, shown: str, data: dict[str, Any]) -> None:
    match = TRAILER.search(text)
    last_line = text.rstrip("\n").count("\n") + 1
    if match is None:
        if data.get("version", 1) == 1:
            return  # written before the end marker existed
        raise InputError(Problem(shown, last_line, 1, "", _corrupt_message(
            "the end marker '# selector-state-end ...' is missing, so the file was cut short or "
            "written by something else")))
    revision, digest = int(match.group(1)), match.group(2)
    if revision != data["revision"]:
        raise InputError(Problem(shown, last_line, 1, "revision", _corrupt_message(
            f"revision {data['revision']} does not match the end marker's {revision}")))
    body = text[: match.start() + (1 if text[match.start()] == "\n" else 0)]
    if digest != "edited" and hashlib.sha256(body.encode("utf-8")).hexdigest() != digest:
        raise InputError(Problem(shown, last_line, 1, "", _corrupt_message(
            f"the content does not match the digest written with revision {revision} (damaged, or "
            "edited by hand; if the edit is yours, change the last line's sha256=... to "
            "sha256=edited)")))


def _corrupt(problem: Problem) -> Problem:
    return Problem(problem.file, problem.line, problem.column, problem.field,
                   _corrupt_message(problem.message))


def _corrupt_message(message: str) -> str:
    return (f"checklist state is corrupt ({message}); it was left untouched: fix it by hand or "
            "restore it from version control")


Loc = tuple[str | int, ...]


def _check(data: Any) -> tuple[Loc, str] | None:
    """The first place the state does not have the shape every reader relies on."""
    if not isinstance(data, dict):
        return (), "not a mapping"
    if not isinstance(data.get("revision"), int) or isinstance(data.get("revision"), bool):
        return ("revision",), "missing or not a whole number"
    if data["revision"] < 0:
        return ("revision",), "must not be negative"
    if data.get("version", 1) not in (1, VERSION):
        return ("version",), f"'{data.get('version')}' is not a state version this tool reads"
    options = data.get("options")
    if not isinstance(options, dict):
        return ("options",), "missing or not a mapping"
    for option, items in options.items():
        if not isinstance(items, dict):
            return ("options", option), "not a mapping of items"
        for item, entry in items.items():
            problem = _check_entry(entry)
            if problem:
                return ("options", option, item, *problem[0]), problem[1]
    return None


def _check_entry(entry: Any) -> tuple[Loc, str] | None:
    if not isinstance(entry, dict):
        return (), "not a mapping"
    status = entry.get("status", "open")
    if status not in STATUSES:
        return ("status",), f"'{status}' is not a status; use one of {', '.join(STATUSES)}"
    for key in ENTRY_TEXT:
        if entry.get(key) is not None and not isinstance(entry[key], str):
            return (key,), "must be text"
    if entry.get("due") is not None and not isinstance(entry["due"], str | date):
        return ("due",), "must be a date written YYYY-MM-DD"
    for key in ("notes", "evidence"):
        values = entry.get(key, [])
        if not isinstance(values, list):
            return (key,), "must be a list of text"
        for index, value in enumerate(values):
            if not isinstance(value, str):
                return (key, index), "must be text"
    history = entry.get("history", [])
    if not isinstance(history, list):
        return ("history",), "must be a list"
    for index, change in enumerate(history):
        if not isinstance(change, dict) or not all(isinstance(change.get(k, ""), str)
                                                   for k in ("at", "by", "change")):
            return ("history", index), "must be a mapping with text 'at', 'by' and 'change'"
    return None


@contextlib.contextmanager
def locked(path: Path) -> Iterator[None]:
    """An exclusive lock on ``<state>.lock`` for one read-modify-write."""
    import fcntl

    lock_path = path.with_name(path.name + ".lock")
    try:
        handle = os.open(lock_path, os.O_RDWR | os.O_CREAT, 0o644)
    except OSError as exc:
        raise InputError(f"{lock_path}: cannot create the lock file ({exc.strerror or exc})") from None
    try:
        fcntl.flock(handle, fcntl.LOCK_EX)
        yield
    finally:
        fcntl.flock(handle, fcntl.LOCK_UN)
        os.close(handle)


def dump(state: dict[str, Any]) -> str:
    """The file's text: header, YAML, and the end marker over everything above it."""
    body = HEADER + yaml.safe_dump(state, sort_keys=False, allow_unicode=True, width=100)
    digest = hashlib.sha256(body.encode("utf-8")).hexdigest()
    return f"{body}# selector-state-end revision={state['revision']} sha256={digest}\n"


def _write(path: Path, state: dict[str, Any]) -> None:
    """Write the state if it can be read back; refuse (and leave the file alone) otherwise."""
    check_size(state, str(path), max_nodes=MAX_STATE_NODES)
    text = dump(state)
    size = len(text.encode("utf-8"))
    if size > MAX_STATE_BYTES:
        raise InputError(f"{path}: the checklist state would be {size:,} bytes, over the "
                         f"{MAX_STATE_BYTES:,} a state file may hold; nothing was written (move old "
                         "notes to an evidence document and link it)")
    remove_stale_temporaries(path)
    try:
        atomic_write(path, text)
    except OSError as exc:
        raise InputError(f"{path}: cannot write the checklist state ({exc.strerror or exc}); "
                         "nothing was changed") from None


def now_text() -> str:
    override = os.environ.get("SELECTOR_NOW")
    if override:
        return override
    return datetime.now(UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z")


@dataclass(frozen=True, slots=True)
class ItemValues:
    """What a reviewer can change on one item: what an undo puts back."""

    status: str = "open"
    owner: str | None = None
    due: str | None = None
    notes: tuple[str, ...] = ()
    evidence: tuple[str, ...] = ()

    @classmethod
    def of(cls, entry: Mapping[str, Any] | None) -> ItemValues:
        if entry is None:
            return cls()
        due = entry.get("due")
        return cls(status=str(entry.get("status", "open")), owner=entry.get("owner"),
                   due=None if due is None else str(due), notes=tuple(entry.get("notes", ())),
                   evidence=tuple(entry.get("evidence", ())))


@dataclass(frozen=True, slots=True)
class Applied:
    """One edit as written: the new revision, what changed, and the item's values before it."""

    revision: int
    changes: tuple[str, ...]
    before: ItemValues


def set_item(
    path: Path,
    *,
    assessment: str,
    option: str,
    item: str,
    known_items: dict[str, dict[str, str]],
    by: str,
    status: str | None = None,
    owner: str | None = None,
    due: date | None = None,
    note: str | None = None,
    evidence: str | None = None,
    expect_revision: int | None = None,
) -> tuple[int, list[str]]:
    """Apply one edit under the lock; return the new revision and the changes made.

    A symlinked ``path`` is locked and written at its target."""
    applied = edit_item(path, assessment=assessment, option=option, item=item, known_items=known_items,
                        by=by, status=status, owner=owner, due=due, note=note, evidence=evidence,
                        expect_revision=expect_revision)
    return applied.revision, list(applied.changes)


def edit_item(
    path: Path,
    *,
    assessment: str,
    option: str,
    item: str,
    known_items: dict[str, dict[str, str]],
    by: str,
    status: str | None = None,
    owner: str | None = None,
    due: date | None = None,
    note: str | None = None,
    evidence: str | None = None,
    expect_revision: int | None = None,
) -> Applied:
    """:func:`set_item`, also returning the item's values before the edit (for an undo)."""
    if status is not None and status not in STATUSES:
        raise InputError(f"--status: '{status}' is not a status; use one of {', '.join(STATUSES)}")
    if not any(v is not None for v in (status, owner, due, note, evidence)):
        raise InputError("nothing to change: give --status, --owner, --due, --note or --evidence")
    for flag, value, limit in (("--note", note, MAX_NOTE), ("--evidence", evidence, MAX_NOTE),
                               ("--owner", owner, 200), ("--by", by, 200)):
        if value is not None and len(value) > limit:
            raise InputError(f"{flag}: {len(value):,} characters; the limit is {limit:,}")
        if value is not None and _SURROGATE.search(value):
            # a non-UTF-8 byte in an argument; YAML would write it as an escape it cannot read
            raise InputError(f"{flag}: contains a byte that is not UTF-8 text; re-type it")
    path = _prepare(path)
    with locked(path):
        state, revision = _load_current(path, assessment, expect_revision)
        items = state.setdefault("options", {}).setdefault(option, {})
        before = ItemValues.of(items.get(item))
        meta = known_items.get(item, {})
        entry = items.setdefault(item, {"status": "open"})
        for key in ("title", "priority", "category"):
            if meta.get(key):
                entry[key] = meta[key]
        changes: list[str] = []
        recorded: list[str] = []  # the history: notes and links are stored once, in their lists
        if status is not None and entry.get("status", "open") != status:
            changes.append(f"status {entry.get('status', 'open')} -> {status}")
            entry["status"] = status
        if owner is not None and entry.get("owner") != owner:
            changes.append(f"owner {entry.get('owner') or '-'} -> {owner}")
            entry["owner"] = owner
        if due is not None and str(entry.get("due")) != due.isoformat():
            changes.append(f"due {entry.get('due') or '-'} -> {due.isoformat()}")
            entry["due"] = due.isoformat()
        recorded.extend(changes)
        if note is not None:
            notes = entry.setdefault("notes", [])
            notes.append(note)
            changes.append(f"note: {note}")
            recorded.append(f"note {len(notes)} added")
        if evidence is not None:
            links = entry.setdefault("evidence", [])
            links.append(evidence)
            changes.append(f"evidence: {evidence}")
            recorded.append(f"evidence {len(links)} added")
        if not changes:
            return Applied(revision, (), before)
        new_revision = _commit(path, state, entry, revision, assessment=assessment, by=by,
                               change="; ".join(recorded))
        return Applied(new_revision, tuple(changes), before)


def restore_item(
    path: Path,
    *,
    assessment: str,
    option: str,
    item: str,
    previous: ItemValues,
    by: str,
    expect_revision: int | None = None,
) -> tuple[int, list[str]]:
    """Put one item back to ``previous`` (an undo), written and recorded like any edit.

    Status, owner and due date take their earlier values. Notes and evidence are append-only,
    so a restore may only drop the entries added after ``previous``: when the lists on disk do
    not begin with ``previous``'s, nothing is written. The history says which were removed.
    """
    if previous.status not in STATUSES:
        raise InputError(f"status: '{previous.status}' is not a status; use one of {', '.join(STATUSES)}")
    if len(by) > 200:
        raise InputError(f"--by: {len(by):,} characters; the limit is 200")
    path = _prepare(path)
    with locked(path):
        state, revision = _load_current(path, assessment, expect_revision)
        items = state.setdefault("options", {}).setdefault(option, {})
        current = ItemValues.of(items.get(item))
        for key, label in (("notes", "notes"), ("evidence", "evidence links")):
            now, then = getattr(current, key), getattr(previous, key)
            if now[: len(then)] != then:
                raise InputError(f"{path}: {option} {item}: its {label} are not the ones the undo "
                                 "started from; nothing was changed")
        if current == previous:
            return revision, []
        entry = items.setdefault(item, {"status": "open"})
        changes: list[str] = []
        if current.status != previous.status:
            changes.append(f"status {current.status} -> {previous.status}")
            entry["status"] = previous.status
        for key, now_value, then_value in (("owner", current.owner, previous.owner),
                                           ("due", current.due, previous.due)):
            if now_value != then_value:
                changes.append(f"{key} {now_value or '-'} -> {then_value or '-'}")
                if then_value is None:
                    entry.pop(key, None)
                else:
                    entry[key] = then_value
        for key, label in (("notes", "note"), ("evidence", "evidence")):
            now, then = getattr(current, key), getattr(previous, key)
            if len(now) > len(then):
                changes.extend(f"{label} {n} removed" for n in range(len(then) + 1, len(now) + 1))
                if then:
                    entry[key] = list(then)
                else:
                    entry.pop(key, None)
        new_revision = _commit(path, state, entry, revision, assessment=assessment, by=by,
                               change="undo: " + "; ".join(changes))
        return new_revision, changes


def _prepare(path: Path) -> Path:
    """The file to lock and write (a symlink's target), its folder created."""
    path = state_target(path)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise InputError(f"{path.parent}: cannot create the checklist state's folder "
                         f"({exc.strerror or exc})") from None
    return path


def _load_current(path: Path, assessment: str, expect_revision: int | None) -> tuple[dict[str, Any], int]:
    """The state under the lock, refused when it is not the revision the edit was made from."""
    state = load_state(path, assessment)
    revision = int(state["revision"])
    if expect_revision is not None and expect_revision != revision:
        raise StaleRevisionError(str(path), revision, expect_revision)
    return state, revision


def _commit(path: Path, state: dict[str, Any], entry: dict[str, Any], revision: int, *, assessment: str,
            by: str, change: str) -> int:
    """Record the change in the item's history, bump the revision and write; the new revision."""
    entry.setdefault("history", []).append({"at": now_text(), "by": by, "change": change})
    state["version"] = VERSION
    state["revision"] = revision + 1
    state["assessment"] = assessment
    state["updated"] = now_text()
    _write(path, state)
    return revision + 1
