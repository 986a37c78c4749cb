"""Output files written whole or not at all: a temporary file beside the target, renamed into
place. Any OSError (no space, read-only file system, no permission, a parent that is a file)
becomes an `OutputError` naming the path, and the temporary file is removed."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import BinaryIO

from baokan.errors import OutputError


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


@contextmanager
def atomic_output(path: Path) -> Iterator[BinaryIO]:
    """A binary handle whose content replaces `path` when the block ends without an error."""
    for ancestor in path.parents:
        if ancestor.exists() or ancestor.is_symlink():
            if not ancestor.is_dir():
                raise OutputError(path, f"{ancestor} is not a folder")
            break
    tmp: str | None = None
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
        with os.fdopen(fd, "wb") as handle:
            yield handle
        # mkstemp creates the file 0600; an output gets the mode any new file would get.
        os.chmod(tmp, 0o666 & ~_umask())
        os.replace(tmp, path)
        tmp = None
    except OSError as exc:
        raise OutputError.from_os_error(exc, path) from exc
    finally:
        if tmp is not None:
            with suppress(OSError):
                os.unlink(tmp)


def write_atomic(path: Path, data: bytes) -> None:
    with atomic_output(path) as handle:
        handle.write(data)
