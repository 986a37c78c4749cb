"""What the parallel stages share: one way to start worker processes and one size threshold.

`validate` (big JSONL files checked in pieces), `release.intake` (big JSONL inputs of a publish read,
checked and spooled in pieces) and `engines` (the per-page stages of a build) start their pools
here, so they all behave the same on every platform.
"""

from __future__ import annotations

import multiprocessing
import os
import signal
from collections.abc import Iterator
from concurrent.futures import Future
from concurrent.futures import TimeoutError as FutureTimeout
from multiprocessing.context import BaseContext
from multiprocessing.pool import AsyncResult, IMapIterator
from typing import TypeVar

# Plain JSONL input at least this big (in all) is read in parallel pieces when workers > 1: below
# it, starting a pool costs more than it saves.
PARALLEL_MIN_BYTES = 16 * 1024 * 1024

SPAWN_ENV = "BAOKAN_SPAWN"
T = TypeVar("T")


def _stop_worker(signum: int, _frame: object) -> None:
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    raise SystemExit(128 + signum)


def worker_init() -> None:
    """Every pool worker's initializer: Ctrl-C (SIGINT to the terminal's process group) is the
    main process's to handle, which stops the pool. SIGTERM (from the pool, or to the whole
    process group) ends a worker by unwinding it rather than killing it outright: an idle worker
    waits for its next task holding the task queue's lock, and a worker killed holding it leaves
    `Pool.terminate()` in the main process waiting for that lock forever."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, _stop_worker)


def mp_context() -> BaseContext:
    """The start method for worker pools: fork (workers inherit the loaded schema and compiled
    validators, and start at once), or spawn when `BAOKAN_SPAWN` is set (to check that every task
    and result pickles, as it must on platforms without fork)."""
    return multiprocessing.get_context("spawn" if os.environ.get(SPAWN_ENV) else "fork")


# How long the main process waits on a pool before it looks at signals again. CPython runs signal
# handlers in the main thread only, and a signal the kernel delivered to another thread of the
# process (a pool's result thread) does not interrupt the main thread's blocked wait: without a
# timeout, SIGTERM could wait for the pool to finish.
WAKE_SECONDS = 0.25


def each_result(results: IMapIterator[T]) -> Iterator[T]:
    """The results of `pool.imap`, waited for in short steps (see WAKE_SECONDS)."""
    while True:
        try:
            yield results.next(timeout=WAKE_SECONDS)
        except multiprocessing.TimeoutError:
            continue
        except StopIteration:
            return


def result_of(pending: AsyncResult[T]) -> T:
    """The result of `pool.apply_async`, waited for in short steps (see WAKE_SECONDS)."""
    while True:
        try:
            return pending.get(timeout=WAKE_SECONDS)
        except multiprocessing.TimeoutError:
            continue


def future_result(future: Future[T]) -> T:
    """The result of a thread pool's future, waited for in short steps (see WAKE_SECONDS)."""
    while True:
        try:
            return future.result(timeout=WAKE_SECONDS)
        except FutureTimeout:
            continue
