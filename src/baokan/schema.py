"""Load the JSON Schemas in `schema/` and derive everything else from them.

The article schema is the single source of truth: the Arrow schema of the Parquet files, the
Hugging Face `Features`, the Croissant fields and the dataset card's field table are all derived
here, never restated by hand.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # pyarrow is imported where an Arrow schema is built: validating JSON needs none
    import pyarrow as pa

ARTICLE_SCHEMA_FILE = "article.schema.json"
MANIFEST_SCHEMA_FILE = "manifest.schema.json"


class SchemaDerivationError(ValueError):
    """The JSON Schema uses a construct that has no Arrow/Features equivalent here."""


@cache
def schema_bytes(name: str = ARTICLE_SCHEMA_FILE) -> bytes:
    # the package's files are plain files in every install but a zipped one, which
    # importlib.resources reads; it is not imported for the plain case (start-up time)
    path = os.path.join(os.path.dirname(__file__), "schemas", name)
    if os.path.isfile(path):
        with open(path, "rb") as handle:
            return handle.read()
    from importlib import resources

    return resources.files("baokan").joinpath("schemas", name).read_bytes()


@cache
def _load(name: str) -> str:
    return schema_bytes(name).decode("utf-8")


def load_schema(name: str = ARTICLE_SCHEMA_FILE) -> dict[str, Any]:
    """A fresh copy of the named schema (callers may mutate it)."""
    return json.loads(_load(name))


def article_schema() -> dict[str, Any]:
    return load_schema(ARTICLE_SCHEMA_FILE)


def manifest_schema() -> dict[str, Any]:
    return load_schema(MANIFEST_SCHEMA_FILE)


def schema_sha256(name: str = ARTICLE_SCHEMA_FILE) -> str:
    import hashlib

    return hashlib.sha256(schema_bytes(name)).hexdigest()


def schema_version() -> str:
    """The version carried by the article schema's `$id` (…/article/X.Y.Z/…)."""
    schema_id = article_schema()["$id"]
    for part in schema_id.split("/"):
        if part.count(".") == 2 and all(p.isdigit() for p in part.split(".")):
            return part
    raise SchemaDerivationError(f"$id {schema_id!r} carries no X.Y.Z version")


def _types(node: dict[str, Any]) -> tuple[str, bool]:
    """(the non-null JSON type, whether null is allowed)."""
    declared = node.get("type")
    if declared is None:
        raise SchemaDerivationError(f"node without a type: {node}")
    types = [declared] if isinstance(declared, str) else list(declared)
    nullable = "null" in types
    rest = [t for t in types if t != "null"]
    if len(rest) != 1:
        raise SchemaDerivationError(f"cannot map union type {types} to Arrow")
    return rest[0], nullable


def _arrow_type(node: dict[str, Any], typed: bool = True) -> pa.DataType:
    """Arrow type of a schema node. `typed`: strings with `format: date` become date32 (the
    release's type); untyped keeps them as strings (the JSON form, before the cast)."""
    import pyarrow as pa

    kind, _ = _types(node)
    if kind == "string":
        return pa.date32() if typed and node.get("format") == "date" else pa.string()
    if kind == "integer":
        return pa.int64()
    if kind == "number":
        return pa.float64()
    if kind == "boolean":
        return pa.bool_()
    if kind == "array":
        return pa.list_(pa.field("item", _arrow_type(node["items"], typed)))
    if kind == "object":
        return pa.struct(_arrow_fields(node, typed))
    raise SchemaDerivationError(f"unsupported JSON type {kind!r}")


def _arrow_fields(node: dict[str, Any], typed: bool = True) -> list[pa.Field]:
    import pyarrow as pa

    required = set(node.get("required", []))
    fields = []
    for name, prop in node["properties"].items():
        _, nullable = _types(prop)
        fields.append(
            pa.field(
                name,
                _arrow_type(prop, typed),
                nullable=nullable or name not in required,
                metadata={"description": prop.get("description", "")},
            )
        )
    return fields


@cache
def _arrow_schema_cached() -> pa.Schema:
    import pyarrow as pa

    return pa.schema(_arrow_fields(article_schema()))


@cache
def json_arrow_schema() -> pa.Schema:
    """The Arrow schema of records in their JSON form (dates as strings), to cast from."""
    import pyarrow as pa

    return pa.schema(_arrow_fields(article_schema(), typed=False))


def arrow_schema(with_hf_metadata: bool = False) -> pa.Schema:
    """The Arrow schema of a release's Parquet files, derived from the article schema.

    With `with_hf_metadata`, the schema also carries the `huggingface` metadata key that
    `datasets` reads its typed features from.
    """
    schema = _arrow_schema_cached()
    if not with_hf_metadata:
        return schema
    metadata = {b"huggingface": json.dumps({"info": {"features": hf_features_portable()}}).encode()}
    return schema.with_metadata(metadata)


def hf_features_json() -> dict[str, Any]:
    """`Features.to_dict()` of the records, derived without importing `datasets` (1.3 s and
    ~85 MB that publishing does not need); tests check it equals `hf_features().to_dict()`."""
    return _features_dict(portable=False)


def hf_features_portable() -> dict[str, Any]:
    """The features in the form every supported `datasets` reads from Parquet metadata: 3.x knows
    no `List` type (it raises "Feature type 'List' not found"), 4.x and later read the older forms
    as lists. A list of scalars is `{"feature": ..., "_type": "Sequence"}`, a list of structs `[{...}]`."""
    return _features_dict(portable=True)


def _features_dict(portable: bool) -> dict[str, Any]:
    def feature(node: dict[str, Any]) -> Any:
        kind, _ = _types(node)
        if kind == "array":
            item = node["items"]
            if not portable:
                return {"feature": feature(item), "_type": "List"}
            if _types(item)[0] == "object":
                return [feature(item)]
            return {"feature": feature(item), "_type": "Sequence"}
        if kind == "object":
            return {name: feature(prop) for name, prop in node["properties"].items()}
        return {**_yaml_feature_type(node), "_type": "Value"}

    return {name: feature(prop) for name, prop in article_schema()["properties"].items()}


def hf_features() -> Any:
    """`datasets.Features` for the article records (imports `datasets` lazily: it is heavy)."""
    from datasets import Features

    return Features.from_arrow_schema(_arrow_schema_cached())


def hf_features_dict() -> list[dict[str, Any]]:
    """The features in the form the dataset card's `dataset_info.features` YAML takes."""
    return _yaml_features(article_schema())


def _yaml_features(node: dict[str, Any]) -> list[dict[str, Any]]:
    out = []
    for name, prop in node["properties"].items():
        out.append({"name": name, **_yaml_feature_type(prop)})
    return out


_YAML_DTYPES = {"string": "string", "integer": "int64", "number": "float64", "boolean": "bool"}


def _yaml_feature_type(node: dict[str, Any]) -> dict[str, Any]:
    kind, _ = _types(node)
    if kind == "string" and node.get("format") == "date":
        return {"dtype": "date32"}
    if kind in _YAML_DTYPES:
        return {"dtype": _YAML_DTYPES[kind]}
    if kind == "array":
        item = node["items"]
        item_kind, _ = _types(item)
        if item_kind == "object":
            return {"list": _yaml_features(item)}
        return {"list": _YAML_DTYPES[item_kind]}
    if kind == "object":
        return {"struct": _yaml_features(node)}
    raise SchemaDerivationError(f"unsupported JSON type {kind!r}")


@dataclass(frozen=True, slots=True)
class FieldDoc:
    """One row of the dataset card's field table."""

    path: str
    type: str
    nullable: bool
    description: str


def field_docs() -> list[FieldDoc]:
    """Every field, nested ones as `authors[].name`, with type and description from the schema."""
    rows: list[FieldDoc] = []

    def walk(node: dict[str, Any], prefix: str) -> None:
        required = set(node.get("required", []))
        for name, prop in node["properties"].items():
            kind, nullable = _types(prop)
            path = f"{prefix}{name}"
            if kind == "array":
                item_kind, _ = _types(prop["items"])
                type_name = f"list<{'struct' if item_kind == 'object' else item_kind}>"
            elif kind == "object":
                type_name = "struct"
            elif prop.get("format") == "date":
                type_name = "date"
            else:
                type_name = kind
            if "enum" in prop:
                values = ", ".join(str(v) for v in prop["enum"] if v is not None)
                type_name += f" ({values})"
            rows.append(FieldDoc(path, type_name, nullable or name not in required, prop.get("description", "")))
            if kind == "object":
                walk(prop, path + ".")
            elif kind == "array" and _types(prop["items"])[0] == "object":
                walk(prop["items"], path + "[].")

    walk(article_schema(), "")
    return rows
