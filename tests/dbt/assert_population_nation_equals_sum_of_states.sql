-- The nation equals the sum of its states in every year, for both countries:
--   * 'US' (built here as the sum of the 50 states + DC) equals the sum of every COUNTY
--     row of the same Census release and year — an independent path to the same total;
--   * 'MX' (CONAPO's published 'Nacional') equals the sum of the 32 states, for the total
--     and for each sex (true of CONAPO's 2023 figures in every year, 1970-2070).
-- Returns the country-years that do not add up.
-- (Attached to fct_population as its Dagster asset check.)
{{ config(meta={'dagster': {'ref': {'name': 'fct_population'}}}) }}

with population as (

    select * from {{ ref('fct_population') }}

),

census_estimates as (

    select * from {{ ref('int_census_pep__unpivoted') }}

),

us_county_sums as (

    select
        'US' as geography_id,
        calendar_year,
        source_file,
        sum(population) as population,
        cast(null as bigint) as population_male,
        cast(null as bigint) as population_female
    from census_estimates
    where geography_level = 'county'
    group by calendar_year, source_file

),

mx_state_sums as (

    select
        'MX' as geography_id,
        calendar_year,
        source_file,
        sum(population) as population,
        sum(population_male) as population_male,
        sum(population_female) as population_female
    from population
    where geography_id like 'MX-%'
    group by calendar_year, source_file
    -- all 32 states present, or the year is reported below as not adding up
    having count(*) = 32

),

expected_totals as (

    select * from us_county_sums
    union all
    select * from mx_state_sums

),

national_rows as (

    select * from population
    where geography_id in ('US', 'MX')

)

select
    national_rows.geography_id,
    national_rows.calendar_year,
    national_rows.population,
    expected_totals.population as sum_of_parts,
    national_rows.population_male,
    expected_totals.population_male as sum_of_parts_male,
    national_rows.population_female,
    expected_totals.population_female as sum_of_parts_female
from national_rows
left join expected_totals
    on national_rows.geography_id = expected_totals.geography_id
    and national_rows.calendar_year = expected_totals.calendar_year
    and national_rows.source_file = expected_totals.source_file
where expected_totals.population is distinct from national_rows.population
    or expected_totals.population_male is distinct from national_rows.population_male
    or expected_totals.population_female is distinct from national_rows.population_female
