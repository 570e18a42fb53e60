"""Randomly damaged profiles are accepted or rejected with located problems, never a crash.

The valid worked example is mutated at random (values of the wrong type, deleted keys, unknown
keys, 10,000+ character strings, NaN and infinities, nested junk, wrong dates), dumped with
``yaml.safe_dump`` and validated the way ``selector validate`` does: ``yamlio.parse`` then
``profiles.validate_document``. The only exception allowed out is ``InputError``, and each of
its problems must be located (file, line >= 1 within the text, column >= 1) and say something.
"""

from __future__ import annotations

import copy
import hashlib
import math
from collections.abc import Iterator
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from helpers import examples
from selector import InputError, Problem
from selector.io.yamlio import MAX_NODES, Document, parse
from selector.profiles import validate_document

REPO = Path(__file__).resolve().parents[2]
EXAMPLE = REPO / "vendor_profiles" / "llama-4-scout-self-hosted.yaml"
PATH = EXAMPLE.name  # the id must equal the file name, so keep the example's name
BASE_TEXT = EXAMPLE.read_text(encoding="utf-8")
BASE: dict[str, Any] = parse(BASE_TEXT, PATH)

FUZZ = settings(
    max_examples=examples(150),
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)

# Keys stay on one line (no control or line/paragraph separator characters): a key is echoed
# in the field path, and a problem must print as one line.
KEY_TEXT = st.text(
    alphabet=st.characters(blacklist_categories=("Cs", "Cc", "Zl", "Zp")), max_size=12
)
HUGE_TEXT = st.builds(lambda n, c: c * n, st.integers(10_000, 12_000), st.sampled_from("xé漢 "))
BAD_NUMBERS = st.sampled_from([math.nan, math.inf, -math.inf, -1.0, 1e308, -0.0, 101.0, 1e13])
WRONG_DATES = st.one_of(
    st.sampled_from(["2026-13-01", "2026-02-30", "2026-00-10", "01/11/2026", "1 Nov 2026", ""]),
    st.datetimes(min_value=datetime(1, 1, 2), max_value=datetime(9999, 12, 30)),
    st.dates(min_value=date(1, 1, 1)),
    st.integers(0, 99_999_999),
)
SCALARS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-(10**20), 10**20),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(alphabet=st.characters(codec="utf-8"), max_size=30),
    st.sampled_from(["unknown", "none", "", "yes", "on", "NaN", "HK", "verified", "open"]),
    BAD_NUMBERS,
    WRONG_DATES,
    HUGE_TEXT,
)
JUNK = st.recursive(
    SCALARS,
    lambda inner: st.one_of(
        st.lists(inner, max_size=4),
        st.dictionaries(st.one_of(KEY_TEXT, st.integers(), st.booleans()), inner, max_size=4),
    ),
    max_leaves=12,
)


def _nest(depth: int, leaf: Any, as_mapping: bool) -> Any:
    for level in range(depth):
        leaf = {f"level{level}": leaf} if as_mapping else [leaf]
    return leaf


# From a little nesting to past the loader's 24-level limit.
NESTED_JUNK = st.builds(_nest, st.integers(1, 40), JUNK, st.booleans())
UNKNOWN_KEYS = st.one_of(
    KEY_TEXT,
    st.sampled_from(["sumary", "sorce", "valeu", "confidense", "note ", "Value", "id_", "x-extra"]),
    st.integers(-5, 5),
)
OPERATIONS = ("retype", "delete", "add_unknown", "huge_string", "bad_number", "nest", "bad_date")


def _slots(node: Any) -> Iterator[tuple[Any, Any]]:
    """Every (container, key or index) in the tree, parents before children."""
    if isinstance(node, dict):
        for key, value in node.items():
            yield node, key
            yield from _slots(value)
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield node, index
            yield from _slots(value)


def _containers(node: Any) -> Iterator[dict[Any, Any]]:
    if isinstance(node, dict):
        yield node
        for value in node.values():
            yield from _containers(value)
    elif isinstance(node, list):
        for value in node:
            yield from _containers(value)


@st.composite
def mutated_profiles(draw: st.DrawFn) -> dict[str, Any]:
    data = copy.deepcopy(BASE)
    for _ in range(draw(st.integers(1, 4))):
        operation = draw(st.sampled_from(OPERATIONS))
        if operation == "add_unknown":
            mapping = draw(st.sampled_from(list(_containers(data))))
            mapping[draw(UNKNOWN_KEYS)] = draw(JUNK)
            continue
        slots = list(_slots(data))
        if not slots:
            break
        container, key = draw(st.sampled_from(slots))
        if operation == "delete":
            del container[key]
            continue
        container[key] = draw(
            {
                "retype": JUNK,
                "huge_string": HUGE_TEXT,
                "bad_number": BAD_NUMBERS,
                "nest": NESTED_JUNK,
                "bad_date": WRONG_DATES,
            }[operation]
        )
    return data


def _dump(data: Any) -> str:
    """``yaml.safe_dump``, with PyYAML's C emitter when it is built (the same safe dumper)."""
    dumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)
    return yaml.dump(data, Dumper=dumper, sort_keys=False, allow_unicode=True)


def _document(text: str) -> Document:
    return Document(PATH, text, parse(text, PATH), hashlib.sha256(text.encode()).hexdigest())


def assert_located(problems: list[Problem], text: str) -> None:
    assert problems, "an InputError must carry at least one problem"
    last_line = text.count("\n") + 1
    for problem in problems:
        assert problem.file == PATH, problem
        assert 1 <= problem.line <= last_line, problem
        assert problem.column >= 1, problem
        assert problem.message.strip(), problem
        assert "\n" not in str(problem) and "\r" not in str(problem), repr(str(problem))


def test_the_unmutated_example_is_valid() -> None:
    assert validate_document(_document(BASE_TEXT)).id == EXAMPLE.stem
    dumped = _dump(BASE)
    assert validate_document(_document(dumped)).id == EXAMPLE.stem


@FUZZ
@given(mutated_profiles())
def test_mutated_profile_is_valid_or_a_located_input_error(data: dict[str, Any]) -> None:
    text = _dump(data)
    try:
        validate_document(_document(text))
    except InputError as exc:
        assert_located(exc.problems, text)


def _billion_laughs(levels: int) -> str:
    lines = ['a0: &a0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for n in range(1, levels):
        lines.append(f"a{n}: &a{n} [" + ",".join([f"*a{n - 1}"] * 10) + "]")
    return "\n".join(lines) + "\n"


@pytest.mark.parametrize("levels", [9, 30])
def test_billion_laughs_is_refused(levels: int) -> None:
    """Refused before expansion (how fast: benchmarks/yaml_limits.py)."""
    text = _billion_laughs(levels)  # 10**levels strings once expanded
    assert len(text) < 4096
    with pytest.raises(InputError) as caught:
        parse(text, "laughs.yaml")
    [problem] = caught.value.problems
    assert problem.file == "laughs.yaml"
    assert problem.line >= 1 and problem.column >= 1
    assert f"more than {MAX_NODES:,} values" in problem.message


IMPOSSIBLE_DATES = ("2026-02-30", "2026-13-01", "2026-00-10", "2026-04-31", "2026-11-00")


@pytest.mark.parametrize("field", ["as_of: 2026-12-01", "release_date: 2025-04-05"])
def test_an_impossible_date_in_the_text_is_a_located_problem(field: str) -> None:
    assert field in BASE_TEXT
    name = field.split(":")[0]
    for written in IMPOSSIBLE_DATES:
        text = BASE_TEXT.replace(field, f"{name}: {written}", 1)
        with pytest.raises(InputError) as caught:
            validate_document(_document(text))
        assert_located(caught.value.problems, text)
        assert any(p.field.endswith(name) for p in caught.value.problems)


CONSTRUCTOR_FAILURES = {
    "impossible-time": "2026-02-03T25:00:00",
    "5000-digit-integer": "9" * 5000,
    "int-tag": "!!int abc",
    "float-tag": "!!float abc",
    "bool-tag": "!!bool maybe",
    "timestamp-tag": "!!timestamp soon",
    "map-tag-on-a-list": "!!map [1]",
}


@pytest.mark.parametrize("value", CONSTRUCTOR_FAILURES.values(), ids=CONSTRUCTOR_FAILURES.keys())
def test_a_value_the_yaml_constructor_rejects_is_a_located_problem(value: str) -> None:
    """A scalar PyYAML cannot build stays the text written (the validator then says what is
    wrong with it, with its field path); a node that cannot be built at all is a located
    problem. Never another exception."""
    text = f"id: x\nname: {value}\n"
    try:
        data = parse(text, PATH)
    except InputError as caught:
        assert_located(caught.problems, text)
        assert caught.problems[0].line == 2
    else:
        assert isinstance(data["name"], str)
    with pytest.raises(InputError) as invalid:
        assert "  parameters_b: 109\n" in BASE_TEXT
        validate_document(_document(BASE_TEXT.replace("  parameters_b: 109\n",
                                                      f"  parameters_b: {value}\n")))
    assert_located(invalid.value.problems, BASE_TEXT)


def test_a_key_with_a_line_break_still_gives_one_line() -> None:
    text = BASE_TEXT + '"sum\\nmary": A demo.\n'
    with pytest.raises(InputError) as caught:
        validate_document(_document(text))
    assert_located(caught.value.problems, text)
