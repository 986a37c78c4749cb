"""Upload a release to the Hugging Face Hub as one commit, tagged with the release's version, so
that `load_dataset(REPO_ID, revision=VERSION)` gives exactly that release.

`plan_push` says what would happen (the files with their sizes and sha256, the commit message,
the tag) without touching the network; `execute_push` carries a plan out against a Hub client
(`huggingface_hub.HfApi`, or any object with the same methods: the tests pass a fake one). The
release's files go to the root of the dataset repository, replacing what the previous version
left there, so the repository's card is the release's card. A tag is never moved: when the tag
exists and holds the same files, the release is already pushed; when it holds others, the push is
refused.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

from baokan.errors import InvalidDataError, ReleaseExistsError, UsageError
from baokan.release.files import sha256_file
from baokan.release.layout import MANIFEST
from baokan.release.manifest import read_manifest

REPO_TYPE = "dataset"
_REPO_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,95}/[A-Za-z0-9][A-Za-z0-9_.-]{0,95}$")
# files a Hub repository keeps whatever the release holds
_HUB_OWN = frozenset({".gitattributes"})


@dataclass(frozen=True)
class PushFile:
    path: str  # in the release folder and in the repository
    bytes: int
    sha256: str


@dataclass
class PushPlan:
    release: str
    repo_id: str
    version: str
    private: bool
    files: list[PushFile]

    @property
    def tag(self) -> str:
        return self.version

    @property
    def commit_message(self) -> str:
        return f"Release {self.version}"

    def to_dict(self) -> dict[str, Any]:
        return {
            "release": self.release,
            "repo_id": self.repo_id,
            "repo_type": REPO_TYPE,
            "private": self.private,
            "version": self.version,
            "commit_message": self.commit_message,
            "tag": self.tag,
            "files": [{"path": f.path, "bytes": f.bytes, "sha256": f.sha256} for f in self.files],
            "bytes": sum(f.bytes for f in self.files),
        }


@dataclass
class PushResult:
    plan: PushPlan
    commit: str | None  # the commit the tag points to
    already: bool = False  # the tag existed with the same files: nothing uploaded
    deleted: list[str] = field(default_factory=list)  # files of the previous version removed

    def to_dict(self) -> dict[str, Any]:
        return {**self.plan.to_dict(), "commit": self.commit, "already_pushed": self.already, "deleted": self.deleted}


class HubClient(Protocol):
    """The part of `huggingface_hub.HfApi` a push uses."""

    def create_repo(self, repo_id: str, *, repo_type: str, private: bool, exist_ok: bool) -> Any: ...
    def list_repo_refs(self, repo_id: str, *, repo_type: str) -> Any: ...
    def list_repo_files(self, repo_id: str, *, repo_type: str) -> list[str]: ...
    def get_paths_info(self, repo_id: str, paths: list[str], *, revision: str, repo_type: str) -> list[Any]: ...
    def create_commit(self, repo_id: str, operations: list[Any], *, commit_message: str, repo_type: str) -> Any: ...
    def create_tag(self, repo_id: str, *, tag: str, revision: str, repo_type: str) -> Any: ...


def plan_push(release: Path, repo_id: str, private: bool = False) -> PushPlan:
    """What a push of `release` to `repo_id` uploads. The release must pass `verify` (its files
    against its manifest, records not re-read): `InvalidDataError` otherwise."""
    from baokan.release.verify import verify_release

    if not _REPO_ID.match(repo_id):
        raise UsageError(f"{repo_id!r} is not a Hub repository id (OWNER/NAME)")
    release = Path(release)
    result = verify_release(release, revalidate=False)
    if not result.ok:
        first = result.problems[0]
        raise InvalidDataError(
            f"{release}: the release fails verify ({len(result.problems)} problems; first: {first.file}: "
            f"{first.message}); see `baokan verify {release}`"
        )
    manifest, _ = read_manifest(release)
    files = [PushFile(e["path"], int(e["bytes"]), str(e["sha256"])) for e in manifest["files"]]
    digest, size = sha256_file(release / MANIFEST)
    files.append(PushFile(MANIFEST, size, digest))
    return PushPlan(str(release), repo_id, str(manifest["version"]), private, sorted(files, key=lambda f: f.path))


def execute_push(plan: PushPlan, api: HubClient) -> PushResult:
    """Upload the plan's files as one commit and tag it with the version. `ReleaseExistsError`
    when the tag exists with other files (a tag is never moved)."""
    from huggingface_hub import CommitOperationAdd, CommitOperationDelete

    api.create_repo(plan.repo_id, repo_type=REPO_TYPE, private=plan.private, exist_ok=True)
    tagged = _tag_commit(api, plan)
    if tagged is not None:
        differing = _differing(api, plan, plan.tag)
        if differing:
            raise ReleaseExistsError(
                f"{plan.repo_id}: tag {plan.tag} exists (commit {tagged}) with other files ({', '.join(differing[:3])}"
                f"{'…' if len(differing) > 3 else ''}); a published version's tag is never moved: publish a new version"
            )
        return PushResult(plan, tagged, already=True)
    root = Path(plan.release)
    keep = {f.path for f in plan.files} | _HUB_OWN
    stale = sorted(p for p in api.list_repo_files(plan.repo_id, repo_type=REPO_TYPE) if p not in keep)
    operations: list[Any] = [
        CommitOperationAdd(path_in_repo=f.path, path_or_fileobj=str(root / f.path)) for f in plan.files
    ]
    operations += [CommitOperationDelete(path_in_repo=p) for p in stale]
    commit = api.create_commit(plan.repo_id, operations, commit_message=plan.commit_message, repo_type=REPO_TYPE)
    oid = str(commit.oid)
    api.create_tag(plan.repo_id, tag=plan.tag, revision=oid, repo_type=REPO_TYPE)
    return PushResult(plan, oid, deleted=stale)


def _tag_commit(api: HubClient, plan: PushPlan) -> str | None:
    refs = api.list_repo_refs(plan.repo_id, repo_type=REPO_TYPE)
    for tag in refs.tags:
        if tag.name == plan.tag:
            return str(tag.target_commit)
    return None


def _differing(api: HubClient, plan: PushPlan, revision: str) -> list[str]:
    """The plan's files that the repository at `revision` does not hold byte for byte."""
    found = {
        info.path: info
        for info in api.get_paths_info(
            plan.repo_id, [f.path for f in plan.files], revision=revision, repo_type=REPO_TYPE
        )
    }
    root = Path(plan.release)
    differing = []
    for f in plan.files:
        info = found.get(f.path)
        if info is None or not _same(info, f, root / f.path):
            differing.append(f.path)
    return differing


def _same(info: Any, file: PushFile, local: Path) -> bool:
    lfs = getattr(info, "lfs", None)
    if lfs is not None:
        return str(lfs.sha256) == file.sha256
    return str(getattr(info, "blob_id", "")) == git_blob_id(local)


def git_blob_id(path: Path) -> str:
    """The git object id of a file's bytes (what the Hub gives for a file not stored in LFS)."""
    data = path.read_bytes()
    return hashlib.sha1(b"blob %d\0" % len(data) + data, usedforsecurity=False).hexdigest()


def push_release(plan: PushPlan, token: str) -> PushResult:
    """`execute_push` against the Hub itself. A refusal by the Hub or a network failure is an
    `OutputError` naming the repository."""
    from huggingface_hub import HfApi
    from huggingface_hub.errors import HfHubHTTPError

    from baokan.errors import OutputError

    try:
        return execute_push(plan, HfApi(token=token))
    except (HfHubHTTPError, OSError) as exc:
        raise OutputError(f"hf://datasets/{plan.repo_id}", f"the push failed: {exc}") from exc
