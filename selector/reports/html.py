"""The HTML report: one self-contained file (inline CSS and SVG, no script, nothing fetched)."""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

from selector.reports import svg

LONG_RUN = re.compile(r"\S{40,}")
CHUNK = 24


def soft_wrap(value: Any) -> Any:
    """Escape a value and let very long unbroken runs (URLs, digests, hostile names) wrap.

    Used as Jinja's ``finalize``: every ``{{ }}`` passes through it, so a 10,000-character name
    cannot push a table off the page. Markup (the SVG charts, href values) passes unchanged.
    """
    from markupsafe import Markup, escape

    if isinstance(value, Markup) or not isinstance(value, str) or not LONG_RUN.search(value):
        return value
    out, last = [], 0
    for match in LONG_RUN.finditer(value):
        out.append(escape(value[last:match.start()]))
        run = match.group()
        out.append(Markup("<wbr>").join(escape(run[i:i + CHUNK]) for i in range(0, len(run), CHUNK)))
        last = match.end()
    out.append(escape(value[last:]))
    return Markup("").join(out)


@lru_cache(maxsize=1)
def _environment() -> Any:
    from jinja2 import Environment, PackageLoader, StrictUndefined

    return Environment(
        loader=PackageLoader("selector.reports", "templates"),
        autoescape=True,
        undefined=StrictUndefined,
        finalize=soft_wrap,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )


def _links(view: dict[str, Any]) -> None:
    """Mark checked http(s) links as attribute-safe Markup so soft_wrap leaves hrefs whole."""
    from markupsafe import Markup, escape

    for option in view["options"]:
        for trace in option["traces"]:
            for row in trace["rows"]:
                if row["link"] is not None:
                    row["link"] = Markup(escape(row["link"]))


def charts(view: dict[str, Any]) -> dict[str, Any]:
    """The per-criterion bar charts and the acceptability heatmap, as trusted SVG markup."""
    from markupsafe import Markup

    ranking = view["ranking"]
    bars = []
    for index, criterion in enumerate(view["criteria"]):
        rows = []
        for row in ranking:
            score = row["scores"][index]
            if score["value"] is not None:
                rows.append((f"{row['position']}. {row['name']}", score["value"], score["text"]))
        low, high = criterion["scale"] or (0.0, max([r[1] for r in rows] + [1.0]))
        better = "higher" if criterion["objective"] == "max" else "lower"
        subtitle = f"weight {criterion['weight_text']}; {better} is better; options in ranking order"
        bars.append({"name": criterion["name"],
                     "svg": Markup(svg.bar_chart(f"chart-{index}", criterion["name"], subtitle, rows,
                                                 (min(low, high), max(low, high))))})
    heat = None
    rob = view["robustness"]
    if rob["computed"] and rob["rows"]:
        heat = Markup(svg.heatmap("acceptability", "Rank acceptability: share of samples giving each "
                                  "option each rank", [r["name"] for r in rob["rows"]], rob["ranks"],
                                  [r["shares"] for r in rob["rows"]], [r["texts"] for r in rob["rows"]]))
    return {"bars": bars, "heatmap": heat, **summary_charts(view)}


def summary_charts(view: dict[str, Any]) -> dict[str, Any]:
    """The decision summary's two small charts: points per criterion of the top three options,
    and the share of robustness samples in which each option ranks first."""
    from markupsafe import Markup

    from selector.reports.text import share_text

    s = view["summary"]
    scores = None
    if s["scores"]:
        criteria = view["criteria"]
        scores = Markup(svg.score_bars(
            "summary-scores", "Points per criterion, top three options",
            [(c["label"], c["weight_text"]) for c in criteria],
            [o["name"] for o in s["scores"]], [o["scores"] for o in s["scores"]],
            [(min(c["scale"]), max(c["scale"])) if c["scale"] else (0.0, 100.0) for c in criteria]))
    accept = None
    if s["rank_one_acceptability"]:
        accept = Markup(svg.share_bars(
            "summary-acceptability", "Ranks first in (share of samples)",
            [(a["name"], a["first"], share_text(a["first"])) for a in s["rank_one_acceptability"]]))
    return {"summary_scores": scores, "summary_acceptability": accept}


def render_html(view: dict[str, Any]) -> bytes:
    template = _environment().get_template("report.html.j2")
    _links(view)
    text: str = template.render(v=view, charts=charts(view))
    return text.encode("utf-8")
