"""Free heap pages go back to the operating system between stages (glibc)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from baokan.heap import release_free_memory


def _rss_mib() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    raise AssertionError("no VmRSS")


def test_freed_arrays_below_the_mmap_threshold_leave_the_process() -> None:
    if not Path("/proc/self/status").exists() or not release_free_memory():
        pytest.skip("needs Linux with glibc's malloc_trim")
    # 1,600 arrays of 64 KiB come from the heap, not from mmap; the last one kept pins the heap's
    # top, so free() alone cannot shrink it
    arrays = [np.ones(8192, dtype=np.float64) for _ in range(1600)]
    keep = arrays[-1]
    before = _rss_mib()
    del arrays
    freed = _rss_mib()
    release_free_memory()
    after = _rss_mib()
    assert keep.sum() == 8192
    assert before - after >= 80, (before, freed, after)
    assert freed - after >= 60, (before, freed, after)
