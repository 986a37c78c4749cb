"""The baselines: `bench --_floor-NAME ARGS...` runs one of them as its own process. Each prints one
JSON line with what it processed, so the bench can check it saw the same data as the command."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import Any


def floor_segment(corpus: str) -> dict[str, Any]:
    """Read, UTF-8-decode and split the lines of every page."""
    pages = nbytes = lines = 0
    for path in sorted(Path(corpus).rglob("*.txt")):
        data = path.read_bytes()
        text = data.decode("utf-8")
        lines += len(text.splitlines())
        pages += 1
        nbytes += len(data)
    return {"pages": pages, "bytes": nbytes, "lines": lines}


def floor_orjson(jsonl: str) -> dict[str, Any]:
    """Parse the JSONL line by line with orjson."""
    import orjson

    records = 0
    with open(jsonl, "rb") as handle:
        for line in handle:
            if line.strip():
                orjson.loads(line)
                records += 1
    return {"records": records}


def floor_jsonschema(jsonl: str) -> dict[str, Any]:
    """A jsonschema Draft 2020-12 iter_errors loop over the records (format checker on)."""
    import orjson
    from jsonschema import Draft202012Validator

    from baokan.schema import article_schema

    validator = Draft202012Validator(article_schema(), format_checker=Draft202012Validator.FORMAT_CHECKER)
    records = errors = 0
    with open(jsonl, "rb") as handle:
        for line in handle:
            if line.strip():
                for _ in validator.iter_errors(orjson.loads(line)):
                    errors += 1
                records += 1
    return {"records": records, "errors": errors}


def floor_pyarrow(jsonl: str, out: str) -> dict[str, Any]:
    """pyarrow.json.read_json + pyarrow.parquet.write_table (zstd)."""
    import pyarrow.json as pj
    import pyarrow.parquet as pq

    table = pj.read_json(jsonl)
    pq.write_table(table, out, compression="zstd")
    return {"records": table.num_rows}


def floor_datasets(jsonl: str, out: str, cache: str) -> dict[str, Any]:
    """datasets.load_dataset("json") + Dataset.to_parquet, offline, in a fresh cache folder."""
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("HF_DATASETS_OFFLINE", "1")
    from datasets import disable_progress_bars, load_dataset

    disable_progress_bars()
    ds = load_dataset("json", data_files=jsonl, cache_dir=cache, split="train")
    ds.to_parquet(out)
    return {"records": ds.num_rows}


FLOORS: dict[str, Callable[..., dict[str, Any]]] = {
    "--_floor-segment": floor_segment,
    "--_floor-orjson": floor_orjson,
    "--_floor-jsonschema": floor_jsonschema,
    "--_floor-pyarrow": floor_pyarrow,
    "--_floor-datasets": floor_datasets,
}
