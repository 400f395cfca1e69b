"""``ironriver dev``: ``dagster dev`` as a service that stops cleanly.

``dagster dev`` starts a webserver, a daemon and code servers as its children. Stopped by a
signal to its own process only (``docker stop``, ``kill``), it shuts the webserver and the
daemon down but leaves its code servers running; and under load its children take longer
to stop than a service manager waits. So ``dagster dev`` runs in a session (and process
group) of its own, and a SIGTERM, SIGINT or SIGHUP to ``ironriver dev`` is forwarded to
that whole group: every process starts its own graceful shutdown at once. Whatever is
still alive :data:`STOP_GRACE_S` after the signal gets SIGKILL, so ``ironriver dev`` exits
within 10 s and leaves no process behind.

On Linux ``ironriver dev`` is also the "child subreaper" of what it starts (``prctl``), so
the processes of a stopped ``dagster dev`` are reaped here rather than left as zombies
under a container's PID 1 that reaps nothing.
"""

from __future__ import annotations

import ctypes
import os
import signal
import subprocess
import sys
import time
from collections.abc import Mapping, Sequence
from pathlib import Path
from types import FrameType

STOP_GRACE_S = 5.0
"""How long the processes get to stop after the signal before they are killed."""

FORWARDED = (signal.SIGTERM, signal.SIGINT, signal.SIGHUP)
_PR_SET_CHILD_SUBREAPER = 36  # linux/prctl.h


def _become_subreaper() -> None:
    if sys.platform.startswith("linux"):
        ctypes.CDLL(None, use_errno=True).prctl(_PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0)


def _reap(child: subprocess.Popen[bytes]) -> None:
    """Collect every ended child (the direct one and adopted orphans) without blocking."""
    while True:
        try:
            pid, status = os.waitpid(-1, os.WNOHANG)
        except ChildProcessError:
            return
        if pid == 0:
            return
        if pid == child.pid:
            child.returncode = os.waitstatus_to_exitcode(status)


def _signal_group(pgid: int, signum: int) -> bool:
    """Send ``signum`` to the process group; False when no process is left in it."""
    try:
        os.killpg(pgid, signum)
    except ProcessLookupError:
        return False
    return True


def _wait_until_empty(child: subprocess.Popen[bytes], deadline: float) -> bool:
    """Wait until every process of the child's group has ended; False at ``deadline``."""
    while True:
        _reap(child)
        if not _signal_group(child.pid, 0):
            return True
        if time.monotonic() >= deadline:
            return False
        time.sleep(0.05)


def serve(
    command: Sequence[str],
    env: Mapping[str, str],
    cwd: Path,
    grace_s: float = STOP_GRACE_S,
) -> int:
    """Run ``command`` in a process group of its own until it ends or a signal stops it.

    Returns its exit code, or 0 when a forwarded signal stopped it.
    """
    _become_subreaper()
    stop_by: list[float] = []  # the kill deadline, from the first stop signal on
    group: list[int] = []  # the child's process group, once started

    def forward(signum: int, _frame: FrameType | None) -> None:
        if not stop_by:
            stop_by.append(time.monotonic() + grace_s)
        if group:
            _signal_group(group[0], signum)

    previous = {sig: signal.signal(sig, forward) for sig in FORWARDED}
    try:
        child = subprocess.Popen(list(command), env=dict(env), cwd=cwd, start_new_session=True)
        group.append(child.pid)
        if stop_by:  # a signal came while it started
            _signal_group(child.pid, signal.SIGTERM)
        while child.returncode is None and not stop_by:
            _reap(child)
            time.sleep(0.1)
        stopped = bool(stop_by)
        if not stopped:  # it ended by itself: what it started ends with it
            stop_by.append(time.monotonic() + grace_s)
            _signal_group(child.pid, signal.SIGTERM)
        if not _wait_until_empty(child, stop_by[0]):
            print(
                f"ironriver dev: processes still running {grace_s:.0f} s after the stop "
                "signal were killed",
                file=sys.stderr,
            )
            _signal_group(child.pid, signal.SIGKILL)
            _wait_until_empty(child, time.monotonic() + 3.0)
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)
    if stopped:
        return 0
    code = child.returncode or 0
    return code if code >= 0 else 128 - code
