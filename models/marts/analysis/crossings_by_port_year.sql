-- Inbound crossings per port, calendar year and measure, with the change on the year
-- before. A year is complete when all 12 months are covered; changes are given only
-- between two complete years.

with crossings as (

    select * from {{ ref('fct_border_crossings') }}

),

months as (

    select * from {{ ref('dim_month') }}

),

ports as (

    select * from {{ ref('dim_port') }}

),

measures as (

    select * from {{ ref('dim_crossing_measure') }}

),

yearly as (

    select
        crossings.port_code,
        crossings.measure,
        months.calendar_year,
        sum(crossings.crossings) as crossings,
        count(*) as months_covered
    from crossings
    inner join months
        on crossings.month_start = months.month_start
    group by crossings.port_code, crossings.measure, months.calendar_year

),

with_previous as (

    select
        yearly.*,
        lag(yearly.calendar_year) over by_port_measure as previous_calendar_year,
        lag(yearly.crossings) over by_port_measure as crossings_previous_year,
        lag(yearly.months_covered) over by_port_measure as months_covered_previous_year
    from yearly
    window by_port_measure as (partition by yearly.port_code, yearly.measure order by yearly.calendar_year)

),

compared as (

    select
        *,
        months_covered = 12
        and months_covered_previous_year = 12
        and previous_calendar_year = calendar_year - 1 as is_comparable
    from with_previous

)

select
    cast(compared.calendar_year as integer) as calendar_year,
    cast(compared.port_code as varchar) as port_code,
    cast(ports.port_name as varchar) as port_name,
    cast(ports.state_code as varchar) as state_code,
    cast(ports.is_us_mexico_border as boolean) as is_us_mexico_border,
    cast(compared.measure as varchar) as measure,
    cast(measures.measure_kind as varchar) as measure_kind,
    cast(compared.crossings as bigint) as crossings,
    cast(compared.months_covered as integer) as months_covered,
    cast(compared.months_covered = 12 as boolean) as is_complete_year,
    cast(case when compared.is_comparable then compared.crossings_previous_year end as bigint)
        as crossings_previous_year,
    cast(
        case when compared.is_comparable then compared.crossings - compared.crossings_previous_year end
        as bigint
    ) as yoy_change,
    cast(
        case
            when compared.is_comparable and compared.crossings_previous_year > 0
                then (compared.crossings - compared.crossings_previous_year) * 1.0
                / compared.crossings_previous_year
        end as double
    ) as yoy_change_ratio
from compared
inner join ports
    on compared.port_code = ports.port_code
inner join measures
    on compared.measure = measures.measure
