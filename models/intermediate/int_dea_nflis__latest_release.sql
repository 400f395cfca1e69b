-- NFLIS drug reports, each year of each periodicity from the newest export holding it.
--
-- Annual and semi-annual exports are different series (their periods differ), so the
-- newest export is chosen per period type and year, taken whole (an export lists only
-- non-zero cells). An unknown PERIOD, drug category or state code fails the build here,
-- naming it.

with report_rows as (

    select * from {{ ref('stg_dea_nflis__drug_reports') }}

),

categories as (

    select * from {{ ref('nflis_drug_categories') }}

),

us_states as (

    select * from {{ ref('us_states') }}

),

chosen_rows as (

    {{ rows_of_newest_release('report_rows', ['period_type', 'calendar_year']) }}

)

select
    case
        when chosen_rows.period_type is null
            then error(
                'NFLIS ' || chosen_rows.source_file || ', row ' || chosen_rows.source_row
                || ': unknown PERIOD ''' || chosen_rows.period_label || ''' (expected the year or '
                || '''SA1 (JAN - JUN)'' / ''SA2 (JUL - DEC)'')'
            )
        else chosen_rows.period_type
    end as period_type,
    chosen_rows.calendar_year,
    chosen_rows.period_label,
    chosen_rows.period_start,
    chosen_rows.period_last_month,
    chosen_rows.state_code,
    case
        when chosen_rows.state_code = 'XX' then null
        when us_states.postal_code is null
            then error(
                'NFLIS ' || chosen_rows.source_file || ', row ' || chosen_rows.source_row
                || ': unknown state code ''' || chosen_rows.state_code
                || ''' (not a postal_code in seeds/us_states.csv)'
            )
        else 'US-' || us_states.postal_code
    end as geography_id,
    case
        when categories.drug_id is null
            then error(
                'NFLIS ' || chosen_rows.source_file || ', row ' || chosen_rows.source_row
                || ': unknown drug category ' || chosen_rows.drug_category_code || ' ('''
                || chosen_rows.drug_category_description
                || '''): add it to seeds/nflis_drug_categories.csv'
            )
        else categories.drug_id
    end as drug_id,
    chosen_rows.substance_id,
    chosen_rows.substance_description,
    chosen_rows.base_id,
    chosen_rows.base_description,
    chosen_rows.lab_type,
    chosen_rows.drug_reports,
    chosen_rows.source_file,
    chosen_rows.source_vintage
from chosen_rows
left join categories
    on chosen_rows.drug_category_code = categories.drug_category_code
left join us_states
    on chosen_rows.state_code = us_states.postal_code
