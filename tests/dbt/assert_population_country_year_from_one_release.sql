-- Within a country, every geography of a year comes from the same release (one vintage
-- per year: no state from Vintage 2020 beside another from Vintage 2025), and every
-- state-year of the country is present (52 U.S. rows = nation + 50 states + DC;
-- 33 Mexican rows = nation + 32 states).
-- Returns the country-years that break it.

with population as (

    select
        *,
        left(geography_id, 2) as country_code
    from {{ ref('fct_population') }}

)

select
    country_code,
    calendar_year,
    count(distinct source_file) as releases,
    count(*) as geographies
from population
group by country_code, calendar_year
having
    count(distinct source_file) <> 1
    or count(*) <> case country_code when 'US' then 52 when 'MX' then 33 end
