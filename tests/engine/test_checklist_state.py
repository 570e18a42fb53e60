"""The checklist state never locks itself out and never loses work silently.

What is written can always be read back; a file cut short or damaged is reported and left
alone; wrong types are one located line; a symlinked state is written at its target; stale
temporary files go; the folder is fsynced after the rename.
"""

from __future__ import annotations

import os
import stat
from datetime import date
from pathlib import Path
from typing import Any

import pytest
import yaml

import selector.checklist.store as store
from selector import InputError, StaleRevisionError
from selector.checklist.state import ItemValues, dump, edit_item, load_state, restore_item, set_item

KNOWN = {"DD-GOV-01": {"title": "Always", "priority": "high", "category": "governance"}}


def edit(path: Path, **kwargs: Any) -> tuple[int, list[str]]:
    base: dict[str, Any] = dict(assessment="a.yaml", option="opt", item="DD-GOV-01",
                                known_items=KNOWN, by="tester")
    base.update(kwargs)
    return set_item(path, **base)


def test_each_note_is_stored_once(tmp_path: Path) -> None:
    path = tmp_path / "state.yaml"
    note = "DPA-clause-7.2:" + "sub-processors-in-three-regions" * 10
    edit(path, note=note, evidence="https://example.org/dpa")
    text = path.read_text(encoding="utf-8")
    assert text.count("DPA-clause-7.2") == 1
    assert text.count("https://example.org/dpa") == 1
    entry = load_state(path)["options"]["opt"]["DD-GOV-01"]
    assert entry["history"][0]["change"] == "note 1 added; evidence 1 added"


def test_a_state_past_the_old_1_mib_limit_is_read_and_written(tmp_path: Path) -> None:
    """9 options x 65 items with five 300-character notes each: past the old 1 MiB read limit."""
    path = tmp_path / "state.yaml"
    options = {f"opt{o}": {f"DD-{i:02d}": {"status": "open",
                                          "notes": [f"{o}-{i}-{k}-" + "n" * 300 for k in range(5)],
                                          "history": [{"at": "2026-11-25T09:00:00Z", "by": "a",
                                                       "change": f"note {k + 1} added"} for k in range(5)]}
                           for i in range(65)}
               for o in range(9)}
    state = {"version": 2, "revision": 7, "assessment": "a.yaml", "options": options}
    path.write_text(dump(state), encoding="utf-8")
    assert path.stat().st_size > 1 << 20
    assert load_state(path)["revision"] == 7
    assert edit(path, option="opt3", item="DD-10", note="one more")[0] == 8
    assert load_state(path)["options"]["opt3"]["DD-10"]["notes"][-1] == "one more"


def test_a_write_beyond_what_can_be_read_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "state.yaml"
    edit(path, note="first")
    before = path.read_bytes()
    monkeypatch.setattr(store, "MAX_STATE_BYTES", len(before) + 100)  # the limit lives with the file
    with pytest.raises(InputError, match="nothing was written"):
        edit(path, note="x" * 500)
    assert path.read_bytes() == before
    with pytest.raises(InputError, match="the limit is 8,000"):
        edit(path, note="y" * 8001)


def test_a_truncated_but_parseable_file_is_reported_not_rewritten(tmp_path: Path) -> None:
    path = tmp_path / "state.yaml"
    for n in range(6):
        edit(path, note=f"note {n}")
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    cut = "".join(lines[: len(lines) - 5])
    assert isinstance(yaml.safe_load(cut), dict)  # still parses: the old reader took it
    path.write_text(cut, encoding="utf-8")
    with pytest.raises(InputError, match="cut short") as caught:
        load_state(path)
    assert len(str(caught.value).splitlines()) == 1
    with pytest.raises(InputError, match="cut short"):
        edit(path, note="would have replaced the lost notes")
    assert path.read_text(encoding="utf-8") == cut


def test_damage_is_reported_and_a_deliberate_hand_edit_accepted(tmp_path: Path) -> None:
    path = tmp_path / "state.yaml"
    edit(path, status="in-progress")
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("status: in-progress", "status: done"), encoding="utf-8")
    with pytest.raises(InputError, match="does not match the digest"):
        load_state(path)
    accepted = path.read_text(encoding="utf-8")
    accepted = accepted[: accepted.rindex("sha256=")] + "sha256=edited\n"
    path.write_text(accepted, encoding="utf-8")
    assert load_state(path)["options"]["opt"]["DD-GOV-01"]["status"] == "done"
    assert edit(path, owner="Ada")[0] == 2
    assert not path.read_text(encoding="utf-8").endswith("sha256=edited\n")


def test_a_state_written_before_the_end_marker_is_still_read(tmp_path: Path) -> None:
    path = tmp_path / "state.yaml"
    path.write_text(yaml.safe_dump({"version": 1, "revision": 3, "options": {
        "opt": {"DD-GOV-01": {"status": "done", "notes": ["old"]}}}}), encoding="utf-8")
    assert load_state(path)["revision"] == 3
    edit(path, note="new")
    state = load_state(path)
    assert state["version"] == 2 and state["options"]["opt"]["DD-GOV-01"]["notes"] == ["old", "new"]


@pytest.mark.parametrize(("entry", "field"), [
    ({"notes": 5}, "options.opt.DD-GOV-01.notes"),
    ({"notes": ["ok", {"x": 1}]}, "options.opt.DD-GOV-01.notes.1"),
    ({"owner": ["a"]}, "options.opt.DD-GOV-01.owner"),
    ({"history": [3]}, "options.opt.DD-GOV-01.history.0"),
    ({"history": {"at": "x"}}, "options.opt.DD-GOV-01.history"),
    ({"due": 12}, "options.opt.DD-GOV-01.due"),
    ({"evidence": "https://x"}, "options.opt.DD-GOV-01.evidence"),
])
def test_wrong_types_are_one_located_line(tmp_path: Path, entry: dict[str, Any], field: str) -> None:
    path = tmp_path / "state.yaml"
    path.write_text(yaml.safe_dump({"version": 1, "revision": 1, "options": {"opt": {"DD-GOV-01": entry}}}),
                    encoding="utf-8")
    with pytest.raises(InputError) as caught:
        load_state(path)
    message = str(caught.value)
    assert len(message.splitlines()) == 1
    assert message.startswith(f"{path}:") and f" {field}: " in message
    line = int(message[len(str(path)) + 1:].split(":")[0])
    assert line > 1  # located at the field, not at the top of the file


def test_a_symlinked_state_is_locked_and_written_at_its_target(tmp_path: Path) -> None:
    target_dir = tmp_path / "shared"
    target_dir.mkdir()
    target = target_dir / "real.checklist.yaml"
    link = tmp_path / "a.checklist.yaml"
    link.symlink_to(target)
    edit(link, note="through the link")
    assert link.is_symlink() and target.is_file()
    assert (target_dir / "real.checklist.yaml.lock").exists()
    assert not (tmp_path / "a.checklist.yaml.lock").exists()
    assert load_state(link)["options"]["opt"]["DD-GOV-01"]["notes"] == ["through the link"]


def test_stale_temporary_files_are_removed_by_the_next_write(tmp_path: Path) -> None:
    path = tmp_path / "state.yaml"
    edit(path, note="first")
    stale = tmp_path / ".state.yaml.k9x2p1.tmp"
    stale.write_text("half a state, with the user's notes", encoding="utf-8")
    unrelated = tmp_path / ".other.yaml.k9x2p1.tmp"
    unrelated.write_text("not ours", encoding="utf-8")
    edit(path, note="second")
    assert not stale.exists() and unrelated.exists()


def test_the_folder_is_fsynced_after_the_rename(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    synced: list[bool] = []
    real = os.fsync

    def record(fd: int) -> None:
        synced.append(stat.S_ISDIR(os.fstat(fd).st_mode))
        real(fd)

    monkeypatch.setattr(os, "fsync", record)
    edit(tmp_path / "state.yaml", note="durable")
    assert synced == [False, True]  # the file, then its folder


def restore(path: Path, previous: ItemValues, **kwargs: Any) -> tuple[int, list[str]]:
    base: dict[str, Any] = dict(assessment="a.yaml", option="opt", item="DD-GOV-01", by="tester")
    base.update(kwargs)
    return restore_item(path, previous=previous, **base)


def test_an_edit_reports_the_values_it_replaced(tmp_path: Path) -> None:
    path = tmp_path / "state.yaml"
    first = edit_item(path, assessment="a.yaml", option="opt", item="DD-GOV-01", known_items=KNOWN,
                      by="tester", status="blocked", owner="Ada", due=date(2026, 12, 24), note="n1")
    assert first.before == ItemValues()
    second = edit_item(path, assessment="a.yaml", option="opt", item="DD-GOV-01", known_items=KNOWN,
                       by="tester", status="done", evidence="https://example.org/e")
    assert second.revision == 2
    assert second.before == ItemValues("blocked", "Ada", "2026-12-24", ("n1",), ())


def test_restoring_an_item_undoes_an_edit_with_its_own_history_entry(tmp_path: Path) -> None:
    path = tmp_path / "state.yaml"
    edit(path, status="in-progress", owner="Ada", note="kept")
    applied = edit_item(path, assessment="a.yaml", option="opt", item="DD-GOV-01", known_items=KNOWN,
                        by="tester", status="done", owner="Bo", due=date(2027, 1, 5), note="drop me",
                        evidence="https://example.org/drop")
    revision, changes = restore(path, applied.before, expect_revision=applied.revision)
    assert revision == 3
    assert changes == ["status done -> in-progress", "owner Bo -> Ada", "due 2027-01-05 -> -",
                       "note 2 removed", "evidence 1 removed"]
    entry = load_state(path)["options"]["opt"]["DD-GOV-01"]
    assert ItemValues.of(entry) == ItemValues("in-progress", "Ada", None, ("kept",), ())
    assert "due" not in entry and "evidence" not in entry
    assert "drop me" not in path.read_text(encoding="utf-8")
    assert entry["history"][-1]["change"] == ("undo: status done -> in-progress; owner Bo -> Ada; "
                                              "due 2027-01-05 -> -; note 2 removed; evidence 1 removed")
    assert len(entry["history"]) == 3


def test_restoring_a_first_edit_returns_the_item_to_its_defaults(tmp_path: Path) -> None:
    path = tmp_path / "state.yaml"
    applied = edit_item(path, assessment="a.yaml", option="opt", item="DD-GOV-01", known_items=KNOWN,
                        by="tester", owner="Ada", note="only")
    assert restore(path, applied.before)[1] == ["owner Ada -> -", "note 1 removed"]
    entry = load_state(path)["options"]["opt"]["DD-GOV-01"]
    assert ItemValues.of(entry) == ItemValues() and "notes" not in entry and "owner" not in entry
    assert restore(path, applied.before) == (2, [])  # nothing left to change: nothing written


def test_a_restore_from_an_older_revision_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "state.yaml"
    applied = edit_item(path, assessment="a.yaml", option="opt", item="DD-GOV-01", known_items=KNOWN,
                        by="tester", status="done")
    edit(path, owner="someone else")
    before = path.read_bytes()
    with pytest.raises(StaleRevisionError, match="changed since you loaded it"):
        restore(path, applied.before, expect_revision=applied.revision)
    assert path.read_bytes() == before


def test_a_restore_never_drops_notes_it_did_not_add(tmp_path: Path) -> None:
    path = tmp_path / "state.yaml"
    edit(path, note="one")
    edit(path, note="two")
    before = path.read_bytes()
    with pytest.raises(InputError, match="notes are not the ones the undo started from"):
        restore(path, ItemValues(notes=("other",)))
    with pytest.raises(InputError, match="not a status"):
        restore(path, ItemValues(status="finished"))
    assert path.read_bytes() == before
