"""Checks started before their Dagster step, on one worker thread.

A build runs its steps one after another in this process (the in-process executor), while
much of their work leaves a core free: landing is mostly DuckDB, and during the dbt step
this process mostly waits on dbt. So the Great Expectations suites start here, beside that
work, and each check step only collects its outcome:

* a landing table's suite, as soon as its landing step has written the table;
* a mart's suite, as soon as dbt reports the mart built, on the Parquet copy the mart's
  post-hook wrote (macros/snapshot_for_checks.sql: dbt holds the DuckDB file's lock until
  it ends).

Every validation runs on the same single worker thread, one at a time, including those of
checks that nothing started early: Great Expectations is never used from two threads at once.
"""

from __future__ import annotations

import gc
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from typing import TYPE_CHECKING, Any, TypeVar

from dagster import AssetKey, ConfigurableResource, InitResourceContext
from pydantic import PrivateAttr

if TYPE_CHECKING:
    from orchestration.resources import WarehouseConfig

T = TypeVar("T")

AssetBuilt = Callable[[AssetKey, "WarehouseConfig", "EarlyChecks"], None]
"""What a step calls for each asset it has built, so the asset's check can start now (see
``quality.start_landing_suite`` and ``quality.start_mart_suite``)."""


class EarlyChecks(ConfigurableResource):
    """One worker thread per run; checks started early are keyed by their asset."""

    _pool: ThreadPoolExecutor | None = PrivateAttr(default=None)
    _started: dict[AssetKey, Future[Any]] = PrivateAttr(default_factory=dict)
    _frozen: bool = PrivateAttr(default=False)

    def setup_for_execution(self, context: InitResourceContext) -> None:
        self._started = {}

    def teardown_after_execution(self, context: InitResourceContext) -> None:
        """A run that ends early (a failed step) drops what nothing collected, after the
        validation in progress ends."""
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = None
        self._started = {}
        if self._frozen:
            gc.unfreeze()  # what the run kept alive can be collected again
            self._frozen = False

    def start(self, key: AssetKey, check: Callable[..., Any], /, *args: Any) -> None:
        """Run ``check(*args)`` on the worker now; the check step of ``key`` collects it."""
        self._started[key] = self._worker().submit(self._freeing, check, *args)

    def outcome(self, key: AssetKey, check: Callable[..., T], /, *args: Any) -> T:
        """What the check started for ``key`` in this run returned (its exception is raised
        here), or else what ``check(*args)`` returns, run now on the worker."""
        future = self._started.pop(key, None)
        if future is None:
            future = self._worker().submit(self._freeing, check, *args)
        return future.result()

    def _freeing(self, check: Callable[..., T], /, *args: Any) -> T:
        """``check(*args)``, then the memory of what it validated freed at once.

        GX keeps the validated frame in reference cycles (its execution engine's batch
        cache), which only the cycle collector frees, and the process's other objects
        (Dagster, the dbt manifest, GX itself) make a full collection cost ~0.4 s. So the
        first check's survivors are frozen out of the collector's sight
        (:func:`gc.freeze`, undone when the run ends), and each collection after a check
        only walks what the check left: without it, the frames of a cold build pile up
        while dbt runs, to ~0.5 GiB more at the peak.
        """
        try:
            return check(*args)
        finally:
            gc.collect()
            if not self._frozen:
                gc.freeze()
                self._frozen = True

    def started(self, key: AssetKey) -> bool:
        return key in self._started

    def _worker(self) -> ThreadPoolExecutor:
        if self._pool is None:
            self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="ironriver-checks")
        return self._pool
