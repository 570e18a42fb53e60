"""Score bars: a criterion's points (0-100) as a coloured horizontal bar in a few cells."""

from __future__ import annotations

from selector_tui.safe_text import Text

EIGHTHS = " ▏▎▍▌▋▊▉█"
STRONG, MIDDLING, WEAK, NONE = "#3fb950", "#d29922", "#f85149", "#6e7681"


def score_colour(value: float) -> str:
    """Green from 70 points, amber from 40, red below: the same thresholds on every screen."""
    if value >= 70:
        return STRONG
    if value >= 40:
        return MIDDLING
    return WEAK


def bar(value: float, width: int, maximum: float = 100.0) -> str:
    """``width`` cells filled in eighths; an empty bar shows a dot so zero is visible."""
    if width <= 0:
        return ""
    fraction = 0.0 if maximum <= 0 else min(1.0, max(0.0, value / maximum))
    eighths = round(fraction * width * 8)
    if eighths == 0:
        return "·".ljust(width)
    full, rest = divmod(eighths, 8)
    text = "█" * full + (EIGHTHS[rest] if rest else "")
    return text.ljust(width)


def score_bar(value: float, width: int) -> Text:
    if value <= 0:
        return Text(bar(0, width), style=NONE)
    return Text(bar(value, width), style=score_colour(value))


def share_bar(share: float, width: int, style: str = "#58a6ff") -> Text:
    """A weight's share of the decision (0-1) as a bar."""
    return Text(bar(share, width, 1.0), style=style)
