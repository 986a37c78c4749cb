"""baokan.outputs: the one way files are written — whole or not at all, write errors named."""

from __future__ import annotations

import errno
import os
import stat
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

import baokan.outputs as outputs
from baokan.errors import OutputError
from baokan.outputs import atomic_output, remove_stale_temporaries, write_atomic, writing


def _temporaries(folder: Path) -> list[str]:
    return [p.name for p in folder.iterdir() if p.name.endswith(".tmp")]


def test_the_file_appears_whole_with_the_umask_mode(tmp_path: Path) -> None:
    target = tmp_path / "sub" / "out.jsonl"
    old = os.umask(0o022)
    try:
        with atomic_output(target) as handle:
            handle.write(b"one\n")
            assert not target.exists()  # nothing visible until the block ends
            handle.writelines([b"two\n", b"three\n"])
    finally:
        os.umask(old)
    assert target.read_bytes() == b"one\ntwo\nthree\n"
    assert stat.S_IMODE(target.stat().st_mode) == 0o644
    assert _temporaries(target.parent) == []


def test_an_error_in_the_block_keeps_the_old_file(tmp_path: Path) -> None:
    target = tmp_path / "out.jsonl"
    target.write_bytes(b"old\n")
    with pytest.raises(ValueError), atomic_output(target) as handle:
        handle.write(b"new\n")
        raise ValueError("stop")
    assert target.read_bytes() == b"old\n"
    assert _temporaries(tmp_path) == []


class _FullDisk:
    """A binary file whose writes fail like a full disk."""

    def __init__(self, raw: Any) -> None:
        self.raw = raw

    def write(self, data: bytes) -> int:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    def writelines(self, lines: list[bytes]) -> None:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    def close(self) -> None:
        self.raw.close()


def test_a_failed_write_is_an_output_error_naming_the_target(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    real = os.fdopen
    monkeypatch.setattr(outputs.os, "fdopen", lambda fd, mode: _FullDisk(real(fd, mode)))
    target = tmp_path / "out.jsonl"
    with pytest.raises(OutputError) as caught, atomic_output(target) as handle:
        handle.write(b"x")
    assert str(caught.value) == f"cannot write {target}: No space left on device (ENOSPC)"
    assert not target.exists() and _temporaries(tmp_path) == []


def test_a_read_error_in_the_block_is_not_called_a_write_error(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError), atomic_output(tmp_path / "out.jsonl") as handle:
        handle.write((tmp_path / "missing-input.txt").read_bytes())
    assert _temporaries(tmp_path) == []


def test_a_parent_that_is_a_file_is_named(tmp_path: Path) -> None:
    (tmp_path / "afile").write_text("x")
    with pytest.raises(OutputError, match="is not a folder"):
        write_atomic(tmp_path / "afile" / "out.json", b"{}")


def test_writing_names_the_path_it_is_given(tmp_path: Path) -> None:
    with pytest.raises(OutputError) as caught, writing(tmp_path):
        raise OSError(errno.EROFS, os.strerror(errno.EROFS), str(tmp_path / "x"))
    assert str(caught.value) == f"cannot write {tmp_path}: Read-only file system (EROFS) at {tmp_path / 'x'}"


def test_stale_temporaries_of_dead_processes_are_removed(tmp_path: Path) -> None:
    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)
    stale = tmp_path / f".CHANGELOG.md.{int(dead.stdout)}-abc.tmp"
    live = tmp_path / f".CHANGELOG.md.{os.getpid()}-def.tmp"
    other = tmp_path / ".README.md.1-x.tmp"
    for path in (stale, live, other):
        path.write_text("partial")
    remove_stale_temporaries(tmp_path, "CHANGELOG.md")
    assert not stale.exists() and live.exists() and other.exists()
