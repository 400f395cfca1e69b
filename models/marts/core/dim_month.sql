-- One row per calendar month, January 1996 through December 2030, with the US federal
-- fiscal calendar (FY runs October-September: October 2025 is FY2026, fiscal month 1).

with months as (

    select cast(month_start as date) as month_start
    from range(date '1996-01-01', date '2031-01-01', interval 1 month) as month_range (month_start)

),

month_parts as (

    select
        month_start,
        cast(year(month_start) as integer) as calendar_year,
        cast(month(month_start) as integer) as calendar_month
    from months

)

select
    month_start,
    cast(last_day(month_start) as date) as month_end,
    calendar_year,
    cast((calendar_month - 1) // 3 + 1 as integer) as calendar_quarter,
    calendar_month,
    strftime(month_start, '%B') as month_name,
    strftime(month_start, '%Y-%m') as year_month,
    cast(case when calendar_month >= 10 then calendar_year + 1 else calendar_year end as integer)
        as fiscal_year,
    cast((calendar_month + 2) % 12 + 1 as integer) as fiscal_month,
    cast(((calendar_month + 2) % 12) // 3 + 1 as integer) as fiscal_quarter
from month_parts
