"""Column layouts of every source file: how a header maps onto a typed landing table.

A layout names each landing column, the header it comes from in the file and how to
type it. Parsing is mechanical (rename, trim, cast); business rules live in dbt.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

ColumnType = Literal["text", "integer", "double", "month_name", "leading_year"]


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

# Headers that some exports of a layout drop (the 2024 subset has no footnote columns).
OPTIONAL_HEADERS: frozenset[str] = frozenset({"Footnote", "Footnote Symbol"})

LAYOUTS: dict[tuple[str, str], Layout] = {
    (layout.table, layout.name): layout
    for layout in (
        CBP_NATIONWIDE,
        VSRR_CSV_EXPORT,
        VSRR_API,
        VSRR_DECEMBER_TOTALS,
        VSRR_DERIVED_JSON,
        SESNSP_VICTIMS_LONG,
        SESNSP_IDEFC_MOJIBAKE,
        SESNSP_ESTATAL_LATIN1,
        SESNSP_INCIDENCE_YEARLY,
        INEGI_HOMICIDES,
    )
}


def layout_for(table: str, layout: str) -> Layout:
    try:
        return LAYOUTS[(table, layout)]
    except KeyError:
        raise KeyError(f"no layout {layout!r} declared for landing table {table!r}") from None
