"""Readers for raw files that DuckDB's CSV reader cannot take as they are.

A reader turns one raw file into a table of **text** columns named like the headers a
layout expects; typing and checks then happen in :mod:`orchestration.landing.parse`
exactly as for CSV files. Register a new reader in :data:`READERS` under the name its
layout gives in ``Layout.reader``.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pyarrow as pa

from orchestration.landing.errors import LandingError
from orchestration.landing.mexico import MexicanCsv
from orchestration.landing.readers_atf import atf_source_recovery_xlsx

Reader = Callable[[Path, str], pa.Table]
"""(raw file, label for messages) -> table of text columns."""


def text_table(columns: dict[str, list[str | None]]) -> pa.Table:
    return pa.table({name: pa.array(values, pa.string()) for name, values in columns.items()})


def vsrr_statemonths_json(raw_path: Path, label: str) -> pa.Table:
    """``{fips: {"YYYY-Month": {"mort": n, ...}}}`` -> one text row per state-month."""
    try:
        payload = json.loads(raw_path.read_bytes().decode("utf-8-sig"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise LandingError(f"{label}: not valid UTF-8 JSON: {exc}") from exc
    if not isinstance(payload, dict):
        raise LandingError(f"{label}: expected a JSON object keyed by state FIPS")
    fips: list[str | None] = []
    years: list[str | None] = []
    months: list[str | None] = []
    morts: list[str | None] = []
    for state_fips, by_month in payload.items():
        if not isinstance(by_month, dict):
            raise LandingError(f"{label}: key {state_fips!r} does not hold an object of months")
        for year_month, values in by_month.items():
            year, _, month = str(year_month).partition("-")
            mort = values.get("mort") if isinstance(values, dict) else None
            fips.append(str(state_fips))
            years.append(year)
            months.append(month)
            morts.append(None if mort is None else str(mort))
    return text_table(
        {
            "state_fips": fips,
            "year": years,
            "month": months,
            "indicator": ["Number of Drug Overdose Deaths"] * len(fips),
            "mort": morts,
        }
    )


READERS: dict[str, Reader] = {
    "vsrr_statemonths_json": vsrr_statemonths_json,
    "atf_source_recovery_xlsx": atf_source_recovery_xlsx,
    "sesnsp_victims_long": MexicanCsv("utf-8", "nombre_estado", "cve_ent"),
    "sesnsp_idefc_mojibake": MexicanCsv("mac_roman_mojibake", "Entidad", "Clave_Ent"),
    "sesnsp_estatal_latin1": MexicanCsv("latin-1", "Entidad", "Clave_Ent"),
    "sesnsp_yearly_derived": MexicanCsv("utf-8", "nombre_estado", "cve_ent", na_values=("NA",)),
}


def read_with(reader: str, raw_path: Path, label: str) -> pa.Table:
    try:
        read = READERS[reader]
    except KeyError:
        raise KeyError(f"no reader {reader!r}; known: {', '.join(sorted(READERS))}") from None
    return read(raw_path, label)
