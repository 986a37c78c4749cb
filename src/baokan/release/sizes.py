"""Human-readable sizes for options such as --max-shard-size."""

from __future__ import annotations

import re

from baokan.errors import UsageError

_UNITS = {"": 1, "b": 1, "kb": 1000, "mb": 1000**2, "gb": 1000**3, "kib": 1024, "mib": 1024**2, "gib": 1024**3}
_SIZE = re.compile(r"\s*(\d+(?:\.\d+)?)\s*([a-zA-Z]*)\s*")


def parse_size(text: str) -> int:
    """`500MB` → 500_000_000, `1GiB` → 1_073_741_824, `4096` → 4096."""
    match = _SIZE.fullmatch(text)
    if not match or match.group(2).lower() not in _UNITS:
        raise UsageError(f"invalid size {text!r}: use e.g. 500MB, 1GiB or a number of bytes")
    return int(float(match.group(1)) * _UNITS[match.group(2).lower()])
