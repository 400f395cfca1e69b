"""Schedules, new-release sensors, per-source jobs and freshness, with Dagster's test tools.

The sensors are evaluated against a raw store filled from a mirror this test writes into
tmp_path (directory mirror) or serves over HTTP (the local server of conftest.py).
"""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from dagster import (
    AssetKey,
    RunRequest,
    SensorResult,
    build_schedule_context,
    build_sensor_context,
    validate_run_config,
)

from orchestration.automation import schedules
from orchestration.automation.runner import dagster_instance
from orchestration.automation.schedules import (
    build_release_sensor,
    refresh_cron,
    source_job_name,
)
from orchestration.catalog.registry import CATALOG, Release, Source
from orchestration.definitions import build_definitions
from orchestration.ingest import probe as probe_module
from orchestration.ingest.raw import RawStore
from orchestration.quality.freshness import (
    CADENCE_DAYS,
    CHECK_NAME,
    GRACE_DAYS,
    pipeline_freshness_policy,
    publisher_freshness,
)
from orchestration.resources import WarehouseConfig
from orchestration.transform.assets import DUCKDB_POOL

BODY = "a,b\n1,2\n3,4\n"


def _source(*releases: Release, cadence: str = "monthly") -> Source:
    return Source(
        name="toy_source",
        title="Toy releases",
        publisher="Test publisher",
        landing_page="https://example.org/toy",
        cadence=cadence,  # type: ignore[arg-type]
        expected_lag_days=30,
        releases=releases,
    )


def _release(name: str, vintage: str = "2026-01-31") -> Release:
    return Release(
        file_name=f"toy_source/{name}",
        table="toy_source__rows",
        vintage=vintage,
        kind="csv",
        official_url=None,
    )


def _write(mirror: Path, release: Release, text: str) -> Path:
    path = mirror / release.file_name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)
    return path


def _evaluate(source: Source, warehouse: WarehouseConfig, cursor: str | None = None):
    sensor = build_release_sensor(source)
    context = build_sensor_context(resources={"warehouse": warehouse}, cursor=cursor)
    result = sensor(context)
    assert isinstance(result, SensorResult)
    return sensor, result


@pytest.fixture
def stored(tmp_path: Path) -> tuple[Source, WarehouseConfig, Path]:
    """A toy source with one release fetched from a directory mirror into the raw store."""
    mirror = tmp_path / "mirror"
    release = _release("rows-jan.csv")
    _write(mirror, release, BODY)
    source = _source(release)
    warehouse = WarehouseConfig(data_dir=str(tmp_path / "data"), mirror=str(mirror))
    outcome = RawStore(warehouse.root).ingest(source, release, warehouse.download_config())
    assert outcome.status == "new"
    return source, warehouse, mirror


def test_unchanged_directory_mirror_skips(stored):
    source, warehouse, _ = stored
    sensor, result = _evaluate(source, warehouse)
    assert sensor.job_name == "refresh_toy_source"
    assert not result.run_requests
    assert "nothing new upstream" in result.skip_reason.skip_message
    assert "1 unchanged" in result.skip_reason.skip_message
    cursor = json.loads(result.cursor)
    assert set(cursor) == {"toy_source/rows-jan.csv"}
    assert cursor["toy_source/rows-jan.csv"]["signature"].startswith(f"size={len(BODY)};")


def test_same_size_new_bytes_requests_a_run(stored):
    source, warehouse, mirror = stored
    _, first = _evaluate(source, warehouse)
    # same length, different content: only the checksum can tell
    _write(mirror, source.releases[0], BODY.replace("1,2", "9,9"))
    _, result = _evaluate(source, warehouse, first.cursor)
    (request,) = result.run_requests
    assert isinstance(request, RunRequest)
    assert request.tags["ironriver/trigger"] == "new_release"
    assert request.tags["ironriver/changed"] == "toy_source/rows-jan.csv"
    assert request.run_key.startswith("toy_source:")
    # evaluating again sees the same change: the same run key, which Dagster deduplicates
    _, again = _evaluate(source, warehouse, result.cursor)
    assert [r.run_key for r in again.run_requests] == [request.run_key]


def test_new_release_in_the_mirror_requests_a_run(stored):
    source, warehouse, mirror = stored
    february = _release("rows-feb.csv", "2026-02-28")
    _write(mirror, february, BODY + "5,6\n")
    grown = _source(*source.releases, february)
    _, result = _evaluate(grown, warehouse)
    (request,) = result.run_requests
    assert request.tags["ironriver/changed"] == "toy_source/rows-feb.csv"


def test_release_missing_from_the_mirror_requests_nothing(stored):
    source, warehouse, _ = stored
    grown = _source(*source.releases, _release("not-there.csv", "2026-03-31"))
    _, result = _evaluate(grown, warehouse)
    assert not result.run_requests
    assert "1 missing" in result.skip_reason.skip_message


def test_cursor_spares_hashing_an_unchanged_file(stored, monkeypatch):
    source, warehouse, _ = stored
    _, first = _evaluate(source, warehouse)
    hashed: list[Path] = []
    real = probe_module.sha256_of
    monkeypatch.setattr(probe_module, "sha256_of", lambda p: hashed.append(p) or real(p))
    _, second = _evaluate(source, warehouse, first.cursor)
    assert not second.run_requests
    assert hashed == []
    _, third = _evaluate(source, warehouse, None)  # no cursor: must hash to know
    assert not third.run_requests
    assert len(hashed) == 1


def test_http_mirror_compares_etag_from_a_head_request(http_server, tmp_path):
    release = _release("rows-http.csv")
    http_server.state.files["/" + release.file_name] = BODY.encode()
    source = _source(release)
    warehouse = WarehouseConfig(data_dir=str(tmp_path / "data"), mirror=http_server.base_url)
    RawStore(warehouse.root).ingest(source, release, warehouse.download_config())
    gets = http_server.statuses("/" + release.file_name)

    _, unchanged = _evaluate(source, warehouse)
    assert not unchanged.run_requests
    assert "1 unchanged" in unchanged.skip_reason.skip_message

    http_server.state.files["/" + release.file_name] = BODY.replace("1,2", "7,7").encode()
    _, changed = _evaluate(source, warehouse, unchanged.cursor)
    (request,) = changed.run_requests
    assert request.tags["ironriver/changed"] == release.file_name
    # the probes were HEAD requests: no body was downloaded
    heads = [s for s in http_server.state.seen if s.path == "/" + release.file_name][len(gets) :]
    assert len(heads) == 2


def test_unreachable_http_location_is_unknown_not_a_run(tmp_path):
    release = _release("rows.csv")
    source = _source(release)
    # a port nothing listens on (the test server's port after it closed is not reused here)
    warehouse = WarehouseConfig(
        data_dir=str(tmp_path / "data"), mirror="http://127.0.0.1:9", download_timeout_s=2
    )
    _, result = _evaluate(source, warehouse)
    assert not result.run_requests
    assert "1 unknown" in result.skip_reason.skip_message


# --------------------------------------------------------------------------- definitions


@pytest.fixture(scope="module")
def defs(tmp_path_factory):
    data_dir = tmp_path_factory.mktemp("automation") / "data"
    return build_definitions(warehouse=WarehouseConfig(data_dir=str(data_dir)))


def _cron_days(cron: str, start: date, count: int = 2) -> list[date]:
    """The first ``count`` days from ``start`` on which ``cron`` fires, by cron's own rules
    (a restricted day of month and day of week: either fires). Supports ``*``, numbers and
    comma lists, which is what the schedules use; anything else fails the test by name."""
    minute, hour, day_of_month, month, day_of_week = cron.split()
    assert minute.isdigit() and hour.isdigit(), f"unsupported minute/hour in {cron!r}"

    def allowed(field: str, modulo: int = 0) -> set[int] | None:
        if field == "*":
            return None
        parts = field.split(",")
        assert all(p.isdigit() for p in parts), f"unsupported field {field!r} in {cron!r}"
        return {int(p) % modulo if modulo else int(p) for p in parts}

    doms, months, dows = allowed(day_of_month), allowed(month), allowed(day_of_week, 7)
    days: list[date] = []
    day = start
    while len(days) < count and day < start + timedelta(days=3 * 366):
        on_dom = doms is None or day.day in doms
        on_dow = dows is None or day.isoweekday() % 7 in dows  # cron: 0 (or 7) is Sunday
        on_day = on_dom or on_dow if doms is not None and dows is not None else on_dom and on_dow
        if on_day and (months is None or day.month in months):
            days.append(day)
        day += timedelta(days=1)
    return days


def test_cron_days_follow_crons_rules():
    assert _cron_days("0 6 21 * *", date(2026, 1, 1)) == [date(2026, 1, 21), date(2026, 2, 21)]
    assert _cron_days("0 6 15 1 *", date(2026, 1, 1)) == [date(2026, 1, 15), date(2027, 1, 15)]
    assert _cron_days("0 6 * * 1", date(2026, 1, 1)) == [date(2026, 1, 5), date(2026, 1, 12)]
    assert _cron_days("0 6 * * 0", date(2026, 1, 1)) == [date(2026, 1, 4), date(2026, 1, 11)]


def test_one_schedule_per_source_at_its_cadence(defs):
    by_job = {s.job_name: s for s in defs.schedules}
    assert set(by_job) == {source_job_name(s) for s in CATALOG}
    for source in CATALOG:
        schedule = by_job[source_job_name(source)]
        assert schedule.cron_schedule == refresh_cron(source)
        assert schedule.execution_timezone == "UTC"
        first, second = _cron_days(schedule.cron_schedule, date(2026, 1, 1))
        gap = (second - first).days
        if source.cadence == "irregular":
            assert gap == 7, (source.name, gap)  # no publisher calendar: checked weekly
            continue
        assert gap <= CADENCE_DAYS[source.cadence], (source.name, gap)
        assert gap >= CADENCE_DAYS[source.cadence] - 3, (source.name, gap)


def test_schedule_with_nothing_published_requests_a_full_build(defs):
    """Nothing published yet: the planner builds everything, whatever the probes say
    (the schedules and sensors on a published warehouse: tests/e2e/test_scheduled_runs.py)."""
    warehouse = defs.resources["warehouse"]
    for schedule in defs.schedules:
        context = build_schedule_context(
            scheduled_execution_time=datetime(2026, 3, 21, 6, tzinfo=UTC),
            resources={"warehouse": warehouse},
            repository_def=defs.get_repository_def(),
        )
        (request,) = schedule.evaluate_tick(context).run_requests
        job = defs.resolve_job_def(schedule.job_name)
        assert validate_run_config(job, request.run_config) is not None
        assert request.tags["ironriver/trigger"] == "schedule"
        assert request.tags["ironriver/plan"] == "nothing published yet: build everything"
        assert request.asset_selection is None  # the job's whole selection
        assert request.tags["ironriver/code_fingerprint"]


def test_source_job_selects_the_source_fetch_and_the_whole_build(defs):
    graph = defs.resolve_asset_graph()
    everything = graph.materializable_asset_keys
    for source in CATALOG:
        keys = defs.resolve_job_def(source_job_name(source)).asset_layer.selected_asset_keys
        own = {AssetKey(["raw", source.name])} | {AssetKey(["landing", t]) for t in source.tables}
        assert own <= keys
        assert AssetKey(["serve", "warehouse"]) in keys
        other_raw = {AssetKey(["raw", other.name]) for other in CATALOG if other is not source}
        assert not other_raw & keys
        # the rest of the build is there, for the runs the planner selects part of
        assert keys == everything - other_raw


def test_every_duckdb_writer_shares_one_pool_of_one(defs, tmp_path):
    graph = defs.resolve_asset_graph()
    writers = {
        node.assets_def.op.pool
        for node in graph.asset_nodes
        if node.key.path[0] in {"staging", "intermediate", "marts", "seeds", "serve"}
    }
    assert writers == {DUCKDB_POOL}
    instance = dagster_instance(tmp_path)
    try:
        assert instance.event_log_storage.get_pool_config().default_pool_limit == 1
    finally:
        instance.dispose()


def test_sensor_per_source_targets_its_job(defs):
    by_name = {s.name: s for s in defs.sensors}
    for source in CATALOG:
        sensor = by_name[f"{source.name}_new_release"]
        assert sensor.job_name == source_job_name(source)


def test_automation_starts_stopped_unless_switched_on(monkeypatch):
    source = _source(_release("x.csv"))
    assert schedules.build_schedules([source])[0].default_status.value == "STOPPED"
    monkeypatch.setenv(schedules.AUTOMATION_ENV, "on")
    assert schedules.build_schedules([source])[0].default_status.value == "RUNNING"
    assert schedules.build_release_sensor(source).default_status.value == "RUNNING"


# --------------------------------------------------------------------------- freshness


def test_freshness_policies_and_checks_on_every_source(defs):
    graph = defs.resolve_asset_graph()
    for source in CATALOG:
        expected = pipeline_freshness_policy(source)
        for key in [AssetKey(["raw", source.name])] + [
            AssetKey(["landing", t]) for t in source.tables
        ]:
            assert graph.get(key).freshness_policy == expected, key
        (check,) = [
            k
            for k in graph.asset_check_keys
            if k.name == CHECK_NAME and k.asset_key == AssetKey(["raw", source.name])
        ]
        assert not graph.get_check_spec(check).blocking


@pytest.mark.parametrize(
    ("cadence", "newest", "today", "fresh"),
    [
        ("monthly", "2026-05-31", date(2026, 6, 30), True),
        ("monthly", "2026-05-31", date(2026, 7, 7), True),  # within grace
        ("monthly", "2026-05-31", date(2026, 7, 9), False),
        ("yearly", "2025-06-30", date(2026, 6, 30), True),
        ("yearly", "2025-06-30", date(2026, 8, 31), False),
    ],
)
def test_publisher_freshness_follows_cadence_and_grace(tmp_path, cadence, newest, today, fresh):
    release = _release("r.csv", newest)
    source = _source(release, cadence=cadence)
    mirror = tmp_path / "mirror"
    _write(mirror, release, BODY)
    warehouse = WarehouseConfig(data_dir=str(tmp_path / "data"), mirror=str(mirror))
    store = RawStore(warehouse.root)
    store.ingest(source, release, warehouse.download_config())
    report = publisher_freshness(source, store.rows(source.name), today)
    newest_date = date.fromisoformat(newest)
    assert report.newest_vintage == newest_date
    allowed = CADENCE_DAYS[cadence] + GRACE_DAYS[cadence]
    assert (report.due_by - newest_date).days == allowed
    assert (newest_date - report.data_through_estimate).days == source.expected_lag_days
    assert report.fresh is fresh
    assert (report.overdue_days > 0) is (not fresh)
    assert ("overdue" in report.describe()) is (not fresh)


def test_nothing_stored_is_not_fresh():
    report = publisher_freshness(_source(), [], date(2026, 1, 1))
    assert not report.fresh
    assert report.describe() == "no release stored yet"


def test_docs_sites_swap_in_and_leftovers_are_removed(tmp_path):
    from orchestration.publish.docs_sites import SITES, install_sites, remove_stale_sites

    serve = tmp_path / "serve"
    for name in SITES:
        (serve / name).mkdir(parents=True)
        (serve / name / "index.html").write_text("old")
    killed = serve / ".sites.killed"
    (killed / "docs").mkdir(parents=True)
    assert remove_stale_sites(serve) == [killed]
    staging = serve / ".sites.new"
    for name in SITES:
        (staging / name).mkdir(parents=True)
        (staging / name / "index.html").write_text("new")
    install_sites(staging, serve)
    assert sorted(p.name for p in serve.iterdir()) == sorted(SITES)
    for name in SITES:
        assert (serve / name / "index.html").read_text() == "new"


# --------------------------------------------------------------------------- pool slots

_HOLD_SLOT = """
import sys, time
from dagster import job, op
from orchestration.automation.runner import dagster_instance
from pathlib import Path

@op(pool="duckdb_writer")
def hold():
    Path(sys.argv[2]).write_text("claimed")
    time.sleep(600)

@job
def holder():
    hold()

holder.execute_in_process(instance=dagster_instance(Path(sys.argv[1])))
"""


def test_slots_of_a_killed_run_are_released(tmp_path):
    import signal
    import subprocess
    import sys
    import time

    from dagster import DagsterRunStatus

    from orchestration.automation.concurrency import release_slots_of_dead_runs

    claimed = tmp_path / "claimed"
    holder = subprocess.Popen([sys.executable, "-c", _HOLD_SLOT, str(tmp_path), str(claimed)])
    try:
        deadline = time.monotonic() + 60
        while not claimed.exists():
            assert holder.poll() is None and time.monotonic() < deadline
            time.sleep(0.1)
        instance = dagster_instance(tmp_path)
        storage = instance.event_log_storage
        (run_id,) = storage.get_concurrency_run_ids()
        assert release_slots_of_dead_runs(instance) == []  # alive: its slot stays
        holder.send_signal(signal.SIGKILL)
        holder.wait(timeout=30)
        assert release_slots_of_dead_runs(instance) == [run_id]
        assert storage.get_concurrency_run_ids() == set()
        assert storage.get_concurrency_info("duckdb_writer").claimed_slots == []
        assert instance.get_run_by_id(run_id).status == DagsterRunStatus.FAILURE
        instance.dispose()
    finally:
        if holder.poll() is None:
            holder.kill()
