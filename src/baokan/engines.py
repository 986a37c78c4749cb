"""Engines that run the per-page stages (read + segment) and give the outcomes back in page order.

- `local`: a process pool on this machine (`--workers N`).
- `ray`: Ray tasks on an existing cluster (`RAY_ADDRESS` or `--ray-address`) or on a local Ray
  started for the run (`RaySettings`). Every node reads the pages itself: local page files at the
  same absolute path (a shared filesystem), or pages on object storage through fsspec when the
  source is a URI (`s3://…`, see `baokan.pagefs`). Pages go out in batches with a bounded number
  in flight, and results are consumed in order, so the driver holds at most `window` batches of
  outcomes at a time and the release is byte-identical to the local engine's. A cluster address
  that takes no TCP connection fails at once, naming it.
"""

from __future__ import annotations

import logging
import os
import socket
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sized
from dataclasses import dataclass
from itertools import islice
from pathlib import Path
from typing import Any, TypeVar

from baokan.errors import UsageError
from baokan.parallel import mp_context, result_of, worker_init

T = TypeVar("T")
R = TypeVar("R")

ENGINES = ("local", "ray")
# Pages per Ray task. Each task costs the driver a submit and a get on top of the pages' own work;
# `python scripts/bench_ray.py` measures pages/s per batch size against the local engine: on 2
# cores Ray ran at 0.63x of local with 1 page a task, 0.93x with 4 and 1.00x with 16, the smallest
# batch that matches local (README, "Scale"); 32 and 64 gained some 5% more, within the noise of
# runs on this machine, and smaller batches spread the pages over a cluster's nodes more evenly.
DEFAULT_RAY_BATCH = 16


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


@dataclass(frozen=True)
class RaySettings:
    """How the Ray engine reaches its cluster and what it prints.

    `address`: the cluster (`host:port`, `ray://host:port` or `auto`); None: `$RAY_ADDRESS`, else
    (or with `local`) a local Ray started for the run with `num_cpus` CPUs. `temp_dir`: the local Ray's temp folder
    (None: `$TMPDIR/ray` when TMPDIR is set, else Ray's default, /tmp/ray); a cluster's nodes keep
    the folder their `ray start --temp-dir` gave them. `quiet`: Ray logs errors only.
    `batch_size`: pages per Ray task (see DEFAULT_RAY_BATCH).
    """

    address: str | None = None
    temp_dir: Path | None = None
    quiet: bool = False
    batch_size: int = DEFAULT_RAY_BATCH
    num_cpus: int | None = None
    window: int | None = None

    def target(self) -> tuple[str | None, str]:
        """The address to connect to (None: start a local Ray) and where it was given."""
        given, by = (self.address, "--ray-address") if self.address else (os.environ.get("RAY_ADDRESS"), "RAY_ADDRESS")
        given = (given or "").strip()
        return (given, by) if given and given != "local" else (None, "")

    def ray_temp_dir(self) -> Path | None:
        if self.temp_dir is not None:
            return self.temp_dir.resolve()
        tmpdir = os.environ.get("TMPDIR")
        return Path(tmpdir).resolve() / "ray" if tmpdir else None


def run_ray(func: Callable[[T], R], tasks: Iterable[T], settings: RaySettings | None = None) -> Iterator[R]:
    """`func` over `tasks` as Ray tasks, results in task order, a bounded number in flight."""
    settings = settings or RaySettings()
    try:
        import ray
    except ImportError:
        raise UsageError(f"--engine ray needs Ray, which is not installed: {RAY_INSTALL_HINT}") from None
    started_here = False
    if not ray.is_initialized():
        _ray_init(ray, settings)
        started_here = True
    try:
        remote: Any = ray.remote(_batch_apply)
        cpus = int(ray.cluster_resources().get("CPU", 1))
        window = settings.window or max(2, 2 * cpus)
        func_ref = ray.put(func)
        pending: deque = deque()
        for batch in _batches(tasks, settings.batch_size):
            if len(pending) >= window:
                yield from ray.get(pending.popleft())
            pending.append(remote.remote(func_ref, batch))
        while pending:
            yield from ray.get(pending.popleft())
    finally:
        if started_here:
            ray.shutdown()


RAY_INSTALL_HINT = "pip install -e '.[ray]' in a checkout of baokan"
# How long the engine waits for a cluster's address to take a TCP connection: Ray itself retries
# an unreachable address for many minutes (20 attempts of some 40 s each, measured with Ray 2.60).
PROBE_TIMEOUT_S = 5.0


def _ray_init(ray: Any, settings: RaySettings) -> None:
    """Connect to the cluster of `settings`, or start a local Ray; a cluster that cannot be reached
    is a UsageError naming its address (within PROBE_TIMEOUT_S, not Ray's minutes of retries)."""
    address, given_by = settings.target()
    logs: dict[str, Any] = {"log_to_driver": False, "logging_level": logging.ERROR if settings.quiet else logging.INFO}
    temp_dir = settings.ray_temp_dir()
    if address is None:
        if temp_dir is not None:
            logs["_temp_dir"] = str(temp_dir)
        try:
            ray.init(num_cpus=settings.num_cpus, include_dashboard=False, **logs)
        except OSError as exc:  # e.g. socket paths too long below a deep temp folder
            raise UsageError(f"cannot start a local Ray (temp folder {temp_dir or 'Ray default'}): {exc}") from exc
        return
    _probe(ray, address, given_by, temp_dir)
    try:
        ray.init(address=address, **logs)
    except ConnectionError as exc:
        raise UsageError(
            f"cannot connect to the Ray cluster at {address} (from {given_by}): {exc}; a cluster with token "
            "authentication (the default of recent Ray versions) needs RAY_AUTH_MODE=token and its token "
            "in RAY_AUTH_TOKEN or ~/.ray/auth_token"
        ) from exc


def _probe(ray: Any, address: str, given_by: str, temp_dir: Path | None) -> None:
    """A TCP connection to the cluster's address, or a UsageError saying why there is none."""
    where = f"the Ray cluster at {address} (from {given_by})"
    host_port = address.removeprefix("ray://") if address.startswith("ray://") else None
    if host_port is None:
        try:  # `auto` and the hostname forms as Ray itself resolves them
            host_port = ray._private.services.canonicalize_bootstrap_address(
                address, None if temp_dir is None else str(temp_dir)
            )
        except AttributeError:  # another Ray version: the address as given
            host_port = address
        except (ConnectionError, ValueError) as exc:
            raise UsageError(f"cannot find {where}: {exc}") from exc
    host, sep, port = (host_port or "").rpartition(":")
    if not sep or not port.isdigit():
        return  # a form Ray judges itself
    try:
        with socket.create_connection((host.strip("[]"), int(port)), timeout=PROBE_TIMEOUT_S):
            pass
    except OSError as exc:
        reason = f"no answer within {PROBE_TIMEOUT_S:g} s" if isinstance(exc, TimeoutError) else exc.strerror or exc
        raise UsageError(f"cannot reach {where}: {reason}; is the cluster running (`ray status`)?") from exc


def run_pages(
    func: Callable[[T], R],
    tasks: Iterable[T],
    *,
    total: int | None = None,
    engine: str = "local",
    workers: int = 1,
    ray: RaySettings | None = None,
) -> Iterator[R]:
    if engine == "local":
        return run_local(func, tasks, workers, total)
    if engine == "ray":
        return run_ray(func, tasks, ray)
    raise UsageError(f"unknown engine {engine!r}: choose one of {', '.join(ENGINES)}")
