"""Bounds on the numbers a user can give on the command line or through the Python API.

Kept in one light module (no numpy) so the command line checks them before heavy imports and
the engine enforces the same ones for API callers.
"""

from __future__ import annotations

MAX_SEED = 2**32 - 1
MAX_SAMPLES = 1_000_000
"""The robustness analysis keeps every sample's weights and first place in memory."""
SAMPLE_BYTES = 800
"""Peak memory per sample, measured on the bundled catalogue (15 offerings, 8 criteria):
1,000,000 samples peaked at 935 MiB resident against 224 MiB for 10,000 (``/usr/bin/time -f
%M``), about 750 bytes a sample (weights, evidence draws kept for the second pass, tallies).
A 100-million-sample run asked for over 6 GiB for its weights alone and died."""
MAX_WEIGHT = 1e6
"""Largest raw weight: weights are relative, and 1e308 made every score 0.0."""


def sample_memory(samples: int, criteria: int = 8) -> str:
    """About how much memory ``samples`` samples need, for an error message."""
    size = samples * SAMPLE_BYTES * max(criteria, 1) // 8
    return f"{size / 2**30:,.1f} GiB" if size >= 2**30 else f"{size / 2**20:,.0f} MiB"


def samples_problem(samples: int, criteria: int = 8) -> str | None:
    """Why ``samples`` is refused, or None."""
    if samples < 1:
        return f"{samples} must be at least 1"
    if samples > MAX_SAMPLES:
        return (f"{samples:,} is more than {MAX_SAMPLES:,} samples; that many would need about "
                f"{sample_memory(samples, criteria)} of memory for {criteria} criteria; 10,000 already "
                "estimates each share to about 1%")
    return None
