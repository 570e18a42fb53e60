"""``selector init DIR``: a commented starter assessment."""

from __future__ import annotations

import os
from pathlib import Path

from selector.errors import InputError
from selector.io.atomic import atomic_write

STARTER = """\
# yaml-language-server: $schema=https://raw.githubusercontent.com/selector-toolkit/selector/main/schema/assessment.schema.json
#
# A selector assessment: who is choosing, for what, under which constraints.
# Validate it:  selector validate assessment.yaml
# Rank with it: selector rank --assessment assessment.yaml
# See weights:  selector weights --assessment assessment.yaml
# Why a score:  selector explain OPTION_ID --assessment assessment.yaml

institution:
  name: Example Securities Ltd
  sector: wealth-asset-manager     # bank | insurer | wealth-asset-manager | other
  size: medium                     # small | medium | large
  genai_expertise: low             # low | medium | high (trainer-grade talent in house?)
  environment:                     # what you already run: the near-term deciding factor
    clouds: [azure]                # aws | azure | gcp | alibaba | oracle | ibm | other
    on_premise_gpus: 0             # 80 GB-class data-centre GPUs available for GenAI
  jurisdictions: [HK]              # where you operate (ISO 3166 codes, EU)
  majority_owner_headquarters: HK  # some providers restrict by ownership
  customer_mau_millions: 0.1       # monthly active users (licence user caps compare to it)

use_case:
  name: Research summarisation for analysts
  description: Summarise broker research and internal notes for analysts; no client output.
  customer_facing: false
  risk_tier: medium                # low | medium | high
  sfc_high_risk: false             # investment advice or research to clients (SFC 24EC55)
  data_classes: [internal, confidential]   # public | internal | confidential | personal
  volume: {input_mtok_per_month: 50, output_mtok_per_month: 10}
  users: 80

horizon_years: 3
budget_usd_per_year: 300000        # optional: the accessibility score is scored against it

# criteria: my-criteria.yaml       # optional; relative to this file; default: the bundled set
# profiles: my-profiles/           # optional; default: the bundled catalogue
method: wsm                        # wsm (default) | topsis | wpm | waspas | vikor

weights:
  preset: auto                     # auto: mean of every preset that fits (criteria/presets.yaml)
  # direct: {security: 0.3}        # shares of the total for some criteria; others keep proportions
  # pairwise:                      # or AHP on Saaty's 1-9 scale, every pair once
  #   - [security, accessibility, 3]

constraints:
  # processing_jurisdictions: [HK]   # where prompts and outputs may be processed
  # storage_jurisdictions: [HK]
  require_on_premise: false
  require_in_jurisdiction: false   # on premises or an in-jurisdiction private cloud
  cross_border_transfer: allowed   # allowed | optional-only | forbidden
  require_osi_open: false
  # lock_in_min_points: 40         # lock-in ceiling (more points = less lock-in)
  # min_scores: {security: 50}
  exclude: []                      # offering ids to leave out (each must match a profile)
  # required_capabilities:         # excluded if the profile shows it missing, flagged if unknown
  #   languages: [yue, zh-Hant, en]
  #   min_context_k: 32
  #   input_modalities: [text]
  no_training_on_our_data: true

# costs: {fte_cost_explainer: 110000}   # override any unit cost of criteria/costs.yaml
# checklist_state: assessment.checklist.yaml
"""


def write_starter(directory: str | os.PathLike[str], *, force: bool = False) -> Path:
    folder = Path(directory)
    target = folder / "assessment.yaml"
    if target.exists() and not force:
        raise InputError(f"{target} already exists; use --force to replace it")
    try:
        folder.mkdir(parents=True, exist_ok=True)
        atomic_write(target, STARTER)  # mode 0666 less the umask (0644 usually), not mkstemp's 0600
    except OSError as exc:
        raise InputError(f"{target}: cannot write ({exc.strerror or exc})") from None
    return target
