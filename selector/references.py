"""Deprecated: moved to ``selector.checklist.references``; this path is kept for one release."""

from __future__ import annotations

import warnings
from typing import Any

import selector.checklist.references as _moved
from selector.checklist.references import *  # noqa: F403

warnings.warn("selector.references is deprecated: import selector.checklist.references "
              "(or the public names in selector)", DeprecationWarning, stacklevel=2)


def __getattr__(name: str) -> Any:
    return getattr(_moved, name)
