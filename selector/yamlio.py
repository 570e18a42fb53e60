"""Deprecated: moved to ``selector.io.yamlio``; this path is kept for one release."""

from __future__ import annotations

import warnings
from typing import Any

import selector.io.yamlio as _moved
from selector.io.yamlio import *  # noqa: F403

warnings.warn("selector.yamlio is deprecated: import selector.io.yamlio (or the public names in "
              "selector)", DeprecationWarning, stacklevel=2)


def __getattr__(name: str) -> Any:
    return getattr(_moved, name)
