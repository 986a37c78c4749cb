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


DEDUP_CHARS = 1000  # characters per article of the dedup stage: ~3 KB of UTF-8 Chinese text


def dedup_articles(jsonl: str, n: int) -> list[str]:
    """Up to `n` distinct ~3 KB articles: the bodies of the JSONL joined and cut every 1,000
    characters."""
    import orjson

    texts, pending, size = [], [], 0
    with open(jsonl, "rb") as handle:
        for line in handle:
            if not line.strip():
                continue
            text = orjson.loads(line).get("text") or ""
            pending.append(text)
            size += len(text)
            while size >= DEDUP_CHARS and len(texts) < n:
                joined = "".join(pending)
                texts.append(joined[:DEDUP_CHARS])
                rest = joined[DEDUP_CHARS:]
                pending, size = [rest], len(rest)
            if len(texts) >= n:
                break
    return texts


def _timed(run: Callable[[], None], texts: list[str]) -> dict[str, Any]:
    import time

    wall, cpu = time.perf_counter(), time.process_time()
    run()
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    return {
        "records": len(texts),
        "bytes": sum(len(t.encode("utf-8")) for t in texts),
        "seconds": wall,
        "cpu_seconds": cpu,
    }


def dedup_sigs(jsonl: str, n: str) -> dict[str, Any]:
    """baokan.dedup's signatures (body and lead) + LSH candidates, in batches as `find_clusters`
    makes them, timed inside the process (after one small warm-up batch that builds the
    normalization table, a once-per-process cost like the imports)."""
    from baokan.dedup import BATCH, DedupParams, SketchStore, candidates, sketch_texts

    texts = dedup_articles(jsonl, int(n))
    params = DedupParams()
    sketch_texts(texts[:8], params)

    def run() -> None:
        with SketchStore(params.num_perm, params.lead_perm) as store:
            for k in range(0, len(texts), BATCH):
                store.add(sketch_texts(texts[k : k + BATCH], params))
            candidates(store.sketches(), params)

    return _timed(run, texts)


def floor_datasketch(jsonl: str, n: str) -> dict[str, Any]:
    """datasketch's plain loop: MinHash.update per 4-gram (128 permutations), then MinHashLSH
    (threshold 0.8) insert; timed inside the process."""
    from datasketch import MinHash, MinHashLSH

    texts = dedup_articles(jsonl, int(n))

    def run() -> None:
        lsh = MinHashLSH(threshold=0.8, num_perm=128)
        for k, text in enumerate(texts):
            m = MinHash(num_perm=128)
            for i in range(max(len(text) - 3, 1)):
                m.update(text[i : i + 4].encode("utf-8"))
            lsh.insert(str(k), m)

    return _timed(run, texts)


def dedup_synthetic(out: str, n: str) -> dict[str, Any]:
    """Write `n` synthetic records of 1,000 random hanzi (~3 KB), every tenth a near copy of the
    one before (10 characters changed), for the dedup memory runs."""
    import numpy as np
    import orjson

    rng = np.random.default_rng(0)
    alphabet = np.arange(0x4E00, 0x4E00 + 3000, dtype=np.uint32)
    count = int(n)
    with open(out, "wb") as handle:
        for start in range(0, count, 10_000):
            rows = rng.choice(alphabet, size=(min(10_000, count - start), DEDUP_CHARS))
            for k in range(len(rows)):
                i = start + k
                row = rows[k]
                if i % 10 == 9:
                    row = rows[k - 1].copy()
                    row[rng.integers(0, DEDUP_CHARS, 10)] = alphabet[0]
                record = {"id": f"{i:016x}-{i:05d}", "text": row.tobytes().decode("utf-32-le")}
                handle.write(orjson.dumps({**record, "source": {"date": "2025-06-01"}}) + b"\n")
    return {"records": count}


FLOORS: dict[str, Callable[..., dict[str, Any]]] = {
    "--_dedup-synthetic": dedup_synthetic,
    "--_dedup-sigs": dedup_sigs,
    "--_floor-datasketch": floor_datasketch,
    "--_floor-segment": floor_segment,
    "--_floor-orjson": floor_orjson,
    "--_floor-jsonschema": floor_jsonschema,
    "--_floor-pyarrow": floor_pyarrow,
    "--_floor-datasets": floor_datasets,
}
