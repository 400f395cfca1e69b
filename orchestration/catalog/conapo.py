"""CONAPO population of Mexico and its states, 1950-2070 (conciliation + projections).

The landing tables of source ``conapo``, declared once, and the layouts of its
files.
"""

from __future__ import annotations

from orchestration.catalog.model import (
    MX_STATE_CODES_WITH_NATIONAL,
    Field,
    Key,
    Layout,
    Release,
    Source,
    SourceDeclaration,
    Table,
    between,
    contains,
    differs,
    distinct_count,
    equals,
    in_set,
    matches,
)

ENTRY = Source(
    name="conapo",
    title="CONAPO population of Mexico and its states, 1950-2070 (conciliation + projections)",
    publisher="Consejo Nacional de Población (CONAPO)",
    landing_page="https://www.gob.mx/conapo",
    cadence="irregular",
    # a new conciliation and projection round follows each census
    expected_lag_days=3 * 365,
    releases=(
        # CONAPO presented the 1950-2019 conciliation and the 2020-2070 projections on
        # 2023-07-11. This file is a reshape of its workbooks (summed over age by a third
        # party, see PROVENANCE.md section 8): only the mirror holds these bytes.
        Release(
            file_name="population/conapo_pob_ent_gender_1950_2070.csv",
            table="conapo__state_population",
            vintage="2023-07-11",
            kind="csv",
            official_url=None,
            sha256="2f355558f4032ec7949a49ce6afa9bdbdca152f7ded77bf88ed0a73003c6ee3f",
            layout="derived_pob_ent_gender",
        ),
    ),
)

STATE_POPULATION = Table(
    name="conapo__state_population",
    description=(
        "One row per (release, year, entity, sex), under the file's own column "
        "names. Entities: 'Nacional' (cve_ent '00', 1950-2070) and the 32 "
        "states (1970-2070). Years after 2019 are projections."
    ),
    columns=(
        Field(
            "n_year",
            "integer",
            "Calendar year.",
            not_null=True,
            rules=(
                between(1950, 2070),
                between(
                    1970,
                    note="The 32 states start in 1970; only Nacional goes back to 1950.",
                    when=differs("cve_ent", "00"),
                ),
            ),
        ),
        Field(
            "nombre_estado",
            "text",
            ("Entity name, short form ('Nacional', 'Coahuila', 'Estado de México' ...)."),
            not_null=True,
            rules=(
                in_set(["Nacional"], when=equals("cve_ent", "00")),
                contains(
                    ["Nacional", "Chihuahua", "Nuevo León", "Ciudad de México"],
                    note="Accents read right (UTF-8).",
                ),
            ),
        ),
        Field(
            "cve_ent",
            "text",
            "INEGI entity code, 2 digits ('00' = Nacional, '01'..'32' states).",
            not_null=True,
            rules=(
                matches("^\\d{2}$"),
                in_set(
                    MX_STATE_CODES_WITH_NATIONAL,
                    note="00 = Nacional, 01-32 the states (INEGI codes).",
                ),
                distinct_count(33, 33),
            ),
        ),
        Field(
            "genero",
            "text",
            "Sex: 'Hombres' (men), 'Mujeres' (women) or 'Total'.",
            not_null=True,
            rules=(
                in_set(["Hombres", "Mujeres", "Total"]),
                contains(["Hombres", "Mujeres", "Total"]),
            ),
        ),
        Field(
            "pob_start_year",
            "integer",
            "Population on 1 January of the year (persons).",
            not_null=True,
            non_negative=True,
        ),
        Field(
            "pob_mid_year",
            "integer",
            ("Population on 1 July of the year (persons), the usual rate denominator."),
            not_null=True,
            non_negative=True,
            rules=(
                between(
                    max_value=200000000,
                    severity="warn",
                    note="Plausibility: CONAPO's peak is ~147 million (2053).",
                ),
                between(
                    max_value=25000000,
                    severity="warn",
                    note=(
                        "Plausibility: the largest state (Estado de México) is under 20 million."
                    ),
                    when=differs("cve_ent", "00"),
                ),
            ),
        ),
    ),
    files="^population/conapo_[^/]+\\.csv$",
    rows=(9000, 100000),
    rows_note="10,059 rows: Nacional 1950-2070 and 32 states 1970-2070, x 3 sexes.",
    keys=(
        Key(
            ("_source_file", "n_year", "cve_ent", "genero"),
            "One row per year x entity x sex within a release.",
        ),
    ),
    suite_note=(
        "Landing table conapo__state_population: CONAPO population of Mexico "
        "and its 32 states by year and sex (1950-2070, derived from the "
        "official workbooks), typed but unfiltered."
    ),
)

DERIVED_POB_ENT_GENDER = Layout(
    "derived_pob_ent_gender",
    STATE_POPULATION,
    headers={
        "n_year": "n_year",
        "nombre_estado": "nombre_estado",
        "cve_ent": "cve_ent",
        "genero": "genero",
        "pob_start_year": "pob_start_year",
        "pob_mid_year": "pob_mid_year",
    },
    header_count=6,
)

SOURCE = SourceDeclaration(
    entry=ENTRY,
    description=(
        'Consejo Nacional de Población (CONAPO), "Conciliación Demográfica de '
        "México 1950-2019 y Proyecciones de la población de México y de las "
        'entidades federativas 2020-2070" (2023), https://www.gob.mx/conapo, '
        "as landed by the ironriver ingest. The landed file is DERIVED: the "
        "official workbooks summed over age by a third party (PROVENANCE.md "
        "§8)."
    ),
    tables=(STATE_POPULATION,),
    layouts=(DERIVED_POB_ENT_GENDER,),
)
