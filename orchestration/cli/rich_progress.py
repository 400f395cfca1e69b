"""Rich progress for ``ironriver run``: downloads (bytes, rate) and dbt models (done/total).

On a terminal the bars update live; elsewhere (CI, pipes) one line is printed per finished
download and per dbt build, so logs still say what happened.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field

from rich.console import Console
from rich.filesize import decimal
from rich.progress import (
    BarColumn,
    Progress,
    ProgressColumn,
    Task,
    TaskID,
    TextColumn,
    TimeElapsedColumn,
)
from rich.text import Text

from orchestration.progress import Reporter


class _DetailColumn(ProgressColumn):
    """Bytes and rate for a download; models done / total for dbt."""

    def render(self, task: Task) -> Text:
        if task.fields.get("kind") == "download":
            total = f"/{decimal(int(task.total))}" if task.total else ""
            speed = f"  {decimal(int(task.speed))}/s" if task.speed else ""
            return Text(f"{decimal(int(task.completed))}{total}{speed}")
        total = int(task.total or 0)
        return Text(f"{int(task.completed)}/{total} models")


@dataclass
class _Download:
    task: TaskID
    started: float
    received: int = 0


@dataclass
class RichReporter(Reporter):
    console: Console
    progress: Progress = field(init=False)
    _downloads: dict[str, _Download] = field(default_factory=dict)
    _models: TaskID | None = None
    _models_total: int = 0
    _models_done: int = 0

    def __post_init__(self) -> None:
        self.progress = Progress(
            TextColumn("{task.description}"),
            BarColumn(),
            _DetailColumn(),
            TimeElapsedColumn(),
            console=self.console,
            disable=not self.console.is_terminal,
        )

    def __enter__(self) -> RichReporter:
        self.progress.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.progress.stop()

    # downloads ----------------------------------------------------------------------

    def download_started(self, file_name: str, total_bytes: int | None) -> None:
        previous = self._downloads.pop(file_name, None)
        if previous is not None:  # a retry starts over
            self.progress.remove_task(previous.task)
        task = self.progress.add_task(
            f"fetch {file_name.rsplit('/', 1)[-1]}", total=total_bytes, kind="download"
        )
        self._downloads[file_name] = _Download(task, time.monotonic())

    def download_advanced(self, file_name: str, received_bytes: int) -> None:
        download = self._downloads.get(file_name)
        if download is not None:
            download.received += received_bytes
            self.progress.advance(download.task, received_bytes)

    def download_finished(self, file_name: str, ok: bool) -> None:
        download = self._downloads.pop(file_name, None)
        if download is None:
            return
        self.progress.remove_task(download.task)
        seconds = max(time.monotonic() - download.started, 1e-6)
        rate = decimal(int(download.received / seconds))
        verdict = "fetched" if ok else "FAILED"
        self.console.print(
            f"{verdict} {file_name}: {decimal(download.received)} in {seconds:.1f} s ({rate}/s)",
            highlight=False,
            soft_wrap=True,
        )

    # dbt ------------------------------------------------------------------------------

    def models_started(self, total: int) -> None:
        self._models_total, self._models_done = total, 0
        self._models = self.progress.add_task("dbt build", total=total, kind="models")

    def model_finished(self, name: str, ok: bool) -> None:
        self._models_done += 1
        if self._models is not None:
            self.progress.advance(self._models, 1)

    def models_finished(self) -> None:
        if self._models is None:
            return
        self.progress.remove_task(self._models)
        self._models = None
        done, total = self._models_done, self._models_total
        self.console.print(
            f"dbt: {done}/{total} models and seeds built", highlight=False, soft_wrap=True
        )
