"""File helpers: checksums, durable writes, deterministic gzip."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

from isal import igzip

from baokan.errors import InputError, OutputError

CHUNK = 1 << 20


def sha256_file(path: Path) -> tuple[str, int]:
    """(hex sha256, size in bytes) of a file, read in chunks; `InputError` when it cannot be read."""
    digest = hashlib.sha256()
    size = 0
    try:
        with open(path, "rb") as handle:
            while chunk := handle.read(CHUNK):
                digest.update(chunk)
                size += len(chunk)
    except OSError as exc:
        raise InputError(str(path), f"cannot read: {exc.strerror or exc}") from exc
    return digest.hexdigest(), size


def fsync_path(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def fsync_tree(root: Path) -> None:
    """Flush every file and folder below root to disk before the release is renamed into place."""
    for folder, _, files in os.walk(root):
        for name in files:
            fsync_path(Path(folder) / name)
        fsync_path(Path(folder))


class _GzipWriter:
    """ISA-L gzip stream with no file name and mtime 0 in its header (reproducible bytes); closes
    the file it writes to."""

    def __init__(self, path: Path, level: int) -> None:
        self._raw = open(path, "wb")  # noqa: SIM115 (closed by close())
        self._gz = igzip.IGzipFile(filename="", mode="wb", fileobj=self._raw, mtime=0, compresslevel=level)

    def write(self, data: bytes | memoryview) -> int:
        return self._gz.write(data)

    def close(self) -> None:
        try:
            self._gz.close()
        finally:
            self._raw.close()

    def __enter__(self) -> _GzipWriter:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def open_gzip_writer(path: Path, level: int) -> _GzipWriter:
    return _GzipWriter(path, level)


def check_output_folder(folder: Path) -> None:
    """Raise `OutputError` when `folder`, or the nearest of its ancestors that exists, is not a
    folder (e.g. `--out` names a file): clearer than the ENOTDIR/EEXIST that mkdir would give."""
    for candidate in (folder, *folder.parents):
        if candidate.exists() or candidate.is_symlink():
            if not candidate.is_dir():
                what = "a broken symbolic link" if not candidate.exists() else "not a folder"
                raise OutputError(folder, f"{candidate} is {what}")
            return
