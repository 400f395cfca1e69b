-- BTS border crossings, one row per published row of one export file.
-- Rename, cast and clean only: repeats and overlapping exports are handled in
-- int_bts_border_crossings__deduplicated.

with landed_rows as (

    select * from {{ source('bts_border_crossing', 'bts_border_crossing__port_month_measure') }}

)

select
    trim(port_code) as port_code,
    trim(port_name) as port_name,
    trim(state) as state_name,
    trim(border) as border,
    cast(month_start as date) as month_start,
    trim(measure) as measure,
    cast(value as bigint) as crossings,
    cast(latitude as double) as latitude,
    cast(longitude as double) as longitude,
    _source_file as source_file,
    cast(_vintage as date) as source_vintage,
    cast(_source_row as bigint) as source_row
from landed_rows
