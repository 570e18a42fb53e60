"""Deprecated: moved to ``selector.scoring.lifecycle``; this path is kept for one release."""

from __future__ import annotations

import warnings
from typing import Any

import selector.scoring.lifecycle as _moved
from selector.scoring.lifecycle import *  # noqa: F403

warnings.warn("selector.lifecycle is deprecated: import selector.scoring.lifecycle (or the public names in "
              "selector)", DeprecationWarning, stacklevel=2)


def __getattr__(name: str) -> Any:
    return getattr(_moved, name)
