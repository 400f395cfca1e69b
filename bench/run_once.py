"""One pipeline run in this process, as ``ironriver run`` does it; prints what it measured.

``python -m bench.run_once --data-dir D --mirror M [--releases extra.json]`` writes one JSON
object on the last line of stdout: wall time, import and definitions time, the outcome and
every Dagster step's duration. The harness runs it in a fresh process per scenario, so
imports and the whole process tree count.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

START = time.perf_counter()


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.run_once")
    parser.add_argument("--data-dir", type=Path, required=True)
    parser.add_argument("--mirror", type=Path, required=True)
    parser.add_argument("--releases", type=Path, help="JSON list of extra releases")
    args = parser.parse_args(argv)

    from bench.catalog import catalog_with
    from orchestration.automation.runner import dagster_instance, run_pipeline
    from orchestration.definitions import build_definitions
    from orchestration.landing.store import read_index
    from orchestration.resources import WarehouseConfig

    imported = time.perf_counter()
    extra = json.loads(args.releases.read_text()) if args.releases else []
    catalog = catalog_with(extra)
    warehouse = WarehouseConfig(data_dir=str(args.data_dir), mirror=str(args.mirror))
    defs = build_definitions(catalog, warehouse)
    defined = time.perf_counter()
    instance = dagster_instance(warehouse.root)
    known_runs = {r.run_id for r in instance.get_runs()}
    outcome = run_pipeline(defs, warehouse, catalog)
    finished = time.perf_counter()

    steps = []
    for run in instance.get_runs():
        if run.run_id in known_runs:
            continue
        for stat in instance.get_run_step_stats(run.run_id):
            if stat.start_time is not None and stat.end_time is not None:
                steps.append(
                    {
                        "job": run.job_name,
                        "step_key": stat.step_key,
                        "seconds": round(stat.end_time - stat.start_time, 3),
                    }
                )
    report = {
        "status": outcome.status,
        "rebuilt": len(outcome.rebuilt),
        "landing_rows": {
            table: sum(e.rows for e in read_index(warehouse.landing_table_dir(table)).values())
            for source in catalog
            for table in source.tables
        },
        "import_s": round(imported - START, 3),
        "definitions_s": round(defined - imported, 3),
        "pipeline_s": round(finished - defined, 3),
        "in_process_s": round(finished - START, 3),
        "steps": steps,
    }
    sys.stdout.write("\n" + json.dumps(report) + "\n")


if __name__ == "__main__":
    main()
