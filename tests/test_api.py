"""The Python API (`import baokan`): its examples run, docs/api.md is current, `import baokan` is
cheap, records round-trip from text to a loaded dataset, and errors are typed."""

from __future__ import annotations

import doctest
import hashlib
import importlib
import json
import os
import runpy
import subprocess
import sys
from pathlib import Path

import orjson
import pytest

import baokan
from baokan import api
from baokan.errors import InputError, InvalidDataError, ReleaseExistsError, UsageError

REPO = Path(__file__).resolve().parents[1]
SEED = REPO / "data" / "raw" / "lvliang-daily" / "000_1102c3be27cc357c.txt"
BUNDLED = REPO / "data" / "releases" / "lvliang-daily" / "1.0.0"
PAGE = (
    "吕梁日报 2023年4月11日 星期二 第3版\n\n"
    "中阳县奋力打造县域经济新格局\n\n"
    "本报讯（记者 高茜）吕梁市“两会”召开以来，中阳县认真学习，全面贯彻落实\n"
    "市“两会”精神，结合县域实际发展情况，主动服务和融入新发展格局。\n\n"
    "交口县夯基蓄势稳中进\n\n"
    "本报讯（通讯员 李明）交口县坚持项目为王，今年一季度新开工项目十二个，\n"
    "完成投资同比增长百分之二十。\n"
)
HEAVY = ("pyarrow", "datasets", "jsonschema", "jsonschema_rs", "numpy")


def _python(code: str) -> str:
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=REPO, timeout=120
    )
    return done.stdout.strip()


# -- documentation ----------------------------------------------------------------------------------


def test_examples_in_the_docstrings_run(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(REPO)  # the examples read the bundled page and release by relative paths
    result = doctest.testmod(api, optionflags=doctest.ELLIPSIS, report=True)
    assert result.failed == 0
    for name in baokan.__all__:
        doc = getattr(baokan, name).__doc__
        assert doc is not None and ">>> " in doc, f"baokan.{name} has no example"
    assert result.attempted >= 3 * len(baokan.__all__)


def test_api_reference_matches_the_docstrings() -> None:
    api_docs = runpy.run_path(str(REPO / "scripts" / "api_docs.py"))
    current = (REPO / "docs" / "api.md").read_text(encoding="utf-8")
    assert current == api_docs["render"](), "docs/api.md is out of date: run `.venv/bin/python scripts/api_docs.py`"
    assert set(api_docs["FUNCTIONS"]) == set(baokan.__all__)
    for name in baokan.__all__:
        assert f"## `baokan.{name}`\n" in current


# -- the package ------------------------------------------------------------------------------------


def test_the_package_exports_exactly_the_api() -> None:
    """`baokan/__init__.py` lists the API apart from `baokan.api` so that `import baokan` stays
    lazy; the two lists must not drift."""
    from baokan import api

    assert sorted(baokan.__all__) == sorted(name for name in api.__all__ if name != "RECORDS_FILE")
    for name in baokan.__all__:
        assert getattr(baokan, name) is getattr(api, name)


def test_import_baokan_loads_no_heavy_dependency() -> None:
    code = f"import sys, baokan; print([m for m in {HEAVY!r} if m in sys.modules])"
    assert _python(code) == "[]"
    # nor does segmenting text: only validating, publishing and loading need them
    code = (
        "import sys, baokan; baokan.segment_text('标题\\n\\n本报讯 正文。\\n'); "
        "print([m for m in ('pyarrow', 'datasets', 'jsonschema') if m in sys.modules])"
    )
    assert _python(code) == "[]"


def test_api_functions_keep_their_names_when_the_same_named_modules_load() -> None:
    code = (
        "import sys; import baokan.validate, baokan.build; import baokan, baokan.api; "
        "from baokan.validate import validate_paths; "
        "print(baokan.validate is baokan.api.validate, baokan.build is baokan.api.build, "
        "sys.modules['baokan.validate'].validate_paths is validate_paths)"
    )
    assert _python(code) == "True True True"
    importlib.import_module("baokan.validate")
    assert baokan.validate is api.validate and baokan.build is api.build
    assert set(baokan.__all__) <= set(dir(baokan))
    with pytest.raises(AttributeError, match="no_such_function"):
        baokan.no_such_function  # noqa: B018


# -- pages and articles -----------------------------------------------------------------------------


def test_segment_text_gives_what_segmenting_the_same_text_as_a_file_gives(tmp_path: Path) -> None:
    page = tmp_path / "03.txt"
    page.write_text(PAGE, encoding="utf-8")
    from_file = baokan.segment_page(baokan.read_page(page, publication="吕梁日报"))
    from_text = baokan.segment_text(PAGE, publication="吕梁日报", file="03.txt")
    assert [a.to_dict() for a in from_text] == [a.to_dict() for a in from_file]
    assert [a.title for a in from_text] == ["中阳县奋力打造县域经济新格局", "交口县夯基蓄势稳中进"]


def test_segment_text_names_text_by_its_checksum() -> None:
    articles = baokan.segment_text(PAGE)
    sha = hashlib.sha256(PAGE.encode("utf-8")).hexdigest()
    assert {a.source.sha256 for a in articles} == {sha}
    assert {a.source.file for a in articles} == {f"text-{sha[:16]}.txt"}
    # the furniture gives the metadata not passed
    assert {(a.source.publication, a.source.date, a.source.page) for a in articles} == {
        ("吕梁日报", "2023-04-11", "第3版")
    }
    again = baokan.segment_text(PAGE)
    other = baokan.segment_text(PAGE + "\n")
    assert [a.id for a in again] == [a.id for a in articles]
    assert not {a.id for a in other} & {a.id for a in articles}
    assert baokan.validate(articles + other).valid


def test_segment_page_reads_every_page_of_a_layout_file() -> None:
    pdf = next((REPO / "data" / "raw" / "lvliang-daily-pdf").rglob("*.pdf"))
    articles = baokan.segment_page(baokan.read_page(pdf))
    assert articles and all(a.source.file == pdf.name and a.regions for a in articles)
    assert baokan.validate(articles).valid


# -- round trip -------------------------------------------------------------------------------------


def test_text_to_a_loaded_release_and_back(tmp_path: Path) -> None:
    articles = baokan.segment_text(PAGE) + baokan.segment_page(baokan.read_page(SEED))
    check = baokan.validate(articles)
    assert check.valid and check.records == len(articles) == 7
    result = baokan.publish(articles, tmp_path / "out", "demo", "1.0.0", splits={"train": 0.5, "test": 0.5})
    assert result.path == tmp_path / "out" / "demo" / "1.0.0" and result.records == 7
    assert baokan.verify(result.path).ok
    loaded = baokan.load_release(result.path, cache_dir=tmp_path / "cache")
    assert {name: split.num_rows for name, split in loaded.items()} == result.splits
    rows = [row for split in loaded.values() for row in split]
    assert sorted((r["id"], r["title"]) for r in rows) == sorted((a.id, a.title) for a in articles)
    train = baokan.load_release(result.path, "train", cache_dir=tmp_path / "cache")
    assert train.num_rows == result.splits["train"] and train.features == loaded["test"].features
    # the records were published from a temporary file: nothing in the release names it
    inputs = [json.loads(line) for line in (result.path / "inputs.jsonl").read_text().splitlines()]
    assert [i["name"] for i in inputs] == [api.RECORDS_FILE]
    assert baokan.publish(
        [a.to_dict() for a in articles],
        tmp_path / "out",
        "demo",
        "1.0.0",
        splits={
            "train": 0.5,
            "test": 0.5,
        },
    ).noop


def test_publish_and_validate_read_files_too(tmp_path: Path) -> None:
    records = tmp_path / "articles.jsonl"
    records.write_bytes(b"".join(orjson.dumps(a.to_dict()) + b"\n" for a in baokan.segment_text(PAGE)))
    assert baokan.validate(records).records == 2
    assert baokan.validate([records, BUNDLED]).records == 7
    result = baokan.publish(str(records), tmp_path / "out", "demo", "1.0.0")
    assert result.records == 2
    d = baokan.diff(result.path, BUNDLED)
    assert len(d.added) == 5 and len(d.removed) == 2 and not d.identical


def test_build_takes_overrides(tmp_path: Path) -> None:
    summary = baokan.build(REPO / "data" / "lvliang-daily.toml", name="seed", version="0.1.0", out=tmp_path)
    assert summary.published.path == tmp_path / "seed" / "0.1.0"
    assert summary.articles == 5 and baokan.verify(summary.published.path).ok


def test_validate_records_counts_every_error_and_keeps_max_errors() -> None:
    records = [a.to_dict() for a in baokan.segment_text(PAGE)]
    records[0]["text"] = "x"
    records.append(dict(records[1]))  # a duplicate id
    result = baokan.validate(records, max_errors=1)
    assert not result.valid and result.records == 3 and result.valid_records == 1
    assert result.error_count == 2 and len(result.errors) == 1 and result.truncated
    assert (result.errors[0].file, result.errors[0].line, result.errors[0].kind) == ("<records>", 1, "semantic")
    everything = baokan.validate(records)
    assert [(e.line, e.kind) for e in everything.errors] == [(1, "semantic"), (3, "duplicate")]


# -- typed errors -----------------------------------------------------------------------------------


def test_read_page_of_a_missing_file_names_it(tmp_path: Path) -> None:
    missing = tmp_path / "no-such-page.txt"
    with pytest.raises(UsageError, match=f"{missing}: no such file or folder"):
        baokan.read_page(missing)
    with pytest.raises(InputError, match="is a folder"):
        baokan.read_page(tmp_path)
    binary = tmp_path / "binary.txt"
    binary.write_bytes(b"\x00" * 100)
    with pytest.raises(InputError) as caught:
        baokan.read_page(binary)
    assert caught.value.path == str(binary)


def test_segment_errors_are_typed() -> None:
    with pytest.raises(UsageError, match="invalid date '2023-02-30'"):
        baokan.segment_text(PAGE, date="2023-02-30")
    with pytest.raises(UsageError, match="invalid page"):
        baokan.segment_text(PAGE, page=0)
    with pytest.raises(UsageError, match="invalid page name"):
        baokan.segment_text(PAGE, file="")
    with pytest.raises(InputError, match="cannot encode as UTF-8"):
        baokan.segment_text("标题\ud800")
    with pytest.raises(InputError, match="binary file"):
        baokan.segment_text("标题\x00正文")
    with pytest.raises(UsageError, match="use segment_text"):
        baokan.segment_page(str(SEED))  # type: ignore[arg-type]


def test_record_inputs_errors_are_typed(tmp_path: Path) -> None:
    articles = baokan.segment_text(PAGE)
    with pytest.raises(UsageError, match="neither a path nor a record"):
        baokan.validate([1])  # type: ignore[list-item]
    with pytest.raises(UsageError, match="not both"):
        baokan.validate([articles[0], SEED])
    with pytest.raises(UsageError, match="a list of paths or of records"):
        baokan.validate(articles[0])  # type: ignore[arg-type]
    with pytest.raises(UsageError, match="record 1: cannot be written as JSON"):
        baokan.validate([{"id": object()}])
    with pytest.raises(UsageError, match="no such file or folder"):
        baokan.validate(tmp_path / "missing.jsonl")


def test_publish_of_invalid_records_names_them_and_publishes_nothing(tmp_path: Path) -> None:
    records = [a.to_dict() for a in baokan.segment_text(PAGE)]
    records[1]["paragraphs"] = []
    with pytest.raises(InvalidDataError, match="1 of 2 records are invalid") as caught:
        baokan.publish(records, tmp_path, "demo", "1.0.0")
    assert caught.value.result is not None
    assert {(e.file, e.line) for e in caught.value.result.errors} == {("<records>", 2)}
    assert not (tmp_path / "demo" / "1.0.0").exists()
    kept = baokan.publish(records, tmp_path, "demo", "1.0.0", drop_invalid=True)
    assert kept.records == 1 and kept.rejected == 1
    [reject] = [json.loads(line) for line in kept.rejects_path.read_text().splitlines()]
    assert reject["file"] == api.RECORDS_FILE and reject["line"] == 2
    with pytest.raises(ReleaseExistsError):
        baokan.publish(records[:1] + records[:0], tmp_path, "demo", "1.0.0")
    with pytest.raises(UsageError, match="invalid version"):
        baokan.publish(records, tmp_path, "demo", "1.0")


def test_release_errors_are_typed(tmp_path: Path) -> None:
    with pytest.raises(UsageError, match="no split 'test'"):
        baokan.load_release(BUNDLED, "test", cache_dir=tmp_path)
    with pytest.raises(UsageError, match="not a release folder"):
        baokan.load_release(tmp_path, cache_dir=tmp_path)
    with pytest.raises(UsageError, match="no such file or folder"):
        baokan.diff(BUNDLED, tmp_path / "missing")
    with pytest.raises(UsageError, match="not a sha256 digest"):
        baokan.verify(BUNDLED, digest="abc")
    problems = baokan.verify(BUNDLED, digest="sha256:" + "0" * 64)
    assert not problems.ok


def test_the_readme_example_runs(tmp_path: Path) -> None:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    section = readme.split("\n## Python API\n", 1)[1].split("\n## ", 1)[0]
    example = section.split("```python\n", 1)[1].split("```", 1)[0]
    assert len([line for line in example.splitlines() if line.strip()]) <= 6  # short: the import and 5 lines
    assert '"/tmp/releases"' in example
    code = example.replace('"/tmp/releases"', repr(str(tmp_path / "releases")))
    env = {**os.environ, "HF_DATASETS_CACHE": str(tmp_path / "cache"), "HF_DATASETS_OFFLINE": "1"}
    subprocess.run([sys.executable, "-c", code], cwd=REPO, env=env, check=True, capture_output=True, timeout=300)
    assert (tmp_path / "releases" / "demo" / "1.0.0" / "manifest.json").is_file()


def test_load_release_gives_a_split_of_no_rows_as_an_empty_dataset(tmp_path: Path) -> None:
    [article] = baokan.segment_text("标题\n\n本报讯 正文。\n")
    ratios = {"train": 0.5, "test": 0.5}
    result = baokan.publish([article], tmp_path / "out", "demo", "1.0.0", splits=ratios)
    assert sorted(result.splits.values()) == [0, 1]
    empty = next(name for name, rows in result.splits.items() if not rows)
    loaded = baokan.load_release(result.path, cache_dir=tmp_path / "cache")
    assert list(loaded) == list(result.splits)
    assert loaded[empty].num_rows == 0 and loaded[empty].features == loaded[next(iter(set(loaded) - {empty}))].features
    assert str(loaded[empty].split) == empty
    [row] = [row for split in loaded.values() for row in split]
    assert row["id"] == article.id


def test_load_release_names_a_shard_that_is_not_parquet(tmp_path: Path) -> None:
    result = baokan.publish(baokan.segment_text(PAGE), tmp_path / "out", "demo", "1.0.0")
    [shard] = (result.path / "data").glob("*.parquet")
    shard.write_bytes(b"not parquet")
    with pytest.raises(InputError, match="cannot read Parquet") as caught:
        baokan.load_release(result.path, cache_dir=tmp_path / "cache")
    assert caught.value.path == str(shard)


def test_load_release_without_datasets_says_what_to_install(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "datasets", None)  # import datasets → ImportError
    with pytest.raises(UsageError, match=r"pip install -e '\.\[datasets\]'"):
        baokan.load_release(BUNDLED)
