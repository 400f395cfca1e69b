"""ATF Firearms Trace Data: firearms sourced and recovered in the U.S. and territories.

The landing tables of source ``atf_firearms_trace``, declared once, and the layouts of its
files.
"""

from __future__ import annotations

from orchestration.catalog.model import (
    Field,
    Key,
    Layout,
    SourceDeclaration,
    Table,
    between,
    contains,
    in_set,
    matches,
)

SOURCE_RECOVERY = Table(
    name="atf_firearms_trace__source_recovery",
    description=(
        "One row per (release file, source state, recovery state): the number "
        "of firearms recovered in the recovery state and traced to a first "
        "retail sale in the source state during the calendar year. Zero cells "
        "are landed (ATF prints every zero)."
    ),
    columns=(
        Field(
            "calendar_year",
            "integer",
            (
                "Calendar year of recovery (from the release file name 'cy<year>', "
                "cross-checked with ATF's footnote where it survives)."
            ),
            not_null=True,
            rules=(between(2000, 2100),),
        ),
        Field(
            "source_state",
            "text",
            (
                "Source-state label as ATF printed it (trimmed), e.g. 'TEXAS', 'US "
                "VIRGIN ISLANDS', 'CANADA' - where the firearm was first sold at "
                "retail."
            ),
            not_null=True,
            rules=(
                in_set(
                    [
                        "ALABAMA",
                        "ALASKA",
                        "ARIZONA",
                        "ARKANSAS",
                        "CALIFORNIA",
                        "COLORADO",
                        "CONNECTICUT",
                        "DELAWARE",
                        "DISTRICT OF COLUMBIA",
                        "FLORIDA",
                        "GEORGIA",
                        "GUAM",
                        "GUAM & NORTHERN MARIANA ISLANDS",
                        "HAWAII",
                        "IDAHO",
                        "ILLINOIS",
                        "INDIANA",
                        "IOWA",
                        "KANSAS",
                        "KENTUCKY",
                        "LOUISIANA",
                        "MAINE",
                        "MARYLAND",
                        "MASSACHUSETTS",
                        "MICHIGAN",
                        "MINNESOTA",
                        "MISSISSIPPI",
                        "MISSOURI",
                        "MONTANA",
                        "NEBRASKA",
                        "NEVADA",
                        "NEW HAMPSHIRE",
                        "NEW JERSEY",
                        "NEW MEXICO",
                        "NEW YORK",
                        "NORTH CAROLINA",
                        "NORTH DAKOTA",
                        "OHIO",
                        "OKLAHOMA",
                        "OREGON",
                        "PENNSYLVANIA",
                        "PUERTO RICO",
                        "RHODE ISLAND",
                        "SOUTH CAROLINA",
                        "SOUTH DAKOTA",
                        "TENNESSEE",
                        "TEXAS",
                        "US VIRGIN ISLANDS",
                        "US VIRGIN  ISLANDS",
                        "UTAH",
                        "VERMONT",
                        "VIRGINIA",
                        "WASHINGTON",
                        "WEST VIRGINIA",
                        "WISCONSIN",
                        "WYOMING",
                        "CANADA",
                    ],
                    severity="warn",
                    note="Labels seen in 2010-2020 (CANADA: CY2012 only).",
                ),
                contains(["ARIZONA", "CALIFORNIA", "NEW MEXICO", "TEXAS"]),
            ),
        ),
        Field(
            "recovery_state",
            "text",
            (
                "Recovery-state label as ATF printed it (trimmed), e.g. 'GUAM & "
                "NORTHERN MARIANA ISLANDS' - where law enforcement recovered the "
                "firearm."
            ),
            not_null=True,
            rules=(
                in_set(
                    [
                        "ALABAMA",
                        "ALASKA",
                        "ARIZONA",
                        "ARKANSAS",
                        "CALIFORNIA",
                        "COLORADO",
                        "CONNECTICUT",
                        "DELAWARE",
                        "DISTRICT OF COLUMBIA",
                        "FLORIDA",
                        "GEORGIA",
                        "GUAM",
                        "GUAM & NORTHERN MARIANA ISLANDS",
                        "HAWAII",
                        "IDAHO",
                        "ILLINOIS",
                        "INDIANA",
                        "IOWA",
                        "KANSAS",
                        "KENTUCKY",
                        "LOUISIANA",
                        "MAINE",
                        "MARYLAND",
                        "MASSACHUSETTS",
                        "MICHIGAN",
                        "MINNESOTA",
                        "MISSISSIPPI",
                        "MISSOURI",
                        "MONTANA",
                        "NEBRASKA",
                        "NEVADA",
                        "NEW HAMPSHIRE",
                        "NEW JERSEY",
                        "NEW MEXICO",
                        "NEW YORK",
                        "NORTH CAROLINA",
                        "NORTH DAKOTA",
                        "OHIO",
                        "OKLAHOMA",
                        "OREGON",
                        "PENNSYLVANIA",
                        "PUERTO RICO",
                        "RHODE ISLAND",
                        "SOUTH CAROLINA",
                        "SOUTH DAKOTA",
                        "TENNESSEE",
                        "TEXAS",
                        "US VIRGIN ISLANDS",
                        "US VIRGIN  ISLANDS",
                        "UTAH",
                        "VERMONT",
                        "VIRGINIA",
                        "WASHINGTON",
                        "WEST VIRGINIA",
                        "WISCONSIN",
                        "WYOMING",
                    ],
                    severity="warn",
                    note=(
                        "Labels seen in 2010-2020; a new label needs a row in "
                        "seeds/atf_trace_state_labels.csv (dbt fails the build otherwise)."
                    ),
                ),
                contains(["ARIZONA", "CALIFORNIA", "NEW MEXICO", "TEXAS"]),
            ),
        ),
        Field(
            "firearms",
            "integer",
            "Number of firearms traced (count).",
            not_null=True,
            non_negative=True,
            rules=(
                between(
                    max_value=100000,
                    severity="warn",
                    note=(
                        "Plausibility: the largest cell (a state's own recoveries) is ~25,000 "
                        "firearms."
                    ),
                ),
            ),
        ),
        Field(
            "source_sheet",
            "text",
            ("Worksheet the matrix was read from ('Sheet1' or 'SOURCE AND RECOVERY STATES')."),
            not_null=True,
            rules=(
                in_set(
                    ["Sheet1", "SOURCE AND RECOVERY STATES"],
                    severity="warn",
                    note="The two sheet names seen in 2010-2020.",
                ),
            ),
        ),
        Field(
            "source_cell",
            "text",
            "Spreadsheet cell of the count, e.g. 'C3'.",
            not_null=True,
            rules=(matches("^[A-Z]{1,3}[1-9][0-9]*$"),),
        ),
    ),
    files="^atf_firearms_trace/[^/]+_cy\\d{4}\\.xlsx$",
    rows=(25000, 200000),
    rows_note="11 workbooks of 54 x 54 cells (55 x 54 in CY2012) land 32,130 rows.",
    keys=(
        Key(
            ("_source_file", "source_state", "recovery_state"),
            "One count per source x recovery pair within a file.",
        ),
        Key(("_source_file", "source_cell")),
    ),
    suite_note=(
        "Landing table atf_firearms_trace__source_recovery: every cell of the "
        "ATF source x recovery matrices (CY2010-CY2020), one row per cell, "
        "reconciled with the file's totals by the reader."
    ),
    meta_descriptions={
        "_vintage": "Release date (best known; see the catalog) of the file.",
        "_source_row": "1-based row of the landed long table "
        "(not the spreadsheet row; see source_cell).",
    },
)

SOURCE_RECOVERY_MATRIX = Layout(
    "source_recovery_matrix",
    SOURCE_RECOVERY,
    headers={
        "calendar_year": "calendar_year",
        "source_state": "source_state",
        "recovery_state": "recovery_state",
        "firearms": "firearms",
        "source_sheet": "source_sheet",
        "source_cell": "source_cell",
    },
    reader="atf_source_recovery_xlsx",
)

SOURCE = SourceDeclaration(
    name="atf_firearms_trace",
    description=(
        'ATF "Firearms Trace Data", table "Number of Firearms Sourced and '
        'Recovered in the United States and Territories" (one Excel workbook '
        "per calendar year, CY2010-CY2020), "
        "https://www.atf.gov/resource-center/data-statistics, as landed by the "
        "ironriver ingest: the wide source x recovery matrix turned into one "
        "row per cell, after the reader reconciled every row total, column "
        "total and the grand total with the cells. Totals and footnotes are "
        "not landed. The tables cover firearms recovered in the U.S. and "
        "territories only (no recoveries in Mexico)."
    ),
    tables=(SOURCE_RECOVERY,),
    layouts=(SOURCE_RECOVERY_MATRIX,),
)
