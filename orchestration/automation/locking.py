"""One run per data directory: an exclusive, non-blocking lock on ``<data_dir>/.ironriver.lock``.

Held by ``ironriver run`` (and ``make run``) for the whole run, and by ``ironriver rollback``:
a second one refuses at once with a message naming the holder's pid. The lock is an
``flock`` on an open file: the kernel releases it when the holder exits, even on SIGKILL,
so a killed run never leaves a lock that blocks the next one.
"""

from __future__ import annotations

import fcntl
import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

LOCK_FILE = ".ironriver.lock"


class RunLockedError(RuntimeError):
    """Another run holds the data directory."""


@contextmanager
def run_lock(data_dir: Path) -> Iterator[None]:
    data_dir.mkdir(parents=True, exist_ok=True)
    path = data_dir / LOCK_FILE
    with path.open("a+") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            handle.seek(0)
            holder = handle.read().strip() or "unknown"
            raise RunLockedError(
                f"another ironriver run is using {data_dir} (pid {holder}); "
                "wait for it to finish and try again"
            ) from None
        handle.seek(0)
        handle.truncate()
        handle.write(str(os.getpid()))
        handle.flush()
        try:
            yield
        finally:
            handle.seek(0)
            handle.truncate()
            fcntl.flock(handle, fcntl.LOCK_UN)
