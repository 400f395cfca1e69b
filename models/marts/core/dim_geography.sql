-- One row per geography: the United States, its states + DC + Puerto Rico, and New York
-- City as CDC VSRR reports it. (Mexican states will be added with the first Mexican source.)

with states as (

    select * from {{ ref('us_states') }}

),

cdc_jurisdictions as (

    select * from {{ ref('cdc_vsrr_jurisdictions') }}

),

state_geographies as (

    select
        'US-' || states.postal_code as geography_id,
        'US' as country_code,
        'state' as geography_level,
        'US' as parent_geography_id,
        states.state_fips,
        states.postal_code,
        states.official_name,
        states.display_name,
        states.is_border_state,
        states.paired_mx_states
    from states

),

-- hand-kept members that are not states
other_geographies as (

    select *
    from (
        values
            ('US', 'US', 'country', null, null, null,
             'United States of America', 'United States', null, null),
            ('US-NYC', 'US', 'city', 'US-NY', null, null,
             'New York City', 'New York City', null, null)
    ) as hand_kept (
        geography_id, country_code, geography_level, parent_geography_id, state_fips,
        postal_code, official_name, display_name, is_border_state, paired_mx_states
    )

),

geographies as (

    select * from state_geographies
    union all
    select * from other_geographies

)

select
    cast(geographies.geography_id as varchar) as geography_id,
    cast(geographies.country_code as varchar) as country_code,
    cast(geographies.geography_level as varchar) as geography_level,
    cast(geographies.parent_geography_id as varchar) as parent_geography_id,
    cast(geographies.state_fips as varchar) as state_fips,
    cast(geographies.postal_code as varchar) as postal_code,
    cast(cdc_jurisdictions.cdc_code as varchar) as cdc_code,
    cast(geographies.official_name as varchar) as official_name,
    cast(geographies.display_name as varchar) as display_name,
    cast(geographies.is_border_state as boolean) as is_border_state,
    cast(geographies.paired_mx_states as varchar) as paired_mx_states,
    cast(cdc_jurisdictions.note as varchar) as note
from geographies
left join cdc_jurisdictions
    on geographies.geography_id = cdc_jurisdictions.geography_id
