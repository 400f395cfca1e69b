-- ATF firearms traces, one row per published source x recovery cell of one release file.
-- Rename, cast and normalise labels only (trim, upper case, single spaces); the labels are
-- mapped to geographies in int_atf_firearm_traces__geocoded.

with landed_cells as (

    select * from {{ source('atf_firearms_trace', 'atf_firearms_trace__source_recovery') }}

)

select
    cast(calendar_year as integer) as calendar_year,
    trim(source_state) as source_state_label,
    upper(regexp_replace(trim(source_state), '\s+', ' ', 'g')) as source_state,
    trim(recovery_state) as recovery_state_label,
    upper(regexp_replace(trim(recovery_state), '\s+', ' ', 'g')) as recovery_state,
    cast(firearms as bigint) as firearms,
    source_sheet,
    source_cell,
    _source_file as source_file,
    cast(_vintage as date) as source_vintage,
    cast(_source_row as bigint) as source_row
from landed_cells
