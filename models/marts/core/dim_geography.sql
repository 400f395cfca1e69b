-- One row per geography: the United States and Mexico, every US state (+ DC, PR and the
-- territories GU, MP, VI) and Mexican state, New York City as CDC VSRR reports it, Guam
-- and the Northern Mariana Islands combined as ATF reports them, and Canada (ATF).

with us_states as (

    select * from {{ ref('us_states') }}

),

mx_states as (

    select * from {{ ref('mx_states') }}

),

cdc_jurisdictions as (

    select * from {{ ref('cdc_vsrr_jurisdictions') }}

),

border_pairs as (

    select * from {{ ref('bridge_border_state_pairs') }}

),

us_state_geographies as (

    select
        'US-' || postal_code as geography_id,
        'US' as country_code,
        'state' as geography_level,
        'US' as parent_geography_id,
        state_fips,
        postal_code,
        null as inegi_code,
        official_name,
        display_name,
        is_border_state
    from us_states

),

mx_state_geographies as (

    select
        iso_code as geography_id,
        'MX' as country_code,
        'state' as geography_level,
        'MX' as parent_geography_id,
        null as state_fips,
        null as postal_code,
        inegi_code,
        official_name,
        display_name,
        is_border_state
    from mx_states

),

-- hand-kept members that are not states
other_geographies as (

    select *
    from (
        values
            ('US', 'US', 'country', null, null, null, null,
             'United States of America', 'United States', null),
            ('MX', 'MX', 'country', null, null, null, '00',
             'Estados Unidos Mexicanos', 'México', null),
            ('US-NYC', 'US', 'city', 'US-NY', null, null, null,
             'New York City', 'New York City', null),
            -- ATF trace tables' combined label 'GUAM & NORTHERN MARIANA ISLANDS': two
            -- territories counted together (each also has its own 'state' row)
            ('US-GU-MP', 'US', 'territory_group', 'US', null, null, null,
             'Guam and the Commonwealth of the Northern Mariana Islands (combined)',
             'Guam & Northern Mariana Islands', false),
            -- a source of traced firearms in one ATF table (CY2012)
            ('CA', 'CA', 'country', null, null, null, null,
             'Canada', 'Canada', null)
    ) as hand_kept (
        geography_id, country_code, geography_level, parent_geography_id, state_fips,
        postal_code, inegi_code, official_name, display_name, is_border_state
    )

),

geographies as (

    select * from us_state_geographies
    union all
    select * from mx_state_geographies
    union all
    select * from other_geographies

),

pairs_per_state as (

    select
        us_geography_id as geography_id,
        string_agg(mx_display_name, '; ' order by mx_display_name) as paired_states
    from border_pairs
    group by us_geography_id
    union all
    select
        mx_geography_id as geography_id,
        string_agg(us_display_name, '; ' order by us_display_name) as paired_states
    from border_pairs
    group by mx_geography_id

)

select
    cast(geographies.geography_id as varchar) as geography_id,
    cast(geographies.country_code as varchar) as country_code,
    cast(geographies.geography_level as varchar) as geography_level,
    cast(geographies.parent_geography_id as varchar) as parent_geography_id,
    cast(geographies.state_fips as varchar) as state_fips,
    cast(geographies.postal_code as varchar) as postal_code,
    cast(geographies.inegi_code as varchar) as inegi_code,
    cast(cdc_jurisdictions.cdc_code as varchar) as cdc_code,
    cast(geographies.official_name as varchar) as official_name,
    cast(geographies.display_name as varchar) as display_name,
    cast(geographies.is_border_state as boolean) as is_border_state,
    cast(pairs_per_state.paired_states as varchar) as paired_states_across_border,
    cast(cdc_jurisdictions.note as varchar) as note
from geographies
left join cdc_jurisdictions
    on geographies.geography_id = cdc_jurisdictions.geography_id
left join pairs_per_state
    on geographies.geography_id = pairs_per_state.geography_id
