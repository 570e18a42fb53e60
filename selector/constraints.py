"""Deprecated: moved to ``selector.scoring.constraints``; this path is kept for one release."""

from __future__ import annotations

import warnings
from typing import Any

import selector.scoring.constraints as _moved
from selector.scoring.constraints import *  # noqa: F403

warnings.warn("selector.constraints is deprecated: import selector.scoring.constraints "
              "(or the public names in selector)", DeprecationWarning, stacklevel=2)


def __getattr__(name: str) -> Any:
    return getattr(_moved, name)
