-- DOSE-SYS jurisdiction rates, one row per published row: rename and type the period;
-- rates stay text here (markers), int_cdc_dose__sys_unpivoted types them.

with landed_rows as (

    select * from {{ source('cdc_dose', 'cdc_dose__sys_jurisdiction') }}

)

select
    upper(trim(jurisdiction)) as jurisdiction,
    case
        when lower(trim(rate_time)) = 'annual' then '12_months_ending'
        when lower(trim(rate_time)) = 'monthly' then 'month'
    end as period_type,
    trim(rate_time) as rate_time,
    make_date(cast(year as integer), cast(month as integer), 1) as month_start,
    drug_rate,
    opioid_rate,
    fentanyl_rate,
    heroin_rate,
    stimulant_rate,
    cocaine_rate,
    methamphetamine_rate,
    benzodiazepine_rate,
    _source_file as source_file,
    cast(_vintage as date) as source_vintage,
    cast(_source_row as bigint) as source_row
from landed_rows
