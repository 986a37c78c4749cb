"""Engines that run the per-page stages (read + segment) and give the outcomes back in page order.

- `local`: a process pool on this machine (`--workers N`).
- `ray`: Ray tasks on an existing cluster (`RAY_ADDRESS` or `--ray-address`) or on a local Ray
  started for the run. Page files must be readable at the same path on every node (a shared
  filesystem). Pages go out in batches with a bounded number in flight, and results are consumed
  in order, so the driver holds at most `window` batches of outcomes at a time and the release is
  byte-identical to the local engine's.
"""

from __future__ import annotations

import os
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sized
from itertools import islice
from typing import Any, TypeVar

from baokan.errors import UsageError
from baokan.parallel import mp_context, result_of, worker_init

T = TypeVar("T")
R = TypeVar("R")

ENGINES = ("local", "ray")


def run_local(func: Callable[[T], R], tasks: Iterable[T], workers: int, total: int | None = None) -> Iterator[R]:
    """`func` over `tasks` in `workers` processes, results in task order.

    `tasks` is consumed lazily (a build streams its page list), `total` (when known) sizes the
    batches. Batches go out with at most `2 * workers` in flight: Pool.imap would queue every
    result that the consumer has not taken yet, so a consumer slower than the workers (the main
    process of a build shares the cores with them) would hold a growing backlog in memory.
    """
    if total is None and isinstance(tasks, Sized):
        total = len(tasks)
    if workers <= 1 or (total is not None and total <= 1):
        yield from map(func, tasks)
        return
    ctx = mp_context()
    size = max(1, min(64, total // (workers * 8))) if total is not None else 64
    window = 2 * workers
    with ctx.Pool(workers, initializer=worker_init) as pool:
        pending: deque = deque()
        for batch in _batches(tasks, size):
            if len(pending) >= window:
                yield from result_of(pending.popleft())
            pending.append(pool.apply_async(_batch_apply, (func, batch)))
        while pending:
            yield from result_of(pending.popleft())


def _batches(tasks: Iterable[T], size: int) -> Iterator[list[T]]:
    iterator = iter(tasks)
    while batch := list(islice(iterator, size)):
        yield batch


def _batch_apply(func: Callable[[T], R], batch: list[T]) -> list[R]:
    return [func(task) for task in batch]


def run_ray(
    func: Callable[[T], R],
    tasks: Iterable[T],
    address: str | None = None,
    num_cpus: int | None = None,
    batch_size: int = 32,
    window: int | None = None,
) -> Iterator[R]:
    """`func` over `tasks` as Ray tasks, results in task order, a bounded number in flight."""
    try:
        import ray
    except ImportError:
        raise UsageError("--engine ray needs Ray, which is not installed: pip install 'baokan[ray]'") from None
    started_here = False
    if not ray.is_initialized():
        address = address or os.environ.get("RAY_ADDRESS")
        if address:
            ray.init(address=address, log_to_driver=False)
        else:
            ray.init(num_cpus=num_cpus, include_dashboard=False, log_to_driver=False)
        started_here = True
    try:
        remote: Any = ray.remote(_batch_apply)
        cpus = int(ray.cluster_resources().get("CPU", 1))
        window = window or max(2, 2 * cpus)
        func_ref = ray.put(func)
        pending: deque = deque()
        for batch in _batches(tasks, batch_size):
            if len(pending) >= window:
                yield from ray.get(pending.popleft())
            pending.append(remote.remote(func_ref, batch))
        while pending:
            yield from ray.get(pending.popleft())
    finally:
        if started_here:
            ray.shutdown()


def run_pages(
    func: Callable[[T], R],
    tasks: Iterable[T],
    *,
    total: int | None = None,
    engine: str = "local",
    workers: int = 1,
    ray_address: str | None = None,
) -> Iterator[R]:
    if engine == "local":
        return run_local(func, tasks, workers, total)
    if engine == "ray":
        return run_ray(func, tasks, address=ray_address)
    raise UsageError(f"unknown engine {engine!r}: choose one of {', '.join(ENGINES)}")
