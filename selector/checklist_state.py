"""The checklist state file: a reviewer's work, never lost.

* Human-diffable YAML next to the assessment: per option and item, status, owner, due date,
  evidence links, notes, and a history of every change (who, when, what).
* Every write is atomic: a temporary file in the same folder, flushed and fsynced, then renamed
  over the old one. An interrupted write leaves the previous state intact.
* Writers take an exclusive lock (a ``.lock`` file beside the state) for the read-modify-write,
  so two edits at once are serialised and neither is lost.
* Each write bumps ``revision``. An edit made from an older revision than the one on disk (a
  screen opened before someone else saved) is refused, not merged blindly.
* A corrupt state file is reported, never replaced.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Iterator
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import yaml

from selector.errors import InputError, Problem
from selector.yamlio import parse, read_text

STATUSES = ("open", "in-progress", "done", "not-applicable", "blocked")
HEADER = (
    "# selector checklist state: the due-diligence work on each option.\n"
    "# Edit with `selector checklist set` (or the TUI): writes are atomic and refuse to overwrite\n"
    "# a newer revision. Hand edits are fine if you keep the structure; bump nothing yourself.\n"
)


def empty_state(assessment: str) -> dict[str, Any]:
    return {"version": 1, "revision": 0, "assessment": assessment, "options": {}}


def load_state(path: Path, assessment: str = "") -> dict[str, Any]:
    """The state on disk, or an empty one if there is no file yet. Corrupt files are errors."""
    if not path.exists():
        return empty_state(assessment)
    text, _ = read_text(path)
    shown = str(path)
    try:
        data = parse(text, shown)
    except InputError as exc:
        raise InputError([_corrupt(p) for p in exc.problems] or str(exc)) from None
    problem = _check(data)
    if problem:
        raise InputError(Problem(shown, 1, 1, problem[0], _corrupt_message(problem[1])))
    return data  # type: ignore[no-any-return]


def _corrupt(problem: Problem) -> Problem:
    return Problem(problem.file, problem.line, problem.column, problem.field,
                   _corrupt_message(problem.message))


def _corrupt_message(message: str) -> str:
    return (f"checklist state is corrupt ({message}); it was left untouched: fix it by hand or "
            "restore it from version control")


def _check(data: Any) -> tuple[str, str] | None:
    if not isinstance(data, dict):
        return "", "not a mapping"
    if not isinstance(data.get("revision"), int) or isinstance(data.get("revision"), bool):
        return "revision", "missing or not an integer"
    options = data.get("options")
    if not isinstance(options, dict):
        return "options", "missing or not a mapping"
    for option, items in options.items():
        if not isinstance(items, dict):
            return f"options.{option}", "not a mapping of items"
        for item, entry in items.items():
            if not isinstance(entry, dict):
                return f"options.{option}.{item}", "not a mapping"
            status = entry.get("status", "open")
            if status not in STATUSES:
                return f"options.{option}.{item}.status", f"'{status}' is not a status"
            if not isinstance(entry.get("history", []), list):
                return f"options.{option}.{item}.history", "not a list"
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


def atomic_write(path: Path, text: str) -> None:
    """Write ``text`` to ``path`` so a reader sees the old file or the new one, never half."""
    atomic_write_bytes(path, text.encode("utf-8"))


def atomic_write_bytes(path: Path, data: bytes) -> None:
    folder = path.parent
    handle, tmp = tempfile.mkstemp(dir=folder, prefix=f".{path.name}.", suffix=".tmp")
    try:
        try:
            mode = path.stat().st_mode & 0o777
        except FileNotFoundError:
            umask = os.umask(0)
            os.umask(umask)
            mode = 0o666 & ~umask
        os.chmod(tmp, mode)  # mkstemp makes 0600; keep the file's mode, or the umask's default
        with os.fdopen(handle, "wb") as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


def dump(state: dict[str, Any]) -> str:
    return HEADER + yaml.safe_dump(state, sort_keys=False, allow_unicode=True, width=100)


def now_text() -> str:
    override = os.environ.get("SELECTOR_NOW")
    if override:
        return override
    return datetime.now(UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z")


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
    """Apply one edit under the lock; return the new revision and the changes made."""
    if status is not None and status not in STATUSES:
        raise InputError(f"--status: '{status}' is not a status; use one of {', '.join(STATUSES)}")
    if not any(v is not None for v in (status, owner, due, note, evidence)):
        raise InputError("nothing to change: give --status, --owner, --due, --note or --evidence")
    with locked(path):
        state = load_state(path, assessment)
        revision = int(state["revision"])
        if expect_revision is not None and expect_revision != revision:
            raise InputError(
                f"{path}: the checklist changed since you loaded it (revision {revision} on disk, "
                f"yours was {expect_revision}); reload and make the edit again"
            )
        options = state.setdefault("options", {})
        items = options.setdefault(option, {})
        meta = known_items.get(item, {})
        entry = items.setdefault(item, {"status": "open"})
        for key in ("title", "priority", "category"):
            if meta.get(key):
                entry[key] = meta[key]
        changes: list[str] = []
        if status is not None and entry.get("status", "open") != status:
            changes.append(f"status {entry.get('status', 'open')} -> {status}")
            entry["status"] = status
        if owner is not None and entry.get("owner") != owner:
            changes.append(f"owner {entry.get('owner') or '-'} -> {owner}")
            entry["owner"] = owner
        if due is not None and str(entry.get("due")) != due.isoformat():
            changes.append(f"due {entry.get('due') or '-'} -> {due.isoformat()}")
            entry["due"] = due.isoformat()
        if note is not None:
            entry.setdefault("notes", []).append(note)
            changes.append(f"note: {note}")
        if evidence is not None:
            entry.setdefault("evidence", []).append(evidence)
            changes.append(f"evidence: {evidence}")
        if not changes:
            return revision, []
        entry.setdefault("history", []).append({"at": now_text(), "by": by, "change": "; ".join(changes)})
        state["revision"] = revision + 1
        state["assessment"] = assessment
        state["updated"] = now_text()
        atomic_write(path, dump(state))
        return revision + 1, changes
