-- Every VSRR row resolved to one CDC jurisdiction code, then the newest vintage kept per
-- (jurisdiction, month, indicator).
--
-- Layouts identify the jurisdiction differently:
--   * official CSV / API: state_abbr (CDC code: 'US', 'YC' = New York City, 'NY' = New
--     York State EXCLUDING NYC, 'PR' ...)
--   * December-totals subset: state_name only ('United States', 'New York City' ...)
--   * derived state-month JSON: state_fips only (states and DC, no US / NYC)
--
-- Trap: the derived JSON's FIPS 36 is New York State INCLUDING New York City (its author
-- summed CDC's NY and YC rows: e.g. Dec 2015 2,761 = NY 1,802 + YC 959). CDC publishes
-- no such jurisdiction, and calling it 'NY' would double-count NYC, so those rows are
-- dropped here (CDC's own NY and YC rows from other releases cover those months where
-- available).

with vsrr_rows as (

    select * from {{ ref('stg_cdc_vsrr__overdose_deaths') }}

),

jurisdictions as (

    select * from {{ ref('cdc_vsrr_jurisdictions') }}

),

states as (

    select * from {{ ref('us_states') }}

),

rows_with_jurisdiction as (

    select
        vsrr_rows.*,
        case
            when vsrr_rows.state_abbr is not null then 'abbreviation'
            when vsrr_rows.state_name is not null then 'name'
            when vsrr_rows.state_fips is not null then 'fips'
        end as resolved_by,
        case
            when vsrr_rows.state_abbr is not null then vsrr_rows.state_abbr
            when vsrr_rows.state_name is not null then jurisdictions_by_name.cdc_code
            when vsrr_rows.state_fips is not null then states_by_fips.postal_code
        end as jurisdiction_code
    from vsrr_rows
    left join jurisdictions as jurisdictions_by_name
        on lower(vsrr_rows.state_name) = lower(jurisdictions_by_name.cdc_state_name)
    left join states as states_by_fips
        on vsrr_rows.state_fips = states_by_fips.state_fips

),

rows_with_cdc_jurisdiction as (

    select *
    from rows_with_jurisdiction
    -- FIPS 36 in the FIPS-only layout = NY State incl. NYC: not a CDC jurisdiction
    where not (resolved_by = 'fips' and state_fips = '36')

),

newest_vintage_rows as (

    select *
    from rows_with_cdc_jurisdiction
    qualify row_number() over (
        partition by jurisdiction_code, month_start, indicator
        order by source_vintage desc, source_file desc, source_row
    ) = 1

)

select
    jurisdiction_code,
    resolved_by,
    state_abbr,
    state_name,
    state_fips,
    calendar_year,
    calendar_month,
    month_start,
    period,
    indicator,
    reported_value,
    predicted_value,
    percent_complete,
    percent_pending_investigation,
    footnote,
    footnote_symbol,
    source_file,
    source_vintage,
    source_row
from newest_vintage_rows
