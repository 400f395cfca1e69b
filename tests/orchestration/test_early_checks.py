"""Checks started before their step (orchestration/checks/early.py): collected by their check
step in the same run, run one at a time on one worker thread, and never lost or leaked."""

from __future__ import annotations

import gc
import threading
import time
import weakref

import pytest
from dagster import (
    AssetCheckResult,
    AssetKey,
    DagsterInstance,
    Definitions,
    asset,
    asset_check,
    build_init_resource_context,
    define_asset_job,
    in_process_executor,
)

from orchestration.checks.early import EarlyChecks
from orchestration.checks.quality import start_landing_suite
from orchestration.resources import WarehouseConfig

KEY = AssetKey(["landing", "t"])


def _running(resource: EarlyChecks) -> EarlyChecks:
    resource.setup_for_execution(build_init_resource_context())
    return resource


def test_a_started_check_runs_beside_the_caller_and_its_step_collects_it() -> None:
    early = _running(EarlyChecks())
    release = threading.Event()
    caller = threading.current_thread().name

    def check(value: int) -> tuple[int, str]:
        release.wait(5)
        return value * 2, threading.current_thread().name

    early.start(KEY, check, 21)
    assert early.started(KEY)
    release.set()  # the caller went on while the check waited
    doubled, thread = early.outcome(KEY, check, 0)
    assert doubled == 42  # the started call's outcome, not the fallback's
    assert thread != caller
    assert not early.started(KEY)  # collected once
    early.teardown_after_execution(build_init_resource_context())


def test_a_check_nothing_started_runs_when_collected_on_the_same_worker() -> None:
    early = _running(EarlyChecks())
    threads: list[str] = []

    def check(value: int) -> int:
        threads.append(threading.current_thread().name)
        return value + 1

    early.start(AssetKey(["marts", "m"]), check, 1)
    assert early.outcome(AssetKey(["marts", "m"]), check, 0) == 2
    assert early.outcome(KEY, check, 10) == 11  # not started: run now
    assert len(set(threads)) == 1
    assert threads[0] != threading.current_thread().name
    early.teardown_after_execution(build_init_resource_context())


def test_checks_never_run_at_once() -> None:
    """Great Expectations is not used from two threads: one check at a time."""
    early = _running(EarlyChecks())
    active = 0
    most = 0
    lock = threading.Lock()

    def check(_: int) -> None:
        nonlocal active, most
        with lock:
            active += 1
            most = max(most, active)
        time.sleep(0.01)
        with lock:
            active -= 1

    keys = [AssetKey(["marts", f"m{i}"]) for i in range(6)]
    for i, key in enumerate(keys):
        early.start(key, check, i)
    for key in keys:
        early.outcome(key, check, 0)
    assert most == 1
    early.teardown_after_execution(build_init_resource_context())


def test_a_failing_started_check_raises_in_its_step() -> None:
    early = _running(EarlyChecks())

    def check() -> None:
        raise ValueError("suite landing__t: file x.parquet row 3 column n: negative count")

    early.start(KEY, check)
    with pytest.raises(ValueError, match="row 3 column n"):
        early.outcome(KEY, check)
    early.teardown_after_execution(build_init_resource_context())


def test_the_run_ending_early_drops_what_nothing_collected() -> None:
    """A failed step ends the run before the check steps: the check in progress ends, the
    queued ones never start, and nothing is left for a later run to collect."""
    early = _running(EarlyChecks())
    started = threading.Event()
    ran: list[int] = []

    def check(value: int) -> None:
        started.set()
        time.sleep(0.05)
        ran.append(value)

    early.start(AssetKey(["marts", "a"]), check, 1)
    started.wait(5)
    early.start(AssetKey(["marts", "b"]), check, 2)
    early.teardown_after_execution(build_init_resource_context())
    assert ran == [1]
    assert not early.started(AssetKey(["marts", "b"]))


def test_in_a_run_the_asset_step_starts_and_the_check_step_collects() -> None:
    """What the design relies on: in an in-process run, every step gets the same resource."""
    calls: list[str] = []

    def suite(name: str) -> str:
        calls.append(f"validated {name} on {threading.current_thread().name}")
        return name

    @asset(key=KEY)
    def table(early_checks: EarlyChecks) -> None:
        early_checks.start(KEY, suite, "early")

    @asset_check(asset=KEY, name="gx_suite", blocking=True)
    def table_suite(early_checks: EarlyChecks) -> AssetCheckResult:
        return AssetCheckResult(passed=early_checks.outcome(KEY, suite, "late") == "early")

    defs = Definitions(
        assets=[table],
        asset_checks=[table_suite],
        resources={"early_checks": EarlyChecks()},
        jobs=[define_asset_job("j")],
        executor=in_process_executor,
    )
    result = defs.resolve_job_def("j").execute_in_process(instance=DagsterInstance.ephemeral())
    assert result.success
    [evaluation] = result.get_asset_check_evaluations()
    assert evaluation.passed
    assert len(calls) == 1 and calls[0].startswith("validated early on ironriver-checks")


class _Frame:
    """Stands for a validated frame: GX keeps it in a reference cycle."""

    def __init__(self) -> None:
        self.engine = {"batch_cache": self}


def test_what_a_check_validated_is_freed_when_it_ends_and_the_run_frees_the_rest() -> None:
    early = _running(EarlyChecks())
    held: list[weakref.ref[_Frame]] = []

    def check(name: str) -> str:
        frame = _Frame()
        held.append(weakref.ref(frame))
        return name

    gc.disable()  # only the check's own collection may free the cycles
    try:
        for name in ("first", "second"):
            early.start(AssetKey(["marts", name]), check, name)
            assert early.outcome(AssetKey(["marts", name]), check, "") == name
            assert held[-1]() is None, name  # collected when its check ended
        assert gc.get_freeze_count() > 0  # the survivors of the first check are frozen
        early.teardown_after_execution(build_init_resource_context())
        assert gc.get_freeze_count() == 0  # and collectable again once the run ends
    finally:
        gc.enable()


def test_a_landed_table_without_a_suite_starts_nothing_and_lands(tmp_path) -> None:
    """Its check step, not the landing step, reports the missing suite."""
    early = _running(EarlyChecks())
    key = AssetKey(["landing", "table_without_a_suite"])
    start_landing_suite(key, WarehouseConfig(data_dir=str(tmp_path)), early)
    assert not early.started(key)
    early.teardown_after_execution(build_init_resource_context())
