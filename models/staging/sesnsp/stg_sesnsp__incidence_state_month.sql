-- SESNSP crime reports (carpetas de investigación) in the official wide layout: one row
-- per state × year × crime of one release (cut), one column per month. Rename, cast and
-- trim only; months are unpivoted in int_sesnsp_incidence__unpivoted. A blank month
-- (not yet published) stays NULL here: never coalesce it to zero.

with landed_rows as (

    select * from {{ source('sesnsp', 'sesnsp__incidence_state_month') }}

)

select
    cast(year as integer) as calendar_year,
    -- IDEFC_NM writes '1', the 2026 file '01'
    lpad(trim(state_code), 2, '0') as state_code,
    trim(state_name) as state_name,
    trim(bien_juridico) as bien_juridico,
    trim(crime_type) as crime_type,
    trim(crime_subtype) as crime_subtype,
    trim(modality) as modality,
    cast(m01_enero as bigint) as m01_enero,
    cast(m02_febrero as bigint) as m02_febrero,
    cast(m03_marzo as bigint) as m03_marzo,
    cast(m04_abril as bigint) as m04_abril,
    cast(m05_mayo as bigint) as m05_mayo,
    cast(m06_junio as bigint) as m06_junio,
    cast(m07_julio as bigint) as m07_julio,
    cast(m08_agosto as bigint) as m08_agosto,
    cast(m09_septiembre as bigint) as m09_septiembre,
    cast(m10_octubre as bigint) as m10_octubre,
    cast(m11_noviembre as bigint) as m11_noviembre,
    cast(m12_diciembre as bigint) as m12_diciembre,
    _source_file as source_file,
    cast(_vintage as date) as source_vintage,
    cast(_source_row as bigint) as source_row
from landed_rows
