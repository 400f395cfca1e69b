-- CONAPO population of Mexico and its states, one row per entity and year with the
-- total and both sexes side by side, keyed by geography_id ('MX', 'MX-<ISO 3166-2>').
-- Should CONAPO publish a new round, the newest release holding an entity-year wins.
--
-- Conciliation vs projection: CONAPO's 2023 round reconciles 1950-2019 with the censuses
-- and projects 2020-2070, so a year from 2020 on is a projection.

with population as (

    select * from {{ ref('stg_conapo__state_population') }}

),

mx_states as (

    select * from {{ ref('mx_states') }}

),

newest_release_rows as (

    select *
    from population
    qualify row_number() over (
        partition by inegi_code, calendar_year, sex
        order by source_vintage desc, source_file desc
    ) = 1

),

pivoted as (

    select
        inegi_code,
        calendar_year,
        max(population_july_1) filter (where sex = 'total') as population,
        max(population_july_1) filter (where sex = 'male') as population_male,
        max(population_july_1) filter (where sex = 'female') as population_female,
        max(population_january_1) filter (where sex = 'total') as population_january_1,
        source_file,
        source_vintage
    from newest_release_rows
    group by inegi_code, calendar_year, source_file, source_vintage

)

select
    case when pivoted.inegi_code = '00' then 'MX' else mx_states.iso_code end as geography_id,
    case when pivoted.inegi_code = '00' then 'country' else 'state' end as geography_level,
    pivoted.inegi_code,
    pivoted.calendar_year,
    pivoted.population,
    pivoted.population_male,
    pivoted.population_female,
    pivoted.population_january_1,
    pivoted.calendar_year >= 2020 as is_projection,
    'CONAPO ' || year(pivoted.source_vintage) as source_label,
    pivoted.source_file,
    pivoted.source_vintage
from pivoted
left join mx_states
    on pivoted.inegi_code = mx_states.inegi_code
