"""Benchmark mirrors: the real files (symlinked), a new release, and scaled copies."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta
from pathlib import Path

from bench.catalog import ExtraRelease
from orchestration.catalog.registry import Source

SCALED_TABLES = (
    "bts_border_crossing__port_month_measure",
    "sesnsp__victims_state_month",
    "cdc_vsrr__overdose_deaths",
    "cbp_drug_seizures__nationwide",
)
"""The large tables the scale mode multiplies."""

NEW_RELEASE_SOURCE = "cbp_drug_seizures"


def link_mirror(shared_data: Path, dest: Path, catalog: Sequence[Source]) -> Path:
    """``dest`` with a symlink to every catalog release that ``shared_data`` holds."""
    for source in catalog:
        for release in source.releases:
            src = shared_data / release.file_name
            link = dest / release.file_name
            if src.exists() and not link.exists():
                link.parent.mkdir(parents=True, exist_ok=True)
                link.symlink_to(src.resolve())
    return dest


def new_release(mirror: Path, catalog: Sequence[Source]) -> ExtraRelease:
    """Next month's CBP release: a new file (the newest release's rows) with a newer vintage."""
    (source,) = [s for s in catalog if s.name == NEW_RELEASE_SOURCE]
    newest = max(source.releases, key=lambda r: r.vintage)
    file_name = f"{NEW_RELEASE_SOURCE}/bench-next-release.csv"
    (mirror / file_name).write_bytes((mirror / newest.file_name).read_bytes())
    vintage = date.fromisoformat(newest.vintage) + timedelta(days=30)
    return ExtraRelease(
        source=source.name,
        file_name=file_name,
        table=newest.table,
        vintage=vintage.isoformat(),
        kind=newest.kind,
        layout=newest.layout,
    )


def scaled_releases(mirror: Path, catalog: Sequence[Source], scale: int) -> list[ExtraRelease]:
    """``scale - 1`` extra copies of every dated release of the scaled tables.

    Each copy is a file of its own (``<folder>/<stem>-x<k>.<suffix>``, the real layout and
    rows) with a vintage ``k`` days older than the original, so the table holds ``scale``
    times the real rows while the newest vintage, and so every mart figure, stays real.
    """
    extra: list[ExtraRelease] = []
    for source in catalog:
        for release in source.releases:
            if release.table not in SCALED_TABLES or release.vintage == "live":
                continue
            real = mirror / release.file_name
            if not real.exists():
                continue
            body = real.read_bytes()
            folder, _, base = release.file_name.rpartition("/")
            stem, dot, suffix = base.partition(".")
            for k in range(1, scale):
                # beside the real file: suites pin each source's folder and suffix
                file_name = f"{folder}/{stem}-x{k}{dot}{suffix}"
                (mirror / file_name).parent.mkdir(parents=True, exist_ok=True)
                (mirror / file_name).write_bytes(body)
                vintage = date.fromisoformat(release.vintage) - timedelta(days=k)
                extra.append(
                    ExtraRelease(
                        source=source.name,
                        file_name=file_name,
                        table=release.table,
                        vintage=vintage.isoformat(),
                        kind=release.kind,
                        layout=release.layout,
                    )
                )
    return extra
