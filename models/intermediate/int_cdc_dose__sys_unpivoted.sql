-- DOSE-SYS jurisdiction rates, one row per drug group, rates typed.
--
-- Each month of each period type comes from the newest download holding it. A rate is a
-- number or a marker: '*' (suppressed, fewer than 20 overdoses), '§' (the state does not
-- share syndromic data with DOSE) or '¶' (the state is not in DOSE syndromic
-- surveillance); markers become NULL with a flag, never zero. Any other text fails the
-- build naming file, row and column.

with rate_rows as (

    select * from {{ ref('stg_cdc_dose__sys_jurisdiction') }}

),

dose_drugs as (

    select * from {{ ref('cdc_dose_drugs') }}

),

chosen_rows as (

    {{ rows_of_newest_release('rate_rows', ['period_type', 'month_start']) }}

),

rates as (

    unpivot chosen_rows
    on columns('_rate$')
    into name rate_column value rate_text

)

select
    rates.jurisdiction,
    'US-' || rates.jurisdiction as geography_id,
    rates.period_type,
    rates.month_start,
    case
        when dose_drugs.drug_id is null
            then error(
                'DOSE ' || rates.source_file || ': unknown drug rate column '''
                || rates.rate_column || ''': add it to seeds/cdc_dose_drugs.csv'
            )
        else dose_drugs.drug_id
    end as drug_id,
    case
        when trim(rates.rate_text) in ('*', '§', '¶') then null
        when try_cast(trim(rates.rate_text) as double) is not null
            then try_cast(trim(rates.rate_text) as double)
        else error(
            'DOSE ' || rates.source_file || ', row ' || rates.source_row || ', column '
            || rates.rate_column || ': ''' || coalesce(rates.rate_text, '')
            || ''' is not a rate or a marker (*, §, ¶)'
        )
    end as rate_per_10k_ed_visits,
    trim(rates.rate_text) = '*' as is_suppressed,
    trim(rates.rate_text) = '§' as is_not_shared,
    trim(rates.rate_text) = '¶' as is_not_funded,
    rates.source_file,
    rates.source_vintage
from rates
left join dose_drugs
    on rates.rate_column = dose_drugs.sys_rate_column
