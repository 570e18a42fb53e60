"""Deprecated: moved to ``selector.scoring.tco``; this path is kept for one release."""

from __future__ import annotations

import warnings
from typing import Any

import selector.scoring.tco as _moved
from selector.scoring.tco import *  # noqa: F403

warnings.warn("selector.tco is deprecated: import selector.scoring.tco (or the public names in "
              "selector)", DeprecationWarning, stacklevel=2)


def __getattr__(name: str) -> Any:
    return getattr(_moved, name)
