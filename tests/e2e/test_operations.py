"""Operating ironriver as its users do, on one warehouse published by the CLI from the mirror.

* the ``ironriver`` CLI end to end: run (progress, --select), status, query (read-only),
  errors as one line plus a hint;
* the docs sites published with the warehouse (dbt docs, GX Data Docs), in headless
  Chromium;
* the Dagster UI (``ironriver dev``): assets, checks, schedules and sensors over GraphQL and
  in the rendered pages, with screenshots under the test's tmp_path;
* BI access to the served file: DuckDB CLI, Python/pandas, SQLAlchemy (duckdb-engine) and
  the notebook in tests/notebooks, all read-only; every relation resolves in a copy of the
  file opened on its own.
"""

from __future__ import annotations

import contextlib
import csv
import hashlib
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import duckdb
import psutil
import pytest

from orchestration.automation.runner import run_lock
from orchestration.automation.schedules import refresh_cron, source_job_name
from orchestration.catalog.registry import CATALOG
from orchestration.quality.freshness import CHECK_NAME
from tests.e2e.helpers import browse

REPO = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent
NOTEBOOK = REPO / "tests" / "notebooks" / "using_the_warehouse.ipynb"


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _mirrored(shared_data: Path):
    """Every (source, release) the mirror holds (live releases come only from the publisher)."""
    return [
        (source, release)
        for source in CATALOG
        for release in source.releases
        if release.vintage != "live" and (shared_data / release.file_name).is_file()
    ]


@pytest.fixture(scope="module")
def dbt_manifest() -> dict:
    return json.loads((REPO / "target" / "manifest.json").read_text())


def _dbt_nodes(manifest: dict, kinds: set[str]) -> list[dict]:
    return [n for n in manifest["nodes"].values() if n["resource_type"] in kinds]


# --------------------------------------------------------------------------- CLI


def test_run_publishes_with_download_and_dbt_progress(cli_published, dbt_manifest):
    out = cli_published.output
    assert f"published {cli_published.serve_db}" in out
    for _, release in _mirrored(cli_published.mirror):
        size = (cli_published.mirror / release.file_name).stat().st_size
        line = next(x for x in out.splitlines() if x.startswith(f"fetched {release.file_name}:"))
        assert re.search(r"\(\d[\d.]* [kMG]?B/s\)$", line), line  # a transfer rate
        assert size > 0
    built = len(_dbt_nodes(dbt_manifest, {"model", "seed"}))
    assert f"dbt: {built}/{built} models and seeds built" in out
    # Dagster's and dbt's own log went to the run log, not the terminal
    (log,) = [Path(x[len("log: ") :]) for x in out.splitlines() if x.startswith("log: ")]
    assert log.parent == cli_published.data_dir / "logs"
    assert "STEP_SUCCESS" in log.read_text()
    assert "STEP_SUCCESS" not in out


def test_run_select_with_unchanged_upstream_is_up_to_date(cli_published):
    before = _sha(cli_published.serve_db)
    result = cli_published.cli("run", "--select", "cdc_vsrr")
    assert result.exit_code == 0, result.output
    assert "sources: cdc_vsrr" in result.output
    assert "up to date" in result.output
    assert _sha(cli_published.serve_db) == before


def test_run_select_unknown_source_is_one_line_and_a_hint(cli_published):
    result = cli_published.cli("run", "--select", "no_such_source")
    assert result.exit_code == 1
    lines = result.output.strip().splitlines()
    assert lines[0].startswith("error: unknown source(s) 'no_such_source'")
    assert lines[1] == "hint: `ironriver sources` lists the catalog"
    assert "Traceback" not in result.output


def test_run_while_another_run_holds_the_data_dir(cli_published):
    with run_lock(cli_published.data_dir):
        quiet = cli_published.cli("run")
        verbose = cli_published.cli("run", "--verbose")
    assert quiet.exit_code == 1
    assert "error: another ironriver run is using" in quiet.output
    assert "hint: only one run per data directory at a time" in quiet.output
    assert "Traceback" not in quiet.output
    # --verbose lets the exception (and its traceback) through
    assert verbose.exit_code != 0
    assert type(verbose.exception).__name__ == "RunLockedError"


def test_status_reports_every_source_from_disk(cli_published):
    result = cli_published.cli("status")
    assert result.exit_code == 0, result.output
    text = result.output
    assert f"served warehouse: {cli_published.serve_db} published" in text
    for source in CATALOG:
        releases = [r for s, r in _mirrored(cli_published.mirror) if s is source]
        newest = max(r.vintage for r in releases)
        row = next(line for line in text.splitlines() if line.startswith(f"│ {source.name}"))
        cells = [c.strip() for c in row.strip("│").split("│")]
        assert cells[1] == newest
        assert int(cells[2]) == len(releases)
        with duckdb.connect() as con:
            (rows,) = con.execute(
                "select count(*) from read_parquet(?)",
                [[str(p) for t in source.tables for p in _landing_files(cli_published, t)]],
            ).fetchone()
        assert cells[3] == f"{rows:,}"
        assert "passed" in cells[4]
    assert "publisher: newest release" in text
    assert "pipeline: PASS: refreshed 0 days ago" in text


def _landing_files(cli_published, table: str) -> list[Path]:
    return sorted((cli_published.data_dir / "landing" / table).glob("*.parquet"))


@pytest.mark.parametrize(
    "sql",
    [
        "create table marts.scratch as select 1 as x",
        "insert into marts.dim_drug select * from marts.dim_drug",
        "delete from marts.fct_drug_seizures",
        "drop table marts.dim_month",
        "update marts.dim_geography set display_name = 'x'",
    ],
)
def test_query_refuses_writes(cli_published, sql):
    before = _sha(cli_published.serve_db)
    result = cli_published.cli("query", sql)
    assert result.exit_code == 1
    assert result.output.startswith("error: refused: ironriver query is read-only")
    assert "hint:" in result.output
    assert _sha(cli_published.serve_db) == before


def test_query_prints_csv_of_the_served_file(cli_published):
    result = cli_published.cli(
        "query", "--csv", "select geography_id from marts.dim_geography order by 1"
    )
    assert result.exit_code == 0, result.output
    with duckdb.connect(str(cli_published.serve_db), read_only=True) as con:
        expected = [
            r[0]
            for r in con.sql("select geography_id from marts.dim_geography order by 1").fetchall()
        ]
    assert result.output.splitlines() == ["geography_id", *expected]


def test_query_errors_are_one_line_plus_hint(cli_published, tmp_path):
    bad = cli_published.cli("query", "select * from marts.no_such_table")
    assert bad.exit_code == 1
    assert bad.output.splitlines()[0].startswith("error: Catalog Error")
    assert bad.output.splitlines()[1].startswith("hint:")
    missing = cli_published.cli("query", "--database", str(tmp_path / "none.duckdb"), "select 1")
    assert missing.exit_code == 1
    assert "does not exist" in missing.output and "hint: build it first" in missing.output


def test_sources_lists_schedules_and_official_urls(cli_published):
    result = cli_published.cli("sources")
    assert result.exit_code == 0
    for source in CATALOG:
        assert f"refresh: cron '{refresh_cron(source)}' (UTC)" in result.output
        for release in source.releases:
            if release.official_url:
                assert release.official_url in result.output


# --------------------------------------------------------------------------- BI access


def _counts(path: Path) -> dict[str, int]:
    with duckdb.connect(str(path), read_only=True) as con:
        relations = con.execute(
            "select table_schema, table_name from information_schema.tables "
            "where table_catalog = current_database() order by 1, 2"
        ).fetchall()
        return {
            f"{schema}.{name}": con.execute(f'select count(*) from "{schema}"."{name}"').fetchone()[
                0
            ]
            for schema, name in relations
        }


def test_every_relation_resolves_in_a_copy_opened_on_its_own(cli_published, tmp_path):
    elsewhere = tmp_path / "elsewhere" / "warehouse.duckdb"
    elsewhere.parent.mkdir()
    shutil.copyfile(cli_published.serve_db, elsewhere)
    counts = _counts(elsewhere)
    assert any(name.startswith("marts.") for name in counts)
    record = json.loads((cli_published.serve_db.parent / "publish.json").read_text())
    assert {k: v for k, v in counts.items() if k in record["tables"]} == record["tables"]
    with duckdb.connect(str(elsewhere), read_only=True) as con:
        views = con.execute("select sql from duckdb_views() where not internal").fetchall()
    for (sql,) in views:
        assert str(cli_published.data_dir) not in sql
        assert "read_parquet" not in sql


def test_duckdb_cli_reads_read_only(cli_published):
    duckdb_cli = BIN / "duckdb"
    assert duckdb_cli.exists(), "duckdb-cli is a dev dependency: pip install -e '.[dev]'"
    sql = "select count(*) as n from marts.fct_drug_seizures"
    done = subprocess.run(
        [str(duckdb_cli), "-readonly", "-csv", str(cli_published.serve_db), "-c", sql],
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    with duckdb.connect(str(cli_published.serve_db), read_only=True) as con:
        (expected,) = con.execute(sql).fetchone()
    assert done.stdout.splitlines() == ["n", str(expected)]
    write = subprocess.run(
        [
            str(duckdb_cli),
            "-readonly",
            str(cli_published.serve_db),
            "-c",
            "drop table marts.dim_drug",
        ],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert write.returncode != 0
    assert "read-only" in write.stdout + write.stderr


def test_pandas_and_sqlalchemy_read_only(cli_published):
    import pandas as pd
    import sqlalchemy

    with duckdb.connect(str(cli_published.serve_db), read_only=True) as con:
        frame = con.sql("select * from marts.dim_month").df()
    engine = sqlalchemy.create_engine(f"duckdb:///{cli_published.serve_db}?access_mode=read_only")
    try:
        with engine.connect() as connection:
            via_sqlalchemy = pd.read_sql("select * from marts.dim_month", connection)
            tables = sqlalchemy.inspect(connection).get_table_names(schema="marts")
            with pytest.raises(sqlalchemy.exc.DBAPIError, match="read-only"):
                connection.execute(sqlalchemy.text("delete from marts.dim_month"))
    finally:
        engine.dispose()
    assert len(frame) == len(via_sqlalchemy) > 0
    assert list(frame.columns) == list(via_sqlalchemy.columns)
    record = json.loads((cli_published.serve_db.parent / "publish.json").read_text())
    assert sorted(tables) == sorted(
        k.split(".", 1)[1] for k in record["tables"] if k.startswith("marts.")
    )


def test_notebook_runs_against_the_served_file(cli_published, tmp_path):
    import nbclient
    import nbformat

    notebook = nbformat.read(NOTEBOOK, as_version=4)
    os.environ["IRONRIVER_WAREHOUSE"] = str(cli_published.serve_db)
    try:
        nbclient.NotebookClient(
            notebook,
            timeout=120,
            kernel_name="python3",
            resources={"metadata": {"path": str(tmp_path)}},
        ).execute()
    finally:
        del os.environ["IRONRIVER_WAREHOUSE"]
    last = notebook.cells[-1]["outputs"][0]["text"]
    summary = json.loads(last.strip().splitlines()[-1])

    rows = _csv(cli_published.mirror / "cbp_drug_seizures" / "nationwide-drugs-fy23-fy26-apr.csv")
    amo = _csv(cli_published.mirror / "cbp_drug_seizures" / "amo-drug-seizures-fy23-fy26-dec.csv")
    fentanyl = sum(
        float(r["Sum Qty (lbs)"])
        for r in [*rows, *amo]  # OFO + USBP (nationwide) and Air and Marine Operations
        if r["FY"] == "2024" and r["Drug Type"] == "Fentanyl"
    )
    assert summary["fentanyl_lbs_fy2024"] == pytest.approx(round(fentanyl, 1), abs=0.051)
    december = _csv(
        cli_published.mirror / "cdc_vsrr" / "vsrr_subset_december_rows_all_indicators_2015_2024.csv"
    )
    (deaths,) = [
        float(r["Total Deaths"])
        for r in december
        if r["Year"] == "2024"
        and r["State Name"] == "United States"
        and r["Indicator"] == "Number of Drug Overdose Deaths"
    ]
    assert summary["us_deaths_2024"] == deaths
    border = [
        f"US-{r['postal_code']}"
        for r in _csv(REPO / "seeds" / "us_states.csv")
        if r["is_border_state"] == "true"
    ]
    border += [
        r["iso_code"]
        for r in _csv(REPO / "seeds" / "mx_states.csv")
        if r["is_border_state"] == "true"
    ]
    assert summary["border_states"] == sorted(border)


def _csv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8-sig", newline="") as f:
        return list(csv.DictReader(f))


# --------------------------------------------------------------------------- browser


def _text(dom: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", dom).split())


def test_dbt_docs_site_shows_the_marts(cli_published, dbt_manifest, tmp_path):
    page = cli_published.data_dir / "serve" / "docs" / "index.html"
    fact = dbt_manifest["nodes"]["model.ironriver.fct_drug_seizures"]
    dom = browse(
        f"{page.as_uri()}#!/model/model.ironriver.fct_drug_seizures",
        tmp_path,
        "dbt_docs",
    )
    text = _text(dom)
    assert "fct_drug_seizures" in text
    for column in fact["columns"]:
        assert column in text, column
    for model in _dbt_nodes(dbt_manifest, {"model"}):
        if model["schema"] == "marts":
            assert model["name"] in text, model["name"]


def test_quality_site_lists_every_suite_with_its_outcome(cli_published, tmp_path):
    site = cli_published.data_dir / "serve" / "quality"
    results = {
        json.loads(p.read_text())["suite_name"]: json.loads(p.read_text())
        for p in (cli_published.data_dir / "quality").glob("*.json")
    }
    assert results
    dom = browse((site / "index.html").as_uri(), tmp_path, "quality")
    rows = re.findall(r"<tr class=\"(\w+)\"><td>(.*?)</td>", dom)
    shown = {re.sub(r"<[^>]+>", "", cell): status for status, cell in rows}
    assert set(shown) == set(results)
    for suite, result in results.items():
        failing = {
            r["expectation_config"]["meta"]["severity"]
            for r in result["results"]
            if not r["success"]
        }
        expected = "failed" if "error" in failing else "warnings" if failing else "passed"
        assert shown[suite] == expected, suite
    # each suite links to Great Expectations' own page for its validation result
    suite = "landing__cbp_drug_seizures__nationwide"
    link = re.search(rf'<a href="([^"]+)">{suite}</a>', dom).group(1)
    gx_dom = browse((site / link).as_uri(), tmp_path, "quality_cbp_nationwide")
    assert "Expectation Validation Result" in _text(gx_dom)
    evaluated = len(results[suite]["results"])
    assert re.search(rf"Evaluated Expectations\s*{evaluated}\b", _text(gx_dom))


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _graphql(base: str, query: str) -> dict:
    request = urllib.request.Request(
        f"{base}/graphql",
        data=json.dumps({"query": query}).encode(),
        headers={"Content-Type": "application/json"},
    )
    with urllib.request.urlopen(request, timeout=30) as response:
        payload = json.loads(response.read())
    assert "errors" not in payload, payload
    return payload["data"]


ASSETS_QUERY = """{
  assetNodes {
    assetKey { path }
    internalFreshnessPolicy { __typename }
    assetChecksOrError { ... on AssetChecks { checks { name } } }
  }
}"""
AUTOMATION_QUERY = """{
  repositoriesOrError { ... on RepositoryConnection { nodes {
    location { name }
    schedules { name cronSchedule executionTimezone pipelineName }
    sensors { name targets { pipelineName } }
  } } }
  runsOrError { ... on Runs { results { pipelineName status } } }
}"""


def _start_dev(env: dict[str, str], port: int, log: Path) -> subprocess.Popen[bytes]:
    """``ironriver dev`` (the command behind ``make dev``) on ``port``, logging to ``log``."""
    env = {
        **os.environ,
        **env,
        "PYTHONPATH": os.pathsep.join(filter(None, [str(REPO), os.environ.get("PYTHONPATH")])),
    }
    with log.open("wb") as out:
        return subprocess.Popen(
            [sys.executable, "-m", "orchestration.cli", "dev", "--port", str(port)],
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
        )


def _wait_for_ui(process: subprocess.Popen[bytes], base: str, log: Path) -> None:
    deadline = time.monotonic() + 180
    while True:
        assert process.poll() is None, log.read_text()[-3000:]
        try:
            if _graphql(base, "{ assetNodes { id } }")["assetNodes"]:
                return
        except OSError:
            pass
        assert time.monotonic() < deadline, log.read_text()[-3000:]
        time.sleep(1)


def _process_tree(pid: int) -> list[psutil.Process]:
    root = psutil.Process(pid)
    return [root, *root.children(recursive=True)]


def _still_running(tree: list[psutil.Process]) -> list[str]:
    running = []
    for process in tree:
        try:
            if process.is_running() and process.status() != psutil.STATUS_ZOMBIE:
                running.append(f"{process.pid} {' '.join(process.cmdline()[:4])}")
        except psutil.NoSuchProcess:
            pass
    return running


def _kill_tree(tree: list[psutil.Process]) -> None:
    for process in tree:
        with contextlib.suppress(psutil.NoSuchProcess):
            process.kill()


@pytest.fixture(scope="module")
def dagster_ui(cli_published, tmp_path_factory):
    """``ironriver dev`` (the command behind ``make dev``) on a free port."""
    port = _free_port()
    log = tmp_path_factory.mktemp("dagster_ui") / "dev.log"
    process = _start_dev(cli_published.env, port, log)
    base = f"http://127.0.0.1:{port}"
    tree = [psutil.Process(process.pid)]
    try:
        _wait_for_ui(process, base, log)
        tree = _process_tree(process.pid)
        _graphql(base, "mutation { setNuxSeen }")  # no first-visit newsletter dialog
        yield base
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        finally:
            _kill_tree(tree)


@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGINT], ids=["SIGTERM", "SIGINT"])
def test_dev_stops_within_10_s_leaving_no_process(tmp_path, sig):
    """As systemd and ``docker stop`` stop a service (a signal to its main process), or
    Ctrl-C: ``ironriver dev`` and everything it started are gone within 10 s."""
    port = _free_port()
    log = tmp_path / "dev.log"
    process = _start_dev({"IRONRIVER_DATA_DIR": str(tmp_path / "data")}, port, log)
    tree = [psutil.Process(process.pid)]
    try:
        _wait_for_ui(process, f"http://127.0.0.1:{port}", log)
        tree = _process_tree(process.pid)
        commands = " | ".join(" ".join(p.cmdline()) for p in tree)
        for part in ("dagster dev", "dagster_webserver", "dagster._daemon", "code-server"):
            assert part in commands, commands
        started = time.monotonic()
        process.send_signal(sig)
        try:
            code = process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            pytest.fail(f"ironriver dev still running 10 s after {sig.name}")
        took = time.monotonic() - started
        assert code == 0, log.read_text()[-3000:]
        assert _still_running(tree) == [], f"left after {took:.1f} s"
    finally:
        _kill_tree(tree)


def test_dagster_ui_serves_assets_checks_and_freshness(dagster_ui, dbt_manifest):
    nodes = {
        "/".join(node["assetKey"]["path"]): node
        for node in _graphql(dagster_ui, ASSETS_QUERY)["assetNodes"]
    }
    expected = {"serve/warehouse", "landing/ironriver__source_releases"}
    for source in CATALOG:
        expected.add(f"raw/{source.name}")
        expected |= {f"landing/{t}" for t in source.tables}
    expected |= {f"{n['schema']}/{n['name']}" for n in _dbt_nodes(dbt_manifest, {"model", "seed"})}
    assert expected <= set(nodes)

    def checks(key: str) -> set[str]:
        return {c["name"] for c in nodes[key]["assetChecksOrError"]["checks"]}

    for source in CATALOG:
        raw = f"raw/{source.name}"
        assert {"checksums_match_manifest", CHECK_NAME} <= checks(raw)
        assert nodes[raw]["internalFreshnessPolicy"]["__typename"] == "TimeWindowFreshnessPolicy"
        for table in source.tables:
            assert "gx_suite" in checks(f"landing/{table}")
    for model in _dbt_nodes(dbt_manifest, {"model"}):
        if model["schema"] == "marts":  # dbt's guard on each; GX's newest month on dated marts
            assert f"column_guards_{model['name']}" in checks(f"marts/{model['name']}")
            dated = REPO / "expectations" / "expectations" / f"marts__{model['name']}.json"
            assert ("gx_suite" in checks(f"marts/{model['name']}")) == dated.is_file()
    assert "opens_read_only_as_recorded" in checks("serve/warehouse")


def test_dagster_ui_serves_schedules_sensors_and_the_cli_runs(dagster_ui):
    data = _graphql(dagster_ui, AUTOMATION_QUERY)
    (repository,) = data["repositoriesOrError"]["nodes"]
    assert repository["location"]["name"] == "ironriver"
    schedules = {s["name"]: s for s in repository["schedules"]}
    sensors = {s["name"]: s for s in repository["sensors"]}
    for source in CATALOG:
        schedule = schedules[f"{source_job_name(source)}_schedule"]
        assert schedule["cronSchedule"] == refresh_cron(source)
        assert schedule["pipelineName"] == source_job_name(source)
        sensor = sensors[f"{source.name}_new_release"]
        assert [t["pipelineName"] for t in sensor["targets"]] == [source_job_name(source)]
    runs = {(r["pipelineName"], r["status"]) for r in data["runsOrError"]["results"]}
    assert {("ingest_raw", "SUCCESS"), ("build_and_publish", "SUCCESS")} <= runs


def test_dagster_ui_pages_render_in_chromium(dagster_ui, tmp_path):
    graph = _text(browse(f"{dagster_ui}/asset-groups", tmp_path, "asset_graph"))
    assert "Global asset lineage" in graph
    for group in ("cbp_drug_seizures", "cdc_vsrr", "marts", "serve"):
        assert group in graph, group
    automation = _text(browse(f"{dagster_ui}/automation", tmp_path, "automation"))
    for source in CATALOG:
        assert f"{source_job_name(source)}_schedule" in automation
        assert f"{source.name}_new_release" in automation
    raw = _text(browse(f"{dagster_ui}/assets/raw/{CATALOG[0].name}", tmp_path, "raw_asset"))
    assert "Freshness policy" in raw


# --------------------------------------------------------------------------- docs at publish


def test_docs_failure_fails_the_publish_and_changes_nothing_served(cli_published, tmp_path):
    from dagster import DagsterInstance

    from orchestration.definitions import BUILD_JOB, build_definitions
    from orchestration.publish.asset import SERVED_KEY
    from orchestration.resources import WarehouseConfig

    data_dir = tmp_path / "data"
    shutil.copytree(
        cli_published.data_dir, data_dir, symlinks=True, ignore=shutil.ignore_patterns("dagster")
    )
    serve = data_dir / "serve"
    before = {p.relative_to(serve): _sha(p) for p in serve.rglob("*") if p.is_file()}
    for result in (data_dir / "quality").glob("*.json"):
        result.unlink()  # nothing to render the quality site from
    warehouse = WarehouseConfig(data_dir=str(data_dir), mirror=str(cli_published.mirror))
    defs = build_definitions(warehouse=warehouse)
    with DagsterInstance.ephemeral() as instance:
        result = defs.resolve_job_def(BUILD_JOB).execute_in_process(
            instance=instance, asset_selection=[SERVED_KEY], raise_on_error=False
        )
    assert not result.success
    failure = next(e for e in result.all_events if e.is_step_failure)
    assert "no validation results" in str(failure.step_failure_data.error)
    after = {p.relative_to(serve): _sha(p) for p in serve.rglob("*") if p.is_file()}
    assert after == before  # warehouse, publish record, docs: byte for byte, no temp dirs left
