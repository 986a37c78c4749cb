"""What the parallel stages share: one way to start worker processes and one size threshold.

`validate` (big JSONL files checked in pieces), `release.intake` (big JSONL inputs of a publish read,
checked and spooled in pieces) and `engines` (the per-page stages of a build) start their pools
here, so they all behave the same on every platform.
"""

from __future__ import annotations

import multiprocessing
import os
from multiprocessing.context import BaseContext

# Plain JSONL input at least this big (in all) is read in parallel pieces when workers > 1: below
# it, starting a pool costs more than it saves.
PARALLEL_MIN_BYTES = 16 * 1024 * 1024

SPAWN_ENV = "BAOKAN_SPAWN"


def mp_context() -> BaseContext:
    """The start method for worker pools: fork (workers inherit the loaded schema and compiled
    validators, and start at once), or spawn when `BAOKAN_SPAWN` is set (to check that every task
    and result pickles, as it must on platforms without fork)."""
    return multiprocessing.get_context("spawn" if os.environ.get(SPAWN_ENV) else "fork")
