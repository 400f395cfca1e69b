"""Column layouts of every source file: how a header maps onto a typed landing table.

A layout names each landing column, the header it comes from in the file and how to
type it. Parsing is mechanical (rename, trim, cast); business rules live in dbt.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

ColumnType = Literal["text", "integer", "double", "month_name", "leading_year", "month_year"]


@dataclass(frozen=True)
class Column:
    name: str
    """Landing column name (snake_case)."""
    source: str | None
    """Header in the file; None when this layout does not carry the column (landed as null)."""
    type: ColumnType = "text"
    not_null: bool = False
    """Every row must have a value."""
    non_negative: bool = False
    """A count: a value below zero is refused (blank values pass unless ``not_null``)."""


@dataclass(frozen=True)
class Layout:
    name: str
    table: str
    columns: tuple[Column, ...]
    constants: tuple[tuple[str, str], ...] = ()
    """Literal values for columns a layout implies, e.g. month = 12 for December-only files."""
    reader: str = "csv"
    """``csv`` (DuckDB's reader) or the name of a reader in ``orchestration.ingest.readers``."""
    delimiter: str = ","
    encoding: str = "utf-8"
    """Encoding of a ``csv`` file as DuckDB names it (``utf-8``, ``latin-1``, ``utf-16``)."""
    header_count: int | None = None
    """Exactly how many columns the file has, where the layout lands only some of them
    (None: not checked). Catches a column added or dropped among those not landed."""
    other_headers: str | None = None
    """Regular expression every header the layout does NOT land must fully match (None:
    not checked). With ``header_count`` it pins a wide file's header without listing it."""

    @property
    def required_headers(self) -> tuple[str, ...]:
        return tuple(c.source for c in self.columns if c.source is not None)


CBP_NATIONWIDE = Layout(
    name="official",
    table="cbp_drug_seizures__nationwide",
    columns=(
        Column("fiscal_year", "FY", "leading_year", not_null=True),
        Column("fiscal_year_label", "FY", "text", not_null=True),
        Column("fiscal_month_abbr", "Month (abbv)", "text", not_null=True),
        Column("component", "Component", "text", not_null=True),
        Column("region", "Region", "text", not_null=True),
        Column("land_filter", "Land Filter", "text", not_null=True),
        Column("area_of_responsibility", "Area of Responsibility", "text", not_null=True),
        Column("drug_type", "Drug Type", "text", not_null=True),
        Column("event_count", "Count of Event", "integer", not_null=True),
        Column("quantity_lbs", "Sum Qty (lbs)", "double", not_null=True),
    ),
)

# CBP Air and Marine Operations drug seizures: the nationwide layout with "Branch" (an AMO
# air/marine branch or center) where the nationwide files have "Area of Responsibility";
# "Land Filter" is 'Land' / 'Other' here (nationwide: 'Land Only' / 'Other').
CBP_AMO = Layout(
    name="amo_official",
    table="cbp_drug_seizures__amo",
    columns=(
        Column("fiscal_year", "FY", "leading_year", not_null=True),
        Column("fiscal_year_label", "FY", "text", not_null=True),
        Column("fiscal_month_abbr", "Month (abbv)", "text", not_null=True),
        Column("component", "Component", "text", not_null=True),
        Column("region", "Region", "text", not_null=True),
        Column("land_filter", "Land Filter", "text", not_null=True),
        Column("branch", "Branch", "text", not_null=True),
        Column("drug_type", "Drug Type", "text", not_null=True),
        Column("event_count", "Count of Event", "integer", not_null=True, non_negative=True),
        Column("quantity_lbs", "Sum Qty (lbs)", "double", not_null=True, non_negative=True),
    ),
)

# The VSRR landing table is one schema fed by four layouts of the same dataset.
_VSRR_TABLE = "cdc_vsrr__overdose_deaths"


def _vsrr(
    name: str,
    headers: dict[str, str | None],
    constants: tuple[tuple[str, str], ...] = (),
    reader: str = "csv",
) -> Layout:
    typed: dict[str, tuple[ColumnType, bool]] = {
        "state_abbr": ("text", False),
        "state_name": ("text", False),
        "state_fips": ("text", False),
        "year": ("integer", True),
        "month": ("month_name", True),
        "period": ("text", False),
        "indicator": ("text", True),
        "data_value": ("double", False),
        "predicted_value": ("double", False),
        "percent_complete": ("text", False),
        "percent_pending_investigation": ("double", False),
        "footnote": ("text", False),
        "footnote_symbol": ("text", False),
    }
    columns = tuple(
        Column(col, headers.get(col), kind, not_null=required and col not in dict(constants))
        for col, (kind, required) in typed.items()
    )
    return Layout(name=name, table=_VSRR_TABLE, columns=columns, constants=constants, reader=reader)


VSRR_CSV_EXPORT = _vsrr(
    "csv_export",
    {
        "state_abbr": "State",
        "state_name": "State Name",
        "year": "Year",
        "month": "Month",
        "period": "Period",
        "indicator": "Indicator",
        "data_value": "Data Value",
        "predicted_value": "Predicted Value",
        "percent_complete": "Percent Complete",
        "percent_pending_investigation": "Percent Pending Investigation",
        "footnote": "Footnote",
        "footnote_symbol": "Footnote Symbol",
    },
)

VSRR_API = _vsrr(
    "api",
    {
        "state_abbr": "state",
        "state_name": "state_name",
        "year": "year",
        "month": "month",
        "period": "period",
        "indicator": "indicator",
        "data_value": "data_value",
        "predicted_value": "predicted_value",
        "percent_complete": "percent_complete",
        "percent_pending_investigation": "percent_pending_investigation",
        "footnote": "footnote",
        "footnote_symbol": "footnote_symbol",
    },
)

VSRR_DECEMBER_TOTALS = _vsrr(
    "december_totals",
    {
        "state_name": "State Name",
        "year": "Year",
        "indicator": "Indicator",
        "data_value": "Total Deaths",
    },
    constants=(("month", "12"), ("period", "12 month-ending")),
)

VSRR_DERIVED_JSON = _vsrr(
    "derived_statemonths_json",
    {
        "state_fips": "state_fips",
        "year": "year",
        "month": "month",
        "indicator": "indicator",
        "data_value": "mort",
    },
    constants=(("period", "12 month-ending"),),
    reader="vsrr_statemonths_json",
)

# Census PEP county population totals ("co-est<vintage>-alldata.csv"): one wide row per
# state (SUMLEV 040) and county (050), one POPESTIMATE<year> column per July 1. Landed:
# the geography columns and every POPESTIMATE<year>; the components of change (births,
# deaths, migration, rates ...) are not needed and stay in raw/. One landing table for all
# vintages: a year a vintage does not cover lands as NULL; intermediate picks the vintage.
CENSUS_PEP_TABLE = "census_pep__county_population"
CENSUS_PEP_YEARS = range(2010, 2026)
"""Every POPESTIMATE year any landed vintage carries (a new vintage extends it)."""
_CENSUS_GEOGRAPHY = (
    ("sumlev", "SUMLEV"),
    ("region", "REGION"),
    ("division", "DIVISION"),
    ("state", "STATE"),
    ("county", "COUNTY"),
    ("stname", "STNAME"),
    ("ctyname", "CTYNAME"),
)
# Components of change, one column per year (rates from the second year): not landed.
_CENSUS_COMPONENTS = (
    "NPOPCHG_?|BIRTHS|DEATHS|NATURAL(?:INC|CHG)|INTERNATIONALMIG|DOMESTICMIG|NETMIG|RESIDUAL"
    "|GQESTIMATES|R(?:BIRTH|DEATH|NATURAL(?:INC|CHG)|INTERNATIONALMIG|DOMESTICMIG|NETMIG)"
)


def _census_pep(name: str, years: range, *, base: str, encoding: str, header_count: int) -> Layout:
    """A vintage's layout: a POPESTIMATE column per year in ``years``; the columns not
    landed (``base``: the census/estimates-base columns, then the components of change of
    ``years``) are pinned by pattern and ``header_count``."""
    any_year = "|".join(str(year) for year in years)
    columns = tuple(Column(col, header, "text", not_null=True) for col, header in _CENSUS_GEOGRAPHY)
    columns += tuple(
        Column(
            f"popestimate{year}",
            f"POPESTIMATE{year}" if year in years else None,
            "integer",
            not_null=year in years,
        )
        for year in CENSUS_PEP_YEARS
    )
    return Layout(
        name=name,
        table=CENSUS_PEP_TABLE,
        columns=columns,
        encoding=encoding,
        header_count=header_count,
        other_headers=f"(?:{base}|(?:{_CENSUS_COMPONENTS})(?:{any_year}))",
    )


# The mirror's Vintage 2020 copy is UTF-8 (see sources.py); 180 columns, 2010-2020.
CENSUS_PEP_V2020 = _census_pep(
    "vintage_2020",
    range(2010, 2021),
    base="CENSUS2010POP|ESTIMATESBASE2010|GQESTIMATESBASE2010",
    encoding="utf-8",
    header_count=180,
)
# Vintage 2025 as Census serves it: Latin-1 ("Doña Ana County"), 99 columns, 2020-2025.
CENSUS_PEP_V2025 = _census_pep(
    "vintage_2025",
    range(2020, 2026),
    base="ESTIMATESBASE2020|GQESTIMATESBASE2020",
    encoding="latin-1",
    header_count=99,
)

# CONAPO population by state, sex and year (a reshape of the official workbooks; its
# header is the reshaper's). Every column is landed, under the file's own names.
CONAPO_POB_ENT_GENDER = Layout(
    name="derived_pob_ent_gender",
    table="conapo__state_population",
    columns=(
        Column("n_year", "n_year", "integer", not_null=True),
        Column("nombre_estado", "nombre_estado", "text", not_null=True),
        Column("cve_ent", "cve_ent", "text", not_null=True),
        Column("genero", "genero", "text", not_null=True),
        Column("pob_start_year", "pob_start_year", "integer", not_null=True),
        Column("pob_mid_year", "pob_mid_year", "integer", not_null=True),
    ),
    header_count=6,
)

# ATF source x recovery matrix: the reader turns the matrix into these text columns
# (header names = landing names) after reconciling it with the file's own totals.
ATF_SOURCE_RECOVERY = Layout(
    name="source_recovery_matrix",
    table="atf_firearms_trace__source_recovery",
    columns=(
        Column("calendar_year", "calendar_year", "integer", not_null=True),
        Column("source_state", "source_state", "text", not_null=True),
        Column("recovery_state", "recovery_state", "text", not_null=True),
        Column("firearms", "firearms", "integer", not_null=True),
        Column("source_sheet", "source_sheet", "text", not_null=True),
        Column("source_cell", "source_cell", "text", not_null=True),
    ),
    reader="atf_source_recovery_xlsx",
)

# USBP seizure statistics as transcribed (one row per border region x fiscal year).
# Landed whole, apprehensions included; the marts only use the seizure columns.
# aliens_special_interest_county is "NA" after FY2011 (line dropped from the official
# tables): landed as text, as published.
USBP_SEIZURE_STATS = Layout(
    name="transcribed_fy2011_fy2019",
    table="usbp_seizure_stats__by_border_region",
    columns=(
        Column("sector", "sector", "text", not_null=True),
        Column("fiscal_year", "fiscal_year", "integer", not_null=True),
        Column("ammunition_rounds", "ammunition_rounds", "integer", not_null=True),
        Column("apprehensions", "apprehensions", "integer", not_null=True),
        Column("cocaine_pounds", "cocaine_pounds", "integer", not_null=True),
        Column("cocaine_seizures", "cocaine_seizures", "integer", not_null=True),
        Column("conveyances", "conveyances", "integer", not_null=True),
        Column("currency_in_dollars", "currency_in_dollars", "integer", not_null=True),
        Column("ecstasy_pounds", "ecstasy_pounds", "integer", not_null=True),
        Column("ecstasy_seizures", "ecstasy_seizures", "integer", not_null=True),
        Column("firearms", "firearms", "integer", not_null=True),
        Column("heroin_ounces", "heroin_ounces", "integer", not_null=True),
        Column("heroin_seizures", "heroin_seizures", "integer", not_null=True),
        Column("marijuana_pounds", "marijuana_pounds", "integer", not_null=True),
        Column("marijuana_seizures", "marijuana_seizures", "integer", not_null=True),
        Column("methamphetamine_pounds", "methamphetamine_pounds", "integer", not_null=True),
        Column("methamphetamine_seizures", "methamphetamine_seizures", "integer", not_null=True),
        Column("other_drugs_pounds", "other_drugs_pounds", "integer", not_null=True),
        Column("other_drugs_seizures", "other_drugs_seizures", "integer", not_null=True),
        Column(
            "other_than_mexican_apprehensions",
            "other_than_mexican_apprehensions",
            "integer",
            not_null=True,
        ),
        Column("aliens_special_interest_county", "aliens_special_interest_county", "text"),
    ),
)

# Hand-kept published statements on firearms recovered in Mexico, one per row.
MX_FIREARM_TRACE_FIGURES = Layout(
    name="hand_kept",
    table="mx_firearm_trace_figures__statements",
    columns=(
        Column("period_start_year", "period_start_year", "integer", not_null=True),
        Column("period_end_year", "period_end_year", "integer", not_null=True),
        Column("recovery_country", "recovery_country", "text", not_null=True),
        Column("measure", "measure", "text", not_null=True),
        Column("value", "value", "double", not_null=True),
        Column("unit", "unit", "text", not_null=True),
        Column("source_kind", "source_kind", "text", not_null=True),
        Column("source_title", "source_title", "text", not_null=True),
        Column("source_url", "source_url", "text", not_null=True),
        Column("note", "note", "text"),
    ),
)

# --- Mexico: SESNSP (crime reports and victims) and INEGI (registered homicides) -------
# Files with Spanish text go through the readers of orchestration.ingest.mexico: they
# decode (or repair) the encoding, refuse mojibake and unknown state names.
SPANISH_MONTHS = (
    "Enero",
    "Febrero",
    "Marzo",
    "Abril",
    "Mayo",
    "Junio",
    "Julio",
    "Agosto",
    "Septiembre",
    "Octubre",
    "Noviembre",
    "Diciembre",
)

SESNSP_VICTIMS_LONG = Layout(
    name="derived_long",
    table="sesnsp__victims_state_month",
    columns=(
        Column("date_year_month", "date_year_month", "text", not_null=True),
        Column("year", "n_year", "integer", not_null=True),
        Column("month", "n_month", "integer", not_null=True),
        Column("state_code", "cve_ent", "text", not_null=True),
        Column("state_name", "nombre_estado", "text", not_null=True),
        Column("bien_juridico", "bien_juridico_afectado", "text", not_null=True),
        Column("crime_type", "tipo_de_delito", "text", not_null=True),
        Column("crime_subtype", "subtipo_de_delito", "text", not_null=True),
        Column("modality", "modalidad", "text", not_null=True),
        Column("sex", "genero", "text", not_null=True),
        Column("age_group", "rango_de_edad", "text", not_null=True),
        Column("victims", "n_victimas", "integer", not_null=True, non_negative=True),
    ),
    reader="sesnsp_victims_long",
)


def _sesnsp_wide(name: str, reader: str) -> Layout:
    """SESNSP's official state-level incidence layout: one row per year, a column per month.

    Months not yet published are blank and land as null (never zero).
    """
    return Layout(
        name=name,
        table="sesnsp__incidence_state_month",
        columns=(
            Column("year", "Año", "integer", not_null=True),
            Column("state_code", "Clave_Ent", "text", not_null=True),
            Column("state_name", "Entidad", "text", not_null=True),
            Column("bien_juridico", "Bien jurídico afectado", "text", not_null=True),
            Column("crime_type", "Tipo de delito", "text", not_null=True),
            Column("crime_subtype", "Subtipo de delito", "text", not_null=True),
            Column("modality", "Modalidad", "text", not_null=True),
            *(
                Column(f"m{number:02d}_{month.lower()}", month, "integer", non_negative=True)
                for number, month in enumerate(SPANISH_MONTHS, start=1)
            ),
        ),
        reader=reader,
    )


SESNSP_IDEFC_MOJIBAKE = _sesnsp_wide("idefc_nm_mac_roman_mojibake", "sesnsp_idefc_mojibake")
SESNSP_ESTATAL_LATIN1 = _sesnsp_wide("estatal_n_latin1", "sesnsp_estatal_latin1")

SESNSP_INCIDENCE_YEARLY = Layout(
    name="derived_yearly_rates",
    table="sesnsp__incidence_state_year_derived",
    columns=(
        Column("year", "n_year", "integer", not_null=True),
        Column("state_code", "cve_ent", "text", not_null=True),
        Column("state_name", "nombre_estado", "text", not_null=True),
        Column("bien_juridico", "bien_juridico_afectado", "text", not_null=True),
        Column("crime_type", "tipo_de_delito", "text", not_null=True),
        Column("crime_subtype", "subtipo_de_delito", "text", not_null=True),
        Column("modality", "modalidad", "text", not_null=True),
        Column("crime_reports", "n_delitos", "integer", not_null=True, non_negative=True),
        Column("rate_per_100k_inhabitants", "n_delitos_x100khab", "double", non_negative=True),
        Column("rate_per_100k_women", "n_delitos_x100kmujeres", "double", non_negative=True),
    ),
    reader="sesnsp_yearly_derived",
)

INEGI_HOMICIDES = Layout(
    name="gargiulo_state_month",
    table="inegi__homicides_state_month",
    columns=(
        Column("state_code", "cve_ent", "text", not_null=True),
        Column("year", "year", "integer", not_null=True),
        Column("month", "month", "integer", not_null=True),
        Column("homicides", "homicides", "integer", not_null=True, non_negative=True),
        Column("population_estimate", "pop_est", "double", non_negative=True),
        Column("homicide_rate", "homicide_rate", "double", non_negative=True),
    ),
    delimiter="|",
)

# BTS Border Crossing/Entry Data (Socrata export): one row per port x month x measure.
# Port Code keeps its leading zeros (text); Date is "Mon YYYY" text, landed as the first
# day of the month; Value is a count of inbound crossings (never negative). Point (WKT
# "POINT (lon lat)") repeats Latitude/Longitude at full precision and is landed as text.
BTS_BORDER_CROSSING = Layout(
    name="official",
    table="bts_border_crossing__port_month_measure",
    columns=(
        Column("port_name", "Port Name", "text", not_null=True),
        Column("state", "State", "text", not_null=True),
        Column("port_code", "Port Code", "text", not_null=True),
        Column("border", "Border", "text", not_null=True),
        Column("month_start", "Date", "month_year", not_null=True),
        Column("measure", "Measure", "text", not_null=True),
        Column("value", "Value", "integer", not_null=True, non_negative=True),
        Column("latitude", "Latitude", "double"),
        Column("longitude", "Longitude", "double"),
        Column("point", "Point", "text"),
    ),
    header_count=10,
)

# DEA NFLIS-Drug Data Query System exports: one row per state x period x substance. Both
# exports (annual and semi-annual) share this layout; PERIOD is the year ('2022') or the
# half ('SA1 (JAN - JUN)'). LABTYPE is one comma-joined string; RPTAGGR has trailing spaces.
NFLIS_DQS_EXPORT = Layout(
    name="dqs_export",
    table="dea_nflis__drug_reports",
    columns=(
        Column("lab_type", "LABTYPE", "text", not_null=True),
        Column("report_aggregation", "RPTAGGR", "text", not_null=True),
        Column("year", "YYYY", "integer", not_null=True),
        Column("period", "PERIOD", "text", not_null=True),
        Column("drug_reports", "DRUG_REPORTS", "integer", not_null=True, non_negative=True),
        Column("query_run_date", "QUERY_RUN_DATE", "text", not_null=True),
        Column("substance_id", "SUBSTANCE_ID", "text", not_null=True),
        Column("substance_description", "SUBSTANCE_DESCRIPTION", "text", not_null=True),
        Column("base_id", "BASE_ID", "text"),
        Column("base_description", "BASE_DESCRIPTION", "text"),
        Column("drug_category_code", "DRUG_CATEGORY_CODE", "text", not_null=True),
        Column("drug_category_description", "DRUG_CATEGORY_DESCRIPTION", "text", not_null=True),
        Column("state", "STATE", "text", not_null=True),
        Column("state_long_name", "STATE_LONG_NAME", "text"),
        Column("state_fips", "STATE_FIPS", "text"),
    ),
    header_count=15,
)

# CDC DOSE-DX "Jurisdiction Counts & Rates" (Table 1 of the dashboard download): one row
# per jurisdiction x month (or 'all' for annual rows) x year x dataset (ED / HOSP), a
# count, the population and a rate per 100,000 for each drug group. Counts and rates carry
# markers ('suppressed', 'NA'): landed as text, typed (and flagged) in staging.
DOSE_DRUGS = (
    "alldrug",
    "opioid",
    "fentanyl",
    "heroin",
    "stimulant",
    "cocaine",
    "methamphetamine",
    "benzodiazepine",
)
DOSE_DX_JURISDICTION = Layout(
    name="dx_jurisdiction_counts_rates",
    table="cdc_dose__dx_jurisdiction",
    columns=(
        Column("jurisdiction", "jurisdiction", "text", not_null=True),
        Column("month", "month", "text", not_null=True),
        Column("year", "year", "integer", not_null=True),
        Column("time_frame", "time_frame", "text", not_null=True),
        Column("dataset", "dataset", "text", not_null=True),
        *(Column(f"count_{drug}", f"count_{drug}", "text") for drug in DOSE_DRUGS),
        Column("population", "population", "integer", non_negative=True),
        *(Column(f"rate_{drug}", f"rate_{drug}", "text") for drug in DOSE_DRUGS),
    ),
    header_count=22,
)

# CDC DOSE-SYS "Jurisdiction" table: suspected nonfatal overdoses per 10,000 total ED
# visits (syndromic surveillance), one row per jurisdiction x year x month x rate_time
# ('Monthly', or 'Annual' = 12 months ending in that month). Rates carry markers ('*'
# suppressed, '§' not shared, '¶' not funded): landed as text.
DOSE_SYS_DRUGS = (
    "drug",
    "opioid",
    "fentanyl",
    "heroin",
    "stimulant",
    "cocaine",
    "methamphetamine",
    "benzodiazepine",
)
DOSE_SYS_JURISDICTION = Layout(
    name="sys_jurisdiction_rates",
    table="cdc_dose__sys_jurisdiction",
    columns=(
        Column("jurisdiction", "jurisdiction", "text", not_null=True),
        Column("year", "year", "integer", not_null=True),
        Column("month", "month", "integer", not_null=True),
        Column("rate_time", "rate_time", "text", not_null=True),
        *(Column(f"{drug}_rate", f"{drug}_rate", "text") for drug in DOSE_SYS_DRUGS),
    ),
    header_count=12,
)

# Headers that some exports of a layout drop (the 2024 subset has no footnote columns).
OPTIONAL_HEADERS: frozenset[str] = frozenset({"Footnote", "Footnote Symbol"})

LAYOUTS: dict[tuple[str, str], Layout] = {
    (layout.table, layout.name): layout
    for layout in (
        CBP_NATIONWIDE,
        CBP_AMO,
        VSRR_CSV_EXPORT,
        VSRR_API,
        VSRR_DECEMBER_TOTALS,
        VSRR_DERIVED_JSON,
        CENSUS_PEP_V2020,
        CENSUS_PEP_V2025,
        CONAPO_POB_ENT_GENDER,
        ATF_SOURCE_RECOVERY,
        USBP_SEIZURE_STATS,
        MX_FIREARM_TRACE_FIGURES,
        SESNSP_VICTIMS_LONG,
        SESNSP_IDEFC_MOJIBAKE,
        SESNSP_ESTATAL_LATIN1,
        SESNSP_INCIDENCE_YEARLY,
        INEGI_HOMICIDES,
        BTS_BORDER_CROSSING,
        NFLIS_DQS_EXPORT,
        DOSE_DX_JURISDICTION,
        DOSE_SYS_JURISDICTION,
    )
}


def layout_for(table: str, layout: str) -> Layout:
    try:
        return LAYOUTS[(table, layout)]
    except KeyError:
        raise KeyError(f"no layout {layout!r} declared for landing table {table!r}") from None
