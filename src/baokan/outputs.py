"""The one way baokan writes a file: whole or not at all.

`atomic_output(path)` writes to a temporary file beside the target (`.NAME.PID-XXXX.tmp`) and
renames it into place when the block ends without an error. An OSError while writing (no space,
read-only file system, no permission, a parent that is a file) becomes an `OutputError` naming the
path, and the temporary file is removed. Only writes are reported this way: an OSError the block
raises for another reason (reading an input) passes through as it is, for the reader to report.

`writing(path)` attributes the OSErrors of a block of writes (making folders, scratch files of a
work folder) to `path` the same way.
"""

from __future__ import annotations

import os
import re
import tempfile
from collections.abc import Iterable, Iterator
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import BinaryIO, Protocol

from baokan.errors import OutputError


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def file_mode() -> int:
    """The mode any new file gets here (0666 minus the umask)."""
    return 0o666 & ~_umask()


def folder_mode() -> int:
    """The mode any new folder gets here (0777 minus the umask)."""
    return 0o777 & ~_umask()


class Writable(Protocol):
    """Something bytes are written to: an open binary file, an `OutputFile`."""

    def write(self, data: bytes, /) -> int: ...


class OutputFile:
    """The handle `atomic_output` gives: writes, with write errors reported for the target path."""

    def __init__(self, handle: BinaryIO, path: Path) -> None:
        self._handle = handle
        self.path = path

    def write(self, data: bytes) -> int:
        try:
            return self._handle.write(data)
        except OSError as exc:
            raise OutputError.from_os_error(exc, self.path) from exc

    def writelines(self, lines: Iterable[bytes]) -> None:
        try:
            self._handle.writelines(lines)
        except OSError as exc:
            raise OutputError.from_os_error(exc, self.path) from exc


def _check_parents(path: Path) -> None:
    for ancestor in path.parents:
        if ancestor.exists() or ancestor.is_symlink():
            if not ancestor.is_dir():
                raise OutputError(path, f"{ancestor} is not a folder")
            return


@contextmanager
def atomic_output(path: Path) -> Iterator[OutputFile]:
    """A handle whose content replaces `path` when the block ends without an error."""
    _check_parents(path)
    with writing(path):
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.{os.getpid()}-", suffix=".tmp", dir=path.parent)
    renamed = False
    try:
        handle = os.fdopen(fd, "wb")
        try:
            yield OutputFile(handle, path)
        except BaseException:
            with suppress(OSError):
                handle.close()
            raise
        with writing(path):
            handle.close()  # flushes the last writes, which can fail too (a full disk)
            # mkstemp creates the file 0600; an output gets the mode any new file would get.
            os.chmod(tmp, file_mode())
            os.replace(tmp, path)
        renamed = True
    finally:
        if not renamed:
            with suppress(OSError):
                os.unlink(tmp)


def write_atomic(path: Path, data: bytes) -> None:
    """Write `data` as the whole content of `path`, atomically."""
    with atomic_output(path) as handle:
        handle.write(data)


@contextmanager
def writing(path: Path) -> Iterator[None]:
    """Report an OSError of the block as a failure to write `path`."""
    try:
        yield
    except OSError as exc:
        raise OutputError.from_os_error(exc, path) from exc


def remove_stale_temporaries(folder: Path, name: str) -> None:
    """Remove the temporary files `atomic_output` left for `folder/name` in processes that were
    killed (a process id not running any more); those of running processes stay."""
    pattern = re.compile(rf"\.{re.escape(name)}\.(\d+)-.*\.tmp\Z")
    for leftover in folder.glob(f".{name}.*.tmp"):
        match = pattern.match(leftover.name)
        if match and not process_alive(int(match.group(1))):
            leftover.unlink(missing_ok=True)


def process_alive(pid: int) -> bool:
    """Whether a process with this id runs (tells leftovers of killed runs from work in progress)."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True
