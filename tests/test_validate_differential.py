"""Differential tests: the compiled validator (jsonschema_rs) against jsonschema, and
ArticleValidator against both, on generated valid records, mutated ones and arbitrary JSON.

Two disagreements between the libraries are known and asserted precisely, never waved through:
- Python's `re` lets `$` match before a final "\\n", so jsonschema accepts `"…-00012\\n"` for a
  `pattern` ending in `$`; jsonschema_rs (ECMA-262 semantics, like the spec) rejects it.
- RFC 3339 allows the year 0000; jsonschema_rs accepts `0000-01-01` as a `date`, jsonschema (via
  Python's datetime.date) does not. ArticleValidator rejects it with a semantic error.

More examples: BAOKAN_FUZZ_EXAMPLES=5000 pytest tests/test_validate_differential.py
"""

from __future__ import annotations

import copy
import datetime
import os
import re
import string
from pathlib import Path
from typing import Any

import jsonschema_rs
import orjson
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from jsonschema import Draft202012Validator, ValidationError, validators

from baokan.records import ROLES
from baokan.schema import article_schema
from baokan.validate import ArticleValidator, validate_paths

EXAMPLES = int(os.environ.get("BAOKAN_FUZZ_EXAMPLES", "300"))
FUZZ = settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.function_scoped_fixture],
)

SCHEMA = article_schema()
FAST = jsonschema_rs.Draft202012Validator(SCHEMA, validate_formats=True)
REF = Draft202012Validator(SCHEMA, format_checker=Draft202012Validator.FORMAT_CHECKER)
ARTICLE = ArticleValidator()


def _ecma_pattern(validator: Any, pattern: str, instance: Any, schema: Any) -> Any:
    """`pattern` with ECMA-262's `$` (end of input only), unlike Python's `re`."""
    if validator.is_type(instance, "string"):
        if pattern.endswith("$") and not pattern.endswith("\\$"):
            pattern = pattern[:-1] + r"\Z"
        if not re.search(pattern, instance):
            yield ValidationError(f"{instance!r} does not match {pattern!r}")


ECMA_REF = validators.extend(Draft202012Validator, {"pattern": _ecma_pattern})(
    SCHEMA, format_checker=Draft202012Validator.FORMAT_CHECKER
)


def known_disagreement(record: Any, fast: bool, ref: bool) -> str | None:
    """Name the known reason why the libraries disagree on `record`, or None."""
    if not fast and ref and not ECMA_REF.is_valid(record):
        return "python-re-dollar"
    if fast and not ref:
        errors = list(REF.iter_errors(record))
        if errors and all(
            e.validator == "format" and isinstance(e.instance, str) and e.instance.startswith("0000-") for e in errors
        ):
            return "year-0000"
    return None


def assert_agree(record: Any) -> None:
    fast = FAST.is_valid(record)
    ref = REF.is_valid(record)
    if fast != ref:
        assert known_disagreement(record, fast, ref), (fast, ref, record)
    if not ref or not fast:
        assert ARTICLE.check(record), record
    if not ARTICLE.check(record):
        assert fast and ECMA_REF.is_valid(record)


# -- valid records -------------------------------------------------------------------------------------

hex_digits = "0123456789abcdef"
name_text = st.text(min_size=1, max_size=12)
opt_text = st.none() | st.text(min_size=1, max_size=20)
coordinate = st.floats(-1e6, 1e6, allow_nan=False)
region = st.fixed_dictionaries({"x0": coordinate, "y0": coordinate, "x1": coordinate, "y1": coordinate})
body_text = st.text(min_size=1, max_size=40).filter(lambda s: not s.isspace())
iso_dates = st.dates(min_value=datetime.date(1, 1, 1)).map(datetime.date.isoformat)


@st.composite
def valid_records(draw: st.DrawFn) -> dict[str, Any]:
    paragraphs = draw(st.lists(body_text, min_size=1, max_size=4))
    line_start = draw(st.integers(1, 10**6))
    return {
        "id": draw(st.text(hex_digits, min_size=16, max_size=16))
        + "-"
        + draw(st.text(string.digits, min_size=5, max_size=8)),
        "title": draw(opt_text),
        "kicker": draw(opt_text),
        "subtitle": draw(opt_text),
        "dateline": draw(opt_text),
        "byline": draw(opt_text),
        "authors": draw(
            st.lists(st.fixed_dictionaries({"name": name_text, "role": st.sampled_from((*ROLES, None))}), max_size=3)
        ),
        "paragraphs": paragraphs,
        "text": "\n".join(paragraphs),
        "captions": draw(
            st.lists(
                st.fixed_dictionaries(
                    {"text": name_text, "credit": opt_text, "photographers": st.lists(name_text, max_size=2)}
                ),
                max_size=2,
            )
        ),
        "source": {
            "publication": draw(name_text),
            "date": draw(st.none() | iso_dates),
            "page": draw(st.none() | st.from_regex(r"[A-Z]?[1-9][0-9]{0,3}|要闻 [1-9]", fullmatch=True)),
            "page_number": draw(st.none() | st.integers(1, 10**4)),
            "file": draw(name_text),
            "sha256": draw(st.text(hex_digits, min_size=64, max_size=64)),
            "line_start": line_start,
            "line_end": line_start + draw(st.integers(0, 500)),
            "page_index": draw(st.none() | st.integers(0, 10**4)),
            "region_unit": draw(st.none() | st.sampled_from(["pt", "px", "mm10", "inch1200"])),
        },
        "regions": draw(st.lists(region, max_size=3)),
        "script": draw(st.sampled_from(["simplified", "traditional", "mixed", "unknown"])),
        "flags": draw(st.lists(st.from_regex(r"[a-z][a-z0-9_]{0,10}", fullmatch=True), max_size=3)),
        "schema_version": "2.1.0",
    }


# -- mutations -----------------------------------------------------------------------------------------

json_scalars = (
    st.none()
    | st.booleans()
    | st.integers(-(2**63), 2**64 - 1)
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(max_size=10)
)
json_values = st.recursive(
    json_scalars, lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4),
    max_leaves=20,
)  # fmt: skip

BAD_STRINGS = [
    "", " ", "\u3000", "2023-02-30", "2023-13-01", "2023-4-11", "2023/04/11", "20230411", "0000-01-01",
    "2023-04-11T00:00:00", "ABCDEF0123456789-00001", "0123456789abcdef-1", "0123456789abcdef-00001\n",
    "1.0.1", "编辑", "Simplified", "no-title", "_flag", "1" * 64, "G" * 64, "a" * 63,
]  # fmt: skip
BAD_VALUES: list[Any] = [None, 0, -1, 1.5, 1.0, True, False, [], {}, [None], {"x": 1}, *BAD_STRINGS]


@st.composite
def bad_dates(draw: st.DrawFn) -> str:
    """Strings shaped like YYYY-MM-DD that are not calendar dates, or nearly shaped ones."""
    year = draw(st.integers(0, 9999))
    month = draw(st.integers(0, 13))
    day = draw(st.integers(0, 32))
    shaped = f"{year:04d}-{month:02d}-{day:02d}"
    return draw(
        st.sampled_from([shaped, shaped, shaped, shaped + "\n", shaped.replace("-", "/"), f"{year}-{month}-{day}"])
    )


# Constrained spots of the schema and values that break (or nearly break) their constraint.
TARGETED: list[tuple[tuple, st.SearchStrategy]] = [
    (("source", "date"), bad_dates()),
    (("id",), st.from_regex(r"[0-9a-fA-F]{15,17}-[0-9]{3,6}\n?", fullmatch=True)),
    (("source", "sha256"), st.from_regex(r"[0-9a-fA-F]{63,65}\n?", fullmatch=True)),
    (("flags",), st.lists(st.from_regex(r"[a-zA-Z0-9_\-]{0,4}\n?", fullmatch=True), min_size=1, max_size=2)),
    (("script",), st.sampled_from(["simplified", "Simplified", "latin", "", None])),
    (("schema_version",), st.sampled_from(["2.0.0", "2.0.1", "2.0", 2, None])),
    (("source", "page"), st.sampled_from(["", " 1", "1 ", "A3", 1, True, None, "x" * 40, "a\nb"])),
    (("source", "page_number"), st.sampled_from([0, -1, 1, 1.0, 1.5, "1", True, None, 2**63])),
    (("source", "line_start"), st.sampled_from([0, 1, 1.0, None, "1", False])),
    (("authors",), st.lists(st.fixed_dictionaries({"name": st.sampled_from(["", "王", None]),
                                                   "role": st.sampled_from(["记者", "编辑", "", None, 1])}),
                            min_size=1, max_size=2)),
    (("paragraphs",), st.sampled_from([[], [""], ["a", ""], [" "], ["a"], None, "a"])),
    (("title",), st.sampled_from(["", None, "标题", 0, []])),
]  # fmt: skip


def _paths(value: Any, prefix: tuple = ()) -> list[tuple]:
    out = [prefix]
    if isinstance(value, dict):
        for k, v in value.items():
            out.extend(_paths(v, (*prefix, k)))
    elif isinstance(value, list):
        for i, v in enumerate(value):
            out.extend(_paths(v, (*prefix, i)))
    return out


def _get(value: Any, path: tuple) -> Any:
    for part in path:
        value = value[part]
    return value


@st.composite
def mutated_records(draw: st.DrawFn) -> dict[str, Any]:
    record = copy.deepcopy(draw(valid_records()))
    for _ in range(draw(st.integers(1, 3))):
        paths = [p for p in _paths(record) if p]
        path = draw(st.sampled_from(paths))
        parent, key = _get(record, path[:-1]), path[-1]
        old = parent[key]
        op = draw(st.sampled_from(["drop", "add", "replace", "bad", "tweak_string", "json", "targeted", "targeted"]))
        if op == "targeted":
            where, values = draw(st.sampled_from(TARGETED))
            target = record
            for part in where[:-1]:
                target = target.get(part) if isinstance(target, dict) else None
            if isinstance(target, dict):
                # a copy: sampled values are shared between examples and later steps mutate
                target[where[-1]] = copy.deepcopy(draw(values))
        elif op == "drop":
            del parent[key]
        elif op == "add":
            target = parent if isinstance(parent, dict) else (old if isinstance(old, dict) else record)
            target[draw(st.text(min_size=1, max_size=8))] = draw(json_scalars)
        elif op == "replace":
            parent[key] = draw(json_scalars)
        elif op == "bad":
            parent[key] = copy.deepcopy(draw(st.sampled_from(BAD_VALUES)))
        elif op == "tweak_string" and isinstance(old, str):
            parent[key] = draw(
                st.sampled_from([old + "\n", old.upper(), old + "X", " " + old, old[:-1], old + "\u3000"])
            )
        else:
            parent[key] = draw(json_values)
        if not paths or (isinstance(parent, list) and not parent):
            break
    return record


@FUZZ
@given(valid_records())
def test_generated_valid_records_pass_everything(record: dict[str, Any]) -> None:
    assert FAST.is_valid(record)
    assert REF.is_valid(record)
    assert ARTICLE.check(record) == []


@FUZZ
@given(mutated_records())
def test_fast_validator_agrees_with_jsonschema_on_mutations(record: dict[str, Any]) -> None:
    assert_agree(record)


@st.composite
def single_targeted(draw: st.DrawFn) -> dict[str, Any]:
    """A valid record with exactly one constrained spot changed: the sharpest differential."""
    record = copy.deepcopy(draw(valid_records()))
    where, values = draw(st.sampled_from(TARGETED))
    target = record
    for part in where[:-1]:
        target = target[part]
    target[where[-1]] = copy.deepcopy(draw(values))
    return record


@FUZZ
@given(single_targeted())
def test_fast_validator_agrees_with_jsonschema_on_single_targeted_changes(record: dict[str, Any]) -> None:
    assert_agree(record)


@FUZZ
@given(valid_records(), bad_dates() | iso_dates)
def test_dates_agree(record: dict[str, Any], date: str) -> None:
    record["source"]["date"] = date
    assert_agree(record)
    try:
        real = datetime.date.fromisoformat(date).isoformat() == date
    except ValueError:
        real = False
    assert (ARTICLE.check(record) == []) == real, date


@FUZZ
@given(json_values)
def test_arbitrary_json_values_never_crash_and_agree(value: Any) -> None:
    assert_agree(value)


record_keys = list(SCHEMA["properties"])


@FUZZ
@given(st.dictionaries(st.sampled_from(record_keys), json_values, max_size=len(record_keys)))
def test_record_shaped_arbitrary_values_agree(value: dict[str, Any]) -> None:
    assert_agree(value)


@settings(max_examples=max(20, EXAMPLES // 10), deadline=None, suppress_health_check=list(HealthCheck))
@given(st.lists(json_values | mutated_records() | valid_records(), min_size=1, max_size=8))
def test_validate_paths_never_crashes_on_arbitrary_lines(tmp_path_factory: Any, values: list[Any]) -> None:
    path: Path = tmp_path_factory.mktemp("fuzz") / "fuzz.jsonl"
    path.write_bytes(b"".join(orjson.dumps(v) + b"\n" for v in values))
    result = validate_paths([path])
    assert result.records == len(values)
    for value, line in zip(values, range(1, len(values) + 1), strict=True):
        if not REF.is_valid(value) or not FAST.is_valid(value):
            assert any(e.line == line for e in result.errors)


def test_known_disagreements_are_real() -> None:
    """Pin the two known differences so a library upgrade that changes them is noticed."""
    from records_factory import make_record

    newline_id = make_record()
    newline_id["id"] += "\n"
    assert not FAST.is_valid(newline_id) and REF.is_valid(newline_id)
    assert known_disagreement(newline_id, False, True) == "python-re-dollar"

    year0 = make_record()
    year0["source"]["date"] = "0000-01-01"
    assert FAST.is_valid(year0) and not REF.is_valid(year0)
    assert known_disagreement(year0, True, False) == "year-0000"
    assert ARTICLE.check(newline_id) and ARTICLE.check(year0)
