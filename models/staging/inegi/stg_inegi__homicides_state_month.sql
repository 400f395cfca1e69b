-- INEGI registered homicides by state and month of occurrence (Gargiulo, Aburto & Floridi
-- 2024 aggregation), one row per row of one release. Rename and cast only.

with landed_rows as (

    select * from {{ source('inegi', 'inegi__homicides_state_month') }}

)

select
    lpad(state_code, 2, '0') as state_code,
    cast(year as integer) as calendar_year,
    cast(month as integer) as calendar_month,
    make_date(year, month, 1) as month_start,
    homicides,
    population_estimate,
    homicide_rate,
    _source_file as source_file,
    _vintage as source_vintage,
    _source_row as source_row
from landed_rows
