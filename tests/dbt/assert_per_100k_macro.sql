-- The per_100k macro, on hand-made cases and on every fct_population row: 50 in
-- 1,000,000 is 5 per 100,000; a count equal to the population is 100,000 per 100,000;
-- a zero or NULL population gives NULL, not an error or a zero.
-- Returns the cases that come out wrong.

with hand_made_cases as (

    select *
    from (
        values
            (50, 1000000, 5.0),
            (1, 3, 100000.0 / 3),
            (7, 0, null),
            (7, null, null)
    ) as given (event_count, population, expected_rate)

),

population_cases as (

    select
        population as event_count,
        population,
        100000.0 as expected_rate
    from {{ ref('fct_population') }}

),

cases as (

    select * from hand_made_cases
    union all
    select * from population_cases

),

computed as (

    select
        *,
        {{ per_100k('event_count', 'population') }} as rate
    from cases

)

select *
from computed
where (rate is null) <> (expected_rate is null)
    or abs(rate - expected_rate) > 1e-9
