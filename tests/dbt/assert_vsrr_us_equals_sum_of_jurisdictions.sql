-- CDC VSRR: the reported 12-month-ending death count of the United States ('US') equals
-- the sum of its 52 reporting jurisdictions -- 50 states with New York State excluding
-- New York City ('US-NY'), the District of Columbia and New York City ('US-NYC'); Puerto
-- Rico ('US-PR', in 2025-2026 releases only) is not part of the US figure. True in every
-- release held (2019-04-17: 45 months, 2024-05-01: 107 months, 2025-12-18: December
-- rows), for every month and count indicator where all 52 are reported.
-- Checked per month x indicator x release, where the US and all 52 jurisdictions come from
-- the same release and none is suppressed (a suppressed cell makes the sum unknowable;
-- predicted values are modelled per jurisdiction and do not add up).
-- Returns the month-indicator-releases that do not add up.
-- (Attached to fct_overdose_deaths as its Dagster asset check.)
{{ config(meta={'dagster': {'ref': {'name': 'fct_overdose_deaths'}}}) }}

with overdose_deaths as (

    select * from {{ ref('fct_overdose_deaths') }}

),

jurisdiction_sums as (

    select
        month_start,
        indicator,
        source_vintage,
        sum(reported_deaths_12m) as sum_of_jurisdictions,
        count(reported_deaths_12m) filter (where not is_suppressed) as jurisdictions_reported
    from overdose_deaths
    where geography_id not in ('US', 'US-PR')
    group by month_start, indicator, source_vintage

),

national_rows as (

    select * from overdose_deaths
    where geography_id = 'US'
        and not is_suppressed
        and reported_deaths_12m is not null

)

select
    national_rows.month_start,
    national_rows.indicator,
    national_rows.source_vintage,
    national_rows.reported_deaths_12m,
    jurisdiction_sums.sum_of_jurisdictions
from national_rows
inner join jurisdiction_sums
    on national_rows.month_start = jurisdiction_sums.month_start
    and national_rows.indicator = jurisdiction_sums.indicator
    and national_rows.source_vintage = jurisdiction_sums.source_vintage
where jurisdiction_sums.jurisdictions_reported = 52
    and jurisdiction_sums.sum_of_jurisdictions <> national_rows.reported_deaths_12m
