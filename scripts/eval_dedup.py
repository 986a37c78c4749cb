#!/usr/bin/env python3
"""Pair precision and recall of `baokan dedup` on reprint sets with known clusters, made from the
development corpora (`baokan.devtools.reprints`), for a grid of parameters: how the defaults
(shingle size, permutations, min_share) were chosen. Needs ../shared/corpora.

    .venv/bin/python scripts/eval_dedup.py [--seeds 10] [--days dev|heldout|all] [--ngram 4,5,6]
        [--perm 64,128,256] [--min-share 0.3] [--trim-keeps 2] [--lead-share 0.2]
        [--threshold 0.8]
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from baokan.dedup import DedupItem, DedupParams, find_clusters
from baokan.devtools.pdgen import DEV_DAYS, HELDOUT_DAYS
from baokan.devtools.reprints import load_sources, make_reprint_set, pair_scores

CORPORA = Path(__file__).resolve().parent.parent.parent / "shared" / "corpora"


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--seeds", type=int, default=10)
    ap.add_argument("--days", choices=("dev", "heldout", "all"), default="dev")
    ap.add_argument("--ngram", default="4,5,6")
    ap.add_argument("--perm", default="64,128,256")
    ap.add_argument("--min-share", default="0.3")
    ap.add_argument("--trim-keeps", type=int, default=2)
    ap.add_argument("--lead-share", type=float, default=0.2, help="how much of its original a follow-up repeats")
    ap.add_argument("--threshold", type=float, default=0.8)
    args = ap.parse_args()
    sources = load_sources(CORPORA)
    if not sources:
        print(f"development corpora absent: {CORPORA}", file=sys.stderr)
        return 2
    days = {"dev": DEV_DAYS, "heldout": HELDOUT_DAYS, "all": tuple({s.day for s in sources})}[args.days]
    sources = [s for s in sources if s.day in days]
    sets = [
        make_reprint_set(sources, seed=seed, trim_keeps=args.trim_keeps, lead_share=args.lead_share)
        for seed in range(args.seeds)
    ]
    print(f"{len(sources)} source articles ({args.days}), {args.seeds} sets, {sum(map(len, sets))} articles")
    print("ngram perm min_share  precision  recall  worst-P  worst-R  seconds")
    for n in map(int, args.ngram.split(",")):
        for perm in map(int, args.perm.split(",")):
            for share in map(float, args.min_share.split(",")):
                params = DedupParams(threshold=args.threshold, ngram=n, num_perm=perm, min_share=share)
                correct = predicted = true = 0
                worst_p = worst_r = 1.0
                start = time.perf_counter()
                for arts in sets:
                    got = find_clusters([DedupItem(a.id, a.text, a.date) for a in arts], params)
                    scores = pair_scores({a.id: a.cluster for a in arts}, {m.id: m.cluster for m in got})
                    correct += scores.correct_pairs
                    predicted += scores.predicted_pairs
                    true += scores.true_pairs
                    worst_p, worst_r = min(worst_p, scores.precision), min(worst_r, scores.recall)
                seconds = time.perf_counter() - start
                print(
                    f"{n:5d} {perm:4d} {share:9.2f}  {correct / max(predicted, 1):9.4f}  {correct / max(true, 1):6.4f}"
                    f"  {worst_p:7.4f}  {worst_r:7.4f}  {seconds:7.2f}"
                )
    return 0


if __name__ == "__main__":
    sys.exit(main())
