"""ATF Firearms Trace Data: firearms sourced and recovered in the U.S. and territories.

The landing tables of source ``atf_firearms_trace``, declared once, and the layouts of its
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
    in_set,
    matches,
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

ENTRY = Source(
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
    entry=ENTRY,
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
