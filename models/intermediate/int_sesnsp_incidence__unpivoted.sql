-- SESNSP crime reports turned from one column per month into one row per month.
--
-- A blank month is a month SESNSP had not published yet when it cut the file (e.g.
-- April-December 2026 in the March 2026 cut): it is DROPPED here, never turned into zero.
-- A published zero stays a zero.

with incidence_rows as (

    select * from {{ ref('stg_sesnsp__incidence_state_month') }}

),

month_cells as (

    unpivot incidence_rows
    on
        m01_enero, m02_febrero, m03_marzo, m04_abril, m05_mayo, m06_junio,
        m07_julio, m08_agosto, m09_septiembre, m10_octubre, m11_noviembre, m12_diciembre
    into
        name month_column
        value crime_reports

)

select
    make_date(calendar_year, cast(substr(month_column, 2, 2) as integer), 1) as month_start,
    calendar_year,
    cast(substr(month_column, 2, 2) as integer) as calendar_month,
    state_code,
    state_name,
    bien_juridico,
    crime_type,
    crime_subtype,
    modality,
    crime_reports,
    source_file,
    source_vintage,
    source_row
from month_cells
-- unpivot already skips NULL cells; say so explicitly
where crime_reports is not null
