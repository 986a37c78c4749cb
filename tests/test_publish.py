"""publish → load_dataset round trips, reproducibility, immutability, rejects, verify."""

from __future__ import annotations

import gzip
import hashlib
import json
import threading
from pathlib import Path

import orjson
import pytest
from hypothesis import given
from hypothesis import strategies as st

from baokan.errors import InputError, InvalidDataError, ReleaseExistsError, UsageError
from baokan.records import from_arrow_row
from baokan.release import PublishOptions, publish, verify_release
from baokan.release.digest import release_digest
from baokan.schema import hf_features
from records_factory import make_records
from release_helpers import tree_digest, write_jsonl


@pytest.fixture
def rows() -> list[dict]:
    return make_records(60)


@pytest.fixture
def articles(tmp_path: Path, rows: list[dict]) -> Path:
    return write_jsonl(tmp_path / "articles.jsonl", rows)


def options(**kw) -> PublishOptions:
    base = {"name": "demo", "version": "1.0.0", "split_ratios": {"train": 0.8, "test": 0.2}}
    base.update(kw)
    return PublishOptions(**base)


def by_id(records) -> dict[str, dict]:
    """Records keyed by id, in their JSON form (the release types source.date as a date)."""
    return {r["id"]: from_arrow_row(dict(r)) for r in records}


def test_round_trip_through_load_dataset(tmp_path: Path, articles: Path, rows: list[dict]) -> None:
    from datasets import load_dataset

    result = publish([articles], tmp_path / "out", options())
    release = tmp_path / "out" / "demo" / "1.0.0"
    assert result.path == release and result.records == len(rows) and not result.noop
    ds = load_dataset(str(release), cache_dir=str(tmp_path / "cache"))
    assert set(ds) == {"train", "test"}
    assert sum(ds[s].num_rows for s in ds) == len(rows)
    assert {s: ds[s].num_rows for s in ds} == result.splits
    for split in ds:
        assert ds[split].features == hf_features()
    loaded = by_id(r for s in ds for r in ds[s])
    assert loaded == by_id(rows)
    # rows are in row order inside each split (these records share publication, date and page)
    for split in ds:
        ids = ds[split]["id"]
        assert list(ids) == sorted(ids)


def test_the_jsonl_mirror_loads_typed_by_its_own_card(tmp_path: Path, articles: Path, rows: list[dict]) -> None:
    from datasets import load_dataset

    release = publish([articles], tmp_path / "out", options()).path
    mirror = load_dataset(str(release / "jsonl"), cache_dir=str(tmp_path / "cache"))
    parquet = load_dataset(str(release), cache_dir=str(tmp_path / "cache"))
    assert set(mirror) == set(parquet) == {"train", "test"}
    for split in mirror:
        assert mirror[split].features == hf_features()
        assert mirror[split].to_list() == parquet[split].to_list()
    assert verify_release(release).ok  # the mirror's card is listed in the manifest like every file


def test_streaming_and_jsonl_mirror_give_the_same_records(tmp_path: Path, articles: Path, rows: list[dict]) -> None:
    from datasets import load_dataset

    publish([articles], tmp_path / "out", options())
    release = tmp_path / "out" / "demo" / "1.0.0"
    streamed = load_dataset(str(release), streaming=True)
    assert by_id(r for s in streamed for r in streamed[s]) == by_id(rows)
    mirror = load_dataset(
        "json",
        data_files={s: str(release / "jsonl" / f"{s}-*.jsonl.gz") for s in ("train", "test")},
        features=hf_features(),
        cache_dir=str(tmp_path / "cache"),
    )
    assert by_id(r for s in mirror for r in mirror[s]) == by_id(rows)


def test_card_is_readable_by_huggingface_hub(tmp_path: Path, articles: Path) -> None:
    from huggingface_hub import DatasetCard

    publish([articles], tmp_path / "out", options(pretty_name="Demo 报"))
    card = DatasetCard.load(tmp_path / "out" / "demo" / "1.0.0" / "README.md")
    data = card.data.to_dict()
    assert data["language"] == ["zh"] and data["pretty_name"] == "Demo 报"
    splits = {s["name"]: s["num_examples"] for s in data["dataset_info"]["splits"]}
    manifest = json.loads((tmp_path / "out" / "demo" / "1.0.0" / "manifest.json").read_text())
    assert splits == {k: v["rows"] for k, v in manifest["splits"].items() if v["rows"]}
    assert "| `authors[].role` |" in card.text


def test_publishing_twice_is_byte_identical(tmp_path: Path, articles: Path) -> None:
    publish([articles], tmp_path / "a", options())
    publish([articles], tmp_path / "b", options())
    a = tree_digest(tmp_path / "a" / "demo" / "1.0.0")
    b = tree_digest(tmp_path / "b" / "demo" / "1.0.0")
    assert a == b and len(a) >= 6


def test_input_order_does_not_change_the_release(tmp_path: Path, rows: list[dict]) -> None:
    first = write_jsonl(tmp_path / "x.jsonl", rows)
    publish([first], tmp_path / "a", options())
    (tmp_path / "sub").mkdir()
    second = write_jsonl(tmp_path / "sub" / "x.jsonl", list(reversed(rows)))
    publish([second], tmp_path / "b", options())
    a = tree_digest(tmp_path / "a" / "demo" / "1.0.0")
    b = tree_digest(tmp_path / "b" / "demo" / "1.0.0")
    data_files = [k for k in a if k.startswith(("data/", "jsonl/"))]
    assert data_files and all(a[k] == b[k] for k in data_files)


def test_existing_version_is_immutable(tmp_path: Path, articles: Path, rows: list[dict]) -> None:
    out = tmp_path / "out"
    publish([articles], out, options())
    before = tree_digest(out / "demo" / "1.0.0")
    again = publish([articles], out, options())
    assert again.noop
    changed = write_jsonl(tmp_path / "articles.jsonl", rows[:-1])
    with pytest.raises(ReleaseExistsError, match="already exists"):
        publish([changed], out, options())
    assert tree_digest(out / "demo" / "1.0.0") == before
    assert not [p for p in (out / "demo").iterdir() if p.name.startswith(".tmp-")]


def test_invalid_records_are_refused_with_the_report(tmp_path: Path, rows: list[dict]) -> None:
    rows[3]["text"] = "not the paragraphs"
    bad = write_jsonl(tmp_path / "bad.jsonl", rows)
    with pytest.raises(InvalidDataError) as info:
        publish([bad], tmp_path / "out", options())
    errors = info.value.result.errors
    assert [(e.line, e.path) for e in errors] == [(4, "$.text")]
    assert not (tmp_path / "out" / "demo" / "1.0.0").exists()


def test_drop_invalid_writes_rejects_with_reasons(tmp_path: Path, rows: list[dict]) -> None:
    rows[3]["authors"] = [{"name": "某", "role": "主编"}]
    raw = b"".join(orjson.dumps(r) + b"\n" for r in rows) + b"{not json\n"
    bad = tmp_path / "bad.jsonl"
    bad.write_bytes(raw)
    result = publish([bad], tmp_path / "out", options(drop_invalid=True))
    assert result.rejected == 2 and result.records == len(rows) - 1
    release = tmp_path / "out" / "demo" / "1.0.0"
    rejects = [json.loads(line) for line in (release / "rejects.jsonl").read_text().splitlines()]
    assert [r["line"] for r in rejects] == [4, len(rows) + 1]
    assert rejects[0]["errors"][0]["path"] == "$.authors[0].role"
    assert rejects[0]["record"]["id"] == rows[3]["id"]
    manifest = json.loads((release / "manifest.json").read_text())
    assert manifest["rejects"] == {"count": 2, "file": "rejects.jsonl"}
    assert verify_release(release).ok


def test_shards_are_cut_at_deterministic_boundaries(tmp_path: Path, articles: Path, rows: list[dict]) -> None:
    from datasets import load_dataset

    result = publish([articles], tmp_path / "out", options(split_ratios={"train": 1.0}, max_shard_bytes=4096))
    release = result.path
    shards = sorted((release / "data").glob("train-*.parquet"))
    assert len(shards) > 2
    n = len(shards)
    assert [s.name for s in shards] == [f"train-{i:05d}-of-{n:05d}.parquet" for i in range(n)]
    ds = load_dataset(str(release), cache_dir=str(tmp_path / "cache"))
    assert list(ds["train"]["id"]) == sorted(r["id"] for r in rows)
    again = publish([articles], tmp_path / "out2", options(split_ratios={"train": 1.0}, max_shard_bytes=4096))
    assert tree_digest(release) == tree_digest(again.path)


def test_split_of_an_article_does_not_depend_on_the_rest(tmp_path: Path, rows: list[dict]) -> None:
    from baokan.release.splits import SplitAssigner

    assign = SplitAssigner({"train": 0.8, "test": 0.2})
    first = publish([write_jsonl(tmp_path / "a.jsonl", rows)], tmp_path / "out", options())
    second = publish([write_jsonl(tmp_path / "b.jsonl", rows[:20])], tmp_path / "out", options(version="1.0.1"))
    for release in (first.path, second.path):
        for split in ("train", "test"):
            for path in (release / "jsonl").glob(f"{split}-*.jsonl.gz"):
                with gzip.open(path) as handle:
                    for line in handle:
                        assert assign(json.loads(line)["id"]) == split


@pytest.mark.parametrize("name", ["../x", "a/b", "..", "", " spaced", "x\ny", "/abs"])
def test_hostile_names_are_refused(tmp_path: Path, articles: Path, name: str) -> None:
    with pytest.raises(UsageError):
        publish([articles], tmp_path / "out", options(name=name))
    assert not any((tmp_path / "out").rglob("*.parquet")) if (tmp_path / "out").exists() else True


@pytest.mark.parametrize("version", ["1.0", "../1", "1.0.0/..", "v1.0.0", "01.0.0", "1.0.0 "])
def test_bad_versions_are_refused(tmp_path: Path, articles: Path, version: str) -> None:
    with pytest.raises(UsageError):
        publish([articles], tmp_path / "out", options(version=version))


def test_source_date_epoch_is_the_only_date(tmp_path: Path, articles: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    plain = publish([articles], tmp_path / "a", options())
    assert json.loads((plain.path / "manifest.json").read_text())["created"] is None
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1681171200")
    dated = publish([articles], tmp_path / "b", options())
    manifest = json.loads((dated.path / "manifest.json").read_text())
    assert manifest["created"] == "2023-04-11T00:00:00Z"
    assert "year         = {2023}" in (dated.path / "README.md").read_text()


def test_concurrent_publishers_one_wins(tmp_path: Path, articles: Path, rows: list[dict]) -> None:
    other = write_jsonl(tmp_path / "other.jsonl", rows[:30])
    outcomes: list[object] = []

    def run(path: Path) -> None:
        try:
            outcomes.append(publish([path], tmp_path / "out", options()))
        except ReleaseExistsError as exc:
            outcomes.append(exc)

    threads = [threading.Thread(target=run, args=(p,)) for p in (articles, other)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    wins = [o for o in outcomes if not isinstance(o, Exception)]
    assert len(wins) == 1 and len(outcomes) == 2
    assert verify_release(tmp_path / "out" / "demo" / "1.0.0").ok


class TestVerify:
    @pytest.fixture
    def release(self, tmp_path: Path, articles: Path) -> Path:
        return publish([articles], tmp_path / "out", options()).path

    def problems(self, release: Path) -> list[tuple[str, str]]:
        result = verify_release(release)
        assert not result.ok
        return [(p.file, p.message) for p in result.problems]

    def test_clean_release_verifies(self, release: Path) -> None:
        result = verify_release(release)
        assert result.ok and result.records == 60 and result.files_checked >= 6

    def test_flipped_byte(self, release: Path) -> None:
        shard = next((release / "data").glob("train-*.parquet"))
        data = bytearray(shard.read_bytes())
        data[len(data) // 2] ^= 0x01
        shard.write_bytes(bytes(data))
        ((file, message),) = self.problems(release)
        assert file == f"data/{shard.name}" and "sha256" in message

    def test_missing_extra_and_truncated(self, release: Path) -> None:
        (release / "README.md").unlink()
        (release / "notes.txt").write_text("hello")
        mirror = next((release / "jsonl").glob("test-*.jsonl.gz"))
        mirror.write_bytes(mirror.read_bytes()[:-10])
        found = self.problems(release)
        assert ("README.md", "missing: listed in the manifest but not in the release") in found
        assert ("notes.txt", "extra file: not listed in the manifest") in found
        assert any(f == f"jsonl/{mirror.name}" and "truncated" in m for f, m in found)

    def test_manifest_fields_not_tied_to_a_file_are_pinned_by_the_digest(self, release: Path, articles: Path) -> None:
        published = publish([articles], release.parent.parent, options())  # the same release again: a no-op
        assert published.noop and published.digest == verify_release(release).digest
        recorded = (release.parent / "CHANGELOG.md").read_text(encoding="utf-8")
        assert f"Release digest: `{published.digest}`" in recorded
        manifest = json.loads((release / "manifest.json").read_text(encoding="utf-8"))
        manifest["tool"]["version"] = "9.9.9"  # tied to no file: the checksums cannot see it
        manifest["split_ratios"] = {"train": 0.5, "test": 0.5}
        (release / "manifest.json").write_text(json.dumps(manifest, indent=2), encoding="utf-8")
        ((file, message),) = self.problems(release)  # against the digest the changelog recorded
        assert file == "manifest.json" and "the manifest was changed" in message
        pinned = verify_release(release, digest=published.digest)
        assert not pinned.ok and pinned.digest_checked == "the digest given"
        assert verify_release(release, digest=pinned.digest).ok  # pinned to the edited manifest: it matches

    def test_mirror_rewritten_with_recomputed_checksums_is_caught_deep(self, release: Path) -> None:
        mirror = next((release / "jsonl").glob("test-*.jsonl.gz"))
        lines = gzip.decompress(mirror.read_bytes()).splitlines(keepends=True)
        record = json.loads(lines[0])
        record["title"] = "改过的标题"
        lines[0] = json.dumps(record, ensure_ascii=False).encode("utf-8") + b"\n"
        mirror.write_bytes(gzip.compress(b"".join(lines)))
        _recompute_checksums(release)
        assert verify_release(release, digest=release_digest(release)).ok  # the checksums agree now
        result = verify_release(release, digest=release_digest(release), deep=True)
        assert [(p.file, p.message) for p in result.problems] == [
            (f"jsonl/{mirror.name}", "split test, row 1: differs from the Parquet row in title")
        ]

    def test_stale_croissant_checksum_and_a_shard_replaced_by_a_link(self, release: Path, tmp_path: Path) -> None:
        croissant = json.loads((release / "croissant.json").read_text(encoding="utf-8"))
        obj = next(d for d in croissant["distribution"] if d["@type"] == "cr:FileObject")
        obj["sha256"] = "0" * 64
        (release / "croissant.json").write_text(json.dumps(croissant), encoding="utf-8")
        shard = next((release / "data").glob("train-*.parquet"))
        copy = tmp_path / "elsewhere.parquet"
        copy.write_bytes(shard.read_bytes())
        shard.unlink()
        shard.symlink_to(copy)  # the same bytes: every checksum still matches
        (release / "data" / "more").mkdir()
        _recompute_checksums(release)
        found = verify_release(release, digest=release_digest(release)).problems
        messages = {(p.file, p.message.split(" (")[0].split(",")[0]) for p in found}
        assert (f"data/{shard.name}", "a symbolic link") in messages
        assert ("data/more/", "extra folder: holds no file of the manifest") in messages
        assert any(p.file == "croissant.json" and "(stale)" in p.message for p in found)


def test_an_altered_release_given_as_input_is_refused_by_publish_and_validate(tmp_path: Path, articles: Path) -> None:
    from click.testing import CliRunner

    from baokan.cli.group import _register, cli

    release = publish([articles], tmp_path / "out", options()).path
    (release / "README.md").write_text("changed", encoding="utf-8")
    with pytest.raises(InputError) as info:
        publish([release], tmp_path / "again", options(version="2.0.0"))
    assert info.value.path == str(release) and "the release fails verify" in info.value.message
    assert "first: README.md: size 7 bytes" in info.value.message
    _register()
    checked = CliRunner().invoke(cli, ["validate", str(release)])
    assert checked.exit_code == 1 and "the release fails verify" in checked.stderr


def _recompute_checksums(release: Path) -> None:
    """What someone covering an edit does: the manifest's sha256 and sizes made to match again."""
    manifest = json.loads((release / "manifest.json").read_text(encoding="utf-8"))
    for entry in manifest["files"]:
        data = (release / entry["path"]).read_bytes()
        entry["sha256"], entry["bytes"] = hashlib.sha256(data).hexdigest(), len(data)
    (release / "manifest.json").write_text(json.dumps(manifest, indent=2), encoding="utf-8")


def test_integral_floats_are_published_as_integers(tmp_path: Path, rows: list[dict]) -> None:
    from datasets import load_dataset

    rows[0]["source"]["page_number"] = 3.0
    rows[0]["source"]["line_start"] = 1.0
    result = publish([write_jsonl(tmp_path / "f.jsonl", rows)], tmp_path / "out", options(split_ratios={"train": 1.0}))
    ds = load_dataset(str(result.path), cache_dir=str(tmp_path / "cache"))["train"]
    row = next(r for r in ds if r["id"] == rows[0]["id"])
    assert row["source"]["page_number"] == 3 and isinstance(row["source"]["page_number"], int)


def test_out_of_range_integers_are_rejected_not_crashing(tmp_path: Path, rows: list[dict]) -> None:
    rows[0]["source"]["line_end"] = 2**70
    rows[1]["source"]["line_end"] = 2**40
    big = tmp_path / "big.jsonl"
    big.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    with pytest.raises(InvalidDataError) as info:
        publish([big], tmp_path / "out", options())
    assert [(e.line, e.path) for e in info.value.result.errors] == [(1, "$.source.line_end"), (2, "$.source.line_end")]


@pytest.mark.parametrize("run_bytes", [1 << 26, 2048])
def test_sorting_in_runs_gives_the_same_release(
    tmp_path: Path, rows: list[dict], run_bytes: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    import baokan.release.spool as spool

    articles = write_jsonl(tmp_path / "a.jsonl", rows)
    reference = publish([articles], tmp_path / "ref", options())
    monkeypatch.setattr(spool, "RUN_BYTES", run_bytes)
    runs = publish([articles], tmp_path / "runs", options())
    assert tree_digest(reference.path) == tree_digest(runs.path)


def test_duplicate_ids_across_inputs_are_found_while_merging(
    tmp_path: Path, rows: list[dict], monkeypatch: pytest.MonkeyPatch
) -> None:
    import baokan.release.spool as spool

    monkeypatch.setattr(spool, "RUN_BYTES", 4096)  # many runs: duplicates meet only in the merge
    first = write_jsonl(tmp_path / "a.jsonl", rows)
    twin = dict(rows[5], title="另一个标题")
    second = write_jsonl(tmp_path / "b.jsonl", [make_records(70)[65], twin])
    with pytest.raises(InvalidDataError) as info:
        publish([first, second], tmp_path / "out", options())
    (error,) = info.value.result.errors
    assert (error.file, error.line, error.path, error.kind) == (str(second), 2, "$.id", "duplicate")
    assert f"first seen at {first}:6" in error.message
    assert not (tmp_path / "out" / "demo" / "1.0.0").exists()

    result = publish([first, second], tmp_path / "out", options(drop_invalid=True))
    assert (result.records, result.rejected) == (len(rows) + 1, 1)
    (reject,) = [json.loads(line) for line in (result.path / "rejects.jsonl").read_text().splitlines()]
    assert reject["record"]["title"] == "另一个标题" and reject["errors"][0]["kind"] == "duplicate"
    manifest = json.loads((result.path / "manifest.json").read_text())
    assert manifest["records"] == len(rows) + 1
    assert verify_release(result.path).ok


@pytest.mark.parametrize("drop_invalid", [False, True])
def test_parallel_intake_gives_the_serial_release(
    tmp_path: Path, rows: list[dict], monkeypatch: pytest.MonkeyPatch, drop_invalid: bool
) -> None:
    import baokan.parallel as parallel
    import baokan.release.intake as intake
    import baokan.release.spool as spool

    rows = rows + make_records(90)[60:]
    rows[7]["authors"] = [{"name": "某", "role": "编辑"}]
    rows.insert(40, dict(rows[3], title="重复"))  # a duplicate id, first seen earlier
    lines = [orjson.dumps(r) for r in rows]
    lines.insert(25, b"{broken")
    first = tmp_path / "a.jsonl"
    first.write_bytes(b"\n".join(lines[:50]) + b"\n")
    second = tmp_path / "b.jsonl"
    second.write_bytes(b"\n".join(lines[50:]) + b"\n")
    monkeypatch.setattr(spool, "RUN_BYTES", 8192)
    if not drop_invalid:
        with pytest.raises(InvalidDataError) as serial_error:
            publish([first, second], tmp_path / "s", options())
        monkeypatch.setattr(parallel, "PARALLEL_MIN_BYTES", 0)
        with pytest.raises(InvalidDataError) as parallel_error:
            publish([first, second], tmp_path / "p", options(workers=2))
        assert parallel_error.value.result.to_dict() == serial_error.value.result.to_dict()
        return
    serial = publish([first, second], tmp_path / "s", options(drop_invalid=True))
    monkeypatch.setattr(parallel, "PARALLEL_MIN_BYTES", 0)
    assert intake.eligible([first, second], 2)
    parallel = publish([first, second], tmp_path / "p", options(drop_invalid=True, workers=2))
    assert (serial.records, serial.rejected) == (parallel.records, parallel.rejected) == (len(rows) - 2, 3)
    assert tree_digest(serial.path) == tree_digest(parallel.path)


def test_card_lists_the_first_inputs_and_inputs_jsonl_all(tmp_path: Path, rows: list[dict]) -> None:
    from baokan.release.inputs import CARD_INPUTS

    files = []
    for i in range(CARD_INPUTS + 5):
        files.append(write_jsonl(tmp_path / f"part-{i:02d}.jsonl", rows[i : i + 1]))
    result = publish(files, tmp_path / "out", options())
    card = (result.path / "README.md").read_text()
    manifest = json.loads((result.path / "manifest.json").read_text())
    listed = [json.loads(line) for line in (result.path / "inputs.jsonl").read_text().splitlines()]
    assert [i["name"] for i in listed] == [f.name for f in files]
    assert [i["records"] for i in listed] == [1] * len(files)
    assert manifest["inputs"] == {
        "count": CARD_INPUTS + 5,
        "bytes": sum(f.stat().st_size for f in files),
        "records": CARD_INPUTS + 5,
        "file": "inputs.jsonl",
    }
    assert "part-19.jsonl" in card and "part-20.jsonl" not in card
    assert "… and 5 more (all in `inputs.jsonl`)" in card
    total_bytes = sum(f.stat().st_size for f in files)
    assert f"Inputs: {CARD_INPUTS + 5} files, {total_bytes:,} bytes, {CARD_INPUTS + 5} records read" in card


def test_card_date_range_leaves_out_dropped_duplicates() -> None:
    from baokan.release.stats import CorpusStats

    def record(date: str | None) -> dict:
        return {
            "text": "正文",
            "title": None,
            "authors": [],
            "captions": [],
            "flags": [],
            "script": "simplified",
            "source": {"publication": "吕梁日报", "date": date},
        }

    stats = CorpusStats()
    for date in ("2023-04-10", "2023-04-11", "2023-04-11", None, "2023-04-12"):
        stats.add(record(date))
    assert (stats.first_date, stats.last_date) == ("2023-04-10", "2023-04-12")
    stats.remove(record("2023-04-12"))
    stats.remove(record("2023-04-11"))
    assert (stats.first_date, stats.last_date) == ("2023-04-10", "2023-04-11")
    stats.remove(record("2023-04-10"))
    stats.remove(record("2023-04-11"))
    assert (stats.first_date, stats.last_date) == (None, None)


@pytest.mark.parametrize("workers", [2, 3])
def test_any_worker_count_gives_the_serial_release_and_reports(
    tmp_path: Path, rows: list[dict], monkeypatch: pytest.MonkeyPatch, workers: int
) -> None:
    """Workers number lines from their piece's start: errors, rejects and duplicate reports from
    late pieces still name the file's line, and shards (closed while the next one is written)
    are the serial ones, whatever the number of workers."""
    import baokan.parallel as parallel
    import baokan.release.intake as intake
    import baokan.release.spool as spool

    rows = rows + make_records(120)[60:]
    rows[90] = dict(rows[90], text="不是段落")  # invalid, in a late piece
    rows.insert(100, dict(rows[70], title="重复"))  # duplicate id first seen at line 71
    lines = [orjson.dumps(r) for r in rows]
    lines.insert(80, b"{broken")
    data = tmp_path / "a.jsonl"
    data.write_bytes(b"\n".join(lines) + b"\n")
    monkeypatch.setattr(spool, "RUN_BYTES", 8192)
    opts = {"drop_invalid": True, "max_shard_bytes": 16384}
    serial = publish([data], tmp_path / "s", options(**opts))
    monkeypatch.setattr(parallel, "PARALLEL_MIN_BYTES", 0)
    assert len(intake.plan_pieces([data], workers, {"train": 1.0}, tmp_path, True, 10)) > 4
    parallel = publish([data], tmp_path / "p", options(workers=workers, **opts))
    assert len(list((parallel.path / "data").glob("train-*.parquet"))) > 2
    assert tree_digest(serial.path) == tree_digest(parallel.path)
    rejects = [json.loads(line) for line in (parallel.path / "rejects.jsonl").read_text().splitlines()]
    assert sorted(r["line"] for r in rejects) == [81, 92, 102]
    (duplicate,) = [r for r in rejects if r["errors"][0]["kind"] == "duplicate"]
    assert f"first seen at {data}:71" in duplicate["errors"][0]["message"]


def test_rejects_of_a_piece_are_renumbered_by_their_key() -> None:
    from baokan.release.rejects import _shift_reject

    line = orjson.dumps({"file": 'a,"line":7.jsonl', "line": 3, "errors": [], "record": {"line": 5}}) + b"\n"
    shifted = orjson.loads(_shift_reject(line, 100))
    assert (shifted["file"], shifted["line"], shifted["record"]) == ('a,"line":7.jsonl', 103, {"line": 5})


def test_a_refused_publish_reports_duplicate_ids_beside_invalid_records(tmp_path: Path, rows: list[dict]) -> None:
    bad = [dict(r) for r in rows[:4]]
    bad[1]["title"] = ""
    bad.append(dict(rows[2]))  # the id of line 3 again
    src = write_jsonl(tmp_path / "bad.jsonl", bad)
    with pytest.raises(InvalidDataError) as caught:
        publish([src], tmp_path / "out", PublishOptions(name="demo", version="1.0.0"))
    check = caught.value.result
    assert check is not None and check.records == 5 and check.invalid_records == 2
    assert [(e.line, e.kind) for e in check.errors] == [(2, "schema"), (5, "duplicate")]
    assert "first seen at " + str(src) + ":3" in check.errors[1].message
    assert not (tmp_path / "out" / "demo" / "1.0.0").exists()


def test_a_publish_leaves_the_temporary_folders_of_other_versions_alone(tmp_path: Path, articles: Path) -> None:
    """1.0.0's cleanup matched `.tmp-1.0.0-*`, which is also 1.0.0-rc.1's temporary folder: a
    publisher of the release candidate lost its work to a publisher of the release (issue 11,
    item 1). Only exactly this version's folders of dead publishers go."""
    import os
    import subprocess

    dataset = tmp_path / "out" / "demo"
    dataset.mkdir(parents=True)
    dead = subprocess.Popen(["true"])
    dead.wait()
    running = dataset / f".tmp-1.0.0-rc.1@{os.getpid()}-abcd1234"  # another version, being published
    legacy_other = dataset / ".tmp-1.0.0-rc.1-abcd1234"  # the old naming, another version
    stale = dataset / f".tmp-1.0.0@{dead.pid}-abcd1234"  # this version, its publisher killed
    legacy_stale = dataset / ".tmp-1.0.0-abcd1234"
    for folder in (running, legacy_other, stale, legacy_stale):
        (folder / "data").mkdir(parents=True)
    publish([articles], tmp_path / "out", options())
    assert running.is_dir() and legacy_other.is_dir()
    assert not stale.exists() and not legacy_stale.exists()


def test_a_release_candidate_and_its_release_published_at_once_both_verify(tmp_path: Path) -> None:
    import subprocess
    import sys

    big = write_jsonl(tmp_path / "big.jsonl", make_records(3000))
    out = tmp_path / "out"
    cli = [sys.executable, "-c", "from baokan.cli import main; main()"]
    for attempt in range(3):
        versions = [f"1.{attempt}.0-rc.1", f"1.{attempt}.0"]
        procs = [
            subprocess.Popen(
                [*cli, "publish", str(big), "--name", "demo", "--version", v, "--out", str(out), "-q"],
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
            )
            for v in versions
        ]
        for proc in procs:
            _, err = proc.communicate(timeout=300)
            assert proc.returncode == 0, err.decode()
        for v in versions:
            assert verify_release(out / "demo" / v).ok, v
    changelog = (out / "demo" / "CHANGELOG.md").read_text(encoding="utf-8")
    assert all(f"## 1.{a}.0" in changelog and f"## 1.{a}.0-rc.1" in changelog for a in range(3))


def test_the_dataset_folder_loads_the_latest_version_not_every_version_merged(tmp_path: Path) -> None:
    """load_dataset(OUT/NAME) on a folder of 1.0.0 and 1.1.0 read both versions' shards as one
    dataset (issue 15): the folder's own card points the default config at the latest release and
    gives each version a config."""
    from datasets import load_dataset

    out = tmp_path / "out"
    first, second = make_records(6), make_records(9)
    publish([write_jsonl(tmp_path / "a.jsonl", first)], out, options(version="1.0.0", split_ratios={"train": 1.0}))
    publish([write_jsonl(tmp_path / "b.jsonl", second)], out, options(version="1.1.0", split_ratios={"train": 1.0}))
    publish(
        [write_jsonl(tmp_path / "c.jsonl", second[:2])], out, options(version="2.0.0-rc.1", split_ratios={"train": 1.0})
    )
    folder = out / "demo"
    cache = str(tmp_path / "cache")
    assert load_dataset(str(folder), cache_dir=cache)["train"].num_rows == 9
    assert load_dataset(str(folder), "1.0.0", cache_dir=cache)["train"].num_rows == 6
    assert load_dataset(str(folder), "2.0.0-rc.1", cache_dir=cache)["train"].num_rows == 2
    assert "loads the latest release, **1.1.0**" in (folder / "README.md").read_text(encoding="utf-8")


def _split_rows(release: Path, split: str = "*") -> list[dict]:
    import pyarrow.parquet as pq

    rows: list[dict] = []
    for shard in sorted((release / "data").glob(f"{split}-*.parquet")):
        rows.extend(from_arrow_row(r) for r in pq.read_table(shard).to_pylist())
    return rows


def _varied(n: int) -> list[dict]:
    """Records of two papers over a year of days and eight pages, in no particular order."""
    from records_factory import make_article

    return [
        make_article(
            i,
            publication=("甲报", "乙报")[i % 2],
            date=f"2024-{1 + i * 7 % 12:02d}-{1 + i % 28:02d}",
            page=str(i % 8 + 1),
        ).to_dict()
        for i in range(n)
    ]


def test_rows_are_ordered_by_publication_date_and_page(tmp_path: Path) -> None:
    from baokan.release.spool import row_order_key

    rows = _varied(300)
    result = publish([write_jsonl(tmp_path / "a.jsonl", rows)], tmp_path / "out", options(max_shard_bytes=20_000))
    got = _split_rows(result.path, "train")
    assert len(list((result.path / "data").glob("train-*.parquet"))) > 1  # the order runs across shards
    assert sorted(r["id"] for r in got) == sorted(r["id"] for r in rows if r["id"] in {g["id"] for g in got})
    keys = [(r["source"]["publication"], r["source"]["date"] or "", r["source"]["page_number"], r["id"]) for r in got]
    assert keys == sorted(keys)
    assert [row_order_key(r) for r in got] == sorted(row_order_key(r) for r in got)


def test_a_repeated_id_is_found_whatever_its_place_in_the_row_order(tmp_path: Path, rows: list[dict]) -> None:
    # the second copy has another date and publication: the two are far apart in row order
    twin = dict(rows[5], title="另一个标题", source={**rows[5]["source"], "date": "1999-01-01", "publication": "甲报"})
    articles = write_jsonl(tmp_path / "a.jsonl", [*rows, twin])
    with pytest.raises(InvalidDataError) as info:
        publish([articles], tmp_path / "out", options())
    (error,) = info.value.result.errors
    assert (error.line, error.kind) == (len(rows) + 1, "duplicate")
    result = publish([articles], tmp_path / "out", options(drop_invalid=True))
    assert [r["title"] for r in _split_rows(result.path) if r["id"] == rows[5]["id"]] == [rows[5]["title"]]


def test_a_date_filter_reads_few_row_groups(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Row-group statistics are what DuckDB, Polars and pyarrow skip row groups by: with rows in
    date order, one day's rows lie in the row groups of that day alone (and at most one more
    on each side)."""
    import datetime

    import pyarrow.parquet as pq

    import baokan.release.writers as writers

    monkeypatch.setattr(writers, "ROW_GROUP_ROWS", 20)
    rows = _varied(400)
    result = publish([write_jsonl(tmp_path / "a.jsonl", rows)], tmp_path / "out", options(split_ratios={"train": 1.0}))
    groups = []
    for shard in sorted((result.path / "data").glob("*.parquet")):
        meta = pq.ParquetFile(shard).metadata
        column = meta.schema.to_arrow_schema().names.index("source")  # date is a leaf of the source struct
        for g in range(meta.num_row_groups):
            group = meta.row_group(g)
            stats = next(
                group.column(c).statistics
                for c in range(group.num_columns)
                if group.column(c).path_in_schema == "source.date"
            )
            groups.append((stats.min, stats.max, group.num_rows))
    assert column >= 0 and len(groups) >= 400 // 20
    dates = sorted({r["source"]["date"] for r in rows if r["source"]["date"]})
    day = datetime.date.fromisoformat(dates[len(dates) // 2])
    rows_of_day = sum(1 for r in rows if r["source"]["date"] == day.isoformat())
    read = [g for g in groups if g[0] is not None and g[0] <= day <= g[1]]
    assert len(read) <= -(-rows_of_day // 20) + 2, (len(read), len(groups))


def test_publish_loads_pyarrow_while_its_workers_read(
    tmp_path: Path, rows: list[dict], monkeypatch: pytest.MonkeyPatch
) -> None:
    """pyarrow (about 0.1 s to import) is not loaded by importing the publisher: a parallel
    publish loads it in a thread once the intake's workers have forked, off the critical path
    of a small job; the serial intake does not call back."""
    import subprocess
    import sys

    import baokan.parallel as parallel
    import baokan.release.intake as intake
    from baokan.release.rejects import Rejects
    from baokan.release.splits import SplitAssigner
    from baokan.release.spool import SplitSpool
    from baokan.validate import CheckResult

    script = "import sys, baokan.release.publisher\nprint('pyarrow' in sys.modules, 'numpy' in sys.modules)"
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True)
    assert done.stdout.split() == ["False", "False"], done.stderr

    source = write_jsonl(tmp_path / "a.jsonl", rows)
    calls: dict[str, int] = {}
    for name, min_bytes in (("serial", 1 << 40), ("parallel", 0)):
        folder = tmp_path / name
        folder.mkdir()
        assigner = SplitAssigner({"train": 1.0})
        spools = {"train": SplitSpool(folder, "train")}
        monkeypatch.setattr(parallel, "PARALLEL_MIN_BYTES", min_bytes)
        with Rejects(folder / "rejects.jsonl", False, CheckResult(files=1)) as rejects:
            read = intake.read_inputs(
                [source],
                spools,
                assigner,
                folder,
                2,
                rejects,
                None,
                while_reading=lambda name=name: calls.__setitem__(name, calls.get(name, 0) + 1),
            )
        assert read.records == len(rows)
    assert calls == {"parallel": 1}


def test_listed_duplicates_and_a_repeated_id_are_left_out(tmp_path: Path, rows: list[dict]) -> None:
    twin = dict(rows[5], title="另一个标题", source={**rows[5]["source"], "date": "1999-01-01"})
    articles = write_jsonl(tmp_path / "a.jsonl", [*rows, twin])
    listed = sorted(r["id"] for r in rows[10:40:3])
    duplicates = tmp_path / "duplicates.jsonl"
    duplicates.write_text("".join(json.dumps({"id": i, "kept": rows[0]["id"]}) + "\n" for i in listed))
    result = publish([articles], tmp_path / "out", options(drop_invalid=True, duplicates_file=duplicates))
    got = _split_rows(result.path)
    assert sorted(r["id"] for r in got) == sorted(r["id"] for r in rows if r["id"] not in listed)
    assert [r["title"] for r in got if r["id"] == rows[5]["id"]] == [rows[5]["title"]]
    assert result.duplicates == len(listed) and result.rejected == 1


@given(
    marked=st.lists(st.tuples(st.integers(0, 3), st.integers(0, 5000)), max_size=300),
    asked=st.lists(st.tuples(st.integers(0, 4), st.integers(0, 6000)), max_size=300),
)
def test_the_left_out_bitmap_answers_as_a_set_of_arrival_numbers(
    marked: list[tuple[int, int]], asked: list[tuple[int, int]]
) -> None:
    # the duplicates a split leaves out are held a bit per arrival number (an input's or piece's
    # number, then a line): marks repeat, arrive in any order, lookups go past the last line marked
    # and to pieces with none
    from baokan.release.intake import SEQ_SHIFT
    from baokan.release.publisher import _Bitmap, _LeftOut

    def seq(part: int, line: int) -> int:
        return part << SEQ_SHIFT | line

    bitmap = _Bitmap()
    for part, line in marked:
        bitmap.mark(seq(part, line))
    left_out = _LeftOut(bitmap, {})
    assert bitmap.count == len(set(marked)) and bool(left_out) == bool(marked)
    probes = [*asked, *marked]
    assert [seq(*x) in bitmap for x in probes] == [x in set(marked) for x in probes]
