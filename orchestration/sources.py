"""The source catalog: every dataset ironriver ingests is declared here, once.

A *source* is a publisher's dataset (CBP nationwide drug seizures, CDC VSRR ...).
A *release* is one file of that dataset as the publisher put it out on a given
date (its *vintage*). A source feeds one or more *landing tables*; each release
names the table it lands in and the parser that reads it.

Mirror layout: a mirror (directory or http(s) base URL) holds every mirrored
release under ``<mirror>/<release.file_name>``, e.g.
``../shared/data/cbp_drug_seizures/nationwide-drugs-fy19-fy22.csv``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

FileKind = Literal["csv", "json", "xlsx", "gzip"]
Cadence = Literal["monthly", "yearly", "irregular"]


@dataclass(frozen=True)
class Release:
    """One file of a source, as a publisher released it."""

    file_name: str
    """Path relative to the mirror root, e.g. ``cdc_vsrr/vsrr_....csv``."""
    table: str
    """Landing table this release feeds (``<source>__<entity>``)."""
    vintage: str
    """Release date (ISO ``YYYY-MM-DD``): the newest vintage wins where releases overlap."""
    kind: FileKind
    official_url: str | None
    """Where the publisher serves exactly these bytes; None when only a mirror holds them
    (a subset or reshape of an official file, see PROVENANCE.md)."""
    sha256: str | None = None
    """Expected checksum of a pinned historical release; None for live files."""
    layout: str = "official"
    """Which column layout the parser should expect (sources with several layouts)."""

    @property
    def base_name(self) -> str:
        return self.file_name.rsplit("/", 1)[-1]


@dataclass(frozen=True)
class Source:
    """A publisher's dataset and everything needed to fetch and land it."""

    name: str
    title: str
    publisher: str
    landing_page: str
    cadence: Cadence
    expected_lag_days: int
    """How long after a period ends the publisher usually releases it."""
    releases: tuple[Release, ...] = field(default_factory=tuple)
    refresh_cron: str | None = None
    """When the scheduled refresh runs (cron, UTC); None: the default for ``cadence``
    (see ``orchestration.schedules.refresh_cron``)."""

    @property
    def tables(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(r.table for r in self.releases))


# CBP serves each file under /sites/default/files/<YYYY-MM>/; the month folder moves per release.
_CBP_FILES = "https://www.cbp.gov/sites/default/files"

CBP_DRUG_SEIZURES = Source(
    name="cbp_drug_seizures",
    title="CBP Nationwide Drug Seizures (OFO + USBP)",
    publisher="U.S. Customs and Border Protection",
    landing_page="https://www.cbp.gov/newsroom/stats/drug-seizure-statistics",
    cadence="monthly",
    expected_lag_days=45,
    releases=(
        Release(
            file_name="cbp_drug_seizures/nationwide-drugs-fy19-fy22.csv",
            table="cbp_drug_seizures__nationwide",
            vintage="2022-10-31",
            kind="csv",
            official_url=f"{_CBP_FILES}/2022-11/nationwide-drugs-fy19-fy22.csv",
            sha256="daa0806c41367e478d12ed742ac4a55487361b52894f46316396667b9ed3847c",
        ),
        Release(
            file_name="cbp_drug_seizures/nationwide-drugs-fy20-fy23.csv",
            table="cbp_drug_seizures__nationwide",
            vintage="2023-10-31",
            kind="csv",
            official_url=f"{_CBP_FILES}/2023-11/nationwide-drugs-fy20-fy23.csv",
            sha256="5c93d66cf3498ac977064f384e029588f7ad1f410e71db328f7168b40db999db",
        ),
        Release(
            file_name="cbp_drug_seizures/nationwide-drugs-fy23-fy26-dec.csv",
            table="cbp_drug_seizures__nationwide",
            vintage="2026-01-31",
            kind="csv",
            official_url=f"{_CBP_FILES}/2026-01/nationwide-drugs-fy23-fy26-dec.csv",
            sha256="edac57a71f569253023a1ae0ec80a82748130daf4c34d146047933ab77db5b9e",
        ),
        Release(
            file_name="cbp_drug_seizures/nationwide-drugs-fy23-fy26-apr.csv",
            table="cbp_drug_seizures__nationwide",
            vintage="2026-05-31",
            kind="csv",
            official_url=f"{_CBP_FILES}/2026-05/nationwide-drugs-fy23-fy26-apr.csv",
            sha256="ae83ef9ffb0d7db2bf1ceb501d280cda811046a8280140978075377600cd5466",
        ),
    ),
)

_VSRR_CSV = "https://data.cdc.gov/api/views/xkb8-kh2a/rows.csv?accessType=DOWNLOAD"

CDC_VSRR = Source(
    name="cdc_vsrr",
    title="VSRR Provisional Drug Overdose Death Counts",
    publisher="CDC National Center for Health Statistics",
    landing_page="https://data.cdc.gov/NCHS/VSRR-Provisional-Drug-Overdose-Death-Counts/xkb8-kh2a",
    cadence="monthly",
    expected_lag_days=150,
    releases=(
        Release(
            file_name="cdc_vsrr/vsrr_full_official_layout_OLD_vintage_2015-01_2018-09.csv",
            table="cdc_vsrr__overdose_deaths",
            vintage="2019-04-17",
            kind="csv",
            official_url=None,
            sha256="21bcee0aa57993360d6a8ba951c9ddaece29661fd91abeadf4e3d066bdc1fa1c",
            layout="csv_export",
        ),
        Release(
            file_name="cdc_vsrr/vsrr_subset_number_of_drug_overdose_deaths_2015-01_2023-11.csv",
            table="cdc_vsrr__overdose_deaths",
            vintage="2024-05-01",
            kind="csv",
            official_url=None,
            sha256="da528677ff0193963df9f1f52cb0d4283230ee8be248a4bee845f0ba61cf5f64",
            layout="csv_export",
        ),
        Release(
            file_name="cdc_vsrr/derived_od_statemonths_vsrr20250917_number_of_drug_overdose_deaths.json",
            table="cdc_vsrr__overdose_deaths",
            vintage="2025-09-17",
            kind="json",
            official_url=None,
            sha256="96db740bd8b53886b54ad55249cef98551c725787b6b53ee2456b694bf5e28eb",
            layout="derived_statemonths_json",
        ),
        Release(
            file_name="cdc_vsrr/vsrr_subset_december_rows_all_indicators_2015_2024.csv",
            table="cdc_vsrr__overdose_deaths",
            vintage="2025-12-18",
            kind="csv",
            official_url=None,
            sha256="c850d2191d45c1b0ba8375993dafe2ee7af5b728840e8f5ac84db7f0404d8157",
            layout="december_totals",
        ),
        Release(
            file_name="cdc_vsrr/vsrr_api_subset_T40.4_2015-01_2026-01.csv",
            table="cdc_vsrr__overdose_deaths",
            vintage="2026-06-15",
            kind="csv",
            official_url=None,
            sha256="71535fc385706401c88a1016558f2a9b805fd4b41ae80e22d593172f4e99af0e",
            layout="api",
        ),
        Release(
            file_name="cdc_vsrr/VSRR_Provisional_Drug_Overdose_Death_Counts.csv",
            table="cdc_vsrr__overdose_deaths",
            vintage="live",
            kind="csv",
            official_url=_VSRR_CSV,
            layout="csv_export",
        ),
    ),
)

CATALOG: tuple[Source, ...] = (CBP_DRUG_SEIZURES, CDC_VSRR)


def get_source(name: str) -> Source:
    for source in CATALOG:
        if source.name == name:
            return source
    known = ", ".join(s.name for s in CATALOG)
    raise KeyError(f"unknown source {name!r}; known sources: {known}")
