"""CDC DOSE nonfatal overdoses: ED visits and hospitalisations (DX), ED rates (SYS).

The landing tables of source ``cdc_dose``, declared once, and the layouts of its
files.
"""

from __future__ import annotations

from orchestration.catalog.model import (
    Field,
    Key,
    Layout,
    Release,
    Source,
    SourceDeclaration,
    Table,
    between,
    in_set,
    matches,
)

# CDC DOSE dashboards (PROVENANCE.md section 2): the "Table 1" CSV exports of the DOSE-DX
# download dated 2025-01-13 and the DOSE-SYS download dated 2025-08-25 (vintages); the
# dashboards have no stable file URL.
ENTRY = Source(
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

DX_JURISDICTION = Table(
    name="cdc_dose__dx_jurisdiction",
    description=(
        "One row per (download, jurisdiction, month or 'all', year, dataset) "
        "exactly as published: a count, the population and a rate per 100,000 "
        "per drug group, as text ('suppressed' and 'NA' markers). 'US' is the "
        "total of the participating jurisdictions only."
    ),
    columns=(
        Field(
            "jurisdiction",
            "text",
            "USPS code of the state, or 'US' (participating jurisdictions).",
            not_null=True,
            rules=(matches("^[A-Z]{2}$"),),
        ),
        Field(
            "month",
            "text",
            "Month number '1'..'12', or 'all' for annual rows.",
            not_null=True,
            rules=(in_set(["1", "2", "3", "4", "5", "6", "7", "8", "9", "10", "11", "12", "all"]),),
        ),
        Field("year", "integer", "Calendar year.", not_null=True, rules=(between(2010, 2100),)),
        Field(
            "time_frame",
            "text",
            "'monthly' or 'annual'.",
            not_null=True,
            rules=(in_set(["monthly", "annual"]),),
        ),
        Field(
            "dataset",
            "text",
            ("'ED' (emergency department visits) or 'HOSP' (inpatient hospitalisations)."),
            not_null=True,
            rules=(in_set(["ED", "HOSP"]),),
        ),
        Field(
            "count_alldrug",
            "text",
            "Nonfatal all-drug overdoses (count, or 'suppressed').",
            rules=(
                matches(
                    "^(?:\\d+|suppressed|NA)$", note="A count, or the markers 'suppressed' / 'NA'."
                ),
            ),
        ),
        Field(
            "count_opioid",
            "text",
            "Opioid-involved (count, or 'suppressed').",
            rules=(
                matches(
                    "^(?:\\d+|suppressed|NA)$", note="A count, or the markers 'suppressed' / 'NA'."
                ),
            ),
        ),
        Field(
            "count_fentanyl",
            "text",
            "Fentanyl-involved (count, 'suppressed' or 'NA').",
            rules=(
                matches(
                    "^(?:\\d+|suppressed|NA)$", note="A count, or the markers 'suppressed' / 'NA'."
                ),
            ),
        ),
        Field(
            "count_heroin",
            "text",
            "Heroin-involved (count, or 'suppressed').",
            rules=(
                matches(
                    "^(?:\\d+|suppressed|NA)$", note="A count, or the markers 'suppressed' / 'NA'."
                ),
            ),
        ),
        Field(
            "count_stimulant",
            "text",
            "Stimulant-involved (count, or 'suppressed').",
            rules=(
                matches(
                    "^(?:\\d+|suppressed|NA)$", note="A count, or the markers 'suppressed' / 'NA'."
                ),
            ),
        ),
        Field(
            "count_cocaine",
            "text",
            "Cocaine-involved (count, or 'suppressed').",
            rules=(
                matches(
                    "^(?:\\d+|suppressed|NA)$", note="A count, or the markers 'suppressed' / 'NA'."
                ),
            ),
        ),
        Field(
            "count_methamphetamine",
            "text",
            "Methamphetamine-involved (count, 'suppressed' or 'NA').",
            rules=(
                matches(
                    "^(?:\\d+|suppressed|NA)$", note="A count, or the markers 'suppressed' / 'NA'."
                ),
            ),
        ),
        Field(
            "count_benzodiazepine",
            "text",
            "Benzodiazepine-involved (count, or 'suppressed').",
            rules=(
                matches(
                    "^(?:\\d+|suppressed|NA)$", note="A count, or the markers 'suppressed' / 'NA'."
                ),
            ),
        ),
        Field(
            "population",
            "integer",
            "Population of the jurisdiction(s) (persons).",
            non_negative=True,
        ),
        Field("rate_alldrug", "text", "Rate per 100,000 persons (or marker)."),
        Field("rate_opioid", "text", "Rate per 100,000 persons (or marker)."),
        Field("rate_fentanyl", "text", "Rate per 100,000 persons (or marker)."),
        Field("rate_heroin", "text", "Rate per 100,000 persons (or marker)."),
        Field("rate_stimulant", "text", "Rate per 100,000 persons (or marker)."),
        Field("rate_cocaine", "text", "Rate per 100,000 persons (or marker)."),
        Field("rate_methamphetamine", "text", "Rate per 100,000 persons (or marker)."),
        Field("rate_benzodiazepine", "text", "Rate per 100,000 persons (or marker)."),
    ),
    files=r"^cdc_dose/[^/]+\.csv$",
    rows=(2000, 200000),
    rows_note="5,018 rows in the 2025-01-13 download.",
    keys=(Key(("_source_file", "jurisdiction", "year", "month", "dataset")),),
    suite_note=(
        "Landing cdc_dose__dx_jurisdiction: DOSE-DX jurisdiction counts and rates as published."
    ),
    meta_descriptions={
        "_vintage": "Date of the dashboard download.",
    },
)

SYS_JURISDICTION = Table(
    name="cdc_dose__sys_jurisdiction",
    description=(
        "DOSE-SYS (syndromic surveillance): suspected nonfatal overdoses per "
        "10,000 total ED visits, one row per (download, jurisdiction, year, "
        "month, rate_time) as published. 'Annual' rows are 12-month rolling "
        "rates ending in that month."
    ),
    columns=(
        Field(
            "jurisdiction",
            "text",
            "USPS code of the state or DC.",
            not_null=True,
            rules=(matches("^[A-Z]{2}$"),),
        ),
        Field(
            "year",
            "integer",
            "Calendar year of the month (of the last month for 'Annual').",
            not_null=True,
            rules=(between(2015, 2100),),
        ),
        Field(
            "month",
            "integer",
            "Month number (the last month of the 12 for 'Annual').",
            not_null=True,
            rules=(between(1, 12),),
        ),
        Field(
            "rate_time",
            "text",
            "'Monthly' or 'Annual' (12 months ending in the month).",
            not_null=True,
            rules=(in_set(["Monthly", "Annual"]),),
        ),
        Field(
            "drug_rate",
            "text",
            (
                "Suspected nonfatal all drug overdoses per 10,000 total ED visits "
                "(text; '*' suppressed, '§' not shared, '¶' not funded)."
            ),
            rules=(
                matches(
                    "^(?:\\d+(?:\\.\\d+)?|\\*|§|¶)$",
                    note="A rate, or a marker: * suppressed, § not shared, ¶ not funded.",
                ),
            ),
        ),
        Field(
            "opioid_rate",
            "text",
            (
                "Suspected nonfatal opioid overdoses per 10,000 total ED visits (text; "
                "'*' suppressed, '§' not shared, '¶' not funded)."
            ),
            rules=(
                matches(
                    "^(?:\\d+(?:\\.\\d+)?|\\*|§|¶)$",
                    note="A rate, or a marker: * suppressed, § not shared, ¶ not funded.",
                ),
            ),
        ),
        Field(
            "fentanyl_rate",
            "text",
            (
                "Suspected nonfatal fentanyl overdoses per 10,000 total ED visits "
                "(text; '*' suppressed, '§' not shared, '¶' not funded)."
            ),
            rules=(
                matches(
                    "^(?:\\d+(?:\\.\\d+)?|\\*|§|¶)$",
                    note="A rate, or a marker: * suppressed, § not shared, ¶ not funded.",
                ),
            ),
        ),
        Field(
            "heroin_rate",
            "text",
            (
                "Suspected nonfatal heroin overdoses per 10,000 total ED visits (text; "
                "'*' suppressed, '§' not shared, '¶' not funded)."
            ),
            rules=(
                matches(
                    "^(?:\\d+(?:\\.\\d+)?|\\*|§|¶)$",
                    note="A rate, or a marker: * suppressed, § not shared, ¶ not funded.",
                ),
            ),
        ),
        Field(
            "stimulant_rate",
            "text",
            (
                "Suspected nonfatal stimulant overdoses per 10,000 total ED visits "
                "(text; '*' suppressed, '§' not shared, '¶' not funded)."
            ),
            rules=(
                matches(
                    "^(?:\\d+(?:\\.\\d+)?|\\*|§|¶)$",
                    note="A rate, or a marker: * suppressed, § not shared, ¶ not funded.",
                ),
            ),
        ),
        Field(
            "cocaine_rate",
            "text",
            (
                "Suspected nonfatal cocaine overdoses per 10,000 total ED visits "
                "(text; '*' suppressed, '§' not shared, '¶' not funded)."
            ),
            rules=(
                matches(
                    "^(?:\\d+(?:\\.\\d+)?|\\*|§|¶)$",
                    note="A rate, or a marker: * suppressed, § not shared, ¶ not funded.",
                ),
            ),
        ),
        Field(
            "methamphetamine_rate",
            "text",
            (
                "Suspected nonfatal methamphetamine overdoses per 10,000 total ED "
                "visits (text; '*' suppressed, '§' not shared, '¶' not funded)."
            ),
            rules=(
                matches(
                    "^(?:\\d+(?:\\.\\d+)?|\\*|§|¶)$",
                    note="A rate, or a marker: * suppressed, § not shared, ¶ not funded.",
                ),
            ),
        ),
        Field(
            "benzodiazepine_rate",
            "text",
            (
                "Suspected nonfatal benzodiazepine overdoses per 10,000 total ED "
                "visits (text; '*' suppressed, '§' not shared, '¶' not funded)."
            ),
            rules=(
                matches(
                    "^(?:\\d+(?:\\.\\d+)?|\\*|§|¶)$",
                    note="A rate, or a marker: * suppressed, § not shared, ¶ not funded.",
                ),
            ),
        ),
    ),
    files=r"^cdc_dose/[^/]+\.csv$",
    rows=(3000, 200000),
    rows_note="7,956 rows in the 2025-08-25 download.",
    keys=(Key(("_source_file", "jurisdiction", "year", "month", "rate_time")),),
    suite_note=(
        "Landing cdc_dose__sys_jurisdiction: DOSE-SYS suspected nonfatal "
        "overdoses per 10,000 ED visits, as published."
    ),
    meta_descriptions={
        "_vintage": "Date of the dashboard download.",
    },
)

DX_JURISDICTION_COUNTS_RATES = Layout(
    "dx_jurisdiction_counts_rates",
    DX_JURISDICTION,
    headers={
        "jurisdiction": "jurisdiction",
        "month": "month",
        "year": "year",
        "time_frame": "time_frame",
        "dataset": "dataset",
        "count_alldrug": "count_alldrug",
        "count_opioid": "count_opioid",
        "count_fentanyl": "count_fentanyl",
        "count_heroin": "count_heroin",
        "count_stimulant": "count_stimulant",
        "count_cocaine": "count_cocaine",
        "count_methamphetamine": "count_methamphetamine",
        "count_benzodiazepine": "count_benzodiazepine",
        "population": "population",
        "rate_alldrug": "rate_alldrug",
        "rate_opioid": "rate_opioid",
        "rate_fentanyl": "rate_fentanyl",
        "rate_heroin": "rate_heroin",
        "rate_stimulant": "rate_stimulant",
        "rate_cocaine": "rate_cocaine",
        "rate_methamphetamine": "rate_methamphetamine",
        "rate_benzodiazepine": "rate_benzodiazepine",
    },
    header_count=22,
)

SYS_JURISDICTION_RATES = Layout(
    "sys_jurisdiction_rates",
    SYS_JURISDICTION,
    headers={
        "jurisdiction": "jurisdiction",
        "year": "year",
        "month": "month",
        "rate_time": "rate_time",
        "drug_rate": "drug_rate",
        "opioid_rate": "opioid_rate",
        "fentanyl_rate": "fentanyl_rate",
        "heroin_rate": "heroin_rate",
        "stimulant_rate": "stimulant_rate",
        "cocaine_rate": "cocaine_rate",
        "methamphetamine_rate": "methamphetamine_rate",
        "benzodiazepine_rate": "benzodiazepine_rate",
    },
    header_count=12,
)

SOURCE = SourceDeclaration(
    entry=ENTRY,
    description=(
        "CDC Drug Overdose Surveillance and Epidemiology (DOSE) dashboards: "
        "DOSE-DX (emergency department visits and hospitalisations for "
        'nonfatal overdoses, from discharge data, "Jurisdiction Counts & '
        'Rates" table) and DOSE-SYS (suspected nonfatal overdoses per 10,000 '
        'ED visits from syndromic surveillance, "Jurisdiction" table), as '
        "landed by the ironriver ingest."
    ),
    tables=(
        DX_JURISDICTION,
        SYS_JURISDICTION,
    ),
    layouts=(
        DX_JURISDICTION_COUNTS_RATES,
        SYS_JURISDICTION_RATES,
    ),
)
