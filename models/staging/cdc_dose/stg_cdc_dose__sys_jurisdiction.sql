-- DOSE-SYS jurisdiction rates, one row per published row: rename and type the period;
-- rates stay text here (markers), int_cdc_dose__sys_unpivoted types them.

with landed_rows as (

    select * from {{ source('cdc_dose', 'cdc_dose__sys_jurisdiction') }}

)

select
    upper(jurisdiction) as jurisdiction,
    case
        when lower(rate_time) = 'annual' then '12_months_ending'
        when lower(rate_time) = 'monthly' then 'month'
    end as period_type,
    rate_time,
    make_date(year, month, 1) as month_start,
    drug_rate,
    opioid_rate,
    fentanyl_rate,
    heroin_rate,
    stimulant_rate,
    cocaine_rate,
    methamphetamine_rate,
    benzodiazepine_rate,
    _source_file as source_file,
    _vintage as source_vintage,
    _source_row as source_row
from landed_rows
