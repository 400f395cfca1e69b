-- The per_100k macro: 50 in 1,000,000 is 5 per 100,000; a zero or NULL population gives
-- NULL, not an error or a zero. Returns the cases that come out wrong.
-- (A macro has no asset: the check is attached to fct_population, whose YAML documents it.)
{{ config(meta={'dagster': {'ref': {'name': 'fct_population'}}}) }}

with cases as (

    select *
    from (
        values
            (50, 1000000, 5.0),
            (1, 3, 100000.0 / 3),
            (7, 0, null),
            (7, null, null)
    ) as given (event_count, population, expected_rate)

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
