"""Inline SVG charts for the HTML report: no scripts, no external fonts, every value in text.

Each chart carries a <title> and <desc> for screen readers and prints without CSS backgrounds:
values are written next to the bars and inside the heatmap cells, so nothing depends on colour.
"""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

from selector.reports.text import clip

FONT = "font-family=\"'Segoe UI', 'Helvetica Neue', Arial, sans-serif\""
BAR = "#2f5d8a"
BAR_TOP = "#163a5f"
GRID = "#c8ced6"
INK = "#1b1f24"
MUTED = "#5b6570"


def _t(text: str) -> str:
    return escape(text, quote=True)


def bar_chart(
    chart_id: str,
    title: str,
    subtitle: str,
    bars: Sequence[tuple[str, float, str]],
    scale: tuple[float, float] = (0.0, 100.0),
) -> str:
    """Horizontal bars, one per option (label, value, value text), on the criterion's fixed scale."""
    label_w, bar_w, value_w, row_h, top = 210, 250, 54, 22, 44
    width = label_w + bar_w + value_w
    height = top + row_h * max(len(bars), 1) + 22
    low, high = scale
    span = (high - low) or 1.0
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" role="img" viewBox="0 0 {width} {height}" '
        f'width="{width}" height="{height}" aria-labelledby="{chart_id}-t {chart_id}-d" {FONT}>',
        f'<title id="{chart_id}-t">{_t(title)}</title>',
        f'<desc id="{chart_id}-d">{_t(subtitle)}: '
        + _t("; ".join(f"{label} {text}" for label, _, text in bars)) + "</desc>",
        f'<text x="0" y="16" font-size="13" font-weight="600" fill="{INK}">{_t(clip(title, 60))}</text>',
        f'<text x="0" y="32" font-size="11" fill="{MUTED}">{_t(clip(subtitle, 80))}</text>',
    ]
    for tick in range(5):
        x = label_w + bar_w * tick / 4
        value = low + span * tick / 4
        out.append(f'<line x1="{x:.1f}" y1="{top - 4}" x2="{x:.1f}" y2="{height - 18}" '
                   f'stroke="{GRID}" stroke-width="1"/>')
        out.append(f'<text x="{x:.1f}" y="{height - 6}" font-size="10" fill="{MUTED}" '
                   f'text-anchor="middle">{value:g}</text>')
    for i, (label, value, text) in enumerate(bars):
        y = top + i * row_h
        share = min(max((value - low) / span, 0.0), 1.0)
        length = bar_w * share
        colour = BAR_TOP if i == 0 else BAR
        out.append(f'<text x="{label_w - 8}" y="{y + 14}" font-size="11" fill="{INK}" '
                   f'text-anchor="end">{_t(clip(label, 34))}<title>{_t(label)}</title></text>')
        out.append(f'<rect x="{label_w}" y="{y + 3}" width="{length:.1f}" height="{row_h - 8}" '
                   f'fill="{colour}"><title>{_t(label)}: {_t(text)}</title></rect>')
        out.append(f'<text x="{label_w + length + 4:.1f}" y="{y + 14}" font-size="11" '
                   f'fill="{INK}">{_t(text)}</text>')
    out.append("</svg>")
    return "".join(out)


def _fill(share: float) -> str:
    """White to deep blue with the share; the number in the cell carries the meaning."""
    start, end = (255, 255, 255), (22, 58, 95)
    rgb = [round(s + (e - s) * share) for s, e in zip(start, end, strict=True)]
    return "#{:02x}{:02x}{:02x}".format(*rgb)


def heatmap(
    chart_id: str,
    title: str,
    labels: Sequence[str],
    ranks: Sequence[int],
    shares: Sequence[Sequence[float]],
    texts: Sequence[Sequence[str]],
) -> str:
    """The rank-acceptability matrix: a row per option, a column per rank, the share in each cell."""
    label_w, cell_w, cell_h, top = 330, 52, 26, 30
    width = label_w + cell_w * max(len(ranks), 1) + 4
    height = top + cell_h * max(len(labels), 1) + 4
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" role="img" viewBox="0 0 {width} {height}" '
        f'width="{width}" height="{height}" aria-labelledby="{chart_id}-t {chart_id}-d" {FONT}>',
        f'<title id="{chart_id}-t">{_t(title)}</title>',
        f'<desc id="{chart_id}-d">'
        + _t("; ".join(f"{label}: " + ", ".join(f"rank {r} {t}" for r, t in zip(ranks, row, strict=False))
                       for label, row in zip(labels, texts, strict=False)))
        + "</desc>",
    ]
    for j, rank in enumerate(ranks):
        x = label_w + j * cell_w + cell_w / 2
        out.append(f'<text x="{x:.1f}" y="{top - 10}" font-size="11" font-weight="600" fill="{INK}" '
                   f'text-anchor="middle">Rank {rank}</text>')
    for i, label in enumerate(labels):
        y = top + i * cell_h
        out.append(f'<text x="{label_w - 8}" y="{y + 17}" font-size="11" fill="{INK}" '
                   f'text-anchor="end">{_t(clip(label, 54))}<title>{_t(label)}</title></text>')
        for j, share in enumerate(shares[i]):
            x = label_w + j * cell_w
            text = texts[i][j]
            ink = "#ffffff" if share > 0.45 else (INK if share > 0 else "#8a939c")
            out.append(f'<rect x="{x}" y="{y}" width="{cell_w - 2}" height="{cell_h - 2}" '
                       f'fill="{_fill(share)}" stroke="{GRID}" stroke-width="0.5">'
                       f'<title>{_t(label)}: rank {ranks[j] if j < len(ranks) else j + 1} in {_t(text)} '
                       f'of samples</title></rect>')
            out.append(f'<text x="{x + (cell_w - 2) / 2:.1f}" y="{y + 17}" font-size="11" fill="{ink}" '
                       f'text-anchor="middle">{_t(text)}</text>')
    out.append("</svg>")
    return "".join(out)


SHADES = ("#163a5f", "#4f7fae", "#a9c1da")
"""Bar fills for the options in ranking order; the order of the bars, not the colour, says which."""


def score_bars(
    chart_id: str,
    title: str,
    criteria: Sequence[tuple[str, str]],
    options: Sequence[str],
    values: Sequence[Sequence[float | None]],
    scales: Sequence[tuple[float, float]],
) -> str:
    """Points per criterion for a few options: a group of columns per criterion, one column per
    option in ranking order (the leftmost is the recommendation), its points written above it.
    ``values[j][i]`` is option j's points on criterion i, on the scale ``scales[i]``; ``criteria``
    are (short label, weight text) pairs."""
    left, col_w, gap, pad, plot_h = 26, 14, 1, 12, 96
    legend = 18 + 12 * len(options)
    top = legend + 12
    group_w = len(options) * (col_w + gap) - gap + pad
    width = left + group_w * max(len(criteria), 1)
    height = top + plot_h + 34
    base = top + plot_h
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" role="img" viewBox="0 0 {width} {height}" '
        f'width="{width}" height="{height}" aria-labelledby="{chart_id}-t {chart_id}-d" {FONT}>',
        f'<title id="{chart_id}-t">{_t(title)}</title>',
        f'<desc id="{chart_id}-d">' + _t("; ".join(
            f"{label} ({weight}): " + ", ".join(f"{option} {_num(values[j][i])}"
                                               for j, option in enumerate(options))
            for i, (label, weight) in enumerate(criteria))) + "</desc>",
        f'<text x="0" y="12" font-size="11" font-weight="600" fill="{INK}">{_t(clip(title, 70))}</text>',
    ]
    for j, option in enumerate(options):
        y = 18 + 12 * j
        shown = f"{j + 1}. {clip(option, 80)}"
        out.append(f'<rect x="0" y="{y + 1}" width="12" height="8" fill="{SHADES[j % len(SHADES)]}"/>')
        out.append(f'<text x="17" y="{y + 9}" font-size="10" fill="{INK}">{_t(shown)}'
                   f'<title>{_t(option)}</title></text>')
    for tick in (0, 50, 100):
        tick_y = base - plot_h * tick / 100
        out.append(f'<line x1="{left - 3}" y1="{tick_y:.1f}" x2="{width}" y2="{tick_y:.1f}" '
                   f'stroke="{GRID}" stroke-width="0.6"/>')
        out.append(f'<text x="{left - 5}" y="{tick_y + 3:.1f}" font-size="8" fill="{MUTED}" '
                   f'text-anchor="end">{tick}%</text>')
    for i, (label, weight) in enumerate(criteria):
        x0 = left + i * group_w + pad / 2
        low, high = scales[i]
        span = (high - low) or 1.0
        for j, row in enumerate(values):
            value = row[i]
            x = x0 + j * (col_w + gap)
            length = 0.0 if value is None else plot_h * min(max((value - low) / span, 0.0), 1.0)
            out.append(f'<rect x="{x:.1f}" y="{base - length:.1f}" width="{col_w}" height="{length:.1f}" '
                       f'fill="{SHADES[j % len(SHADES)]}"><title>{_t(options[j])}: {_num(value)}</title>'
                       '</rect>')
            out.append(f'<text x="{x + col_w / 2:.1f}" y="{base - length - 2:.1f}" font-size="7" '
                       f'fill="{INK}" text-anchor="middle">{_whole(value)}</text>')
        centre = x0 + (group_w - pad) / 2
        out.append(f'<text x="{centre:.1f}" y="{base + 11}" font-size="8.5" fill="{INK}" '
                   f'text-anchor="middle">{_t(clip(label, 12))}<title>{_t(label)}</title></text>')
        out.append(f'<text x="{centre:.1f}" y="{base + 20}" font-size="8" fill="{MUTED}" '
                   f'text-anchor="middle">{_t(clip(weight, 12))}</text>')
    out.append(f'<text x="{left}" y="{height - 3}" font-size="8" fill="{MUTED}">Share of each criterion\'s '
               'scale; the number above a column is its points.</text>')
    out.append("</svg>")
    return "".join(out)


def share_bars(chart_id: str, title: str, rows: Sequence[tuple[str, float, str]]) -> str:
    """Horizontal bars of shares (0 to 1), one per option (label, share, text)."""
    label_w, bar_w, value_w, row_h, top = 150, 110, 40, 15, 20
    width = label_w + bar_w + value_w
    height = top + row_h * max(len(rows), 1) + 4
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" role="img" viewBox="0 0 {width} {height}" '
        f'width="{width}" height="{height}" aria-labelledby="{chart_id}-t {chart_id}-d" {FONT}>',
        f'<title id="{chart_id}-t">{_t(title)}</title>',
        f'<desc id="{chart_id}-d">' + _t("; ".join(f"{label} {text}" for label, _, text in rows)) + "</desc>",
        f'<text x="0" y="12" font-size="11" font-weight="600" fill="{INK}">{_t(clip(title, 50))}</text>',
    ]
    for i, (label, share, text) in enumerate(rows):
        y = top + i * row_h
        length = bar_w * min(max(share, 0.0), 1.0)
        out.append(f'<text x="{label_w - 6}" y="{y + 10}" font-size="10" fill="{INK}" '
                   f'text-anchor="end">{_t(clip(label, 26))}<title>{_t(label)}</title></text>')
        out.append(f'<rect x="{label_w}" y="{y + 2}" width="{bar_w}" height="{row_h - 5}" fill="none" '
                   f'stroke="{GRID}" stroke-width="1"/>')
        out.append(f'<rect x="{label_w}" y="{y + 2}" width="{length:.1f}" height="{row_h - 5}" '
                   f'fill="{BAR_TOP if i == 0 else BAR}"/>')
        out.append(f'<text x="{label_w + bar_w + 4}" y="{y + 10}" font-size="10" '
                   f'fill="{INK}">{_t(text)}</text>')
    out.append("</svg>")
    return "".join(out)


def _num(value: float | None) -> str:
    return "-" if value is None else f"{value:.1f}"


def _whole(value: float | None) -> str:
    return "-" if value is None else f"{value:.0f}"
