"""Deprecated: moved to ``selector.scoring.rubric``; this path is kept for one release."""

from __future__ import annotations

import warnings
from typing import Any

import selector.scoring.rubric as _moved
from selector.scoring.rubric import *  # noqa: F403

warnings.warn("selector.rubric is deprecated: import selector.scoring.rubric (or the public names in "
              "selector)", DeprecationWarning, stacklevel=2)


def __getattr__(name: str) -> Any:
    return getattr(_moved, name)
