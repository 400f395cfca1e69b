"""The project copy a scaled benchmark runs: the same code, row-count bounds scaled.

Landing suites bound each table's row count (``expect_table_row_count_to_be_between``):
a sanity check on the real files that N times the rows fails by design. A scaled run
uses a copy of the project holding, for each scaled table, its generated suite with
N times wider row-count bounds as a suite file (which takes the generated suite's place);
every other expectation, model and test is the repository's own. The repository is never
changed.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

from bench.mirror import SCALED_TABLES
from orchestration.quality.landing_suites import suite_json
from orchestration.resources import PROJECT_DIR

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
    "bench",
)
ROW_COUNT = "expect_table_row_count_to_be_between"


def _scale_row_counts(suite: Path, scale: int) -> None:
    """Write the table's generated suite with N times wider row-count bounds as a suite
    file of the copy (a file of that name takes the place of the generated suite)."""
    data = suite_json(suite.stem)
    if data is None:
        raise KeyError(f"{suite.stem!r} names no declared landing table")
    for expectation in data.get("expectations", []):
        if expectation.get("type") != ROW_COUNT:
            continue
        kwargs = expectation.setdefault("kwargs", {})
        for bound in ("min_value", "max_value"):
            if isinstance(kwargs.get(bound), int | float):
                kwargs[bound] = kwargs[bound] * scale
    suite.parent.mkdir(parents=True, exist_ok=True)
    suite.write_text(json.dumps(data, indent=2), encoding="utf-8")


def project_copy(dest: Path, scale: int, env: dict[str, str]) -> Path:
    """A copy of the project at ``dest`` for a run at ``scale``, its dbt manifest parsed."""
    ignore = shutil.ignore_patterns("__pycache__", "results.*")
    for name in PROJECT_FILES:
        source = PROJECT_DIR / name
        if source.is_dir():
            shutil.copytree(source, dest / name, ignore=ignore)
        elif source.exists():
            (dest / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, dest / name)
    if scale > 1:
        # the scaled landing tables hold N times the rows; the rest and every mart (newest
        # vintage) keep the real ones
        for table in SCALED_TABLES:
            _scale_row_counts(
                dest / "expectations" / "expectations" / f"landing__{table}.json", scale
            )
    # parse once before anything is timed, as a checkout that has run before would have
    subprocess.run(
        [
            sys.executable,
            "-c",
            "from orchestration.transform.project import ensure_manifest, ironriver_dbt_project; "
            "ensure_manifest(ironriver_dbt_project())",
        ],
        env={**os.environ, **env, "PYTHONPATH": str(dest)},
        cwd=dest,
        check=True,
        capture_output=True,
    )
    return dest
