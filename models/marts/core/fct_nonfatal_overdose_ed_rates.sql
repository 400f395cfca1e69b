-- CDC DOSE-SYS suspected nonfatal overdoses per 10,000 ED visits by jurisdiction, month
-- and drug group (monthly and 12-month rolling rates).

with rates as (

    select * from {{ ref('int_cdc_dose__sys_unpivoted') }}

)

select
    cast(period_type as varchar) as period_type,
    cast(month_start as date) as month_start,
    cast(geography_id as varchar) as geography_id,
    cast(drug_id as varchar) as drug_id,
    cast(rate_per_10k_ed_visits as double) as rate_per_10k_ed_visits,
    cast(is_suppressed as boolean) as is_suppressed,
    cast(is_not_shared as boolean) as is_not_shared,
    cast(is_not_funded as boolean) as is_not_funded,
    cast(source_file as varchar) as source_file,
    cast(source_vintage as date) as source_vintage
from rates
