-- CDC VSRR provisional drug overdose deaths: 12 month-ending counts by jurisdiction,
-- month and indicator, each from the newest release that has it.

with deaths as (

    select * from {{ ref('int_cdc_vsrr__latest_vintage') }}

),

indicators as (

    select * from {{ ref('cdc_vsrr_indicators') }}

),

jurisdictions as (

    select * from {{ ref('cdc_vsrr_jurisdictions') }}

),

count_indicator_rows as (

    select
        deaths.*,
        indicators.drug_id
    from deaths
    inner join indicators
        on deaths.indicator = indicators.indicator
    -- 'Percent with drugs specified' is a percent (data quality), not a number of deaths
    where indicators.is_count

)

select
    cast(jurisdictions.geography_id as varchar) as geography_id,
    cast(count_indicator_rows.month_start as date) as month_start,
    cast(count_indicator_rows.drug_id as varchar) as drug_id,
    cast(count_indicator_rows.indicator as varchar) as indicator,
    cast(count_indicator_rows.reported_value as bigint) as reported_deaths_12m,
    cast(count_indicator_rows.predicted_value as bigint) as predicted_deaths_12m,
    cast(count_indicator_rows.reported_value is null as boolean) as is_suppressed,
    cast(count_indicator_rows.percent_complete as varchar) as percent_complete,
    cast(count_indicator_rows.footnote as varchar) as footnote,
    cast(count_indicator_rows.source_file as varchar) as source_file,
    cast(count_indicator_rows.source_vintage as date) as source_vintage
from count_indicator_rows
left join jurisdictions
    on count_indicator_rows.jurisdiction_code = jurisdictions.cdc_code
