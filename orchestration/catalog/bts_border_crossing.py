"""BTS Border Crossing/Entry Data: inbound crossings at U.S. land ports.

The landing tables of source ``bts_border_crossing``, declared once, and the layouts of its
files.
"""

from __future__ import annotations

from orchestration.catalog.model import (
    Field,
    Layout,
    Release,
    Source,
    SourceDeclaration,
    Table,
    between,
    in_set,
    matches,
)

# BTS "Border Crossing/Entry Data" (Socrata keg4-3bc2): one live dataset, revised and
# extended every month. The mirror copy is the CSV export held by a GitHub repository
# (PROVENANCE.md section 7: stored there zstd-compressed, decompressed here, no other
# change); BTS does not date its exports, so its vintage is the date the repository
# committed it (2026-02-25; its newest month is February 2025). Not claimed to be the
# publisher's bytes of today, so no official_url; the live export is the second release.
_BTS_EXPORT = "https://data.bts.gov/api/views/keg4-3bc2/rows.csv?accessType=DOWNLOAD"

ENTRY = Source(
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

PORT_MONTH_MEASURE = Table(
    name="bts_border_crossing__port_month_measure",
    description=(
        "One row per (export file, port, month, measure) exactly as BTS "
        "published it, typed. Since about 2016 zero values are not published "
        "(absent = zero); a few cells are published twice (exact repeats, and "
        "one conflicting pair)."
    ),
    columns=(
        Field("port_name", "text", "Port name as published, e.g. 'San Ysidro'.", not_null=True),
        Field("state", "text", "Full U.S. state name, e.g. 'Texas'.", not_null=True),
        Field(
            "port_code",
            "text",
            "BTS/CBP port code, text with leading zeros, e.g. '0104', '2304'.",
            not_null=True,
            rules=(
                matches(
                    "^[0-9]{4}$", note="BTS port codes are 4 digits, leading zeros kept (text)."
                ),
            ),
        ),
        Field(
            "border",
            "text",
            "'US-Mexico Border' or 'US-Canada Border'.",
            not_null=True,
            rules=(in_set(["US-Mexico Border", "US-Canada Border"]),),
        ),
        Field(
            "month_start",
            "month_year",
            "First day of the month of \"Date\" ('Feb 2025' -> 2025-02-01).",
            not_null=True,
        ),
        Field(
            "measure",
            "text",
            "What is counted, e.g. 'Personal Vehicle Passengers', 'Trucks'.",
            not_null=True,
            rules=(
                in_set(
                    [
                        "Bus Passengers",
                        "Buses",
                        "Pedestrians",
                        "Personal Vehicle Passengers",
                        "Personal Vehicles",
                        "Rail Containers Empty",
                        "Rail Containers Loaded",
                        "Train Passengers",
                        "Trains",
                        "Truck Containers Empty",
                        "Truck Containers Loaded",
                        "Trucks",
                    ],
                    severity="warn",
                    note=(
                        "A new measure is refused by the dbt build with its name "
                        "(int_bts_border_crossings__deduplicated); here it is recorded."
                    ),
                ),
            ),
        ),
        Field(
            "value",
            "integer",
            (
                "Inbound crossings in the month (count of the measure's unit). Inbound "
                "crossings: a count."
            ),
            not_null=True,
            non_negative=True,
        ),
        Field(
            "latitude",
            "double",
            "Port latitude, decimal degrees (3 decimals as published).",
            rules=(
                between(
                    24,
                    72,
                    note=(
                        "U.S. land ports lie between the Rio Grande delta (25.9 N) and Alaska "
                        "(62.6 N)."
                    ),
                ),
            ),
        ),
        Field(
            "longitude",
            "double",
            "Port longitude, decimal degrees (3 decimals as published).",
            rules=(between(-170, -60),),
        ),
        Field("point", "text", "WKT 'POINT (lon lat)' at full precision."),
    ),
    files=r"^bts_border_crossing/[^/]+\.csv$",
    rows=(300000, 2000000),
    rows_note=("399,406 rows in the 2025-02 export; a live export adds about 9,000 a year."),
    suite_note=(
        "Landing bts_border_crossing__port_month_measure: BTS inbound "
        "crossings per port, month and measure, as published."
    ),
    meta_descriptions={
        "_vintage": "Date of the export (the newer export wins for a month both hold).",
    },
)

OFFICIAL = Layout(
    "official",
    PORT_MONTH_MEASURE,
    headers={
        "port_name": "Port Name",
        "state": "State",
        "port_code": "Port Code",
        "border": "Border",
        "month_start": "Date",
        "measure": "Measure",
        "value": "Value",
        "latitude": "Latitude",
        "longitude": "Longitude",
        "point": "Point",
    },
    header_count=10,
)

SOURCE = SourceDeclaration(
    entry=ENTRY,
    description=(
        'Bureau of Transportation Statistics "Border Crossing/Entry Data" '
        "(Socrata keg4-3bc2, "
        "https://data.bts.gov/Research-and-Statistics/Border-Crossing-Entry-Data/keg4-3bc2), "
        "inbound crossings at U.S. land ports on the Canadian and Mexican "
        "borders, from CBP OMR data, as landed by the ironriver ingest (one "
        "Parquet file per stored export)."
    ),
    tables=(PORT_MONTH_MEASURE,),
    layouts=(OFFICIAL,),
)
