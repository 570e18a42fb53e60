"""``selector robustness``: the verdict first, then the numbers behind it. Nothing here computes."""

from __future__ import annotations

import json
import textwrap

from selector.render.text import clip, table
from selector.result import Result
from selector.robustness import Robustness, pct

MAX_ROWS = 8
MAX_RANKS = 8
WIDTH = 100


def _share(value: float) -> str:
    return "-" if value == 0 else pct(value)


def _shown_options(rob: Robustness) -> list[str]:
    """The options a committee needs to see: most often first, then best expected rank."""

    def expected(option: str) -> float:
        return sum((r + 1) * s for r, s in enumerate(rob.acceptability[option]))

    order = sorted(rob.options, key=lambda o: (-rob.first_share(o), expected(o), o))
    return order[:MAX_ROWS]


def acceptability_table(rob: Robustness) -> str:
    n = len(rob.options)
    ranks = min(n, MAX_RANKS)
    headers = ["option", *(str(r + 1) for r in range(ranks))]
    if n > ranks:
        headers.append("later")
    headers.append("confidence")
    rows = []
    for option in _shown_options(rob):
        shares = rob.acceptability[option]
        row = [clip(option, 40), *(_share(shares[r]) for r in range(ranks))]
        if n > ranks:
            row.append(_share(sum(shares[ranks:])))
        conf = rob.confidence.get(option)
        row.append("-" if conf is None else pct(conf))
        rows.append(row)
    return table(headers, rows, right=tuple(range(1, len(headers))))


def central_weights_table(result: Result, rob: Robustness) -> str:
    crit = list(rob.criteria)
    headers = ["option", *(c[:6] for c in crit)]
    rows = [["(stated weights)", *(f"{c.weight:.3f}" for c in result.criteria)]]
    for option in _shown_options(rob):
        central = rob.central_weights.get(option)
        if central is None:
            continue
        rows.append([clip(option, 40), *(f"{central[c]:.3f}" for c in crit)])
    return table(headers, rows, right=tuple(range(1, len(headers))))


def stability_table(result: Result, rob: Robustness) -> str:
    names = {c.id: c.name for c in result.criteria}
    headers = ["criterion", "weight", "holds from", "to", "below that", "above that"]
    rows = []
    for cid, st in rob.stability.items():
        rows.append([
            clip(names.get(cid, cid), 36),
            f"{st.weight:.3f}",
            f"{st.low:.3f}",
            f"{st.high:.3f}",
            clip(st.below, 36) if st.below else "-",
            clip(st.above, 36) if st.above else "-",
        ])
    return table(headers, rows, right=(1, 2, 3))


def agreement_table(rob: Robustness) -> str:
    methods = list(rob.agreement.top)
    headers = ["method", "puts first", *methods]
    rows = []
    for a in methods:
        cells = []
        for b in methods:
            if a == b:
                cells.append("1")
                continue
            tau = rob.agreement.tau.get(f"{a}/{b}", rob.agreement.tau.get(f"{b}/{a}"))
            cells.append("n/a" if tau is None else f"{tau:.2f}")
        rows.append([a, clip(rob.agreement.top[a], 40), *cells])
    return table(headers, rows, right=tuple(range(2, len(headers))))


MAX_LEADS = 10


def evidence_table(result: Result, rob: Robustness) -> str:
    """The open facts worth obtaining first: the option's rank now, at the fact's best and worst."""
    headers = ["option", "fact", "evidence", "rank", "best", "worst", "decides"]
    rows = []
    for lead in rob.evidence_to_obtain[:MAX_LEADS]:
        fact = " + ".join(lead.inputs) if lead.inputs else lead.fact
        decides = ("-" if not lead.changes_recommendation else
                   f"yes: {clip(lead.takes_over or '', 28)} first")
        rows.append([clip(lead.option, 34), clip(fact, 44), lead.evidence, str(lead.rank),
                     str(lead.best_rank), str(lead.worst_rank), decides])
    return table(headers, rows, right=(3, 4, 5))


def _wrap(text: str, indent: str = "") -> str:
    return textwrap.fill(" ".join(text.split()), WIDTH, initial_indent=indent,
                         subsequent_indent=indent, break_on_hyphens=False, break_long_words=False)


def robustness_text(result: Result, rob: Robustness) -> str:
    """The verdict, then acceptability, central weights, stability and method agreement."""
    top = rob.top_choice
    lines = [
        _wrap(rob.verdict),
        "",
        f"Robustness of the {result.method} ranking ({result.method_title}): "
        f"{rob.samples:,} samples, seed {rob.seed}.",
        _wrap("Weights: " + str(rob.weight_sampling["description"]) + ".", "  "),
        _wrap("Evidence: " + str(rob.evidence_model["description"]) + ".", "  "),
        "",
        _wrap("Rank acceptability: the share of samples in which each option takes each rank "
              "(confidence: how often it is first at its own central weights)."),
        acceptability_table(rob),
    ]
    if len(rob.options) > MAX_ROWS:
        lines.append(f"({len(rob.options) - MAX_ROWS} more options not shown; --format json has all.)")
    lines += [
        "",
        _wrap("Central weights: the mean weights of the samples in which each option ranks first."),
        central_weights_table(result, rob),
        "",
        _wrap(f"Weight stability of {top} (facts as recorded; the other weights keep their "
              "ratios): the range each weight can take with it still first, and who takes over "
              "beyond it."),
        stability_table(result, rob),
    ]
    exact = all(st.exact for st in rob.stability.values())
    lines.append("Ends solved exactly (each weighted sum is linear in the moved weight)." if exact
                 else "Ends found by a scan at 0.001 steps, refined to 1e-6.")
    if rob.evidence_to_obtain:
        deciding = sum(lead.changes_recommendation for lead in rob.evidence_to_obtain)
        lines += ["", _wrap(
            f"Evidence to obtain: {len(rob.evidence_to_obtain)} open (unknown or unverified) facts "
            f"in the ranked options, {deciding} of which could change the recommendation on its "
            "own; each option's rank at the stated weights now, with the fact at its best and at "
            "its worst (everything else as recorded). First "
            f"{min(MAX_LEADS, len(rob.evidence_to_obtain))}, most decisive first (--format json "
            "has all):"), evidence_table(result, rob)]
    lines += ["", _wrap("Method agreement: Kendall's tau between the rankings of each pair of methods."),
              agreement_table(rob)]
    for method, why in rob.agreement.skipped.items():
        lines.append(_wrap(f"{method} not applicable: {why}", "  "))
    lines += ["", _wrap("Ties: " + rob.tie_break + ".")]
    return "\n".join(lines)


def robustness_json(result: Result, rob: Robustness) -> str:
    """The JSON of `selector robustness`: the analysis, with the ranking's method for context."""
    data = {"method_title": result.method_title, **rob.as_dict()}
    return json.dumps(data, indent=2, ensure_ascii=False, allow_nan=False)
