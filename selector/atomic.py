"""Deprecated: moved to ``selector.io.atomic``; this path is kept for one release."""

from __future__ import annotations

import warnings
from typing import Any

import selector.io.atomic as _moved
from selector.io.atomic import *  # noqa: F403

warnings.warn("selector.atomic is deprecated: import selector.io.atomic (or the public names in "
              "selector)", DeprecationWarning, stacklevel=2)


def __getattr__(name: str) -> Any:
    return getattr(_moved, name)
