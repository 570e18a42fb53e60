"""Where the bundled criteria and vendor profiles live, in a checkout and when installed."""

from __future__ import annotations

from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent.parent
"""The selector package folder (this module lives in selector/io/)."""


def bundled(name: str) -> Path:
    """The bundled data folder ``name`` (``criteria`` or ``vendor_profiles``).

    In a checkout (or an editable install) it is the folder beside the package; in a wheel it
    is copied into ``selector/_data/``.
    """
    installed = _PACKAGE / "_data" / name
    if installed.is_dir():
        return installed
    return _PACKAGE.parent / name


def installed_data() -> Path:
    """The data folder inside an installed package (absent in a checkout)."""
    return _PACKAGE / "_data"


def user_data_dir() -> Path:
    """Where the tool keeps the user's own files: ``$XDG_DATA_HOME/selector``, by default
    ``~/.local/share/selector``."""
    import os

    base = os.environ.get("XDG_DATA_HOME", "").strip()
    root = Path(base) if base and Path(base).is_absolute() else Path.home() / ".local" / "share"
    return root / "selector"


def state_home(assessment: Path, state_name: str) -> Path | None:
    """Where the checklist state of ``assessment`` goes when the assessment is part of the
    installation (a bundled example): the user's data folder, never the installation, which
    may be read-only and is replaced on upgrade. None for an assessment of the user's own."""
    try:
        inside = assessment.resolve().is_relative_to(installed_data().resolve())
    except OSError:
        return None
    return user_data_dir() / "checklists" / state_name if inside else None


def default_profiles() -> Path:
    return bundled("vendor_profiles")


def default_criteria() -> Path:
    return bundled("criteria") / "box1.yaml"
