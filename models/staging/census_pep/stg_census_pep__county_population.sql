-- Census PEP county population totals, one row per row of one release (vintage), still
-- wide (one column per July 1). Rename and re-pad codes only (typed at landing): unpivoting and the
-- choice of vintage per year happen in intermediate.

with landed_rows as (

    select * from {{ source('census_pep', 'census_pep__county_population') }}

)

select
    -- the mirror's Vintage 2020 copy lost leading zeros ('40', '1', '0'): pad them back
    lpad(sumlev, 3, '0') as summary_level,
    region as region_code,
    division as division_code,
    lpad(state, 2, '0') as state_fips,
    lpad(county, 3, '0') as county_fips,
    stname as state_name,
    ctyname as area_name,
    {% for year in range(2010, 2026) -%}
    popestimate{{ year }} as population_{{ year }},
    {% endfor -%}
    _source_file as source_file,
    _vintage as source_vintage,
    _source_row as source_row
from landed_rows
