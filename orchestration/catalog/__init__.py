"""Every landing table, declared once (one module per source), and the layouts of its files.

See :mod:`orchestration.catalog.model` for what a declaration holds and what is derived
from it.
"""

from __future__ import annotations

from orchestration.catalog import (
    atf_firearms_trace,
    bts_border_crossing,
    cbp_drug_seizures,
    cdc_dose,
    cdc_vsrr,
    census_pep,
    conapo,
    dea_nflis,
    inegi,
    mx_firearm_trace_figures,
    sesnsp,
    usbp_seizure_stats,
)
from orchestration.catalog.model import Layout, SourceDeclaration, Table

DECLARATIONS: tuple[SourceDeclaration, ...] = (
    cbp_drug_seizures.SOURCE,
    cdc_vsrr.SOURCE,
    census_pep.SOURCE,
    conapo.SOURCE,
    atf_firearms_trace.SOURCE,
    usbp_seizure_stats.SOURCE,
    mx_firearm_trace_figures.SOURCE,
    sesnsp.SOURCE,
    inegi.SOURCE,
    bts_border_crossing.SOURCE,
    dea_nflis.SOURCE,
    cdc_dose.SOURCE,
)
"""One per source of ``orchestration.catalog.registry.CATALOG``, in its order."""

TABLES: dict[str, Table] = {table.name: table for d in DECLARATIONS for table in d.tables}
"""Every declared landing table by name."""

LAYOUTS: dict[tuple[str, str], Layout] = {
    (layout.table, layout.name): layout for d in DECLARATIONS for layout in d.layouts
}
"""Every layout by (landing table, layout name)."""


def declared_table(name: str) -> Table | None:
    """The declaration of landing table ``name``; None when it has none."""
    return TABLES.get(name)
