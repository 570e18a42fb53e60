"""Fixtures shared by every test; plain helpers live in helpers.py."""

from __future__ import annotations

from helpers import box1, make_profile  # noqa: F401 - re-exported fixtures
