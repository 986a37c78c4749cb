"""Records of an older article schema → records of this one (`baokan migrate`).

Article schema 2.0.0 turned `source.page` from an integer into the page label as printed (`3`,
`A3`, `要闻2`) and added `source.page_number`. A 1.x record carries everything a 2.0.0 record needs:
`records.migrate_record` rewrites it (the integer becomes the label and the number). Schema 2.1.0
added the layout fields (`source.page_index`, `source.region_unit`, `regions`), null or empty
for records of page text, which is what 2.0.0 records become. Records of this version pass
through unchanged; any other problem is left to `baokan validate`.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import orjson

from baokan.errors import InputError
from baokan.outputs import atomic_output
from baokan.recordio import iter_records
from baokan.records import migrate_record

__all__ = ["MigrateSummary", "migrate_files"]


@dataclass(slots=True)
class MigrateSummary:
    files: int = 0
    records: int = 0
    migrated: int = 0


def migrate_files(inputs: Iterable[str | Path], output: Path) -> MigrateSummary:
    """Read every record of `inputs` (JSONL, JSONL.gz, Parquet, release folders) and write them,
    migrated, to the JSON Lines file `output` (written whole or not at all). A line that is not a
    JSON object raises `InputError` naming its file and line; nothing is written then."""
    summary = MigrateSummary()
    with atomic_output(output) as handle:
        for path in inputs:
            summary.files += 1
            for raw in iter_records(path):
                if raw.error is not None:
                    raise InputError(raw.file, raw.error, raw.line)
                if not isinstance(raw.data, dict):
                    raise InputError(raw.file, "not a JSON object", raw.line)
                record = migrate_record(raw.data)
                summary.records += 1
                summary.migrated += record is not raw.data
                handle.write(orjson.dumps(record) + b"\n")
    return summary
