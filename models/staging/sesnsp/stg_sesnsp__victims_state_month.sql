-- SESNSP victims of crimes of the fuero común, one row per row of one release (cut).
-- Rename and re-pad codes only: state resolution and the choice of cut happen in
-- intermediate. Text was repaired to NFC Unicode at landing.

with landed_rows as (

    select * from {{ source('sesnsp', 'sesnsp__victims_state_month') }}

)

select
    cast(year as integer) as calendar_year,
    cast(month as integer) as calendar_month,
    make_date(year, month, 1) as month_start,
    date_year_month,
    lpad(state_code, 2, '0') as state_code,
    state_name,
    bien_juridico,
    crime_type,
    crime_subtype,
    modality,
    sex,
    age_group,
    victims,
    _source_file as source_file,
    _vintage as source_vintage,
    _source_row as source_row
from landed_rows
