-- One row per year: US drug seizures (fiscal year), US overdose deaths (calendar year),
-- Mexican homicides (calendar year), Border Patrol firearm seizures (fiscal year) and the
-- published Mexico trace figures (calendar year). Column suffixes say which year:
-- _fy = US federal fiscal year (October-September), _cy = calendar year.

with seizures as (

    select * from {{ ref('fct_drug_seizures') }}

),

drugs as (

    select * from {{ ref('dim_drug') }}

),

overdose_deaths as (

    select * from {{ ref('fct_overdose_deaths') }}

),

mx_violence as (

    select * from {{ ref('mx_state_violence_monthly') }}

),

registered_homicides as (

    select * from {{ ref('fct_mx_homicides_registered') }}

),

usbp_seizures as (

    select * from {{ ref('fct_usbp_seizures_yearly') }}

),

trace_statements as (

    select * from {{ ref('fct_mexico_firearm_trace_figures') }}

),

seizures_by_fiscal_year as (

    select
        seizures.fiscal_year as year,
        bool_or(seizures.is_fiscal_year_to_date) as is_seizure_fiscal_year_to_date,
        sum(seizures.quantity_lbs) filter (
            where drugs.drug_category = 'fentanyl_synthetic_opioids'
        ) as fentanyl_seized_lbs_fy,
        sum(seizures.quantity_lbs) filter (
            where drugs.drug_category = 'methamphetamine_psychostimulants'
        ) as methamphetamine_seized_lbs_fy,
        sum(seizures.quantity_lbs) filter (where drugs.drug_category = 'cocaine')
            as cocaine_seized_lbs_fy,
        sum(seizures.quantity_lbs) filter (where drugs.drug_category = 'heroin')
            as heroin_seized_lbs_fy,
        {{ source_release_list('seizures.source_file', 'seizures.source_vintage') }}
            as seizures_source_releases
    from seizures
    left join drugs
        on seizures.drug_id = drugs.drug_id
    group by seizures.fiscal_year

),

overdose_by_calendar_year as (

    select
        year(month_start) as year,
        max(reported_deaths_12m) filter (where drug_id = 'cdc:all_drugs')
            as overdose_deaths_all_drugs_cy,
        max(reported_deaths_12m) filter (where drug_id = 'cdc:T40.4')
            as overdose_deaths_synthetic_opioids_cy,
        max(reported_deaths_12m) filter (where drug_id = 'cdc:T43.6')
            as overdose_deaths_psychostimulants_cy,
        max(reported_deaths_12m) filter (where drug_id = 'cdc:T40.5')
            as overdose_deaths_cocaine_cy,
        max(reported_deaths_12m) filter (where drug_id = 'cdc:T40.1')
            as overdose_deaths_heroin_cy,
        max(reported_deaths_12m) filter (where drug_id = 'cdc:T40.0-T40.4+T40.6')
            as overdose_deaths_opioids_cy,
        {{ source_release_list('source_file', 'source_vintage') }} as overdose_source_releases
    from overdose_deaths
    -- the nation's own row (never a sum of states: NY excludes NYC), December = the year
    where geography_id = 'US'
        and month(month_start) = 12
        and drug_id in (
            'cdc:all_drugs', 'cdc:T40.4', 'cdc:T43.6', 'cdc:T40.5', 'cdc:T40.1',
            'cdc:T40.0-T40.4+T40.6'
        )
    group by year(month_start)

),

mx_victims_by_calendar_year as (

    select
        calendar_year as year,
        sum(intentional_homicide_victims) as mx_intentional_homicide_victims_cy,
        sum(firearm_homicide_victims) as mx_firearm_homicide_victims_cy,
        count(distinct month_start) as mx_victim_months_cy,
        string_agg(distinct victims_source_releases, '; ' order by victims_source_releases)
            as mx_victims_source_releases
    from mx_violence
    group by calendar_year

),

registered_by_calendar_year as (

    select
        year(month_start) as year,
        sum(homicides) as mx_registered_homicides_cy,
        count(distinct month_start) as mx_registered_homicide_months_cy,
        {{ source_release_list('source_file', 'source_vintage') }}
            as mx_registered_homicides_source_releases
    from registered_homicides
    group by year(month_start)

),

usbp_firearms_by_fiscal_year as (

    select
        fiscal_year as year,
        quantity as usbp_firearms_seized_fy,
        {{ source_release_id('source_file', 'source_vintage') }} as usbp_source_releases
    from usbp_seizures
    -- the published nationwide total row, never a sum of regions
    where is_total and item = 'firearms'

),

-- statements about Mexico alone and one calendar year (multi-year or regional
-- statements stay in fct_mexico_firearm_trace_figures)
single_year_mexico_statements as (

    select *
    from trace_statements
    where recovery_geography_id = 'MX'
        and period_start_year = period_end_year

),

trace_figures_by_calendar_year as (

    select
        period_start_year as year,
        max(value) filter (where measure = 'firearms_submitted_for_trace')
            as mx_trace_firearms_submitted_cy,
        max(value) filter (where measure = 'firearms_us_sourced')
            as mx_trace_firearms_us_sourced_cy,
        string_agg(
            distinct source_title || ' (' || source_kind || '): ' || source_url, ' | '
        ) as mx_trace_citations,
        string_agg(distinct cast(statement_number as varchar), '; ')
            as mx_trace_statement_numbers,
        {{ source_release_list('source_file', 'source_vintage') }} as mx_trace_source_releases
    from single_year_mexico_statements
    group by period_start_year

),

years as (

    select year from seizures_by_fiscal_year
    union
    select year from overdose_by_calendar_year
    union
    select year from mx_victims_by_calendar_year
    union
    select year from registered_by_calendar_year
    union
    select year from usbp_firearms_by_fiscal_year
    union
    select year from trace_figures_by_calendar_year

)

select
    cast(years.year as integer) as year,
    cast(seizures_by_fiscal_year.is_seizure_fiscal_year_to_date as boolean)
        as is_seizure_fiscal_year_to_date,
    cast(seizures_by_fiscal_year.fentanyl_seized_lbs_fy as double) as fentanyl_seized_lbs_fy,
    cast(seizures_by_fiscal_year.methamphetamine_seized_lbs_fy as double)
        as methamphetamine_seized_lbs_fy,
    cast(seizures_by_fiscal_year.cocaine_seized_lbs_fy as double) as cocaine_seized_lbs_fy,
    cast(seizures_by_fiscal_year.heroin_seized_lbs_fy as double) as heroin_seized_lbs_fy,
    cast(overdose_by_calendar_year.overdose_deaths_all_drugs_cy as bigint)
        as overdose_deaths_all_drugs_cy,
    cast(overdose_by_calendar_year.overdose_deaths_synthetic_opioids_cy as bigint)
        as overdose_deaths_synthetic_opioids_cy,
    cast(overdose_by_calendar_year.overdose_deaths_psychostimulants_cy as bigint)
        as overdose_deaths_psychostimulants_cy,
    cast(overdose_by_calendar_year.overdose_deaths_cocaine_cy as bigint)
        as overdose_deaths_cocaine_cy,
    cast(overdose_by_calendar_year.overdose_deaths_heroin_cy as bigint)
        as overdose_deaths_heroin_cy,
    cast(overdose_by_calendar_year.overdose_deaths_opioids_cy as bigint)
        as overdose_deaths_opioids_cy,
    cast(mx_victims_by_calendar_year.mx_victim_months_cy as integer) as mx_victim_months_cy,
    cast(mx_victims_by_calendar_year.mx_intentional_homicide_victims_cy as bigint)
        as mx_intentional_homicide_victims_cy,
    cast(mx_victims_by_calendar_year.mx_firearm_homicide_victims_cy as bigint)
        as mx_firearm_homicide_victims_cy,
    cast(
        mx_victims_by_calendar_year.mx_firearm_homicide_victims_cy
        / nullif(mx_victims_by_calendar_year.mx_intentional_homicide_victims_cy, 0)
        as double
    ) as mx_firearm_share_of_intentional_homicides_cy,
    cast(registered_by_calendar_year.mx_registered_homicide_months_cy as integer)
        as mx_registered_homicide_months_cy,
    cast(registered_by_calendar_year.mx_registered_homicides_cy as bigint)
        as mx_registered_homicides_cy,
    cast(usbp_firearms_by_fiscal_year.usbp_firearms_seized_fy as bigint)
        as usbp_firearms_seized_fy,
    cast(trace_figures_by_calendar_year.mx_trace_firearms_submitted_cy as bigint)
        as mx_trace_firearms_submitted_cy,
    cast(trace_figures_by_calendar_year.mx_trace_firearms_us_sourced_cy as bigint)
        as mx_trace_firearms_us_sourced_cy,
    cast(trace_figures_by_calendar_year.mx_trace_citations as varchar) as mx_trace_citations,
    cast(trace_figures_by_calendar_year.mx_trace_statement_numbers as varchar)
        as mx_trace_statement_numbers,
    cast(seizures_by_fiscal_year.seizures_source_releases as varchar) as seizures_source_releases,
    cast(overdose_by_calendar_year.overdose_source_releases as varchar) as overdose_source_releases,
    cast(mx_victims_by_calendar_year.mx_victims_source_releases as varchar)
        as mx_victims_source_releases,
    cast(registered_by_calendar_year.mx_registered_homicides_source_releases as varchar)
        as mx_registered_homicides_source_releases,
    cast(usbp_firearms_by_fiscal_year.usbp_source_releases as varchar) as usbp_source_releases,
    cast(trace_figures_by_calendar_year.mx_trace_source_releases as varchar)
        as mx_trace_source_releases
from years
left join seizures_by_fiscal_year
    on years.year = seizures_by_fiscal_year.year
left join overdose_by_calendar_year
    on years.year = overdose_by_calendar_year.year
left join mx_victims_by_calendar_year
    on years.year = mx_victims_by_calendar_year.year
left join registered_by_calendar_year
    on years.year = registered_by_calendar_year.year
left join usbp_firearms_by_fiscal_year
    on years.year = usbp_firearms_by_fiscal_year.year
left join trace_figures_by_calendar_year
    on years.year = trace_figures_by_calendar_year.year
