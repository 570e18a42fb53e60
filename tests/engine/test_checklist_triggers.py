"""Checklist triggers on facts and context (issue 15, item 5), each both ways, on the bundled
catalogue and checklist: an IP-indemnity item when the indemnity is none or unknown, the EU AI Act
screen on an EU nexus only, cross-border items against where the data originates, and the
indirect-prompt-injection item for use cases that ingest third-party documents."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pytest
import yaml

from helpers import ROOT
from selector.assess import run
from selector.checklist import generate, load_catalogue
from selector.io.paths import bundled

TODAY = date(2026, 12, 1)
EXAMPLE = ROOT / "examples" / "small-wealth-manager-assistant.yaml"


def catalogue() -> Any:
    return load_catalogue(bundled("criteria") / "checklist.yaml").catalogue


def variant(tmp_path: Path, **changes: Any) -> Path:
    data = yaml.safe_load(EXAMPLE.read_text(encoding="utf-8"))
    data.pop("profiles", None)
    for dotted, value in changes.items():
        section, key = dotted.split("__")
        data[section][key] = value
    out = tmp_path / "a.yaml"
    out.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    return out


def items(path: Path, option: str) -> dict[str, Any]:
    result = run(path, today=TODAY)
    return {g.id: g for g in generate(result, catalogue(), option)}


def test_no_ip_indemnity_raises_its_own_item(tmp_path: Path) -> None:
    path = variant(tmp_path, constraints__processing_jurisdictions=None,
                   constraints__storage_jurisdictions=None)
    result = run(path, today=TODAY)
    ranked = {r.id for r in result.ranking}
    # DeepSeek's own API: no indemnity (a vendor API, so neither the proprietary nor the cloud
    # trigger applies); the item comes from the fact.
    assert "deepseek-v4-1-flash-deepseek-api" in ranked
    got = {g.id: g for g in generate(result, catalogue(), "deepseek-v4-1-flash-deepseek-api")}
    assert "service_terms.ip_indemnity is none" in got["DD-LIAB-03"].reasons
    # Self-hosted weights: the indemnity does not apply, so no item.
    assert "DD-LIAB-03" not in {g.id for g in generate(result, catalogue(), "llama-4-scout-self-hosted")}


def test_eu_ai_act_screen_fires_on_an_eu_nexus_only(tmp_path: Path) -> None:
    option = "claude-bedrock-tokyo"
    assert "DD-REG-03" not in items(variant(tmp_path), option)  # HK-only firm, processing in JP
    eu_firm = variant(tmp_path, institution__jurisdictions=["HK", "IE"])
    assert items(eu_firm, option)["DD-REG-03"].reasons == ("the institution operates in the EU (IE)",)
    users = variant(tmp_path, use_case__eu_users=True)
    assert "EU users" in items(users, option)["DD-REG-03"].reasons[0]


def test_cross_border_is_judged_against_where_the_data_originates(tmp_path: Path) -> None:
    """A group present in SG processing HK personal data in SG is still a transfer."""
    option = "claude-bedrock-tokyo"  # processes in JP
    group = variant(tmp_path, institution__jurisdictions=["HK", "SG", "JP"])
    assert "DD-LOC-03" in items(group, option)  # data from HK, processed in JP
    local = variant(tmp_path, institution__jurisdictions=["HK", "SG", "JP"],
                    use_case__data_origin=["JP"])
    assert "DD-LOC-03" not in items(local, option)


@pytest.mark.parametrize("ingests", [True, False])
def test_document_ingesting_use_cases_get_the_indirect_injection_item(tmp_path: Path,
                                                                      ingests: bool) -> None:
    path = variant(tmp_path, use_case__ingests_third_party_documents=ingests)
    got = items(path, "claude-bedrock-tokyo")
    assert ("DD-SEC-16" in got) is ingests


def test_a_fact_trigger_must_name_a_profile_fact(tmp_path: Path) -> None:
    from selector import InputError

    text = (bundled("criteria") / "checklist.yaml").read_text(encoding="utf-8")
    bad = text.replace("{fact: {path: service_terms.ip_indemnity,",
                       "{fact: {path: service_terms.ip_indemnty,")
    path = tmp_path / "checklist.yaml"
    path.write_text(bad, encoding="utf-8")
    with pytest.raises(InputError) as caught:
        load_catalogue(path)
    assert "did you mean 'service_terms.ip_indemnity'?" in str(caught.value)
