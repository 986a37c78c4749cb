"""Where a release's files live, and the rules for names and versions."""

from __future__ import annotations

import re
from pathlib import Path

from baokan.errors import UsageError

# Semantic versioning 2.0.0 (https://semver.org), without build metadata: it may not hold '/' or '..'.
_SEMVER = re.compile(
    r"^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)"
    r"(?:-((?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*)(?:\.(?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*))*))?$"
)
_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,95}$")

MANIFEST = "manifest.json"
CARD = "README.md"
SCHEMA_COPY = "article.schema.json"
REJECTS = "rejects.jsonl"
DUPLICATES = "duplicates.jsonl"
INPUTS = "inputs.jsonl"
CHANGELOG = "CHANGELOG.md"
CROISSANT = "croissant.json"
DATA_DIR = "data"
JSONL_DIR = "jsonl"


def check_name(name: str) -> str:
    """A dataset name: letters, digits, '.', '_', '-'; no path separators, no '..'."""
    # fullmatch, not match: `$` also matches before a final "\n", which would let "demo\n" through.
    if not isinstance(name, str) or not _NAME.fullmatch(name) or ".." in name:
        raise UsageError(
            f"invalid dataset name {name!r}: use letters, digits, '.', '_' and '-' "
            "(starting with a letter or digit, no '..', at most 96 characters)"
        )
    return name


def check_version(version: str) -> str:
    """A release version: semantic versioning X.Y.Z (optionally -prerelease)."""
    if not isinstance(version, str) or not _SEMVER.fullmatch(version):
        raise UsageError(f"invalid version {version!r}: expected semantic version X.Y.Z, e.g. 1.0.0")
    return version


def version_key(version: str) -> tuple[int, int, int, int, str]:
    """Sort key: numeric X.Y.Z, a pre-release before its release."""
    match = _SEMVER.fullmatch(version)
    if not match:
        raise UsageError(f"invalid version {version!r}")
    major, minor, patch, pre = match.groups()
    return (int(major), int(minor), int(patch), 0 if pre else 1, pre or "")


def shard_name(split: str, index: int, count: int, suffix: str) -> str:
    return f"{split}-{index:05d}-of-{count:05d}{suffix}"


def existing_versions(dataset_dir: Path) -> list[str]:
    """Published versions in a dataset folder, oldest first (temporary folders are ignored)."""
    if not dataset_dir.is_dir():
        return []
    versions = [p.name for p in dataset_dir.iterdir() if p.is_dir() and _SEMVER.fullmatch(p.name)]
    return sorted(versions, key=version_key)
