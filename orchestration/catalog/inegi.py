"""INEGI registered homicides by state and month of occurrence (death certificates), as
aggregated by Gargiulo, Aburto & Floridi (2024).

The landing tables of source ``inegi``, declared once, and the layouts of its
files.
"""

from __future__ import annotations

from orchestration.catalog.model import (
    MONTH_NUMBERS,
    MX_STATE_CODES,
    Field,
    Key,
    Layout,
    Release,
    Source,
    SourceDeclaration,
    Table,
    between,
    in_set,
)

ENTRY = Source(
    name="inegi",
    title=(
        "INEGI registered homicides by state and month of occurrence (death certificates), "
        "as aggregated by Gargiulo, Aburto & Floridi (2024)"
    ),
    publisher="INEGI (microdata); derived dataset by Gargiulo, Aburto & Floridi (2024)",
    landing_page="https://doi.org/10.17605/OSF.IO/U8DC3",
    cadence="irregular",
    expected_lag_days=300,
    releases=(
        Release(
            # DERIVED from INEGI mortality microdata; pipe-delimited
            file_name="inegi_mexico/mexico-state-month-homicide-rates-2000-2022.csv",
            table="inegi__homicides_state_month",
            vintage="2024-03-21",
            kind="csv",
            official_url=None,
            sha256="12f5dc13222118ffe0df535bf46ffdfbe645b5683740a2b70636e57c786961c3",
            layout="gargiulo_state_month",
        ),
    ),
)

HOMICIDES_STATE_MONTH = Table(
    name="inegi__homicides_state_month",
    description=(
        "One row per state \u00d7 month (2000-01 .. 2022-12, place of occurrence). "
        "Deaths abroad or with missing location/date were excluded by the "
        "authors; no firearm breakdown."
    ),
    columns=(
        Field(
            "state_code",
            "text",
            "INEGI 2-digit state code of the place of occurrence (cve_ent).",
            not_null=True,
            rules=(in_set(MX_STATE_CODES),),
        ),
        Field(
            "year",
            "integer",
            "Calendar year of occurrence.",
            not_null=True,
            rules=(between(1990, 2100),),
        ),
        Field(
            "month",
            "integer",
            "Calendar month of occurrence, 1-12.",
            not_null=True,
            rules=(in_set(MONTH_NUMBERS),),
        ),
        Field(
            "homicides",
            "integer",
            "Homicides registered (count of death certificates).",
            not_null=True,
            non_negative=True,
            rules=(
                between(
                    max_value=5000,
                    severity="warn",
                    note="Plausibility: the largest state-month seen is 780.",
                ),
            ),
        ),
        Field(
            "population_estimate",
            "double",
            (
                "The authors' population estimate (pop_est), linear interpolation "
                "between the 2000, 2010 and 2020 censuses (persons, fractional)."
            ),
            not_null=True,
            non_negative=True,
            rules=(
                between(100000, 30000000, note="Mexican states have 0.4-17 million inhabitants."),
            ),
        ),
        Field(
            "homicide_rate",
            "double",
            (
                "The authors' rate (homicide_rate), annualised homicides per 100,000 "
                "inhabitants = homicides / pop_est \u00d7 100,000 \u00d7 365.25 / days in the "
                "month, February always 28 days."
            ),
            not_null=True,
            non_negative=True,
        ),
    ),
    files="^inegi_mexico/[^/]+$",
    rows=(5000, 100000),
    rows_note="8,832 rows = 32 states x 276 months (2000-01..2022-12).",
    keys=(
        Key(
            ("_source_file", "state_code", "year", "month"),
            "One row per state and month in a release.",
        ),
    ),
    suite_note=(
        "Landing inegi__homicides_state_month: INEGI registered homicides by "
        "state x month of occurrence (Gargiulo et al. 2024)."
    ),
)

GARGIULO_STATE_MONTH = Layout(
    "gargiulo_state_month",
    HOMICIDES_STATE_MONTH,
    headers={
        "state_code": "cve_ent",
        "year": "year",
        "month": "month",
        "homicides": "homicides",
        "population_estimate": "pop_est",
        "homicide_rate": "homicide_rate",
    },
    delimiter="|",
)

SOURCE = SourceDeclaration(
    entry=ENTRY,
    description=(
        'Homicides registered by INEGI ("Estadísticas de defunciones '
        'registradas", death certificates; '
        "https://www.inegi.org.mx/programas/mortalidad/) aggregated to state \u00d7 "
        'month of occurrence by Gargiulo, Aburto & Floridi (2024), "Monthly '
        "municipal-level homicide rates in Mexico (January 2000\u2013December "
        '2022)", https://doi.org/10.17605/OSF.IO/U8DC3, as landed by the '
        "ironriver ingest."
    ),
    tables=(HOMICIDES_STATE_MONTH,),
    layouts=(GARGIULO_STATE_MONTH,),
)
