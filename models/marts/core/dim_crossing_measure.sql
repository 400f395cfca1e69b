-- One row per BTS crossing measure, with the kind of thing it counts.

with measures as (

    select * from {{ ref('bts_crossing_measures') }}

)

select
    cast(measure as varchar) as measure,
    cast(measure_kind as varchar) as measure_kind,
    cast(description as varchar) as description
from measures
