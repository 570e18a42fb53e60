"""Deprecated: moved to ``selector.checklist.export``; this path is kept for one release."""

from __future__ import annotations

import warnings
from typing import Any

import selector.checklist.export as _moved
from selector.checklist.export import *  # noqa: F403

warnings.warn("selector.catalogue_export is deprecated: import selector.checklist.export "
              "(or the public names in selector)", DeprecationWarning, stacklevel=2)


def __getattr__(name: str) -> Any:
    return getattr(_moved, name)
