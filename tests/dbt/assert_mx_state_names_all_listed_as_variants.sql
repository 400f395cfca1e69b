{{ config(meta={'dagster': {'ref': {'name': 'mx_state_name_variants'}}}) }}

-- Every official and display name of the mx_states crosswalk is itself a listed name
-- variant of the same state (so no spelling the warehouse shows is unresolvable).

with states as (

    select inegi_code, official_name as state_name from {{ ref('mx_states') }}
    union
    select inegi_code, display_name as state_name from {{ ref('mx_states') }}

),

variants as (

    select * from {{ ref('mx_state_name_variants') }}

)

select states.*
from states
left join variants
    on
        lower(states.state_name) = lower(variants.name_variant)
        and states.inegi_code = variants.inegi_code
where variants.name_variant is null
