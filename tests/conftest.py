"""Fixtures shared by every test; plain helpers live in helpers.py.

Hypothesis runs under a profile chosen by ``HYPOTHESIS_PROFILE``: ``ci`` (the default) is
derandomized, keeps no example database and runs each property's stated number of examples, so
two runs of the suite try the same inputs; ``fuzz`` (``make fuzz``) draws fresh random inputs,
twenty times as many, and remembers failures in ``.hypothesis/``.
"""

from __future__ import annotations

import os

from hypothesis import HealthCheck, settings

from helpers import box1, make_profile  # noqa: F401 - re-exported fixtures

settings.register_profile(
    "ci", derandomize=True, database=None, deadline=None, print_blob=True,
    suppress_health_check=[HealthCheck.too_slow],
)
settings.register_profile("fuzz", deadline=None, print_blob=True)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))
