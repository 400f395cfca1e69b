"""Progress of long work (downloads, dbt models), reported to whoever is watching.

The pipeline runs in-process (``in_process_executor``), so the steps can tell a reporter
in this process how far they are. Nothing watches by default (:class:`Reporter` does
nothing); the ``ironriver`` CLI installs a rich progress display with :func:`reporting`.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager


class Reporter:
    """Receives progress events; this base class ignores them all."""

    def download_started(self, file_name: str, total_bytes: int | None) -> None:
        """A release starts downloading (``total_bytes`` from Content-Length or stat)."""

    def download_advanced(self, file_name: str, received_bytes: int) -> None:
        """``received_bytes`` more bytes of ``file_name`` arrived."""

    def download_finished(self, file_name: str, ok: bool) -> None:
        """The download ended (``ok`` False: failed, or the file was refused)."""

    def models_started(self, total: int) -> None:
        """dbt starts building ``total`` models, seeds and snapshots."""

    def model_finished(self, name: str, ok: bool) -> None:
        """One dbt model (or seed) finished."""

    def models_finished(self) -> None:
        """The dbt build ended."""


_NOBODY = Reporter()
_current: Reporter = _NOBODY


def current() -> Reporter:
    """The reporter of this process (one that ignores everything unless one is installed)."""
    return _current


@contextmanager
def reporting(reporter: Reporter) -> Iterator[Reporter]:
    """Install ``reporter`` for the duration of the block."""
    global _current
    previous, _current = _current, reporter
    try:
        yield reporter
    finally:
        _current = previous
