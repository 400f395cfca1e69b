-- INEGI registered homicides by state and month, every year from the newest release
-- holding it (a new release of the derived dataset would restate the whole series),
-- states resolved to their geography by INEGI code (the file has no names).

with homicide_rows as (

    select * from {{ ref('stg_inegi__homicides_state_month') }}

),

states as (

    select * from {{ ref('mx_states') }}

),

releases_per_year as (

    select distinct
        calendar_year,
        source_vintage,
        source_file
    from homicide_rows

),

newest_release_per_year as (

    select
        calendar_year,
        source_vintage,
        source_file
    from releases_per_year
    qualify row_number() over (
        partition by calendar_year
        order by source_vintage desc, source_file desc
    ) = 1

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
inner join newest_release_per_year
    on
        homicide_rows.calendar_year = newest_release_per_year.calendar_year
        and homicide_rows.source_file = newest_release_per_year.source_file
        and homicide_rows.source_vintage = newest_release_per_year.source_vintage
left join states
    on homicide_rows.state_code = states.inegi_code
