"""Deprecated: moved to ``selector.checklist.state``; this path is kept for one release."""

from __future__ import annotations

import warnings
from typing import Any

import selector.checklist.state as _moved
from selector.checklist.state import *  # noqa: F403

warnings.warn("selector.checklist_state is deprecated: import selector.checklist.state "
              "(or the public names in selector)", DeprecationWarning, stacklevel=2)


def __getattr__(name: str) -> Any:
    return getattr(_moved, name)
