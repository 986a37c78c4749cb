"""The fuzz tests at scale: segment's conservation/no-crash properties and validate's differential
tests with 20,000 examples each (override with BAOKAN_SLOW_FUZZ_EXAMPLES).

Marked slow (about an hour on 2 cores): run with `scripts/test.sh --run-slow
tests/test_fuzz_at_scale.py`, or directly `scripts/test.sh --fuzz-examples 20000
tests/test_segment_properties.py tests/test_validate_differential.py`.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

TESTS = Path(__file__).resolve().parent
EXAMPLES = int(os.environ.get("BAOKAN_SLOW_FUZZ_EXAMPLES", "20000"))


@pytest.mark.slow
@pytest.mark.parametrize("module", ["test_segment_properties.py", "test_validate_differential.py"])
def test_fuzz_at_scale(module: str) -> None:
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "-q",
            "-p",
            "no:cacheprovider",
            "-p",
            "no:xdist",
            str(TESTS / module),
            "--fuzz-examples",
            str(EXAMPLES),
            "--hypothesis-show-statistics",
        ],
        cwd=TESTS.parent,
        capture_output=True,
        text=True,
    )
    assert proc.returncode == 0, proc.stdout[-4000:] + proc.stderr[-2000:]
    assert "passing" in proc.stdout  # hypothesis statistics were printed: the tests did run
