-- ATF firearms traced by calendar year, source geography and recovery geography.

with traces as (

    select * from {{ ref('int_atf_firearm_traces__geocoded') }}

)

select
    cast(calendar_year as integer) as calendar_year,
    cast(make_date(calendar_year, 1, 1) as date) as year_start_month,
    cast(source_geography_id as varchar) as source_geography_id,
    cast(recovery_geography_id as varchar) as recovery_geography_id,
    cast(source_geography_id = recovery_geography_id as boolean) as is_same_geography,
    cast(firearms as bigint) as firearms,
    cast(source_state_label as varchar) as source_state_label,
    cast(recovery_state_label as varchar) as recovery_state_label,
    cast(source_cell as varchar) as source_cell,
    cast(source_file as varchar) as source_file,
    cast(source_vintage as date) as source_vintage
from traces
