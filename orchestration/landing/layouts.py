"""Column layouts of every source file: how a header maps onto a typed landing table.

A layout maps a file's headers onto the columns its landing table declares (see
:mod:`orchestration.catalog`): names, types and required values come from the table's
declaration. Parsing is mechanical (rename, trim, cast); business rules live in dbt.
"""

from __future__ import annotations

from orchestration.catalog import LAYOUTS
from orchestration.catalog.cbp_drug_seizures import AMO_OFFICIAL as CBP_AMO
from orchestration.catalog.cbp_drug_seizures import OFFICIAL as CBP_NATIONWIDE
from orchestration.catalog.cdc_vsrr import CSV_EXPORT as VSRR_CSV_EXPORT
from orchestration.catalog.census_pep import VINTAGE_2025 as CENSUS_PEP_V2025
from orchestration.catalog.conapo import DERIVED_POB_ENT_GENDER as CONAPO_POB_ENT_GENDER
from orchestration.catalog.inegi import GARGIULO_STATE_MONTH as INEGI_HOMICIDES
from orchestration.catalog.model import Column, ColumnType, Layout
from orchestration.catalog.sesnsp import DERIVED_LONG as SESNSP_VICTIMS_LONG
from orchestration.catalog.sesnsp import ESTATAL_N_LATIN1 as SESNSP_ESTATAL_LATIN1
from orchestration.catalog.sesnsp import IDEFC_NM_MAC_ROMAN_MOJIBAKE as SESNSP_IDEFC_MOJIBAKE

__all__ = [
    "CBP_AMO",
    "CBP_NATIONWIDE",
    "CENSUS_PEP_V2025",
    "CONAPO_POB_ENT_GENDER",
    "INEGI_HOMICIDES",
    "LAYOUTS",
    "OPTIONAL_HEADERS",
    "SESNSP_ESTATAL_LATIN1",
    "SESNSP_IDEFC_MOJIBAKE",
    "SESNSP_VICTIMS_LONG",
    "VSRR_CSV_EXPORT",
    "Column",
    "ColumnType",
    "Layout",
    "layout_for",
]

# Headers that some exports of a layout drop (the 2024 subset has no footnote columns).
OPTIONAL_HEADERS: frozenset[str] = frozenset({"Footnote", "Footnote Symbol"})


def layout_for(table: str, layout: str) -> Layout:
    try:
        return LAYOUTS[(table, layout)]
    except KeyError:
        raise KeyError(f"no layout {layout!r} declared for landing table {table!r}") from None
