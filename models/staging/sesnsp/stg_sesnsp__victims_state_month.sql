-- SESNSP victims of crimes of the fuero común, one row per row of one release (cut).
-- Rename, cast and trim only: state resolution and the choice of cut happen in
-- intermediate. Text was repaired to NFC Unicode at landing.

with landed_rows as (

    select * from {{ source('sesnsp', 'sesnsp__victims_state_month') }}

)

select
    cast(year as integer) as calendar_year,
    cast(month as integer) as calendar_month,
    make_date(cast(year as integer), cast(month as integer), 1) as month_start,
    trim(date_year_month) as date_year_month,
    lpad(trim(state_code), 2, '0') as state_code,
    trim(state_name) as state_name,
    trim(bien_juridico) as bien_juridico,
    trim(crime_type) as crime_type,
    trim(crime_subtype) as crime_subtype,
    trim(modality) as modality,
    trim(sex) as sex,
    trim(age_group) as age_group,
    cast(victims as bigint) as victims,
    _source_file as source_file,
    cast(_vintage as date) as source_vintage,
    cast(_source_row as bigint) as source_row
from landed_rows
