"""The HTML report: one self-contained file (inline CSS and SVG, no script, nothing fetched)."""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from selector.reports import svg


@lru_cache(maxsize=1)
def _environment() -> Any:
    from jinja2 import Environment, PackageLoader, StrictUndefined

    return Environment(
        loader=PackageLoader("selector.reports", "templates"),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )


def charts(view: dict[str, Any]) -> dict[str, Any]:
    """The per-criterion bar charts and the acceptability heatmap, as trusted SVG markup."""
    from markupsafe import Markup

    ranking = view["ranking"]
    bars = []
    for index, criterion in enumerate(view["criteria"]):
        rows = []
        for row in ranking:
            score = next((s for s in row["scores"] if s["criterion"] == criterion["id"]), None)
            if score is not None:
                rows.append((f"{row['position']}. {row['name']}", score["value"], score["text"]))
        low, high = criterion["scale"] or (0.0, max([r[1] for r in rows] + [1.0]))
        subtitle = f"weight {criterion['weight_text']}; {'higher' if criterion['objective'] == 'max' else 'lower'}" \
            " is better; options in ranking order"
        bars.append({"name": criterion["name"],
                     "svg": Markup(svg.bar_chart(f"chart-{index}", criterion["name"], subtitle, rows,
                                                 (min(low, high), max(low, high))))})
    heat = None
    rob = view["robustness"]
    if rob["computed"] and rob["rows"]:
        heat = Markup(svg.heatmap("acceptability", "Rank acceptability: share of samples giving each "
                                  "option each rank", [r["name"] for r in rob["rows"]], rob["ranks"],
                                  [r["shares"] for r in rob["rows"]], [r["texts"] for r in rob["rows"]]))
    return {"bars": bars, "heatmap": heat}


def render_html(view: dict[str, Any]) -> bytes:
    template = _environment().get_template("report.html.j2")
    text: str = template.render(v=view, charts=charts(view))
    return text.encode("utf-8")
