-- CDC VSRR provisional overdose deaths, one row per row of one release (vintage).
-- Rename and map only (typed and trimmed at landing): jurisdiction resolution and vintage choice happen in
-- intermediate.

with landed_rows as (

    select * from {{ source('cdc_vsrr', 'cdc_vsrr__overdose_deaths') }}

)

select
    upper(state_abbr) as state_abbr,
    state_name,
    lpad(state_fips, 2, '0') as state_fips,
    cast(year as integer) as calendar_year,
    cast(month as integer) as calendar_month,
    make_date(year, month, 1) as month_start,
    period,
    indicator,
    -- NULL means suppressed or blank: never coalesce to zero
    data_value as reported_value,
    predicted_value,
    percent_complete,
    percent_pending_investigation,
    footnote,
    footnote_symbol,
    _source_file as source_file,
    _vintage as source_vintage,
    _source_row as source_row
from landed_rows
