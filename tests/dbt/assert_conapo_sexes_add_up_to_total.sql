-- Men plus women equal CONAPO's total for every entity and year (true of its 2023 figures
-- to the person). Returns the entity-years that do not add up.

select
    geography_id,
    calendar_year,
    population,
    population_male,
    population_female
from {{ ref('int_conapo__pivoted') }}
where population_male + population_female <> population
