"""Deprecated: moved to ``selector.robustness.evidence``; this path is kept for one release."""

from __future__ import annotations

import warnings
from typing import Any

import selector.robustness.evidence as _moved
from selector.robustness.evidence import *  # noqa: F403

warnings.warn("selector.evidence is deprecated: import selector.robustness.evidence (or the public names in "
              "selector)", DeprecationWarning, stacklevel=2)


def __getattr__(name: str) -> Any:
    return getattr(_moved, name)
