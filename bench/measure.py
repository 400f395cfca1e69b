"""Run a command and measure it: wall time and the peak RSS of its whole process tree."""

from __future__ import annotations

import json
import os
import resource
import subprocess
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import psutil

SAMPLE_S = 0.05


@dataclass(frozen=True)
class Measured:
    wall_s: float
    peak_tree_rss_mib: float
    """Largest sum of RSS over the process and all its descendants, sampled every 50 ms."""
    report: dict[str, Any]
    """The JSON object the command printed last (empty unless ``outcome`` is ``ok``)."""
    outcome: str = "ok"
    """``ok``, ``failed`` (non-zero exit; see the log) or ``memory_limit`` (killed when the
    tree went over the limit, so the machine and its other users are not put at risk)."""


def _tree_rss(root: psutil.Process) -> int:
    total = 0
    try:
        processes = [root, *root.children(recursive=True)]
    except psutil.NoSuchProcess:
        return 0
    for process in processes:
        try:
            total += process.memory_info().rss
        except (psutil.NoSuchProcess, psutil.AccessDenied):
            continue
    return total


def _kill_tree(root: psutil.Process) -> None:
    try:
        processes = [*root.children(recursive=True), root]
    except psutil.NoSuchProcess:
        return
    for process in processes:
        try:
            process.kill()
        except psutil.NoSuchProcess:
            continue


def run_measured(
    cmd: list[str],
    env: dict[str, str],
    log: Path,
    max_rss_bytes: int | None = None,
    cwd: Path | None = None,
) -> Measured:
    """Run ``cmd`` (which prints a JSON report as its last line) in its own process."""
    peak = 0
    over_limit = threading.Event()
    start = time.perf_counter()
    with log.open("w") as out:
        proc = subprocess.Popen(
            cmd, env={**os.environ, **env}, cwd=cwd, stdout=subprocess.PIPE, stderr=out
        )
        root = psutil.Process(proc.pid)
        done = threading.Event()

        def sample() -> None:
            nonlocal peak
            while not done.is_set():
                peak = max(peak, _tree_rss(root))
                if max_rss_bytes is not None and peak > max_rss_bytes:
                    over_limit.set()
                    _kill_tree(root)
                    return
                done.wait(SAMPLE_S)

        sampler = threading.Thread(target=sample, daemon=True)
        sampler.start()
        stdout, _ = proc.communicate()
        wall = time.perf_counter() - start
        done.set()
        sampler.join()
    if over_limit.is_set() or proc.returncode != 0:
        return Measured(
            wall_s=round(wall, 3),
            peak_tree_rss_mib=round(peak / 2**20, 1),
            report={},
            outcome="memory_limit" if over_limit.is_set() else "failed",
        )
    lines = [line for line in stdout.decode().splitlines() if line.startswith("{")]
    return Measured(
        wall_s=round(wall, 3),
        peak_tree_rss_mib=round(peak / 2**20, 1),
        report=json.loads(lines[-1]) if lines else {},
    )


def largest_child_rss_mib() -> float:
    """Largest RSS any finished child process of this one ever had (``RUSAGE_CHILDREN``)."""
    return round(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024, 1)
