"""Schedules and sensors plan as ``ironriver run`` does (orchestration/automation/plan.py), on a
copy of the published warehouse: nothing new skips with the same "up to date" reason; a new release
requests a run of the source's job on its landing tables and what depends on them, which,
executed as the daemon would, publishes; then the schedule is up to date again."""

from __future__ import annotations

from dagster import AssetKey, build_schedule_context, build_sensor_context

from orchestration.automation.plan import UP_TO_DATE, plan_build
from orchestration.automation.runner import dagster_instance
from orchestration.catalog.registry import CATALOG
from orchestration.definitions import build_definitions
from orchestration.publish.swap import read_record
from orchestration.resources import WarehouseConfig
from tests.e2e.helpers import mirror_of, sha256, with_new_release

SOURCE = "cbp_drug_seizures"
HEADER = (
    "FY,Month (abbv),Component,Region,Land Filter,Area of Responsibility,Drug Type,"
    "Count of Event,Sum Qty (lbs)\n"
)
ROW = (
    "2026 (FYTD),MAY,U.S. Border Patrol,Southwest Border,Land Only,TUCSON SECTOR,Fentanyl,3,10.5\n"
)


def _ticks(defs, warehouse: WarehouseConfig):
    """(schedule tick, sensor tick) of the source, evaluated as the daemon does."""
    repository = defs.get_repository_def()
    schedule = repository.get_schedule_def(f"refresh_{SOURCE}_schedule")
    sensor = repository.get_sensor_def(f"{SOURCE}_new_release")
    resources = {"warehouse": warehouse}
    scheduled = schedule.evaluate_tick(
        build_schedule_context(resources=resources, repository_def=repository)
    )
    sensed = sensor.evaluate_tick(
        build_sensor_context(resources=resources, repository_def=repository)
    )
    return scheduled, sensed


def test_schedule_and_sensor_skip_then_plan_the_run_the_cli_would(
    published_copy, shared_data, tmp_path
):
    mirror = mirror_of(shared_data, tmp_path / "mirror")
    warehouse = WarehouseConfig(
        data_dir=str(published_copy.root), mirror=str(mirror), download_attempts=1
    )
    served = sha256(warehouse.serve_db)
    scheduled, sensed = _ticks(build_definitions(CATALOG, warehouse), warehouse)
    assert not scheduled.run_requests and not sensed.run_requests
    assert scheduled.skip_message.startswith(f"{SOURCE}: {UP_TO_DATE} (")
    assert sensed.skip_message.startswith(f"{SOURCE}: nothing new upstream (")

    catalog = with_new_release(mirror, (HEADER + ROW).encode())
    defs = build_definitions(catalog, warehouse)
    scheduled, sensed = _ticks(defs, warehouse)
    (by_schedule,) = scheduled.run_requests
    (by_sensor,) = sensed.run_requests
    assert sha256(warehouse.serve_db) == served  # planning changed nothing
    for request in (by_schedule, by_sensor):
        assert request.tags["ironriver/plan"] == (
            f"new raw data from {SOURCE}: build what depends on it"
        )
        selected = {key.to_user_string() for key in request.asset_selection}
        assert {
            f"raw/{SOURCE}",
            f"landing/{SOURCE}__nationwide",
            "marts/fct_drug_seizures",
            "serve/warehouse",
        } <= selected
        assert (
            not {
                "raw/cdc_vsrr",
                "landing/cdc_vsrr__overdose_deaths",
                "marts/fct_overdose_deaths",
            }
            & selected
        )
    assert by_schedule.asset_selection == by_sensor.asset_selection

    # the daemon launches the request: the source's job on the planned assets
    instance = dagster_instance(warehouse.root)
    run = defs.resolve_job_def(f"refresh_{SOURCE}").execute_in_process(
        instance=instance,
        asset_selection=by_sensor.asset_selection,
        tags=by_sensor.tags,
        raise_on_error=False,
    )
    instance.dispose()
    assert run.success
    built = {e.asset_key for e in run.get_asset_materialization_events()}
    assert AssetKey(["marts", "fct_drug_seizures"]) in built
    assert AssetKey(["marts", "fct_overdose_deaths"]) not in built
    record = read_record(warehouse.serve_db)
    assert record.fingerprint == plan_build(warehouse, catalog).inputs.fingerprint

    # published: the schedule is up to date again, and the sensor sees nothing new
    scheduled, sensed = _ticks(defs, warehouse)
    assert not scheduled.run_requests and not sensed.run_requests
    assert scheduled.skip_message.startswith(f"{SOURCE}: {UP_TO_DATE} (")
    assert sensed.skip_message.startswith(f"{SOURCE}: nothing new upstream (")
