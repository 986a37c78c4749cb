"""A release's digest: the sha256 of its `manifest.json`, which lists the sha256 of every other
file, so one value pins the whole release. `publish` and `build` print it and write it into the
dataset-level CHANGELOG.md; `verify --digest` checks a release against a pinned one, and `verify`
alone against the one the changelog beside it recorded."""

from __future__ import annotations

import re
from pathlib import Path

from baokan.release.files import sha256_file
from baokan.release.layout import CHANGELOG, MANIFEST

PREFIX = "sha256:"
_PINNED_RE = re.compile(r"^[0-9a-f]{64}$")
_RECORDED_RE = re.compile(r"^Release digest: `sha256:([0-9a-f]{64})`", re.MULTILINE)


def release_digest(release: Path) -> str:
    """`sha256:<hex>` of the release's manifest.json."""
    digest, _ = sha256_file(release / MANIFEST)
    return PREFIX + digest


def parse_digest(text: str) -> str | None:
    """A pinned digest as given by a user (`sha256:<hex>` or the bare hex) → `sha256:<hex>`, or
    None when it is not one."""
    value = text.strip().lower().removeprefix(PREFIX)
    return PREFIX + value if _PINNED_RE.match(value) else None


def changelog_line(version: str, digest: str) -> str:
    """The line a changelog entry records the digest with."""
    return f"Release digest: `{digest}` (sha256 of `{version}/{MANIFEST}`; `baokan verify --digest` checks it)."


def recorded_digest(release: Path) -> str | None:
    """The digest the dataset-level CHANGELOG.md beside the release recorded for its version."""
    path = release.parent / CHANGELOG
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return None
    section = _version_section(text, release.name)
    match = _RECORDED_RE.search(section) if section else None
    return PREFIX + match.group(1) if match else None


def _version_section(text: str, version: str) -> str | None:
    lines = text.splitlines()
    for i, line in enumerate(lines):
        if line.strip() == f"## {version}" or line.startswith(f"## {version} "):
            end = next((j for j in range(i + 1, len(lines)) if lines[j].startswith("## ")), len(lines))
            return "\n".join(lines[i:end])
    return None
