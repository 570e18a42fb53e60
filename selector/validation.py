"""Deprecated: moved to ``selector.io.validation``; this path is kept for one release."""

from __future__ import annotations

import warnings
from typing import Any

import selector.io.validation as _moved
from selector.io.validation import *  # noqa: F403

warnings.warn("selector.validation is deprecated: import selector.io.validation (or the public names in "
              "selector)", DeprecationWarning, stacklevel=2)


def __getattr__(name: str) -> Any:
    return getattr(_moved, name)
