"""What the parallel stages share: one way to start worker processes and one size threshold.

`validate` (big JSONL files checked in pieces), `release.intake` (big JSONL inputs of a publish read,
checked and spooled in pieces) and `engines` (the per-page stages of a build) start their pools
here, so they all behave the same on every platform.
"""

from __future__ import annotations

import os
import signal
import sys
from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING, Any, TypeVar

# multiprocessing is imported where a pool starts or is waited on: a small job that starts none
# (`baokan validate` of one small file) does not pay for it.
if TYPE_CHECKING:
    from concurrent.futures import Future
    from multiprocessing.connection import Connection
    from multiprocessing.context import ForkContext, SpawnContext
    from multiprocessing.pool import AsyncResult, IMapIterator

# Plain JSONL input at least this big (in all) is read in parallel pieces when workers > 1: below
# it, starting a pool costs more than it saves.
PARALLEL_MIN_BYTES = 16 * 1024 * 1024

SPAWN_ENV = "BAOKAN_SPAWN"
T = TypeVar("T")


def worker_init() -> None:
    """Every pool worker's initializer. A worker leaves the main process's process group, so a
    signal to the whole group (Ctrl-C in a terminal, `kill -TERM -PGID`, a service manager)
    reaches the main process alone, which stops the pool in order. A worker the signal killed
    where it waits for its next task would die holding the task queue's lock, and
    `Pool.terminate()` would then wait for that lock forever. The pool itself stops its workers
    with SIGTERM, which ends them at once; on Linux a worker is also killed when the process that
    started it dies, so none is left behind by a `kill -9`."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    os.setpgid(0, 0)
    if sys.platform == "linux":
        _die_with_parent()


def _die_with_parent() -> None:
    import ctypes

    pr_set_pdeathsig = 1
    libc = ctypes.CDLL(None, use_errno=True)
    if libc.prctl(pr_set_pdeathsig, signal.SIGKILL, 0, 0, 0) != 0:
        raise OSError(ctypes.get_errno(), "prctl(PR_SET_PDEATHSIG) failed")
    import multiprocessing

    parent = multiprocessing.parent_process()
    if parent is not None and os.getppid() != parent.pid:  # it died before the prctl took effect
        signal.raise_signal(signal.SIGKILL)


def mp_context() -> ForkContext | SpawnContext:
    """The start method for worker pools: fork (workers inherit the loaded schema and compiled
    validators, and start at once), or spawn when `BAOKAN_SPAWN` is set (to check that every task
    and result pickles, as it must on platforms without fork)."""
    import multiprocessing

    return multiprocessing.get_context("spawn") if os.environ.get(SPAWN_ENV) else multiprocessing.get_context("fork")


# How long the main process waits on a pool before it looks at signals again. CPython runs signal
# handlers in the main thread only, and a signal the kernel delivered to another thread of the
# process (a pool's result thread) does not interrupt the main thread's blocked wait: without a
# timeout, SIGTERM could wait for the pool to finish.
WAKE_SECONDS = 0.25


def each_result(results: IMapIterator[T]) -> Iterator[T]:
    """The results of `pool.imap`, waited for in short steps (see WAKE_SECONDS)."""
    import multiprocessing

    while True:
        try:
            yield results.next(timeout=WAKE_SECONDS)
        except multiprocessing.TimeoutError:
            continue
        except StopIteration:
            return


def result_of(pending: AsyncResult[T]) -> T:
    """The result of `pool.apply_async`, waited for in short steps (see WAKE_SECONDS)."""
    import multiprocessing

    while True:
        try:
            return pending.get(timeout=WAKE_SECONDS)
        except multiprocessing.TimeoutError:
            continue


def future_result(future: Future[T]) -> T:
    """The result of a thread pool's future, waited for in short steps (see WAKE_SECONDS)."""
    from concurrent.futures import TimeoutError as FutureTimeout

    while True:
        try:
            return future.result(timeout=WAKE_SECONDS)
        except FutureTimeout:
            continue


class ChildDied(RuntimeError):
    """A child process (`run_in_child`) ended without a result: killed, or out of memory."""


def run_in_child(function: Callable[..., T], *args: Any) -> T:
    """`function(*args)` in a process of its own, forked like a pool worker (`worker_init`) but
    not daemonic, so it may start a pool of its own. Its exception is raised here; it is
    terminated if this process stops waiting (Ctrl-C, SIGTERM)."""
    context = mp_context()
    receiving, sending = context.Pipe(duplex=False)
    process = context.Process(target=_child_main, args=(sending, function, args))
    process.start()
    sending.close()
    try:
        while not receiving.poll(WAKE_SECONDS):  # ready with the result, or at EOF if the child died
            continue
        try:
            done, value = receiving.recv()
        except EOFError:
            process.join()
            name = getattr(function, "__name__", "a task")
            raise ChildDied(f"{name} ended with exit code {process.exitcode}, without a result") from None
    finally:
        if process.is_alive():
            process.terminate()
        process.join()
        receiving.close()
    if not done:
        raise value
    return value


def _child_main(sending: Connection, function: Callable[..., Any], args: tuple[Any, ...]) -> None:
    worker_init()
    try:
        outcome = (True, function(*args))
    except BaseException as exc:  # handed to the parent, which raises it
        outcome = (False, exc)
    sending.send(outcome)
    sending.close()
