"""Normalized text → hashed character n-gram shingles, for a batch of texts at once (numpy).

Normalization is for comparison only: every BMP code point goes to the first character of its
NFKC form, lower-cased (full-width ``，`` → ``,``, ``Ａ`` → ``a``, Kangxi radicals → ideographs),
and white space is removed. Applied code point by code point through a lookup table (built once),
it equals NFKC + casefold + removing spaces on the text a newspaper holds, at a fraction of the
cost of `unicodedata.normalize` (which took half the time of the whole signature stage).
"""

from __future__ import annotations

import functools
import unicodedata
from collections.abc import Sequence

import numpy as np
import numpy.typing as npt

U64 = npt.NDArray[np.uint64]
_DELETE = 0  # marks a code point that normalization removes (white space, NUL)
_PAD = 0x110000  # above every code point: pads a text shorter than n to one shingle
_MUL = np.uint64(0x9E3779B97F4A7C15)


@functools.cache
def _table() -> npt.NDArray[np.uint32]:
    table = np.arange(0x10000, dtype=np.uint32)
    for cp in range(0x10000):
        ch = chr(cp)
        if ch.isspace() or cp == 0:
            table[cp] = _DELETE
            continue
        if 0xD800 <= cp < 0xE000:
            continue
        form = unicodedata.normalize("NFKC", ch).lower()
        form = "".join(c for c in form if not c.isspace())
        table[cp] = ord(form[0]) if form else _DELETE
    return table


def normalize_codes(text: str) -> npt.NDArray[np.uint32]:
    """The normalized text as an array of code points."""
    codes = np.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
    bmp = codes < 0x10000
    mapped = np.where(bmp, _table()[np.where(bmp, codes, 0)], codes)
    return mapped[mapped != _DELETE]


def normalize(text: str) -> str:
    """The normalized text as a string (what the shingles are taken from)."""
    return normalize_codes(text).astype("<u4").tobytes().decode("utf-32-le", "surrogatepass")


def _mix(h: U64) -> U64:
    """splitmix64's finalizer: spreads the polynomial hash over all 64 bits."""
    h = h ^ (h >> np.uint64(30))
    h = h * np.uint64(0xBF58476D1CE4E5B9)
    h = h ^ (h >> np.uint64(27))
    h = h * np.uint64(0x94D049BB133111EB)
    return h ^ (h >> np.uint64(31))


def shingle_hashes(texts: Sequence[str], n: int) -> tuple[U64, U64]:
    """64-bit hashes of every character n-gram of each normalized text, all texts in one flat
    array, and the row offsets (len(texts) + 1) that say which hashes belong to which text. A text
    shorter than n (after normalization) gives one shingle: itself, padded."""
    return code_shingles([normalize_codes(text) for text in texts], n)


def code_shingles(texts: Sequence[npt.NDArray[np.uint32]], n: int) -> tuple[U64, U64]:
    """`shingle_hashes` of texts already normalized into code point arrays."""
    if n < 1:
        raise ValueError(f"shingle size must be at least 1, not {n}")
    parts = []
    for codes in texts:
        if len(codes) < n:
            codes = np.concatenate([codes, np.full(n - len(codes), _PAD, dtype=np.uint32)])
        parts.append(codes)
    lengths = np.array([len(p) for p in parts], dtype=np.int64)
    counts = lengths - n + 1
    offsets = np.zeros(len(parts) + 1, dtype=np.uint64)
    np.cumsum(counts, out=offsets[1:])
    if not parts:
        return np.zeros(0, dtype=np.uint64), offsets
    codes_all = np.concatenate(parts).astype(np.uint64)
    end = len(codes_all) - n + 1
    h = np.zeros(end, dtype=np.uint64)
    for k in range(n):
        h = h * _MUL + codes_all[k : end + k]
    h = _mix(h)
    # keep the n-grams that start and end inside one text
    starts = np.zeros(len(parts), dtype=np.int64)
    np.cumsum(lengths[:-1], out=starts[1:])
    total = int(counts.sum())
    shift = np.repeat(starts - offsets[:-1].astype(np.int64), counts)
    return h[np.arange(total, dtype=np.int64) + shift], offsets
