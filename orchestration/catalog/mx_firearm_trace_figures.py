"""Published figures on firearms recovered in Mexico and traced (hand-kept).

The landing tables of source ``mx_firearm_trace_figures``, declared once, and the layouts of its
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
    equals,
    greater_than,
    in_set,
    matches,
)

# Hand-kept: one published statement per row, each with its citation (PROVENANCE.md
# section 11). Not an official dataset. Vintage = the date of the newest publication it
# quotes (Tucson Sentinel, 2 July 2024); the table itself carries no date.
ENTRY = Source(
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

STATEMENTS = Table(
    name="mx_firearm_trace_figures__statements",
    description=(
        "One row per published statement. Periods, geographies and measures "
        "differ between rows: rows must never be added together."
    ),
    columns=(
        Field(
            "period_start_year",
            "integer",
            "First calendar year the statement covers.",
            not_null=True,
            rules=(between(1990, 2100),),
        ),
        Field(
            "period_end_year",
            "integer",
            ("Last calendar year the statement covers (equal to the start for single years)."),
            not_null=True,
            rules=(between(1990, 2100),),
        ),
        Field(
            "recovery_country",
            "text",
            (
                "Where the firearms were recovered, as written ('Mexico', 'Mexico and "
                "Central America')."
            ),
            not_null=True,
            rules=(
                in_set(
                    ["Mexico", "Mexico and Central America"],
                    severity="warn",
                    note=(
                        "A new geography needs a look at "
                        "fct_mexico_firearm_trace_figures.recovery_geography_id."
                    ),
                ),
            ),
        ),
        Field(
            "measure",
            "text",
            (
                "What is counted, e.g. 'firearms_submitted_for_trace', "
                "'firearms_us_sourced', 'share_us_sourced_of_traced'."
            ),
            not_null=True,
        ),
        Field(
            "value",
            "double",
            "The published figure, in `unit`.",
            not_null=True,
            non_negative=True,
            rules=(between(0, 100, note="A percent is 0-100.", when=equals("unit", "percent")),),
        ),
        Field(
            "unit",
            "text",
            "'firearms' or 'percent'.",
            not_null=True,
            rules=(in_set(["firearms", "percent"]),),
        ),
        Field(
            "source_kind",
            "text",
            "'official', 'official_via_press' or 'secondary'.",
            not_null=True,
            rules=(in_set(["official", "official_via_press", "secondary"]),),
        ),
        Field("source_title", "text", "Title of the publication quoted.", not_null=True),
        Field(
            "source_url",
            "text",
            "Where the publication is (or was) available.",
            not_null=True,
            rules=(matches("^https?://"),),
        ),
        Field("note", "text", "Caveats of the statement."),
    ),
    files="^reference/[^/]+\\.csv$",
    rows=(5, 1000),
    rows_note="15 statements in the pinned file.",
    keys=(
        Key(
            (
                "_source_file",
                "period_start_year",
                "period_end_year",
                "recovery_country",
                "measure",
                "source_title",
            ),
            "One statement per period x geography x measure x publication.",
        ),
    ),
    rules=(greater_than("period_end_year", "period_start_year", or_equal=True),),
    suite_note=(
        "Landing table mx_firearm_trace_figures__statements: hand-kept "
        "published statements on firearms recovered in Mexico and traced, one "
        "per row, landed as-is."
    ),
    meta_descriptions={
        "_vintage": "Date of the newest publication the table quotes "
        "(the table has no date of its own).",
    },
)

HAND_KEPT = Layout(
    "hand_kept",
    STATEMENTS,
    headers={
        "period_start_year": "period_start_year",
        "period_end_year": "period_end_year",
        "recovery_country": "recovery_country",
        "measure": "measure",
        "value": "value",
        "unit": "unit",
        "source_kind": "source_kind",
        "source_title": "source_title",
        "source_url": "source_url",
        "note": "note",
    },
)

SOURCE = SourceDeclaration(
    entry=ENTRY,
    description=(
        "Hand-kept table of published figures on firearms recovered in Mexico "
        "and traced by ATF (PROVENANCE.md section 11): one published statement "
        "per row, each with its citation. Not an official dataset - ATF "
        "publishes its Mexico trace tables only as PDF and no tabular copy was "
        "obtainable. Landed as-is."
    ),
    tables=(STATEMENTS,),
    layouts=(HAND_KEPT,),
)
