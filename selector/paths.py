"""Deprecated: moved to ``selector.io.paths``; this path is kept for one release."""

from __future__ import annotations

import warnings
from typing import Any

import selector.io.paths as _moved
from selector.io.paths import *  # noqa: F403

warnings.warn("selector.paths is deprecated: import selector.io.paths (or the public names in "
              "selector)", DeprecationWarning, stacklevel=2)


def __getattr__(name: str) -> Any:
    return getattr(_moved, name)
