"""The JSON Schema drives the records, the Arrow schema, the HF features and the field table."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

import pyarrow as pa
import pytest
from jsonschema import Draft202012Validator

from baokan import records, schema
from records_factory import make_records


def test_schema_is_valid_draft_2020_12_with_descriptions() -> None:
    for name in (schema.ARTICLE_SCHEMA_FILE, schema.MANIFEST_SCHEMA_FILE):
        doc = schema.load_schema(name)
        Draft202012Validator.check_schema(doc)
        assert doc["$schema"] == "https://json-schema.org/draft/2020-12/schema"

    def walk(node: dict, path: str) -> None:
        for key, prop in node.get("properties", {}).items():
            assert prop.get("description"), f"{path}.{key} has no description"
            walk(prop, f"{path}.{key}")
            if "items" in prop:
                walk(prop["items"], f"{path}.{key}[]")
        if node.get("type") == "object" or "properties" in node:
            assert node.get("additionalProperties") is False, f"{path} allows additional properties"

    walk(schema.article_schema(), "$")


def test_schema_version_in_id_matches_records() -> None:
    assert schema.schema_version() == records.SCHEMA_VERSION
    assert schema.article_schema()["properties"]["schema_version"]["const"] == records.SCHEMA_VERSION


def test_dataclass_fields_follow_schema_order() -> None:
    props = schema.article_schema()["properties"]
    assert [f.name for f in dataclasses.fields(records.Article)] == list(props)
    assert [f.name for f in dataclasses.fields(records.Source)] == list(props["source"]["properties"])
    assert [f.name for f in dataclasses.fields(records.Author)] == list(props["authors"]["items"]["properties"])
    assert [f.name for f in dataclasses.fields(records.Caption)] == list(props["captions"]["items"]["properties"])
    assert list(props["authors"]["items"]["properties"]["role"]["enum"]) == [*records.ROLES, None]


def test_arrow_schema_is_derived_with_nested_structs() -> None:
    arrow = schema.arrow_schema()
    assert arrow.names == list(schema.article_schema()["properties"])
    authors = arrow.field("authors").type
    assert pa.types.is_list(authors) and pa.types.is_struct(authors.value_type)
    assert authors.value_type.field("role").nullable
    assert not arrow.field("id").nullable
    assert arrow.field("title").nullable
    assert arrow.field("source").type.field("page").type == pa.string()
    assert arrow.field("source").type.field("page_number").type == pa.int64()


def test_records_convert_to_arrow_and_back() -> None:
    rows = make_records(12)
    table = pa.Table.from_pylist(rows, schema=schema.json_arrow_schema()).cast(schema.arrow_schema())
    assert table.schema.field("source").type.field("date").type == pa.date32()
    assert [records.from_arrow_row(r) for r in table.to_pylist()] == rows


def test_hf_features_follow_the_arrow_schema() -> None:
    from datasets import Features

    features = schema.hf_features()
    assert list(features) == schema.arrow_schema().names
    assert Features.from_dict(features.to_dict()) == features
    meta = schema.arrow_schema(with_hf_metadata=True).metadata
    # the Parquet metadata holds the features in the form datasets 3.x reads too, which this
    # datasets reads as the same types
    written = json.loads(meta[b"huggingface"])["info"]["features"]
    assert written == schema.hf_features_portable()
    assert Features.from_dict(written).arrow_schema == features.arrow_schema
    assert schema.hf_features_json() == features.to_dict()


DATASETS3_ENV = "BAOKAN_DATASETS3_PYTHON"


def test_the_oldest_supported_datasets_reads_a_release(tmp_path: Path) -> None:
    """pyproject promises datasets>=3.0: `.ci/run` makes a second venv with datasets 3.x and names
    its Python in $BAOKAN_DATASETS3_PYTHON. The Parquet metadata once said `"_type": "List"`, a type
    only datasets 4 knows: `Dataset.from_parquet` and `load_dataset("parquet", ...)` raised
    "Feature type 'List' not found" (issue 15)."""
    import os
    import subprocess

    python = os.environ.get(DATASETS3_ENV)
    if not python:
        pytest.skip(f"${DATASETS3_ENV} is not set (.ci/run sets it to a venv with datasets 3.x)")
    release = Path(__file__).resolve().parents[1] / "data" / "releases" / "lvliang-daily-pdf" / "1.0.0"
    code = (
        "import sys, datasets\n"
        "from datasets import Dataset, load_dataset\n"
        "assert datasets.__version__.startswith('3.'), datasets.__version__\n"
        "r, cache = sys.argv[1], sys.argv[2]\n"
        "d = Dataset.from_parquet(r + '/data/train-00000-of-00001.parquet', cache_dir=cache + '/a')\n"
        "p = load_dataset('parquet', data_files=r + '/data/*.parquet', cache_dir=cache + '/b')['train']\n"
        "c = load_dataset(r, cache_dir=cache + '/c')['train']\n"
        "print(d.num_rows, p.num_rows, c.num_rows, d[0]['regions'][0]['x0'] == c[0]['regions'][0]['x0'])\n"
    )
    env = dict(os.environ, HF_HUB_OFFLINE="1", HF_DATASETS_OFFLINE="1")
    out = subprocess.run([python, "-c", code, str(release), str(tmp_path)], capture_output=True, text=True, env=env)
    assert out.returncode == 0, out.stderr[-2000:]
    assert out.stdout.split() == ["5", "5", "5", "True"]


def test_yaml_features_parse_as_the_same_features() -> None:
    from datasets import Features
    from datasets.info import DatasetInfo

    info = DatasetInfo._from_yaml_dict({"features": schema.hf_features_dict()})
    assert info.features == schema.hf_features()
    assert isinstance(info.features, Features)


def test_field_docs_cover_every_property_with_descriptions() -> None:
    docs = {d.path: d for d in schema.field_docs()}
    assert "authors[].role" in docs and "source.sha256" in docs and "captions[].photographers" in docs
    assert all(d.description for d in docs.values())
    assert docs["title"].nullable and not docs["id"].nullable


def test_canonical_record_keys_follow_the_dataclasses() -> None:
    from baokan.records import _ARTICLE_KEYS, _AUTHOR_KEYS, _CAPTION_KEYS, _SOURCE_KEYS

    assert tuple(f.name for f in dataclasses.fields(records.Article)) == _ARTICLE_KEYS
    assert tuple(f.name for f in dataclasses.fields(records.Source)) == _SOURCE_KEYS
    assert tuple(f.name for f in dataclasses.fields(records.Author)) == _AUTHOR_KEYS
    assert tuple(f.name for f in dataclasses.fields(records.Caption)) == _CAPTION_KEYS


def test_canonical_record_reorders_and_coerces() -> None:
    row = make_records(1)[0]
    assert records.canonical_record(row) is row
    shuffled = dict(reversed(list(row.items())))
    shuffled["source"] = dict(row["source"], page_number=2.0)
    fixed = records.canonical_record(shuffled)
    number = fixed["source"]["page_number"]
    assert list(fixed) == list(row) and number == 2 and type(number) is int
