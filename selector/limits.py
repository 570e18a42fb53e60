"""Deprecated: moved to ``selector.io.limits``; this path is kept for one release."""

from __future__ import annotations

import warnings
from typing import Any

import selector.io.limits as _moved
from selector.io.limits import *  # noqa: F403

warnings.warn("selector.limits is deprecated: import selector.io.limits (or the public names in "
              "selector)", DeprecationWarning, stacklevel=2)


def __getattr__(name: str) -> Any:
    return getattr(_moved, name)
