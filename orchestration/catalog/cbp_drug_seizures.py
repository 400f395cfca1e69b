"""CBP Drug Seizures: nationwide (OFO + USBP) and Air and Marine Operations (AMO).

The landing tables of source ``cbp_drug_seizures``, declared once, and the layouts of its
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
    contains,
    equals,
    in_set,
    matches,
)

FISCAL_MONTH_ABBRS = (
    "OCT",
    "NOV",
    "DEC",
    "JAN",
    "FEB",
    "MAR",
    "APR",
    "MAY",
    "JUN",
    "JUL",
    "AUG",
    "SEP",
)
DRUG_TYPES = (
    "Cocaine",
    "Ecstasy",
    "Fentanyl",
    "Heroin",
    "Ketamine",
    "Khat (Catha Edulis)",
    "Lsd",
    "Marijuana",
    "Methamphetamine",
    "Other Drugs**",
)

# CBP serves each file under /sites/default/files/<YYYY-MM>/; the month folder moves per release.
_CBP_FILES = "https://www.cbp.gov/sites/default/files"

ENTRY = Source(
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

REGION_FIELD = Field(
    "region",
    "text",
    "'Southwest Border', 'Northern Border' or 'Coastal/Interior'.",
    not_null=True,
    rules=(
        in_set(["Coastal/Interior", "Northern Border", "Southwest Border"]),
        contains(["Coastal/Interior", "Northern Border", "Southwest Border"], severity="warn"),
    ),
)


NATIONWIDE = Table(
    name="cbp_drug_seizures__nationwide",
    description=(
        "One row per (release file, FY, month, component, region, land filter, "
        "area of responsibility, drug type) exactly as CBP published it, "
        "typed. Only non-empty cells are published (no zero-event rows)."
    ),
    columns=(
        Field(
            "fiscal_year",
            "leading_year",
            (
                'US federal fiscal year (Oct-Sep), the leading 4 digits of "FY" ("2026 '
                '(FYTD)" -> 2026).'
            ),
            not_null=True,
            rules=(between(2000, 2100),),
        ),
        Field(
            "fiscal_year_label",
            "text",
            (
                'The raw "FY" text, e.g. "2024" or "2026 (FYTD)" (fiscal year to date, '
                "i.e. partial)."
            ),
            not_null=True,
            rules=(matches("^\\d{4}(?: \\(FYTD\\))?$"),),
        ),
        Field(
            "fiscal_month_abbr",
            "text",
            (
                "Raw \"Month (abbv)\", upper-case English 'OCT'..'SEP'. No year "
                "column; the calendar year follows from the fiscal year."
            ),
            not_null=True,
            rules=(in_set(FISCAL_MONTH_ABBRS),),
        ),
        Field(
            "component",
            "text",
            (
                "'Office of Field Operations' (ports of entry) or 'U.S. Border Patrol' "
                "(between ports)."
            ),
            not_null=True,
            rules=(in_set(["Office of Field Operations", "U.S. Border Patrol"]),),
        ),
        REGION_FIELD,
        Field(
            "land_filter",
            "text",
            "'Land Only' or 'Other' (air, sea, mail ...).",
            not_null=True,
            rules=(in_set(["Land Only", "Other"]),),
        ),
        Field(
            "area_of_responsibility",
            "text",
            'OFO field office ("... FIELD OFFICE") or USBP sector ("... SECTOR").',
            not_null=True,
            rules=(
                in_set(
                    [
                        "ATLANTA FIELD OFFICE",
                        "BALTIMORE FIELD OFFICE",
                        "BIG BEND SECTOR",
                        "BLAINE SECTOR",
                        "BOSTON FIELD OFFICE",
                        "BUFFALO FIELD OFFICE",
                        "BUFFALO SECTOR",
                        "CHICAGO FIELD OFFICE",
                        "DEL RIO SECTOR",
                        "DETROIT FIELD OFFICE",
                        "DETROIT SECTOR",
                        "EL CENTRO SECTOR",
                        "EL PASO FIELD OFFICE",
                        "EL PASO SECTOR",
                        "GRAND FORKS SECTOR",
                        "HAVRE SECTOR",
                        "HOULTON SECTOR",
                        "HOUSTON FIELD OFFICE",
                        "LAREDO FIELD OFFICE",
                        "LAREDO SECTOR",
                        "LOS ANGELES FIELD OFFICE",
                        "MIAMI FIELD OFFICE",
                        "MIAMI SECTOR",
                        "NEW ORLEANS FIELD OFFICE",
                        "NEW ORLEANS SECTOR",
                        "NEW YORK FIELD OFFICE",
                        "PORTLAND FIELD OFFICE",
                        "PRECLEARANCE FIELD OFFICE",
                        "RAMEY SECTOR",
                        "RIO GRANDE VALLEY SECTOR",
                        "SAN DIEGO FIELD OFFICE",
                        "SAN DIEGO SECTOR",
                        "SAN FRANCISCO FIELD OFFICE",
                        "SAN JUAN FIELD OFFICE",
                        "SEATTLE FIELD OFFICE",
                        "SPOKANE SECTOR",
                        "SWANTON SECTOR",
                        "TAMPA FIELD OFFICE",
                        "TUCSON FIELD OFFICE",
                        "TUCSON SECTOR",
                        "YUMA SECTOR",
                    ],
                    severity="warn",
                    note="A new AOR needs a row in the CBP AOR -> state crosswalk seed.",
                ),
                matches(
                    " SECTOR$",
                    severity="warn",
                    note="Border Patrol reports by sector.",
                    when=equals("component", "U.S. Border Patrol"),
                ),
                matches(
                    " FIELD OFFICE$",
                    severity="warn",
                    note="OFO reports by field office.",
                    when=equals("component", "Office of Field Operations"),
                ),
            ),
        ),
        Field(
            "drug_type",
            "text",
            "Raw CBP drug label, e.g. 'Fentanyl', 'Lsd', 'Other Drugs**'.",
            not_null=True,
            rules=(
                in_set(
                    DRUG_TYPES,
                    severity="warn",
                    note="A new CBP drug type needs a row in the drug crosswalk seed.",
                ),
                contains(
                    ["Cocaine", "Fentanyl", "Heroin", "Marijuana", "Methamphetamine"],
                    severity="warn",
                ),
            ),
        ),
        Field(
            "event_count",
            "integer",
            "Count of seizure events (number of seizures).",
            not_null=True,
            non_negative=True,
            rules=(
                between(
                    max_value=100000,
                    severity="warn",
                    note="Plausibility: the largest month x AOR x drug count seen is ~2,000.",
                ),
            ),
        ),
        Field(
            "quantity_lbs",
            "double",
            "Sum of the quantity seized, in pounds.",
            not_null=True,
            non_negative=True,
            rules=(
                between(
                    max_value=5000000,
                    severity="warn",
                    note=(
                        "Plausibility: the largest month x AOR x drug weight seen is ~123,000 lbs."
                    ),
                ),
            ),
        ),
    ),
    files="^cbp_drug_seizures/[^/]+\\.csv$",
    rows=(20000, 1000000),
    rows_note=("4 pinned releases land 36,584 rows (~10k per file); every vintage is kept."),
    keys=(
        Key(
            (
                "_source_file",
                "fiscal_year_label",
                "fiscal_month_abbr",
                "component",
                "region",
                "land_filter",
                "area_of_responsibility",
                "drug_type",
            ),
            ("One row per fiscal month x AOR x component x land filter x drug within a file."),
        ),
    ),
    suite_note=(
        "Landing table cbp_drug_seizures__nationwide: every vintage of the CBP "
        "nationwide drug seizure files, typed but unfiltered."
    ),
)

AMO = Table(
    name="cbp_drug_seizures__amo",
    description=(
        'CBP "Air and Marine Operations (AMO) Drug Seizures": one row per '
        "(release file, FY, month, component, region, land filter, branch, "
        "drug type) exactly as CBP published it, typed. Rolling "
        "four-fiscal-year windows like the nationwide files."
    ),
    columns=(
        Field(
            "fiscal_year",
            "leading_year",
            'US federal fiscal year (Oct-Sep), the leading 4 digits of "FY".',
            not_null=True,
            rules=(between(2000, 2100),),
        ),
        Field(
            "fiscal_year_label",
            "text",
            'The raw "FY" text, e.g. "2024" or "2026 (FYTD)".',
            not_null=True,
            rules=(matches("^\\d{4}(?: \\(FYTD\\))?$"),),
        ),
        Field(
            "fiscal_month_abbr",
            "text",
            "Raw \"Month (abbv)\", upper-case English 'OCT'..'SEP'.",
            not_null=True,
            rules=(in_set(FISCAL_MONTH_ABBRS),),
        ),
        Field(
            "component",
            "text",
            "'Air and Marine Operations'.",
            not_null=True,
            rules=(in_set(["Air and Marine Operations"]),),
        ),
        REGION_FIELD,
        Field(
            "land_filter",
            "text",
            "'Land' or 'Other' (the nationwide files say 'Land Only').",
            not_null=True,
            rules=(in_set(["Land", "Other"]),),
        ),
        Field(
            "branch",
            "text",
            ("AMO air/marine branch, operations center or HQ unit, e.g. 'Tucson Air Branch'."),
            not_null=True,
            rules=(
                in_set(
                    [
                        "AMO Operation Bahamas, Turks And Caicos",
                        "AMOC Air And Marine Operations Center",
                        "Bellingham Air Branch",
                        "Caribbean Air And Marine Branch",
                        "El Paso Air Branch",
                        "Great Lakes Air And Marine Branch",
                        "Ground Tactical Air Controller",
                        "HQ Foreign Operations & Investigations Branch",
                        "HQ Investigative & Foreign Operations Branch",
                        "HQ Undercover Operations Branch",
                        "Houston Air And Marine Branch",
                        "Jacksonville Air And Marine Branch",
                        "Laredo Air Branch",
                        "Manassas Air Branch",
                        "Mc Allen Air And Marine Branch",
                        "Mexico City IAC",
                        "Miami Air And Marine Branch",
                        "NASOC - Albuquerque",
                        "NASOC - Corpus Christi",
                        "NASOC - Grand Forks",
                        "NASOC - Houston",
                        "NASOC - Jacksonville",
                        "NASOC - San Angelo",
                        "NASOC - Sierra Vista",
                        "National Air Training Center Oklahoma City",
                        "New Orleans Air And Marine Branch",
                        "San Diego Air And Marine Branch",
                        "Tucson Air Branch",
                        "Uvalde Air Branch",
                        "Yuma Air Branch",
                    ],
                    severity="warn",
                    note=(
                        "A new AMO branch needs a row in the CBP area crosswalk seed "
                        "(seeds/cbp_areas.csv)."
                    ),
                ),
            ),
        ),
        Field(
            "drug_type",
            "text",
            "Raw CBP drug label, e.g. 'Fentanyl'.",
            not_null=True,
            rules=(
                in_set(
                    DRUG_TYPES,
                    severity="warn",
                    note="A new CBP drug type needs a row in the drug crosswalk seed.",
                ),
                contains(
                    ["Cocaine", "Fentanyl", "Heroin", "Marijuana", "Methamphetamine"],
                    severity="warn",
                ),
            ),
        ),
        Field(
            "event_count",
            "integer",
            "Count of seizure events.",
            not_null=True,
            non_negative=True,
            rules=(between(max_value=100000, severity="warn", note="Plausibility."),),
        ),
        Field(
            "quantity_lbs",
            "double",
            "Sum of the quantity seized, in pounds.",
            not_null=True,
            non_negative=True,
            rules=(between(max_value=5000000, severity="warn", note="Plausibility."),),
        ),
    ),
    files="^cbp_drug_seizures/[^/]+\\.csv$",
    rows=(2000, 200000),
    rows_note=("3 pinned releases land 4,826 rows (~1,300-1,800 per file); every vintage is kept."),
    keys=(
        Key(
            (
                "_source_file",
                "fiscal_year_label",
                "fiscal_month_abbr",
                "component",
                "region",
                "land_filter",
                "branch",
                "drug_type",
            ),
            ("One row per fiscal month x branch x component x land filter x drug within a file."),
        ),
    ),
    suite_note=(
        "Landing cbp_drug_seizures__amo: CBP Air and Marine Operations drug "
        "seizures as published, every release."
    ),
)

OFFICIAL = Layout(
    "official",
    NATIONWIDE,
    headers={
        "fiscal_year": "FY",
        "fiscal_year_label": "FY",
        "fiscal_month_abbr": "Month (abbv)",
        "component": "Component",
        "region": "Region",
        "land_filter": "Land Filter",
        "area_of_responsibility": "Area of Responsibility",
        "drug_type": "Drug Type",
        "event_count": "Count of Event",
        "quantity_lbs": "Sum Qty (lbs)",
    },
)

AMO_OFFICIAL = Layout(
    "amo_official",
    AMO,
    headers={
        "fiscal_year": "FY",
        "fiscal_year_label": "FY",
        "fiscal_month_abbr": "Month (abbv)",
        "component": "Component",
        "region": "Region",
        "land_filter": "Land Filter",
        "branch": "Branch",
        "drug_type": "Drug Type",
        "event_count": "Count of Event",
        "quantity_lbs": "Sum Qty (lbs)",
    },
)

SOURCE = SourceDeclaration(
    entry=ENTRY,
    description=(
        'U.S. Customs and Border Protection "Nationwide Drug Seizures" (Office '
        "of Field Operations + U.S. Border Patrol), "
        'https://www.cbp.gov/document/stats/nationwide-drug-seizures, and "Air '
        'and Marine Operations (AMO) Drug Seizures" (same statistics page), as '
        "landed by the ironriver ingest: one Parquet file per CBP release "
        "under $IRONRIVER_DATA_DIR/landing/<table>/. Releases are rolling "
        "four-fiscal-year windows that overlap; nothing is deduplicated in "
        "landing."
    ),
    tables=(
        NATIONWIDE,
        AMO,
    ),
    layouts=(
        OFFICIAL,
        AMO_OFFICIAL,
    ),
)
