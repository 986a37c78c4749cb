"""The dataset folder's own card (`OUT/NAME/README.md`): `load_dataset(OUT/NAME)` must load one
version, not every version's shards merged (a folder holding 1.0.0 and 1.1.0 read as one dataset
of both). Its `configs` point the default at the latest release, and give each version a config of
its own (`load_dataset(OUT/NAME, "1.0.0")`). Rewritten by every publish of the dataset."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import yaml

from baokan.release.layout import MANIFEST, existing_versions, version_key

__all__ = ["dataset_card", "latest_version"]


def latest_version(versions: list[str]) -> str | None:
    """The newest release; a pre-release only when there is nothing else."""
    releases = [v for v in versions if "-" not in v]
    pool = releases or versions
    return max(pool, key=version_key) if pool else None


def dataset_card(dataset_dir: Path, name: str) -> str | None:
    """The card's text, or None when the folder holds no version with a manifest."""
    versions = [v for v in existing_versions(dataset_dir) if (dataset_dir / v / MANIFEST).is_file()]
    latest = latest_version(versions)
    if latest is None:
        return None
    configs: list[dict[str, Any]] = [
        {"config_name": "default", "default": True, "data_files": _files(dataset_dir, latest)}
    ]
    configs += [{"config_name": v, "data_files": _files(dataset_dir, v)} for v in reversed(versions)]
    front = yaml.safe_dump({"pretty_name": name, "configs": configs}, sort_keys=False, allow_unicode=True, width=1000)
    listed = "\n".join(f"- [{v}]({v}/README.md)" for v in reversed(versions))
    return (
        f"---\n{front}---\n\n# {name}\n\n"
        f"Every published version of the dataset `{name}` is a folder here with its own card, manifest and "
        f'checksums. `load_dataset("<this folder>")` loads the latest release, **{latest}**; '
        f'`load_dataset("<this folder>", "VERSION")` loads another. What changed between versions is in '
        f"[CHANGELOG.md](CHANGELOG.md).\n\n{listed}\n"
    )


def _files(dataset_dir: Path, version: str) -> list[dict[str, str]]:
    manifest = json.loads((dataset_dir / version / MANIFEST).read_text(encoding="utf-8"))
    return [
        {"split": split, "path": f"{version}/data/{split}-*.parquet"}
        for split, entry in manifest["splits"].items()
        if entry["rows"] > 0
    ]
