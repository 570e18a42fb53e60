"""Deprecated: moved to ``selector.weights.ahp``; this path is kept for one release."""

from __future__ import annotations

import warnings
from typing import Any

import selector.weights.ahp as _moved
from selector.weights.ahp import *  # noqa: F403

warnings.warn("selector.ahp is deprecated: import selector.weights.ahp (or the public names in "
              "selector)", DeprecationWarning, stacklevel=2)


def __getattr__(name: str) -> Any:
    return getattr(_moved, name)
