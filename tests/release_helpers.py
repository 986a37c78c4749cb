"""Helpers shared by the release tests."""

from __future__ import annotations

import hashlib
from pathlib import Path

import orjson


def tree_digest(root: Path) -> dict[str, str]:
    """sha256 of every file below root, by relative path: equal digests mean identical trees."""
    return {
        p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


def write_jsonl(path: Path, rows: list[dict]) -> Path:
    path.write_bytes(b"".join(orjson.dumps(r) + b"\n" for r in rows))
    return path
