-- SESNSP crime reports (carpetas de investigación) in the official wide layout: one row
-- per state × year × crime of one release (cut), one column per month. Rename and
-- re-pad codes only; months are unpivoted in int_sesnsp_incidence__unpivoted. A blank month
-- (not yet published) stays NULL here: never coalesce it to zero.

with landed_rows as (

    select * from {{ source('sesnsp', 'sesnsp__incidence_state_month') }}

)

select
    cast(year as integer) as calendar_year,
    -- IDEFC_NM writes '1', the 2026 file '01'
    lpad(state_code, 2, '0') as state_code,
    state_name,
    bien_juridico,
    crime_type,
    crime_subtype,
    modality,
    m01_enero,
    m02_febrero,
    m03_marzo,
    m04_abril,
    m05_mayo,
    m06_junio,
    m07_julio,
    m08_agosto,
    m09_septiembre,
    m10_octubre,
    m11_noviembre,
    m12_diciembre,
    _source_file as source_file,
    _vintage as source_vintage,
    _source_row as source_row
from landed_rows
