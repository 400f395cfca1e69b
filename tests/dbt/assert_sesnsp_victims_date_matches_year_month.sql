-- The SESNSP victims file carries its month twice: n_year/n_month and date_year_month
-- (the 15th of the month). They must agree, or rows would land in the wrong month.

select
    source_file,
    source_row,
    date_year_month,
    calendar_year,
    calendar_month
from {{ ref('stg_sesnsp__victims_state_month') }}
where try_cast(date_year_month as date) is distinct from make_date(calendar_year, calendar_month, 15)
