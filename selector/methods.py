"""Deprecated: the methods moved to ``selector.ranking`` (a registry, one module per method);
this path is kept for one release."""

from __future__ import annotations

import warnings
from typing import Any

import selector.ranking as _moved
from selector.ranking import *  # noqa: F403

warnings.warn("selector.methods is deprecated: import selector.ranking (or selector.METHODS)",
              DeprecationWarning, stacklevel=2)


def __getattr__(name: str) -> Any:
    return getattr(_moved, name)
