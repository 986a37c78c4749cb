"""Shared fixtures: a valid article record to copy and break."""

from __future__ import annotations

import copy
from typing import Any

import pytest

_VALID: dict[str, Any] = {
    "id": "0123456789abcdef-00012",
    "title": "中阳县：奋力打造“一心五区”县域经济发展新格局",
    "kicker": None,
    "subtitle": None,
    "dateline": "本报讯",
    "byline": "本报讯（记者 高茜）",
    "authors": [{"name": "高茜", "role": "记者"}],
    "paragraphs": ["实干开新局，奋进正当时。", "着力推动产业转型，锻造高质量发展基石。"],
    "text": "实干开新局，奋进正当时。\n着力推动产业转型，锻造高质量发展基石。",
    "captions": [],
    "source": {
        "publication": "吕梁日报",
        "date": "2023-04-11",
        "page": 1,
        "file": "000_1102c3be27cc357c.txt",
        "sha256": "1102c3be27cc357c" + "0" * 48,
        "line_start": 3,
        "line_end": 12,
    },
    "script": "simplified",
    "flags": [],
    "schema_version": "1.0.0",
}


def make_record(n: int = 12, **overrides: Any) -> dict[str, Any]:
    """A fresh schema- and rule-valid record whose id ends in `n`; top-level keys overridable."""
    record = copy.deepcopy(_VALID)
    record["id"] = f"0123456789abcdef-{n:05d}"
    record.update(overrides)
    return record


@pytest.fixture
def valid_record() -> dict[str, Any]:
    return make_record()
