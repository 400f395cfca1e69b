"""The source catalog: every dataset ironriver ingests, in one tuple.

A *source* is a publisher's dataset (CBP nationwide drug seizures, CDC VSRR ...).
A *release* is one file of that dataset as the publisher put it out on a given
date (its *vintage*). A source feeds one or more *landing tables*; each release
names the table it lands in and the layout the parser reads it with.

Each source is declared once, with its landing tables and their layouts, in its own
module of :mod:`orchestration.catalog` (e.g. ``orchestration/catalog/cdc_vsrr.py``);
this module gathers the catalog entries.

Mirror layout: a mirror (directory or http(s) base URL) holds every mirrored
release under ``<mirror>/<release.file_name>``, e.g.
``../shared/data/cbp_drug_seizures/nationwide-drugs-fy19-fy22.csv``.
"""

from __future__ import annotations

from orchestration.catalog import DECLARATIONS
from orchestration.catalog.atf_firearms_trace import ENTRY as ATF_FIREARMS_TRACE
from orchestration.catalog.bts_border_crossing import ENTRY as BTS_BORDER_CROSSING
from orchestration.catalog.cbp_drug_seizures import ENTRY as CBP_DRUG_SEIZURES
from orchestration.catalog.cdc_dose import ENTRY as CDC_DOSE
from orchestration.catalog.cdc_vsrr import ENTRY as CDC_VSRR
from orchestration.catalog.census_pep import ENTRY as CENSUS_PEP
from orchestration.catalog.conapo import ENTRY as CONAPO
from orchestration.catalog.dea_nflis import ENTRY as DEA_NFLIS
from orchestration.catalog.inegi import ENTRY as INEGI_HOMICIDES
from orchestration.catalog.model import Cadence, FileKind, Release, Source
from orchestration.catalog.mx_firearm_trace_figures import ENTRY as MX_FIREARM_TRACE_FIGURES
from orchestration.catalog.sesnsp import ENTRY as SESNSP
from orchestration.catalog.usbp_seizure_stats import ENTRY as USBP_SEIZURE_STATS

__all__ = [
    "ATF_FIREARMS_TRACE",
    "BTS_BORDER_CROSSING",
    "CATALOG",
    "CBP_DRUG_SEIZURES",
    "CDC_DOSE",
    "CDC_VSRR",
    "CENSUS_PEP",
    "CONAPO",
    "DEA_NFLIS",
    "INEGI_HOMICIDES",
    "MX_FIREARM_TRACE_FIGURES",
    "SESNSP",
    "USBP_SEIZURE_STATS",
    "Cadence",
    "FileKind",
    "Release",
    "Source",
    "get_source",
]

CATALOG: tuple[Source, ...] = tuple(declaration.entry for declaration in DECLARATIONS)


def get_source(name: str) -> Source:
    for source in CATALOG:
        if source.name == name:
            return source
    known = ", ".join(s.name for s in CATALOG)
    raise KeyError(f"unknown source {name!r}; known sources: {known}")
