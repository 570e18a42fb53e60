"""The checklist state file: a reviewer's work, never lost and never locked out.

* Human-diffable YAML next to the assessment: per option and item, status, owner, due date,
  evidence links, notes, and a history of every change (who, when, what). Each note and each
  evidence link is stored once (a repeat of the item's last note, or a link it has, is not
  added again); the history says one was added, not what it says.
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

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from selector.checklist.store import (
    _SURROGATE,
    ENTRY_TEXT,
    HEADER,
    MAX_NOTE,
    MAX_STATE_BYTES,
    MAX_STATE_NODES,
    STATUSES,
    TRAILER,
    VERSION,
    _write,
    dump,
    empty_state,
    load_state,
    locked,
    now_text,
    state_target,
)
from selector.errors import InputError, StaleRevisionError
from selector.io.atomic import atomic_write, atomic_write_bytes

__all__ = ["ENTRY_TEXT", "HEADER", "MAX_NOTE", "MAX_STATE_BYTES", "MAX_STATE_NODES", "STATUSES",
           "TRAILER", "VERSION", "Applied", "ItemValues", "atomic_write", "atomic_write_bytes", "dump",
           "edit_item", "empty_state", "load_state", "locked", "now_text", "restore_item", "set_item",
           "state_target"]


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
    _check_edit(status, owner, due, note, evidence, by)
    path = _prepare(path)
    with locked(path):
        state, revision = _load_current(path, assessment, expect_revision)
        entry, changes, recorded, before = _apply(state, option, item, known_items, status=status,
                                                  owner=owner, due=due, note=note, evidence=evidence)
        if not changes:
            return Applied(revision, (), before)
        new_revision = _commit(path, state, entry, revision, assessment=assessment, by=by,
                               change="; ".join(recorded))
        return Applied(new_revision, tuple(changes), before)


def set_item_everywhere(
    path: Path,
    *,
    assessment: str,
    item: str,
    known_items: Mapping[str, dict[str, dict[str, str]]],
    by: str,
    status: str | None = None,
    owner: str | None = None,
    due: date | None = None,
    note: str | None = None,
    evidence: str | None = None,
    expect_revision: int | None = None,
) -> tuple[int, dict[str, list[str]]]:
    """The same edit to ``item`` in every option of ``known_items`` (option -> its items), under
    one lock and in one write: one new revision, or none if nothing changed. Returns the revision
    and, per option, the changes made."""
    _check_edit(status, owner, due, note, evidence, by)
    path = _prepare(path)
    with locked(path):
        state, revision = _load_current(path, assessment, expect_revision)
        done: dict[str, list[str]] = {}
        edits: list[tuple[dict[str, Any], str]] = []
        for option, known in known_items.items():
            entry, changes, recorded, _ = _apply(state, option, item, known, status=status, owner=owner,
                                                 due=due, note=note, evidence=evidence)
            if changes:
                edits.append((entry, "; ".join(recorded)))
                done[option] = changes
        if not done:
            return revision, {}
        return _commit_all(path, state, edits, revision, assessment=assessment, by=by), done


def _check_edit(status: str | None, owner: str | None, due: date | None, note: str | None,
                evidence: str | None, by: str) -> None:
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


def _apply(state: dict[str, Any], option: str, item: str, known_items: Mapping[str, dict[str, str]], *,
           status: str | None, owner: str | None, due: date | None, note: str | None,
           evidence: str | None) -> tuple[dict[str, Any], list[str], list[str], ItemValues]:
    """Apply one edit to the state in memory: (the entry, the changes as shown, as recorded in
    the history, the values before)."""
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
    # A repeat of the same edit changes nothing: a note equal to the item's last note, or a link
    # it already has, is not stored twice.
    if note is not None and list(entry.get("notes", ()))[-1:] != [note]:
        notes = entry.setdefault("notes", [])
        notes.append(note)
        changes.append(f"note: {note}")
        recorded.append(f"note {len(notes)} added")
    if evidence is not None and evidence not in entry.get("evidence", ()):
        links = entry.setdefault("evidence", [])
        links.append(evidence)
        changes.append(f"evidence: {evidence}")
        recorded.append(f"evidence {len(links)} added")
    return entry, changes, recorded, before


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
    return _commit_all(path, state, [(entry, change)], revision, assessment=assessment, by=by)


def _commit_all(path: Path, state: dict[str, Any], edits: Sequence[tuple[dict[str, Any], str]],
                revision: int, *, assessment: str, by: str) -> int:
    """Record each (entry, change) in its item's history, bump the revision once and write."""
    stamp = now_text()
    for entry, change in edits:
        entry.setdefault("history", []).append({"at": stamp, "by": by, "change": change})
    state["version"] = VERSION
    state["revision"] = revision + 1
    state["assessment"] = assessment
    state["updated"] = stamp
    _write(path, state)
    return revision + 1
