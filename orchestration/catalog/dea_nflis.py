"""DEA NFLIS-Drug: drug reports identified by forensic laboratories, by state.

The landing tables of source ``dea_nflis``, declared once, and the layouts of its
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

# DEA NFLIS-Drug Data Query System exports (PROVENANCE.md section 9): query results, not
# files DEA serves at a fixed URL, so no official_url. Vintage = the export's query run date.
ENTRY = Source(
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

DRUG_REPORTS = Table(
    name="dea_nflis__drug_reports",
    description=(
        "One row per (export, state, year, period, substance) exactly as "
        "exported. An export is either annual (PERIOD = the year) or "
        "semi-annual ('SA1 (JAN - JUN)', 'SA2 (JUL - DEC)'). Counts are drug "
        "reports (items identified by labs), not seizures or weights; the "
        "latest periods are incomplete (reporting lag)."
    ),
    columns=(
        Field("lab_type", "text", "Lab types included, one comma-joined string.", not_null=True),
        Field(
            "report_aggregation",
            "text",
            "'DrugReport' (with trailing spaces as exported).",
            not_null=True,
        ),
        Field("year", "integer", "Calendar year.", not_null=True, rules=(between(1990, 2100),)),
        Field(
            "period",
            "text",
            ("The year ('2022') or half year ('SA1 (JAN - JUN)' / 'SA2 (JUL - DEC)')."),
            not_null=True,
            rules=(
                matches(
                    "^(?:\\d{4}|SA[12] \\((?:JAN - JUN|JUL - DEC)\\))$",
                    note="The year, or a half year.",
                ),
            ),
        ),
        Field(
            "drug_reports",
            "integer",
            "Drug reports identified in the period (count).",
            not_null=True,
            non_negative=True,
        ),
        Field(
            "query_run_date",
            "text",
            "When the DQS query ran ('2026-03-03 13:26:55').",
            not_null=True,
        ),
        Field("substance_id", "text", "NFLIS substance id.", not_null=True),
        Field(
            "substance_description",
            "text",
            "Substance as identified, e.g. 'FENTANYL SALT UNDETERMINED'.",
            not_null=True,
        ),
        Field("base_id", "text", "NFLIS base substance id."),
        Field("base_description", "text", "Base substance, e.g. 'Fentanyl', 'Acetyl fentanyl'."),
        Field(
            "drug_category_code",
            "text",
            "DQS drug category code ('33').",
            not_null=True,
            rules=(
                in_set(
                    ["33"],
                    severity="warn",
                    note="A new category needs a row in seeds/nflis_drug_categories.csv.",
                ),
            ),
        ),
        Field(
            "drug_category_description",
            "text",
            "DQS drug category ('Fentanyl and Fentanyl-related').",
            not_null=True,
        ),
        Field(
            "state",
            "text",
            "USPS code of the submitting lab's state; 'XX' = unknown.",
            not_null=True,
            rules=(matches("^[A-Z]{2}$", note="USPS codes; 'XX' = unknown."),),
        ),
        Field("state_long_name", "text", "State name."),
        Field(
            "state_fips", "text", "State FIPS code (zero-padded in one export, not in the other)."
        ),
    ),
    files=r"^dea_nflis/[^/]+\.csv$",
    rows=(5000, 1000000),
    rows_note="6,472 (annual) + 8,923 (semi-annual) rows.",
    keys=(Key(("_source_file", "year", "period", "state", "substance_id")),),
    suite_note="Landing dea_nflis__drug_reports: NFLIS-Drug DQS exports as exported.",
    meta_descriptions={
        "_vintage": "Query run date of the export.",
    },
)

DQS_EXPORT = Layout(
    "dqs_export",
    DRUG_REPORTS,
    headers={
        "lab_type": "LABTYPE",
        "report_aggregation": "RPTAGGR",
        "year": "YYYY",
        "period": "PERIOD",
        "drug_reports": "DRUG_REPORTS",
        "query_run_date": "QUERY_RUN_DATE",
        "substance_id": "SUBSTANCE_ID",
        "substance_description": "SUBSTANCE_DESCRIPTION",
        "base_id": "BASE_ID",
        "base_description": "BASE_DESCRIPTION",
        "drug_category_code": "DRUG_CATEGORY_CODE",
        "drug_category_description": "DRUG_CATEGORY_DESCRIPTION",
        "state": "STATE",
        "state_long_name": "STATE_LONG_NAME",
        "state_fips": "STATE_FIPS",
    },
    header_count=15,
)

SOURCE = SourceDeclaration(
    entry=ENTRY,
    description=(
        "DEA NFLIS-Drug Data Query System exports "
        "(https://www.nflis.deadiversion.usdoj.gov/), drug reports identified "
        "by federal, state and local forensic laboratories, as landed by the "
        "ironriver ingest (one Parquet file per export)."
    ),
    tables=(DRUG_REPORTS,),
    layouts=(DQS_EXPORT,),
)
