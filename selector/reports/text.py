"""Text hygiene and number formats shared by every report format.

Values come from YAML written by vendors, consultants and (in tests) attackers. Before any
format-specific escaping, ``clean`` removes what no format can show safely: C0 control
characters other than tab, newline and carriage return (which the spreadsheet layer
neutralises at the start of a cell), and bidirectional *formatting* controls, which can make a
cell read backwards ("Trojan Source"). Those are replaced by a visible ``[U+202E]`` so a reader
sees that the source text carried one.
"""

from __future__ import annotations

import re
from typing import Any

_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_BIDI = re.compile("[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")
_LINE_SEPARATORS = re.compile("[\u2028\u2029\x85]")


def clean(text: str) -> str:
    text = _CONTROL.sub("\ufffd", text)
    text = _LINE_SEPARATORS.sub("\n", text)
    return _BIDI.sub(lambda m: f"[U+{ord(m.group()):04X}]", text)


def clean_all(value: Any) -> Any:
    """``clean`` applied to every string in nested dicts, lists and tuples (keys included)."""
    if isinstance(value, str):
        return clean(value)
    if isinstance(value, dict):
        return {clean_all(k): clean_all(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [clean_all(v) for v in value]
    return value


def fixed(value: float | None, digits: int = 1) -> str:
    """1,234.5 — thousands separated, a fixed number of decimals; '-' for None."""
    if value is None:
        return "-"
    return f"{value:,.{digits}f}"


def points(value: float) -> str:
    """Rubric points without trailing zeros: 15, 7.5, 33.33."""
    text = f"{value:.2f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def percent(share: float | None, digits: int = 1) -> str:
    if share is None:
        return "-"
    return f"{share * 100:.{digits}f}%"


def share_text(share: float) -> str:
    """A sampled share that never rounds a possibility away: <1%, >99%, else whole percent."""
    if 0 < share < 0.005:
        return "<1%"
    if 0.995 < share < 1:
        return ">99%"
    return f"{share * 100:.0f}%"


def money(value: float | None) -> str:
    return "unknown" if value is None else f"{value:,.0f}"


def web_link(url: str | None) -> str | None:
    """The URL if it is a plain http(s) address that can be offered as a link, else None."""
    if url is None or not re.fullmatch(r"https?://[^\s\x00-\x1f\x7f]+", url):
        return None
    return url


def clip(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 1].rstrip() + "…"
