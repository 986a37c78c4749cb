"""Croissant 1.1 metadata (`croissant.json`) for a release folder.

The record structure is derived from the article JSON Schema (via `baokan.schema`), never restated
here: every schema property becomes a `cr:Field`, objects become `subField`s, arrays are marked
`isArray` (Croissant 1.1 replaces the deprecated `repeated`).

Layout of the document (built in this fixed order, so the bytes are reproducible):

- one `cr:FileObject` per Parquet shard (relative `contentUrl`, `sha256`, `contentSize`): what
  the release holds, with checksums;
- one `cr:FileSet` that lists the same shards in `includes`. A Croissant field's `source` names
  exactly one FileObject or FileSet, and a split may have several shards, so the records are
  read through this FileSet (mlcroissant reads a FileSet without `containedIn` from the folder
  that holds `croissant.json`);
- a `cr:Split` record set (`splits`, key `splits/name`, inline `data`) naming each split and,
  for train/validation/test, its `cr:TrainingSplit`/`cr:ValidationSplit`/`cr:TestSplit` meaning;
- the `articles` record set: an `articles/split` field taken from each shard's path
  (`fileProperty: fullpath` + `regex`) that `references` `splits/name`, then one field per
  schema property reading the Parquet column of that name (nested values through `jsonPath`).

Responsible-AI properties use the `rai:` namespace (http://mlcommons.org/croissant/RAI/).
Nothing here reads the clock: `datePublished` (and the citation year) come from the manifest's
`created`, and are left out when it is null.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from baokan.outputs import write_atomic
from baokan.release.attribution import Attribution, bibtex
from baokan.release.files import sha256_file
from baokan.release.layout import CROISSANT, DATA_DIR
from baokan.schema import SchemaDerivationError, _types, article_schema

CROISSANT_1_1 = "http://mlcommons.org/croissant/1.1"
PARQUET_MIME = "application/x-parquet"
RECORD_SET = "articles"
SPLITS_RECORD_SET = "splits"
PARQUET_FILESET = "parquet-files"
DATA_LANGUAGE = "zh"

# The recommended JSON-LD context of Croissant 1.1 (spec appendix 1), with the extra terms
# mlcroissant 1.1 emits (`path`, `repeated`, `replace`, `samplingRate`, language maps for
# `name`/`description`) and the RAI prefix. `@vocab` is https://schema.org/ as mlcroissant and
# the Hub expect. `value` is not mapped: the spec appendix says cr:value while mlcroissant reads
# schema.org/value, and nothing here uses it.
CONTEXT: dict[str, Any] = {
    "@language": "en",
    "@vocab": "https://schema.org/",
    "sc": "https://schema.org/",
    "cr": "http://mlcommons.org/croissant/",
    "rai": "http://mlcommons.org/croissant/RAI/",
    "dct": "http://purl.org/dc/terms/",
    "annotation": "cr:annotation",
    "arrayShape": "cr:arrayShape",
    "citeAs": "cr:citeAs",
    "column": "cr:column",
    "conformsTo": "dct:conformsTo",
    "containedIn": "cr:containedIn",
    "data": {"@id": "cr:data", "@type": "@json"},
    "dataType": {"@id": "cr:dataType", "@type": "@vocab"},
    "description": {"@container": "@language"},
    "equivalentProperty": "cr:equivalentProperty",
    "examples": {"@id": "cr:examples", "@type": "@json"},
    "excludes": "cr:excludes",
    "extract": "cr:extract",
    "field": "cr:field",
    "fileObject": "cr:fileObject",
    "fileProperty": "cr:fileProperty",
    "fileSet": "cr:fileSet",
    "format": "cr:format",
    "includes": "cr:includes",
    "isArray": "cr:isArray",
    "isLiveDataset": "cr:isLiveDataset",
    "jsonPath": "cr:jsonPath",
    "key": "cr:key",
    "md5": "cr:md5",
    "name": {"@container": "@language"},
    "parentField": "cr:parentField",
    "path": "cr:path",
    "readLines": "cr:readLines",
    "recordSet": "cr:recordSet",
    "references": "cr:references",
    "regex": "cr:regex",
    "repeated": "cr:repeated",
    "replace": "cr:replace",
    "samplingRate": "cr:samplingRate",
    "sdVersion": "cr:sdVersion",
    "separator": "cr:separator",
    "source": "cr:source",
    "subField": "cr:subField",
    "transform": "cr:transform",
    "unArchive": "cr:unArchive",
}

# JSON Schema type (and string format) → Croissant data type.
_DATA_TYPES = {
    "string": "sc:Text",
    "integer": "sc:Integer",
    "number": "sc:Float",
    "boolean": "sc:Boolean",
}
_STRING_FORMATS = {"date": "sc:Date", "date-time": "sc:DateTime", "uri": "sc:URL"}

# Split names with a standard Croissant meaning.
_SPLIT_MEANINGS = {
    "train": "cr:TrainingSplit",
    "training": "cr:TrainingSplit",
    "validation": "cr:ValidationSplit",
    "valid": "cr:ValidationSplit",
    "val": "cr:ValidationSplit",
    "dev": "cr:ValidationSplit",
    "test": "cr:TestSplit",
    "testing": "cr:TestSplit",
}

DATA_COLLECTION = (
    "Raw text of printed Chinese newspaper pages (one text file per page, from PDF or OCR "
    "extraction) was decoded, segmented automatically into articles by baokan (headline, "
    "kicker, subtitle, dateline, byline, authors, paragraphs, photo captions), validated against "
    "the article JSON Schema shipped in this release (article.schema.json) and deduplicated. No "
    "text was written, translated or converted between scripts; every record keeps provenance "
    "back to its raw page (file name, sha256 and line range)."
)

PERSONAL_SENSITIVE_INFORMATION = [
    "Names of real people as printed: reporters, correspondents and photographers (fields "
    "byline, authors[].name, captions[].credit, captions[].photographers) and anyone named in "
    "the article text (officials, people quoted or reported on).",
    "The text is published as printed in public newspapers; it has not been anonymized or "
    "screened for personal or sensitive information.",
]


def schema_fields(record_set: str = RECORD_SET, file_set: str = PARQUET_FILESET) -> list[dict[str, Any]]:
    """Croissant fields for every property of the article schema, in schema order.

    Top-level properties read the Parquet column of the same name; properties of objects (and of
    the objects inside arrays) read their top-level column and select the value with `jsonPath`.
    """
    schema = article_schema()
    return [_field(prop, f"{record_set}/{name}", name, [], file_set) for name, prop in schema["properties"].items()]


def _field(node: dict[str, Any], field_id: str, column: str, json_path: list[str], file_set: str) -> dict[str, Any]:
    kind, _ = _types(node)
    field: dict[str, Any] = {"@type": "cr:Field", "@id": field_id, "name": field_id.rsplit("/", 1)[1]}
    if node.get("description"):
        field["description"] = node["description"]
    if kind == "array":
        item = node["items"]
        item_kind, _ = _types(item)
        if item_kind == "array":
            raise SchemaDerivationError(f"{field_id}: arrays of arrays have no Croissant mapping here")
        if item_kind == "object":
            # A list of structs: the field is an array whose elements have sub-fields; each
            # sub-field takes, for every element, the value under its own name.
            field["isArray"] = True
            field["arrayShape"] = "-1"
            field["subField"] = _sub_fields(item, field_id, column, json_path, file_set)
            return field
        field["dataType"] = _data_type(item, field_id)
        field["isArray"] = True
        field["arrayShape"] = "-1"
        field["source"] = _source(column, json_path, file_set)
        return field
    if kind == "object":
        if json_path:
            raise SchemaDerivationError(f"{field_id}: objects nested in objects are not supported")
        field["subField"] = _sub_fields(node, field_id, column, json_path, file_set)
        return field
    field["dataType"] = _data_type(node, field_id)
    field["source"] = _source(column, json_path, file_set)
    return field


def _sub_fields(
    node: dict[str, Any], parent_id: str, column: str, json_path: list[str], file_set: str
) -> list[dict[str, Any]]:
    return [
        _field(prop, f"{parent_id}/{name}", column, [*json_path, name], file_set)
        for name, prop in node["properties"].items()
    ]


def _data_type(node: dict[str, Any], field_id: str) -> str:
    kind, _ = _types(node)
    if kind == "string" and node.get("format") in _STRING_FORMATS:
        return _STRING_FORMATS[node["format"]]
    if kind not in _DATA_TYPES:
        raise SchemaDerivationError(f"{field_id}: JSON type {kind!r} has no Croissant data type")
    return _DATA_TYPES[kind]


def _source(column: str, json_path: list[str], file_set: str) -> dict[str, Any]:
    source: dict[str, Any] = {"fileSet": {"@id": file_set}, "extract": {"column": column}}
    if json_path:
        source["transform"] = {"jsonPath": ".".join(json_path)}
    return source


def _parquet_shards(manifest: Mapping[str, Any]) -> list[tuple[str, str]]:
    """(split, relative path) of every Parquet shard, splits in manifest order."""
    shards = []
    for split, entry in manifest["splits"].items():
        for rel in entry["parquet"]:
            shards.append((split, rel))
    return shards


def _file_object(release_dir: Path, rel: str) -> dict[str, Any]:
    path = release_dir / rel
    if not path.is_file():
        raise FileNotFoundError(f"{path}: Parquet shard listed in the manifest is missing")
    digest, size = sha256_file(path)
    return {
        "@type": "cr:FileObject",
        "@id": rel,
        "name": rel,
        "contentUrl": rel,
        "contentSize": f"{size} B",
        "encodingFormat": PARQUET_MIME,
        "sha256": digest,
    }


def _split_regex(splits: Sequence[str]) -> str:
    """A regex over a shard's relative path whose one group is the split name.

    The folder and shard suffix are optional so that the regex also maps a bare split name to
    itself: mlcroissant applies the transform once to join with `splits` and once more when it
    reads the joined value, and a regex that only matched paths would log a warning per record.
    It is kept to what mlcroissant can turn into file globs when a split is filtered on
    (`records(..., filters={"articles/split": "train"})`: optional groups one level deep, `.+`):
    a split name has no `-` (`splits.check_ratios`), so `train-` starts the train shards alone.
    """
    names = "|".join(re.escape(s) for s in sorted(splits, key=lambda s: (-len(s), s)))
    return rf"^(?:{DATA_DIR}/)?({names})(?:-.+\.parquet)?$"


def _splits_record_set(splits: Sequence[str]) -> dict[str, Any]:
    fields: list[dict[str, Any]] = [
        {
            "@type": "cr:Field",
            "@id": f"{SPLITS_RECORD_SET}/name",
            "name": "name",
            "description": "Split name, as used in the shard file names.",
            "dataType": "sc:Text",
        }
    ]
    with_meaning = all(s in _SPLIT_MEANINGS for s in splits)
    if with_meaning:
        fields.append(
            {
                "@type": "cr:Field",
                "@id": f"{SPLITS_RECORD_SET}/url",
                "name": "url",
                "description": "The standard meaning of the split.",
                # cr:Split as in the spec; sc:URL as the atomic type mlcroissant requires.
                "dataType": ["sc:URL", "cr:Split"],
            }
        )
    data = []
    for split in splits:
        row = {f"{SPLITS_RECORD_SET}/name": split}
        if with_meaning:
            row[f"{SPLITS_RECORD_SET}/url"] = _SPLIT_MEANINGS[split]
        data.append(row)
    return {
        "@type": "cr:RecordSet",
        "@id": SPLITS_RECORD_SET,
        "name": SPLITS_RECORD_SET,
        "description": "The splits of the release. An article's split is a hash of its id, so "
        "an article never moves between splits from one version to the next.",
        "dataType": "cr:Split",
        "key": {"@id": f"{SPLITS_RECORD_SET}/name"},
        "field": fields,
        "data": data,
    }


def build_croissant(
    release_dir: Path,
    manifest: dict[str, Any],
    pretty_name: str,
    description: str,
    attribution: Attribution,
    limitations: list[str],
) -> dict[str, Any]:
    """The Croissant 1.1 JSON-LD document of the release in `release_dir`.

    Uses the manifest's `name`, `version`, `created` (may be null), `tool.version` (optional) and
    `splits` (each with its `parquet` shard paths); checksums and sizes are computed from the
    shards on disk, so this can run before `manifest.json` is written.
    """
    release_dir = Path(release_dir)
    shards = _parquet_shards(manifest)
    splits = list(manifest["splits"])
    paths = [rel for _, rel in shards]
    doc: dict[str, Any] = {
        "@context": CONTEXT,
        "@type": "sc:Dataset",
        "conformsTo": CROISSANT_1_1,
        "name": str(manifest["name"]),
    }
    if pretty_name and pretty_name != manifest["name"]:
        doc["alternateName"] = pretty_name
    doc["description"] = description.strip()
    doc.update(_credits(manifest, pretty_name, attribution))
    doc["rai:dataCollection"] = DATA_COLLECTION
    doc["rai:dataLimitations"] = list(limitations)
    doc["rai:personalSensitiveInformation"] = list(PERSONAL_SENSITIVE_INFORMATION)

    distribution: list[dict[str, Any]] = [_file_object(release_dir, rel) for rel in paths]
    distribution.append(
        {
            "@type": "cr:FileSet",
            "@id": PARQUET_FILESET,
            "name": PARQUET_FILESET,
            "description": "All Parquet shards of the release (the FileObjects above); records are read from these.",
            "encodingFormat": PARQUET_MIME,
            # An empty `includes` would match every file: a release without records gets a
            # pattern that matches none of its other files.
            "includes": paths or [f"{DATA_DIR}/*.parquet"],
        }
    )
    doc["distribution"] = distribution

    split_field = {
        "@type": "cr:Field",
        "@id": f"{RECORD_SET}/split",
        "name": "split",
        "description": "The split the article belongs to, from its shard's file name.",
        "dataType": "sc:Text",
        "source": {
            "fileSet": {"@id": PARQUET_FILESET},
            "extract": {"fileProperty": "fullpath"},
            "transform": {"regex": _split_regex(splits)},
        },
        "references": {"field": {"@id": f"{SPLITS_RECORD_SET}/name"}},
    }
    articles = {
        "@type": "cr:RecordSet",
        "@id": RECORD_SET,
        "name": RECORD_SET,
        "description": article_schema().get("description", ""),
        "key": {"@id": f"{RECORD_SET}/id"},
        "field": [split_field, *schema_fields()],
    }
    doc["recordSet"] = [_splits_record_set(splits), articles]
    return doc


def croissant_bytes(doc: Mapping[str, Any]) -> bytes:
    """The document as written to `croissant.json`: UTF-8, 2-space indent, trailing newline."""
    return (json.dumps(doc, ensure_ascii=False, indent=2, sort_keys=False) + "\n").encode("utf-8")


def write_croissant(release_dir: Path, doc: Mapping[str, Any]) -> Path:
    path = Path(release_dir) / CROISSANT
    write_atomic(path, croissant_bytes(doc))
    return path


def _credits(manifest: dict[str, Any], pretty_name: str, attribution: Attribution) -> dict[str, Any]:
    """Licence, url, creator, version, language, citation and date of publication."""
    out: dict[str, Any] = {"license": _license(attribution)}
    if attribution.homepage:
        out["url"] = attribution.homepage
    if attribution.authors:
        out["creator"] = [{"@type": "sc:Person", "name": name} for name in attribution.authors]
    out["version"] = str(manifest["version"])
    out["inLanguage"] = DATA_LANGUAGE
    created = manifest.get("created")
    out["citeAs"] = bibtex(
        attribution,
        name=str(manifest["name"]),
        version=str(manifest["version"]),
        title=pretty_name or str(manifest["name"]),
        year=str(created)[:4] if created else None,
        tool=(manifest.get("tool") or {}).get("version"),
    )
    if created:
        out["datePublished"] = str(created)
    return out


def _license(attribution: Attribution) -> str:
    """A Hub identifier as it is; for `other`, the licence's link when it is a URL, else its name."""
    if attribution.license != "other":
        return attribution.license
    link = attribution.license_link or ""
    return link if link.startswith(("http://", "https://")) else attribution.license_name or "other"
