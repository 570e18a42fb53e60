"""Deprecated: moved to ``selector.scoring.facts``; this path is kept for one release."""

from __future__ import annotations

import warnings
from typing import Any

import selector.scoring.facts as _moved
from selector.scoring.facts import *  # noqa: F403

warnings.warn("selector.facts is deprecated: import selector.scoring.facts (or the public names in "
              "selector)", DeprecationWarning, stacklevel=2)


def __getattr__(name: str) -> Any:
    return getattr(_moved, name)
