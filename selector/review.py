"""Review flags: matters a person must decide that never exclude an option.

A flag is typed: its ``kind`` says who reads it (a lawyer, or whoever confirms evidence or plans
the model's exit) and ``fact`` names the profile fact it rests on, so the checklist and every
face read the fields instead of the sentence. ``text`` is the sentence a committee reads, as it
appears in the JSON output.
"""

from __future__ import annotations

from dataclasses import dataclass

LEGAL = "legal-review"
"""A licence or terms clause counsel must read against the use (field of use, territory,
remote restriction, conditional commercial use)."""
CONFIRM = "confirm"
"""Evidence to confirm with the provider (availability, training on customer data)."""
LIFECYCLE = "lifecycle"
"""The model is legacy, deprecated, retiring within the horizon, or its status is unrecorded."""
KINDS = (LEGAL, CONFIRM, LIFECYCLE)


@dataclass(frozen=True, slots=True)
class ReviewFlag:
    kind: str
    """One of :data:`KINDS`."""
    fact: str
    """The fact path the flag rests on, e.g. ``licence.field_of_use_restrictions``."""
    text: str

    @property
    def legal(self) -> bool:
        return self.kind == LEGAL

    def __str__(self) -> str:
        return self.text
