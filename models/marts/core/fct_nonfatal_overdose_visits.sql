-- CDC DOSE-DX nonfatal overdose ED visits and hospitalisations by jurisdiction, period,
-- care setting and drug group.

with visits as (

    select * from {{ ref('int_cdc_dose__unpivoted') }}

)

select
    cast(period_type as varchar) as period_type,
    cast(period_start as date) as period_start,
    cast(period_last_month as date) as period_last_month,
    cast(calendar_year as integer) as calendar_year,
    cast(geography_id as varchar) as geography_id,
    cast(jurisdiction = 'US' as boolean) as is_participating_jurisdictions_total,
    cast(care_setting as varchar) as care_setting,
    cast(drug_id as varchar) as drug_id,
    cast(visits as bigint) as visits,
    cast(rate_per_100k as double) as rate_per_100k,
    cast(population as bigint) as population,
    cast(is_suppressed as boolean) as is_suppressed,
    cast(is_not_available as boolean) as is_not_available,
    cast(source_file as varchar) as source_file,
    cast(source_vintage as date) as source_vintage
from visits
