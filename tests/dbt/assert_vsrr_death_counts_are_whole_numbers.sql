{{ config(meta={'dagster': {'ref': {'name': 'int_cdc_vsrr__latest_vintage'}}}) }}

-- fct_overdose_deaths stores deaths as bigint: every reported / predicted count the
-- newest vintages hold must already be a whole number, so the cast never rounds.

with count_rows as (

    select
        latest.jurisdiction_code,
        latest.month_start,
        latest.indicator,
        latest.reported_value,
        latest.predicted_value
    from {{ ref('int_cdc_vsrr__latest_vintage') }} as latest
    inner join {{ ref('cdc_vsrr_indicators') }} as indicators
        on latest.indicator = indicators.indicator
    where indicators.is_count

)

select *
from count_rows
where
    reported_value <> round(reported_value)
    or predicted_value <> round(predicted_value)
