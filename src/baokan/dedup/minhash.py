"""MinHash signatures of texts: shingle hashes (numpy, `shingles.py`) sketched by rensa.

rensa (a maintained Rust MinHash library) turns one flat buffer of token hashes with row offsets
into a digest matrix in one call; measured against datasketch and a numpy sketch in
`scripts/bench dedup`, it is the fastest of the three by far (README, "Near duplicates").
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import numpy.typing as npt
import rensa

from baokan.dedup.shingles import shingle_hashes

Signatures = npt.NDArray[np.uint32]


def signatures(texts: Sequence[str], *, ngram: int, num_perm: int, seed: int) -> Signatures:
    """One row of `num_perm` 32-bit MinHash values per text (shape len(texts) x num_perm)."""
    if not texts:
        return np.zeros((0, num_perm), dtype=np.uint32)
    tokens, offsets = shingle_hashes(texts, ngram)
    matrix = rensa.RMinHash.digest_matrix_from_flat_token_hashes(tokens, offsets, num_perm, seed)
    return np.array(matrix.to_rows(), dtype=np.uint32).reshape(len(texts), num_perm)


def estimated_jaccard(
    sigs: Signatures, left: npt.NDArray[np.int64], right: npt.NDArray[np.int64]
) -> npt.NDArray[np.float64]:
    """The share of equal MinHash values of each pair (left[k], right[k]): the estimated Jaccard
    similarity of their shingle sets. Computed in chunks so that memory stays bounded."""
    out = np.empty(len(left), dtype=np.float64)
    step = 65536
    for start in range(0, len(left), step):
        a = sigs[left[start : start + step]]
        b = sigs[right[start : start + step]]
        out[start : start + step] = (a == b).mean(axis=1)
    return out
