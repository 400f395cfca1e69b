-- Population denominators: U.S. (Census PEP) and Mexico (CONAPO), one row per geography
-- and calendar year, all as of 1 July.
--
-- Years kept: the U.S. years the landed Census vintages estimate (2010-2025); Mexico
-- 2000-2030 — every year the warehouse's Mexican facts can need a denominator for (INEGI
-- homicides start in 2000, SESNSP runs to the current year) plus a few projected years
-- ahead. Further projections (to 2070) stay in int_conapo__pivoted.

with us_population as (

    select * from {{ ref('int_census_pep__latest_vintage') }}

),

mx_population as (

    select * from {{ ref('int_conapo__pivoted') }}
    where calendar_year between 2000 and 2030

),

population_rows as (

    select
        geography_id,
        calendar_year,
        population,
        null as population_male,
        null as population_female,
        source_label,
        false as is_projection,
        source_file,
        source_vintage
    from us_population
    union all
    select
        geography_id,
        calendar_year,
        population,
        population_male,
        population_female,
        source_label,
        is_projection,
        source_file,
        source_vintage
    from mx_population

)

select
    cast(geography_id as varchar) as geography_id,
    cast(calendar_year as integer) as calendar_year,
    cast(make_date(calendar_year, 7, 1) as date) as reference_date,
    cast(population as bigint) as population,
    cast(population_male as bigint) as population_male,
    cast(population_female as bigint) as population_female,
    cast(source_label as varchar) as source,
    cast(is_projection as boolean) as is_projection,
    cast(source_file as varchar) as source_file,
    cast(source_vintage as date) as vintage
from population_rows
