-- ATF firearms traces, one row per published source x recovery cell of one release file.
-- Rename and normalise labels only (upper case, single spaces); the labels are
-- mapped to geographies in int_atf_firearm_traces__geocoded.

with landed_cells as (

    select * from {{ source('atf_firearms_trace', 'atf_firearms_trace__source_recovery') }}

)

select
    cast(calendar_year as integer) as calendar_year,
    source_state as source_state_label,
    upper(regexp_replace(source_state, '\s+', ' ', 'g')) as source_state,
    recovery_state as recovery_state_label,
    upper(regexp_replace(recovery_state, '\s+', ' ', 'g')) as recovery_state,
    firearms,
    source_sheet,
    source_cell,
    _source_file as source_file,
    _vintage as source_vintage,
    _source_row as source_row
from landed_cells
