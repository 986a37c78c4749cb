"""Versioned releases: Parquet + JSONL.gz shards, dataset card, manifest, verification."""

from baokan.release.layout import check_name, check_version
from baokan.release.publish import PublishOptions, PublishResult, publish
from baokan.release.verify import VerifyResult, verify_release

__all__ = [
    "PublishOptions",
    "PublishResult",
    "VerifyResult",
    "check_name",
    "check_version",
    "publish",
    "verify_release",
]
