"""The checklist state file on disk: read, checked, locked and written (see
:mod:`selector.checklist.state` for the rules a reviewer's work is kept by)."""

from __future__ import annotations

import contextlib
import hashlib
import os
import re
from collections.abc import Iterator
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import yaml

from selector.errors import InputError, Problem
from selector.io.atomic import atomic_write, remove_stale_temporaries
from selector.io.yamlio import check_size, locate, parse, read_text

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
