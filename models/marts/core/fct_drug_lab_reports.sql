-- NFLIS drug reports by state, period and substance (annual and semi-annual series).

with reports as (

    select * from {{ ref('int_dea_nflis__latest_release') }}

)

select
    cast(period_type as varchar) as period_type,
    cast(period_start as date) as period_start,
    cast(period_last_month as date) as period_last_month,
    cast(calendar_year as integer) as calendar_year,
    cast(state_code as varchar) as state_code,
    cast(geography_id as varchar) as geography_id,
    cast(drug_id as varchar) as drug_id,
    cast(substance_id as varchar) as substance_id,
    cast(substance_description as varchar) as substance_description,
    cast(base_description as varchar) as base_description,
    cast(drug_reports as bigint) as drug_reports,
    cast(source_file as varchar) as source_file,
    cast(source_vintage as date) as source_vintage
from reports
