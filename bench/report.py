"""The Markdown summary of a benchmark (``bench/results.md``)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

TARGETS = (
    "Targets (2 cores, 24 GiB; issue 15): cold full build <= 40 s; no-op rerun <= 3 s; "
    "one-source incremental rerun <= 12 s; peak memory <= 1.5 GiB at 1x; "
    "cold build at 100x <= 10x its scan floor."
)


def _run_table(runs: list[dict[str, Any]], stages: list[str]) -> list[str]:
    head = ["run", "wall s", "x floor", "peak RSS MiB", "status", "assets rebuilt", *stages]
    lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    for run in runs:
        if "stages_s" not in run:  # failed or killed over the memory limit
            cells = [
                run["name"],
                f"{run['wall_s']:.1f}",
                "-",
                f"{run['peak_rss_mib']:.0f}",
                run["status"],
                "-",
                *("-" for _ in stages),
            ]
            lines.append("| " + " | ".join(cells) + " |")
            continue
        cells = [
            run["name"],
            f"{run['wall_s']:.1f}",
            f"{run['floor_ratio']:.1f}",
            f"{run['peak_rss_mib']:.0f}",
            run["status"],
            str(run["assets_rebuilt"]),
            *(f"{run['stages_s'][s]:.1f} ({run['stage_floor_ratio'][s]:.1f}x)" for s in stages),
        ]
        lines.append("| " + " | ".join(cells) + " |")
    return lines


def write_markdown(results: dict[str, Any], path: Path) -> None:
    machine = results["machine"]
    stages: list[str] = results["stages"]
    lines = [
        "# ironriver benchmark",
        "",
        f"Started {results['started_at']} on {machine['cpus']} CPUs, "
        f"{machine['memory_gib']} GiB, Python {machine['python']}; load average at start "
        f"{machine['load_avg_1m_at_start']} (1 min) / {machine['load_avg_5m_at_start']} (5 min).",
        "",
        TARGETS,
        "",
        "Stage columns: seconds (ratio to the scan floor). `orchestration` is the wall time "
        "outside every Dagster step: interpreter start, imports, loading the definitions, "
        "hashing inputs, Dagster run bookkeeping. Peak RSS: the whole process tree "
        "(the run and dbt), sampled every 50 ms.",
    ]
    for scale in results["scales"]:
        floor = scale["floor"]
        lines += [
            "",
            f"## {scale['scale']}x rows",
            "",
            f"Scan floor: {floor['seconds']:.2f} s (DuckDB reading {floor['files']} files, "
            f"{floor['bytes'] / 2**20:.1f} MiB once). Load average (1 min) "
            f"{scale['load_avg_1m_before']} before, {scale['load_avg_1m_after']} after."
            + (
                f" Free disk before: {scale['free_disk_gib_before']} GiB."
                if "free_disk_gib_before" in scale
                else ""
            ),
            "",
            *_run_table(scale["runs"], stages),
        ]
        cold = scale["runs"][0]
        if "stages_s" not in cold:
            lines += ["", f"The cold run ended `{cold['status']}`: " + " / ".join(cold["log_tail"])]
            continue
        lines += [
            "",
            f"Import {cold['import_s']:.1f} s, definitions {cold['definitions_s']:.1f} s. "
            "Slowest steps of the cold run: "
            + ", ".join(f"{s['step_key']} {s['seconds']:.1f} s" for s in cold["slowest_steps"])
            + ".",
        ]
    scaled = [s for s in results["scales"] if s["scale"] > 1]
    if scaled:
        base = results["scales"][0]
        base_rows = sum(base["landing_rows"].values())
        base_run = base["runs"][0]
        lines += [
            "",
            "## Growth",
            "",
            "| scale | landing rows | rows x | cold wall s | time x | peak RSS MiB | memory x |",
            "|---|---|---|---|---|---|---|",
            f"| 1 | {base_rows:,} | 1.0 | {base_run['wall_s']:.1f} | 1.0 | "
            f"{base_run['peak_rss_mib']:.0f} | 1.0 |",
        ]
        for scale in scaled:
            rows = sum(scale["landing_rows"].values())
            run = scale["runs"][0]
            if not rows:
                lines.append(
                    f"| {scale['scale']} | - | - | {run['wall_s']:.1f} ({run['status']}) | - | "
                    f"{run['peak_rss_mib']:.0f} | - |"
                )
                continue
            lines.append(
                f"| {scale['scale']} | {rows:,} | {rows / base_rows:.1f} | {run['wall_s']:.1f} | "
                f"{run['wall_s'] / base_run['wall_s']:.1f} | {run['peak_rss_mib']:.0f} | "
                f"{run['peak_rss_mib'] / base_run['peak_rss_mib']:.1f} |"
            )
    if "total_s" in results:
        lines += ["", f"Benchmark total: {results['total_s']:.0f} s."]
    path.write_text("\n".join(lines) + "\n")
