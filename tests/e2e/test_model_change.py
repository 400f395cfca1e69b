"""A change to one model rebuilds that model and what depends on it, not everything: on a
copy of the project (``ironriver run`` from it, as a user runs it) over a copy of the
published warehouse."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import duckdb
from dagster import DagsterEventType

from orchestration.automation.runner import dagster_instance

REPO = Path(__file__).resolve().parents[2]
PROJECT_FILES = (
    "dbt_project.yml",
    "profiles.yml",
    "pyproject.toml",
    "orchestration",
    "models",
    "seeds",
    "macros",
    "tests/dbt",
    "expectations",
    "target/manifest.json",  # last: newer than the files it was parsed from
)
MODEL = "fct_overdose_deaths"
FIGURES = f"""
select count(*), sum(reported_deaths_12m), sum(predicted_deaths_12m), max(month_start)
from marts.{MODEL}
"""


def _project_copy(dest: Path) -> Path:
    for name in PROJECT_FILES:
        source = REPO / name
        if source.is_dir():
            shutil.copytree(source, dest / name, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            (dest / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, dest / name)
    return dest


def _run(project: Path, data_dir: Path, mirror: Path) -> str:
    env = {
        **os.environ,
        "IRONRIVER_DATA_DIR": str(data_dir),
        "IRONRIVER_MIRROR": str(mirror),
        "PYTHONPATH": str(project),
        "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}",
    }
    done = subprocess.run(
        [sys.executable, "-m", "orchestration.cli", "run"],
        cwd=project,
        env=env,
        capture_output=True,
        text=True,
        timeout=900,
    )
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    return done.stdout


def _descendants(manifest: dict, unique_id: str) -> set[str]:
    found: set[str] = set()
    todo = [unique_id]
    while todo:
        for child in manifest["child_map"][todo.pop()]:
            node = manifest["nodes"].get(child)
            if node and node["resource_type"] in {"model", "seed", "snapshot"}:
                key = f"{node['schema']}/{node['name']}"
                if key not in found:
                    found.add(key)
                    todo.append(child)
    return found


def _figures(serve_db: Path):
    with duckdb.connect(str(serve_db), read_only=True) as con:
        return con.execute(FIGURES).fetchone()


def test_changed_model_rebuilds_it_and_its_descendants_only(published_copy, shared_data, tmp_path):
    project = _project_copy(tmp_path / "project")
    data_dir = published_copy.root
    before = _figures(published_copy.serve_db)
    # the copy is the same code: nothing to do
    assert "up to date: nothing changed upstream" in _run(project, data_dir, shared_data)

    sql = project / "models" / "marts" / "core" / f"{MODEL}.sql"
    sql.write_text(sql.read_text() + "\n-- an edit that changes no figure\n")
    output = _run(project, data_dir, shared_data)
    assert f"changed models marts/{MODEL}: build what depends on it" in output
    assert f"published {published_copy.serve_db}" in output

    instance = dagster_instance(data_dir)
    (run,) = [r for r in instance.get_runs(limit=5) if r.job_name == "build_and_publish"][:1]
    built = {
        entry.dagster_event.asset_key.to_user_string()
        for entry in instance.all_logs(run.run_id, of_type=DagsterEventType.ASSET_MATERIALIZATION)
    }
    instance.dispose()
    manifest = json.loads((project / "target" / "manifest.json").read_text())
    expected = {f"marts/{MODEL}", *_descendants(manifest, f"model.ironriver.{MODEL}")}
    assert built == expected | {"serve/warehouse"}
    assert len(expected) < 10  # not everything (the project has over 70 models and seeds)
    assert _figures(published_copy.serve_db) == before
