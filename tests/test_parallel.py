"""The worker pools every parallel stage starts (baokan.parallel)."""

from __future__ import annotations

import subprocess
import sys
import textwrap

# A pool with one worker busy and one idle (an idle worker waits for a task holding the task
# queue's lock); SIGTERM to both, as `kill -TERM -PGID` or a service manager would send it; then
# the pool is terminated, as the main process does when the same signal reaches it.
_KILL_THEN_TERMINATE = textwrap.dedent(
    """
    import os, signal, time
    from baokan.parallel import mp_context, worker_init

    pool = mp_context().Pool(2, initializer=worker_init)
    pool.apply_async(time.sleep, (0.5,))
    time.sleep(0.2)
    for worker in pool._pool:
        os.kill(worker.pid, signal.SIGTERM)
    pool.terminate()
    print("terminated")
    """
)


def test_a_pool_whose_workers_got_sigterm_still_terminates() -> None:
    done = subprocess.run(
        [sys.executable, "-c", _KILL_THEN_TERMINATE], capture_output=True, text=True, timeout=60, check=False
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout == "terminated\n"
    assert done.stderr == ""  # the workers end quietly: no traceback
