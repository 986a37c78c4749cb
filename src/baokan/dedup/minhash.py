"""MinHash signatures of texts: shingle hashes (numpy, `shingles.py`) sketched by rensa.

rensa (a maintained Rust MinHash library) turns one flat buffer of token hashes with row offsets
into a digest matrix in one call; measured against datasketch and a numpy sketch in
`scripts/bench dedup`, it is the fastest of the three by far (README, "Near duplicates").

Each text gets two signatures: one of its whole normalized body and one of its lead (the first
`lead_chars` normalized characters), plus its shingle count. The lead signature finds copies
whose end was trimmed: their whole-text Jaccard falls with every paragraph cut, their lead does not.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
import rensa

from baokan.dedup.shingles import code_shingles, normalize_codes

Signatures = npt.NDArray[np.uint32]
Index = npt.NDArray[np.int64]


@dataclass(frozen=True)
class Sketches:
    full: Signatures  # len x num_perm
    lead: Signatures  # len x lead_perm
    sizes: npt.NDArray[np.int64]  # shingles per text (n-gram positions: repeats are rare in prose)

    def __len__(self) -> int:
        return len(self.sizes)

    @staticmethod
    def concatenate(parts: Sequence[Sketches], num_perm: int, lead_perm: int) -> Sketches:
        if not parts:
            return Sketches(
                np.zeros((0, num_perm), dtype=np.uint32),
                np.zeros((0, lead_perm), dtype=np.uint32),
                np.zeros(0, dtype=np.int64),
            )
        return Sketches(
            np.concatenate([p.full for p in parts]),
            np.concatenate([p.lead for p in parts]),
            np.concatenate([p.sizes for p in parts]),
        )


def _digest(
    tokens: npt.NDArray[np.uint64], offsets: npt.NDArray[np.uint64], rows: int, perm: int, seed: int
) -> Signatures:
    matrix = rensa.RMinHash.digest_matrix_from_flat_token_hashes(tokens, offsets, perm, seed)
    return np.array(matrix.to_rows(), dtype=np.uint32).reshape(rows, perm)


def sketch(texts: Sequence[str], *, ngram: int, num_perm: int, lead_chars: int, lead_perm: int, seed: int) -> Sketches:
    """The whole-text and lead signatures of each text, and its shingle count."""
    codes = [normalize_codes(text) for text in texts]
    if not codes:
        return Sketches.concatenate([], num_perm, lead_perm)
    tokens, offsets = code_shingles(codes, ngram)
    full = _digest(tokens, offsets, len(codes), num_perm, seed)
    lead_tokens, lead_offsets = code_shingles([c[:lead_chars] for c in codes], ngram)
    lead = _digest(lead_tokens, lead_offsets, len(codes), lead_perm, seed + 1)
    bounds = offsets.astype(np.int64)
    sizes: npt.NDArray[np.int64] = bounds[1:] - bounds[:-1]
    return Sketches(full, lead, sizes)


def signatures(texts: Sequence[str], *, ngram: int, num_perm: int, seed: int) -> Signatures:
    """One row of `num_perm` 32-bit MinHash values per text (shape len(texts) x num_perm)."""
    if not texts:
        return np.zeros((0, num_perm), dtype=np.uint32)
    tokens, offsets = code_shingles([normalize_codes(t) for t in texts], ngram)
    return _digest(tokens, offsets, len(texts), num_perm, seed)


def estimated_jaccard(sigs: Signatures, left: Index, right: Index) -> npt.NDArray[np.float64]:
    """The share of equal MinHash values of each pair (left[k], right[k]): the estimated Jaccard
    similarity of their shingle sets. Computed in chunks so that memory stays bounded."""
    out = np.empty(len(left), dtype=np.float64)
    step = 65536
    for start in range(0, len(left), step):
        a = sigs[left[start : start + step]]
        b = sigs[right[start : start + step]]
        out[start : start + step] = (a == b).mean(axis=1)
    return out


def containment(
    jaccard: npt.NDArray[np.float64], size_a: npt.NDArray[np.int64], size_b: npt.NDArray[np.int64]
) -> npt.NDArray[np.float64]:
    """The share of the smaller set that the larger holds, from the Jaccard similarity J and the
    sizes: |A ∩ B| = J (|A| + |B|) / (1 + J); capped at 1."""
    inter = jaccard * (size_a + size_b) / (1.0 + jaccard)
    smaller = np.maximum(np.minimum(size_a, size_b), 1)
    return np.minimum(inter / smaller, 1.0)
