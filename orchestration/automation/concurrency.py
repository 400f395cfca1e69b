"""Pool slots held by runs that died.

Every step that writes DuckDB claims a slot of the ``duckdb_writer`` pool (limit 1) in the
Dagster instance. A run killed while it holds one (SIGKILL, a power cut) never gives it
back, and every later run would wait for that slot forever. Before a run starts,
:func:`release_slots_of_dead_runs` frees the slots (held or waited for) of every run that
is finished or whose process is gone, and marks a run that died unfinished as failed.
"""

from __future__ import annotations

import os

from dagster import DagsterEventType, DagsterInstance


def _process_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def run_is_alive(instance: DagsterInstance, run_id: str) -> bool:
    """Whether ``run_id`` is in progress in a live process (a run on record without a
    process id counts as alive: nothing shows it died)."""
    run = instance.get_run_by_id(run_id)
    if run is None or run.is_finished:
        return False
    for entry in instance.all_logs(run_id, of_type=DagsterEventType.RUN_START):
        pid = entry.dagster_event.pid if entry.dagster_event else None
        if pid is not None:
            return _process_alive(pid)
    return True


def release_slots_of_dead_runs(instance: DagsterInstance) -> list[str]:
    """Free the pool slots of runs that are finished or dead; return their run ids."""
    storage = instance.event_log_storage
    if not storage.supports_global_concurrency_limits:
        return []
    released = []
    for run_id in sorted(storage.get_concurrency_run_ids()):
        if run_is_alive(instance, run_id):
            continue
        storage.free_concurrency_slots_for_run(run_id)
        run = instance.get_run_by_id(run_id)
        if run is not None and not run.is_finished:
            instance.report_run_failed(
                run, "the run's process is gone (killed?); its pool slots were released"
            )
        released.append(run_id)
    return released
