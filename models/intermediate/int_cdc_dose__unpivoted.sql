-- DOSE-DX jurisdiction counts and rates, one row per drug group, values typed.
--
-- Each year comes whole from the newest download holding it. A count or rate is a number,
-- 'suppressed' (small cell, withheld) or 'NA' (the drug cannot be identified in that
-- jurisdiction's coding): both markers become NULL with a flag, never zero. Any other
-- text, or a drug group missing from seeds/cdc_dose_drugs.csv, fails the build naming it.

with dose_rows as (

    select * from {{ ref('stg_cdc_dose__dx_jurisdiction') }}

),

dose_drugs as (

    select * from {{ ref('cdc_dose_drugs') }}

),

chosen_rows as (

    {{ rows_of_newest_release('dose_rows', ['period_type', 'calendar_year']) }}

),

counts as (

    unpivot chosen_rows
    on columns('^count_')
    into name count_column value count_text

),

rates as (

    unpivot chosen_rows
    on columns('^rate_')
    into name rate_column value rate_text

),

drug_values as (

    select
        counts.jurisdiction,
        counts.calendar_year,
        counts.period_type,
        counts.period_start,
        counts.period_last_month,
        counts.care_setting,
        counts.population,
        replace(counts.count_column, 'count_', '') as dose_drug,
        trim(counts.count_text) as count_text,
        trim(rates.rate_text) as rate_text,
        counts.source_file,
        counts.source_vintage,
        counts.source_row
    from counts
    inner join rates
        on
            counts.source_file = rates.source_file
            and counts.source_row = rates.source_row
            and replace(counts.count_column, 'count_', '') = replace(rates.rate_column, 'rate_', '')

)

select
    drug_values.jurisdiction,
    case when drug_values.jurisdiction = 'US' then 'US' else 'US-' || drug_values.jurisdiction end
        as geography_id,
    drug_values.calendar_year,
    drug_values.period_type,
    drug_values.period_start,
    drug_values.period_last_month,
    drug_values.care_setting,
    case
        when dose_drugs.drug_id is null
            then error(
                'DOSE ' || drug_values.source_file || ': unknown drug group '''
                || drug_values.dose_drug || ''': add it to seeds/cdc_dose_drugs.csv'
            )
        else dose_drugs.drug_id
    end as drug_id,
    case
        when drug_values.count_text in ('suppressed', 'NA') then null
        when try_cast(drug_values.count_text as bigint) is not null
            then try_cast(drug_values.count_text as bigint)
        else error(
            'DOSE ' || drug_values.source_file || ', row ' || drug_values.source_row
            || ', column count_' || drug_values.dose_drug || ': '''
            || coalesce(drug_values.count_text, '') || ''' is not a count, ''suppressed'' or ''NA'''
        )
    end as visits,
    case
        when drug_values.rate_text in ('suppressed', 'NA') then null
        when try_cast(drug_values.rate_text as double) is not null
            then try_cast(drug_values.rate_text as double)
        else error(
            'DOSE ' || drug_values.source_file || ', row ' || drug_values.source_row
            || ', column rate_' || drug_values.dose_drug || ': '''
            || coalesce(drug_values.rate_text, '') || ''' is not a rate, ''suppressed'' or ''NA'''
        )
    end as rate_per_100k,
    drug_values.count_text = 'suppressed' as is_suppressed,
    drug_values.count_text = 'NA' as is_not_available,
    drug_values.population,
    drug_values.source_file,
    drug_values.source_vintage
from drug_values
left join dose_drugs
    on drug_values.dose_drug = dose_drugs.dose_drug
