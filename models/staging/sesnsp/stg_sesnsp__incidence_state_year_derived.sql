-- DERIVED yearly SESNSP crime reports per state ('00' = Nacional) with third-party rates,
-- one row per row of one release. Rename and re-pad codes only.

with landed_rows as (

    select * from {{ source('sesnsp', 'sesnsp__incidence_state_year_derived') }}

)

select
    cast(year as integer) as calendar_year,
    lpad(state_code, 2, '0') as state_code,
    state_name,
    bien_juridico,
    crime_type,
    crime_subtype,
    modality,
    crime_reports,
    -- 'NA' in the file (every crime but Feminicidio for the per-women rate) is NULL
    rate_per_100k_inhabitants,
    rate_per_100k_women,
    _source_file as source_file,
    _vintage as source_vintage,
    _source_row as source_row
from landed_rows
