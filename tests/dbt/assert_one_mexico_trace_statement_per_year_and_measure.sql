-- national_flows_yearly shows one published Mexico trace figure per calendar year and
-- measure: two single-year statements about Mexico for the same year and measure would
-- have to be reconciled by hand before they can be shown side by side with the facts.

select
    period_start_year,
    measure,
    count(*) as statements
from {{ ref('fct_mexico_firearm_trace_figures') }}
where recovery_geography_id = 'MX'
    and period_start_year = period_end_year
    and measure in ('firearms_submitted_for_trace', 'firearms_us_sourced')
group by period_start_year, measure
having count(*) > 1
