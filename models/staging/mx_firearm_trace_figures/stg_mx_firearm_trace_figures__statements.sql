-- Published statements on firearms recovered in Mexico and traced, one per row, typed.

with landed_statements as (

    select * from {{ source('mx_firearm_trace_figures', 'mx_firearm_trace_figures__statements') }}

)

select
    cast(period_start_year as integer) as period_start_year,
    cast(period_end_year as integer) as period_end_year,
    trim(recovery_country) as recovery_country,
    trim(measure) as measure,
    cast(value as double) as value,
    trim(unit) as unit,
    trim(source_kind) as source_kind,
    trim(source_title) as source_title,
    trim(source_url) as source_url,
    nullif(trim(note), '') as note,
    _source_file as source_file,
    cast(_vintage as date) as source_vintage,
    cast(_source_row as bigint) as source_row
from landed_statements
