"""Deprecated: moved to ``selector.weights.presets``; this path is kept for one release."""

from __future__ import annotations

import warnings
from typing import Any

import selector.weights.presets as _moved
from selector.weights.presets import *  # noqa: F403

warnings.warn("selector.presets is deprecated: import selector.weights.presets (or the public names in "
              "selector)", DeprecationWarning, stacklevel=2)


def __getattr__(name: str) -> Any:
    return getattr(_moved, name)
