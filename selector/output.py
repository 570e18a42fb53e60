"""Deprecated: moved to ``selector.io.output``; this path is kept for one release."""

from __future__ import annotations

import warnings
from typing import Any

import selector.io.output as _moved
from selector.io.output import *  # noqa: F403

warnings.warn("selector.output is deprecated: import selector.io.output (or the public names in "
              "selector)", DeprecationWarning, stacklevel=2)


def __getattr__(name: str) -> Any:
    return getattr(_moved, name)
