-- Published statements on firearms recovered in Mexico and traced, one per row, typed.

with landed_statements as (

    select * from {{ source('mx_firearm_trace_figures', 'mx_firearm_trace_figures__statements') }}

)

select
    cast(period_start_year as integer) as period_start_year,
    cast(period_end_year as integer) as period_end_year,
    recovery_country,
    measure,
    value,
    unit,
    source_kind,
    source_title,
    source_url,
    note,
    _source_file as source_file,
    _vintage as source_vintage,
    _source_row as source_row
from landed_statements
