"""Deprecated: moved to ``selector.robustness.kernel``; this path is kept for one release."""

from __future__ import annotations

import warnings
from typing import Any

import selector.robustness.kernel as _moved
from selector.robustness.kernel import *  # noqa: F403

warnings.warn("selector.smaa is deprecated: import selector.robustness.kernel (or the public names in "
              "selector)", DeprecationWarning, stacklevel=2)


def __getattr__(name: str) -> Any:
    return getattr(_moved, name)
