"""One line of rejects.jsonl: a rejected record with where it came from and why."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import orjson


def reject_line(checked: Any) -> bytes:
    return (
        orjson.dumps(
            {
                "file": Path(checked.file).name,
                "line": checked.line,
                "errors": [
                    {"path": e.path, "message": e.message, "kind": e.kind} for e in checked.errors
                ],
                "record": checked.data,
            },
            default=_not_json,
        )
        + b"\n"
    )


def _not_json(value: Any) -> str:
    """A rejected record read from Parquet can hold values JSON has no type for (bytes, decimals,
    durations...): they are written as their Python repr, so the reject still shows what was there."""
    return repr(value)
