"""LSH banding over MinHash signatures: the candidate pairs whose signatures agree on a whole band.

With `bands` bands of `rows` values, a pair of Jaccard similarity s becomes a candidate with
probability 1 - (1 - s^rows)^bands. Candidates are then confirmed by their estimated Jaccard
(`minhash.estimated_jaccard`), so a false candidate costs a comparison while a missed one costs
recall: `choose_bands` favours recall.
"""

from __future__ import annotations

import tempfile
from collections.abc import Iterator
from contextlib import ExitStack
from pathlib import Path

import numpy as np
import numpy.typing as npt

from baokan.dedup.clusters import Nodes, node_dtype
from baokan.dedup.minhash import BLOCK_ROWS, Matrix, row_block

Pairs = npt.NDArray[np.int64]  # shape (k, 2), each row (i, j) with i < j
# In a bucket bigger than this (many copies), each member is paired with its next
# BUCKET_REACH - 1 neighbours instead of all members: enough to connect the cluster even where
# some neighbours do not confirm, and pairs stay under 7 an article per band.
BUCKET_REACH = 8
# Pairs of the bands gathered before they are merged into the unique set (8 bytes each).
MERGE_PAIRS = 1 << 22
# Pairs `band_pairs` yields at a time (16 bytes each, and as many similarities to confirm them).
SLICE_PAIRS = 1 << 19
# Articles whose keys of a band are sorted at once (`_band_runs`); a larger corpus is cut into runs.
RUN_ROWS = 1 << 18
MAX_RUNS = 64  # files open at once while a band's runs are written: two a run


def candidate_probability(similarity: float, bands: int, rows: int) -> float:
    return float(1.0 - (1.0 - similarity**rows) ** bands)


def choose_bands(threshold: float, num_perm: int, margin: float = 0.1, recall: float = 0.995) -> tuple[int, int]:
    """(bands, rows) with bands * rows ≤ num_perm: the most rows (fewest false candidates) that
    still make a pair `margin` below the threshold a candidate with probability ≥ `recall`
    (estimates scatter around the true similarity, so such pairs can confirm)."""
    low = max(threshold - margin, 0.05)
    for rows in range(num_perm, 0, -1):
        bands = num_perm // rows
        if candidate_probability(low, bands, rows) >= recall:
            return bands, rows
    return num_perm, 1


def _block_keys(cols: npt.NDArray[np.uint32]) -> npt.NDArray[np.uint64]:
    """A 64-bit key per row of one band's columns (equal bands give equal keys)."""
    key = np.full(len(cols), np.uint64(0xCBF29CE484222325), dtype=np.uint64)
    for c in range(cols.shape[1]):
        key = (key ^ cols[:, c].astype(np.uint64)) * np.uint64(0x100000001B3)
        key ^= key >> np.uint64(29)
    return key


def _band_blocks(sigs: Matrix, band: int, rows: int) -> Iterator[tuple[int, npt.NDArray[np.uint64]]]:
    """(first row, keys) of one band, a block of rows at a time."""
    for start in range(0, len(sigs), BLOCK_ROWS):
        cols = row_block(sigs, start, start + BLOCK_ROWS)[:, band * rows : (band + 1) * rows]
        yield start, _block_keys(cols)


def band_keys(sigs: Matrix, band: int, rows: int) -> npt.NDArray[np.uint64]:
    """A 64-bit key per signature for one band."""
    out = np.empty(len(sigs), dtype=np.uint64)
    for start, keys in _band_blocks(sigs, band, rows):
        out[start : start + len(keys)] = keys
    return out


def _band_runs(sigs: Matrix, band: int, rows: int, run_rows: int, folder: Path | None) -> Iterator[tuple[Nodes, Nodes]]:
    """One band's buckets in key order: (each place's bucket number, the node at that place; a
    bucket's nodes in ascending order), a run at a time. A corpus of up to `run_rows` articles is
    one run; a larger one is cut by key (`key % runs`, so a bucket is never cut) into runs written
    to files in `folder` (a temporary folder when None) and sorted one at a time: a band then
    holds some 20 bytes for each article of one run, not of the corpus (up to MAX_RUNS runs; and
    a run holds a bucket whole, so one text copied across most of a corpus makes its run that
    large). Keys are dropped before a run is yielded: its pairs are made from 8 bytes a place."""
    n = len(sigs)
    runs = min(max(1, -(-n // run_rows)), MAX_RUNS)
    small = node_dtype(n)
    if runs == 1:
        keys = band_keys(sigs, band, rows)
        order = np.argsort(keys, kind="stable").astype(small)
        keys.sort()  # in place, not copied
        bucket = _bucket_numbers(keys)
        del keys
        yield bucket, order
        return
    with tempfile.TemporaryDirectory(prefix="band-", dir=folder) as tmp:
        paths = [(Path(tmp) / f"{r}.keys", Path(tmp) / f"{r}.nodes") for r in range(runs)]
        with ExitStack() as stack:
            files = [(stack.enter_context(open(k, "wb")), stack.enter_context(open(v, "wb"))) for k, v in paths]
            for start, keys in _band_blocks(sigs, band, rows):
                run_of = keys % np.uint64(runs)
                for r, (key_file, node_file) in enumerate(files):
                    mine = np.flatnonzero(run_of == r)
                    keys[mine].tofile(key_file)
                    (mine + start).astype(small).tofile(node_file)
        for key_path, node_path in paths:
            keys = np.fromfile(key_path, dtype=np.uint64)
            key_path.unlink()
            order = np.argsort(keys, kind="stable")  # nodes were written ascending: stable keeps them so
            keys = keys[order]
            bucket = _bucket_numbers(keys)
            del keys
            nodes = np.fromfile(node_path, dtype=small)[order]
            node_path.unlink()
            del order
            yield bucket, nodes
            del bucket, nodes  # before the next run is read


def sorted_unique(values: npt.NDArray[np.uint64]) -> npt.NDArray[np.uint64]:
    """`np.unique` by sorting. numpy 2.x's default hashes the values, and pair codes
    (`i * n + j`) are structured enough to make its table collide: on 400k copies of 166 texts
    it spent 77 of 86 seconds there, and its cost grew faster than the corpus."""
    ordered = np.sort(values)
    if len(ordered) < 2:
        return ordered
    keep = np.empty(len(ordered), dtype=bool)
    keep[0] = True
    np.not_equal(ordered[1:], ordered[:-1], out=keep[1:])
    return ordered[keep]


def _check_banding(sigs: Matrix, bands: int, rows: int) -> None:
    if bands * rows > sigs.shape[1]:
        raise ValueError(f"{bands} bands of {rows} rows need {bands * rows} MinHash values, not {sigs.shape[1]}")


def _band_codes(
    sigs: Matrix,
    band: int,
    rows: int,
    span: int = SLICE_PAIRS,
    run_rows: int | None = None,
    folder: Path | None = None,
) -> Iterator[npt.NDArray[np.uint64]]:
    """The pairs of one band as codes `i * n + j` (i < j), a run of keys, a distance and `span`
    positions of the key order at a time: each member of a bucket with its next BUCKET_REACH - 1
    neighbours. Held at once: one run's sorted keys and nodes (`_band_runs`) and one span's
    pairs, not a distance's (in a corpus of many copies, about one pair an article)."""
    n = len(sigs)
    for bucket, order in _band_runs(sigs, band, rows, run_rows or RUN_ROWS, folder):
        m = len(order)
        for d in range(1, BUCKET_REACH):
            found = False
            for start in range(0, m - d, span):
                end = min(start + span, m - d)
                same = bucket[start + d : end + d] == bucket[start:end]
                if not same.any():
                    continue
                found = True
                a = order[start:end][same]
                b = order[start + d : end + d][same]
                lo = np.minimum(a, b).astype(np.uint64)
                lo *= np.uint64(n)
                lo += np.maximum(a, b).astype(np.uint64)
                yield lo
            if not found:
                break  # no bucket holds d + 1 members: none holds more
        del bucket, order  # before the next run is read


def _bucket_numbers(sorted_keys: npt.NDArray[np.uint64]) -> Nodes:
    """Number the runs of equal keys in sorted keys: positions of one bucket share a number."""
    out = np.zeros(len(sorted_keys), dtype=node_dtype(len(sorted_keys)))
    np.cumsum(sorted_keys[1:] != sorted_keys[:-1], out=out[1:])
    return out


def _decode(codes: npt.NDArray[np.uint64], n: int) -> Pairs:
    if not len(codes):
        return np.zeros((0, 2), dtype=np.int64)
    return np.stack([codes // np.uint64(n), codes % np.uint64(n)], axis=1).astype(np.int64)


def candidate_pairs(sigs: Matrix, bands: int, rows: int) -> Pairs:
    """Every pair (i, j), i < j, that shares a bucket in at least one band, each pair once."""
    _check_banding(sigs, bands, rows)
    codes = np.zeros(0, dtype=np.uint64)
    found: list[npt.NDArray[np.uint64]] = []
    held = 0
    for band in range(bands):
        band_found = list(_band_codes(sigs, band, rows))
        found += band_found
        held += sum(len(f) for f in band_found)
        if held > MERGE_PAIRS:  # copies meet in every band: hold their pairs once
            codes = sorted_unique(np.concatenate([codes, *found]))
            found, held = [], 0
    return _decode(sorted_unique(np.concatenate([codes, *found])), len(sigs))


def band_pairs(
    sigs: Matrix,
    bands: int,
    rows: int,
    slice_pairs: int = SLICE_PAIRS,
    run_rows: int | None = None,
    folder: Path | None = None,
) -> Iterator[Pairs]:
    """The candidate pairs (i, j), i < j, band by band, each once within its band (a pair may come
    again in a later band), in slices of at most `slice_pairs`: what is held at a time is one
    band's keys and one slice, not a band's pairs (up to BUCKET_REACH - 1 an article)."""
    _check_banding(sigs, bands, rows)
    for band in range(bands):
        # a pair of one band is found at one distance only (its members' places in key order)
        for codes in _band_codes(sigs, band, rows, run_rows=run_rows, folder=folder):
            for start in range(0, len(codes), slice_pairs):
                yield _decode(codes[start : start + slice_pairs], len(sigs))
