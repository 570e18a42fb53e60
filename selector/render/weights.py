"""``selector weights``: the effective weights and the steps that led to them."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from selector.render.text import table


def weights_text(steps: Sequence[Any], names: Mapping[str, str]) -> str:
    criteria = list(names)
    headers = ["step", *(c[:6] for c in criteria)]
    rows = [[f"{i}. {s.label}", *(f"{s.weights[c]:.3f}" for c in criteria)]
            for i, s in enumerate(steps, 1)]
    lines = [table(headers, rows, right=tuple(range(1, len(criteria) + 1))), ""]
    lines.append("Effective weights:")
    final = steps[-1].weights
    for c in sorted(criteria, key=lambda c: -final[c]):
        lines.append(f"  {names[c]:<36} {final[c]:6.1%}")
    lines.append("")
    lines.append("How each step was derived:")
    for i, s in enumerate(steps, 1):
        cite = f" [{s.cite}]" if s.cite else ""
        lines.append(f"  {i}. {s.label} ({s.kind}): {' '.join(s.why.split())}{cite}")
        if getattr(s, "condition", None):
            lines.append(f"     applies because: {s.condition}")
    return "\n".join(lines)


def changes_text(changes: Sequence[Any]) -> str:
    """What the analyst changed from the assessment, one line each (the derivation's last steps
    say the same)."""
    return "\n".join(["", "Changed by the analyst (not as the assessment wrote it):",
                       *(f"  {' '.join(c.text.split())}" for c in changes)])
