-- INEGI registered homicides by state and month of occurrence (Gargiulo, Aburto & Floridi
-- 2024 aggregation), one row per row of one release. Rename and cast only.

with landed_rows as (

    select * from {{ source('inegi', 'inegi__homicides_state_month') }}

)

select
    lpad(trim(state_code), 2, '0') as state_code,
    cast(year as integer) as calendar_year,
    cast(month as integer) as calendar_month,
    make_date(cast(year as integer), cast(month as integer), 1) as month_start,
    cast(homicides as bigint) as homicides,
    cast(population_estimate as double) as population_estimate,
    cast(homicide_rate as double) as homicide_rate,
    _source_file as source_file,
    cast(_vintage as date) as source_vintage,
    cast(_source_row as bigint) as source_row
from landed_rows
