"""What the TCO computation returns: its lines, the facts it imputed, the total (plain frozen
objects every face reads; :mod:`selector.scoring.tco` computes them)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True, slots=True)
class Imputed:
    """An unknown profile fact the TCO stands on a policy value for."""

    fact: str
    """The unknown fact (``accessibility.input_price_usd_per_mtok``)."""
    value: float
    """The value the TCO uses: the pessimistic bound (what the ranking counts)."""
    favourable: float
    """The favourable end of the fact's plausible range."""
    basis: str
    """Where the value comes from (the costs.yaml bound, or a derivation from another fact)."""
    note: str | None = None
    """The profile's note on the unknown fact (where to obtain it)."""

    def as_dict(self) -> dict[str, Any]:
        return {"fact": self.fact, "value": self.value, "favourable": self.favourable,
                "basis": self.basis, "note": self.note}


@dataclass(frozen=True, slots=True)
class CostLine:
    item: str
    annual_usd: float
    working: str
    inputs: tuple[str, ...] = ()
    """The cost inputs it reads (costs.yaml keys: their sources are in ``Result.cost_inputs``)."""
    favourable_usd: float | None = None
    """The line at the favourable end of an imputed fact's range (None: nothing imputed)."""
    imputed: bool = False

    def as_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"item": self.item, "annual_usd": self.annual_usd,
                               "working": self.working, "inputs": list(self.inputs)}
        if self.imputed:
            out.update(imputed=True, favourable_usd=self.favourable_usd)
        return out


@dataclass(frozen=True, slots=True)
class Tco:
    lines: tuple[CostLine, ...]
    horizon_years: int
    unknown: tuple[str, ...] = field(default=())
    """The profile facts the TCO needed and did not find (each one imputed, see ``imputed``)."""
    gpus_needed: int | None = None
    """GPUs a self-hosted deployment needs (None for other routes)."""
    imputed: tuple[Imputed, ...] = ()

    @property
    def annual_usd(self) -> float:
        """The annual figure, unknown facts counted at their pessimistic bound."""
        return sum(line.annual_usd for line in self.lines)

    @property
    def favourable_annual_usd(self) -> float:
        """The annual figure with every imputed fact at the favourable end of its range."""
        return sum(line.annual_usd if line.favourable_usd is None else line.favourable_usd
                   for line in self.lines)

    @property
    def horizon_usd(self) -> float:
        return self.annual_usd * self.horizon_years

    @property
    def is_imputed(self) -> bool:
        return bool(self.imputed)

    def as_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "annual_usd": self.annual_usd,
            "horizon_years": self.horizon_years,
            "horizon_usd": self.horizon_usd,
            "lines": [line.as_dict() for line in self.lines],
            "unknown": list(self.unknown),
        }
        if self.imputed:
            out["imputed"] = [i.as_dict() for i in self.imputed]
            out["favourable_annual_usd"] = self.favourable_annual_usd
        return out
