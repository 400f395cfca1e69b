-- Census PEP estimates, one row per (release, state or county, year): the wide
-- population_<year> columns of staging turned into rows. Every vintage is kept; years a
-- release does not estimate (NULL) are dropped by the unpivot.
--
-- A release's Census vintage is the last July 1 it estimates ("Vintage 2025" estimates
-- 2020-2025), so the label comes from the data, not from the file name.

with release_rows as (

    select * from {{ ref('stg_census_pep__county_population') }}

),

estimates as (

    unpivot release_rows
    on columns('^population_[0-9]{4}$')
    into name population_column value population

),

estimates_with_year as (

    select
        *,
        cast(right(population_column, 4) as integer) as calendar_year
    from estimates

),

estimates_with_vintage as (

    select
        *,
        max(calendar_year) over (partition by source_file, source_vintage) as census_vintage
    from estimates_with_year

)

select
    summary_level,
    case summary_level when '040' then 'state' when '050' then 'county' end
        as geography_level,
    state_fips,
    county_fips,
    state_name,
    area_name,
    calendar_year,
    population,
    census_vintage,
    'Census PEP Vintage ' || census_vintage as source_label,
    source_file,
    source_vintage,
    source_row
from estimates_with_vintage
