"""baokan.release.manifest: made from what was written, checked against its schema on the way."""

from __future__ import annotations

from pathlib import Path

import pytest

from baokan.release import PublishOptions, publish
from baokan.release.manifest import MANIFEST_VERSION, read_manifest, schema_problems, write_manifest
from baokan.schema import manifest_schema
from records_factory import make_records
from release_helpers import write_jsonl


@pytest.fixture
def release(tmp_path: Path) -> Path:
    src = write_jsonl(tmp_path / "a.jsonl", make_records(12))
    return publish([src], tmp_path / "out", PublishOptions(name="demo", version="1.0.0")).path


def test_a_published_manifest_follows_its_schema(release: Path) -> None:
    manifest, problem = read_manifest(release)
    assert problem is None and schema_problems(manifest) == []
    assert (
        manifest["manifest_version"] == MANIFEST_VERSION == manifest_schema()["properties"]["manifest_version"]["const"]
    )
    listed = {entry["path"] for entry in manifest["files"]}
    on_disk = {p.relative_to(release).as_posix() for p in release.rglob("*") if p.is_file()} - {"manifest.json"}
    assert listed == on_disk
    assert manifest["records"] == sum(s["rows"] for s in manifest["splits"].values()) == 12


def test_a_manifest_that_breaks_the_schema_is_never_written(release: Path) -> None:
    manifest, _ = read_manifest(release)
    before = (release / "manifest.json").read_bytes()
    broken = {**manifest, "records": -1, "extra": True}
    with pytest.raises(RuntimeError, match=r"breaks manifest\.schema\.json: .*\$\.records"):
        write_manifest(release, broken)
    assert (release / "manifest.json").read_bytes() == before
    assert any(p.startswith("$: Additional properties") for p in schema_problems(broken))


def test_a_damaged_manifest_is_a_problem_not_a_crash(release: Path) -> None:
    (release / "manifest.json").write_bytes(b"{not json")
    manifest, problem = read_manifest(release)
    assert manifest is None and problem is not None and problem.startswith("not valid JSON")
