#!/usr/bin/env python
"""LSH candidate pairs on heavily duplicated signatures (a wire story reprinted thousands of times,
or a generated corpus that renders few source articles again and again): CPU time at n and 4n
articles, the merge by sorting (`lsh.sorted_unique`) against numpy's own `np.unique` in the same
run.

    python scripts/bench_lsh.py [--articles 100000] [--texts 166]
"""

from __future__ import annotations

import argparse
import sys
import time

import numpy as np

from baokan.dedup import DedupParams, lsh


def _cpu(n: int, texts: int, unique: object) -> float:
    params = DedupParams()
    bands, rows = params.banding()
    rng = np.random.default_rng(0)
    base = rng.integers(0, 2**32, size=(texts, params.num_perm), dtype=np.uint32)
    sigs = base[rng.integers(0, texts, size=n)]
    saved = lsh.sorted_unique
    lsh.sorted_unique = unique  # type: ignore[assignment]
    try:
        start = time.process_time()
        lsh.candidate_pairs(sigs, bands, rows)
        return time.process_time() - start
    finally:
        lsh.sorted_unique = saved


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--articles", type=int, default=100_000)
    parser.add_argument("--texts", type=int, default=166)
    args = parser.parse_args()
    print(f"{'articles':>9} {'np.unique (s)':>14} {'sorted_unique (s)':>18} {'speed-up':>9}")
    for n in (args.articles, 4 * args.articles):
        old, new = _cpu(n, args.texts, np.unique), _cpu(n, args.texts, lsh.sorted_unique)
        print(f"{n:>9,} {old:>14.2f} {new:>18.2f} {old / new:>8.1f}x")
    return 0


if __name__ == "__main__":
    sys.exit(main())
