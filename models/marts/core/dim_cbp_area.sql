-- One row per CBP area of responsibility (OFO field office or USBP sector).

with areas as (

    select * from {{ ref('cbp_areas') }}

)

select
    cast(area_of_responsibility as varchar) as area_of_responsibility,
    cast(area_type as varchar) as area_type,
    cast(component as varchar) as component,
    cast(region as varchar) as region,
    cast(primary_state as varchar) as primary_state,
    cast(case when primary_state is not null then 'US-' || primary_state end as varchar)
        as primary_geography_id,
    cast(states_covered as varchar) as states_covered,
    cast(border_segment as varchar) as border_segment,
    cast(border_segment = 'southwest' as boolean) as is_southwest_border,
    cast(mapping_confidence as varchar) as mapping_confidence,
    cast(note as varchar) as note
from areas
