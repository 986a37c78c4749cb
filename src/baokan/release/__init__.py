"""Versioned releases: Parquet + JSONL.gz shards, dataset card, manifest, verification.

The names below are imported on first use, so `import baokan.release.diff` (or the CLI
starting up) does not pay for pyarrow and jsonschema until they are needed.
"""

from __future__ import annotations

from importlib import import_module
from typing import Any

_EXPORTS = {
    "check_name": "baokan.release.layout",
    "check_version": "baokan.release.layout",
    "PublishOptions": "baokan.release.publisher",
    "PublishResult": "baokan.release.publisher",
    "publish": "baokan.release.publisher",
    "VerifyResult": "baokan.release.verify",
    "verify_release": "baokan.release.verify",
}

__all__ = sorted(_EXPORTS)


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'baokan.release' has no attribute {name!r}")
    return getattr(import_module(module), name)
