"""Time limits that hold on a busy machine.

A test asserting "answers within 5 s" means: the code does not wait that long (on a broker, in
retries, on the CPU). On a machine shared by many test runs, the wall clock also counts the time
this thread sat ready to run while other processes had the CPUs, which has nothing to do with
the code. `Stopwatch` measures wall-clock time minus that run-queue wait (Linux keeps it per
thread in /proc/<pid>/task/<tid>/schedstat), i.e. the time the block would take on an idle
machine: on the CPU, sleeping, or blocked on the network. Where the kernel does not report it,
the stopwatch is a plain wall clock.

    with Stopwatch() as watch:
        send_task_safely(task)
    assert watch.seconds < 5.0
"""

import threading
import time
from pathlib import Path


def _runqueue_wait():
    """Seconds this thread has waited for a CPU since it started, or None if unknown."""
    try:
        fields = Path(f"/proc/self/task/{threading.get_native_id()}/schedstat").read_text().split()
        return int(fields[1]) / 1e9
    except (OSError, IndexError, ValueError):
        return None


class Stopwatch:
    def __enter__(self):
        self._waited = _runqueue_wait()
        self._started = time.monotonic()
        self.seconds = None
        return self

    def __exit__(self, *exc_info):
        elapsed = time.monotonic() - self._started
        waited = _runqueue_wait()
        stolen = waited - self._waited if waited is not None and self._waited is not None else 0.0
        self.seconds = elapsed - stolen
        self.wall_seconds = elapsed
        return False

    def __repr__(self):
        return f"<Stopwatch {self.seconds:.2f} s of its own, {self.wall_seconds:.2f} s wall clock>"
