"""The catalog a benchmark run uses: the real one plus releases the benchmark wrote."""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from typing import TypedDict

from orchestration.catalog.registry import CATALOG, Release, Source


class ExtraRelease(TypedDict):
    """A release the benchmark put into its mirror (JSON-serialisable)."""

    source: str
    file_name: str
    table: str
    vintage: str
    kind: str
    layout: str


def catalog_with(extra: Sequence[ExtraRelease]) -> tuple[Source, ...]:
    """The catalog with ``extra`` releases appended to their sources."""
    by_source: dict[str, list[Release]] = {}
    for item in extra:
        by_source.setdefault(item["source"], []).append(
            Release(
                file_name=item["file_name"],
                table=item["table"],
                vintage=item["vintage"],
                kind=item["kind"],  # type: ignore[arg-type]
                official_url=None,
                layout=item["layout"],
            )
        )
    return tuple(
        dataclasses.replace(s, releases=(*s.releases, *by_source.get(s.name, ()))) for s in CATALOG
    )
