-- BTS border crossings, one row per published row of one export file.
-- Rename only (typed and trimmed at landing): repeats and overlapping exports are handled in
-- int_bts_border_crossings__deduplicated.

with landed_rows as (

    select * from {{ source('bts_border_crossing', 'bts_border_crossing__port_month_measure') }}

)

select
    port_code,
    port_name,
    state as state_name,
    border,
    month_start,
    measure,
    value as crossings,
    latitude,
    longitude,
    _source_file as source_file,
    _vintage as source_vintage,
    _source_row as source_row
from landed_rows
