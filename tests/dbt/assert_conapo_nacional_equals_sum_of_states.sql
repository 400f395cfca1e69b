-- CONAPO's 'Nacional' row equals the sum of its 32 states in every year the states are
-- published (1970-2070), for the total, each sex and the 1 January population. True of
-- CONAPO's 2023 figures to the person; a lost, doubled or mis-mapped state breaks it.
-- Returns the years that do not add up.

with population as (

    select * from {{ ref('int_conapo__pivoted') }}

),

state_sums as (

    select
        calendar_year,
        count(*) as states,
        sum(population) as population,
        sum(population_male) as population_male,
        sum(population_female) as population_female,
        sum(population_january_1) as population_january_1
    from population
    where geography_level = 'state'
    group by calendar_year

),

nation as (

    select * from population
    where geography_id = 'MX'

)

select
    nation.calendar_year,
    state_sums.states,
    nation.population,
    state_sums.population as sum_of_states
from nation
inner join state_sums
    on nation.calendar_year = state_sums.calendar_year
where state_sums.states <> 32
    or state_sums.population <> nation.population
    or state_sums.population_male <> nation.population_male
    or state_sums.population_female <> nation.population_female
    or state_sums.population_january_1 <> nation.population_january_1
