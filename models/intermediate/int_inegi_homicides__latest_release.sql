-- INEGI registered homicides by state and month, every year from the newest release
-- holding it (a new release of the derived dataset would restate the whole series),
-- states resolved to their geography by INEGI code (the file has no names).

with all_homicide_rows as (

    select * from {{ ref('stg_inegi__homicides_state_month') }}

),

homicide_rows as (

    {{ rows_of_newest_release('all_homicide_rows', ['calendar_year']) }}

),

states as (

    select * from {{ ref('mx_states') }}

)

select
    homicide_rows.month_start,
    homicide_rows.calendar_year,
    homicide_rows.calendar_month,
    states.iso_code as geography_id,
    homicide_rows.state_code,
    homicide_rows.homicides,
    homicide_rows.population_estimate,
    homicide_rows.homicide_rate,
    homicide_rows.source_file,
    homicide_rows.source_vintage,
    homicide_rows.source_row
from homicide_rows
left join states
    on homicide_rows.state_code = states.inegi_code
