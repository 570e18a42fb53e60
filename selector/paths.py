"""Where the bundled criteria and vendor profiles live, in a checkout and when installed."""

from __future__ import annotations

from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent


def bundled(name: str) -> Path:
    """The bundled data folder ``name`` (``criteria`` or ``vendor_profiles``).

    In a checkout (or an editable install) it is the folder beside the package; in a wheel it
    is copied into ``selector/_data/``.
    """
    installed = _PACKAGE / "_data" / name
    if installed.is_dir():
        return installed
    return _PACKAGE.parent / name


def default_profiles() -> Path:
    return bundled("vendor_profiles")


def default_criteria() -> Path:
    return bundled("criteria") / "box1.yaml"
