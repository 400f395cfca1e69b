"""Census Bureau Population Estimates: county population totals.

The landing tables of source ``census_pep``, declared once, and the layouts of its
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
    any_of,
    between,
    contains,
    distinct_count,
    equals,
    in_set,
    matches,
    not_matches,
)

_POPEST = "https://www2.census.gov/programs-surveys/popest/datasets"

ENTRY = Source(
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

YEARS = range(2010, 2026)
"""Every POPESTIMATE year any landed vintage carries (a new vintage extends it)."""

COUNTY_POPULATION = Table(
    name="census_pep__county_population",
    description=(
        "One row per (release, state or county) as published, wide: one "
        "popestimate<year> column per July 1 estimate. A year the release does "
        "not cover is NULL (Vintage 2020 covers 2010-2020, Vintage 2025 "
        "2020-2025). The components of change are not landed. Codes are text "
        "exactly as in the file: the mirror's Vintage 2020 copy lost their "
        "leading zeros ('40', '1', '0'), the Vintage 2025 file has them "
        "('040', '01', '000')."
    ),
    columns=(
        Field(
            "sumlev",
            "text",
            ("Summary level: '040' (or '40') = state (incl. DC), '050' (or '50') = county."),
            not_null=True,
            rules=(
                in_set(
                    ["040", "050", "40", "50"],
                    note=(
                        "040 state, 050 county; the mirror's Vintage 2020 copy lost the "
                        "leading zero."
                    ),
                ),
            ),
        ),
        Field(
            "region",
            "text",
            "Census region code (1-4).",
            not_null=True,
            rules=(in_set(["1", "2", "3", "4"]),),
        ),
        Field(
            "division",
            "text",
            "Census division code (1-9).",
            not_null=True,
            rules=(in_set(["1", "2", "3", "4", "5", "6", "7", "8", "9"]),),
        ),
        Field(
            "state",
            "text",
            "State FIPS code (text, leading zero possibly lost).",
            not_null=True,
            rules=(matches("^\\d{1,2}$"),),
        ),
        Field(
            "county",
            "text",
            "County FIPS code within the state (text); '000' / '0' on state rows.",
            not_null=True,
            rules=(
                matches("^\\d{1,3}$"),
                in_set(
                    ["0", "000"],
                    note="A state row has county 000.",
                    when=any_of(equals("sumlev", "040"), equals("sumlev", "40")),
                ),
            ),
        ),
        Field(
            "stname",
            "text",
            "State name.",
            not_null=True,
            rules=(distinct_count(51, 51, note="50 states + DC (no Puerto Rico in these files)."),),
        ),
        Field(
            "ctyname",
            "text",
            "County name (the state name on state rows), e.g. 'Doña Ana County'.",
            not_null=True,
            rules=(
                contains(
                    ["Doña Ana County"],
                    note=(
                        "Latin-1 decoded right (Vintage 2025) and UTF-8 read right (Vintage 2020)."
                    ),
                ),
                not_matches(
                    "Ã|Â|�",
                    note="Mojibake: UTF-8 read as Latin-1 (or the reverse) leaves these behind.",
                ),
            ),
        ),
        *(
            Field(
                f"popestimate{year}",
                "integer",
                f"Resident population estimate on 1 July {year} (persons); NULL where the "
                f"release does not cover {year}."
                + (" Both vintages cover 2020, with different values." if year == 2020 else ""),
                non_negative=True,
                rules=(
                    between(
                        max_value=60000000,
                        severity="warn",
                        note="Plausibility: the largest state (California) has ~40 million people.",
                    ),
                ),
            )
            for year in YEARS
        ),
    ),
    files="^population/co-est\\d{4}-alldata\\.csv$",
    rows=(3000, 60000),
    rows_note=("2 pinned vintages land 6,389 rows (3,194 + 3,195); each new vintage adds ~3,200."),
    keys=(
        Key(("_source_file", "state", "county"), "One row per state or county within a release."),
    ),
    suite_note=(
        "Landing table census_pep__county_population: every vintage of Census "
        "PEP county population totals (state and county rows, July 1 estimates "
        "wide), typed but unfiltered."
    ),
)

# Census PEP county population totals ("co-est<vintage>-alldata.csv"): one wide row per
# state (SUMLEV 040) and county (050), one POPESTIMATE<year> column per July 1. Landed:
# the geography columns and every POPESTIMATE<year>; the components of change (births,
# deaths, migration, rates ...) are not needed and stay in raw/. One landing table for all
# vintages: a year a vintage does not cover lands as NULL; intermediate picks the vintage.
_GEOGRAPHY = ("sumlev", "region", "division", "state", "county", "stname", "ctyname")
# Components of change, one column per year (rates from the second year): not landed.
_COMPONENTS = (
    "NPOPCHG_?|BIRTHS|DEATHS|NATURAL(?:INC|CHG)|INTERNATIONALMIG|DOMESTICMIG|NETMIG|RESIDUAL"
    "|GQESTIMATES|R(?:BIRTH|DEATH|NATURAL(?:INC|CHG)|INTERNATIONALMIG|DOMESTICMIG|NETMIG)"
)


def _vintage(name: str, years: range, *, base: str, encoding: str, header_count: int) -> Layout:
    """A vintage's layout: a POPESTIMATE column per year in ``years`` (required); the
    columns not landed (``base``: the census/estimates-base columns, then the components of
    change of ``years``) are pinned by pattern and ``header_count``."""
    any_year = "|".join(str(year) for year in years)
    return Layout(
        name,
        COUNTY_POPULATION,
        headers={
            **{column: column.upper() for column in _GEOGRAPHY},
            **{f"popestimate{year}": f"POPESTIMATE{year}" for year in years},
        },
        required=frozenset(f"popestimate{year}" for year in years),
        encoding=encoding,
        header_count=header_count,
        other_headers=f"(?:{base}|(?:{_COMPONENTS})(?:{any_year}))",
    )


# The mirror's Vintage 2020 copy is UTF-8 (see ENTRY above); 180 columns, 2010-2020.
VINTAGE_2020 = _vintage(
    "vintage_2020",
    range(2010, 2021),
    base="CENSUS2010POP|ESTIMATESBASE2010|GQESTIMATESBASE2010",
    encoding="utf-8",
    header_count=180,
)
# Vintage 2025 as Census serves it: Latin-1 ("Doña Ana County"), 99 columns, 2020-2025.
VINTAGE_2025 = _vintage(
    "vintage_2025",
    range(2020, 2026),
    base="ESTIMATESBASE2020|GQESTIMATESBASE2020",
    encoding="latin-1",
    header_count=99,
)

SOURCE = SourceDeclaration(
    entry=ENTRY,
    description=(
        'U.S. Census Bureau, Population Estimates Program: "County Population '
        'Totals and Components of Change" (co-est<vintage>-alldata.csv), '
        "https://www.census.gov/programs-surveys/popest/data/data-sets.html, "
        "as landed by the ironriver ingest: one Parquet file per release "
        "(vintage). Each vintage re-estimates every year since the last "
        "census; every vintage is kept, the one to use per year is chosen in "
        "intermediate."
    ),
    tables=(COUNTY_POPULATION,),
    layouts=(
        VINTAGE_2020,
        VINTAGE_2025,
    ),
)
