"""``python -m bench``: cold, no-op and incremental runs on the mirror, the scan floor, and
optionally the same at N times the rows (``--scale 10 --scale 100``).

Writes ``bench/results.json`` and ``bench/results.md``.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import shutil
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from bench.catalog import ExtraRelease, catalog_with
from bench.floor import scan_floor
from bench.measure import Measured, largest_child_rss_mib, run_measured
from bench.mirror import link_mirror, new_release, scaled_releases
from bench.project import project_copy
from bench.report import write_markdown
from bench.stages import STAGES, StepTiming, stage_seconds
from orchestration.resources import PROJECT_DIR

BENCH_DIR = PROJECT_DIR / "bench"
_OFFLINE_ENV = {
    "DAGSTER_DISABLE_TELEMETRY": "true",
    "DBT_SEND_ANONYMOUS_USAGE_STATS": "false",
    "GX_ANALYTICS_ENABLED": "false",
}


def _scenario(
    name: str,
    data_dir: Path,
    mirror: Path,
    extra: list[ExtraRelease],
    work: Path,
    max_rss_gib: float,
    project: Path,
) -> dict[str, Any]:
    releases = work / f"{name}.releases.json"
    releases.write_text(json.dumps(extra))
    cmd = [
        sys.executable,
        "-m",
        "bench.run_once",
        "--data-dir",
        str(data_dir),
        "--mirror",
        str(mirror),
        "--releases",
        str(releases),
    ]
    env = {**_OFFLINE_ENV, "PYTHONPATH": str(project)}
    print(f"bench: {name} ...", file=sys.stderr, flush=True)
    log = work / f"{name}.log"
    measured: Measured = run_measured(cmd, env, log, int(max_rss_gib * 2**30), cwd=project)
    print(f"bench: {name}: {measured.wall_s:.1f} s, {measured.outcome}", file=sys.stderr)
    result: dict[str, Any] = {
        "name": name,
        "wall_s": measured.wall_s,
        "peak_rss_mib": measured.peak_tree_rss_mib,
    }
    if measured.outcome != "ok":
        return {**result, "status": measured.outcome, "log_tail": _failure_lines(log)}
    report = measured.report
    steps = [StepTiming(s["job"], s["step_key"], s["seconds"]) for s in report["steps"]]
    return {
        **result,
        "status": report["status"],
        "assets_rebuilt": report["rebuilt"],
        "import_s": report["import_s"],
        "definitions_s": report["definitions_s"],
        "stages_s": stage_seconds(steps, measured.wall_s),
        "landing_rows": report["landing_rows"],
        "slowest_steps": sorted(report["steps"], key=lambda s: -s["seconds"])[:8],
    }


_RAISED = re.compile(r"^(\w+\.)*\w*(Error|Exception|Exit)\b.*")
"""A traceback's last line: the exception raised and its message."""


def _failure_lines(log: Path) -> list[str]:
    """What a failed run's log says last: the last exceptions raised (a traceback's own
    tail is only frames), then the log's last lines."""
    lines = log.read_text(errors="replace").strip().splitlines()
    raised = [line.strip() for line in lines if _RAISED.match(line.strip())]
    return [*dict.fromkeys(raised[-3:]), *lines[-5:]]


def _machine() -> dict[str, Any]:
    load1, load5, _ = os.getloadavg()
    return {
        "cpus": os.cpu_count(),
        "memory_gib": round(os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30, 1),
        "python": platform.python_version(),
        "load_avg_1m_at_start": round(load1, 2),
        "load_avg_5m_at_start": round(load5, 2),
    }


def run_scale(scale: int, shared: Path, work: Path, max_rss_gib: float) -> dict[str, Any]:
    """Cold, no-op and incremental runs (1x), or a cold run at ``scale`` times the rows."""
    project = project_copy(work / f"project-x{scale}", scale, _OFFLINE_ENV)
    mirror = link_mirror(shared, work / f"mirror-x{scale}", catalog_with([]))
    extra = scaled_releases(mirror, catalog_with([]), scale) if scale > 1 else []
    catalog = catalog_with(extra)
    floor = scan_floor(mirror, catalog)
    data = work / f"data-x{scale}"
    load_before = os.getloadavg()[0]
    free_before = shutil.disk_usage(work).free
    runs = [_scenario(f"cold-x{scale}", data, mirror, extra, work, max_rss_gib, project)]
    if scale == 1 and runs[0]["status"] == "published":
        runs.append(_scenario("noop-x1", data, mirror, extra, work, max_rss_gib, project))
        extra = [*extra, new_release(mirror, catalog)]
        runs.append(_scenario("incremental-x1", data, mirror, extra, work, max_rss_gib, project))
    landing_rows = runs[0].get("landing_rows", {})
    for run in runs:
        run.pop("landing_rows", None)
    for run in runs:
        if "stages_s" not in run:
            continue
        run["floor_ratio"] = round(run["wall_s"] / floor["seconds"], 2)
        run["stage_floor_ratio"] = {
            stage: round(seconds / floor["seconds"], 2)
            for stage, seconds in run["stages_s"].items()
        }
    return {
        "scale": scale,
        "floor": floor,
        "load_avg_1m_before": round(load_before, 2),
        "load_avg_1m_after": round(os.getloadavg()[0], 2),
        # a 100x build needs ~25 GB: a full disk fails it (SQLite, DuckDB and Parquet writes)
        "free_disk_gib_before": round(free_before / 2**30, 1),
        "landing_rows": landing_rows,
        "runs": runs,
    }


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__)
    parser.add_argument(
        "--scale",
        type=int,
        action="append",
        default=[],
        help="also run a cold build at N times the rows (repeatable: --scale 10 --scale 100)",
    )
    parser.add_argument("--mirror", type=Path, default=PROJECT_DIR.parent / "shared" / "data")
    parser.add_argument("--out", type=Path, default=BENCH_DIR)
    parser.add_argument("--keep", action="store_true", help="keep the temporary data dirs")
    parser.add_argument(
        "--max-rss-gib",
        type=float,
        default=12.0,
        help="kill a run whose process tree goes over this much memory (default 12)",
    )
    args = parser.parse_args(argv)

    work = Path(tempfile.mkdtemp(prefix="ironriver-bench-"))
    started = datetime.now(UTC)
    t0 = time.perf_counter()
    results: dict[str, Any] = {
        "started_at": started.isoformat(timespec="seconds"),
        "machine": _machine(),
        "stages": list(STAGES),
        "scales": [],
    }
    try:
        for scale in [1, *sorted(set(args.scale) - {1})]:
            results["scales"].append(
                run_scale(scale, args.mirror.resolve(), work, args.max_rss_gib)
            )
            _write(results, args.out)  # a long scale run leaves what it measured so far
    finally:
        if args.keep:
            print(f"bench: data kept in {work}", file=sys.stderr)
        else:
            shutil.rmtree(work, ignore_errors=True)
    results["largest_process_rss_mib"] = largest_child_rss_mib()
    results["total_s"] = round(time.perf_counter() - t0, 1)
    _write(results, args.out)
    print((args.out / "results.md").read_text())


def _write(results: dict[str, Any], out: Path) -> None:
    out.mkdir(parents=True, exist_ok=True)
    (out / "results.json").write_text(json.dumps(results, indent=1) + "\n")
    write_markdown(results, out / "results.md")


if __name__ == "__main__":
    main()
