"""The worker pools every parallel stage starts (baokan.parallel)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import time

import pytest

# A pool with one worker busy and one idle (an idle worker waits for its next task holding the
# task queue's lock), in a process that stops its pool on SIGTERM as `baokan` does; then SIGTERM
# to the whole process group, as `kill -TERM -PGID` or a service manager sends it.
_STOPPED_BY_A_GROUP_SIGNAL = textwrap.dedent(
    """
    import signal, sys, time
    from baokan.parallel import mp_context, worker_init

    def stop(signum, frame):
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, stop)
    pool = mp_context().Pool(2, initializer=worker_init)
    try:
        pool.apply_async(time.sleep, (30,))
        print([w.pid for w in pool._pool], flush=True)
        time.sleep(60)
    except KeyboardInterrupt:
        pool.terminate()
        print("terminated", flush=True)
    """
)


def test_a_signal_to_the_process_group_stops_the_pool_in_order() -> None:
    proc = subprocess.Popen(
        [sys.executable, "-c", _STOPPED_BY_A_GROUP_SIGNAL],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, start_new_session=True,
    )  # fmt: skip
    assert proc.stdout is not None
    workers = [int(pid) for pid in proc.stdout.readline().strip("[]\n").split(", ")]
    time.sleep(0.3)  # the idle worker is waiting for a task now
    os.killpg(proc.pid, signal.SIGTERM)
    try:
        out, err = proc.communicate(timeout=60)
    except subprocess.TimeoutExpired:
        proc.kill()
        raise AssertionError("the pool never terminated") from None
    assert out == "terminated\n", err
    assert err == ""
    for pid in workers:
        assert not _alive(pid)


@pytest.mark.skipif(sys.platform != "linux", reason="Linux only: workers die with their parent through prctl")
def test_workers_die_with_the_process_that_started_them() -> None:
    script = _STOPPED_BY_A_GROUP_SIGNAL.replace("(30,)", "(120,)")  # busy past the deadline below
    proc = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE, text=True, start_new_session=True)
    assert proc.stdout is not None
    workers = [int(pid) for pid in proc.stdout.readline().strip("[]\n").split(", ")]
    proc.kill()
    proc.wait(timeout=60)
    deadline = time.monotonic() + 15
    while any(_alive(pid) for pid in workers) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not [pid for pid in workers if _alive(pid)]


def _alive(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii") as stat:
            return stat.read().split(") ", 1)[1][0] != "Z"
    except FileNotFoundError:
        return False


def _pool_sum(values: list[int]) -> tuple[bool, int]:
    from multiprocessing import current_process

    from baokan.parallel import mp_context, worker_init

    with mp_context().Pool(2, initializer=worker_init) as pool:
        return current_process().daemon, sum(pool.map(abs, values))


def _fail(message: str) -> None:
    raise ValueError(message)


def test_a_child_process_gives_its_result_and_may_start_a_pool_of_its_own() -> None:
    """The build's duplicate stage runs in a child that sketches in a pool of its own: a daemonic
    pool worker could not start one."""
    from baokan.parallel import run_in_child

    assert run_in_child(_pool_sum, [-1, -2, 3]) == (False, 6)


def test_a_child_process_raises_its_error_here() -> None:
    from baokan.parallel import run_in_child

    with pytest.raises(ValueError, match="bad line 7"):
        run_in_child(_fail, "bad line 7")


def test_a_child_process_killed_is_an_error_not_a_wait() -> None:
    from baokan.parallel import ChildDied, run_in_child

    with pytest.raises(ChildDied, match="_exit ended with exit code 3"):
        run_in_child(os._exit, 3)
