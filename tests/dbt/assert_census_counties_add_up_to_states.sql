-- In every Census release and year, the county rows of a state add up exactly to the
-- state row (the publisher's own consistency; a broken parse or a lost county fails it).
-- Returns the state-years that do not add up.

with estimates as (

    select * from {{ ref('int_census_pep__unpivoted') }}

),

state_rows as (

    select source_file, state_fips, calendar_year, population as state_population
    from estimates
    where geography_level = 'state'

),

county_sums as (

    select
        source_file,
        state_fips,
        calendar_year,
        sum(population) as county_population,
        count(*) as counties
    from estimates
    where geography_level = 'county'
    group by source_file, state_fips, calendar_year

)

select
    state_rows.*,
    county_sums.county_population,
    county_sums.counties
from state_rows
full outer join county_sums
    on state_rows.source_file = county_sums.source_file
    and state_rows.state_fips = county_sums.state_fips
    and state_rows.calendar_year = county_sums.calendar_year
where county_sums.county_population is distinct from state_rows.state_population
