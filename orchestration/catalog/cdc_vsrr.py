"""VSRR Provisional Drug Overdose Death Counts.

The landing tables of source ``cdc_vsrr``, declared once, and the layouts of its
files.
"""

from __future__ import annotations

from orchestration.catalog.model import (
    MONTH_NUMBERS,
    Field,
    Key,
    Layout,
    Release,
    Source,
    SourceDeclaration,
    Table,
    all_of,
    between,
    in_set,
    is_null,
    matches,
    present,
)

_VSRR_CSV = "https://data.cdc.gov/api/views/xkb8-kh2a/rows.csv?accessType=DOWNLOAD"

ENTRY = Source(
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

OVERDOSE_DEATHS = Table(
    name="cdc_vsrr__overdose_deaths",
    description=(
        "One row per (release, jurisdiction, year, month, indicator). Values "
        "are 12 month-ending sums. Which jurisdiction columns are filled "
        "depends on the layout: the official CSV/API layouts have state_abbr "
        "and state_name, the December-totals layout only state_name, the "
        "derived state-month JSON only state_fips."
    ),
    columns=(
        Field(
            "state_abbr",
            "text",
            (
                "CDC jurisdiction code; 'US' = nation, 'YC' = New York City, 'NY' = "
                "New York State EXCLUDING NYC, 'PR' = Puerto Rico. Null in the "
                "December-totals and JSON layouts."
            ),
            rules=(
                matches("^[A-Z]{2}$"),
                in_set(
                    [
                        "AK",
                        "AL",
                        "AR",
                        "AZ",
                        "CA",
                        "CO",
                        "CT",
                        "DC",
                        "DE",
                        "FL",
                        "GA",
                        "HI",
                        "IA",
                        "ID",
                        "IL",
                        "IN",
                        "KS",
                        "KY",
                        "LA",
                        "MA",
                        "MD",
                        "ME",
                        "MI",
                        "MN",
                        "MO",
                        "MS",
                        "MT",
                        "NC",
                        "ND",
                        "NE",
                        "NH",
                        "NJ",
                        "NM",
                        "NV",
                        "NY",
                        "OH",
                        "OK",
                        "OR",
                        "PA",
                        "PR",
                        "RI",
                        "SC",
                        "SD",
                        "TN",
                        "TX",
                        "US",
                        "UT",
                        "VA",
                        "VT",
                        "WA",
                        "WI",
                        "WV",
                        "WY",
                        "YC",
                    ],
                    severity="warn",
                ),
            ),
        ),
        Field(
            "state_name",
            "text",
            (
                "CDC jurisdiction name, e.g. 'United States', 'New York City'. Null in "
                "the JSON layout."
            ),
            rules=(
                in_set(
                    [
                        "Alabama",
                        "Alaska",
                        "Arizona",
                        "Arkansas",
                        "California",
                        "Colorado",
                        "Connecticut",
                        "Delaware",
                        "District of Columbia",
                        "Florida",
                        "Georgia",
                        "Hawaii",
                        "Idaho",
                        "Illinois",
                        "Indiana",
                        "Iowa",
                        "Kansas",
                        "Kentucky",
                        "Louisiana",
                        "Maine",
                        "Maryland",
                        "Massachusetts",
                        "Michigan",
                        "Minnesota",
                        "Mississippi",
                        "Missouri",
                        "Montana",
                        "Nebraska",
                        "Nevada",
                        "New Hampshire",
                        "New Jersey",
                        "New Mexico",
                        "New York",
                        "New York City",
                        "North Carolina",
                        "North Dakota",
                        "Ohio",
                        "Oklahoma",
                        "Oregon",
                        "Pennsylvania",
                        "Puerto Rico",
                        "Rhode Island",
                        "South Carolina",
                        "South Dakota",
                        "Tennessee",
                        "Texas",
                        "United States",
                        "Utah",
                        "Vermont",
                        "Virginia",
                        "Washington",
                        "West Virginia",
                        "Wisconsin",
                        "Wyoming",
                    ],
                    severity="warn",
                ),
            ),
        ),
        Field(
            "state_fips",
            "text",
            (
                "2-digit state FIPS code; only the derived JSON layout has it (and it "
                "has neither abbreviation nor name)."
            ),
            rules=(
                present(
                    note="Every row names its jurisdiction by abbreviation, name or FIPS code.",
                    when=all_of(is_null("state_abbr"), is_null("state_name")),
                ),
                matches("^\\d{2}$"),
            ),
        ),
        Field(
            "year",
            "integer",
            "Calendar year of the month the 12-month period ends in.",
            not_null=True,
            rules=(between(2000, 2100),),
        ),
        Field(
            "month",
            "month_name",
            "Calendar month (1-12) the 12-month period ends in.",
            not_null=True,
            rules=(in_set(MONTH_NUMBERS),),
        ),
        Field(
            "period",
            "text",
            "Always '12 month-ending' in the files seen so far.",
            not_null=True,
            rules=(
                in_set(
                    ["12 month-ending"],
                    note=(
                        "VSRR values are 12-month-ending sums; any other period changes their "
                        "meaning."
                    ),
                ),
            ),
        ),
        Field(
            "indicator",
            "text",
            (
                "VSRR indicator text, e.g. 'Number of Drug Overdose Deaths', "
                "'Synthetic opioids, excl. methadone (T40.4)', 'Percent with drugs "
                "specified'."
            ),
            not_null=True,
            rules=(
                in_set(
                    [
                        "Cocaine (T40.5)",
                        "Heroin (T40.1)",
                        "Methadone (T40.3)",
                        "Natural & semi-synthetic opioids (T40.2)",
                        "Natural & semi-synthetic opioids, incl. methadone (T40.2, T40.3)",
                        "Natural, semi-synthetic, & synthetic opioids, incl. methadone"
                        " (T40.2-T40.4)",
                        "Number of Deaths",
                        "Number of Drug Overdose Deaths",
                        "Opioids (T40.0-T40.4,T40.6)",
                        "Percent with drugs specified",
                        "Psychostimulants with abuse potential (T43.6)",
                        "Synthetic opioids, excl. methadone (T40.4)",
                    ],
                    severity="warn",
                    note="A new indicator needs a row in the drug crosswalk seed.",
                ),
            ),
        ),
        Field(
            "data_value",
            "double",
            (
                "Reported value (deaths, or percent for 'Percent with drugs "
                "specified'). NULL = suppressed or blank, never zero. Null is "
                "suppressed (not zero); negative is never valid."
            ),
            non_negative=True,
            rules=(
                between(
                    max_value=10000000,
                    severity="warn",
                    note="Plausibility: all-cause US deaths in 12 months are ~3.5 million.",
                ),
                present(
                    mostly=0.8,
                    severity="warn",
                    note="Suppressed values are ~7% of rows; far more means a broken parse.",
                ),
            ),
        ),
        Field(
            "predicted_value",
            "double",
            (
                "CDC's value adjusted for delayed reporting (deaths); null where the "
                "layout lacks it."
            ),
            non_negative=True,
        ),
        Field(
            "percent_complete",
            "text",
            "Completeness text ('100', '99.5+' ...), not numeric.",
            rules=(matches("^\\d{1,3}(?:\\.\\d+)?\\+?$", severity="warn"),),
        ),
        Field(
            "percent_pending_investigation",
            "double",
            "Share of death records pending investigation (as published).",
            rules=(between(0, 100),),
        ),
        Field("footnote", "text", "CDC footnote, incl. the reason a value is suppressed."),
        Field(
            "footnote_symbol",
            "text",
            "CDC footnote symbol ('*', '**').",
            rules=(in_set(["*", "**"], severity="warn"),),
        ),
    ),
    files="^cdc_vsrr/[^/]+\\.(?:csv|json)$",
    rows=(20000, 2000000),
    rows_note=("5 pinned releases land 38,531 rows; the full live export adds ~80k a vintage."),
    keys=(
        Key(
            (
                "_source_file",
                "state_abbr",
                "state_name",
                "state_fips",
                "year",
                "month",
                "indicator",
            ),
            "One row per jurisdiction x month x indicator within a file.",
        ),
    ),
    suite_note=(
        "Landing table cdc_vsrr__overdose_deaths: every vintage of CDC VSRR "
        "provisional overdose death counts (four layouts, one schema), typed "
        "but unfiltered."
    ),
    meta_descriptions={
        "_vintage": "Release (download) date; newer vintages revise older months.",
    },
)

CSV_EXPORT = Layout(
    "csv_export",
    OVERDOSE_DEATHS,
    headers={
        "state_abbr": "State",
        "state_name": "State Name",
        "year": "Year",
        "month": "Month",
        "period": "Period",
        "indicator": "Indicator",
        "data_value": "Data Value",
        "predicted_value": "Predicted Value",
        "percent_complete": "Percent Complete",
        "percent_pending_investigation": "Percent Pending Investigation",
        "footnote": "Footnote",
        "footnote_symbol": "Footnote Symbol",
    },
)

API = Layout(
    "api",
    OVERDOSE_DEATHS,
    headers={
        "state_abbr": "state",
        "state_name": "state_name",
        "year": "year",
        "month": "month",
        "period": "period",
        "indicator": "indicator",
        "data_value": "data_value",
        "predicted_value": "predicted_value",
        "percent_complete": "percent_complete",
        "percent_pending_investigation": "percent_pending_investigation",
        "footnote": "footnote",
        "footnote_symbol": "footnote_symbol",
    },
)

DECEMBER_TOTALS = Layout(
    "december_totals",
    OVERDOSE_DEATHS,
    headers={
        "state_name": "State Name",
        "year": "Year",
        "indicator": "Indicator",
        "data_value": "Total Deaths",
    },
    constants=(("month", "12"), ("period", "12 month-ending")),
)

DERIVED_STATEMONTHS_JSON = Layout(
    "derived_statemonths_json",
    OVERDOSE_DEATHS,
    headers={
        "state_fips": "state_fips",
        "year": "year",
        "month": "month",
        "indicator": "indicator",
        "data_value": "mort",
    },
    constants=(("period", "12 month-ending"),),
    reader="vsrr_statemonths_json",
)

SOURCE = SourceDeclaration(
    entry=ENTRY,
    description=(
        'CDC / NCHS "VSRR Provisional Drug Overdose Death Counts" '
        "(data.cdc.gov xkb8-kh2a), "
        "https://data.cdc.gov/NCHS/VSRR-Provisional-Drug-Overdose-Death-Counts/xkb8-kh2a, "
        "as landed by the ironriver ingest: one Parquet file per release "
        "(vintage), five file layouts normalised to one schema. Every vintage "
        "is kept; the newest is chosen in intermediate."
    ),
    tables=(OVERDOSE_DEATHS,),
    layouts=(
        CSV_EXPORT,
        API,
        DECEMBER_TOTALS,
        DERIVED_STATEMONTHS_JSON,
    ),
)
