-- U.S. population by state and year from the newest Census vintage that estimates the
-- year, plus the nation as the sum of its 50 states and DC.
--
-- Each vintage re-estimates every year back to the last census, so the newest one holding
-- a year wins: Vintage 2025 for 2020-2025 (its 2020 replaces Vintage 2020's 2010-based
-- 2020), Vintage 2020 for 2010-2019. County rows are not used here: they add up to their
-- state rows (tests/dbt/assert_census_counties_add_up_to_states.sql).

with estimates as (

    select * from {{ ref('int_census_pep__unpivoted') }}

),

states as (

    select * from {{ ref('us_states') }}

),

newest_state_estimates as (

    select *
    from estimates
    where geography_level = 'state'
    qualify row_number() over (
        partition by state_fips, calendar_year
        order by source_vintage desc, source_file desc
    ) = 1

),

state_rows as (

    select
        'US-' || states.postal_code as geography_id,
        'state' as geography_level,
        newest_state_estimates.calendar_year,
        newest_state_estimates.population,
        1 as states_summed,
        newest_state_estimates.census_vintage,
        newest_state_estimates.source_label,
        newest_state_estimates.source_file,
        newest_state_estimates.source_vintage
    from newest_state_estimates
    inner join states
        on newest_state_estimates.state_fips = states.state_fips

),

-- 50 states + DC; Puerto Rico is not in these files and not in the U.S. total
nation_rows as (

    select
        'US' as geography_id,
        'country' as geography_level,
        calendar_year,
        sum(population) as population,
        count(*) as states_summed,
        census_vintage,
        source_label,
        source_file,
        source_vintage
    from state_rows
    group by calendar_year, census_vintage, source_label, source_file, source_vintage

)

select * from state_rows
union all
select * from nation_rows
