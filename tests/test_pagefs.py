"""Page sources given as fsspec URIs (`file://`, `memory://`) build the same records under the same
ids as the same tree given as a local path."""

from __future__ import annotations

import gzip
import shutil
import uuid
from collections.abc import Iterator
from pathlib import Path

import fsspec
import pytest

from baokan.build import build
from baokan.config import load_config
from baokan.errors import UsageError
from baokan.pagefs import find_uri_pages
from baokan.pages import collect_page_keys

REPO = Path(__file__).resolve().parent.parent
SEED = REPO / "data" / "raw" / "lvliang-daily" / "000_1102c3be27cc357c.txt"


def write_tree(raw: Path) -> None:
    """Pages at several depths, a sidecar, the `<publication>/<date>/<page>` convention, a file
    that is not a page and a folder that sorts between files."""
    text = SEED.read_text(encoding="utf-8")
    lines = text.splitlines(keepends=True)
    half = len(lines) // 2
    (raw / "吕梁日报" / "2023-04-11").mkdir(parents=True)
    (raw / "吕梁日报" / "2023-04-11" / "03.txt").write_text(text, encoding="utf-8")
    (raw / "b").mkdir()
    (raw / "b" / "p2.txt").write_text("".join(lines[half:]), encoding="utf-8")
    (raw / "b" / "p2.meta.json").write_text('{"publication": "边车报", "date": "2023-05-01"}', encoding="utf-8")
    (raw / "a.txt").write_text("".join(lines[:half]), encoding="utf-8")
    (raw / "c.txt").write_text("".join(lines[half // 2 :]), encoding="utf-8")
    (raw / "notes.md").write_text("not a page", encoding="utf-8")


def write_config(folder: Path, source: str) -> Path:
    config = folder / f"cfg-{uuid.uuid4().hex[:6]}.toml"
    config.write_text(
        f'name = "uri"\nversion = "1.0.0"\nout = "releases"\n[[sources]]\npath = "{source}"\n', encoding="utf-8"
    )
    return config


def release_content(release: Path) -> tuple[list[bytes], bytes]:
    shards = sorted((release / "jsonl").glob("*.gz"))
    records = [line for p in shards for line in gzip.decompress(p.read_bytes()).splitlines()]
    return records, (release / "inputs.jsonl").read_bytes()


@pytest.fixture
def memory_copy(tmp_path: Path) -> Iterator[str]:
    """The tree of `tmp_path/raw` copied to fsspec's in-memory file system, as memory://…/raw."""
    fs = fsspec.filesystem("memory")
    top = f"/baokan-test-{uuid.uuid4().hex}"
    for file in sorted((tmp_path / "raw").rglob("*")):
        if file.is_file():
            fs.pipe(f"{top}/raw/{file.relative_to(tmp_path / 'raw').as_posix()}", file.read_bytes())
    yield f"memory://{top}/raw"
    fs.rm(top, recursive=True)


@pytest.fixture
def tree(tmp_path: Path) -> Path:
    write_tree(tmp_path / "raw")
    return tmp_path


def test_uri_pages_are_listed_in_the_local_order_under_the_local_names(tree: Path, memory_copy: str) -> None:
    local = [key for _, key in collect_page_keys([tree / "raw"])]
    assert local == ["raw/a.txt", "raw/b/p2.txt", "raw/c.txt", "raw/吕梁日报/2023-04-11/03.txt"]
    by_file = list(find_uri_pages((tree / "raw").as_uri(), "*.txt"))
    assert [key for _, key in by_file] == local
    assert by_file[0][0] == (tree / "raw" / "a.txt").as_uri()
    assert [key for _, key in find_uri_pages(memory_copy, "*.txt")] == local
    assert list(find_uri_pages(f"{memory_copy}/b/p2.txt", "*.txt")) == [(f"{memory_copy}/b/p2.txt", "b/p2.txt")]


@pytest.mark.parametrize("kind", ["file", "memory"])
def test_a_build_from_a_uri_gives_the_records_of_the_local_build(tree: Path, memory_copy: str, kind: str) -> None:
    local = build(load_config(write_config(tree, "raw")), workers=1).published
    uri = (tree / "raw").as_uri() if kind == "file" else memory_copy
    config = load_config(write_config(tree, uri)).with_overrides(version="2.0.0")
    remote = build(config, workers=1).published  # one worker: the memory file system is this process's
    records, inputs = release_content(local.path)
    assert len(records) > 5
    assert release_content(remote.path) == (records, inputs)
    # the sidecar and the folder convention were read through fsspec too
    published = b"".join(records).decode()
    assert "边车报" in published and "2023-05-01" in published
    assert "吕梁日报" in published and "2023-04-11" in published


def test_a_missing_or_unknown_uri_is_a_config_error(tree: Path) -> None:
    with pytest.raises(UsageError, match=r"sources\[0\]\.path.*memory://nowhere-[0-9a-f]+/raw does not exist"):
        load_config(write_config(tree, f"memory://nowhere-{uuid.uuid4().hex}/raw"))
    with pytest.raises(UsageError, match="Protocol not known: nosuch"):
        load_config(write_config(tree, "nosuch://bucket/raw"))


def test_a_file_uri_refuses_a_link_out_of_its_source(tree: Path) -> None:
    outside = tree / "secret.txt"
    shutil.copy(SEED, outside)
    (tree / "raw" / "link.txt").symlink_to(outside)
    with pytest.raises(UsageError, match="outside the source folder"):
        list(find_uri_pages((tree / "raw").as_uri(), "*.txt"))
    assert any(key == "raw/link.txt" for _, key in find_uri_pages((tree / "raw").as_uri(), "*.txt", True))
