"""``selector`` is the documented Python API: every public name resolves (lazily), and the
README's "Python API" section lists them all."""

from __future__ import annotations

from pathlib import Path

import pytest

import selector

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.parametrize("name", selector.__all__)
def test_every_public_name_resolves(name: str) -> None:
    assert getattr(selector, name) is not None
    assert name in dir(selector)


def test_an_unknown_name_is_an_attribute_error() -> None:
    with pytest.raises(AttributeError, match="no attribute 'rnak'"):
        selector.rnak  # type: ignore[attr-defined]  # noqa: B018


def test_the_readme_lists_the_public_api() -> None:
    text = (ROOT / "README.md").read_text("utf-8")
    section = text.split("## Python API", 1)[1].split("\n## ", 1)[0]
    missing = [name for name in selector.__all__ if f"`{name}" not in section]
    assert missing == []


def test_the_public_api_ranks_and_explains() -> None:
    from datetime import date

    result = selector.rank(today=date(2026, 11, 25))
    assert isinstance(result, selector.Result)
    moved = selector.reweight(result, {c.id: c.weight for c in result.criteria}, method="topsis")
    assert moved.robustness is None and moved.method == "topsis"
    assert result.ranking[0].id in selector.explain(result, result.ranking[0].id)
