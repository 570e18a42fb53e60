"""`selector audit --price-map`: the catalogue against a LiteLLM-format price map.

The fixture (tests/data/price_map/, its README says where the format is documented) holds nine
entries; the profiles are built here, each to agree or disagree with one entry."""

from __future__ import annotations

import hashlib
import json
from datetime import date
from pathlib import Path
from typing import Any

import pytest
import yaml

from helpers import ROOT, build_profile
from selector.errors import InputError
from selector.price_map import compare, read_price_map

TODAY = date(2026, 12, 1)
FIXTURE = ROOT / "tests" / "data" / "price_map" / "model_prices_and_context_window.json"
CITE = [{"id": "s1", "locator": "table 1"}]


def _fact(value: Any) -> dict[str, Any]:
    return {"value": value, "sources": CITE, "confidence": "verified"}


def _lifecycle(status: str, retires_on: date | None = None) -> dict[str, Any]:
    life = {"status": _fact(status)}
    if retires_on is not None:
        life["retires_on"] = _fact(retires_on)
    return life


PROFILES: dict[str, dict[str, Any]] = {
    # agrees on both prices (2.75 and 22 per million, read back from per-token floats)
    "gpt-5-5-azure": {"prices": (2.75, 22.0), "keys": ["azure/gpt-5.5"],
                      "lifecycle": _lifecycle("generally-available")},
    # input price disagrees (3.00 here, 3.30 in the map); output agrees
    "claude-bedrock-tokyo": {"prices": (3.0, 16.5), "keys": ["bedrock/jp.anthropic.claude-sonnet-4-6"],
                             "lifecycle": _lifecycle("generally-available")},
    # the map deprecated it on 2026-06-17; the profile says generally available, no date
    "gemini-vertex-ai": {"prices": (1.25, 10.0), "keys": ["vertex_ai/gemini-2.5-pro"],
                         "lifecycle": _lifecycle("generally-available")},
    # both record a date, and they differ
    "gpt-4o-azure": {"prices": (2.5, 10.0), "keys": ["azure/gpt-4o-2024-11-20"],
                     "lifecycle": _lifecycle("deprecated", date(2027, 2, 1))},
    # both record 2027-09-29: agrees
    "claude-vertex": {"prices": (3.0, 15.0), "keys": ["vertex_ai/claude-sonnet-4-5@20250929"],
                      "lifecycle": _lifecycle("legacy", date(2027, 9, 29))},
    # prices unknown in the profile, published in the map; one key the map lacks
    "nova-pro-bedrock": {"prices": ("unknown", "unknown"),
                         "keys": ["bedrock/apac.amazon.nova-pro-v1:0", "bedrock/apac.amazon.nova-pro-v9"],
                         "lifecycle": _lifecycle("generally-available")},
    # a price but no key: informational
    "unkeyed-api": {"prices": (1.0, 2.0), "keys": [], "lifecycle": _lifecycle("generally-available")},
    # no price and no key: not mentioned at all
    "unpriced-api": {"prices": ("not-applicable", "not-applicable"), "keys": [],
                     "lifecycle": _lifecycle("generally-available")},
    # self-hosted, price 0 by convention: a price map has no entry to name, so not listed
    "weights-on-premises": {"prices": (0.0, 0.0), "keys": [], "route": "self-hosted",
                            "lifecycle": _lifecycle("generally-available")},
}


def _profile(pid: str, spec: dict[str, Any]) -> Any:
    input_price, output_price = spec["prices"]
    extra: dict[str, Any] = {"lifecycle": spec["lifecycle"], "route": spec.get("route", "vendor-api")}
    if spec["keys"]:
        extra["price_map_keys"] = spec["keys"]
    return build_profile({"accessibility.input_price_usd_per_mtok": input_price,
                          "accessibility.output_price_usd_per_mtok": output_price},
                         extra=extra, profile_id=pid)


@pytest.fixture()
def loaded() -> list[Any]:
    return [_profile(pid, spec) for pid, spec in PROFILES.items()]


@pytest.fixture()
def folder(tmp_path: Path, loaded: list[Any]) -> Path:
    target = tmp_path / "profiles"
    target.mkdir()
    for lp in loaded:
        data = lp.profile.model_dump(mode="json", exclude_none=True)
        (target / f"{lp.profile.id}.yaml").write_text(yaml.safe_dump(data), encoding="utf-8")
    return target


def _check(loaded: list[Any], horizon_days: int = 365) -> Any:
    keys = [k for lp in loaded for k in lp.profile.price_map_keys]
    return compare(loaded, read_price_map(FIXTURE, keys), TODAY, horizon_days)


def _by(check: Any, kind: str) -> dict[tuple[str, str | None], Any]:
    return {(f.profile, f.fact): f for f in check.of(kind)}


def test_a_price_that_disagrees_is_listed_with_both_values_and_the_key(loaded: list[Any]) -> None:
    check = _check(loaded)
    prices = _by(check, "price")
    finding = prices["claude-bedrock-tokyo", "accessibility.input_price_usd_per_mtok"]
    assert (finding.profile_value, finding.map_value) == ("3", "3.3")
    assert finding.key == "bedrock/jp.anthropic.claude-sonnet-4-6"
    assert "re-check the vendor's price page" in finding.message
    # its output price agrees (16.5 both ways), so it is not listed
    assert ("claude-bedrock-tokyo", "accessibility.output_price_usd_per_mtok") not in prices


def test_matching_prices_and_dates_are_not_reported(loaded: list[Any]) -> None:
    check = _check(loaded)
    reported = {f.profile for f in check.findings}
    assert "gpt-5-5-azure" not in reported        # 2.75e-06 * 1e6 is 2.7500000000000004
    assert "claude-vertex" not in reported        # same prices, same date
    assert "unpriced-api" not in reported         # no price, no key: nothing to say
    assert "weights-on-premises" not in reported  # self-hosted: no per-token price to map
    agreeing = {c.key for c in check.checks if c.agrees}
    assert agreeing == {"azure/gpt-5.5", "vertex_ai/claude-sonnet-4-5@20250929"}
    assert check.summary["keys_agreeing"] == 2


def test_a_price_within_the_tolerance_agrees_and_one_beyond_it_does_not() -> None:
    near = _profile("gpt-5-5-azure", {**PROFILES["gpt-5-5-azure"], "prices": (2.76, 22.0)})
    far = _profile("gpt-5-5-azure", {**PROFILES["gpt-5-5-azure"], "prices": (2.77, 22.0)})
    assert _check([near]).findings == ()  # 0.36% off
    [finding] = _check([far]).findings    # 0.72% off
    assert (finding.kind, finding.profile_value, finding.map_value) == ("price", "2.77", "2.75")


def test_a_deprecation_the_profile_does_not_record_is_listed(loaded: list[Any]) -> None:
    check = _check(loaded)
    [finding] = check.of("deprecated")
    assert (finding.profile, finding.key) == ("gemini-vertex-ai", "vertex_ai/gemini-2.5-pro")
    assert (finding.profile_value, finding.map_value) == ("generally-available", "2026-06-17")
    assert "passed" in finding.message


def test_a_recorded_deprecation_is_not_listed_as_unrecorded() -> None:
    spec = {**PROFILES["gemini-vertex-ai"], "lifecycle": _lifecycle("deprecated")}
    check = _check([_profile("gemini-vertex-ai", spec)])
    assert check.of("deprecated") == []
    [finding] = check.of("deprecation-date")  # the map has a date, the profile none
    assert (finding.profile_value, finding.map_value) == ("not recorded", "2026-06-17")
    same = {**spec, "lifecycle": _lifecycle("deprecated", date(2026, 6, 17))}
    assert _check([_profile("gemini-vertex-ai", same)]).findings == ()


def test_a_deprecation_beyond_the_horizon_is_a_missing_date_not_a_deprecation() -> None:
    spec = {**PROFILES["claude-vertex"], "lifecycle": _lifecycle("generally-available")}
    lp = _profile("claude-vertex", spec)
    [finding] = _check([lp], horizon_days=30).findings  # 2027-09-29 is 302 days away
    assert (finding.kind, finding.map_value) == ("deprecation-date", "2027-09-29")
    [within] = _check([lp], horizon_days=365).findings
    assert within.kind == "deprecated" and "in 302 days" in within.message


def test_deprecation_dates_that_differ_are_listed(loaded: list[Any]) -> None:
    dates = _by(_check(loaded), "deprecation-date")
    finding = dates["gpt-4o-azure", "lifecycle.retires_on"]
    assert (finding.profile_value, finding.map_value, finding.key) == (
        "2027-02-01", "2027-03-01", "azure/gpt-4o-2024-11-20")
    assert len(dates) == 1


def test_unknown_prices_the_map_publishes_missing_keys_and_unkeyed_prices(loaded: list[Any]) -> None:
    check = _check(loaded)
    prices = _by(check, "price")
    unknown = prices["nova-pro-bedrock", "accessibility.input_price_usd_per_mtok"]
    assert (unknown.profile_value, unknown.map_value) == ("unknown", "0.84")
    [missing] = check.of("missing-key")
    assert (missing.profile, missing.key) == ("nova-pro-bedrock", "bedrock/apac.amazon.nova-pro-v9")
    assert "(the map has 'bedrock/apac.amazon.nova-pro-v1:0')" in missing.message
    [unkeyed] = check.of("no-key")
    assert unkeyed.profile == "unkeyed-api" and "informational" in unkeyed.message
    regions = {c.key: c.supported_regions for c in check.checks}
    assert regions["bedrock/apac.amazon.nova-pro-v1:0"] == ("ap-southeast-1", "ap-northeast-1")


def test_sample_spec_and_entries_no_profile_names_are_not_validated() -> None:
    price_map = read_price_map(FIXTURE, ["azure/gpt-5.5"])
    assert "sample_spec" not in price_map.keys and len(price_map.keys) == 8
    assert "dashscope/qwen-max" in price_map.keys  # malformed, but nobody asked for it
    assert set(price_map.entries) == {"azure/gpt-5.5"}
    with pytest.raises(InputError) as caught:
        read_price_map(FIXTURE, ["dashscope/qwen-max"])
    [problem] = caught.value.problems
    assert problem.field == '["dashscope/qwen-max"].input_cost_per_token'
    text = FIXTURE.read_text(encoding="utf-8").splitlines()
    assert '"input_cost_per_token": "see the console"' in text[problem.line - 1]
    assert "USD per token" in problem.message and "fresh copy" in problem.message


def _bad(tmp_path: Path, text: str | bytes, keys: tuple[str, ...] = ("m",)) -> str:
    path = tmp_path / "prices.json"
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    with pytest.raises(InputError) as caught:
        read_price_map(path, list(keys))
    [problem] = caught.value.problems
    assert problem.file == str(path)
    return str(problem)


GOOD = '"litellm_provider": "azure", "mode": "chat"'


@pytest.mark.parametrize(("text", "expected"), [
    ('{"m": {' + GOOD + ',}}', ":1:52: not JSON: Expecting property name"),
    ("[1, 2]", "top level is a JSON array"),
    ('{"m": {"input_cost_per_token": NaN, ' + GOOD + "}}", ":1:32: NaN is not a number"),
    ('{"x": 1, "y": "z"}', "does not look like a LiteLLM price map"),
    ('{\n  "n": {' + GOOD + '},\n  "m": [1]\n}', ':3:3: ["m"]: the entry is a JSON array'),
    ('{\n  "m": {\n    ' + GOOD + ',\n    "deprecation_date": "01/03/2027"\n  }\n}',
     ':4:5: ["m"].deprecation_date: Value error, "01/03/2027" is not a date as YYYY-MM-DD'),
    ('{"m": {"deprecation_date": "2027-02-30", ' + GOOD + "}}", "is not a calendar date"),
    ('{"m": {"output_cost_per_token": -1e-06, ' + GOOD + "}}", '["m"].output_cost_per_token: Input '
     "should be greater than or equal to 0; it should be a number of USD per token"),
    ('{"m": {"max_input_tokens": "lots", ' + GOOD + "}}", "it should be a whole number of tokens"),
    (b'{"m": {"mode": "\xff"}}', "not valid UTF-8 (byte 0xff"),
])
def test_a_bad_price_map_is_one_located_line(tmp_path: Path, text: str | bytes, expected: str) -> None:
    assert expected in _bad(tmp_path, text)


def test_a_directory_a_missing_file_and_an_oversized_file_are_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with pytest.raises(InputError, match="is a directory"):
        read_price_map(tmp_path, [])
    with pytest.raises(InputError, match="no such file"):
        read_price_map(tmp_path / "absent.json", [])
    import selector.io.price_map

    monkeypatch.setattr(selector.io.price_map, "MAX_PRICE_MAP_BYTES", 1000)
    with pytest.raises(InputError, match=r"the limit for a price map is 1,000"):
        read_price_map(FIXTURE, [])


def test_the_command_adds_a_price_map_section_and_changes_no_profile(
    folder: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from selector.cli import main

    before = {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in folder.iterdir()}
    args = ["audit", "--profiles", str(folder), "--today", "2026-12-01", "--price-map", str(FIXTURE)]
    assert main([*args, "--format", "json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert {"today", "horizon_days", "decision_critical_facts", "overall", "profiles",
            "references", "price_map"} == set(out)
    section = out["price_map"]
    assert section["evidence"] == "secondary" and section["entries"] == 8
    assert section["summary"] == {
        "profiles_with_keys": 6, "keys": 7, "keys_agreeing": 2, "price_disagreements": 3,
        "deprecation_date_disagreements": 1, "deprecated_not_recorded": 1, "missing_keys": 1,
        "priced_profiles_without_keys": 1}
    keys = {k["key"]: k for k in section["keys"]}
    assert keys["azure/gpt-5.5"]["input_usd_per_mtok"] == 2.75
    assert keys["bedrock/apac.amazon.nova-pro-v9"]["in_map"] is False

    assert main(args) == 0
    table = capsys.readouterr().out
    assert "Price map cross-check:" in table and "secondary evidence" in table
    assert "bedrock/jp.anthropic.claude-sonnet-4-6" in table
    assert "vertex_ai/gemini-2.5-pro" in table
    assert "2 agree with the map" in table
    assert {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in folder.iterdir()} == before


def test_without_a_price_map_the_section_is_null_and_a_bad_map_exits_1(
    folder: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from selector.cli import main

    assert main(["audit", "--profiles", str(folder), "--format", "json"]) == 0
    assert json.loads(capsys.readouterr().out)["price_map"] is None
    bad = tmp_path / "bad.json"
    bad.write_text("{not json", encoding="utf-8")
    assert main(["audit", "--profiles", str(folder), "--price-map", str(bad)]) == 1
    captured = capsys.readouterr()
    [line] = captured.err.strip().splitlines()
    assert line.startswith(f"{bad}:1:2: not JSON") and "Traceback" not in captured.err
