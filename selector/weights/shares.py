"""A weight given as a share of the decision, and how the other weights make room for it."""

from __future__ import annotations

from collections.abc import Mapping

from selector.errors import UsageError


class Share(float):
    """A weight given as a share of the decision (``security=30%`` on the command line): the
    criterion takes that share, and the criteria not given a share keep their proportions."""

    def __str__(self) -> str:
        return f"{self * 100:g}%"


def with_shares(raw: Mapping[str, float], shares: Mapping[str, float]) -> dict[str, float]:
    """``raw`` with each criterion in ``shares`` at its share of the total and the others scaled
    to fill the rest in their proportions (the total stays as it was)."""
    given = sum(shares.values())
    if given > 1 + 1e-9:
        shown = ", ".join(f"{k}={v * 100:g}%" for k, v in shares.items())
        raise UsageError(f"--weights: the shares add up to {given * 100:g}% ({shown}); together they "
                         "can take at most 100% of the decision")
    total = sum(raw.values()) or 1.0
    rest = sum(v for k, v in raw.items() if k not in shares)
    if rest <= 0 and given < 1 - 1e-9:
        raise UsageError(f"--weights: the shares take {given * 100:g}% and every other criterion "
                         "weighs 0, so the rest of the decision has nowhere to go; give the shares "
                         "100% in all or weight another criterion")
    scale = (1 - given) * total / rest if rest > 0 else 0.0
    return {k: shares[k] * total if k in shares else v * scale for k, v in raw.items()}
