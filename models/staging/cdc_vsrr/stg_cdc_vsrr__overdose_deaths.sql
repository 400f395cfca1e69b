-- CDC VSRR provisional overdose deaths, one row per row of one release (vintage).
-- Rename, cast and clean only: jurisdiction resolution and vintage choice happen in
-- intermediate.

with landed_rows as (

    select * from {{ source('cdc_vsrr', 'cdc_vsrr__overdose_deaths') }}

)

select
    nullif(upper(trim(state_abbr)), '') as state_abbr,
    nullif(trim(state_name), '') as state_name,
    case
        when nullif(trim(state_fips), '') is not null then lpad(trim(state_fips), 2, '0')
    end as state_fips,
    cast(year as integer) as calendar_year,
    cast(month as integer) as calendar_month,
    make_date(cast(year as integer), cast(month as integer), 1) as month_start,
    nullif(trim(period), '') as period,
    trim(indicator) as indicator,
    -- NULL means suppressed or blank: never coalesce to zero
    cast(data_value as double) as reported_value,
    cast(predicted_value as double) as predicted_value,
    nullif(trim(percent_complete), '') as percent_complete,
    cast(percent_pending_investigation as double) as percent_pending_investigation,
    nullif(trim(footnote), '') as footnote,
    nullif(trim(footnote_symbol), '') as footnote_symbol,
    _source_file as source_file,
    cast(_vintage as date) as source_vintage,
    cast(_source_row as bigint) as source_row
from landed_rows
