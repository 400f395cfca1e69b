-- DOSE-DX jurisdiction counts and rates, one row per published row: rename and type the
-- period; counts and rates stay text here (markers), int_cdc_dose__unpivoted types them.

with landed_rows as (

    select * from {{ source('cdc_dose', 'cdc_dose__dx_jurisdiction') }}

)

select
    upper(jurisdiction) as jurisdiction,
    cast(year as integer) as calendar_year,
    case when lower(time_frame) = 'annual' then 'year' else 'month' end as period_type,
    lower(time_frame) as time_frame,
    month as month_label,
    case
        when lower(month) = 'all' then make_date(year, 1, 1)
        else make_date(year, try_cast(month as integer), 1)
    end as period_start,
    case
        when lower(month) = 'all' then make_date(year, 12, 1)
        else make_date(year, try_cast(month as integer), 1)
    end as period_last_month,
    upper(dataset) as care_setting,
    population,
    count_alldrug,
    count_opioid,
    count_fentanyl,
    count_heroin,
    count_stimulant,
    count_cocaine,
    count_methamphetamine,
    count_benzodiazepine,
    rate_alldrug,
    rate_opioid,
    rate_fentanyl,
    rate_heroin,
    rate_stimulant,
    rate_cocaine,
    rate_methamphetamine,
    rate_benzodiazepine,
    _source_file as source_file,
    _vintage as source_vintage,
    _source_row as source_row
from landed_rows
