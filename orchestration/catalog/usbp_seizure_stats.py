"""U.S. Border Patrol Apprehensions / Seizure Statistics by border region (transcribed).

The landing tables of source ``usbp_seizure_stats``, declared once, and the layouts of its
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
)

# USBP seizure tables exist only as PDF; the mirror holds a faithful CSV transcription of
# FY2011-FY2019 (PROVENANCE.md section 10). Vintage = the date of the transcription (its
# last change, 2020-07-01); the FY2019 PDF it ends with came out earlier in 2020.
ENTRY = Source(
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

BY_BORDER_REGION = Table(
    name="usbp_seizure_stats__by_border_region",
    description=(
        "One row per border region x fiscal year exactly as transcribed: "
        "'southwest border', 'northern border', 'coastal border' and their sum "
        "'nationwide total'. Apprehension columns are landed but must not be "
        "used (PROVENANCE.md: the FY2015 southwest figure disagrees with every "
        "other CBP series)."
    ),
    columns=(
        Field(
            "sector",
            "text",
            (
                "Border region (lower case as transcribed; regions, not individual "
                "sectors) or 'nationwide total'."
            ),
            not_null=True,
            rules=(
                in_set(
                    ["southwest border", "northern border", "coastal border", "nationwide total"]
                ),
                contains(
                    ["southwest border", "northern border", "coastal border", "nationwide total"]
                ),
            ),
        ),
        Field(
            "fiscal_year",
            "integer",
            "US federal fiscal year (October-September).",
            not_null=True,
            rules=(between(2000, 2100),),
        ),
        Field(
            "ammunition_rounds",
            "integer",
            "Ammunition seized, rounds.",
            not_null=True,
            non_negative=True,
        ),
        Field(
            "apprehensions",
            "integer",
            "Apprehensions (persons) - out of scope, do not use.",
            not_null=True,
            non_negative=True,
        ),
        Field(
            "cocaine_pounds", "integer", "Cocaine seized, pounds.", not_null=True, non_negative=True
        ),
        Field(
            "cocaine_seizures",
            "integer",
            "Cocaine seizure events (count).",
            not_null=True,
            non_negative=True,
        ),
        Field(
            "conveyances",
            "integer",
            "Conveyances (vehicles, vessels ...) seized (count).",
            not_null=True,
            non_negative=True,
        ),
        Field(
            "currency_in_dollars",
            "integer",
            "Currency seized, US dollars (nominal).",
            not_null=True,
            non_negative=True,
        ),
        Field(
            "ecstasy_pounds", "integer", "Ecstasy seized, pounds.", not_null=True, non_negative=True
        ),
        Field(
            "ecstasy_seizures",
            "integer",
            "Ecstasy seizure events (count).",
            not_null=True,
            non_negative=True,
        ),
        Field(
            "firearms",
            "integer",
            "Firearms seized (count of firearms).",
            not_null=True,
            non_negative=True,
            rules=(
                between(
                    max_value=10000,
                    severity="warn",
                    note="Plausibility: at most ~700 firearms a year in any region 2011-2019.",
                ),
            ),
        ),
        Field(
            "heroin_ounces",
            "integer",
            "Heroin seized, OUNCES (the only drug published in ounces).",
            not_null=True,
            non_negative=True,
        ),
        Field(
            "heroin_seizures",
            "integer",
            "Heroin seizure events (count).",
            not_null=True,
            non_negative=True,
        ),
        Field(
            "marijuana_pounds",
            "integer",
            "Marijuana seized, pounds.",
            not_null=True,
            non_negative=True,
        ),
        Field(
            "marijuana_seizures",
            "integer",
            "Marijuana seizure events (count).",
            not_null=True,
            non_negative=True,
        ),
        Field(
            "methamphetamine_pounds",
            "integer",
            (
                "Methamphetamine seized, pounds (FY2019 southwest/coastal values look "
                "swapped with the seizure counts in the official table; kept as "
                "published)."
            ),
            not_null=True,
            non_negative=True,
        ),
        Field(
            "methamphetamine_seizures",
            "integer",
            "Methamphetamine seizure events (count).",
            not_null=True,
            non_negative=True,
        ),
        Field(
            "other_drugs_pounds",
            "integer",
            "Other drugs seized, pounds.",
            not_null=True,
            non_negative=True,
        ),
        Field(
            "other_drugs_seizures",
            "integer",
            "Other drugs seizure events (count).",
            not_null=True,
            non_negative=True,
        ),
        Field(
            "other_than_mexican_apprehensions",
            "integer",
            "Apprehensions of non-Mexican nationals - out of scope.",
            not_null=True,
            non_negative=True,
        ),
        Field(
            "aliens_special_interest_county",
            "text",
            ("Text; 'NA' after FY2011 (line dropped from the official tables) - out of scope."),
        ),
    ),
    files="^cbp_weapons_seizures/[^/]+\\.csv$",
    rows=(20, 1000),
    rows_note="9 fiscal years x 4 regions = 36 rows.",
    keys=(Key(("_source_file", "fiscal_year", "sector")),),
    suite_note=(
        "Landing table usbp_seizure_stats__by_border_region: the transcribed "
        "USBP seizure tables FY2011-FY2019, one row per border region x fiscal "
        "year, typed but unfiltered."
    ),
    meta_descriptions={
        "_vintage": "Date of the transcription (2020-07-01).",
    },
)

TRANSCRIBED_FY2011_FY2019 = Layout(
    "transcribed_fy2011_fy2019",
    BY_BORDER_REGION,
    headers={
        "sector": "sector",
        "fiscal_year": "fiscal_year",
        "ammunition_rounds": "ammunition_rounds",
        "apprehensions": "apprehensions",
        "cocaine_pounds": "cocaine_pounds",
        "cocaine_seizures": "cocaine_seizures",
        "conveyances": "conveyances",
        "currency_in_dollars": "currency_in_dollars",
        "ecstasy_pounds": "ecstasy_pounds",
        "ecstasy_seizures": "ecstasy_seizures",
        "firearms": "firearms",
        "heroin_ounces": "heroin_ounces",
        "heroin_seizures": "heroin_seizures",
        "marijuana_pounds": "marijuana_pounds",
        "marijuana_seizures": "marijuana_seizures",
        "methamphetamine_pounds": "methamphetamine_pounds",
        "methamphetamine_seizures": "methamphetamine_seizures",
        "other_drugs_pounds": "other_drugs_pounds",
        "other_drugs_seizures": "other_drugs_seizures",
        "other_than_mexican_apprehensions": "other_than_mexican_apprehensions",
        "aliens_special_interest_county": "aliens_special_interest_county",
    },
)

SOURCE = SourceDeclaration(
    entry=ENTRY,
    description=(
        'U.S. Border Patrol "Apprehensions / Seizure Statistics - Fiscal Year '
        '<YYYY>" (the seizure table of the annual USBP sector profile, '
        "published by CBP as PDF only, "
        "https://www.cbp.gov/newsroom/media-resources/stats), FY2011-FY2019, "
        "as a faithful CSV transcription (PROVENANCE.md section 10), landed "
        "whole by the ironriver ingest. USBP seizures only (between ports of "
        "entry and at checkpoints), no inbound/outbound direction, no OFO port "
        "seizures."
    ),
    tables=(BY_BORDER_REGION,),
    layouts=(TRANSCRIBED_FY2011_FY2019,),
)
