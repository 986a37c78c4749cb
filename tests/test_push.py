"""release.push and `baokan push`: the plan, and a push carried out against a fake Hub client
(no test touches the network)."""

from __future__ import annotations

import json
import shutil
from dataclasses import dataclass, field
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
from click.testing import CliRunner

from baokan.cli.group import _register, cli
from baokan.errors import InvalidDataError, ReleaseExistsError, UsageError
from baokan.release.push import execute_push, git_blob_id, plan_push

REPO = Path(__file__).resolve().parents[1]
BUNDLED = REPO / "data" / "releases" / "lvliang-daily" / "1.0.0"

_register()


@pytest.fixture
def release(tmp_path: Path) -> Path:
    copy = tmp_path / "lvliang-daily" / "1.0.0"
    shutil.copytree(BUNDLED, copy)
    return copy


@dataclass
class FakeHub:
    """A Hub repository in memory: its files at main, its tags, and every call made."""

    files: dict[str, bytes] = field(default_factory=lambda: {".gitattributes": b"*.parquet filter=lfs\n"})
    tags: dict[str, tuple[str, dict[str, bytes]]] = field(default_factory=dict)  # tag → (commit, files)
    calls: list[str] = field(default_factory=list)

    def create_repo(self, repo_id: str, *, repo_type: str, private: bool, exist_ok: bool) -> None:
        self.calls.append(f"create_repo {repo_id} {repo_type} private={private}")

    def list_repo_refs(self, repo_id: str, *, repo_type: str) -> Any:
        return SimpleNamespace(tags=[SimpleNamespace(name=t, target_commit=c) for t, (c, _) in self.tags.items()])

    def list_repo_files(self, repo_id: str, *, repo_type: str) -> list[str]:
        return sorted(self.files)

    def get_paths_info(self, repo_id: str, paths: list[str], *, revision: str, repo_type: str) -> list[Any]:
        import hashlib

        held = self.tags[revision][1]
        out = []
        for path in paths:
            if path in held:
                data = held[path]
                if path.endswith(".parquet"):  # stored in LFS: the Hub gives its sha256
                    out.append(SimpleNamespace(path=path, lfs=SimpleNamespace(sha256=hashlib.sha256(data).hexdigest())))
                else:
                    blob = hashlib.sha1(b"blob %d\0" % len(data) + data).hexdigest()
                    out.append(SimpleNamespace(path=path, lfs=None, blob_id=blob))
        return out

    def create_commit(self, repo_id: str, operations: list[Any], *, commit_message: str, repo_type: str) -> Any:
        for op in operations:
            if type(op).__name__ == "CommitOperationDelete":
                del self.files[op.path_in_repo]
            else:
                self.files[op.path_in_repo] = Path(op.path_or_fileobj).read_bytes()
        self.calls.append(f"commit {commit_message!r} {len(operations)} operations")
        return SimpleNamespace(oid=f"c{len(self.calls):039d}")

    def create_tag(self, repo_id: str, *, tag: str, revision: str, repo_type: str) -> None:
        assert tag not in self.tags, "a tag is never moved"
        self.tags[tag] = (revision, dict(self.files))
        self.calls.append(f"tag {tag} {revision}")


def test_the_plan_lists_every_file_with_its_size_and_sha256(release: Path) -> None:
    import hashlib

    plan = plan_push(release, "my-org/lvliang-daily")
    on_disk = sorted(p.relative_to(release).as_posix() for p in release.rglob("*") if p.is_file())
    assert [f.path for f in plan.files] == on_disk
    for f in plan.files:
        data = (release / f.path).read_bytes()
        assert (f.bytes, f.sha256) == (len(data), hashlib.sha256(data).hexdigest())
    assert (plan.version, plan.tag, plan.commit_message) == ("1.0.0", "1.0.0", "Release 1.0.0")


def test_a_push_uploads_one_commit_tags_it_and_removes_what_the_last_version_left(release: Path) -> None:
    hub = FakeHub()
    hub.files["data/train-00000-of-00002.parquet"] = b"a shard of the previous version"
    result = execute_push(plan_push(release, "my-org/lvliang-daily"), hub)
    assert result.deleted == ["data/train-00000-of-00002.parquet"] and not result.already
    assert hub.tags["1.0.0"][0] == result.commit
    expected = {p.relative_to(release).as_posix(): p.read_bytes() for p in release.rglob("*") if p.is_file()}
    assert hub.files == {**expected, ".gitattributes": b"*.parquet filter=lfs\n"}
    assert [c.split()[0] for c in hub.calls] == ["create_repo", "commit", "tag"]


def test_pushing_again_finds_the_tag_with_the_same_files(release: Path) -> None:
    hub = FakeHub()
    first = execute_push(plan_push(release, "my-org/lvliang-daily"), hub)
    again = execute_push(plan_push(release, "my-org/lvliang-daily"), hub)
    assert again.already and again.commit == first.commit
    assert sum(c.startswith("commit") for c in hub.calls) == 1


def test_a_tag_holding_other_files_is_never_moved(release: Path) -> None:
    hub = FakeHub()
    execute_push(plan_push(release, "my-org/lvliang-daily"), hub)
    hub.tags["1.0.0"][1]["README.md"] = b"another card"
    with pytest.raises(ReleaseExistsError, match=r"tag 1\.0\.0 exists .*\(README\.md\)"):
        execute_push(plan_push(release, "my-org/lvliang-daily"), hub)


def test_a_release_that_fails_verify_is_not_pushed(release: Path) -> None:
    (release / "README.md").write_text("changed", encoding="utf-8")
    with pytest.raises(InvalidDataError, match="fails verify"):
        plan_push(release, "my-org/lvliang-daily")
    with pytest.raises(UsageError, match="not a Hub repository id"):
        plan_push(BUNDLED, "no-slash")


def test_git_blob_id_is_gits(tmp_path: Path) -> None:
    path = tmp_path / "hello"
    path.write_bytes(b"hello\n")
    assert git_blob_id(path) == "ce013625030ba8dba906f756967f9e9ca394464a"  # `git hash-object hello`


def test_dry_run_prints_the_plan_in_text_and_json(release: Path) -> None:
    runner = CliRunner()
    text = runner.invoke(cli, ["push", str(release), "my-org/lvliang-daily", "--dry-run"])
    assert text.exit_code == 0, text.output
    assert "manifest.json" in text.stdout and text.stdout.rstrip().endswith("commit 'Release 1.0.0', tag 1.0.0")
    doc = runner.invoke(cli, ["push", str(release), "my-org/lvliang-daily", "--dry-run", "--format", "json"])
    plan = json.loads(doc.stdout)
    assert (plan["tag"], plan["repo_type"], len(plan["files"])) == ("1.0.0", "dataset", len(list(release.rglob("*.*"))))


def test_without_a_token_push_is_a_usage_error_naming_the_variable(
    release: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("MY_TOKEN", raising=False)
    result = CliRunner().invoke(cli, ["push", str(release), "my-org/lvliang-daily", "--token-env", "MY_TOKEN"])
    assert result.exit_code == 2 and "no Hugging Face token: set $MY_TOKEN" in result.stderr
