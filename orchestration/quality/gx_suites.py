"""Great Expectations suites: load them strictly, validate pandas frames with them.

Mart suites live as JSON in the GX file data context ``expectations/``
(``expectations/expectations/marts__<model>.json``); a landing table's suite
``landing__<table>`` is generated from the table's declaration (:func:`landing_suite`).
Every expectation carries ``meta.severity``:

* ``"error"`` — a failure blocks publishing (:attr:`SuiteOutcome.success` is False);
* ``"warn"``  — a failure is only recorded (:attr:`SuiteOutcome.warnings`).

Validation runs on a pandas DataFrame (DuckDB ``.df()``) in an *ephemeral* GX context:
nothing is written into the repository, and GX's SQL datasources (broken on duckdb-engine)
are never used.

Great Expectations costs seconds to import, so it is imported inside functions only;
importing this module stays cheap.
"""

from __future__ import annotations

import copy
import difflib
import functools
import json
import math
import os
import re
import threading
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from orchestration.atomic import atomic_write_text

if TYPE_CHECKING:
    from types import ModuleType

    import pandas as pd
    from great_expectations.core.expectation_suite import ExpectationSuite
    from great_expectations.core.expectation_validation_result import (
        ExpectationValidationResult,
    )

Severity = Literal["error", "warn"]
SEVERITIES: tuple[Severity, ...] = ("error", "warn")
# GX 1.x has its own severity field; keep it in step with meta.severity (Data Docs show it).
_GX_SEVERITY: dict[str, str] = {"error": "critical", "warn": "warning"}

SUITES_SUBDIR = "expectations"
"""Where a file data context keeps its suites, relative to the context root."""
SUITE_NAME = re.compile(r"^[a-z0-9_]+__[a-z0-9_]+$")
MAX_EXAMPLES = 5
"""How many unexpected values a failure message quotes."""
PARTIAL_UNEXPECTED = 20
"""How many unexpected values GX keeps per expectation (SUMMARY result format)."""
_KWARGS_NOT_SHOWN = frozenset(
    {
        "column",
        "column_list",
        "column_A",
        "column_B",
        "result_format",
        "catch_exceptions",
        "batch_id",
        "condition_parser",
    }
)


class SuiteError(Exception):
    """A suite file that cannot be used as written (missing, empty, unknown types ...)."""


@dataclass(frozen=True)
class SuiteOutcome:
    """What one suite said about one frame."""

    suite_name: str
    success: bool
    """False iff an ERROR-severity expectation failed."""
    errors: list[str]
    """One line per failed ERROR-severity expectation."""
    warnings: list[str]
    """One line per failed WARN-severity expectation."""
    evaluated: int
    """Expectations evaluated."""
    result_json: dict[str, Any]
    """The full GX validation result, JSON-serialisable."""


# --------------------------------------------------------------------------- GX import


def _gx() -> ModuleType:
    """Import Great Expectations quietly and offline (analytics off)."""
    os.environ["GX_ANALYTICS_ENABLED"] = "false"
    import great_expectations as gx

    return gx


def import_in_background() -> threading.Thread:
    """Import Great Expectations (~2 s) on a daemon thread and return it.

    A build starts by landing its sources, which is mostly DuckDB work that releases the GIL,
    so the import runs beside it on the other core; the first suite then finds GX imported
    (or waits on Python's import lock for the rest of it, never importing twice).
    """
    thread = threading.Thread(target=known_expectation_types, name="import-gx", daemon=True)
    thread.start()
    return thread


@functools.cache
def known_expectation_types() -> frozenset[str]:
    """Snake-case types of every expectation class GX knows (core + registered)."""
    _gx()
    import great_expectations.expectations  # noqa: F401  (registers the core expectations)
    from great_expectations.expectations.registry import (
        list_registered_expectation_implementations,
    )

    return frozenset(list_registered_expectation_implementations())


# --------------------------------------------------------------------------- suites


def suite_path(context_root: Path, suite_name: str) -> Path:
    return Path(context_root) / SUITES_SUBDIR / f"{suite_name}.json"


def list_suites(context_root: Path) -> list[str]:
    """Names of the suite files under ``context_root`` and of the landing suites generated
    from declarations (no GX import)."""
    from orchestration.catalog import TABLES

    directory = Path(context_root) / SUITES_SUBDIR
    files = {p.stem for p in directory.glob("*.json")}
    return sorted(files | {f"landing__{table}" for table in TABLES})


def landing_suite(suite_name: str) -> dict[str, Any] | None:
    """Suite ``landing__<table>`` generated from the table's declaration (see
    :mod:`orchestration.quality.landing_suites`); None for any other name."""
    from orchestration.quality.landing_suites import suite_json

    return suite_json(suite_name)


def read_suite_json(context_root: Path, suite_name: str) -> dict[str, Any]:
    """Read a suite file and check its shape (no GX import); raise :class:`SuiteError`.

    A declared landing table's suite is generated from its declaration unless a file
    of that name exists (a benchmark's copy with scaled row counts, a test's variant)."""
    if not SUITE_NAME.match(suite_name):
        raise SuiteError(f"{suite_name!r} is not a suite name (<layer>__<table>, lower snake case)")
    path = suite_path(context_root, suite_name)
    data = None if path.is_file() else landing_suite(suite_name)
    if data is None:
        if not path.is_file():
            raise SuiteError(f"{path}: suite {suite_name!r} not found")
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (UnicodeDecodeError, json.JSONDecodeError) as exc:
            raise SuiteError(f"{path}: not valid JSON: {exc}") from exc
    if not isinstance(data, dict):
        raise SuiteError(f"{path}: expected a JSON object with 'name' and 'expectations'")
    if data.get("name") != suite_name:
        raise SuiteError(f"{path}: 'name' is {data.get('name')!r}, expected {suite_name!r}")
    expectations = data.get("expectations")
    if not isinstance(expectations, list) or not expectations:
        raise SuiteError(f"{path}: suite {suite_name!r} has no expectations")
    for index, item in enumerate(expectations):
        where = f"{path}: expectation #{index}"
        if not isinstance(item, dict) or not isinstance(item.get("type"), str):
            raise SuiteError(f"{where}: expected an object with a string 'type'")
        where = f"{where} ({item['type']})"
        if not isinstance(item.get("kwargs", {}), dict):
            raise SuiteError(f"{where}: 'kwargs' must be an object")
        meta = item.get("meta")
        severity = meta.get("severity") if isinstance(meta, dict) else None
        if severity not in SEVERITIES:
            raise SuiteError(
                f"{where}: meta.severity is {severity!r}; expected one of {list(SEVERITIES)}"
            )
        gx_severity = item.get("severity")
        if gx_severity is not None and gx_severity != _GX_SEVERITY[severity]:
            raise SuiteError(
                f"{where}: GX severity {gx_severity!r} contradicts meta.severity "
                f"{severity!r} (expected {_GX_SEVERITY[severity]!r})"
            )
    return data


def load_suite(context_root: Path, suite_name: str) -> ExpectationSuite:
    """Load a suite strictly: every expectation in the file ends up in the suite or we raise.

    GX's own loader logs and *drops* an expectation whose type it does not know (a typo
    would silently disable a check), so the JSON is read here and every ``type`` is
    compared with the expectation classes GX knows.
    """
    data = read_suite_json(context_root, suite_name)
    path = suite_path(context_root, suite_name)
    known = known_expectation_types()
    for index, item in enumerate(data["expectations"]):
        kind = item["type"]
        if kind not in known:
            close = difflib.get_close_matches(kind, sorted(known), n=1)
            hint = f"; did you mean {close[0]!r}?" if close else ""
            raise SuiteError(
                f"{path}: expectation #{index} has unknown type {kind!r} "
                f"(not an expectation Great Expectations knows){hint}"
            )

    gx = _gx()
    from great_expectations.expectations.expectation_configuration import (
        ExpectationConfiguration,
    )

    built = []
    for index, item in enumerate(data["expectations"]):
        severity = item["meta"]["severity"]
        try:
            config = ExpectationConfiguration(
                type=item["type"],
                kwargs=item.get("kwargs", {}),
                meta=item["meta"],
                notes=item.get("notes"),
                description=item.get("description"),
                id=item.get("id"),
                severity=_GX_SEVERITY[severity],
            )
            config.to_domain_obj()  # raises on bad kwargs, which GX would log and drop
            built.append(config)
        except Exception as exc:
            detail = " ".join(str(exc).split())
            raise SuiteError(
                f"{path}: expectation #{index} ({item['type']}) is not valid: {detail}"
            ) from exc
    suite = gx.ExpectationSuite(
        name=suite_name,
        expectations=built,
        id=data.get("id"),
        meta=data.get("meta") or {},
        notes=data.get("notes"),
    )
    if len(suite.expectations) != len(built):  # never trust a silent drop
        raise SuiteError(f"{path}: GX kept {len(suite.expectations)} of {len(built)} expectations")
    return suite


def suite_parameter_names(data: dict[str, Any]) -> list[str]:
    """Names of the GX suite parameters (``{"$PARAMETER": name}`` kwargs) a suite uses."""
    names = [
        value["$PARAMETER"]
        for item in data["expectations"]
        for value in (item.get("kwargs") or {}).values()
        if isinstance(value, dict) and isinstance(value.get("$PARAMETER"), str)
    ]
    return sorted(set(names))


# --------------------------------------------------------------------------- validation


def validate_frame(
    df: pd.DataFrame,
    suite_name: str,
    *,
    context_root: Path,
    results_dir: Path | None = None,
    parameters: Mapping[str, Any] | None = None,
) -> SuiteOutcome:
    """Validate ``df`` against suite ``suite_name`` from the file context at ``context_root``.

    Runs in an ephemeral context (in memory; nothing is written into the repository). When
    ``results_dir`` is given, the full result is written to ``results_dir/<suite>.json``.
    ``parameters`` gives the value of every suite parameter the suite uses (e.g. the newest
    month at the last publish, see :mod:`orchestration.quality.suite_parameters`); a missing
    one raises :class:`SuiteError` (GX would only fail the expectation, quietly).
    """
    missing = [
        name
        for name in suite_parameter_names(read_suite_json(context_root, suite_name))
        if name not in (parameters or {})
    ]
    if missing:
        raise SuiteError(
            f"{suite_path(context_root, suite_name)}: no value given for suite parameter(s) "
            f"{', '.join(map(repr, missing))}"
        )
    suite = load_suite(context_root, suite_name)
    gx = _gx()
    from great_expectations.data_context.types.base import (
        DataContextConfig,
        InMemoryStoreBackendDefaults,
        ProgressBarsConfig,
    )

    # In memory only: no stores on disk, no Data Docs site, no analytics, no progress bars.
    config = DataContextConfig(
        store_backend_defaults=InMemoryStoreBackendDefaults(init_temp_docs_sites=False),
        analytics_enabled=False,
        progress_bars=ProgressBarsConfig(globally=False, metric_calculations=False),
    )
    context = gx.get_context(mode="ephemeral", project_config=config)
    datasource = context.data_sources.add_pandas(name="ironriver_frames")
    asset = datasource.add_dataframe_asset(name=suite_name)
    batch = asset.add_batch_definition_whole_dataframe("whole_frame").get_batch(
        batch_parameters={"dataframe": df}
    )
    result = _summary_result(context, batch, context.suites.add(suite), dict(parameters or {}))

    errors: list[str] = []
    warnings: list[str] = []
    for item in result.results:
        if item.success:
            continue
        severity = (item.expectation_config.meta or {}).get("severity")
        message = describe_failure(item, frame_columns=frozenset(map(str, df.columns)))
        (warnings if severity == "warn" else errors).append(message)

    result_json = _json_safe(json.loads(json.dumps(result.to_json_dict(), default=str)))
    if results_dir is not None:
        write_json(Path(results_dir) / f"{suite_name}.json", result_json)
    return SuiteOutcome(
        suite_name=suite_name,
        success=not errors,
        errors=errors,
        warnings=warnings,
        evaluated=len(result.results),
        result_json=result_json,
    )


_SUMMARY_ONLY = ("partial_unexpected_counts", "partial_unexpected_index_list")
"""What GX's SUMMARY result format adds to BASIC's for an expectation on every row."""


def _summary_result(
    context: Any, batch: Any, suite: ExpectationSuite, parameters: dict[str, Any]
) -> Any:
    """GX's SUMMARY validation result of ``suite`` on ``batch``, computed in two passes.

    SUMMARY's value counts and row indexes of the unexpected values cost about a fifth of a
    validation, and are empty wherever no value was unexpected: nearly always. So the suite
    runs with BASIC, and only the expectations that met an unexpected value (failed, or
    passed under ``mostly``) or raised run again with SUMMARY; for every other expectation
    on rows the two lists are filled in empty, as SUMMARY itself gives them.
    """
    gx = _gx()

    def formatted(kind: str) -> dict[str, Any]:
        return {"result_format": kind, "partial_unexpected_count": PARTIAL_UNEXPECTED}

    result = batch.validate(
        suite, result_format=formatted("BASIC"), expectation_parameters=parameters
    )
    again = [
        index
        for index, item in enumerate(result.results)
        if not item.success or (item.result or {}).get("unexpected_count")
    ]
    if again:
        details = context.suites.add(
            gx.ExpectationSuite(
                name=f"{suite.name}.details",
                expectations=[  # copies: GX refuses expectations of another suite
                    copy.copy(result.results[i].expectation_config.to_domain_obj()) for i in again
                ],
            )
        )
        detailed = batch.validate(
            details, result_format=formatted("SUMMARY"), expectation_parameters=parameters
        )
        for index, item in zip(again, detailed.results, strict=True):
            result.results[index] = item
    for item in result.results:
        if item.result and item.result.get("unexpected_count") == 0:
            for key in _SUMMARY_ONLY:
                item.result.setdefault(key, [])
    return result


def write_json(path: Path, payload: dict[str, Any]) -> None:
    """A validation result as strict JSON, replaced atomically."""
    path.parent.mkdir(parents=True, exist_ok=True)
    text = json.dumps(payload, indent=2, sort_keys=True, allow_nan=False)
    atomic_write_text(path, text + "\n")


def _json_safe(value: Any) -> Any:
    """Strict JSON: NaN becomes null, infinities become the strings 'inf' / '-inf'."""
    if isinstance(value, dict):
        return {k: _json_safe(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_json_safe(v) for v in value]
    if isinstance(value, float) and not math.isfinite(value):
        return None if math.isnan(value) else ("inf" if value > 0 else "-inf")
    return value


# --------------------------------------------------------------------------- messages


def describe_failure(
    item: ExpectationValidationResult, *, frame_columns: frozenset[str] | None = None
) -> str:
    """One readable line: expectation type, column(s), what was expected, what was seen."""
    config = item.expectation_config
    kwargs = dict(config.kwargs)
    columns = expectation_columns(kwargs)
    head = f"{config.type}({', '.join(columns)})" if columns else config.type
    expected = _expected(kwargs)
    if expected:
        head = f"{head} [{expected}]"
    missing = [c for c in columns if frame_columns is not None and c not in frame_columns]
    if missing:
        return f"{head}: column(s) {', '.join(map(repr, missing))} missing from the table"
    return f"{head}: {_observed(item)}"


def expectation_columns(kwargs: dict[str, Any]) -> list[str]:
    """The column(s) an expectation's kwargs name, in their order."""
    if "column" in kwargs:
        return [str(kwargs["column"])]
    if "column_list" in kwargs:
        return [str(c) for c in kwargs["column_list"]]
    if "column_A" in kwargs:
        return [str(kwargs["column_A"]), str(kwargs["column_B"])]
    return []


def _expected(kwargs: dict[str, Any]) -> str:
    parts = []
    for key, value in kwargs.items():
        if key in _KWARGS_NOT_SHOWN or value is None:
            continue
        if key == "row_condition":
            value = _condition_text(value)
        if isinstance(value, list | tuple | set) and len(value) > 6:
            parts.append(f"{key}=<{len(value)} values>")
            continue
        parts.append(f"{key}={_short(value)}")
    return ", ".join(parts)


def _observed(item: ExpectationValidationResult) -> str:
    raised = exception_messages(item.exception_info or {})
    if raised:
        return f"could not be evaluated: {_truncate('; '.join(raised), 300)}"
    result = item.result or {}
    if "unexpected_count" in result:
        count = result.get("unexpected_count") or 0
        total = result.get("element_count")
        percent = result.get("unexpected_percent")
        text = f"{count} of {total} rows unexpected"
        if percent is not None:
            text += f" ({percent:.3g}%)"
        examples = _examples(item.expectation_config.type, result)
        return f"{text}; {examples}" if examples else text
    if result.get("partial_missing_list"):
        return f"values never seen: {_short(result['partial_missing_list'])}"
    details = (result.get("details") or {}).get("mismatched")
    if isinstance(details, dict):
        bits = [f"{key} {_short(value)}" for key, value in details.items() if value]
        if bits:
            return "columns " + "; ".join(bits)
    if "observed_value" in result:
        return f"observed {_short(result['observed_value'])}"
    return "failed"


def _condition_text(condition: Any) -> str:
    """A GX 1.x row condition (object or its JSON form) as a short readable expression."""
    if hasattr(condition, "dict") and not isinstance(condition, dict):
        condition = condition.dict()
    if not isinstance(condition, dict):
        return str(condition)
    kind = condition.get("type")
    column = (condition.get("column") or {}).get("name")
    if kind in ("and", "or"):
        parts = [_condition_text(c) for c in condition.get("conditions") or []]
        return f" {kind} ".join(f"({p})" if " and " in p or " or " in p else p for p in parts)
    if kind == "nullity":
        return f"{column} is {'null' if condition.get('is_null') else 'not null'}"
    if kind == "comparison":
        operator = condition.get("operator")
        operator = getattr(operator, "value", operator)
        return f"{column} {operator} {condition.get('parameter')!r}"
    if kind == "pass_through":
        return str(condition.get("pass_through_filter"))
    return str(condition)


def exception_messages(info: dict[str, Any]) -> list[str]:
    """GX reports exceptions flat, or nested per metric; collect the distinct messages."""
    entries = [info] if "raised_exception" in info else list(info.values())
    messages: list[str] = []
    for entry in entries:
        if isinstance(entry, dict) and entry.get("raised_exception"):
            text = " ".join(str(entry.get("exception_message") or "exception").split())
            if text not in messages:
                messages.append(text)
    return messages


def _examples(kind: str, result: dict[str, Any]) -> str:
    if kind == "expect_column_values_to_not_be_null":
        index = result.get("partial_unexpected_index_list") or []
        return f"e.g. at row index {_short(index[:MAX_EXAMPLES])}" if index else ""
    counts = result.get("partial_unexpected_counts")
    if counts:
        shown = [f"{_short(c['value'])} x{c['count']}" for c in counts[:MAX_EXAMPLES]]
        return "e.g. " + ", ".join(shown)
    values = result.get("partial_unexpected_list") or []
    distinct: list[Any] = []
    for value in values:
        if value not in distinct:
            distinct.append(value)
    return "e.g. " + ", ".join(_short(v) for v in distinct[:MAX_EXAMPLES]) if distinct else ""


def _short(value: Any, limit: int = 160) -> str:
    value = _plain(value)
    if isinstance(value, dict):
        text = "(" + ", ".join(f"{k}={v!r}" for k, v in value.items()) + ")"
    else:
        text = repr(value)
    return _truncate(text, limit)


def _plain(value: Any) -> Any:
    """numpy scalars (``np.int64(5)``) as plain Python values, also inside containers;
    a timestamp at midnight (a date, as pandas holds it) as its ISO date."""
    if isinstance(value, datetime):
        midnight = value.hour == value.minute == value.second == value.microsecond == 0
        return value.date().isoformat() if midnight else value.isoformat()
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return type(value)(_plain(v) for v in value)
    item = getattr(value, "item", None)
    if callable(item) and type(value).__module__ == "numpy":
        try:
            return item()
        except (TypeError, ValueError):
            return value
    return value


def _truncate(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 3] + "..."
