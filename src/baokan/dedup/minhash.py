"""MinHash signatures of texts: shingle hashes (numpy, `shingles.py`) sketched by rensa.

rensa (a maintained Rust MinHash library) turns one flat buffer of token hashes with row offsets
into a digest matrix in one call; measured against datasketch and a numpy sketch in
`scripts/bench dedup`, it is the fastest of the three by far (README, "Near duplicates").

Each text gets two signatures: one of its whole normalized body and one of its lead (the first
`lead_chars` normalized characters), plus its shingle count. The lead signature finds copies
whose end was trimmed: their whole-text Jaccard falls with every paragraph cut, their lead does not.

`SketchStore` collects the sketches of a corpus batch by batch; past its memory budget the
signatures go to files (`RowFile`), read back a block of rows at a time or row by row, so that
memory does not grow with the corpus by 640 bytes an article.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

import numpy as np
import numpy.typing as npt
import rensa

from baokan.dedup.shingles import code_shingles, normalize_codes

Signatures = npt.NDArray[np.uint32]
Index = npt.NDArray[np.int64]
# Signatures held in memory before SketchStore writes them to files (BAOKAN_DEDUP_MEMORY_BYTES).
# Once written they are freed, but glibc keeps the heap they took: at 64 MiB the duplicate stage
# of 164,240 articles peaked at 219 MiB, at 16 MiB 141 (same clusters, same time).
DEFAULT_MEMORY_BYTES = 16 << 20
# Rows read at once from a RowFile: 4 MiB at 128 values a row. A band's keys read every row for
# `rows` of its values, and 65,536 rows at once put 32 MiB (64 with the bytes read) on the
# clustering's peak.
BLOCK_ROWS = 1 << 13
# Pairs compared at once by `estimated_jaccard`: both rows of each are copied out (two 4 MiB blocks
# at 128 values a row; a block of BLOCK_ROWS pairs made some 100 MiB at once)
PAIR_ROWS = 1 << 13
DENSE_SPAN = 2  # `RowFile.take` reads a span of rows whole when it is at most this many times the rows wanted
# `RowsAt.block` reads a span of at most BLOCK_ROWS whole when it holds this many times the rows
# wanted at most: a subset read block by block is most of the file, and one read of 4 MiB costs
# less than thousands of positioned reads of a row each
SCAN_SPAN = 16


class RowFile:
    """A uint32 matrix of `rows` x `width` in a file, read by blocks of rows and by index lists
    with positioned reads (no memory map: the pages read never count as this process's memory)."""

    def __init__(self, path: Path, rows: int, width: int) -> None:
        self.path, self.rows, self.width = path, rows, width

    def __len__(self) -> int:
        return self.rows

    @property
    def shape(self) -> tuple[int, int]:
        return (self.rows, self.width)

    def block(self, start: int, end: int) -> Signatures:
        """Rows start..end, read straight into the array returned (no bytes object beside it)."""
        end = min(end, self.rows)
        out = np.empty((max(end - start, 0), self.width), dtype=np.uint32)
        if not out.size:
            return out
        with open(self.path, "rb", buffering=0) as handle:
            handle.seek(start * self.width * 4)
            got = handle.readinto(out.data.cast("B"))
        if got != out.nbytes:
            raise OSError(f"{self.path}: {got} bytes where rows {start}..{end} take {out.nbytes}")
        return out

    def take(self, index: Index, dense_span: int = DENSE_SPAN) -> Signatures:
        """The rows at `index`, in its order: each distinct row read once, and a span of rows
        read whole when it is less than `dense_span` times the rows wanted (a slice of copies in
        file order)."""
        if not len(index):
            return np.empty((0, self.width), dtype=np.uint32)
        wanted = np.unique(index)
        first, last = int(wanted[0]), int(wanted[-1])
        if last - first < dense_span * len(wanted):
            return self.block(first, last + 1)[index - first]
        rows = np.empty((len(wanted), self.width), dtype=np.uint32)
        size = self.width * 4
        with open(self.path, "rb") as handle:
            fd = handle.fileno()
            for k, row in enumerate(wanted.tolist()):
                rows[k] = np.frombuffer(os.pread(fd, size, row * size), dtype=np.uint32)
        return rows[np.searchsorted(wanted, index)]


class RowsAt:
    """The rows of a file-backed matrix at a sorted `index`, as a matrix of their own: what
    clustering a subset of a corpus reads, a block at a time, without copying the subset out."""

    def __init__(self, matrix: RowFile, index: Index) -> None:
        self.matrix, self.index = matrix, index

    def __len__(self) -> int:
        return len(self.index)

    @property
    def shape(self) -> tuple[int, int]:
        return (len(self.index), self.matrix.width)

    def block(self, start: int, end: int) -> Signatures:
        """Rows start..end of the subset, read a block of the file's rows at a time."""
        index = self.index[start:end]
        if not len(index):
            return np.empty((0, self.matrix.width), dtype=np.uint32)
        cuts = np.flatnonzero(np.diff(index // BLOCK_ROWS)) + 1
        parts = [self.matrix.take(part, SCAN_SPAN) for part in np.split(index, cuts)]
        return parts[0] if len(parts) == 1 else np.concatenate(parts)

    def take(self, index: Index) -> Signatures:
        return self.matrix.take(self.index[index])


Matrix = Signatures | RowFile | RowsAt


def take_rows(matrix: Matrix, index: Index) -> Signatures:
    return matrix[index] if isinstance(matrix, np.ndarray) else matrix.take(index)


def row_block(matrix: Matrix, start: int, end: int) -> Signatures:
    return matrix[start:end] if isinstance(matrix, np.ndarray) else matrix.block(start, end)


def rows_at(matrix: Matrix, index: Index) -> Matrix:
    """The rows of `matrix` at the sorted `index`: copied out of memory, read through from a file."""
    if isinstance(matrix, np.ndarray):
        return matrix[index]
    if isinstance(matrix, RowsAt):
        return RowsAt(matrix.matrix, matrix.index[index])
    return RowsAt(matrix, index)


@dataclass(frozen=True)
class Sketches:
    full: Matrix  # len x num_perm
    lead: Matrix  # len x lead_perm
    sizes: npt.NDArray[np.int32]  # shingles per text (n-gram positions: repeats are rare in prose)

    def __len__(self) -> int:
        return len(self.sizes)

    def rows_at(self, index: Index) -> Sketches:
        """The sketches of the articles at the sorted `index`, in its order."""
        return Sketches(rows_at(self.full, index), rows_at(self.lead, index), self.sizes[index])

    @staticmethod
    def concatenate(parts: Sequence[Sketches], num_perm: int, lead_perm: int) -> Sketches:
        if not parts:
            return Sketches(
                np.zeros((0, num_perm), dtype=np.uint32),
                np.zeros((0, lead_perm), dtype=np.uint32),
                np.zeros(0, dtype=np.int32),
            )
        return Sketches(
            np.concatenate([row_block(p.full, 0, len(p)) for p in parts]),
            np.concatenate([row_block(p.lead, 0, len(p)) for p in parts]),
            np.concatenate([p.sizes for p in parts]),
        )


class SketchStore:
    """Sketches added batch by batch. Up to `memory_bytes` of signatures stay in memory; past it,
    all go to two files in `folder` (a temporary folder when None, removed by `close`)."""

    def __init__(
        self, num_perm: int, lead_perm: int, folder: Path | None = None, memory_bytes: int | None = None
    ) -> None:
        self.num_perm, self.lead_perm = num_perm, lead_perm
        if memory_bytes is None:
            memory_bytes = int(os.environ.get("BAOKAN_DEDUP_MEMORY_BYTES", DEFAULT_MEMORY_BYTES))
        self.memory_bytes = memory_bytes
        self._folder = folder
        self._tmp: tempfile.TemporaryDirectory[str] | None = None
        self._parts: list[Sketches] = []
        self._sizes: list[npt.NDArray[np.int32]] = []
        self._held = 0
        self._rows = 0
        self._files: tuple[BinaryIO, BinaryIO] | None = None
        self._paths: tuple[Path, Path] | None = None

    def __enter__(self) -> SketchStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def add(self, part: Sketches) -> None:
        self._rows += len(part)
        self._sizes.append(part.sizes)
        if self._files is None:
            self._parts.append(part)
            self._held += len(part) * 4 * (self.num_perm + self.lead_perm)
            if self._held <= self.memory_bytes:
                return
            self._spill_start()
            parts, self._parts = self._parts, []
        else:
            parts = [part]
        assert self._files is not None
        for p in parts:
            self._files[0].write(np.ascontiguousarray(row_block(p.full, 0, len(p))).data)
            self._files[1].write(np.ascontiguousarray(row_block(p.lead, 0, len(p))).data)

    def _spill_start(self) -> None:
        folder = self._folder
        if folder is None:
            self._tmp = tempfile.TemporaryDirectory(prefix="baokan-dedup-")
            folder = Path(self._tmp.name)
        self._paths = (folder / "signatures.u32", folder / "lead-signatures.u32")
        self._files = (open(self._paths[0], "wb"), open(self._paths[1], "wb"))  # noqa: SIM115 (closed in sketches)

    @property
    def spilled(self) -> bool:
        return self._paths is not None

    def sketches(self) -> Sketches:
        """Everything added, in order: in memory, or backed by the files."""
        if self._files is None or self._paths is None:
            return Sketches.concatenate(self._parts, self.num_perm, self.lead_perm)
        for handle in self._files:
            handle.close()
        sizes = np.concatenate(self._sizes) if self._sizes else np.zeros(0, dtype=np.int32)
        return Sketches(
            RowFile(self._paths[0], self._rows, self.num_perm),
            RowFile(self._paths[1], self._rows, self.lead_perm),
            sizes,
        )

    def close(self) -> None:
        if self._files is not None:
            for handle in self._files:
                handle.close()
        if self._tmp is not None:
            self._tmp.cleanup()
            self._tmp = None


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
    sizes: npt.NDArray[np.int32] = (bounds[1:] - bounds[:-1]).astype(np.int32)
    return Sketches(full, lead, sizes)


def signatures(texts: Sequence[str], *, ngram: int, num_perm: int, seed: int) -> Signatures:
    """One row of `num_perm` 32-bit MinHash values per text (shape len(texts) x num_perm)."""
    if not texts:
        return np.zeros((0, num_perm), dtype=np.uint32)
    tokens, offsets = code_shingles([normalize_codes(t) for t in texts], ngram)
    return _digest(tokens, offsets, len(texts), num_perm, seed)


def estimated_jaccard(sigs: Matrix, left: Index, right: Index) -> npt.NDArray[np.float64]:
    """The share of equal MinHash values of each pair (left[k], right[k]): the estimated Jaccard
    similarity of their shingle sets. Computed in chunks so that memory stays bounded."""
    out = np.empty(len(left), dtype=np.float64)
    for start in range(0, len(left), PAIR_ROWS):
        a = take_rows(sigs, left[start : start + PAIR_ROWS])
        b = take_rows(sigs, right[start : start + PAIR_ROWS])
        out[start : start + PAIR_ROWS] = np.count_nonzero(a == b, axis=1) / max(a.shape[1], 1)
    return out


def containment(
    jaccard: npt.NDArray[np.float64], size_a: npt.NDArray[np.int32], size_b: npt.NDArray[np.int32]
) -> npt.NDArray[np.float64]:
    """The share of the smaller set that the larger holds, from the Jaccard similarity J and the
    sizes: |A ∩ B| = J (|A| + |B|) / (1 + J); capped at 1."""
    inter = jaccard * (size_a + size_b) / (1.0 + jaccard)
    smaller = np.maximum(np.minimum(size_a, size_b), 1)
    return np.minimum(inter / smaller, 1.0)
