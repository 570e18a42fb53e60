"""The verdict: how safe the recommendation is, and what would overturn it.

See :mod:`selector.robustness` for the model in words.
"""

from __future__ import annotations

from selector.result import Result
from selector.robustness.model import Robustness
from selector.robustness.obtain import EvidenceLead

# --------------------------------------------------------------------------------------------
# The verdict: how safe the recommendation is, and what would overturn it.
# --------------------------------------------------------------------------------------------


def pct(share: float) -> str:
    """A share as a percentage that never rounds a possibility away."""
    if 0 < share < 0.005:
        return "<1%"
    if 0.995 < share < 1:
        return ">99%"
    return f"{share * 100:.0f}%"


SAFETY_LEVELS = ("robust", "fairly robust", "contestable", "fragile")


def safety_level(share: float) -> str:
    """The safety word for a top choice that ranks first in ``share`` of the samples."""
    if share >= 0.9:
        return "robust"
    if share >= 0.7:
        return "fairly robust"
    if share >= 0.5:
        return "contestable"
    return "fragile"


def rivals(rob: Robustness, count: int = 2) -> list[str]:
    """The options other than the top choice that rank first most often."""
    ranked = sorted((o for o in rob.options if o != rob.top_choice and rob.first_share(o) > 0),
                    key=lambda o: -rob.first_share(o))
    return ranked[:count]


UNIT_WORDS = (("_usd_per_mtok", " (USD per Mtok)"), ("_usd_per_month", " (USD per month)"),
              ("_usd_per_year", " (USD per year)"), ("_mau_millions", " (million MAU)"),
              ("_k", " (thousand tokens)"))


def fact_words(path: str) -> str:
    """A fact path in words, the path kept for the record: ``support.support_tiers`` ->
    "support tiers [support.support_tiers]". Computed entries (several inputs joined by " and ")
    are worded one by one."""
    if " and " in path:
        return " and ".join(fact_words(part) for part in path.split(" and "))
    last = path.rsplit(".", 1)[-1]
    for suffix, words in UNIT_WORDS:
        if last.endswith(suffix):
            last = last[: -len(suffix)] + words
            break
    return f"{last.replace('_', ' ')} [{path}]"


def _names(result: Result) -> dict[str, str]:
    return {r.id: r.name for r in result.ranking}


def lead_sentence(result: Result, lead: EvidenceLead, *, own: bool = False) -> str:
    """What obtaining one open fact could do, in words (``own``: the sentence is already about
    the lead's option, so it is "its" fact and "it" moves)."""
    names = _names(result)
    who = names.get(lead.option, lead.option)
    fact = fact_words(" and ".join(lead.inputs) if lead.inputs else lead.fact)
    what = f"its {fact} ({lead.evidence})" if own else f"{who}'s {fact} ({lead.evidence})"
    it = "it" if own else who
    taker = names.get(lead.takes_over or "", lead.takes_over or "another option")
    if lead.fact.startswith("evaluations.") and lead.evidence == "unknown":
        task = lead.fact.partition(".")[2]
        what = f"running the suite's task '{task}' on {who} (no result yet)"
        if lead.changes_recommendation:
            return (f"{what} could change the recommendation: with a result at its task's "
                    + (f"minimum {who} would fall to rank {lead.worst_rank} and {taker} would be "
                       "recommended" if lead.rank == 1 else
                       f"target {who} would rank {lead.best_rank}"
                       + ("" if lead.takes_over == lead.option else f" and {taker} would be "
                          "recommended")))
    if lead.changes_recommendation and lead.rank == 1:
        return (f"{what}: if it turned out unfavourable, {it} would fall to rank "
                f"{lead.worst_rank} and {taker} would be recommended")
    if lead.changes_recommendation and lead.takes_over == lead.option:
        return f"{what}: if it turned out favourable, {it} would rise from rank {lead.rank} to first"
    if lead.changes_recommendation:  # a method that normalises over the options
        return (f"{what}: at its best or worst it would reorder the leaders and {taker} would be "
                "recommended")
    moves = []
    if lead.best_rank < lead.rank:
        moves.append(f"up to rank {lead.best_rank}")
    if lead.worst_rank > lead.rank:
        moves.append(f"down to rank {lead.worst_rank}")
    span = " or ".join(moves) if moves else "no place up or down"
    return f"{what}: it could move {it} from rank {lead.rank} {span}"


def _others(rob: Robustness) -> list[tuple[float, str]]:
    """(share first, option) of every other option that ranks first in some samples, most first."""
    return sorted(((rob.first_share(o), o) for o in rob.options
                   if o != rob.top_choice and rob.first_share(o) > 0), key=lambda x: (-x[0], x[1]))


def headline(result: Result, rob: Robustness) -> str:
    """The verdict's first sentence: the one that reconciles the ranking with the analysis (who
    is recommended, how often it stays first or which rival wins more samples, and the first
    evidence to obtain). The one-page decision summary quotes it."""
    options = _names(result)
    top = rob.top_choice
    top_name = options.get(top, top)
    share = rob.first_share(top)
    others = _others(rob)
    varied = "the weights" + (" and the recorded uncertainty of known facts"
                              if rob.evidence_model.get("varied") else "")
    first_clause, _ = evidence_clauses(result, rob)
    if others and others[0][0] > share:
        rival = options.get(others[0][1], others[0][1])
        return (f"{top_name} ranks first at the stated weights, but {rival} ranks first more often "
                f"when {varied} vary ({pct(others[0][0])} of {rob.samples:,} samples against "
                f"{pct(share)}), a judgement the committee should settle; {first_clause}.")
    return (f"{top_name} is recommended: it ranks first at the stated weights and in {pct(share)} "
            f"of {rob.samples:,} samples in which {varied} vary; {first_clause}.")


def verdict(result: Result, rob: Robustness) -> str:
    """A few plain sentences that reconcile the ranking with the robustness analysis: who is
    recommended and how often it stays first, why a rival wins more samples if one does, what
    would overturn it, and the first evidence to obtain. The first is :func:`headline`."""
    names = {c.id: c.name for c in result.criteria}
    options = _names(result)
    top = rob.top_choice
    share = rob.first_share(top)
    others = _others(rob)
    _, more = evidence_clauses(result, rob)
    safety = f"The recommendation is {safety_level(share)}"
    if others:
        safety += "; " + "; ".join(f"{options.get(o, o)} ranks first in {pct(s)}" for s, o in others[:2])
    parts = [headline(result, rob), safety + "."]
    ev = rob.evidence_model
    if ev.get("varied"):
        parts.append(f"Weights alone keep it first in {pct(rob.first_weights_only.get(top, 0.0))}; "
                     f"the uncertainty of known facts alone in "
                     f"{pct(rob.first_evidence_only.get(top, 0.0))}.")
    if ev.get("unknown_facts_fixed"):
        parts.append(f"The {ev['unknown_facts_fixed']} unknown facts keep the ranking's policy value "
                     "(no points; an unknown price its pessimistic bound) and are weighed below as "
                     "evidence to obtain.")
    changes: list[tuple[float, str]] = []
    for cid, st in rob.stability.items():
        label = names.get(cid, cid)
        if st.below is not None:
            changes.append((st.weight - st.low, f"the weight of {label} falls below {st.low:.3f} "
                            f"(now {st.weight:.3f}; {options.get(st.below, st.below)} takes over)"))
        if st.above is not None:
            changes.append((st.high - st.weight, f"the weight of {label} rises above "
                            f"{st.high:.3f} (now {st.weight:.3f}; "
                            f"{options.get(st.above, st.above)} takes over)"))
    changes.sort(key=lambda c: c[0])
    if changes:
        parts.append("With the facts as recorded, the choice changes if "
                     + ", or if ".join(c for _, c in changes[:2]) + ".")
    else:
        parts.append("With the facts as recorded, no change to a single weight overturns it.")
    if more:
        parts.append(more)
    disagree = rob.agreement.disagree(top)
    agree = [mth for mth, o in rob.agreement.top.items() if o == top]
    if not disagree:
        parts.append(f"All {len(agree)} methods put it first.")
    else:
        by_option: dict[str, list[str]] = {}
        for mth, o in disagree.items():
            by_option.setdefault(o, []).append(mth)
        parts.append(f"{', '.join(agree) or 'No method'} put{'s' if len(agree) == 1 else ''} it "
                     "first; " + "; ".join(f"{' and '.join(ms)} prefer{'s' if len(ms) == 1 else ''} "
                                           f"{options.get(o, o)}" for o, ms in by_option.items()) + ".")
    return " ".join(parts)


def evidence_clauses(result: Result, rob: Robustness) -> tuple[str, str]:
    """(the clause of the first sentence naming the first evidence to obtain, a later sentence on
    the rest of the evidence gap, possibly empty)."""
    leads = rob.evidence_to_obtain
    if not leads:
        return "no unknown or unverified fact is left in the ranked options", ""
    deciding = sum(lead.changes_recommendation for lead in leads)
    first = lead_sentence(result, leads[0], own=leads[0].option == rob.top_choice)
    if deciding:
        more = (f"{deciding - 1} more open facts could change the recommendation on their own."
                if deciding > 1 else "")
        return f"the first evidence to obtain is {first}", more
    options = _names(result)
    together = [o for o, r in rob.reach.items() if o != rob.top_choice and r.best_rank == 1]
    top_reach = rob.reach.get(rob.top_choice)
    more = ""
    if together:
        more = ("Together, the open facts of " + ", ".join(options.get(o, o) for o in together[:2])
                + " could put " + ("it" if len(together) == 1 else "either") + " first.")
    elif top_reach is not None and top_reach.worst_rank > 1:
        more = (f"All of {options.get(rob.top_choice, rob.top_choice)}'s {top_reach.open_facts} open "
                f"facts failing together would drop it to rank {top_reach.worst_rank}.")
    return f"no single open fact could change it; the most informative is {first}", more
