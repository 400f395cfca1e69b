-- DOSE-DX jurisdiction counts and rates, one row per published row: rename and type the
-- period; counts and rates stay text here (markers), int_cdc_dose__unpivoted types them.

with landed_rows as (

    select * from {{ source('cdc_dose', 'cdc_dose__dx_jurisdiction') }}

)

select
    upper(trim(jurisdiction)) as jurisdiction,
    cast(year as integer) as calendar_year,
    case when lower(trim(time_frame)) = 'annual' then 'year' else 'month' end as period_type,
    lower(trim(time_frame)) as time_frame,
    trim(month) as month_label,
    case
        when lower(trim(month)) = 'all' then make_date(cast(year as integer), 1, 1)
        else make_date(cast(year as integer), try_cast(trim(month) as integer), 1)
    end as period_start,
    case
        when lower(trim(month)) = 'all' then make_date(cast(year as integer), 12, 1)
        else make_date(cast(year as integer), try_cast(trim(month) as integer), 1)
    end as period_last_month,
    upper(trim(dataset)) as care_setting,
    cast(population as bigint) as population,
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
    cast(_vintage as date) as source_vintage,
    cast(_source_row as bigint) as source_row
from landed_rows
