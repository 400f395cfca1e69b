-- DERIVED yearly SESNSP crime reports per state ('00' = Nacional) with third-party rates,
-- one row per row of one release. Rename, cast and trim only.

with landed_rows as (

    select * from {{ source('sesnsp', 'sesnsp__incidence_state_year_derived') }}

)

select
    cast(year as integer) as calendar_year,
    lpad(trim(state_code), 2, '0') as state_code,
    trim(state_name) as state_name,
    trim(bien_juridico) as bien_juridico,
    trim(crime_type) as crime_type,
    trim(crime_subtype) as crime_subtype,
    trim(modality) as modality,
    cast(crime_reports as bigint) as crime_reports,
    -- 'NA' in the file (every crime but Feminicidio for the per-women rate) is NULL
    cast(rate_per_100k_inhabitants as double) as rate_per_100k_inhabitants,
    cast(rate_per_100k_women as double) as rate_per_100k_women,
    _source_file as source_file,
    cast(_vintage as date) as source_vintage,
    cast(_source_row as bigint) as source_row
from landed_rows
