"""croissant.json: Croissant 1.1 metadata that mlcroissant validates and reads back.

What the round trip compares: every record mlcroissant yields from the `articles` record set is
turned back into JSON form (field ids → names, text bytes → str, sc:Date Timestamps → ISO date,
nested lists of structs → lists of dicts) and must equal the Parquet row with the same id, all
fields included (authors/captions lists of structs, captions[].photographers lists in structs,
the `source` struct, null members), plus the `split` field, which must be the split of the shard
the row is in.
"""

from __future__ import annotations

import copy
import json
import os
from pathlib import Path
from typing import Any

import orjson
import pytest

from baokan.recordio import iter_parquet
from baokan.release import PublishOptions, publish
from baokan.release.attribution import Attribution
from baokan.release.croissant import (
    CROISSANT_1_1,
    build_croissant,
    croissant_bytes,
    schema_fields,
    write_croissant,
)
from baokan.schema import article_schema
from records_factory import make_article, make_records

os.environ.setdefault("HF_HUB_OFFLINE", "1")
mlc = pytest.importorskip("mlcroissant")

LIMITATIONS = ["OCR errors.", "Segmentation is automatic."]


def varied_records() -> list[dict]:
    rows = make_records(30)
    rows += [make_article(i, date=None, page=None).to_dict() for i in range(100, 104)]
    odd = copy.deepcopy(rows[5])  # i=5: has captions
    odd["id"] = odd["id"][:-5] + "99999"
    odd["authors"] = [{"name": "王五", "role": None}]
    odd["captions"] = [
        {"text": "图为会场。", "credit": None, "photographers": []},
        {"text": "图为街景。", "credit": "张三 李四 摄", "photographers": ["张三", "李四"]},
    ]
    rows.append(odd)
    return rows


def publish_release(root: Path, rows: list[dict], **kw) -> tuple[Path, dict]:
    root.mkdir(parents=True, exist_ok=True)
    src = root / "articles.jsonl"
    src.write_bytes(b"".join(orjson.dumps(r) + b"\n" for r in rows))
    options = PublishOptions(
        name="demo",
        version="1.0.0",
        split_ratios={"train": 0.7, "test": 0.3},
        max_shard_bytes=4096,  # several shards per split
        **kw,
    )
    path = publish([src], root / "out", options).path
    return path, json.loads((path / "manifest.json").read_bytes())


def build(release: Path, manifest: dict) -> dict:
    return build_croissant(release, manifest, "Demo 报刊", "A test dataset.", Attribution("cc-by-4.0"), LIMITATIONS)


@pytest.fixture(scope="module")
def release(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict, Path]:
    path, manifest = publish_release(tmp_path_factory.mktemp("croissant"), varied_records())
    jsonld = write_croissant(path, build(path, manifest))
    return path, manifest, jsonld


def plain(value: Any) -> Any:
    """An mlcroissant value in the JSON form of the records."""
    import numpy as np
    import pandas as pd

    if isinstance(value, bytes):
        return value.decode("utf-8")
    if isinstance(value, pd.Timestamp):
        return value.date().isoformat()
    if isinstance(value, dict):
        return {key.rsplit("/", 1)[1]: plain(v) for key, v in value.items()}
    if isinstance(value, (list, tuple, np.ndarray)):
        return [plain(v) for v in value]
    if isinstance(value, np.integer):
        return int(value)
    return value


def parquet_rows(release: Path, manifest: dict) -> dict[str, tuple[str, dict]]:
    rows = {}
    for split, entry in manifest["splits"].items():
        for rel in entry["parquet"]:
            for raw in iter_parquet(str(release / rel)):
                rows[raw.data["id"]] = (split, raw.data)
    return rows


def test_mlcroissant_validates_it(release) -> None:
    _, _, jsonld = release
    ds = mlc.Dataset(jsonld=str(jsonld))  # raises ValidationError on any error
    issues = ds.metadata.ctx.issues
    assert not issues.errors
    # created is null without SOURCE_DATE_EPOCH, so datePublished is (rightly) left out
    assert all("datePublished" in w for w in issues.warnings), issues.warnings


def test_records_equal_the_parquet_rows(release) -> None:
    path, manifest, jsonld = release
    expected = parquet_rows(path, manifest)
    ds = mlc.Dataset(jsonld=str(jsonld))
    got = {}
    for record in ds.records(record_set="articles"):
        row = plain(dict(record))
        split = row.pop("split")
        assert row["id"] not in got
        got[row["id"]] = (split, row)
    assert got.keys() == expected.keys()
    for article_id, (split, row) in expected.items():
        assert got[article_id] == (split, row), article_id
    # the nulls and nested lists the factory alone does not produce
    odd = next(r for _, r in got.values() if r["id"].endswith("-99999"))
    assert odd["authors"] == [{"name": "王五", "role": None}]
    assert odd["captions"][0] == {"text": "图为会场。", "credit": None, "photographers": []}
    assert any(r["source"]["date"] is None and r["source"]["page"] is None for _, r in got.values())


def test_split_record_set(release) -> None:
    _, manifest, jsonld = release
    ds = mlc.Dataset(jsonld=str(jsonld))
    splits = [plain(r) for r in ds.records(record_set="splits")]
    assert list(manifest["splits"]) == ["train", "test"]
    assert splits == [
        {"name": "train", "url": "cr:TrainingSplit"},
        {"name": "test", "url": "cr:TestSplit"},
    ]


def test_fields_cover_every_schema_property(release) -> None:
    _, _, jsonld = release
    doc = json.loads(jsonld.read_text(encoding="utf-8"))

    def schema_paths(node: dict, prefix: str) -> set[str]:
        out = set()
        for name, prop in node["properties"].items():
            out.add(prefix + name)
            target = prop.get("items", prop)
            if isinstance(target, dict) and "properties" in target:
                out |= schema_paths(target, prefix + name + "/")
        return out

    def field_paths(fields: list[dict]) -> set[str]:
        out = set()
        for f in fields:
            out.add(f["@id"].split("/", 1)[1])
            out |= field_paths(f.get("subField", []))
        return out

    articles = next(rs for rs in doc["recordSet"] if rs["@id"] == "articles")
    assert field_paths(articles["field"]) == schema_paths(article_schema(), "") | {"split"}
    assert articles["field"][1:] == schema_fields()

    by_id = {}

    def index(fields: list[dict]) -> None:
        for f in fields:
            by_id[f["@id"]] = f
            index(f.get("subField", []))

    index(articles["field"])
    props = article_schema()["properties"]
    assert by_id["articles/title"]["description"] == props["title"]["description"]
    assert by_id["articles/title"]["dataType"] == "sc:Text"
    assert by_id["articles/source/page"]["dataType"] == "sc:Text"
    assert by_id["articles/source/page_number"]["dataType"] == "sc:Integer"
    assert by_id["articles/source/date"]["dataType"] == "sc:Date"
    assert by_id["articles/authors"]["isArray"] is True and "dataType" not in by_id["articles/authors"]
    assert "isArray" not in by_id["articles/authors/name"]
    assert by_id["articles/authors/name"]["source"]["transform"] == {"jsonPath": "name"}
    assert by_id["articles/captions/photographers"]["isArray"] is True
    assert by_id["articles/paragraphs"]["isArray"] is True
    assert "isArray" not in by_id["articles/source"]
    assert by_id["articles/source/line_end"]["source"] == {
        "fileSet": {"@id": "parquet-files"},
        "extract": {"column": "source"},
        "transform": {"jsonPath": "line_end"},
    }


def test_dataset_level_properties(release) -> None:
    _path, manifest, jsonld = release
    doc = json.loads(jsonld.read_text(encoding="utf-8"))
    assert list(doc)[:4] == ["@context", "@type", "conformsTo", "name"]
    assert doc["@type"] == "sc:Dataset" and doc["conformsTo"] == CROISSANT_1_1
    assert doc["@context"]["rai"] == "http://mlcommons.org/croissant/RAI/"
    assert doc["version"] == "1.0.0" and doc["license"] == "cc-by-4.0"
    assert "datePublished" not in doc and "year" not in doc["citeAs"]
    assert doc["rai:dataLimitations"] == LIMITATIONS
    assert doc["rai:dataCollection"] and doc["rai:personalSensitiveInformation"]

    files = {f["path"]: f for f in manifest["files"]}
    objects = [d for d in doc["distribution"] if d["@type"] == "cr:FileObject"]
    assert [o["contentUrl"] for o in objects] == [
        rel for entry in manifest["splits"].values() for rel in entry["parquet"]
    ]
    for obj in objects:
        assert obj["encodingFormat"] == "application/x-parquet"
        assert obj["sha256"] == files[obj["contentUrl"]]["sha256"]
        assert obj["contentSize"] == f"{files[obj['contentUrl']]['bytes']} B"

    meta = mlc.Dataset(jsonld=str(jsonld)).metadata
    assert meta.data_limitations == LIMITATIONS
    assert meta.data_collection == doc["rai:dataCollection"]
    assert meta.personal_sensitive_information == doc["rai:personalSensitiveInformation"]


def test_bytes_are_deterministic(release, tmp_path: Path) -> None:
    path, manifest, jsonld = release
    again = croissant_bytes(build(path, manifest))
    assert again == jsonld.read_bytes()
    # the same records published elsewhere give the same bytes: no absolute paths, no clock
    other, other_manifest = publish_release(tmp_path / "elsewhere", varied_records())
    assert croissant_bytes(build(other, other_manifest)) == again


def test_created_gives_date_published_and_no_warnings(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    path, manifest = publish_release(tmp_path, make_records(12))
    assert manifest["created"] == "2023-11-14T22:13:20Z"
    doc = build(path, manifest)
    assert doc["datePublished"] == "2023-11-14T22:13:20Z"
    assert "year         = {2023}" in doc["citeAs"]
    jsonld = write_croissant(path, doc)
    ds = mlc.Dataset(jsonld=str(jsonld))
    assert not ds.metadata.ctx.issues.errors and not ds.metadata.ctx.issues.warnings
    assert len(list(ds.records(record_set="articles"))) == manifest["records"]


def test_single_split_without_standard_meaning(tmp_path: Path) -> None:
    rows = make_records(8)
    root = tmp_path
    src = root / "a.jsonl"
    src.write_bytes(b"".join(orjson.dumps(r) + b"\n" for r in rows))
    path = publish(
        [src], root / "out", PublishOptions(name="demo", version="2.0.0", split_ratios={"all_pages": 1.0})
    ).path
    manifest = json.loads((path / "manifest.json").read_bytes())
    jsonld = write_croissant(path, build(path, manifest))
    ds = mlc.Dataset(jsonld=str(jsonld))
    assert [plain(r) for r in ds.records(record_set="splits")] == [{"name": "all_pages"}]
    records = [plain(dict(r)) for r in ds.records(record_set="articles")]
    assert {r["split"] for r in records} == {"all_pages"} and len(records) == len(rows)


def test_homepage_and_authors_become_url_and_creator(tmp_path) -> None:
    from baokan.release import PublishOptions, publish
    from records_factory import make_records
    from release_helpers import write_jsonl

    articles = write_jsonl(tmp_path / "a.jsonl", make_records(6))
    options = PublishOptions(
        name="demo", version="1.0.0", split_ratios={"train": 1.0}, license="cc-by-4.0",
        authors=["王小明", "Li Hua"], homepage="https://example.org/demo",
    )  # fmt: skip
    release = publish([articles], tmp_path / "out", options).path
    doc = json.loads((release / "croissant.json").read_text())
    assert doc["url"] == "https://example.org/demo"
    assert doc["creator"] == [{"@type": "sc:Person", "name": "王小明"}, {"@type": "sc:Person", "name": "Li Hua"}]
    assert "author       = {王小明 and Li Hua}" in doc["citeAs"]
    ds = mlc.Dataset(jsonld=str(release / "croissant.json"))
    assert not ds.metadata.ctx.issues.errors
    assert len(list(ds.records(record_set="articles"))) == 6


def test_a_split_filter_returns_that_split_alone(release) -> None:
    path, manifest, jsonld = release
    expected = parquet_rows(path, manifest)
    ds = mlc.Dataset(jsonld=str(jsonld))
    for split in manifest["splits"]:
        rows = list(ds.records(record_set="articles", filters={"articles/split": split}))
        assert len(rows) == sum(1 for s, _ in expected.values() if s == split) > 0
