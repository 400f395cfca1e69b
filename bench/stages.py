"""Which pipeline stage a Dagster step belongs to, and the time each stage took."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

STAGES = ("download", "landing", "gx", "dbt", "publish", "checks", "orchestration")
"""``checks``: checksum, row-count and served-file checks; ``orchestration``: what is left of
the wall time (Python imports, loading the definitions, Dagster run bookkeeping)."""


@dataclass(frozen=True)
class StepTiming:
    run: str
    step_key: str
    seconds: float


def stage_of(step_key: str) -> str:
    if step_key == "warehouse_dbt":
        return "dbt"
    if step_key.endswith("_gx_suite"):
        return "gx"
    if step_key.startswith("serve__warehouse"):
        return "publish" if step_key == "serve__warehouse" else "checks"
    if step_key.startswith("raw__"):
        return (
            "checks"
            if step_key.endswith(("_checksums_match_manifest", "_freshness"))
            else ("download")
        )
    if step_key.startswith("landing__"):
        if step_key.endswith(("_rows_vs_last_publish", "_every_release_landed")):
            return "checks"
        return "landing"
    if step_key.endswith("_rows_vs_last_publish"):
        return "checks"
    return "orchestration"


def stage_seconds(steps: Iterable[StepTiming], wall_s: float) -> dict[str, float]:
    """Seconds per stage; steps run one after another (in-process executor), so the
    remainder of the wall time is orchestration."""
    totals = dict.fromkeys(STAGES, 0.0)
    for step in steps:
        totals[stage_of(step.step_key)] += step.seconds
    busy = sum(v for k, v in totals.items() if k != "orchestration")
    totals["orchestration"] += max(wall_s - busy, 0.0)
    return {k: round(v, 3) for k, v in totals.items()}
