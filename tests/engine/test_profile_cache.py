"""Profiles are validated once per content and place: a re-read returns the same frozen object,
and any change of the bytes or of the folder (a document shipped beside it) is read afresh."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

from helpers import ROOT
from selector.profiles import load_profile

SOURCE = ROOT / "vendor_profiles" / "llama-4-scout-self-hosted.yaml"


def test_same_bytes_same_object_and_changed_bytes_read_afresh(tmp_path: Path) -> None:
    path = tmp_path / SOURCE.name
    shutil.copyfile(SOURCE, path)
    first = load_profile(path)
    assert load_profile(path) is first
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("name: ", "name: Renamed ", 1), encoding="utf-8")
    second = load_profile(path)
    assert second is not first and second.profile.name.startswith("Renamed ")
    path.write_text(text, encoding="utf-8")  # back to the first bytes
    os.utime(tmp_path, ns=(1, 1))
    third = load_profile(path)
    assert third.profile.name == first.profile.name


def test_a_change_in_the_folder_is_read_afresh(tmp_path: Path) -> None:
    path = tmp_path / SOURCE.name
    shutil.copyfile(SOURCE, path)
    os.utime(tmp_path, ns=(1, 1))
    first = load_profile(path)
    (tmp_path / "contract.pdf").write_bytes(b"%PDF-1.4")
    os.utime(tmp_path, ns=(2, 2))
    assert load_profile(path) is not first
