"""SESNSP Incidencia delictiva del fuero común, state level (crime reports and victims).

The landing tables of source ``sesnsp``, declared once, and the layouts of its
files.
"""

from __future__ import annotations

from orchestration.catalog.model import (
    MONTH_NUMBERS,
    MX_STATE_CODES,
    MX_STATE_CODES_WITH_NATIONAL,
    Field,
    Layout,
    Release,
    Source,
    SourceDeclaration,
    Table,
    absent,
    between,
    contains,
    differs,
    distinct_count,
    in_set,
    matches,
    not_matches,
)

BIENES_JURIDICOS = (
    "El patrimonio",
    "La familia",
    "La libertad y la seguridad sexual",
    "La sociedad",
    "La vida y la Integridad corporal",
    "Libertad personal",
    "Otros bienes jurídicos afectados (del fuero común)",
)

# SESNSP publishes each cut on its open-data page (new URLs every month); the copies held
# here come from GitHub mirrors (see PROVENANCE.md §5): none is byte-identical to an
# official download, so official_url is None. Vintages are the dates the mirror committed
# each cut (SESNSP publishes around the 20th of the month after the cut).
ENTRY = Source(
    name="sesnsp",
    title="SESNSP Incidencia delictiva del fuero común, state level (crime reports and victims)",
    publisher="Secretariado Ejecutivo del Sistema Nacional de Seguridad Pública (SESNSP)",
    landing_page=(
        "https://www.gob.mx/sesnsp/acciones-y-programas/datos-abiertos-de-incidencia-delictiva"
    ),
    cadence="monthly",
    expected_lag_days=25,
    releases=(
        Release(
            # DERIVED: the official victims file (cut of June 2025) reshaped long by a
            # third party, values unchanged; re-compressed bzip2 -> gzip (same content)
            file_name="sesnsp_mexico/db_victimas_delitos_ent_long.csv.gz",
            table="sesnsp__victims_state_month",
            vintage="2025-07-20",
            kind="gzip",
            official_url=None,
            sha256="8990a101f6c1d42dd27c114a73de1fcf702edc5ae24651e37887e3c04b288b30",
            layout="derived_long",
        ),
        Release(
            # official layout, cut of March 2022; Latin-1 misread as Mac Roman (repaired)
            file_name="sesnsp_mexico/IDEFC_NM_mar22.csv",
            table="sesnsp__incidence_state_month",
            vintage="2022-05-05",
            kind="csv",
            official_url=None,
            sha256="f5a36a16e6c233d81de2a57da8640eff0b98338c9e6640f2742e3a2f334e5941",
            layout="idefc_nm_mac_roman_mojibake",
        ),
        Release(
            # official layout, 2026 only (cut of March 2026), Latin-1, new "_n" catalogue
            file_name="sesnsp_mexico/estatal_n_2026.csv",
            table="sesnsp__incidence_state_month",
            vintage="2026-04-18",
            kind="csv",
            official_url=None,
            sha256="d035b4aff74e103f4cf6790e9440412d665c93f4103b6901f52b4f0f4e55f2d3",
            layout="estatal_n_latin1",
        ),
        Release(
            # DERIVED: yearly sums of the official incidence + third-party rates per 100k
            file_name="sesnsp_mexico/db_incidencia_ent_nac_year_x100khab_mujeres.csv",
            table="sesnsp__incidence_state_year_derived",
            vintage="2025-07-20",
            kind="csv",
            official_url=None,
            sha256="2dc5f5537acbeadfd343f7c7328710497f580cdd0ebae0527329f41e2ff15859",
            layout="derived_yearly_rates",
        ),
    ),
)

MOJIBAKE = (
    "[\u00c3\u00c2\u00c8\u00cc\u00d2\u00d9\u00db\u00c0\u00d5"
    "\u00b7\u02d9\u00b8\u2044\u2039\ufffd\\x80-\\x9f]"
)
"""Marks that Spanish text read in the wrong encoding leaves behind."""
NO_MOJIBAKE = not_matches(
    MOJIBAKE,
    note=(
        "Encoding: no mojibake marks ('Ã', 'È', 'Ì', 'Ò', 'Û', '·', '˙', "
        "U+FFFD, C1 controls): Spanish text must be repaired to correct "
        "Unicode."
    ),
)


VICTIMS_STATE_MONTH = Table(
    name="sesnsp__victims_state_month",
    description=(
        "Victims of crimes of the fuero común (state jurisdiction) by state, "
        "month, crime (bien jurídico \u00d7 tipo \u00d7 subtipo \u00d7 modalidad), sex and "
        "age group: the official SESNSP state victims file (cut of June 2025) "
        "reshaped long by a third party (isaacarroyov/datos_facil_acceso), "
        "values unchanged, complete grid incl. zeros."
    ),
    columns=(
        Field(
            "date_year_month",
            "text",
            "The file's date text, the 15th of the month ('2015-01-15').",
            not_null=True,
            rules=(
                matches(
                    "^20[0-9]{2}-[01][0-9]-15$",
                    note="The 15th of the month, as the file writes it.",
                ),
            ),
        ),
        Field(
            "year",
            "integer",
            "Calendar year (n_year).",
            not_null=True,
            rules=(between(2015, 2100, note="SESNSP's nueva metodología starts in 2015."),),
        ),
        Field(
            "month",
            "integer",
            "Calendar month 1-12 (n_month, zero-padded in the file).",
            not_null=True,
            rules=(in_set(MONTH_NUMBERS),),
        ),
        Field(
            "state_code",
            "text",
            "INEGI 2-digit state code (cve_ent, text '01'..'32').",
            not_null=True,
            rules=(
                in_set(MX_STATE_CODES),
                distinct_count(32, 32, note="32 states in every file."),
            ),
        ),
        Field(
            "state_name",
            "text",
            (
                "State name as the file writes it (short names, e.g. 'Coahuila', "
                "'Estado de México')."
            ),
            not_null=True,
            rules=(NO_MOJIBAKE,),
        ),
        Field(
            "bien_juridico",
            "text",
            (
                "Bien jurídico afectado (legal interest harmed), e.g. 'La vida y la "
                "Integridad corporal'."
            ),
            not_null=True,
            rules=(
                in_set(
                    [
                        "El patrimonio",
                        "La sociedad",
                        "La vida y la Integridad corporal",
                        "Libertad personal",
                    ],
                    severity="warn",
                    note=(
                        "Catalogue of the 2015-2025 victims file; a new value means SESNSP "
                        "changed the catalogue."
                    ),
                ),
                NO_MOJIBAKE,
            ),
        ),
        Field(
            "crime_type",
            "text",
            "Tipo de delito, e.g. 'Homicidio'.",
            not_null=True,
            rules=(
                in_set(
                    [
                        "Aborto",
                        "Corrupción de menores",
                        "Extorsión",
                        "Feminicidio",
                        "Homicidio",
                        "Lesiones",
                        "Otros delitos contra la sociedad",
                        "Otros delitos que atentan contra la libertad personal",
                        "Otros delitos que atentan contra la vida y la integridad corporal",
                        "Rapto",
                        "Secuestro",
                        "Trata de personas",
                        "Tráfico de menores",
                    ],
                    severity="warn",
                    note="Catalogue of the 2015-2025 victims file.",
                ),
                NO_MOJIBAKE,
            ),
        ),
        Field(
            "crime_subtype",
            "text",
            "Subtipo de delito, e.g. 'Homicidio doloso'.",
            not_null=True,
            rules=(
                contains(["Homicidio doloso", "Feminicidio"]),
                NO_MOJIBAKE,
            ),
        ),
        Field(
            "modality",
            "text",
            "Modalidad, e.g. 'Con arma de fuego' (firearm).",
            not_null=True,
            rules=(
                contains(
                    ["Con arma de fuego"], note="The firearm breakdown the warehouse exists for."
                ),
                NO_MOJIBAKE,
            ),
        ),
        Field(
            "sex",
            "text",
            "Género of the victim ('Hombre', 'Mujer', 'No identificado').",
            not_null=True,
            rules=(
                in_set(["Hombre", "Mujer", "No identificado"]),
                NO_MOJIBAKE,
            ),
        ),
        Field(
            "age_group",
            "text",
            (
                "Rango de edad ('Menores de edad (0-17)', 'Adultos (18 y más)', 'No "
                "especificado', 'No identificado')."
            ),
            not_null=True,
            rules=(
                in_set(
                    [
                        "Menores de edad (0-17)",
                        "Adultos (18 y más)",
                        "No especificado",
                        "No identificado",
                    ]
                ),
                NO_MOJIBAKE,
            ),
        ),
        Field(
            "victims",
            "integer",
            "Number of victims (count). Counts of victims cannot be negative.",
            not_null=True,
            non_negative=True,
            rules=(
                between(
                    max_value=50000,
                    severity="warn",
                    note=(
                        "Plausibility: the largest state x month x crime x sex x age cell seen "
                        "is ~2,700."
                    ),
                ),
            ),
        ),
    ),
    files="^sesnsp_mexico/[^/]+$",
    rows=(500000, 10000000),
    rows_note=("The June 2025 cut lands 927,360 rows (2015-01..2025-06, complete grid)."),
    suite_note=(
        "Landing sesnsp__victims_state_month: SESNSP victims, state x month x "
        "crime x sex x age, every cut kept."
    ),
)

CRIME_TYPE_FIELD = Field(
    "crime_type",
    "text",
    "Tipo de delito.",
    not_null=True,
    rules=(NO_MOJIBAKE,),
)


INCIDENCE_STATE_MONTH = Table(
    name="sesnsp__incidence_state_month",
    description=(
        "Crime reports (carpetas de investigación, i.e. investigation files "
        "opened) by state, year and crime, one column per month (Enero … "
        "Diciembre), in SESNSP's official state incidence layout. Two cuts: "
        "IDEFC_NM_mar22 (2015-01 .. 2022-03, 2015-2025 crime catalogue) and "
        'estatal_n_2026 (2026-01 .. 2026-03, the new 2026 "_n" catalogue). '
        "Months not yet published are blank (null), not zero."
    ),
    columns=(
        Field(
            "year",
            "integer",
            "Calendar year (Año).",
            not_null=True,
            rules=(between(2015, 2100, note="SESNSP's nueva metodología starts in 2015."),),
        ),
        Field(
            "state_code",
            "text",
            ("INEGI state code (Clave_Ent; '1' unpadded in IDEFC_NM_mar22, '01' in estatal_n)."),
            not_null=True,
            rules=(
                in_set(
                    [
                        "01",
                        "02",
                        "03",
                        "04",
                        "05",
                        "06",
                        "07",
                        "08",
                        "09",
                        "10",
                        "11",
                        "12",
                        "13",
                        "14",
                        "15",
                        "16",
                        "17",
                        "18",
                        "19",
                        "20",
                        "21",
                        "22",
                        "23",
                        "24",
                        "25",
                        "26",
                        "27",
                        "28",
                        "29",
                        "30",
                        "31",
                        "32",
                        "1",
                        "2",
                        "3",
                        "4",
                        "5",
                        "6",
                        "7",
                        "8",
                        "9",
                    ],
                    note=(
                        "INEGI codes; IDEFC_NM writes them unpadded ('1'), estatal_n padded ('01')."
                    ),
                ),
                distinct_count(32, 64),
            ),
        ),
        Field(
            "state_name",
            "text",
            "Official state name (Entidad), e.g. 'Coahuila de Zaragoza', 'México'.",
            not_null=True,
            rules=(NO_MOJIBAKE,),
        ),
        Field(
            "bien_juridico",
            "text",
            "Bien jurídico afectado.",
            not_null=True,
            rules=(
                in_set(
                    BIENES_JURIDICOS,
                    severity="warn",
                    note="Bienes jurídicos of SESNSP's state incidence files (2015-2026).",
                ),
                NO_MOJIBAKE,
            ),
        ),
        CRIME_TYPE_FIELD,
        Field(
            "crime_subtype",
            "text",
            "Subtipo de delito.",
            not_null=True,
            rules=(
                contains(["Homicidio doloso", "Feminicidio"]),
                NO_MOJIBAKE,
            ),
        ),
        Field(
            "modality",
            "text",
            "Modalidad.",
            not_null=True,
            rules=(
                contains(["Con arma de fuego"]),
                NO_MOJIBAKE,
            ),
        ),
        Field(
            "m01_enero",
            "integer",
            (
                "Crime reports in January (count; null = not published yet). Crime "
                "reports cannot be negative; blank (not yet published) is null, never "
                "a value."
            ),
            not_null=True,
            non_negative=True,
        ),
        Field(
            "m02_febrero",
            "integer",
            (
                "February (count; null = not published). Crime reports cannot be "
                "negative; blank (not yet published) is null, never a value."
            ),
            non_negative=True,
        ),
        Field(
            "m03_marzo",
            "integer",
            (
                "March (count; null = not published). Crime reports cannot be "
                "negative; blank (not yet published) is null, never a value."
            ),
            non_negative=True,
        ),
        Field(
            "m04_abril",
            "integer",
            (
                "April (count; null = not published). Crime reports cannot be "
                "negative; blank (not yet published) is null, never a value."
            ),
            non_negative=True,
        ),
        Field(
            "m05_mayo",
            "integer",
            (
                "May (count; null = not published). Crime reports cannot be negative; "
                "blank (not yet published) is null, never a value."
            ),
            non_negative=True,
        ),
        Field(
            "m06_junio",
            "integer",
            (
                "June (count; null = not published). Crime reports cannot be negative; "
                "blank (not yet published) is null, never a value."
            ),
            non_negative=True,
        ),
        Field(
            "m07_julio",
            "integer",
            (
                "July (count; null = not published). Crime reports cannot be negative; "
                "blank (not yet published) is null, never a value."
            ),
            non_negative=True,
        ),
        Field(
            "m08_agosto",
            "integer",
            (
                "August (count; null = not published). Crime reports cannot be "
                "negative; blank (not yet published) is null, never a value."
            ),
            non_negative=True,
        ),
        Field(
            "m09_septiembre",
            "integer",
            (
                "September (count; null = not published). Crime reports cannot be "
                "negative; blank (not yet published) is null, never a value."
            ),
            non_negative=True,
        ),
        Field(
            "m10_octubre",
            "integer",
            (
                "October (count; null = not published). Crime reports cannot be "
                "negative; blank (not yet published) is null, never a value."
            ),
            non_negative=True,
        ),
        Field(
            "m11_noviembre",
            "integer",
            (
                "November (count; null = not published). Crime reports cannot be "
                "negative; blank (not yet published) is null, never a value."
            ),
            non_negative=True,
        ),
        Field(
            "m12_diciembre",
            "integer",
            (
                "December (count; null = not published). Crime reports cannot be "
                "negative; blank (not yet published) is null, never a value."
            ),
            non_negative=True,
        ),
    ),
    files="^sesnsp_mexico/[^/]+$",
    rows=(3000, 1000000),
    rows_note="IDEFC_NM_mar22 (25,088 rows) + estatal_n_2026 (3,648).",
    suite_note=(
        "Landing sesnsp__incidence_state_month: SESNSP crime reports, wide (a "
        "column per month), every cut kept."
    ),
)

INCIDENCE_STATE_YEAR_DERIVED = Table(
    name="sesnsp__incidence_state_year_derived",
    description=(
        "DERIVED: yearly crime reports per state (and 'Nacional') and crime, "
        "summed by a third party (isaacarroyov/datos_facil_acceso) from "
        "SESNSP's municipal incidence file, with rates per 100,000 inhabitants "
        "/ women that the third party computed with CONAPO population. "
        "2015-2025; 2025 holds January-June only."
    ),
    columns=(
        Field(
            "year",
            "integer",
            "Calendar year (n_year).",
            not_null=True,
            rules=(between(2015, 2100),),
        ),
        Field(
            "state_code",
            "text",
            "INEGI state code ('00' = Nacional, '01'..'32').",
            not_null=True,
            rules=(
                in_set(
                    MX_STATE_CODES_WITH_NATIONAL,
                    note="'00' = Nacional.",
                ),
            ),
        ),
        Field(
            "state_name",
            "text",
            "Short state name or 'Nacional'.",
            not_null=True,
            rules=(NO_MOJIBAKE,),
        ),
        Field(
            "bien_juridico",
            "text",
            "Bien jurídico afectado.",
            not_null=True,
            rules=(
                in_set(
                    BIENES_JURIDICOS,
                    severity="warn",
                ),
                NO_MOJIBAKE,
            ),
        ),
        CRIME_TYPE_FIELD,
        Field(
            "crime_subtype",
            "text",
            "Subtipo de delito.",
            not_null=True,
            rules=(NO_MOJIBAKE,),
        ),
        Field(
            "modality",
            "text",
            "Modalidad.",
            not_null=True,
            rules=(NO_MOJIBAKE,),
        ),
        Field(
            "crime_reports",
            "integer",
            "Crime reports in the year (count, n_delitos).",
            not_null=True,
            non_negative=True,
        ),
        Field(
            "rate_per_100k_inhabitants",
            "double",
            ("Third-party rate, crime reports per 100,000 inhabitants (n_delitos_x100khab)."),
            not_null=True,
            non_negative=True,
        ),
        Field(
            "rate_per_100k_women",
            "double",
            ("Third-party rate per 100,000 women, Feminicidio rows only ('NA' elsewhere -> null)."),
            non_negative=True,
            rules=(
                absent(
                    note="The per-women rate is only computed for Feminicidio ('NA' elsewhere).",
                    when=differs("crime_subtype", "Feminicidio"),
                ),
            ),
        ),
    ),
    files="^sesnsp_mexico/[^/]+$",
    rows=(10000, 1000000),
    rows_note="35,574 rows (2015-2025, 32 states + Nacional).",
    suite_note=(
        "Landing sesnsp__incidence_state_year_derived: DERIVED yearly SESNSP "
        "crime reports with third-party rates."
    ),
)

DERIVED_LONG = Layout(
    "derived_long",
    VICTIMS_STATE_MONTH,
    headers={
        "date_year_month": "date_year_month",
        "year": "n_year",
        "month": "n_month",
        "state_code": "cve_ent",
        "state_name": "nombre_estado",
        "bien_juridico": "bien_juridico_afectado",
        "crime_type": "tipo_de_delito",
        "crime_subtype": "subtipo_de_delito",
        "modality": "modalidad",
        "sex": "genero",
        "age_group": "rango_de_edad",
        "victims": "n_victimas",
    },
    reader="sesnsp_victims_long",
)

# The headers of SESNSP's monthly crime-report files, old (IDEFC) and new (estatal) alike:
# the two layouts differ only in encoding, hence in reader.
INCIDENCE_HEADERS = {
    "year": "Año",
    "state_code": "Clave_Ent",
    "state_name": "Entidad",
    "bien_juridico": "Bien jurídico afectado",
    "crime_type": "Tipo de delito",
    "crime_subtype": "Subtipo de delito",
    "modality": "Modalidad",
    "m01_enero": "Enero",
    "m02_febrero": "Febrero",
    "m03_marzo": "Marzo",
    "m04_abril": "Abril",
    "m05_mayo": "Mayo",
    "m06_junio": "Junio",
    "m07_julio": "Julio",
    "m08_agosto": "Agosto",
    "m09_septiembre": "Septiembre",
    "m10_octubre": "Octubre",
    "m11_noviembre": "Noviembre",
    "m12_diciembre": "Diciembre",
}

IDEFC_NM_MAC_ROMAN_MOJIBAKE = Layout(
    "idefc_nm_mac_roman_mojibake",
    INCIDENCE_STATE_MONTH,
    headers=INCIDENCE_HEADERS,
    reader="sesnsp_idefc_mojibake",
)

ESTATAL_N_LATIN1 = Layout(
    "estatal_n_latin1",
    INCIDENCE_STATE_MONTH,
    headers=INCIDENCE_HEADERS,
    reader="sesnsp_estatal_latin1",
)

DERIVED_YEARLY_RATES = Layout(
    "derived_yearly_rates",
    INCIDENCE_STATE_YEAR_DERIVED,
    headers={
        "year": "n_year",
        "state_code": "cve_ent",
        "state_name": "nombre_estado",
        "bien_juridico": "bien_juridico_afectado",
        "crime_type": "tipo_de_delito",
        "crime_subtype": "subtipo_de_delito",
        "modality": "modalidad",
        "crime_reports": "n_delitos",
        "rate_per_100k_inhabitants": "n_delitos_x100khab",
        "rate_per_100k_women": "n_delitos_x100kmujeres",
    },
    reader="sesnsp_yearly_derived",
)

SOURCE = SourceDeclaration(
    entry=ENTRY,
    description=(
        "Secretariado Ejecutivo del Sistema Nacional de Seguridad Pública "
        '(SESNSP), "Datos abiertos de incidencia delictiva" (state level, '
        "fuero común, nueva metodología), "
        "https://www.gob.mx/sesnsp/acciones-y-programas/datos-abiertos-de-incidencia-delictiva, "
        "as landed by the ironriver ingest: one Parquet file per release (cut) "
        "under $IRONRIVER_DATA_DIR/landing/<table>/. Text is repaired to "
        "correct Unicode (NFC) at landing: the IDEFC_NM_mar22 copy is Latin-1 "
        'misread as Mac Roman ("MÈxico"), the 2026 file is Latin-1. Every '
        "state name was checked against seeds/mx_state_name_variants.csv. "
        "SESNSP revises past months in every cut; nothing is deduplicated in "
        "landing."
    ),
    tables=(
        VICTIMS_STATE_MONTH,
        INCIDENCE_STATE_MONTH,
        INCIDENCE_STATE_YEAR_DERIVED,
    ),
    layouts=(
        DERIVED_LONG,
        IDEFC_NM_MAC_ROMAN_MOJIBAKE,
        ESTATAL_N_LATIN1,
        DERIVED_YEARLY_RATES,
    ),
)
