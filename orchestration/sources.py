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
    title="CBP Drug Seizures: nationwide (OFO + USBP) and Air and Marine Operations (AMO)",
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
        # Air and Marine Operations: the same rolling windows, released with the nationwide
        # files (same vintages), one row per AMO branch instead of an area of responsibility.
        Release(
            file_name="cbp_drug_seizures/amo-drug-seizures-fy19-fy22.csv",
            table="cbp_drug_seizures__amo",
            vintage="2022-10-31",
            kind="csv",
            official_url=f"{_CBP_FILES}/2022-11/amo-drug-seizures-fy19-fy22.csv",
            sha256="41c4bee004fc794c716f82e3e037b3d9c5da8e3d01603ea14421a8585d4d7cd4",
            layout="amo_official",
        ),
        Release(
            file_name="cbp_drug_seizures/amo-drug-seizures-fy20-fy23.csv",
            table="cbp_drug_seizures__amo",
            vintage="2023-10-31",
            kind="csv",
            official_url=f"{_CBP_FILES}/2023-11/amo-drug-seizures-fy20-fy23.csv",
            sha256="75d01cf60e935df2ddccd53b38377bbcb1b4a1f904a4f958b8abc08f70930eca",
            layout="amo_official",
        ),
        Release(
            file_name="cbp_drug_seizures/amo-drug-seizures-fy23-fy26-dec.csv",
            table="cbp_drug_seizures__amo",
            vintage="2026-01-31",
            kind="csv",
            official_url=f"{_CBP_FILES}/2026-01/amo-drug-seizures-fy23-fy26-dec.csv",
            sha256="eccb1d28654dff7844988137bb0539af906553c863739762d0e1707e6f230a93",
            layout="amo_official",
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

_POPEST = "https://www2.census.gov/programs-surveys/popest/datasets"

CENSUS_PEP = Source(
    name="census_pep",
    title="Census Bureau Population Estimates: county population totals",
    publisher="U.S. Census Bureau, Population Estimates Program",
    landing_page="https://www.census.gov/programs-surveys/popest/data/data-sets.html",
    cadence="yearly",
    # July 1 estimates of a year come out with the county release of the next March
    expected_lag_days=270,
    releases=(
        # Vintage 2020 (2010-2020, 2010-census based). Census put the Vintage 2020 datasets
        # out on a rolling basis through June 2021: the vintage is the end of that window.
        # This mirror copy is NOT the publisher's bytes: it is UTF-8 (Census ships Latin-1)
        # and its codes lost their leading zeros (SUMLEV 40, STATE 1), so no official_url.
        Release(
            file_name="population/co-est2020-alldata.csv",
            table="census_pep__county_population",
            vintage="2021-06-30",
            kind="csv",
            official_url=None,
            sha256="54789b3d22f398c9f07f7d4dbad50d88dccee1508f3c6c1553bcfa01905bc5b9",
            layout="vintage_2020",
        ),
        # Vintage 2025 (2020-2025); Census's county press kit is dated 2026-03-18.
        Release(
            file_name="population/co-est2025-alldata.csv",
            table="census_pep__county_population",
            vintage="2026-03-18",
            kind="csv",
            official_url=f"{_POPEST}/2020-2025/counties/totals/co-est2025-alldata.csv",
            sha256="4f5a499d851e2cb48fd7a5405e5a9235453a8a66933657aacd10df0e264f35d5",
            layout="vintage_2025",
        ),
    ),
)

CONAPO = Source(
    name="conapo",
    title="CONAPO population of Mexico and its states, 1950-2070 (conciliation + projections)",
    publisher="Consejo Nacional de Población (CONAPO)",
    landing_page="https://www.gob.mx/conapo",
    cadence="irregular",
    # a new conciliation and projection round follows each census
    expected_lag_days=3 * 365,
    releases=(
        # CONAPO presented the 1950-2019 conciliation and the 2020-2070 projections on
        # 2023-07-11. This file is a reshape of its workbooks (summed over age by a third
        # party, see PROVENANCE.md section 8): only the mirror holds these bytes.
        Release(
            file_name="population/conapo_pob_ent_gender_1950_2070.csv",
            table="conapo__state_population",
            vintage="2023-07-11",
            kind="csv",
            official_url=None,
            sha256="2f355558f4032ec7949a49ce6afa9bdbdca152f7ded77bf88ed0a73003c6ee3f",
            layout="derived_pob_ent_gender",
        ),
    ),
)

# ATF publishes one "Firearms Trace Data - <year>" page per calendar year; the source x
# recovery workbook is one of its files. The mirror holds copies renamed by PROVENANCE.md
# (and partly re-saved by the repository they come from), so no official URL is claimed.
# Vintage: ATF does not date these workbooks. Where ATF's footnote survives (2015, 2016,
# 2018-2020) it names the Firearms Tracing System query date, a lower bound of the
# publication date, used as the vintage. The 2010-2014 and 2017 copies lost the footnote;
# their vintage is an ESTIMATE, 1 April of the following year, by analogy with the
# surviving query dates (April 10-12 of the following year).
_ATF_VINTAGES_AND_PINS: tuple[tuple[int, str, str], ...] = (
    (2010, "2011-04-01", "020ce5da40623a803846ab3cd428752891e054d7775227699692e0c89051a5cb"),
    (2011, "2012-04-01", "1d2654e6060ab1f425cf15d13b5a023a45819b26f50b9d3a2258f7e390507f0e"),
    (2012, "2013-04-01", "cfc79b5f962bb7670081fdb5147b6407a4fef72fae7768d82bdefaa3f8e251a3"),
    (2013, "2014-04-01", "c7e68888a5b0cc8af8aab348c648cc0c07deac8aa30db9ff72c3ed96147121c7"),
    (2014, "2015-04-01", "f1387bc739e9e3cd30a2155e1f9574bec0346b0d76b6bf09cea56a9ca36afc40"),
    (2015, "2016-04-11", "ccbd9296a860613c632076f3bbff9a6e139a991d8fc2e8f2b3f6b0a644bfab57"),
    (2016, "2017-04-11", "179c75126324632fe53c2558c9609a93fe3b14b89f2bbbf82fcb1d5f73d64e72"),
    (2017, "2018-04-01", "686aaf58f243a1d4a5088140b0dc816667571e0c594f275359f146b3431cc98b"),
    (2018, "2019-04-11", "c5d1225cebe87210bc4fddb52d79cd783a2986e86b8876332605130dffaf8890"),
    (2019, "2020-04-10", "1a9201a2616c7570c9a488577ddcff108595e7153618f69168bfb212362a7dfa"),
    (2020, "2021-04-12", "60c024d4f1d6c1c3c47799b24b92f5d86df9af12b13a4e38a6ff0496c6874ec7"),
)

ATF_FIREARMS_TRACE = Source(
    name="atf_firearms_trace",
    title="ATF Firearms Trace Data: firearms sourced and recovered in the U.S. and territories",
    publisher="Bureau of Alcohol, Tobacco, Firearms and Explosives (ATF)",
    landing_page="https://www.atf.gov/resource-center/data-statistics",
    cadence="yearly",
    expected_lag_days=120,
    releases=tuple(
        Release(
            file_name=f"atf_firearms_trace/atf_sourced_recovered_by_state_cy{year}.xlsx",
            table="atf_firearms_trace__source_recovery",
            vintage=vintage,
            kind="xlsx",
            official_url=None,
            sha256=sha256,
            layout="source_recovery_matrix",
        )
        for year, vintage, sha256 in _ATF_VINTAGES_AND_PINS
    ),
)

# USBP seizure tables exist only as PDF; the mirror holds a faithful CSV transcription of
# FY2011-FY2019 (PROVENANCE.md section 10). Vintage = the date of the transcription (its
# last change, 2020-07-01); the FY2019 PDF it ends with came out earlier in 2020.
USBP_SEIZURE_STATS = Source(
    name="usbp_seizure_stats",
    title="U.S. Border Patrol Apprehensions / Seizure Statistics by border region (transcribed)",
    publisher="U.S. Customs and Border Protection, U.S. Border Patrol",
    landing_page="https://www.cbp.gov/newsroom/media-resources/stats",
    cadence="yearly",
    expected_lag_days=120,
    releases=(
        Release(
            file_name="cbp_weapons_seizures/"
            "usbp_apprehensions_seizures_stats_by_border_fy2011_fy2019.csv",
            table="usbp_seizure_stats__by_border_region",
            vintage="2020-07-01",
            kind="csv",
            official_url=None,
            sha256="b0dfb081fff6aa8f9dd11c392b197f89046e856c36b74c99fd9010c48673e660",
            layout="transcribed_fy2011_fy2019",
        ),
    ),
)

# Hand-kept: one published statement per row, each with its citation (PROVENANCE.md
# section 11). Not an official dataset. Vintage = the date of the newest publication it
# quotes (Tucson Sentinel, 2 July 2024); the table itself carries no date.
MX_FIREARM_TRACE_FIGURES = Source(
    name="mx_firearm_trace_figures",
    title="Published figures on firearms recovered in Mexico and traced (hand-kept)",
    publisher="ironriver (transcribed from ATF, GAO and press reports of ATF releases)",
    landing_page="https://www.atf.gov/resource-center/data-statistics",
    cadence="irregular",
    expected_lag_days=365,
    releases=(
        Release(
            file_name="reference/mexico_firearm_trace_published_figures.csv",
            table="mx_firearm_trace_figures__statements",
            vintage="2024-07-02",
            kind="csv",
            official_url=None,
            sha256="6a54b04fcb62eeeed360ed4d45e1c7651f29b81f2d805344476a731f585694d8",
            layout="hand_kept",
        ),
    ),
)

# SESNSP publishes each cut on its open-data page (new URLs every month); the copies held
# here come from GitHub mirrors (see PROVENANCE.md §5): none is byte-identical to an
# official download, so official_url is None. Vintages are the dates the mirror committed
# each cut (SESNSP publishes around the 20th of the month after the cut).
SESNSP = Source(
    name="sesnsp",
    title="SESNSP Incidencia delictiva del fuero común, state level (crime reports and victims)",
    publisher="Secretariado Ejecutivo del Sistema Nacional de Seguridad Pública (SESNSP)",
    landing_page=(
        "https://www.gob.mx/sesnsp/acciones-y-programas/datos-abiertos-de-incidencia-delictiva"
    ),
    cadence="monthly",
    expected_lag_days=25,
    releases=(
        Release(
            # DERIVED: the official victims file (cut of June 2025) reshaped long by a
            # third party, values unchanged; re-compressed bzip2 -> gzip (same content)
            file_name="sesnsp_mexico/db_victimas_delitos_ent_long.csv.gz",
            table="sesnsp__victims_state_month",
            vintage="2025-07-20",
            kind="gzip",
            official_url=None,
            sha256="8990a101f6c1d42dd27c114a73de1fcf702edc5ae24651e37887e3c04b288b30",
            layout="derived_long",
        ),
        Release(
            # official layout, cut of March 2022; Latin-1 misread as Mac Roman (repaired)
            file_name="sesnsp_mexico/IDEFC_NM_mar22.csv",
            table="sesnsp__incidence_state_month",
            vintage="2022-05-05",
            kind="csv",
            official_url=None,
            sha256="f5a36a16e6c233d81de2a57da8640eff0b98338c9e6640f2742e3a2f334e5941",
            layout="idefc_nm_mac_roman_mojibake",
        ),
        Release(
            # official layout, 2026 only (cut of March 2026), Latin-1, new "_n" catalogue
            file_name="sesnsp_mexico/estatal_n_2026.csv",
            table="sesnsp__incidence_state_month",
            vintage="2026-04-18",
            kind="csv",
            official_url=None,
            sha256="d035b4aff74e103f4cf6790e9440412d665c93f4103b6901f52b4f0f4e55f2d3",
            layout="estatal_n_latin1",
        ),
        Release(
            # DERIVED: yearly sums of the official incidence + third-party rates per 100k
            file_name="sesnsp_mexico/db_incidencia_ent_nac_year_x100khab_mujeres.csv",
            table="sesnsp__incidence_state_year_derived",
            vintage="2025-07-20",
            kind="csv",
            official_url=None,
            sha256="2dc5f5537acbeadfd343f7c7328710497f580cdd0ebae0527329f41e2ff15859",
            layout="derived_yearly_rates",
        ),
    ),
)

INEGI_HOMICIDES = Source(
    name="inegi",
    title=(
        "INEGI registered homicides by state and month of occurrence (death certificates), "
        "as aggregated by Gargiulo, Aburto & Floridi (2024)"
    ),
    publisher="INEGI (microdata); derived dataset by Gargiulo, Aburto & Floridi (2024)",
    landing_page="https://doi.org/10.17605/OSF.IO/U8DC3",
    cadence="irregular",
    expected_lag_days=300,
    releases=(
        Release(
            # DERIVED from INEGI mortality microdata; pipe-delimited
            file_name="inegi_mexico/mexico-state-month-homicide-rates-2000-2022.csv",
            table="inegi__homicides_state_month",
            vintage="2024-03-21",
            kind="csv",
            official_url=None,
            sha256="12f5dc13222118ffe0df535bf46ffdfbe645b5683740a2b70636e57c786961c3",
            layout="gargiulo_state_month",
        ),
    ),
)

# BTS "Border Crossing/Entry Data" (Socrata keg4-3bc2): one live dataset, revised and
# extended every month. The mirror copy is the CSV export held by a GitHub repository
# (PROVENANCE.md section 7: stored there zstd-compressed, decompressed here, no other
# change); BTS does not date its exports, so its vintage is the date the repository
# committed it (2026-02-25; its newest month is February 2025). Not claimed to be the
# publisher's bytes of today, so no official_url; the live export is the second release.
_BTS_EXPORT = "https://data.bts.gov/api/views/keg4-3bc2/rows.csv?accessType=DOWNLOAD"

BTS_BORDER_CROSSING = Source(
    name="bts_border_crossing",
    title="BTS Border Crossing/Entry Data: inbound crossings at U.S. land ports",
    publisher="Bureau of Transportation Statistics (U.S. DOT), from CBP OMR data",
    landing_page="https://data.bts.gov/Research-and-Statistics/Border-Crossing-Entry-Data/keg4-3bc2",
    cadence="monthly",
    expected_lag_days=75,
    releases=(
        Release(
            file_name="bts_border_crossing/Border_Crossing_Entry_Data.csv",
            table="bts_border_crossing__port_month_measure",
            vintage="2026-02-25",
            kind="csv",
            official_url=None,
            sha256="500818b5521f1d507046277e97ac86f1ab98f0a5afd46983e6a98692d321daec",
        ),
        Release(
            file_name="bts_border_crossing/Border_Crossing_Entry_Data_live.csv",
            table="bts_border_crossing__port_month_measure",
            vintage="live",
            kind="csv",
            official_url=_BTS_EXPORT,
        ),
    ),
)

# DEA NFLIS-Drug Data Query System exports (PROVENANCE.md section 9): query results, not
# files DEA serves at a fixed URL, so no official_url. Vintage = the export's query run date.
DEA_NFLIS = Source(
    name="dea_nflis",
    title="DEA NFLIS-Drug: drug reports identified by forensic laboratories, by state",
    publisher="U.S. Drug Enforcement Administration, Diversion Control Division (NFLIS)",
    landing_page="https://www.nflis.deadiversion.usdoj.gov/",
    cadence="irregular",
    expected_lag_days=180,
    releases=(
        Release(
            # fentanyl and fentanyl-related substances, annual, 1998-2024
            file_name="dea_nflis/NFLIS_fent_all.csv",
            table="dea_nflis__drug_reports",
            vintage="2025-08-10",
            kind="csv",
            official_url=None,
            sha256="c8761b5776e8caf808edaaa18590dac14cf77f2c28fe62a4fbe7c625e6aef9b8",
            layout="dqs_export",
        ),
        Release(
            # the same category, semi-annual, 2017-2025
            file_name="dea_nflis/NFLIS_Drug_DQS_2026_03_03_13_26_55.csv",
            table="dea_nflis__drug_reports",
            vintage="2026-03-03",
            kind="csv",
            official_url=None,
            sha256="9d6eb1b4f80c4219d2a7d607171f5f369733b3505dc8b5fb1a67bb31db27d182",
            layout="dqs_export",
        ),
    ),
)

# CDC DOSE dashboards (PROVENANCE.md section 2): the "Table 1" CSV exports of the DOSE-DX
# download dated 2025-01-13 and the DOSE-SYS download dated 2025-08-25 (vintages); the
# dashboards have no stable file URL.
CDC_DOSE = Source(
    name="cdc_dose",
    title="CDC DOSE nonfatal overdoses: ED visits and hospitalisations (DX), ED rates (SYS)",
    publisher="CDC National Center for Injury Prevention and Control (DOSE)",
    landing_page="https://www.cdc.gov/overdose-prevention/data-research/facts-stats/",
    cadence="irregular",
    expected_lag_days=365,
    releases=(
        Release(
            file_name="cdc_dose/DOSE_dx_Dashboard_011325_Jurisdiction_Counts_Rates.csv",
            table="cdc_dose__dx_jurisdiction",
            vintage="2025-01-13",
            kind="csv",
            official_url=None,
            sha256="06b7fa652b23b24aa9a9bdd4e74163f43fd48e9fa91dacf94be18a45468f4a96",
            layout="dx_jurisdiction_counts_rates",
        ),
        Release(
            # DOSE-SYS (syndromic surveillance) download dated 2025-08-25
            file_name="cdc_dose/DOSE_SyS_Dashboard_Download_8-25-2025_Jurisdiction.csv",
            table="cdc_dose__sys_jurisdiction",
            vintage="2025-08-25",
            kind="csv",
            official_url=None,
            sha256="248c9bb1f7b3ad277bddf60de3e2093811cd5eef792435841bfedd2ba2bcfd5c",
            layout="sys_jurisdiction_rates",
        ),
    ),
)

CATALOG: tuple[Source, ...] = (
    CBP_DRUG_SEIZURES,
    CDC_VSRR,
    CENSUS_PEP,
    CONAPO,
    ATF_FIREARMS_TRACE,
    USBP_SEIZURE_STATS,
    MX_FIREARM_TRACE_FIGURES,
    SESNSP,
    INEGI_HOMICIDES,
    BTS_BORDER_CROSSING,
    DEA_NFLIS,
    CDC_DOSE,
)


def get_source(name: str) -> Source:
    for source in CATALOG:
        if source.name == name:
            return source
    known = ", ".join(s.name for s in CATALOG)
    raise KeyError(f"unknown source {name!r}; known sources: {known}")
