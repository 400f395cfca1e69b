-- Census PEP county population totals, one row per row of one release (vintage), still
-- wide (one column per July 1). Rename, cast and re-pad codes only: unpivoting and the
-- choice of vintage per year happen in intermediate.

with landed_rows as (

    select * from {{ source('census_pep', 'census_pep__county_population') }}

)

select
    -- the mirror's Vintage 2020 copy lost leading zeros ('40', '1', '0'): pad them back
    lpad(trim(sumlev), 3, '0') as summary_level,
    trim(region) as region_code,
    trim(division) as division_code,
    lpad(trim(state), 2, '0') as state_fips,
    lpad(trim(county), 3, '0') as county_fips,
    trim(stname) as state_name,
    trim(ctyname) as area_name,
    {% for year in range(2010, 2026) -%}
    cast(popestimate{{ year }} as bigint) as population_{{ year }},
    {% endfor -%}
    _source_file as source_file,
    cast(_vintage as date) as source_vintage,
    cast(_source_row as bigint) as source_row
from landed_rows
