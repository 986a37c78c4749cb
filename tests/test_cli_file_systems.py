"""Broken environments through the real entry point: a full disk and a read-only file system
while segment, publish and build write; modes of what they write.

The file systems are small tmpfs mounts made by the test, so these tests need root (and a
container that allows mounting); otherwise they are skipped with the reason. `chmod 555` is not
used to make a folder read-only: it does not stop root from writing.

What must hold: exit code 1, one `cannot write PATH: <reason> (ENOSPC|EROFS)` line naming the
folder, no traceback, no partial version and no temporary folder left behind.
"""

from __future__ import annotations

import os
import shutil
import stat
import subprocess
from collections.abc import Iterator
from pathlib import Path

import orjson
import pytest

from records_factory import make_records
from test_cli_cases import SEED, run_baokan


def _mount_tmpfs(where: Path, size: str) -> None:
    if os.geteuid() != 0:
        pytest.skip("needs root to mount a tmpfs (full-disk and read-only file system cases)")
    where.mkdir(parents=True, exist_ok=True)
    proc = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(where)], capture_output=True, text=True
    )
    if proc.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {proc.stderr.strip()}")


def _umount(where: Path) -> None:
    subprocess.run(["umount", "-l", str(where)], capture_output=True)


@pytest.fixture
def small_fs(tmp_path: Path) -> Iterator[Path]:
    """A 256 KiB file system: far too small for the outputs below."""
    mnt = tmp_path / "full"
    _mount_tmpfs(mnt, "256k")
    yield mnt
    _umount(mnt)


@pytest.fixture
def read_only_fs(tmp_path: Path) -> Iterator[Path]:
    """A read-only file system holding an empty folder `rel`."""
    mnt = tmp_path / "ro"
    _mount_tmpfs(mnt, "1m")
    (mnt / "rel").mkdir()
    proc = subprocess.run(["mount", "-o", "remount,ro", str(mnt)], capture_output=True, text=True)
    if proc.returncode != 0:
        _umount(mnt)
        pytest.skip(f"cannot remount the tmpfs read-only: {proc.stderr.strip()}")
    yield mnt
    _umount(mnt)


@pytest.fixture(scope="module")
def many_records(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("in") / "articles.jsonl"
    path.write_bytes(b"".join(orjson.dumps(r) + b"\n" for r in make_records(8000)))
    return path


def _config(folder: Path, out: Path, pages: int = 8) -> Path:
    (folder / "pages").mkdir(parents=True)
    for i in range(pages):
        # different pages (the text differs), so nothing is dropped as a duplicate
        text = SEED.read_text(encoding="utf-8").replace("中阳县", f"中阳县{i}")
        (folder / "pages" / f"{i:02d}.txt").write_text(text, encoding="utf-8")
    config = folder / "c.toml"
    config.write_text(
        f'name = "demo"\nversion = "1.0.0"\nout = "{out}"\n\n[[sources]]\npath = "pages"\npublication = "吕梁日报"\n',
        encoding="utf-8",
    )
    return config


def _assert_clean_failure(proc: subprocess.CompletedProcess[str], folder: Path, reason: str) -> None:
    shown = f"\n--- stdout ---\n{proc.stdout[-2000:]}\n--- stderr ---\n{proc.stderr[-2000:]}"
    assert proc.returncode == 1, shown
    assert "Traceback" not in proc.stderr and "internal error" not in proc.stderr, shown
    assert f"cannot write {folder}" in proc.stderr and reason in proc.stderr, shown


def _leftovers(root: Path) -> list[Path]:
    return [p for p in root.rglob("*") if p.name.startswith((".tmp-", ".build-")) or ".tmp" in p.name]


# ------------------------------------------------------------------------------------ full disk


@pytest.mark.parametrize("run_bytes", [None, "65536"], ids=["sort-in-memory", "sort-spills-to-disk"])
def test_publish_on_a_full_disk(
    small_fs: Path, many_records: Path, run_bytes: str | None, monkeypatch: pytest.MonkeyPatch
) -> None:
    if run_bytes is not None:
        monkeypatch.setenv("BAOKAN_SORT_RUN_BYTES", run_bytes)
    out = small_fs / "rel"
    proc = run_baokan(
        ["publish", str(many_records), "--name", "demo", "--version", "1.0.0", "--out", str(out)], cwd=small_fs.parent
    )
    _assert_clean_failure(proc, out / "demo" / "1.0.0", "No space left on device (ENOSPC)")
    assert not (out / "demo" / "1.0.0").exists()
    assert _leftovers(small_fs) == []
    # the space is given back: a small publish on the same file system then works
    small = small_fs.parent / "small.jsonl"
    small.write_bytes(b"".join(orjson.dumps(r) + b"\n" for r in make_records(20)))
    again = run_baokan(
        ["publish", str(small), "--name", "demo", "--version", "1.0.0", "--out", str(out)], cwd=small_fs.parent
    )
    assert again.returncode == 0, again.stderr
    assert run_baokan(["verify", str(out / "demo" / "1.0.0")], cwd=small_fs.parent).returncode == 0


def test_build_on_a_full_disk(small_fs: Path, tmp_path: Path) -> None:
    out = small_fs / "rel"
    config = _config(tmp_path / "src", out)
    proc = run_baokan(["build", str(config), "-j", "1"], cwd=tmp_path)
    assert proc.returncode == 1, proc.stderr
    assert "Traceback" not in proc.stderr and "internal error" not in proc.stderr, proc.stderr
    assert "No space left on device (ENOSPC)" in proc.stderr and f"cannot write {out}" in proc.stderr, proc.stderr
    assert not (out / "demo" / "1.0.0").exists()
    assert _leftovers(small_fs) == []


def test_segment_on_a_full_disk(small_fs: Path, tmp_path: Path) -> None:
    pages = tmp_path / "pages"
    pages.mkdir()
    for i in range(8):
        shutil.copy(SEED, pages / f"{i:02d}.txt")
    output = small_fs / "articles.jsonl"
    proc = run_baokan(["segment", str(pages), "-o", str(output), "--publication", "吕梁日报"], cwd=tmp_path)
    _assert_clean_failure(proc, output, "No space left on device (ENOSPC)")
    assert list(small_fs.iterdir()) == []  # neither the output nor its temporary file


# ------------------------------------------------------------------------ read-only file system


def test_publish_to_a_read_only_folder(read_only_fs: Path, many_records: Path) -> None:
    out = read_only_fs / "rel"
    proc = run_baokan(
        ["publish", str(many_records), "--name", "demo", "--version", "1.0.0", "--out", str(out)],
        cwd=read_only_fs.parent,
    )
    _assert_clean_failure(proc, out / "demo" / "1.0.0", "Read-only file system (EROFS)")


def test_build_to_a_read_only_folder(read_only_fs: Path, tmp_path: Path) -> None:
    out = read_only_fs / "rel"
    config = _config(tmp_path / "src", out, pages=1)
    proc = run_baokan(["build", str(config), "-j", "1"], cwd=tmp_path)
    _assert_clean_failure(proc, out, "Read-only file system (EROFS)")


def test_segment_to_a_read_only_folder(read_only_fs: Path, tmp_path: Path) -> None:
    output = read_only_fs / "rel" / "articles.jsonl"
    proc = run_baokan(["segment", str(SEED), "-o", str(output)], cwd=tmp_path)
    _assert_clean_failure(proc, output, "Read-only file system (EROFS)")


# ------------------------------------------------------------------------------------- modes


def test_outputs_get_the_umask_mode_not_a_private_one(tmp_path: Path, many_records: Path) -> None:
    """mkstemp/mkdtemp make 0600 files and 0700 folders; published outputs must be readable by
    whoever may read the folder they are in (here umask 022: 0644 files, 0755 folders)."""
    old = os.umask(0o022)
    try:
        seg = run_baokan(["segment", str(SEED), "-o", str(tmp_path / "a.jsonl")], cwd=tmp_path)
        pub = run_baokan(
            ["publish", str(many_records), "--name", "demo", "--version", "1.0.0", "--out", str(tmp_path / "rel")],
            cwd=tmp_path,
        )
    finally:
        os.umask(old)
    assert seg.returncode == 0 and pub.returncode == 0, seg.stderr + pub.stderr
    assert stat.S_IMODE((tmp_path / "a.jsonl").stat().st_mode) == 0o644
    release = tmp_path / "rel" / "demo" / "1.0.0"
    assert stat.S_IMODE(release.stat().st_mode) == 0o755
    for path in release.rglob("*"):
        assert stat.S_IMODE(path.stat().st_mode) == (0o755 if path.is_dir() else 0o644), path
