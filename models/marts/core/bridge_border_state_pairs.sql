-- One row per pair of US and Mexican states that share a stretch of the land border.

with pairs as (

    select * from {{ ref('border_state_pairs') }}

),

us_states as (

    select * from {{ ref('us_states') }}

),

mx_states as (

    select * from {{ ref('mx_states') }}

)

select
    cast('US-' || us_states.postal_code as varchar) as us_geography_id,
    cast(mx_states.iso_code as varchar) as mx_geography_id,
    cast(us_states.display_name as varchar) as us_display_name,
    cast(mx_states.display_name as varchar) as mx_display_name,
    cast(pairs.note as varchar) as note
from pairs
inner join us_states
    on pairs.us_postal_code = us_states.postal_code
inner join mx_states
    on pairs.mx_inegi_code = mx_states.inegi_code
