"""The static sites served beside the warehouse: dbt docs, the data-quality results and
the visual report.

* ``serve/docs/index.html`` -- dbt's docs site for the published build (``dbt docs generate
  --static`` against the build file: one self-contained HTML file, works offline).
* ``serve/quality/`` -- Great Expectations Data Docs, rendered by GX from the validation
  results the checks wrote to ``<data_dir>/quality/*.json``, into an in-memory GX context
  whose only site is a temp directory (nothing is written into the repository). GX's own
  index page needs JavaScript from CDNs to show its table, which offline machines cannot
  load, so ``index.html`` is a plain page written here that lists every suite with its
  outcome and links to GX's page for it (GX's index is kept as ``gx_index.html``).
* ``serve/report/index.html`` -- the charts of the analysis marts (``orchestration.publish.report``;
  Plotly, its JavaScript inlined: works offline).

All are built into a temp directory *before* the warehouse file is swapped in (a failure
fails the publish and leaves everything served as it was), then swapped into place right
after it, so the docs always describe the served file.
"""

from __future__ import annotations

import html
import json
import os
import shutil
import subprocess
import tempfile
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from orchestration.atomic import restore_interrupted_swaps, swap_directory
from orchestration.publish.report import build_report
from orchestration.publish.swap import DOCS_SITE as DOCS_DIR
from orchestration.publish.swap import QUALITY_SITE as QUALITY_DIR
from orchestration.publish.swap import REPORT_SITE as REPORT_DIR
from orchestration.publish.swap import SITES
from orchestration.resources import PROJECT_DIR, WarehouseConfig
from orchestration.transform.project import PARTIAL_PARSE, venv_dbt


class DocsError(RuntimeError):
    """A docs site could not be built."""


# --------------------------------------------------------------------------- dbt docs


def build_dbt_docs(warehouse: WarehouseConfig, dest: Path) -> Path:
    """Write dbt's static docs site for the build file to ``dest/index.html``."""
    dest.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix=".dbt-docs-", dir=warehouse.build_dir) as tmp:
        built = warehouse.dbt_target_dir / "manifest.json"
        if built.is_file():
            # what `dbt build` wrote for this build file: the manifest (compiled already)
            # and its parse state, made with this profile, so dbt parses nothing again
            shutil.copy2(built, Path(tmp) / built.name)
            partial = warehouse.dbt_target_dir / PARTIAL_PARSE
            compile_flag = "--no-compile"
        else:
            partial = PROJECT_DIR / "target" / PARTIAL_PARSE  # saves most of the parse
            compile_flag = "--compile"
        if partial.is_file():
            shutil.copy2(partial, Path(tmp) / PARTIAL_PARSE)
        command = [
            venv_dbt(),
            "docs",
            "generate",
            "--static",
            compile_flag,
            "--project-dir",
            str(PROJECT_DIR),
            "--profiles-dir",
            str(PROJECT_DIR),
            "--target-path",
            tmp,
            "--log-path",
            tmp,
        ]
        done = subprocess.run(
            command,
            cwd=PROJECT_DIR,
            env={**os.environ, **warehouse.dbt_env()},
            capture_output=True,
            text=True,
            check=False,
        )
        page = Path(tmp) / "static_index.html"
        if done.returncode != 0 or not page.is_file():
            tail = " | ".join((done.stdout + done.stderr).strip().splitlines()[-5:])
            raise DocsError(f"dbt docs generate failed (exit {done.returncode}): {tail}")
        shutil.copyfile(page, dest / "index.html")
    return dest / "index.html"


# --------------------------------------------------------------------------- quality


@dataclass(frozen=True)
class SuiteSummary:
    suite: str
    success: bool
    evaluated: int
    failed_errors: list[str]
    failed_warnings: list[str]
    validated_at: str
    page: str | None
    """Path of GX's page for this result, relative to the site root."""


def _read_results(results_dir: Path) -> list[dict[str, Any]]:
    results = []
    for path in sorted(results_dir.glob("*.json")):
        data = json.loads(path.read_text(encoding="utf-8"))
        if isinstance(data, dict) and data.get("suite_name") and "results" in data:
            results.append(data)
    return results


def _validated_at(data: dict[str, Any]) -> datetime:
    stamp = ((data.get("meta") or {}).get("batch_markers") or {}).get("ge_load_time")
    try:
        return datetime.strptime(stamp, "%Y%m%dT%H%M%S.%fZ").replace(tzinfo=UTC)
    except (TypeError, ValueError):
        return datetime.now(UTC)


def _failures(data: dict[str, Any], severity: str) -> list[str]:
    lines = []
    for item in data.get("results", []):
        if item.get("success"):
            continue
        config = item.get("expectation_config") or {}
        if ((config.get("meta") or {}).get("severity") or "error") != severity:
            continue
        kwargs = config.get("kwargs") or {}
        column = kwargs.get("column") or ", ".join(kwargs.get("column_list") or [])
        lines.append(f"{config.get('type')}({column})" if column else str(config.get("type")))
    return lines


def render_gx_pages(results: list[dict[str, Any]], site: Path) -> None:
    """Let GX render its Data Docs for ``results`` into ``site`` (in-memory context)."""
    from orchestration.quality.gx_suites import _gx

    _gx()
    import great_expectations as gx
    from great_expectations.core.expectation_validation_result import (
        ExpectationSuiteValidationResult,
        ExpectationSuiteValidationResultSchema,
    )
    from great_expectations.core.run_identifier import RunIdentifier
    from great_expectations.data_context.types.base import (
        DataContextConfig,
        InMemoryStoreBackendDefaults,
        ProgressBarsConfig,
    )
    from great_expectations.data_context.types.resource_identifiers import (
        ExpectationSuiteIdentifier,
        ValidationResultIdentifier,
    )

    config = DataContextConfig(
        store_backend_defaults=InMemoryStoreBackendDefaults(init_temp_docs_sites=False),
        analytics_enabled=False,
        progress_bars=ProgressBarsConfig(globally=False, metric_calculations=False),
        data_docs_sites={
            QUALITY_DIR: {
                "class_name": "SiteBuilder",
                "show_how_to_buttons": False,
                "store_backend": {
                    "class_name": "TupleFilesystemStoreBackend",
                    "base_directory": str(site),
                },
                "site_index_builder": {"class_name": "DefaultSiteIndexBuilder"},
            }
        },
    )
    context = gx.get_context(mode="ephemeral", project_config=config)
    for data in results:
        loaded = ExpectationSuiteValidationResultSchema().load(data)
        result = (
            loaded
            if isinstance(loaded, ExpectationSuiteValidationResult)
            else ExpectationSuiteValidationResult(**loaded)
        )
        key = ValidationResultIdentifier(
            expectation_suite_identifier=ExpectationSuiteIdentifier(name=data["suite_name"]),
            run_id=RunIdentifier(run_name="ironriver", run_time=_validated_at(data)),
            batch_identifier=data["suite_name"],
        )
        context.validation_results_store.set(key, result)
    context.build_data_docs(site_names=[QUALITY_DIR])


def build_quality_docs(results_dir: Path, dest: Path) -> list[SuiteSummary]:
    """GX Data Docs for every validation result in ``results_dir``, plus a plain index."""
    results = _read_results(results_dir)
    if not results:
        raise DocsError(f"no validation results under {results_dir}: nothing to document")
    dest.mkdir(parents=True, exist_ok=True)
    render_gx_pages(results, dest)
    if (dest / "index.html").exists():
        os.replace(dest / "index.html", dest / "gx_index.html")
    summaries = []
    for data in results:
        suite = data["suite_name"]
        pages = sorted((dest / "validations" / suite).rglob("*.html"))
        summaries.append(
            SuiteSummary(
                suite=suite,
                success=bool(data.get("success")),
                evaluated=len(data.get("results", [])),
                failed_errors=_failures(data, "error"),
                failed_warnings=_failures(data, "warn"),
                validated_at=_validated_at(data).isoformat(timespec="seconds"),
                page=str(pages[-1].relative_to(dest)) if pages else None,
            )
        )
    (dest / "index.html").write_text(render_index(summaries), encoding="utf-8")
    return summaries


def render_index(summaries: list[SuiteSummary]) -> str:
    rows = []
    for s in summaries:
        if s.failed_errors:
            status = "FAILED"
        elif s.failed_warnings:
            status = "WARNINGS"
        else:
            status = "PASSED"
        failures = "<br>".join(
            html.escape(f"{kind}: {line}")
            for kind, lines in (("error", s.failed_errors), ("warn", s.failed_warnings))
            for line in lines
        )
        name = html.escape(s.suite)
        link = f'<a href="{html.escape(s.page)}">{name}</a>' if s.page else name
        rows.append(
            f'<tr class="{status.lower()}"><td>{link}</td><td>{status}</td>'
            f"<td>{s.evaluated}</td><td>{html.escape(s.validated_at)}</td>"
            f"<td>{failures}</td></tr>"
        )
    passed = sum(not s.failed_errors and not s.failed_warnings for s in summaries)
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<title>ironriver data quality</title>
<style>
body {{ font-family: sans-serif; margin: 2em; }}
table {{ border-collapse: collapse; }}
td, th {{ border: 1px solid #ccc; padding: 4px 8px; text-align: left; vertical-align: top; }}
tr.failed td {{ background: #fdd; }} tr.warnings td {{ background: #ffd; }}
</style></head>
<body>
<h1>ironriver data quality</h1>
<p>Great Expectations suites of the published warehouse: {passed} of {len(summaries)}
passed every expectation. Each suite links to its Great Expectations Data Docs page.</p>
<table>
<thead><tr><th>suite</th><th>status</th><th>expectations</th><th>validated at (UTC)</th>
<th>failed expectations</th></tr></thead>
<tbody>
{chr(10).join(rows)}
</tbody></table>
</body></html>
"""


# --------------------------------------------------------------------------- serving


def build_sites(warehouse: WarehouseConfig) -> Path:
    """Build every site into a new temp directory under ``serve/``; return it."""
    warehouse.serve_dir.mkdir(parents=True, exist_ok=True)
    remove_stale_sites(warehouse.serve_dir)
    staging = Path(tempfile.mkdtemp(prefix=".sites.", dir=warehouse.serve_dir))
    try:
        build_report(warehouse.build_db, staging / REPORT_DIR)
        # dbt docs is a dbt process, mostly apart from this one: the GX pages get built
        # meanwhile (after the report, which reads the build file that dbt then opens)
        with ThreadPoolExecutor(max_workers=1, thread_name_prefix="dbt-docs") as beside:
            docs = beside.submit(build_dbt_docs, warehouse, staging / DOCS_DIR)
            build_quality_docs(warehouse.quality_dir, staging / QUALITY_DIR)
            docs.result()
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return staging


def remove_stale_sites(serve_dir: Path) -> list[Path]:
    """Site directories left by a publish that was killed (publishes never overlap: the
    publish step is in the ``duckdb_writer`` pool)."""
    found = restore_interrupted_swaps(serve_dir, SITES)
    for path in serve_dir.glob(".sites.*"):
        shutil.rmtree(path, ignore_errors=True)
        found.append(path)
    return found


def install_sites(staging: Path, serve_dir: Path) -> None:
    """Swap each built site into ``serve_dir`` (rename, then remove the old one)."""
    try:
        for name in SITES:
            swap_directory(staging / name, serve_dir / name)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
